//! The audit form's shared state: the draft being edited, the journey walked as steps
//! (one per touchpoint, in journey order) and the live score.

use crate::draft::Draft;
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

/// The form context.
pub fn form_ctx() -> FormCtx {
    expect_context::<FormCtx>()
}
