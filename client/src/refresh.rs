//! Bringing the phone's assignments up to date (the start page's refresh): the list from
//! the server, a bundle for each assignment that is new or changed since it was cached, and
//! one for each checklist version whose journey was edited since.

use crate::api;
use crate::draft::Draft;
use crate::store::assignments::{self, CachedAssignment, SplitBundle};
use crate::store::checklists::{self, ChecklistStamp};
use crate::store::{self, drafts};
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
/// as it was cached (its status and audit change with the audit's; its journey's last change
/// is [`journey_is_stale`]'s business), its checklist is on the phone, and the phone has not
/// since heard of a later state of its audit (an audit it resubmitted may be returned
/// again: the list then shows it as it was cached).
pub fn is_unchanged(
    cached: &CachedAssignment,
    listed: &Assignment,
    checklists: &[ChecklistStamp],
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
    let same = Assignment {
        journey_updated_at: cached.assignment.journey_updated_at,
        ..listed.clone()
    } == cached.assignment;
    same && checklists
        .iter()
        .any(|c| c.version_id == listed.checklist_version_id)
        && !heard_later
}

/// Whether the phone's copy of `listed`'s checklist carries an older journey than the
/// server's (a server that does not say when its journey changed: never).
pub fn journey_is_stale(listed: &Assignment, checklists: &[ChecklistStamp]) -> bool {
    listed.journey_updated_at.is_some_and(|latest| {
        checklists
            .iter()
            .any(|c| c.version_id == listed.checklist_version_id && c.journey_updated_at < latest)
    })
}

/// What a refresh does with the server's list.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Cached records kept as they are.
    pub reuse: Vec<CachedAssignment>,
    /// Assignments whose bundles are fetched.
    pub fetch: Vec<Uuid>,
}

/// Decides, for each current assignment of `list`, whether its `cached` record serves or
/// its bundle is fetched: new and changed assignments are fetched, and so is one assignment
/// of each checklist version whose journey is stale (its bundle brings the journey for
/// every assignment of that version), unless one of them is fetched anyway.
pub fn plan(
    list: &[Assignment],
    cached: &[CachedAssignment],
    checklists: &[ChecklistStamp],
    local: &[Draft],
    now: DateTime<Utc>,
) -> Plan {
    let mut reused = Vec::new();
    let mut fetch = Vec::new();
    let mut refreshed: Vec<Uuid> = Vec::new();
    for listed in list.iter().filter(|a| is_current(a, now, local)) {
        match cached
            .iter()
            .find(|c| c.assignment.id == listed.id)
            .filter(|c| is_unchanged(c, listed, checklists, local))
        {
            Some(record) => reused.push((listed, record)),
            None => {
                fetch.push(listed.id);
                refreshed.push(listed.checklist_version_id);
            }
        }
    }
    let mut reuse = Vec::with_capacity(reused.len());
    for (listed, record) in reused {
        let version = listed.checklist_version_id;
        if journey_is_stale(listed, checklists) && !refreshed.contains(&version) {
            fetch.push(listed.id);
            refreshed.push(version);
        } else {
            reuse.push(record.clone());
        }
    }
    Plan { reuse, fetch }
}

/// Fetches the list, reuses the `cached` record of every current assignment that
/// [`plan`] keeps, fetches the other bundles, caches them for offline use and answers the
/// records.
pub async fn refresh_from_server(
    cached: Vec<CachedAssignment>,
) -> Result<Vec<CachedAssignment>, api::ApiError> {
    let list = api::assignments().await?;
    let db = store::app_db().await.ok();
    let (local, known_checklists) = match &db {
        Some(db) => (
            drafts::all(db).await.unwrap_or_default(),
            checklists::stamps(db).await.unwrap_or_default(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let Plan { mut reuse, fetch } = plan(&list, &cached, &known_checklists, &local, Utc::now());
    let mut fetched: Vec<SplitBundle> = Vec::with_capacity(fetch.len());
    for chunk in fetch.chunks(PARALLEL_FETCHES) {
        let details: Vec<api::ApiResult<AssignmentDetail>> =
            futures::future::join_all(chunk.iter().map(|id| api::assignment_detail(*id))).await;
        for detail in details {
            fetched.push(CachedAssignment::split(detail?));
        }
        // Each chunk's decoding is a task of its own, not one long one.
        crate::next_task().await;
    }
    if let Some(db) = db {
        let _ = assignments::replace_all(&db, &reuse, &fetched).await;
    }
    reuse.extend(fetched.into_iter().map(|bundle| bundle.record));
    Ok(reuse)
}
