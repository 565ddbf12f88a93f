//! Inputs of the planning forms: windows from date fields, and many assignments at once.

use chrono::{DateTime, Utc};
use touchstone_shared::assignment::AssignmentInput;
use uuid::Uuid;

/// The window from two `<input type=date>` values: from the start of the first day to the
/// end of the last, in the organisation's time zone.
pub fn day_window(first: &str, last: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    touchstone_shared::calendar::day_window(first, last, crate::zone::offset)
}

/// One assignment per location, all with the same checklist version, auditor, window and
/// scenario.
pub fn batch(
    checklist_version_id: Uuid,
    locations: &[Uuid],
    auditor_id: Uuid,
    window: (DateTime<Utc>, DateTime<Utc>),
    scenario: &str,
) -> Vec<AssignmentInput> {
    locations
        .iter()
        .map(|location_id| AssignmentInput {
            checklist_version_id,
            location_id: *location_id,
            auditor_id,
            not_before: window.0,
            due: window.1,
            scenario: scenario.trim().to_owned(),
        })
        .collect()
}

/// Adds or removes an id from a multiple choice.
pub fn toggle(selected: &mut Vec<Uuid>, id: Uuid, on: bool) {
    selected.retain(|s| *s != id);
    if on {
        selected.push(id);
    }
}
