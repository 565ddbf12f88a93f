//! Editing journeys without pulling touchpoints from under their checklists.

use crate::auth::Caller;
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::journey::{Journey, JourneyInput, touchpoint_ids};
use uuid::Uuid;

/// Replaces a journey's name and stages (staff). A touchpoint that the current version of a
/// checklist scores cannot be removed: its section would have nowhere to go, and the
/// checklist could no longer be published. Remove the section first.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    journey_id: Uuid,
    input: JourneyInput,
) -> Result<Journey> {
    caller.require_staff()?;
    input.validate()?;
    let pool = state.db.pool();
    let current = db::journeys::get(pool, &caller.visibility(), journey_id).await?;
    let stages = input.stages_or_default();
    let kept = touchpoint_ids(&stages);
    for checklist in
        db::checklists::current_contents_of_journey(pool, caller.org_id, journey_id).await?
    {
        if let Some(section) = checklist
            .sections
            .iter()
            .find(|s| !kept.contains(&s.touchpoint_id))
        {
            let touchpoint = current
                .touchpoint(section.touchpoint_id)
                .map_or_else(|| section.title.clone(), |(_, t)| t.name.clone());
            return Err(Error::invalid(
                "stages",
                format!(
                    "the touchpoint \u{201c}{touchpoint}\u{201d} is scored by the checklist \
                     \u{201c}{}\u{201d}: remove its section from the checklist first",
                    checklist.name
                ),
            ));
        }
    }
    db::journeys::update(
        pool,
        caller.org_id,
        journey_id,
        input.client_id,
        &input.name,
        &stages,
    )
    .await?;
    db::journeys::get(pool, &caller.visibility(), journey_id).await
}
