use crate::format;
use leptos::prelude::*;
use touchstone_shared::audit_edit::AuditEdit;
use uuid::Uuid;

/// The reviewers' edits of the audit on the auditor's copy (empty when none, or offline).
#[derive(Clone, Copy)]
pub struct ReviewerEdits(pub RwSignal<Vec<AuditEdit>>);

/// What reviewers changed on an item or a touchpoint: before → after, and why.
#[component]
pub fn ChangedMark(
    /// The item or the touchpoint.
    target: Uuid,
) -> impl IntoView {
    let edits = use_context::<ReviewerEdits>().map(|e| e.0);
    move || {
        edits?.with(|edits| {
            let marks: Vec<String> = edits
                .iter()
                .flat_map(|e| {
                    e.changes.iter().filter(|c| c.target_id == target).map(|c| {
                        format!(
                            "{} \u{2192} {} ({})",
                            format::edited(c.field, &c.before),
                            format::edited(c.field, &c.after),
                            e.reason
                        )
                    })
                })
                .collect();
            (!marks.is_empty()).then(|| {
                marks
                    .into_iter()
                    .map(|m| {
                        view! {
                            <p class="review-comment" role="note" data-testid="changed-mark">
                                <strong>"Changed by reviewer: "</strong>{m}
                            </p>
                        }
                    })
                    .collect_view()
            })
        })
    }
}
