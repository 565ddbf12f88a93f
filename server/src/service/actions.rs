//! Corrective actions on failed items.

use crate::auth::Caller;
use crate::db::{self, from_ms, now_ms};
use crate::error::{Error, Result, ResultExt};
use crate::notify::events;
use crate::state::AppState;
use touchstone_shared::action::{ActionInput, ActionStatus, ActionUpdate, CorrectiveAction};
use touchstone_shared::audit::AuditStatus;
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Opens an action on an item that failed in an approved audit (staff, or a manager of the
/// audit's client); the assignee must be a manager of that client.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: ActionInput,
) -> Result<CorrectiveAction> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    input.validate()?;
    let audit = super::audits::get(state, caller, input.audit_id)
        .await
        .not_found_as("audit_id", "no such approved audit")?;
    if audit.status != AuditStatus::Approved {
        return Err(Error::invalid(
            "audit_id",
            "actions follow approved audits only",
        ));
    }
    let pool = state.db.pool();
    if !db::actions::item_failed(pool, audit.id, input.item_id).await? {
        return Err(Error::invalid(
            "item_id",
            "the item did not fail in this audit",
        ));
    }
    let mut conn = pool.acquire().await?;
    let assignee = db::users::get(&mut conn, caller.org_id, input.assignee_id)
        .await
        .not_found_as("assignee_id", "no such user")?;
    drop(conn);
    if assignee.role != Role::Manager
        || assignee.disabled
        || !assignee.client_ids.contains(&audit.client_id)
    {
        return Err(Error::invalid(
            "assignee_id",
            "must be an enabled manager of the audit's client",
        ));
    }
    let labels = db::checklists::item_labels(pool, caller.org_id, audit.client_id).await?;
    let now = from_ms(now_ms());
    let action = CorrectiveAction {
        id: Uuid::now_v7(),
        client_id: audit.client_id,
        location_id: audit.location_id,
        audit_id: audit.id,
        item_id: input.item_id,
        item_label: labels.get(&input.item_id).cloned().unwrap_or_default(),
        assignee_id: assignee.id,
        due: input.due,
        note: input.note.trim().to_owned(),
        status: ActionStatus::Open,
        resolution: String::new(),
        resolution_photos: Vec::new(),
        overdue: input.due < now,
        created_at: now,
        updated_at: now,
    };
    let mut tx = state.db.begin().await?;
    db::actions::insert(&mut *tx, caller.org_id, caller.user_id, &action).await?;
    events::record(&mut tx, caller.org_id, &[events::action_assigned(&action)]).await?;
    tx.commit().await?;
    Ok(action)
}

/// Moves an action on: the assignee (or staff) marks it done with what was done; staff or
/// another manager of the client verify it or reopen it.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    action_id: Uuid,
    input: ActionUpdate,
) -> Result<CorrectiveAction> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    input.validate()?;
    let pool = state.db.pool();
    let action = db::actions::get(pool, &caller.visibility(), action_id).await?;
    if !action.status.can_become(input.status) {
        return Err(Error::Conflict(format!(
            "a {} action cannot become {}",
            action.status.as_str(),
            input.status.as_str()
        )));
    }
    let is_assignee = caller.user_id == action.assignee_id;
    let allowed = caller.role.is_staff()
        || match input.status {
            ActionStatus::Done => is_assignee,
            ActionStatus::Verified | ActionStatus::Open => !is_assignee,
        };
    if !allowed {
        return Err(Error::Forbidden(
            "the assignee marks actions done; somebody else verifies them",
        ));
    }
    if input.status == ActionStatus::Done {
        check_photos(state, caller, &input.resolution_photos).await?;
    }
    let (resolution, photos) = match input.status {
        ActionStatus::Done => (
            input.resolution.trim().to_owned(),
            input.resolution_photos.clone(),
        ),
        _ => (action.resolution.clone(), action.resolution_photos.clone()),
    };
    let mut tx = state.db.begin().await?;
    if !db::actions::transition(
        &mut *tx,
        action_id,
        action.status,
        input.status,
        &resolution,
        &photos,
    )
    .await?
    {
        return Err(Error::Conflict(
            "the action was changed by somebody else first".into(),
        ));
    }
    let moved = CorrectiveAction {
        status: input.status,
        ..action
    };
    let creator = db::actions::creator(&mut *tx, action_id).await?;
    let told = events::action_moved(&moved, creator, now_ms());
    events::record(&mut tx, caller.org_id, &[told]).await?;
    tx.commit().await?;
    db::actions::get(pool, &caller.visibility(), action_id).await
}

/// The photos of a fix must be stored already, and a manager's must be their own uploads (a
/// photo of somebody else's audit would otherwise become visible through the action).
async fn check_photos(state: &AppState, caller: &Caller, photos: &[String]) -> Result<()> {
    for sha256 in photos {
        let photo = db::photos::find(state.db.pool(), caller.org_id, sha256).await?;
        if !photo.is_some_and(|p| caller.role.is_staff() || p.uploaded_by == caller.user_id) {
            return Err(Error::invalid(
                "resolution_photos",
                "each photo must be uploaded first, by you",
            ));
        }
    }
    Ok(())
}
