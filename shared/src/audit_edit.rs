//! Reviewers' corrections of a submitted audit (QA edits): what they send, the checks that
//! keep proof-of-visit evidence as the auditor left it, and the field-level difference each
//! edit keeps in the audit's trail.

use crate::api_type;
use crate::audit::{Answer, AuditInput, TouchpointNote, Visit};
use crate::error::{FieldError, MAX_TEXT_CHARS, Valid, require_text};
use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

/// The field of an answer or a touchpoint note an edit changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EditField {
    /// An answer's value (`null` when there was, or is, no answer).
    AnswerValue,
    /// An answer's remark.
    AnswerComment,
    /// A touchpoint's emotion.
    Emotion,
    /// A touchpoint's pain point.
    PainPoint,
}

api_type! {
    /// Body of `POST /api/v1/audits/{id}/edits`: a submitted audit's answers and touchpoint
    /// notes as the reviewer corrected them (all of them, like the auditor's `PUT`).
    #[serde(deny_unknown_fields)]
    pub struct AuditEditInput {
        /// `updated_at` of the audit as the reviewer read it: an edit of an older version is
        /// refused (409), never applied over a newer one.
        pub updated_at: DateTime<Utc>,
        /// Why the audit is corrected (required).
        pub reason: String,
        /// The answers; their photos must stay as they are.
        pub answers: Vec<Answer>,
        /// The touchpoint notes; their photos must stay as they are.
        #[serde(default)]
        pub touchpoint_notes: Vec<TouchpointNote>,
        /// Proof-of-visit evidence: may be sent back unchanged, any change is refused (422).
        #[serde(default)]
        pub visit: Option<Visit>,
        /// Proof-of-visit flags cannot be edited: sending them is refused (422).
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
        pub flags: Option<Value>,
    }

    /// One field an edit changed: before → after.
    pub struct FieldChange {
        /// Which field.
        pub field: EditField,
        /// The item (answers) or the touchpoint (notes).
        pub target_id: Uuid,
        /// The value before (`null`: none).
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub before: Value,
        /// The value after (`null`: none).
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub after: Value,
    }

    /// A reviewer's edit in the audit's trail: who, when, why, what.
    pub struct AuditEdit {
        /// Id.
        pub id: Uuid,
        /// When.
        pub at: DateTime<Utc>,
        /// Who.
        pub actor_id: Uuid,
        /// Their name.
        pub actor_name: String,
        /// Why.
        pub reason: String,
        /// The fields changed.
        pub changes: Vec<FieldChange>,
        /// Audit score in percent before the edit.
        pub percent_before: Option<f64>,
        /// Audit score in percent after the edit.
        pub percent_after: Option<f64>,
    }
}

impl AuditEditInput {
    /// Checks the reason, and that the edit leaves the proof-of-visit evidence of `stored`
    /// (the visit, the flags and every photo) as it is; the error names the field.
    pub fn validate(&self, stored: &AuditInput) -> Valid {
        require_text("reason", &self.reason, MAX_TEXT_CHARS)?;
        if self.flags.is_some() {
            return Err(evidence("flags"));
        }
        if let Some(visit) = &self.visit {
            check_visit(visit, &stored.visit)?;
        }
        for (a, answer) in self.answers.iter().enumerate() {
            let before = stored.answers.iter().find(|s| s.item_id == answer.item_id);
            if before.map_or(&[][..], |s| &s.photos[..]) != answer.photos {
                return Err(evidence(&format!("answers[{a}].photos")));
            }
        }
        for (n, note) in self.touchpoint_notes.iter().enumerate() {
            let before = stored
                .touchpoint_notes
                .iter()
                .find(|s| s.touchpoint_id == note.touchpoint_id);
            if before.map_or(&[][..], |s| &s.photos[..]) != note.photos {
                return Err(evidence(&format!("touchpoint_notes[{n}].photos")));
            }
        }
        if let Some(gone) = stored
            .answers
            .iter()
            .find(|s| !s.photos.is_empty() && !self.answers.iter().any(|a| a.item_id == s.item_id))
        {
            let message = format!(
                "the answer to item {} holds photos (evidence)",
                gone.item_id
            );
            return Err(FieldError::new("answers", message));
        }
        Ok(())
    }

    /// The audit as the edit makes it: the stored visit with the edited answers and notes.
    pub fn apply(&self, stored: &AuditInput) -> AuditInput {
        AuditInput {
            answers: self.answers.clone(),
            touchpoint_notes: self.touchpoint_notes.clone(),
            ..stored.clone()
        }
    }
}

fn evidence(field: &str) -> FieldError {
    FieldError::new(field, "is proof-of-visit evidence and cannot be edited")
}

fn check_visit(sent: &Visit, stored: &Visit) -> Valid {
    let differs = [
        ("visit.check_in_at", sent.check_in_at != stored.check_in_at),
        (
            "visit.check_out_at",
            sent.check_out_at != stored.check_out_at,
        ),
        ("visit.position", sent.position != stored.position),
        ("visit.accuracy_m", sent.accuracy_m != stored.accuracy_m),
        (
            "visit.position_error",
            sent.position_error != stored.position_error,
        ),
    ];
    match differs.iter().find(|(_, d)| *d) {
        Some((field, _)) => Err(evidence(field)),
        None => Ok(()),
    }
}

/// The fields that differ between two states of an audit, answers in `after`'s item order
/// then removed ones, then notes likewise.
pub fn changes(before: &AuditInput, after: &AuditInput) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let answer = |list: &[Answer], id: Uuid| list.iter().find(|a| a.item_id == id).cloned();
    let items = ids(&after.answers, &before.answers, |a| a.item_id);
    for id in items {
        let (b, a) = (answer(&before.answers, id), answer(&after.answers, id));
        let value = |x: &Option<Answer>| x.as_ref().map_or(Value::Null, answer_value);
        let comment = |x: &Option<Answer>| x.as_ref().map_or(Value::Null, |x| text(&x.comment));
        push(&mut out, EditField::AnswerValue, id, value(&b), value(&a));
        push(
            &mut out,
            EditField::AnswerComment,
            id,
            comment(&b),
            comment(&a),
        );
    }
    let note =
        |list: &[TouchpointNote], id: Uuid| list.iter().find(|n| n.touchpoint_id == id).cloned();
    let touchpoints = ids(&after.touchpoint_notes, &before.touchpoint_notes, |n| {
        n.touchpoint_id
    });
    for id in touchpoints {
        let (b, a) = (
            note(&before.touchpoint_notes, id),
            note(&after.touchpoint_notes, id),
        );
        let emotion = |x: &Option<TouchpointNote>| {
            x.as_ref()
                .and_then(|x| x.emotion)
                .map_or(Value::Null, Value::from)
        };
        let pain =
            |x: &Option<TouchpointNote>| x.as_ref().map_or(Value::Null, |x| text(&x.pain_point));
        push(&mut out, EditField::Emotion, id, emotion(&b), emotion(&a));
        push(&mut out, EditField::PainPoint, id, pain(&b), pain(&a));
    }
    out
}

/// The ids of `after` in order, then those only `before` has.
fn ids<T>(after: &[T], before: &[T], id: impl Fn(&T) -> Uuid) -> Vec<Uuid> {
    let mut out: Vec<Uuid> = after.iter().map(&id).collect();
    for b in before.iter().map(&id) {
        if !out.contains(&b) {
            out.push(b);
        }
    }
    out
}

/// An answer's value as a change records it.
fn answer_value(answer: &Answer) -> Value {
    serde_json::to_value(&answer.value).unwrap_or(Value::Null)
}

/// Text as a change records it: blank is none.
fn text(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::from(s)
    }
}

fn push(
    out: &mut Vec<FieldChange>,
    field: EditField,
    target_id: Uuid,
    before: Value,
    after: Value,
) {
    if before != after {
        out.push(FieldChange {
            field,
            target_id,
            before,
            after,
        });
    }
}
