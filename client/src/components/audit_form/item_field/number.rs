use super::answering::{Answering, number_text};
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;

/// A number typed in ("2,5" as in many locales, too); emptied, the answer goes.
#[component]
pub fn NumberField(
    /// The answer.
    at: Answering,
) -> impl IntoView {
    let initial = at.initial_or(String::new(), |v| match v {
        AnswerValue::Number(v) => Some(number_text(*v)),
        _ => None,
    });
    view! {
        <input
            type="number"
            class="field"
            inputmode="decimal"
            step="any"
            prop:value=initial
            aria-labelledby=at.label_id()
            aria-describedby=at.help_id()
            disabled=move || at.locked()
            on:input=move |ev| {
                let text = event_target_value(&ev);
                match text.trim().replace(',', ".").parse::<f64>() {
                    Ok(v) if v.is_finite() => at.set(AnswerValue::Number(v)),
                    _ if text.trim().is_empty() => at.clear(),
                    _ => {}
                }
            }
        />
    }
}
