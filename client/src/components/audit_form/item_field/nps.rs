use super::answering::Answering;
use crate::components::OptionGroup;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;

/// Eleven buttons, 0 to 10.
#[component]
pub fn NpsField(
    /// The answer.
    at: Answering,
) -> impl IntoView {
    view! {
        <OptionGroup
            labelled_by=at.label_id()
            options=(0u8..=10).map(|n| (n.to_string(), n.to_string())).collect()
            selected=Signal::derive(move || match at.value.get() {
                Some(AnswerValue::Nps(n)) => Some(n.to_string()),
                _ => None,
            })
            on_select=Callback::new(move |k: String| {
                if let Ok(n) = k.parse::<u8>() {
                    at.set(AnswerValue::Nps(n));
                }
            })
            enabled=at.enabled
            class="nps"
        />
        <p class="scale-ends" aria-hidden="true">
            <span>"0 = not at all likely"</span>
            <span>"10 = extremely likely"</span>
        </p>
    }
}
