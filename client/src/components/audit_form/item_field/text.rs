use super::answering::Answering;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;

/// Free text; emptied, the answer goes.
#[component]
pub fn TextField(
    /// The answer.
    at: Answering,
) -> impl IntoView {
    let initial = at.initial_or(String::new(), |v| match v {
        AnswerValue::Text(t) => Some(t.clone()),
        _ => None,
    });
    view! {
        <textarea
            class="field"
            rows="3"
            prop:value=initial
            aria-labelledby=at.label_id()
            aria-describedby=at.help_id()
            disabled=move || at.locked()
            on:input=move |ev| {
                let text = event_target_value(&ev);
                if text.is_empty() {
                    at.clear();
                } else {
                    at.set(AnswerValue::Text(text));
                }
            }
        ></textarea>
    }
}
