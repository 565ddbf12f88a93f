//! Assigning visits, and the bundle an auditor's phone takes offline.

use crate::auth::Caller;
use crate::db::{self, Visibility};
use crate::error::{Error, Result};
use crate::notify::events;
use crate::state::AppState;
use std::collections::HashMap;
use touchstone_shared::assignment::{
    Assignment, AssignmentBatch, AssignmentDetail, AssignmentInput, AssignmentWindow, MAX_BATCH,
};
use touchstone_shared::import::RowProblem;
use touchstone_shared::user::Role;
use uuid::Uuid;

fn refers_to_nothing(field: &'static str, what: &'static str) -> impl FnOnce(Error) -> Error {
    move |e| match e {
        Error::NotFound(_) => Error::invalid(field, format!("no such {what}")),
        other => other,
    }
}

/// What an assignment refers to, once checked: its client and checklist.
struct Parts {
    client_id: Uuid,
    checklist_id: Uuid,
}

/// Checks that an assignment's checklist version, location and auditor exist and fit
/// together; `cache` keeps what earlier inputs of a batch looked up.
async fn check(
    state: &AppState,
    caller: &Caller,
    cache: &mut Lookups,
    input: &AssignmentInput,
) -> Result<Parts> {
    input.validate()?;
    let vis = caller.visibility();
    let pool = state.db.pool();
    let version = match cache.versions.get(&input.checklist_version_id) {
        Some(v) => *v,
        None => {
            let v = db::checklists::get_version(pool, &vis, input.checklist_version_id)
                .await
                .map_err(refers_to_nothing(
                    "checklist_version_id",
                    "checklist version",
                ))?;
            let parts = (v.client_id, v.id);
            cache.versions.insert(input.checklist_version_id, parts);
            parts
        }
    };
    let location_client = match cache.locations.get(&input.location_id) {
        Some(c) => *c,
        None => {
            let l = db::locations::get(pool, &vis, input.location_id)
                .await
                .map_err(refers_to_nothing("location_id", "location"))?;
            cache.locations.insert(input.location_id, l.client_id);
            l.client_id
        }
    };
    if location_client != version.0 {
        return Err(Error::invalid(
            "location_id",
            "the location belongs to another client than the checklist",
        ));
    }
    let usable = match cache.auditors.get(&input.auditor_id) {
        Some(ok) => *ok,
        None => {
            let mut conn = pool.acquire().await?;
            let auditor = db::users::get(&mut conn, caller.org_id, input.auditor_id)
                .await
                .map_err(refers_to_nothing("auditor_id", "user"))?;
            let ok = auditor.role == Role::Auditor && !auditor.disabled;
            cache.auditors.insert(input.auditor_id, ok);
            ok
        }
    };
    if !usable {
        return Err(Error::invalid("auditor_id", "must be an enabled auditor"));
    }
    Ok(Parts {
        client_id: version.0,
        checklist_id: version.1,
    })
}

/// Lookups shared by the inputs of one batch.
#[derive(Default)]
struct Lookups {
    /// Checklist version → (client, checklist).
    versions: HashMap<Uuid, (Uuid, Uuid)>,
    /// Location → client.
    locations: HashMap<Uuid, Uuid>,
    /// User → whether they are an enabled auditor.
    auditors: HashMap<Uuid, bool>,
}

/// Creates an assignment after checking that its checklist, location and auditor fit together.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: AssignmentInput,
) -> Result<Assignment> {
    caller.require_staff()?;
    let parts = check(state, caller, &mut Lookups::default(), &input).await?;
    let mut tx = state.db.begin().await?;
    let created = db::assignments::insert(
        &mut *tx,
        caller.org_id,
        parts.client_id,
        parts.checklist_id,
        &input,
    )
    .await?;
    events::record(
        &mut tx,
        caller.org_id,
        &[events::assignment_created(&created)],
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Creates every assignment of a batch in one transaction, or none: each input is checked
/// as [`create`] does, and any problem answers with all of them, by 1-based position.
pub async fn create_batch(
    state: &AppState,
    caller: &Caller,
    batch: AssignmentBatch,
) -> Result<Vec<Assignment>> {
    caller.require_staff()?;
    // Reported like every other problem of a batch, by position, so a 422 has one shape.
    if batch.assignments.is_empty() {
        let problem = "a batch needs at least one assignment";
        return Err(Error::Rows(vec![RowProblem::new(1, None, problem)]));
    }
    if batch.assignments.len() > MAX_BATCH {
        let row = u32::try_from(MAX_BATCH + 1).unwrap_or(u32::MAX);
        let problem = format!("a batch has at most {MAX_BATCH} assignments");
        return Err(Error::Rows(vec![RowProblem::new(row, None, problem)]));
    }
    let mut cache = Lookups::default();
    let mut checked = Vec::with_capacity(batch.assignments.len());
    let mut problems = Vec::new();
    for (n, input) in batch.assignments.iter().enumerate() {
        let row = u32::try_from(n + 1).unwrap_or(u32::MAX);
        match check(state, caller, &mut cache, input).await {
            Ok(parts) => checked.push((parts, input)),
            Err(Error::Invalid(e)) => {
                problems.push(RowProblem::new(row, Some(e.field.as_str()), e.message));
            }
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Rows(problems));
    }
    let mut tx = state.db.begin().await?;
    let mut created = Vec::with_capacity(checked.len());
    for (parts, input) in checked {
        created.push(
            db::assignments::insert(
                &mut *tx,
                caller.org_id,
                parts.client_id,
                parts.checklist_id,
                input,
            )
            .await?,
        );
    }
    let told: Vec<_> = created.iter().map(events::assignment_created).collect();
    events::record(&mut tx, caller.org_id, &told).await?;
    tx.commit().await?;
    Ok(created)
}

/// Staff move an assignment's visit window (refused once its audit has been started); its
/// auditor is told in the same transaction.
pub async fn set_window(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    window: AssignmentWindow,
) -> Result<Assignment> {
    caller.require_staff()?;
    window.validate()?;
    let vis = caller.visibility();
    let mut tx = state.db.begin().await?;
    db::assignments::get(&mut *tx, &vis, id).await?;
    if db::jobs::has_audit(&mut *tx, id).await? {
        return Err(Error::Conflict(
            "an audit has been started for this assignment".into(),
        ));
    }
    db::assignments::set_window(&mut tx, caller.org_id, id, &window).await?;
    let moved = db::assignments::get(&mut *tx, &vis, id).await?;
    let told = events::assignment_window_changed(&moved, db::now_ms());
    events::record(&mut tx, caller.org_id, &[told]).await?;
    tx.commit().await?;
    Ok(moved)
}

/// Everything needed to do an assignment offline (auditors: their own; staff: any).
pub async fn detail(
    state: &AppState,
    caller: &Caller,
    assignment_id: Uuid,
) -> Result<AssignmentDetail> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    let pool = state.db.pool();
    let assignment = db::assignments::get(pool, &caller.visibility(), assignment_id).await?;
    // The assignment is visible, so its parts are too.
    let org = Visibility::organisation(caller.org_id);
    let location = db::locations::get(pool, &org, assignment.location_id).await?;
    let version = db::checklists::get_version(pool, &org, assignment.checklist_version_id).await?;
    let journey = db::journeys::get(pool, &org, version.journey_id).await?;
    let audit = match assignment.audit_id {
        Some(audit_id) => db::audits::find(pool, caller.org_id, audit_id)
            .await?
            .map(|r| r.to_audit()),
        None => None,
    };
    Ok(AssignmentDetail {
        assignment,
        location,
        checklist: version.version,
        journey,
        audit,
    })
}
