//! What keeps an audit from being submitted: one list for the phone's "still to do" and the
//! server's refusal, over the items the audit asks (see [`crate::condition`]).

use crate::answer_types::answered_by_photo;
use crate::audit::{Answer, AnswerValue};
use crate::checklist::{ChecklistContent, Item, ItemKind};
use crate::condition::{Visibility, is_given};
use crate::error::FieldError;
use crate::scoring::score_item;
use uuid::Uuid;

/// What is still needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A check-in at the location.
    CheckIn,
    /// An answer to a required item.
    Answer,
    /// A photo: the item asks for one always, or because its answer failed.
    Photo,
    /// A comment saying why the answer failed.
    Note,
}

/// Something that keeps an audit from being submitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    /// What is needed.
    pub need: Need,
    /// The item, or `None` for the visit itself.
    pub item_id: Option<Uuid>,
    /// Its touchpoint.
    pub touchpoint_id: Option<Uuid>,
    /// The item's label (empty for the visit).
    pub label: String,
}

impl Missing {
    /// What to do, for the auditor.
    pub fn message(&self) -> String {
        let label = &self.label;
        match self.need {
            Need::CheckIn => "Check in at the location".into(),
            Need::Answer => format!("Answer \u{201c}{label}\u{201d}"),
            Need::Photo => format!("Add a photo to \u{201c}{label}\u{201d}"),
            Need::Note => format!("Say why \u{201c}{label}\u{201d} fell short"),
        }
    }

    /// The server's refusal of a submission that still lacks this.
    pub fn to_field_error(&self) -> FieldError {
        let label = &self.label;
        let message = match self.need {
            Need::CheckIn => {
                return FieldError::new("visit.check_in_at", "check in before submitting");
            }
            Need::Answer => format!("\"{label}\" must be answered before submitting"),
            Need::Photo => format!("\"{label}\" needs a photo before submitting"),
            Need::Note => {
                format!("\"{label}\" fell short: say why in its comment before submitting")
            }
        };
        FieldError::new("answers", message)
    }
}

/// Everything that keeps an audit from being submitted, in checklist order. Hidden items
/// need nothing.
pub fn missing(content: &ChecklistContent, checked_in: bool, answers: &[Answer]) -> Vec<Missing> {
    let mut list = Vec::new();
    if !checked_in {
        list.push(Missing {
            need: Need::CheckIn,
            item_id: None,
            touchpoint_id: None,
            label: String::new(),
        });
    }
    let visibility = Visibility::of(content, answers);
    for (touchpoint_id, item) in content.items() {
        if !visibility.is_asked(item.id) {
            continue;
        }
        let answer = answers.iter().find(|a| a.item_id == item.id);
        if let Some(need) = need(item, answer) {
            list.push(Missing {
                need,
                item_id: Some(item.id),
                touchpoint_id: Some(touchpoint_id),
                label: item.label.clone(),
            });
        }
    }
    list
}

/// What one asked item still needs, if anything.
fn need(item: &Item, answer: Option<&Answer>) -> Option<Need> {
    if item.required && !answer.is_some_and(is_given) {
        return Some(Need::Answer);
    }
    if answer.is_some_and(|a| a.value == AnswerValue::Na) {
        return None;
    }
    let has_photo = answer.is_some_and(|a| !a.photos.is_empty());
    let failed = answer
        .and_then(|a| score_item(item, &a.value))
        .is_some_and(|p| p.earned < p.possible);
    let by_photo = answered_by_photo(&item.kind);
    let answered = answer.is_some();
    let photo_always = item.photo_required
        || (item.required && by_photo)
        || (answered && item.kind == ItemKind::Receipt);
    if (photo_always || (failed && item.photo_if_failed)) && !has_photo {
        return Some(Need::Photo);
    }
    let has_note = answer.is_some_and(|a| !a.comment.trim().is_empty());
    (failed && item.note_if_failed && !has_note).then_some(Need::Note)
}
