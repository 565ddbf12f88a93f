use crate::api;
use crate::components::{AnswerEditor, ScoreBadge};
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::audit::{Audit, EMOTION_RANGE, TouchpointNote};
use touchstone_shared::audit_edit::AuditEditInput;
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::journey::Journey;
use touchstone_shared::scoring::score_audit;

/// A reviewer's corrections of a submitted audit: answers, remarks, emotions and pain
/// points, re-scored as they change by the shared engine (as the server scores them), saved
/// with a reason. Proof-of-visit evidence (check-in, photos, flags) stays as the page shows
/// it. A save over a newer version is refused by the server: the reviewer is told and the
/// audit reloaded.
#[component]
pub fn AuditEditor(
    /// The audit as read.
    audit: Audit,
    /// Its checklist version's content.
    content: ChecklistContent,
    /// Its journey.
    journey: Journey,
    /// Set to false to leave edit mode.
    editing: RwSignal<bool>,
    /// Bumped to reload the audit.
    version: RwSignal<u32>,
    /// What the last action did, for the page to show.
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let answers = RwSignal::new(audit.answers.clone());
    let notes = RwSignal::new(audit.touchpoint_notes.clone());
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let (audit_id, updated_at) = (audit.id, audit.updated_at);
    let before = StoredValue::new(format::percent(&audit.score.total));
    let content = StoredValue::new(content);
    let journey = StoredValue::new(journey);
    let preview = Memo::new(move |_| {
        content.with_value(|c| journey.with_value(|j| answers.with(|a| score_audit(c, j, a))))
    });

    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            outcome.set(Some(Err(
                "Give the reason for the change: it is kept in the audit trail.".into(),
            )));
            return;
        }
        let input = AuditEditInput {
            updated_at,
            reason: why,
            answers: answers.get_untracked(),
            touchpoint_notes: notes.get_untracked(),
            visit: None,
            flags: None,
        };
        busy.set(true);
        spawn_local(async move {
            match api::edit_audit(audit_id, &input).await {
                Ok(a) => {
                    let after = format::percent(&a.score.total);
                    let before = before.get_value();
                    outcome.set(Some(Ok(format!(
                        "Saved with your reason; score {before} \u{2192} {after}."
                    ))));
                    editing.set(false);
                    version.update(|v| *v += 1);
                }
                Err(e) if e.status() == Some(409) => {
                    outcome.set(Some(Err(format!(
                        "Not saved: the audit changed since you opened it ({}). It has been reloaded; check it and edit again.",
                        e.message()
                    ))));
                    editing.set(false);
                    version.update(|v| *v += 1);
                }
                Err(e) => outcome.set(Some(Err(e.message()))),
            }
            busy.set(false);
        });
    };

    let touchpoints = journey.with_value(|j| {
        j.stages
            .iter()
            .flat_map(|s| s.touchpoints.iter())
            .filter_map(|tp| {
                let items: Vec<_> = content.with_value(|c| {
                    c.sections
                        .iter()
                        .filter(|s| s.touchpoint_id == tp.id)
                        .flat_map(|s| s.items.iter().cloned())
                        .collect()
                });
                let noted = notes.with_untracked(|n| n.iter().any(|n| n.touchpoint_id == tp.id));
                if items.is_empty() && !noted {
                    return None;
                }
                Some(view! {
                    <section class="tp" aria-label=tp.name.clone()>
                        <h3>{tp.name.clone()}</h3>
                        <ol class="answers">
                            {items.into_iter().map(|item| view! { <AnswerEditor item answers /> }).collect_view()}
                        </ol>
                        <NoteEditor touchpoint_id=tp.id notes />
                    </section>
                })
            })
            .collect_view()
    });

    view! {
        <section class="editor" aria-labelledby="edit-title" data-testid="audit-editor">
            <h2 id="edit-title">"Correct this audit"</h2>
            <p class="notice">"The check-in, the photos and the proof-of-visit flags are evidence: they stay as the auditor left them."</p>
            <p>
                <ScoreBadge points=Signal::derive(move || preview.with(|s| s.total)) label="Score after the change"
                    failed_by_critical=Signal::derive(move || preview.with(|s| s.failed_by_critical)) test_id="edit-score" />
            </p>
            {touchpoints}
            <label class="field-label" for="edit-reason">"Reason for the change (kept in the trail)"</label>
            <input id="edit-reason" class="field" type="text" data-testid="edit-reason"
                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
            <div class="toolbar">
                <button type="button" class="btn primary" data-testid="edit-save" disabled=move || busy.get() on:click=save>
                    "Save the change"
                </button>
                <button type="button" class="btn" data-testid="edit-cancel" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        </section>
    }
}

/// A touchpoint's emotion and pain point, as being corrected.
#[component]
fn NoteEditor(touchpoint_id: uuid::Uuid, notes: RwSignal<Vec<TouchpointNote>>) -> impl IntoView {
    let id = touchpoint_id;
    let note = move || notes.with(|n| n.iter().find(|n| n.touchpoint_id == id).cloned());
    let update = move |f: &dyn Fn(&mut TouchpointNote)| {
        notes.update(|list| {
            if !list.iter().any(|n| n.touchpoint_id == id) {
                list.push(TouchpointNote {
                    touchpoint_id: id,
                    emotion: None,
                    pain_point: String::new(),
                    photos: Vec::new(),
                });
            }
            if let Some(n) = list.iter_mut().find(|n| n.touchpoint_id == id) {
                f(n);
            }
        });
    };
    let (emotion_id, pain_id) = (format!("edit-emotion-{id}"), format!("edit-pain-{id}"));
    view! {
        <div class="note-editor" data-touchpoint=id.to_string()>
            <label class="field-label" for=emotion_id.clone()>"Felt"</label>
            <select id=emotion_id class="field" data-testid="edit-emotion" on:change=move |ev| {
                let e = event_target_value(&ev).parse::<i8>().ok();
                update(&|n| n.emotion = e);
            }>
                <option value="" selected=move || note().and_then(|n| n.emotion).is_none()>"Not said"</option>
                {EMOTION_RANGE.map(|e| view! {
                    <option value=e.to_string() selected=move || note().and_then(|n| n.emotion) == Some(e)>
                        {format!("{} ({e:+})", format::emotion(e))}
                    </option>
                }).collect_view()}
            </select>
            <label class="field-label" for=pain_id.clone()>"Pain point"</label>
            <textarea id=pain_id class="field" rows="2" data-testid="edit-pain"
                prop:value=move || note().map(|n| n.pain_point).unwrap_or_default()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    update(&|n| n.pain_point = text.clone());
                }></textarea>
        </div>
    }
}
