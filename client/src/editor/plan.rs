//! Inputs of the planning forms: windows from date fields, and many assignments at once.

use chrono::{DateTime, Local, NaiveDate, TimeDelta, TimeZone, Utc};
use touchstone_shared::assignment::AssignmentInput;
use uuid::Uuid;

/// The window from two `<input type=date>` values: from the start of the first day to the
/// end of the last, in the device's time zone.
pub fn day_window(first: &str, last: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let day = |text: &str, what: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| format!("Pick the {what} day"))
    };
    let first = day(first, "first")?;
    let last = day(last, "last")?;
    if last < first {
        return Err("The last day is before the first".into());
    }
    let start = |d: NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        Local.from_local_datetime(&midnight).earliest().map_or_else(
            || Utc.from_utc_datetime(&midnight),
            |t| t.with_timezone(&Utc),
        )
    };
    Ok((start(first), start(last + TimeDelta::days(1))))
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
