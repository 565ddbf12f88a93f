//! Proof-of-visit flags at submission: what the server knows about the visit and its photos,
//! handed to `shared::verify`.

use crate::db::{self, parse_id};
use crate::error::{Error, Result};
use crate::evidence::ExifData;
use crate::state::AppState;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeZone, Utc};
use touchstone_shared::assignment::Assignment;
use touchstone_shared::audit::{AnswerValue, AuditInput};
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::location::Location;
use touchstone_shared::verify::{self, Flag, PhotoEvidence, PhotoMatch, VisitContext};
use uuid::Uuid;

/// Every photo an audit uses (answers first, then touchpoint notes), each once, with the
/// JSON path of its first mention.
pub fn photos_of(input: &AuditInput) -> Vec<(String, String)> {
    touchstone_shared::photo::audit_photos(&input.answers, &input.touchpoint_notes)
}

/// The flags of a submission. Every photo must have been uploaded first: its EXIF and hash
/// are part of the proof.
pub async fn flags(
    state: &AppState,
    org_id: Uuid,
    audit_id: Uuid,
    input: &AuditInput,
    location: &Location,
    assignment: &Assignment,
    checklist: &ChecklistContent,
) -> Result<Vec<Flag>> {
    let pool = state.db.pool();
    let zone: Option<chrono_tz::Tz> = location.time_zone.parse().ok();
    let used = photos_of(input);
    let shas: Vec<String> = used.iter().map(|(sha, _)| sha.clone()).collect();
    let mut stored = db::photos::find_many(pool, org_id, &shas).await?;
    let phashes: Vec<i64> = stored.iter().map(|p| p.phash).collect();
    let others = db::photos::used_by_others(pool, org_id, audit_id, &phashes).await?;
    let mut photos = Vec::new();
    for (sha, field) in used {
        let found = stored.iter().position(|p| p.sha256 == sha);
        let Some(photo) = found.map(|i| stored.swap_remove(i)) else {
            return Err(Error::invalid(
                field,
                "upload the photo (POST /api/v1/photos) before submitting",
            ));
        };
        let matches = others
            .iter()
            .filter_map(|other| {
                let distance = if other.sha256 == sha {
                    0
                } else {
                    verify::hamming_distance(photo.phash, other.phash)
                };
                (distance <= verify::REUSE_MAX_DISTANCE).then(|| {
                    Ok(PhotoMatch {
                        audit_id: parse_id(&other.audit_id)?,
                        sha256: other.sha256.clone(),
                        distance,
                    })
                })
            })
            .collect::<Result<Vec<_>>>()?;
        photos.push(PhotoEvidence {
            taken_at: taken_at(&photo.exif, zone),
            position: photo.exif.position,
            accuracy_m: photo.exif.accuracy_m,
            matches,
            sha256: sha,
        });
    }
    let mut flags = verify::check_visit(&VisitContext {
        audit_id,
        visit: &input.visit,
        location,
        window: Some((assignment.not_before, assignment.due)),
        min_visit_minutes: checklist.min_visit_minutes,
        photos: &photos,
    });
    flags.extend(verify::check_receipts(
        &input.visit,
        &receipts(input, checklist),
    ));
    Ok(flags)
}

/// Each receipt answer's item label and printed time.
fn receipts(input: &AuditInput, checklist: &ChecklistContent) -> Vec<(String, DateTime<Utc>)> {
    input
        .answers
        .iter()
        .filter_map(|a| match (&a.value, checklist.item(a.item_id)) {
            (AnswerValue::Receipt(r), Some((_, item))) => {
                Some((item.label.clone(), r.issued_at.with_timezone(&Utc)))
            }
            _ => None,
        })
        .collect()
}

/// The capture time in UTC; a camera time without an offset is read in the location's zone.
fn taken_at(exif: &ExifData, zone: Option<chrono_tz::Tz>) -> Option<DateTime<Utc>> {
    exif.taken_at(|local: NaiveDateTime| -> Option<FixedOffset> {
        let zone = zone?;
        zone.offset_from_local_datetime(&local)
            .earliest()
            .map(|o| o.fix())
    })
}
