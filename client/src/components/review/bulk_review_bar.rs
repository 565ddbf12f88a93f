use crate::api;
use crate::components::CommentPicker;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{HashMap, HashSet};
use touchstone_shared::audit::{AuditSummary, ReviewDecision};
use touchstone_shared::bulk_review::{BulkReviewInput, BulkReviewOutcome, ListedAudit};
use uuid::Uuid;

/// Approves, or returns with one comment, the audits picked in the review queue, each as it
/// was listed; then says what was decided and, by name, what was skipped because it changed
/// meanwhile (the server reports those; nothing is skipped silently).
#[component]
pub fn BulkReviewBar(
    /// The queue as listed.
    shown: Memo<Vec<AuditSummary>>,
    /// The score range the queue was listed with: an audit outside it is skipped.
    range: Signal<(Option<f64>, Option<f64>)>,
    /// The audits picked.
    picked: RwSignal<HashSet<Uuid>>,
    /// Bumped after a review, to list the queue again.
    version: RwSignal<u32>,
    /// Location names by id, to name the audits in the outcome.
    places: Signal<HashMap<Uuid, String>>,
) -> impl IntoView {
    let comment = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The outcome, with each audit's name as listed.
    let outcome = RwSignal::new(None::<(ReviewDecision, BulkReviewOutcome, HashMap<Uuid, String>)>);
    let count = move || picked.with(HashSet::len);

    let decide = move |decision: ReviewDecision| {
        if busy.get_untracked() || count() == 0 {
            return;
        }
        let text = comment.get_untracked().trim().to_owned();
        if decision == ReviewDecision::Return && text.is_empty() {
            error.set(Some(
                "Say what the auditors should fix: one comment goes to all of them.".into(),
            ));
            return;
        }
        let listed: Vec<AuditSummary> = shown.with_untracked(|l| {
            picked.with_untracked(|p| l.iter().filter(|a| p.contains(&a.id)).cloned().collect())
        });
        let names: HashMap<Uuid, String> = places.with_untracked(|places| {
            listed
                .iter()
                .map(|a| {
                    let place = places
                        .get(&a.location_id)
                        .cloned()
                        .unwrap_or_else(|| "Audit".into());
                    (a.id, place)
                })
                .collect()
        });
        let (score_min, score_max) = range.get_untracked();
        let input = BulkReviewInput {
            decision,
            score_min,
            score_max,
            comment: text,
            audits: listed
                .iter()
                .map(|a| ListedAudit {
                    id: a.id,
                    updated_at: a.updated_at,
                })
                .collect(),
        };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::bulk_review(&input).await {
                Ok(o) => {
                    outcome.set(Some((decision, o, names)));
                    picked.set(HashSet::new());
                    comment.set(String::new());
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="bulk" aria-labelledby="bulk-title" data-testid="bulk-review">
            <h2 id="bulk-title">{move || format!("Selected: {}", count())}</h2>
            <label class="field-label" for="bulk-comment">"Comment (sent to the auditors of returned audits)"</label>
            <textarea id="bulk-comment" class="field" rows="2" data-testid="bulk-comment"
                prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            <CommentPicker target=comment />
            <div class="toolbar">
                <button type="button" class="btn primary" data-testid="approve-selected"
                    disabled=move || busy.get() || count() == 0 on:click=move |_| decide(ReviewDecision::Approve)>
                    "Approve selected"
                </button>
                <button type="button" class="btn" data-testid="return-selected"
                    disabled=move || busy.get() || count() == 0 on:click=move |_| decide(ReviewDecision::Return)>
                    "Return selected"
                </button>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || outcome.get().map(|(decision, o, names)| {
                let verb = if decision == ReviewDecision::Approve { "Approved" } else { "Returned" };
                let name = move |id: &Uuid| names.get(id).cloned().unwrap_or_else(|| id.to_string());
                let done: Vec<String> = o.reviewed.iter().map(&name).collect();
                view! {
                    <div class="outcome" role="status" data-testid="bulk-outcome">
                        <p data-testid="bulk-reviewed">{format!("{verb} {}: {}", done.len(), done.join(", "))}</p>
                        {(!o.skipped.is_empty()).then(|| view! {
                            <p class="warn">{format!("Skipped {}, left as they are:", o.skipped.len())}</p>
                            <ul data-testid="bulk-skipped">
                                {o.skipped.iter().map(|s| view! {
                                    <li data-audit=s.id.to_string()>
                                        <a href=format!("/audits/{}", s.id)>{name(&s.id)}</a>
                                        {format!(": {}", s.reason)}
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                    </div>
                }
            })}
        </section>
    }
}
