//! Date and time items, and the local date and time a receipt carries: the phone's own
//! clock and zone, kept with the UTC offset.

use super::answering::Answering;
use chrono::{
    DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone, Timelike,
};
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;

/// `2026-12-05` of a date.
pub fn date_text(w: &DateTime<FixedOffset>) -> String {
    format!("{:04}-{:02}-{:02}", w.year(), w.month(), w.day())
}

/// `14:30` of a time.
pub fn time_text(w: &DateTime<FixedOffset>) -> String {
    format!("{:02}:{:02}", w.hour(), w.minute())
}

/// Numbers separated by `sep`, e.g. `2026-12-05` or `14:30`.
fn numbers(text: &str, sep: char) -> Option<Vec<u32>> {
    text.split(sep).map(|p| p.parse().ok()).collect()
}

/// A date (`2026-12-05`) and a time (`14:30`) of the phone's zone, with their offset; either
/// missing is taken from now.
pub fn local(date: Option<&str>, time: Option<&str>) -> Option<DateTime<FixedOffset>> {
    let now = Local::now().naive_local();
    let day = match date {
        Some(d) => match numbers(d, '-')?[..] {
            [y, m, d] => NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?,
            _ => return None,
        },
        None => now.date(),
    };
    let at = match time {
        Some(t) => match numbers(t, ':')?[..] {
            [h, m] | [h, m, _] => day.and_hms_opt(h, m, 0)?,
            _ => return None,
        },
        None => NaiveDateTime::new(day, now.time()),
    };
    Local
        .from_local_datetime(&at)
        .earliest()
        .map(|w| w.fixed_offset())
}

/// A date or a time of day picked with the phone's own picker.
#[component]
pub fn WhenField(
    /// The answer.
    at: Answering,
    /// A time of day rather than a date.
    time: bool,
) -> impl IntoView {
    let initial = at.initial_or(String::new(), |v| match v {
        AnswerValue::When(w) if time => Some(time_text(w)),
        AnswerValue::When(w) => Some(date_text(w)),
        _ => None,
    });
    view! {
        <input
            type=if time { "time" } else { "date" }
            class="field"
            prop:value=initial
            aria-labelledby=at.label_id()
            disabled=move || at.locked()
            on:input=move |ev| {
                let text = event_target_value(&ev);
                let picked = if time { local(None, Some(&text)) } else { local(Some(&text), None) };
                match picked {
                    Some(w) => at.set(AnswerValue::When(w)),
                    None => at.clear(),
                }
            }
        />
    }
}
