use super::answering::Answering;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;

/// "N/A – not applicable", a toggle.
#[component]
pub fn NaButton(
    /// The answer.
    at: Answering,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="option na"
            class:selected=move || at.is_na()
            aria-pressed=move || at.is_na().to_string()
            disabled=move || !at.enabled.get()
            on:click=move |_| {
                if at.is_na() {
                    at.clear();
                } else {
                    at.set(AnswerValue::Na);
                }
            }
        >
            "N/A \u{2013} not applicable"
        </button>
    }
}
