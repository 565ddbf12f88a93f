use crate::components::{ActionForm, EvidencePhoto};
use crate::format;
use leptos::prelude::*;
use std::collections::HashMap;
use touchstone_shared::audit::Answer;
use touchstone_shared::checklist::Item;
use touchstone_shared::scoring::Points;
use touchstone_shared::user::User;
use uuid::Uuid;

/// One checklist item of an audit under review: the answer, its score, the auditor's
/// remark and photos; a comment field while reviewing; a corrective action when it failed
/// in an approved audit.
#[component]
pub fn AnswerRow(
    /// The item.
    item: Item,
    /// The auditor's answer.
    answer: Option<Answer>,
    /// Its score, when scored.
    points: Option<Points>,
    /// The last reviewer's comment on it.
    previous_comment: Option<String>,
    /// Reviewer comments being written, by item (present while reviewing).
    comments: Option<RwSignal<HashMap<Uuid, String>>>,
    /// Managers to assign a corrective action to (present when one may be opened).
    action: Option<(Uuid, Vec<User>)>,
) -> impl IntoView {
    let id = item.id;
    let failed = points.is_some_and(|p| p.possible > 0.0 && p.earned < p.possible);
    let score = points.map(|p| {
        format!(
            "{} / {}{}",
            p.earned,
            p.possible,
            if p.critical_failure {
                " \u{b7} critical failure"
            } else {
                ""
            }
        )
    });
    let comment_id = format!("rc-{id}");
    view! {
        <li class="answer" class:failed=failed id=format!("answer-{id}") data-item=id.to_string()>
            <div class="answer-head">
                <span class="item-label">{item.label.clone()}</span>
                {item.critical.then(|| view! { <span class="badge critical">"critical"</span> })}
            </div>
            <div class="answer-body">
                <span class="answer-value">
                    {answer.as_ref().map_or_else(|| "Not answered".to_owned(), |a| format::answer(&a.value))}
                </span>
                {score.map(|s| view! { <span class="answer-score" data-testid="item-points">{s}</span> })}
            </div>
            {answer.as_ref().filter(|a| !a.comment.is_empty()).map(|a| view! { <p class="remark">{a.comment.clone()}</p> })}
            {answer.as_ref().filter(|a| !a.photos.is_empty()).map(|a| {
                let label = item.label.clone();
                view! {
                    <ul class="thumbs">
                        {a.photos.iter().enumerate().map(|(n, sha)| view! {
                            <li><EvidencePhoto sha256=sha.clone() caption=format!("{label}: photo {}", n + 1) /></li>
                        }).collect_view()}
                    </ul>
                }
            })}
            {previous_comment.map(|c| view! { <p class="review-comment" role="note">"Reviewer: " {c}</p> })}
            {comments.map(|comments| view! {
                <label class="field-label" for=comment_id.clone()>"Comment for the auditor"</label>
                <textarea
                    id=comment_id
                    class="field"
                    rows="2"
                    data-testid="item-comment"
                    prop:value=move || comments.with(|c| c.get(&id).cloned().unwrap_or_default())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        comments.update(|c| { c.insert(id, text); });
                    }
                ></textarea>
            })}
            {action.filter(|_| failed).map(|(audit_id, managers)| view! {
                <ActionForm audit_id=audit_id item_id=id managers=managers />
            })}
        </li>
    }
}
