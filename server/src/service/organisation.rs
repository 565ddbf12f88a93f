//! The caller's organisation and its settings.

use crate::auth::Caller;
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use touchstone_shared::calendar;
use touchstone_shared::organisation::{Organisation, OrganisationSettings};
use touchstone_shared::user::Role;

/// The IANA zone a name gives, or 422 naming `time_zone`.
pub fn zone(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::invalid(
            "time_zone",
            format!("`{name}` is not an IANA time zone name (such as Europe/London or UTC)"),
        )
    })
}

/// The zone of the caller's organisation. A stored name the server no longer knows (never
/// written by it) reads as UTC rather than failing every page.
pub async fn time_zone(state: &AppState, caller: &Caller) -> Result<Tz> {
    let org = db::organisations::get(state.db.pool(), caller.org_id).await?;
    Ok(org.time_zone.parse().unwrap_or(Tz::UTC))
}

/// The caller's organisation (every signed-in user: pages need its zone).
pub async fn get(state: &AppState, caller: &Caller) -> Result<Organisation> {
    db::organisations::get(state.db.pool(), caller.org_id).await
}

/// Changes the organisation's settings (admins).
pub async fn update(
    state: &AppState,
    caller: &Caller,
    settings: OrganisationSettings,
) -> Result<Organisation> {
    caller.require(&[Role::Admin])?;
    settings.validate()?;
    let tz = zone(&settings.time_zone)?;
    db::organisations::set_time_zone(state.db.pool(), caller.org_id, tz.name()).await?;
    get(state, caller).await
}

/// The instant `day` starts in `tz`.
pub fn day_start(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    calendar::day_start(day, |t| {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    })
}

/// The start of tomorrow in `tz`: the end of a default period that includes today.
pub fn end_of_today(tz: Tz, now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now.with_timezone(&tz).date_naive();
    day_start(tz, today.succ_opt().unwrap_or(today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("time")
    }

    #[test]
    fn days_start_at_midnight_in_the_zone() {
        let sep5 = NaiveDate::from_ymd_opt(2026, 9, 5).expect("day");
        assert_eq!(
            day_start(Tz::Europe__London, sep5),
            at("2026-09-04T23:00:00Z")
        );
        assert_eq!(day_start(Tz::UTC, sep5), at("2026-09-05T00:00:00Z"));
        // Santiago skips midnight when summer time starts (6 Sep 2026).
        let skipped = NaiveDate::from_ymd_opt(2026, 9, 6).expect("day");
        assert_eq!(
            day_start(Tz::America__Santiago, skipped),
            at("2026-09-06T04:00:00Z")
        );
    }

    #[test]
    fn today_ends_at_the_zones_midnight() {
        let late = at("2026-09-04T23:30:00Z");
        assert_eq!(
            end_of_today(Tz::Europe__London, late),
            at("2026-09-05T23:00:00Z")
        );
        assert_eq!(end_of_today(Tz::UTC, late), at("2026-09-05T00:00:00Z"));
    }

    #[test]
    fn only_iana_names_are_zones() {
        assert!(zone("Europe/London").is_ok());
        assert!(zone("Mars/Olympus").is_err());
    }
}
