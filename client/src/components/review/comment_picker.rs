use crate::api;
use leptos::prelude::*;

/// The comment library as one-tap buttons: a tap adds the comment to `target` (on a new
/// line when it holds text already). Shown where a return comment is typed.
#[component]
pub fn CommentPicker(
    /// The comment being typed.
    target: RwSignal<String>,
) -> impl IntoView {
    let library = LocalResource::new(api::review_comments);
    move || {
        library.get().and_then(Result::ok).filter(|l| !l.is_empty()).map(|list| {
            view! {
                <div class="picker" role="group" aria-label="Insert a comment from the library" data-testid="comment-picker">
                    {list.into_iter().map(|c| {
                        let body = c.body.clone();
                        view! {
                            <button type="button" class="btn small" title=c.body.clone() on:click=move |_| {
                                target.update(|t| {
                                    if !t.trim().is_empty() { t.push('\n'); }
                                    t.push_str(&body);
                                });
                            }>{c.title}</button>
                        }
                    }).collect_view()}
                </div>
            }
        })
    }
}
