//! Display formatting: times in the device's zone, scores, durations.

use chrono::{DateTime, Local, TimeDelta, Utc};
use touchstone_shared::scoring::Points;

/// "Mon 3 Nov 14:05" in the device's time zone.
pub fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%a %-d %b %H:%M")
        .to_string()
}

/// "14:05" in the device's time zone.
pub fn clock(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%H:%M").to_string()
}

/// A score as "87 %", or "no score" when nothing was possible.
pub fn percent(points: &Points) -> String {
    match points.percent() {
        Some(p) => format!("{p:.0}\u{a0}%"),
        None => "no score".into(),
    }
}

/// "1 h 05 min", "12 min", "less than a minute".
pub fn duration(d: TimeDelta) -> String {
    let minutes = d.num_minutes();
    match minutes {
        m if m < 1 => "less than a minute".into(),
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02} min", m / 60, m % 60),
    }
}

/// "3 min ago", "2 h ago", or the date.
pub fn ago(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let d = now - at;
    match d.num_minutes() {
        m if m < 1 => "just now".into(),
        m if m < 60 => format!("{m} min ago"),
        m if m < 24 * 60 => format!("{} h ago", m / 60),
        _ => when(at),
    }
}
