use crate::form::form_ctx;
use leptos::prelude::*;
use uuid::Uuid;

/// The auditor's comment on an answered item, folded away until written.
#[component]
pub fn CommentBox(
    /// The item.
    id: Uuid,
    /// The item's question, to name the box.
    label: String,
) -> impl IntoView {
    let form = form_ctx();
    let draft = form.draft;
    let enabled = form.editable();
    let initial =
        draft.with_untracked(|d| d.answer(id).map(|a| a.comment.clone()).unwrap_or_default());
    let open = !initial.is_empty();
    view! {
        <details class="comment" open=open>
            <summary>"Comment"</summary>
            <textarea
                class="field"
                rows="2"
                aria-label=format!("Comment on: {label}")
                prop:value=initial
                disabled=move || !enabled.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.update(|d| d.set_comment(id, text));
                }
            ></textarea>
        </details>
    }
}
