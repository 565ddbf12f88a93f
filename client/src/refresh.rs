//! Bringing the phone's assignments up to date (the start page's refresh): the list from
//! the server, and a bundle only for each assignment that is new or changed since it was
//! cached.

use crate::api;
use crate::draft::Draft;
use crate::store::assignments::{self, CachedAssignment};
use crate::store::{self, checklists, drafts};
use chrono::{DateTime, TimeDelta, Utc};
use touchstone_shared::assignment::{Assignment, AssignmentDetail};
use uuid::Uuid;

/// Assignments whose window closed longer ago than this are not kept on the phone (unless
/// the phone has work for them): the list holds what is to do or was just done.
const KEEP_AFTER_DUE: TimeDelta = TimeDelta::days(7);
/// Bundles fetched at once.
const PARALLEL_FETCHES: usize = 4;

/// Whether an assignment belongs on the phone.
pub fn is_current(a: &Assignment, now: DateTime<Utc>, local: &[Draft]) -> bool {
    a.audit_id.is_none()
        || a.due + KEEP_AFTER_DUE > now
        || local.iter().any(|d| d.input.assignment_id == a.id)
}

/// Whether the phone's copy of `listed` is still the server's: the list shows the assignment
/// as it was cached (its status and audit change with the audit's), its checklist is on the
/// phone, and the phone has not since heard of a later state of its audit (an audit it
/// resubmitted may be returned again: the list then shows it as it was cached).
pub fn is_unchanged(
    cached: &CachedAssignment,
    listed: &Assignment,
    checklists: &[String],
    local: &[Draft],
) -> bool {
    let heard_later = local
        .iter()
        .filter(|d| d.input.assignment_id == listed.id)
        .filter_map(|d| d.server.as_ref())
        .any(|known| {
            cached
                .audit
                .as_ref()
                .is_none_or(|a| a.updated_at < known.updated_at)
        });
    cached.assignment == *listed
        && checklists.contains(&listed.checklist_version_id.to_string())
        && !heard_later
}

/// Fetches the list, reuses the `cached` record of every current assignment that is
/// unchanged, fetches the bundle of every other one, caches them for offline use and
/// answers the records.
pub async fn refresh_from_server(
    cached: Vec<CachedAssignment>,
) -> Result<Vec<CachedAssignment>, api::ApiError> {
    let list = api::assignments().await?;
    let db = store::app_db().await.ok();
    let (local, known_checklists) = match &db {
        Some(db) => (
            drafts::all(db).await.unwrap_or_default(),
            checklists::ids(db).await.unwrap_or_default(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let now = Utc::now();
    let mut unchanged = Vec::new();
    let mut changed: Vec<Uuid> = Vec::new();
    for listed in list.iter().filter(|a| is_current(a, now, &local)) {
        match cached
            .iter()
            .find(|c| c.assignment.id == listed.id)
            .filter(|c| is_unchanged(c, listed, &known_checklists, &local))
        {
            Some(record) => unchanged.push(record.clone()),
            None => changed.push(listed.id),
        }
    }
    let mut fetched = Vec::with_capacity(changed.len());
    for chunk in changed.chunks(PARALLEL_FETCHES) {
        let details: Vec<api::ApiResult<AssignmentDetail>> =
            futures::future::join_all(chunk.iter().map(|id| api::assignment_detail(*id))).await;
        for detail in details {
            fetched.push(CachedAssignment::split(detail?));
        }
        // Each chunk's decoding is a task of its own, not one long one.
        crate::next_task().await;
    }
    if let Some(db) = db {
        let _ = assignments::replace_all(&db, &unchanged, &fetched).await;
    }
    unchanged.extend(fetched.into_iter().map(|(record, _)| record));
    Ok(unchanged)
}
