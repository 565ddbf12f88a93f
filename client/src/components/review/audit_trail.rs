use crate::format;
use leptos::prelude::*;
use touchstone_shared::audit::AuditEvent;

/// Who changed the audit's status, when, and why.
#[component]
pub fn AuditTrail(
    /// The events, oldest first.
    events: Vec<AuditEvent>,
) -> impl IntoView {
    view! {
        <section class="trail" aria-labelledby="trail-title">
            <h2 id="trail-title">"Audit trail"</h2>
            <ol data-testid="audit-trail">
                {events
                    .into_iter()
                    .map(|e| {
                        let change = match e.from {
                            Some(from) => format!("{} \u{2192} {}", from.as_str(), e.to.as_str()),
                            None => e.to.as_str().to_owned(),
                        };
                        view! {
                            <li>
                                <time datetime=e.at.to_rfc3339()>{format::when(e.at)}</time>
                                " \u{b7} "
                                <span class="who">{e.actor_name}</span>
                                " \u{b7} "
                                <span class="what">{change}</span>
                                {(!e.comment.is_empty()).then(|| view! { <q>{e.comment}</q> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
