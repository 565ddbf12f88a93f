use crate::format;
use leptos::prelude::*;
use std::collections::HashMap;
use touchstone_shared::audit::AuditEvent;
use touchstone_shared::audit_edit::{AuditEdit, EditField};
use uuid::Uuid;

/// Who changed the audit's status, when, and why; and each reviewer's edit: who, when,
/// each field before → after, the reason, the score before → after. Oldest first.
#[component]
pub fn AuditTrail(
    /// The status changes, oldest first.
    events: Vec<AuditEvent>,
    /// The reviewers' edits, oldest first.
    #[prop(optional)]
    edits: Vec<AuditEdit>,
    /// Item labels and touchpoint names by id, to name what an edit changed.
    #[prop(optional)]
    names: HashMap<Uuid, String>,
) -> impl IntoView {
    let mut entries: Vec<_> = events
        .into_iter()
        .map(|e| {
            let change = match e.from {
                Some(from) => format!("{} \u{2192} {}", from.as_str(), e.to.as_str()),
                None => e.to.as_str().to_owned(),
            };
            let view = view! {
                <li>
                    <time datetime=e.at.to_rfc3339()>{format::when(e.at)}</time>
                    " \u{b7} "
                    <span class="who">{e.actor_name}</span>
                    " \u{b7} "
                    <span class="what">{change}</span>
                    {(!e.comment.is_empty()).then(|| view! { <q>{e.comment}</q> })}
                </li>
            }
            .into_any();
            (e.at, view)
        })
        .collect();
    entries.extend(edits.into_iter().map(|e| (e.at, edit_entry(e, &names))));
    entries.sort_by_key(|(at, _)| *at);
    view! {
        <section class="trail" aria-labelledby="trail-title">
            <h2 id="trail-title">"Audit trail"</h2>
            <ol data-testid="audit-trail">{entries.into_iter().map(|(_, v)| v).collect_view()}</ol>
        </section>
    }
}

/// One edit in the trail.
fn edit_entry(e: AuditEdit, names: &HashMap<Uuid, String>) -> AnyView {
    let score = format!(
        "score {} \u{2192} {}",
        format::score(e.percent_before),
        format::score(e.percent_after)
    );
    let changes = e
        .changes
        .into_iter()
        .map(|c| {
            let what = match c.field {
                EditField::AnswerValue => "answer",
                EditField::AnswerComment => "remark",
                EditField::Emotion => "emotion",
                EditField::PainPoint => "pain point",
            };
            let name = names.get(&c.target_id).cloned().unwrap_or_default();
            let text = format!(
                "{name} ({what}): {} \u{2192} {}",
                format::edited(c.field, &c.before),
                format::edited(c.field, &c.after)
            );
            view! { <li>{text}</li> }
        })
        .collect_view();
    view! {
        <li class="edit" data-testid="trail-edit">
            <time datetime=e.at.to_rfc3339()>{format::when(e.at)}</time>
            " \u{b7} "
            <span class="who">{e.actor_name}</span>
            " \u{b7} "
            <span class="what">{format!("edited ({score})")}</span>
            <q>{e.reason}</q>
            <ul class="changes">{changes}</ul>
        </li>
    }
    .into_any()
}
