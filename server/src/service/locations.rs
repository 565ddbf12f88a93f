//! Locations: creating and changing them (staff), with the rules beyond what `shared` can
//! check on its own.

use crate::auth::Caller;
use crate::db;
use crate::error::Result;
use crate::state::AppState;
use touchstone_shared::error::{FieldError, Valid};
use touchstone_shared::location::{Location, LocationInput};
use uuid::Uuid;

/// Creates a location of one of the organisation's clients (staff).
pub async fn create(state: &AppState, caller: &Caller, input: LocationInput) -> Result<Location> {
    caller.require_staff()?;
    validate(&input)?;
    super::clients::require_known(state, caller, input.client_id).await?;
    db::locations::insert(state.db.pool(), caller.org_id, &input).await
}

/// Changes a location (staff); its client stays.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    input: LocationInput,
) -> Result<Location> {
    caller.require_staff()?;
    validate(&input)?;
    let pool = state.db.pool();
    db::locations::update(pool, caller.org_id, id, &input).await?;
    db::locations::get(pool, &caller.visibility(), id).await
}

/// [`LocationInput::validate`], and the time zone must be an IANA name the server knows:
/// visit windows and photo times are read in it, so a typo would silently skip those checks.
/// (The IANA list stays on the server; the web client does not carry it.)
pub fn validate(input: &LocationInput) -> Valid {
    match problems(input).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Every problem [`validate`] would find, not just the first.
pub fn problems(input: &LocationInput) -> Vec<FieldError> {
    let mut found = input.problems();
    let tz_reported = found.iter().any(|e| e.field == "time_zone");
    if !tz_reported && input.time_zone.trim().parse::<chrono_tz::Tz>().is_err() {
        found.push(FieldError::new(
            "time_zone",
            "is not an IANA time zone name (such as Europe/London or UTC)",
        ));
    }
    found
}
