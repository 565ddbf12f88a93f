use crate::api;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::review_comment::ReviewCommentInput;
use uuid::Uuid;

/// The organisation's reusable review comments: add, change, delete. The review page and
/// the review queue insert them with one tap.
#[component]
pub fn CommentLibrary() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        api::review_comments()
    });
    // The comment being changed (none: a new one).
    let editing = RwSignal::new(None::<Uuid>);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let reset = move || {
        editing.set(None);
        title.set(String::new());
        body.set(String::new());
    };
    let save = move |_| {
        let input = ReviewCommentInput {
            title: title.get_untracked().trim().to_owned(),
            body: body.get_untracked().trim().to_owned(),
        };
        let id = editing.get_untracked();
        spawn_local(async move {
            match api::save_review_comment(id, &input).await {
                Ok(_) => {
                    error.set(None);
                    reset();
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    let delete = move |id: Uuid| {
        spawn_local(async move {
            match api::delete_review_comment(id).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <section aria-labelledby="library-title" data-testid="comment-library">
            <h2 id="library-title">"Comment library"</h2>
            <p class="hint">"Comments reviewers insert with one tap when they return audits."</p>
            {move || match list.get() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">"No comments yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="library" data-testid="comment-list">
                        {list.into_iter().map(|c| {
                            let id = c.id;
                            let (t, b) = (c.title.clone(), c.body.clone());
                            view! {
                                <li data-comment=id.to_string()>
                                    <strong>{c.title}</strong>
                                    <p>{c.body}</p>
                                    <div class="toolbar">
                                        <button type="button" class="btn small" on:click=move |_| {
                                            editing.set(Some(id));
                                            title.set(t.clone());
                                            body.set(b.clone());
                                        }>"Edit"</button>
                                        <button type="button" class="btn small" on:click=move |_| delete(id)>"Delete"</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <h3>{move || if editing.get().is_some() { "Change the comment" } else { "New comment" }}</h3>
            <label class="field-label" for="comment-title">"Title (shown in the picker)"</label>
            <input id="comment-title" class="field" type="text" data-testid="comment-title"
                prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
            <label class="field-label" for="comment-body">"Comment"</label>
            <textarea id="comment-body" class="field" rows="3" data-testid="comment-body"
                prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            <div class="toolbar">
                <button type="button" class="btn primary" data-testid="comment-save" on:click=save>
                    {move || if editing.get().is_some() { "Save the change" } else { "Add to the library" }}
                </button>
                <Show when=move || editing.get().is_some()>
                    <button type="button" class="btn" on:click=move |_| reset()>"Cancel"</button>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
