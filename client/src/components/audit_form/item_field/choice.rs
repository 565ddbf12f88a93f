use super::answering::Answering;
use crate::components::OptionGroup;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;

/// One button per option, one of them chosen.
#[component]
pub fn ChoiceField(
    /// The answer.
    at: Answering,
    /// The options' labels.
    labels: Vec<String>,
) -> impl IntoView {
    view! {
        <OptionGroup
            labelled_by=at.label_id()
            options=labels.into_iter().map(|l| (l.clone(), l)).collect()
            selected=Signal::derive(move || match at.value.get() {
                Some(AnswerValue::Choice(label)) => Some(label),
                _ => None,
            })
            on_select=Callback::new(move |k: String| at.set(AnswerValue::Choice(k)))
            enabled=at.enabled
            class="stack"
        />
    }
}
