//! What every kind's control needs: the item's answer in the draft and how to change it.

use crate::draft::Draft;
use crate::form::form_ctx;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;
use uuid::Uuid;

/// The answer to one item of the form, read and written through the draft.
#[derive(Clone, Copy)]
pub struct Answering {
    /// The item.
    pub id: Uuid,
    /// Its answer so far.
    pub value: Memo<Option<AnswerValue>>,
    /// Whether the answer can change.
    pub enabled: Signal<bool>,
    draft: RwSignal<Draft>,
}

impl Answering {
    /// The answer to item `id` of the form in context.
    pub fn new(id: Uuid) -> Self {
        let form = form_ctx();
        let draft = form.draft;
        Answering {
            id,
            value: Memo::new(move |_| draft.with(|d| d.answer(id).map(|a| a.value.clone()))),
            enabled: form.editable(),
            draft,
        }
    }

    /// Sets the answer.
    pub fn set(self, v: AnswerValue) {
        self.draft.update(|d| d.set_value(self.id, v));
    }

    /// Removes the answer.
    pub fn clear(self) {
        self.draft.update(|d| d.clear_value(self.id));
    }

    /// Whether the answer is N/A.
    pub fn is_na(self) -> bool {
        self.value.with(|v| v.as_ref() == Some(&AnswerValue::Na))
    }

    /// Whether the control is locked: the form is read-only or the answer is N/A.
    pub fn locked(self) -> bool {
        !self.enabled.get() || self.is_na()
    }

    /// The answer when the control is built (untracked), read through `f`; else `default`.
    pub fn initial_or<T>(self, default: T, f: impl FnOnce(&AnswerValue) -> Option<T>) -> T {
        self.value
            .with_untracked(|v| v.as_ref().and_then(f))
            .unwrap_or(default)
    }

    /// Id of the element holding the question.
    pub fn label_id(self) -> String {
        format!("item-{}-label", self.id)
    }

    /// Id of the element holding the help text.
    pub fn help_id(self) -> String {
        format!("item-{}-help", self.id)
    }
}

/// A number as the form shows it: without ".0" when whole.
pub fn number_text(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}
