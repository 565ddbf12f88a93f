//! Days a person picks, as instants: a day starts at midnight in the organisation's time zone.
//! The zone's rules live elsewhere (chrono-tz on the server, the browser's `Intl` in the
//! client); here a zone is any function giving its UTC offset at an instant.

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// The instant `day` starts where the UTC offset at instant `t` is `offset(t)` seconds.
/// Where a clock change skips midnight, the day starts at the first minute after it.
pub fn day_start(day: NaiveDate, offset: impl Fn(DateTime<Utc>) -> i32) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let at = |off: i32| midnight - TimeDelta::seconds(i64::from(off));
    // The offset of midnight is that of the instant it names, so guess and correct once.
    let first = at(offset(midnight));
    let second = at(offset(first));
    match offset(second) - offset(first) {
        0 => first.min(second),
        // Midnight does not exist: start when the clock reads past it.
        _ => first.max(second),
    }
}

/// The window from two `<input type=date>` values: from the start of the first day to the
/// start of the day after the last, in the zone whose offset `offset` gives.
pub fn day_window(
    first: &str,
    last: &str,
    offset: impl Fn(DateTime<Utc>) -> i32,
) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let day = |text: &str, what: &str| {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| format!("Pick the {what} day"))
    };
    let first = day(first, "first")?;
    let last = day(last, "last")?;
    if last < first {
        return Err("The last day is before the first".into());
    }
    let after = last.succ_opt().unwrap_or(last);
    Ok((day_start(first, &offset), day_start(after, &offset)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("time")
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("day")
    }

    /// London: +1 h from 29 Mar 01:00 UTC to 25 Oct 01:00 UTC 2026.
    fn london(t: DateTime<Utc>) -> i32 {
        let summer = t >= at("2026-03-29T01:00:00Z") && t < at("2026-10-25T01:00:00Z");
        if summer { 3600 } else { 0 }
    }

    /// A zone at −4 h that moves to −3 h at its midnight of 6 Sep (Santiago, 2026).
    fn santiago(t: DateTime<Utc>) -> i32 {
        if t >= at("2026-09-06T04:00:00Z") {
            -3 * 3600
        } else {
            -4 * 3600
        }
    }

    #[test]
    fn a_day_starts_at_midnight_in_the_zone() {
        assert_eq!(
            day_start(ymd(2026, 9, 5), london),
            at("2026-09-04T23:00:00Z")
        );
        assert_eq!(
            day_start(ymd(2026, 12, 5), london),
            at("2026-12-05T00:00:00Z")
        );
        assert_eq!(
            day_start(ymd(2026, 9, 5), |_| 0),
            at("2026-09-05T00:00:00Z")
        );
        assert_eq!(
            day_start(ymd(2026, 9, 5), |_| -5 * 3600),
            at("2026-09-05T05:00:00Z")
        );
    }

    #[test]
    fn a_skipped_midnight_starts_the_day_after_the_change() {
        assert_eq!(
            day_start(ymd(2026, 9, 6), santiago),
            at("2026-09-06T04:00:00Z")
        );
        assert_eq!(
            day_start(ymd(2026, 9, 7), santiago),
            at("2026-09-07T03:00:00Z")
        );
    }

    #[test]
    fn a_window_runs_from_the_first_day_to_the_end_of_the_last() {
        assert_eq!(
            day_window("2026-09-05", "2026-09-11", london),
            Ok((at("2026-09-04T23:00:00Z"), at("2026-09-11T23:00:00Z")))
        );
        assert_eq!(
            day_window("2026-10-24", "2026-10-25", london),
            Ok((at("2026-10-23T23:00:00Z"), at("2026-10-26T00:00:00Z")))
        );
        assert_eq!(
            day_window("2026-09-05", "2026-09-04", london),
            Err("The last day is before the first".into())
        );
        assert_eq!(
            day_window("", "2026-09-04", london),
            Err("Pick the first day".into())
        );
    }
}
