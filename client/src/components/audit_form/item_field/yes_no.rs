use super::answering::Answering;
use crate::components::OptionGroup;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;

/// Yes and no buttons.
#[component]
pub fn YesNoField(
    /// The answer.
    at: Answering,
) -> impl IntoView {
    view! {
        <OptionGroup
            labelled_by=at.label_id()
            options=vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())]
            selected=Signal::derive(move || match at.value.get() {
                Some(AnswerValue::YesNo(true)) => Some("yes".to_owned()),
                Some(AnswerValue::YesNo(false)) => Some("no".to_owned()),
                _ => None,
            })
            on_select=Callback::new(move |k: String| at.set(AnswerValue::YesNo(k == "yes")))
            enabled=at.enabled
            class="two"
        />
    }
}
