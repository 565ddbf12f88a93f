use super::answering::Answering;
use crate::components::OptionGroup;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;
use touchstone_shared::multi_select::toggle;

/// A button per option, any number pressed; "none of these" (when the item has it) alone.
#[component]
pub fn MultiSelectField(
    /// The answer.
    at: Answering,
    /// The options' labels, "none of these" last.
    labels: Vec<String>,
    /// The "none of these" label.
    none_label: Option<String>,
) -> impl IntoView {
    let picked = Signal::derive(move || match at.value.get() {
        Some(AnswerValue::MultiSelect(p)) => p,
        _ => Vec::new(),
    });
    view! {
        <OptionGroup
            labelled_by=at.label_id()
            options=labels.into_iter().map(|l| (l.clone(), l)).collect()
            selected=Signal::stored(None::<String>)
            picked=picked
            on_select=Callback::new(move |k: String| {
                let now = toggle(none_label.as_deref(), &picked.get_untracked(), &k);
                if now.is_empty() {
                    at.clear();
                } else {
                    at.set(AnswerValue::MultiSelect(now));
                }
            })
            enabled=at.enabled
            class="stack"
        />
    }
}
