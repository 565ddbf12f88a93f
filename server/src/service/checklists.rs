//! Creating and editing checklists against their journey.

use crate::auth::Caller;
use crate::db;
use crate::db::notifications::Event;
use crate::error::{Error, Result, ResultExt};
use crate::notify::events;
use crate::state::AppState;
use touchstone_shared::checklist::{Checklist, ChecklistInput};
use touchstone_shared::journey::{Journey, touchpoint_ids};
use uuid::Uuid;

async fn journey_of(state: &AppState, caller: &Caller, input: &ChecklistInput) -> Result<Journey> {
    let journey = db::journeys::get(state.db.pool(), &caller.visibility(), input.journey_id)
        .await
        .not_found_as("journey_id", "no such journey")?;
    if journey.client_id != input.client_id {
        return Err(Error::invalid(
            "journey_id",
            "the journey belongs to another client",
        ));
    }
    let touchpoints = touchpoint_ids(&journey.stages);
    input.content.validate(&touchpoints)?;
    Ok(journey)
}

/// Creates a checklist (version 1).
pub async fn create(state: &AppState, caller: &Caller, input: ChecklistInput) -> Result<Checklist> {
    create_telling(state, caller, input, &[]).await
}

/// Creates a checklist as [`create`] does and records `told` in the same transaction.
pub async fn create_telling(
    state: &AppState,
    caller: &Caller,
    input: ChecklistInput,
    told: &[Event],
) -> Result<Checklist> {
    caller.require_staff()?;
    journey_of(state, caller, &input).await?;
    let mut tx = state.db.begin().await?;
    let checklist = db::checklists::insert(
        &mut tx,
        caller.org_id,
        input.client_id,
        input.journey_id,
        &input.content,
    )
    .await?;
    events::record(&mut tx, caller.org_id, told).await?;
    tx.commit().await?;
    Ok(checklist)
}

/// Edits a checklist: in place while its current version is unused, otherwise as a new
/// version, so an audit's version never changes under it.
pub async fn edit(
    state: &AppState,
    caller: &Caller,
    checklist_id: Uuid,
    input: ChecklistInput,
) -> Result<Checklist> {
    caller.require_staff()?;
    let current = db::checklists::get(state.db.pool(), &caller.visibility(), checklist_id).await?;
    if input.client_id != current.client_id || input.journey_id != current.journey_id {
        return Err(Error::invalid(
            "journey_id",
            "a checklist keeps its client and journey; create a new checklist instead",
        ));
    }
    journey_of(state, caller, &input).await?;
    let mut tx = state.db.begin().await?;
    let checklist = db::checklists::save_edit(&mut tx, &current, &input.content).await?;
    tx.commit().await?;
    Ok(checklist)
}
