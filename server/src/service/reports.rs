//! Client reports: the scorecard of a period, typeset as PDF.

use crate::auth::Caller;
use crate::db::{self, Visibility, to_ms};
use crate::error::{Error, Result};
use crate::evidence::Rendition;
use crate::export::answers::touchpoint_names;
use crate::report::client::{self, ReportData, ReportPhoto};
use crate::report::evidence::{self, Labels};
use crate::report::fonts::Fonts;
use crate::service::organisation;
use crate::service::photos::from_evidence;
use crate::service::scorecards::{self, Bucket, ScorecardQuery};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::scorecard::Scorecard;
use uuid::Uuid;

/// Photos a report shows unless the query says otherwise.
const DEFAULT_PHOTOS: u32 = 6;
/// Most photos a report shows.
const MAX_PHOTOS: u32 = 24;
/// Approved audits with photos looked at for the photo evidence, lowest score first.
const PHOTO_AUDITS: i64 = 60;

/// Which client and period a report covers.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The client.
    pub client_id: Uuid,
    /// Start of the period (inclusive, RFC 3339); default 90 days before `to`.
    pub from: Option<DateTime<Utc>>,
    /// End of the period (exclusive, RFC 3339); default now.
    pub to: Option<DateTime<Utc>>,
    /// How many photos the photo evidence shows (default 6, at most 24; 0 for none).
    pub photos: Option<u32>,
}

/// A finished report.
#[derive(Debug, Clone)]
pub struct Report {
    /// File name, e.g. `report-brand-2026-09-01-2026-11-30.pdf`.
    pub file_name: String,
    /// The PDF.
    pub pdf: Vec<u8>,
}

/// The client report of a period as PDF, for staff and the client's managers.
pub async fn client_pdf(state: &AppState, caller: &Caller, query: ReportQuery) -> Result<Report> {
    let wanted = query.photos.unwrap_or(DEFAULT_PHOTOS);
    if wanted > MAX_PHOTOS {
        return Err(Error::invalid(
            "photos",
            format!("at most {MAX_PHOTOS} photos fit a report"),
        ));
    }
    let span = match (query.from, query.to) {
        (Some(from), Some(to)) => to - from,
        _ => Duration::days(90),
    };
    let card = scorecards::scorecard(
        state,
        caller,
        ScorecardQuery {
            client_id: query.client_id,
            from: query.from,
            to: query.to,
            region: None,
            location_id: None,
            bucket: if span > Duration::days(180) {
                Bucket::Month
            } else {
                Bucket::Week
            },
        },
    )
    .await?;
    let pool = state.db.pool();
    let client = db::clients::get(pool, &caller.visibility(), query.client_id).await?;
    let org = db::organisations::get(pool, caller.org_id).await?;
    let tz = organisation::zone(&org.time_zone).unwrap_or(Tz::UTC);
    let file_name = format!(
        "report-{}-{}-{}.pdf",
        client
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-"),
        card.from.with_timezone(&tz).format("%Y-%m-%d"),
        (card.to - Duration::milliseconds(1))
            .with_timezone(&tz)
            .format("%Y-%m-%d"),
    );
    let photos = photos(state, caller, &card, wanted, tz).await?;
    let data = ReportData {
        organisation: org.name,
        client: client.name,
        card,
        generated_at: Utc::now(),
        time_zone: tz,
        photos,
    };
    let font_dir = state.config.report_font_dir.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        let fonts = Fonts::load(&font_dir)?;
        client::pdf(&fonts, &data)
    })
    .await
    .map_err(Error::internal)??;
    Ok(Report { file_name, pdf })
}

/// The photo evidence: photos of the approved audits of the period, most telling first, as
/// their display renditions. Photos missing from the store are left out.
async fn photos(
    state: &AppState,
    caller: &Caller,
    card: &Scorecard,
    wanted: u32,
    tz: Tz,
) -> Result<Vec<ReportPhoto>> {
    if wanted == 0 {
        return Ok(Vec::new());
    }
    let pool = state.db.pool();
    let audits = db::report::photo_audits(
        pool,
        caller.org_id,
        card.client_id,
        to_ms(card.from),
        to_ms(card.to),
        PHOTO_AUDITS,
    )
    .await?;
    let org = Visibility::organisation(caller.org_id);
    let mut labels: HashMap<Uuid, (ChecklistContent, HashMap<Uuid, String>)> = HashMap::new();
    for audit in &audits {
        if labels.contains_key(&audit.checklist_version_id) {
            continue;
        }
        let checklist = db::checklists::get_version(pool, &org, audit.checklist_version_id).await?;
        let names = match db::journeys::get(pool, &org, checklist.journey_id).await {
            Ok(journey) => touchpoint_names(&journey)
                .into_iter()
                .map(|(id, (_, name))| (id, name))
                .collect(),
            Err(Error::NotFound(_)) => HashMap::new(),
            Err(e) => return Err(e),
        };
        labels.insert(
            audit.checklist_version_id,
            (checklist.version.content, names),
        );
    }
    let picks = evidence::pick(
        &audits,
        |audit| {
            labels
                .get(&audit.checklist_version_id)
                .map(|(checklist, touchpoints)| Labels {
                    checklist,
                    touchpoints,
                })
        },
        // A few spare, for photos missing from the store.
        usize::try_from(wanted).unwrap_or(usize::MAX) * 2,
        tz,
    );
    let mut out = Vec::new();
    for pick in picks {
        if out.len() >= usize::try_from(wanted).unwrap_or(usize::MAX) {
            break;
        }
        let stored = state
            .evidence
            .store
            .get(&pick.sha256, Rendition::Display)
            .await
            .map_err(from_evidence)?;
        if let Some(jpeg) = stored {
            out.push(ReportPhoto {
                jpeg: jpeg.to_vec(),
                caption: pick.caption,
                detail: pick.detail,
            });
        }
    }
    Ok(out)
}
