use crate::format;
use leptos::prelude::*;
use touchstone_shared::scoring::Points;

/// A live score: percent (or "no score"), flagged on a critical failure. Raw points are in
/// `data-earned` / `data-possible` for tests.
#[component]
pub fn ScoreBadge(
    /// Points to show.
    #[prop(into)]
    points: Signal<Points>,
    /// What is scored, e.g. "Audit score".
    #[prop(into)]
    label: String,
    /// Whether a critical failure zeroed the whole audit.
    #[prop(optional, into)]
    failed_by_critical: Signal<bool>,
    /// `data-testid`.
    #[prop(optional, into)]
    test_id: String,
) -> impl IntoView {
    view! {
        <span
            class="score"
            class:critical=move || points.get().critical_failure
            data-testid=test_id
            data-earned=move || points.get().earned.to_string()
            data-possible=move || points.get().possible.to_string()
        >
            <span class="score-label">{label}</span>
            " "
            <strong class="score-value">{move || format::percent(&points.get())}</strong>
            {move || {
                points
                    .get()
                    .critical_failure
                    .then(|| {
                        let text = if failed_by_critical.get() {
                            "critical failure: audit scores 0"
                        } else {
                            "critical failure"
                        };
                        view! { <span class="flag">{text}</span> }
                    })
            }}
        </span>
    }
}
