//! Assigning visits, and the bundle an auditor's phone takes offline.

use crate::auth::Caller;
use crate::db::{self, Visibility};
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::assignment::{Assignment, AssignmentDetail, AssignmentInput};
use touchstone_shared::user::Role;
use uuid::Uuid;

fn refers_to_nothing(field: &'static str, what: &'static str) -> impl FnOnce(Error) -> Error {
    move |e| match e {
        Error::NotFound(_) => Error::invalid(field, format!("no such {what}")),
        other => other,
    }
}

/// Creates an assignment after checking that its checklist, location and auditor fit together.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: AssignmentInput,
) -> Result<Assignment> {
    caller.require_staff()?;
    input.validate()?;
    let vis = caller.visibility();
    let pool = state.db.pool();
    let checklist = db::checklists::get_version(pool, &vis, input.checklist_version_id)
        .await
        .map_err(refers_to_nothing(
            "checklist_version_id",
            "checklist version",
        ))?;
    let location = db::locations::get(pool, &vis, input.location_id)
        .await
        .map_err(refers_to_nothing("location_id", "location"))?;
    if location.client_id != checklist.client_id {
        return Err(Error::invalid(
            "location_id",
            "the location belongs to another client than the checklist",
        ));
    }
    let mut conn = pool.acquire().await?;
    let auditor = db::users::get_user(&mut conn, caller.org_id, input.auditor_id)
        .await
        .map_err(refers_to_nothing("auditor_id", "user"))?;
    drop(conn);
    if auditor.role != Role::Auditor || auditor.disabled {
        return Err(Error::invalid("auditor_id", "must be an enabled auditor"));
    }
    db::assignments::insert(
        pool,
        caller.org_id,
        checklist.client_id,
        checklist.id,
        &input,
    )
    .await
}

/// Everything needed to do an assignment offline (auditors: their own; staff: any).
pub async fn detail(
    state: &AppState,
    caller: &Caller,
    assignment_id: Uuid,
) -> Result<AssignmentDetail> {
    caller.require(&[Role::Admin, Role::Consultant, Role::Auditor])?;
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
