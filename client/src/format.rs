//! Display formatting: times in the organisation's zone ([`crate::zone`]), scores, durations.

use crate::zone;
use chrono::{DateTime, Datelike, NaiveDateTime, TimeDelta, Timelike, Utc};
use touchstone_shared::scoring::Points;

// Written out rather than with chrono's `format("%a %-d %b")`: its strftime parser and
// formatter are ~8 KB of the field bundle.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month(t: &NaiveDateTime) -> &'static str {
    MONTHS[t.month0() as usize % 12]
}

/// "Mon 3 Nov 14:05" in the organisation's time zone.
pub fn when(at: DateTime<Utc>) -> String {
    let t = zone::local(at);
    let weekday = WEEKDAYS[t.weekday().num_days_from_monday() as usize % 7];
    format!(
        "{weekday} {} {} {:02}:{:02}",
        t.day(),
        month(&t),
        t.hour(),
        t.minute()
    )
}

/// "14:05" in the organisation's time zone.
pub fn clock(at: DateTime<Utc>) -> String {
    let t = zone::local(at);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A score as "87 %", or "no score" when nothing was possible.
pub fn percent(points: &Points) -> String {
    score(points.percent())
}

/// A percentage score as "87 %", or "no score".
pub fn score(percent: Option<f64>) -> String {
    match percent {
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

/// A percentage to display: "87.5", or an en dash when there is none.
pub fn pct(value: Option<f64>) -> String {
    value.map_or_else(|| "\u{2013}".into(), |v| format!("{v:.1}"))
}

/// A change in percentage points: "+3.2", "−1.0", or an en dash.
pub fn change(value: Option<f64>) -> String {
    match value {
        Some(v) if v > 0.0 => format!("+{v:.1}"),
        Some(v) if v < 0.0 => format!("\u{2212}{:.1}", -v),
        Some(_) => "0.0".into(),
        None => "\u{2013}".into(),
    }
}

/// "3 Nov" in the organisation's time zone.
pub fn day_month(at: DateTime<Utc>) -> String {
    let t = zone::local(at);
    format!("{} {}", t.day(), month(&t))
}

/// "3 Nov 2026" in the organisation's time zone.
pub fn date(at: DateTime<Utc>) -> String {
    let t = zone::local(at);
    // strftime's %Y: four digits, signed outside 0..=9999.
    let year = match t.year() {
        y @ 0..=9999 => format!("{y:04}"),
        y => format!("{y:+05}"),
    };
    format!("{} {} {year}", t.day(), month(&t))
}

/// An answer as a reviewer reads it.
pub fn answer(value: &touchstone_shared::audit::AnswerValue) -> String {
    use touchstone_shared::audit::AnswerValue as V;
    match value {
        V::YesNo(true) => "Yes".into(),
        V::YesNo(false) => "No".into(),
        V::Scale(v) | V::Number(v) => format!("{v}"),
        V::Choice(label) => label.clone(),
        V::MultiSelect(picked) => picked.join(", "),
        V::Nps(v) => format!("{v} / 10"),
        V::Text(text) => text.clone(),
        V::Photo => "Photo".into(),
        V::Na => "N/A".into(),
        other => touchstone_shared::answer_types::answer_text(other).unwrap_or_default(),
    }
}

/// An emotion (−2..+2) in words.
pub fn emotion(value: i8) -> &'static str {
    match value {
        i8::MIN..=-2 => "Very negative",
        -1 => "Negative",
        0 => "Neutral",
        1 => "Positive",
        _ => "Very positive",
    }
}

/// ISO 4217 currencies whose minor unit is the unit itself.
const WHOLE_UNIT_CURRENCIES: [&str; 6] = ["JPY", "KRW", "ISK", "CLP", "VND", "HUF"];

/// An amount of integer minor units with its currency: "€25.00", "£1.20", "−€3.50",
/// "CHF 12.00", "JPY 500".
pub fn money(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "\u{2212}" } else { "" };
    let abs = minor.unsigned_abs();
    let number = if WHOLE_UNIT_CURRENCIES.contains(&currency) {
        abs.to_string()
    } else {
        format!("{}.{:02}", abs / 100, abs % 100)
    };
    match currency {
        "EUR" => format!("{sign}\u{20ac}{number}"),
        "GBP" => format!("{sign}\u{a3}{number}"),
        "USD" => format!("{sign}${number}"),
        _ => format!("{sign}{currency}\u{a0}{number}"),
    }
}

/// A distance: "850 m", "3.4 km", "120 km".
pub fn distance(metres: f64) -> String {
    match metres {
        m if m < 1000.0 => format!("{m:.0}\u{a0}m"),
        m if m < 100_000.0 => format!("{:.1}\u{a0}km", m / 1000.0),
        m => format!("{:.0}\u{a0}km", m / 1000.0),
    }
}

/// An amount typed in ("6.40", "6,4", "12") as integer minor units of a two-decimal
/// currency; none when it is not one.
pub fn parse_money(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (units, cents) = text.split_once('.').unwrap_or((&text, ""));
    let digits = units.chars().chain(cents.chars());
    if text.is_empty() || cents.len() > 2 || !digits.clone().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents = format!("{cents:0<2}");
    let units: i64 = if units.is_empty() {
        0
    } else {
        units.parse().ok()?
    };
    units.checked_mul(100)?.checked_add(cents.parse().ok()?)
}

/// A field a reviewer's edit changed, before or after, in words ("none" when absent).
pub fn edited(
    field: touchstone_shared::audit_edit::EditField,
    value: &serde_json::Value,
) -> String {
    use touchstone_shared::audit_edit::EditField as F;
    match (field, value) {
        (_, serde_json::Value::Null) => "none".into(),
        (F::AnswerValue, v) => {
            serde_json::from_value(v.clone()).map_or_else(|_| v.to_string(), |a| answer(&a))
        }
        (F::Emotion, v) => v
            .as_i64()
            .and_then(|e| i8::try_from(e).ok())
            .map_or_else(|| v.to_string(), |e| emotion(e).to_owned()),
        (_, v) => v.as_str().map_or_else(|| v.to_string(), str::to_owned),
    }
}
