//! The audit form's shared state: the draft being edited, the journey walked as steps
//! (one per touchpoint, in journey order) and the live score.

use crate::draft::Draft;
use crate::state::AppState;
use leptos::prelude::*;
use touchstone_shared::assignment::AssignmentDetail;
use touchstone_shared::checklist::Item;
use touchstone_shared::condition::Visibility;
use touchstone_shared::requirement::Missing;
use touchstone_shared::scoring::{AuditScore, Points, score_audit};
use uuid::Uuid;

/// One touchpoint of the walk, with the checklist items that score it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The touchpoint.
    pub touchpoint_id: Uuid,
    /// Its name.
    pub name: String,
    /// Name of its stage ("Other" when the journey no longer has it).
    pub stage: String,
    /// Section headings and their items, in checklist order.
    pub sections: Vec<(String, Vec<Item>)>,
}

/// The touchpoints of a checklist in journey order (stage → touchpoint), then any the
/// journey no longer has.
pub fn steps(detail: &AssignmentDetail) -> Vec<Step> {
    let content = &detail.checklist.content;
    let mut steps: Vec<Step> = Vec::new();
    let mut push = |touchpoint_id: Uuid, name: String, stage: String| {
        let sections: Vec<(String, Vec<Item>)> = content
            .sections
            .iter()
            .filter(|s| s.touchpoint_id == touchpoint_id)
            .map(|s| (s.title.clone(), s.items.clone()))
            .collect();
        if !sections.is_empty() && !steps.iter().any(|s| s.touchpoint_id == touchpoint_id) {
            steps.push(Step {
                touchpoint_id,
                name,
                stage,
                sections,
            });
        }
    };
    for stage in &detail.journey.stages {
        for touchpoint in &stage.touchpoints {
            push(touchpoint.id, touchpoint.name.clone(), stage.name.clone());
        }
    }
    for section in &content.sections {
        let name = if section.title.trim().is_empty() {
            "Touchpoint".to_owned()
        } else {
            section.title.clone()
        };
        push(section.touchpoint_id, name, "Other".into());
    }
    steps
}

/// Context of the audit form.
#[derive(Clone, Copy)]
pub struct FormCtx {
    /// The audit being edited; every change is saved to the device.
    pub draft: RwSignal<Draft>,
    /// Assignment, location, checklist and journey.
    pub detail: StoredValue<AssignmentDetail>,
    /// Touchpoints in journey order.
    pub steps: StoredValue<Vec<Step>>,
    /// Index of the step shown; `steps.len()` is the review-and-submit step.
    pub step: RwSignal<usize>,
    /// The live score, from the same function the server stores.
    pub score: Memo<AuditScore>,
    /// What keeps the audit from being submitted.
    pub missing: Memo<Vec<Missing>>,
    /// Which items the checklist's conditions ask, given the answers so far.
    pub visibility: Memo<Visibility>,
    /// Set once the auditor tried to submit: missing answers are highlighted.
    pub show_missing: RwSignal<bool>,
    /// A submission is being saved.
    pub submitting: RwSignal<bool>,
    /// Why the last submission attempt did not go through.
    pub submit_error: RwSignal<Option<String>>,
}

impl FormCtx {
    /// State for a loaded assignment and draft.
    pub fn new(detail: AssignmentDetail, draft: Draft) -> FormCtx {
        let steps = steps(&detail);
        let detail = StoredValue::new(detail);
        let draft = RwSignal::new(draft);
        let score = Memo::new(move |_| {
            detail.with_value(|d| {
                draft.with(|dr| score_audit(&d.checklist.content, &d.journey, &dr.input.answers))
            })
        });
        let missing = Memo::new(move |_| {
            detail.with_value(|d| draft.with(|dr| dr.missing(&d.checklist.content)))
        });
        let visibility = Memo::new(move |_| {
            detail.with_value(|d| draft.with(|dr| dr.visibility(&d.checklist.content)))
        });
        FormCtx {
            draft,
            missing,
            visibility,
            detail,
            steps: StoredValue::new(steps),
            step: RwSignal::new(0),
            score,
            show_missing: RwSignal::new(false),
            submitting: RwSignal::new(false),
            submit_error: RwSignal::new(None),
        }
    }

    /// Whether the item is asked now: answers that hide it make it vanish at once.
    pub fn is_asked(&self, item_id: Uuid) -> bool {
        self.visibility.with(|v| v.is_asked(item_id))
    }

    /// Whether the auditor may change the audit.
    pub fn editable(&self) -> Signal<bool> {
        let draft = self.draft;
        Signal::derive(move || draft.with(Draft::is_editable))
    }

    /// Live points of one touchpoint.
    pub fn touchpoint_points(&self, touchpoint_id: Uuid) -> Signal<Points> {
        let score = self.score;
        Signal::derive(move || {
            score.with(|s| {
                s.touchpoints
                    .iter()
                    .find(|t| t.touchpoint_id == touchpoint_id)
                    .map(|t| t.points)
                    .unwrap_or_default()
            })
        })
    }

    /// Shows the step of a touchpoint and scrolls to an item of it.
    pub fn go_to(&self, touchpoint_id: Option<Uuid>, item_id: Option<Uuid>) {
        let index = touchpoint_id.and_then(|t| {
            self.steps
                .with_value(|steps| steps.iter().position(|s| s.touchpoint_id == t))
        });
        self.step.set(index.unwrap_or(0));
        let anchor = match item_id {
            Some(id) => format!("item-{id}"),
            None => "check-in".into(),
        };
        // After the step has rendered.
        leptos::prelude::request_animation_frame(move || {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&anchor))
            {
                el.scroll_into_view();
            }
        });
    }
}

impl FormCtx {
    /// Submits: checks what is missing, then checks out, saves and queues the audit (it is
    /// sent as soon as there is a network).
    pub fn submit(self, app: AppState) {
        self.show_missing.set(true);
        if !self.missing.with(Vec::is_empty) {
            self.submit_error.set(Some(
                "Some answers are still missing (listed above).".into(),
            ));
            return;
        }
        let current = self.draft.get_untracked();
        let checklist = self.detail.with_value(|d| d.checklist.content.clone());
        if let Err(e) = current.submission(chrono::Utc::now()).validate(&checklist) {
            self.submit_error.set(Some(e.message));
            return;
        }
        self.submitting.set(true);
        self.submit_error.set(None);
        let (draft, submitting, error) = (self.draft, self.submitting, self.submit_error);
        leptos::task::spawn_local(async move {
            match crate::sync::queue_submission(app, &current).await {
                Ok(queued) => draft.set(queued),
                Err(e) => error.set(Some(format!("The audit could not be saved: {e}"))),
            }
            submitting.set(false);
        });
    }
}

/// The form context.
pub fn form_ctx() -> FormCtx {
    expect_context::<FormCtx>()
}
