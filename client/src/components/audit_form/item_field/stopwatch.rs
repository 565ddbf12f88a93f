use super::answering::Answering;
use crate::form::form_ctx;
use chrono::Utc;
use leptos::prelude::*;
use std::time::Duration;
use touchstone_shared::answer_types::{Timing, duration_text};
use touchstone_shared::audit::AnswerValue;

/// A timer the auditor starts and stops (after checking in); the started instant is kept in
/// the draft, so a reload does not lose a running timer.
#[component]
pub fn StopwatchField(
    /// The answer.
    at: Answering,
) -> impl IntoView {
    let draft = form_ctx().draft;
    let id = at.id;
    let started = Memo::new(move |_| draft.with(|d| d.timers.get(&id).copied()));
    let checked_in = Memo::new(move |_| draft.with(|d| d.input.visit.check_in_at.is_some()));
    let now = RwSignal::new(Utc::now());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if started.get_untracked().is_some() {
                now.set(Utc::now());
            }
        },
        Duration::from_millis(500),
    ) {
        on_cleanup(move || handle.clear());
    }
    let shown = move || match (started.get(), at.value.get()) {
        (Some(s), _) => duration_text((now.get() - s).num_milliseconds() as f64 / 1000.0),
        (None, Some(AnswerValue::Stopwatch(t))) => duration_text(t.seconds()),
        _ => "0:00".into(),
    };
    let toggle = move |_| {
        let t = Utc::now();
        now.set(t);
        draft.update(|d| match d.timers.remove(&id) {
            Some(started_at) => d.set_value(
                id,
                AnswerValue::Stopwatch(Timing {
                    started_at,
                    stopped_at: t,
                }),
            ),
            None => {
                d.timers.insert(id, t);
            }
        });
    };
    view! {
        <div class="stopwatch">
            <output class="stopwatch-time" data-testid=format!("stopwatch-{id}")>{shown}</output>
            <button
                type="button"
                class="btn"
                disabled=move || at.locked() || !checked_in.get()
                on:click=toggle
            >
                {move || match (started.get(), at.value.with(Option::is_some)) {
                    (Some(_), _) => "Stop",
                    (None, true) => "Time again",
                    _ => "Start",
                }}
            </button>
        </div>
        <Show when=move || !checked_in.get()>
            <p class="hint">"Check in to start the timer."</p>
        </Show>
    }
}
