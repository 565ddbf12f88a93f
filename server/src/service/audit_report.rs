//! One audit's report as PDF, from the audit view and the API.

use crate::auth::Caller;
use crate::db::audits::AuditRecord;
use crate::db::{self, Visibility};
use crate::error::{Error, Result};
use crate::evidence::Rendition;
use crate::export::answers::touchpoint_names;
use crate::report::audit::{self, AuditReportData};
use crate::report::client::ReportPhoto;
use crate::report::fonts::Fonts;
use crate::service::audits::find_visible;
use crate::service::organisation;
use crate::service::photos::from_evidence;
use crate::service::reports::Report;
use crate::state::AppState;
use chrono_tz::Tz;
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Most photos an audit report shows (an audit holds at most 20 per answer).
const MAX_PHOTOS: usize = 40;

/// The audit's report for whoever may see the audit: proof-of-visit flags on reviewers'
/// copies only, reviewers' edits in the trail for reviewers and the auditor.
pub async fn pdf(state: &AppState, caller: &Caller, audit_id: Uuid) -> Result<Report> {
    let record = find_visible(state, caller, audit_id).await?;
    render(state, &record, caller.role).await
}

/// The report of `record` as a reader of `role` sees it: flags for reviewers, reviewers'
/// edits for everybody but managers (and links, which read as managers).
pub(crate) async fn render(state: &AppState, record: &AuditRecord, reader: Role) -> Result<Report> {
    let pool = state.db.pool();
    let org_id = record.org_id;
    let org_vis = Visibility::organisation(org_id);
    let checklist =
        db::checklists::get_version(pool, &org_vis, record.checklist_version_id).await?;
    let journey = db::journeys::get(pool, &org_vis, checklist.journey_id).await?;
    let client = db::clients::get(pool, &org_vis, record.client_id).await?;
    let location = db::locations::get(pool, &org_vis, record.location_id).await?;
    let org = db::organisations::get(pool, org_id).await?;
    let auditor = {
        let mut conn = pool.acquire().await?;
        db::users::get(&mut conn, org_id, record.auditor_id).await?
    };
    let events = db::audits::events(pool, record.id).await?;
    let edits = if reader == Role::Manager {
        Vec::new()
    } else {
        db::audit_edits::list(pool, record.id).await?
    };
    let names: std::collections::HashMap<Uuid, String> = touchpoint_names(&journey)
        .into_iter()
        .map(|(id, (_, name))| (id, name))
        .collect();
    let content = checklist.version.content;
    let mut photos = Vec::new();
    let cited = crate::service::proof_of_visit::photos_of(&record.input);
    for (n, (sha, field)) in cited.into_iter().take(MAX_PHOTOS).enumerate() {
        let stored = state
            .evidence
            .store
            .get(&sha, Rendition::Display)
            .await
            .map_err(from_evidence)?;
        if let Some(jpeg) = stored {
            photos.push(ReportPhoto {
                jpeg: jpeg.to_vec(),
                caption: format!(
                    "Photo {} \u{b7} {}",
                    n + 1,
                    photo_caption(&record.input, &content, &names, &field)
                ),
                detail: String::new(),
            });
        }
    }
    let data = AuditReportData {
        organisation: org.name,
        client: client.name,
        location: location.name,
        auditor: auditor.name,
        audit: if reader.is_staff() {
            record.to_audit_with_flags()
        } else {
            record.to_audit()
        },
        reviewer: reader.is_staff(),
        checklist: content,
        touchpoints: names,
        events,
        edits,
        photos,
        time_zone: organisation::zone(&org.time_zone).unwrap_or(Tz::UTC),
    };
    let font_dir = state.config.report_font_dir.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        let fonts = Fonts::load(&font_dir)?;
        audit::pdf(&fonts, &data)
    })
    .await
    .map_err(Error::internal)??;
    Ok(Report {
        file_name: format!("audit-{}.pdf", record.id),
        pdf,
    })
}

/// What a photo shows: the item's label or the touchpoint's name, from the field that
/// cites it (`answers[3].photos[0]`, `touchpoint_notes[0].photos[1]`).
fn photo_caption(
    input: &touchstone_shared::audit::AuditInput,
    content: &touchstone_shared::checklist::ChecklistContent,
    names: &std::collections::HashMap<Uuid, String>,
    field: &str,
) -> String {
    let index = |prefix: &str| {
        field
            .strip_prefix(prefix)
            .and_then(|rest| rest.split(']').next())
            .and_then(|n| n.parse::<usize>().ok())
    };
    if let Some(a) = index("answers[").and_then(|n| input.answers.get(n)) {
        return content
            .item(a.item_id)
            .map_or_else(String::new, |(_, item)| item.label.clone());
    }
    index("touchpoint_notes[")
        .and_then(|n| input.touchpoint_notes.get(n))
        .and_then(|n| names.get(&n.touchpoint_id).cloned())
        .unwrap_or_default()
}
