//! The auditor's local copy of an audit and the edits the form makes to it.
//!
//! A [`Draft`] is what the phone knows: the [`AuditInput`] being filled in, where it is on
//! its way to the server, and the last copy the server sent back (with a reviewer's
//! comments when it was returned). It is saved to IndexedDB after every edit.

use crate::store::audits::AuditStamp;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use touchstone_shared::assignment::Assignment;
use touchstone_shared::audit::{
    Answer, AnswerValue, Audit, AuditInput, AuditStatus, TouchpointNote, Visit,
};
use touchstone_shared::checklist::{ChecklistContent, ItemKind};
use touchstone_shared::condition::{Visibility, is_given};
use touchstone_shared::requirement::{self, Missing};
use uuid::Uuid;

/// Where the local audit is on its way to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The auditor is filling it in (a new audit, or a returned one being corrected).
    Editing,
    /// Submitted on the phone; waiting in the outbox.
    Queued,
    /// The server has the submission; see `server` for its status.
    Synced,
}

impl Phase {
    /// Where a copy of an audit the server has in `status` starts on the phone.
    fn of(status: AuditStatus) -> Phase {
        if status.is_editable() {
            Phase::Editing
        } else {
            Phase::Synced
        }
    }
}

/// Which copy of an audit the phone goes on with ([`Draft::reconcile`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Choice {
    /// A new audit: neither copy exists.
    New,
    /// The server's.
    Server,
    /// The phone's.
    Local,
    /// The phone's, now knowing of the server's newer copy.
    LocalHearing,
}

impl Choice {
    fn of(local: Option<&Draft>, server: Option<&AuditStamp>) -> Choice {
        let (local, server) = match (local, server) {
            (None, None) => return Choice::New,
            (None, Some(_)) => return Choice::Server,
            (Some(_), None) => return Choice::Local,
            (Some(local), Some(server)) => (local, server),
        };
        if local.audit_id != server.id {
            // The server's audit for this assignment wins over an unsent local one only
            // when the local one has no answers yet.
            return if local.input.answers.is_empty() && local.phase == Phase::Editing {
                Choice::Server
            } else {
                Choice::Local
            };
        }
        let newer = local
            .server
            .as_ref()
            .is_none_or(|known| known.updated_at < server.updated_at);
        match local.phase {
            Phase::Synced if newer => Choice::Server,
            Phase::Editing if newer => Choice::LocalHearing,
            _ => Choice::Local,
        }
    }
}

/// The status shown for an audit in `phase` whose server copy is in `server`.
fn label(
    phase: Phase,
    server: Option<AuditStatus>,
    rejected: bool,
    checked_in: bool,
) -> &'static str {
    match (phase, server) {
        (Phase::Queued, _) => "Waiting to send",
        (Phase::Editing, Some(AuditStatus::Returned)) => "Returned: correct and resubmit",
        (Phase::Editing, _) if rejected => "Not accepted: fix and resubmit",
        (Phase::Editing, _) if checked_in => "In progress",
        (Phase::Editing, _) => "Not started",
        (Phase::Synced, Some(AuditStatus::Approved)) => "Approved",
        (Phase::Synced, Some(AuditStatus::Returned)) => "Returned: correct and resubmit",
        (Phase::Synced, _) => "Submitted",
    }
}

/// How far an audit is: items answered (a value or N/A) of the items asked, and of those
/// the required ones. Hidden items count in neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Asked items with an answer.
    pub answered: usize,
    /// Items the checklist's conditions ask.
    pub asked: usize,
    /// Asked required items with an answer.
    pub required_answered: usize,
    /// Asked items that must be answered before submission.
    pub required: usize,
}

impl std::fmt::Display for Progress {
    /// "12 of 30 answered · 2 of 4 required", the second part only where items are required.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} of {} answered", self.answered, self.asked)?;
        if self.required > 0 {
            write!(
                f,
                " \u{b7} {} of {} required",
                self.required_answered, self.required
            )?;
        }
        Ok(())
    }
}

/// A local audit (stored on the device only; not a wire type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The audit's id (UUID v7, made here).
    pub audit_id: Uuid,
    /// Who is doing it.
    pub user_id: Uuid,
    /// The audit's full state as the auditor has it.
    pub input: AuditInput,
    /// Where it is on its way to the server.
    pub phase: Phase,
    /// The last copy the server returned.
    #[serde(default)]
    pub server: Option<Audit>,
    /// Why the server refused the last submission, to show and fix.
    #[serde(default)]
    pub rejection: Option<String>,
    /// Last local change.
    pub updated_at: DateTime<Utc>,
    /// Stopwatches started and not yet stopped, by item: kept with the draft so a timer
    /// survives a reload.
    #[serde(default, skip_serializing_if = "std::collections::HashMap::is_empty")]
    pub timers: std::collections::HashMap<Uuid, DateTime<Utc>>,
}

impl Draft {
    /// A fresh audit for an assignment.
    pub fn new(assignment: &Assignment, user_id: Uuid, now: DateTime<Utc>) -> Draft {
        Draft {
            audit_id: Uuid::now_v7(),
            user_id,
            input: AuditInput {
                assignment_id: assignment.id,
                status: AuditStatus::Draft,
                visit: Visit::default(),
                answers: Vec::new(),
                touchpoint_notes: Vec::new(),
            },
            phase: Phase::Editing,
            server: None,
            rejection: None,
            updated_at: now,
            timers: Default::default(),
        }
    }

    /// The local copy of an audit the server has.
    pub fn from_server(audit: &Audit, user_id: Uuid) -> Draft {
        let phase = Phase::of(audit.status);
        Draft {
            audit_id: audit.id,
            user_id,
            input: AuditInput {
                assignment_id: audit.assignment_id,
                status: AuditStatus::Draft,
                visit: audit.visit.clone(),
                answers: audit.answers.clone(),
                touchpoint_notes: audit.touchpoint_notes.clone(),
            },
            phase,
            server: Some(audit.clone()),
            rejection: None,
            updated_at: audit.updated_at,
            timers: Default::default(),
        }
    }

    /// Chooses between the phone's copy and the server's: local work is never thrown away,
    /// except for a copy the server has since taken further (returned or approved after
    /// the phone's submission reached it).
    pub fn reconcile(
        local: Option<Draft>,
        server: Option<&Audit>,
        assignment: &Assignment,
        user_id: Uuid,
        now: DateTime<Utc>,
    ) -> Draft {
        let choice = Choice::of(local.as_ref(), server.map(AuditStamp::from).as_ref());
        match (choice, local, server) {
            (Choice::Server, _, Some(audit)) => Draft::from_server(audit, user_id),
            (Choice::LocalHearing, Some(mut local), Some(audit)) => {
                local.server = Some(audit.clone());
                local
            }
            (Choice::Local | Choice::LocalHearing | Choice::Server, Some(local), _) => local,
            _ => Draft::new(assignment, user_id, now),
        }
    }

    /// The status [`Draft::reconcile`] would show, and whether the audit would be editable,
    /// from the server audit's stamp alone: the start page's list reads no audit.
    pub fn listed_status(
        local: Option<&Draft>,
        server: Option<&AuditStamp>,
    ) -> (&'static str, bool) {
        let from_server = |s: &AuditStamp| {
            let phase = Phase::of(s.status);
            let label = label(phase, Some(s.status), false, s.check_in_at.is_some());
            (label, phase == Phase::Editing)
        };
        match (Choice::of(local, server), local, server) {
            (Choice::Server, _, Some(s)) => from_server(s),
            (Choice::LocalHearing, Some(l), Some(s)) => (
                label(
                    l.phase,
                    Some(s.status),
                    l.rejection.is_some(),
                    l.input.visit.check_in_at.is_some(),
                ),
                l.is_editable(),
            ),
            (_, Some(l), _) => (l.status_label(), l.is_editable()),
            _ => (label(Phase::Editing, None, false, false), true),
        }
    }

    /// Status to show: the server's, or what the phone is doing with it.
    pub fn status_label(&self) -> &'static str {
        label(
            self.phase,
            self.server.as_ref().map(|a| a.status),
            self.rejection.is_some(),
            self.input.visit.check_in_at.is_some(),
        )
    }

    /// Whether the auditor may change it.
    pub fn is_editable(&self) -> bool {
        self.phase == Phase::Editing
    }

    /// The reviewer's comment on an item of a returned audit.
    pub fn review_comment(&self, item_id: Uuid) -> Option<&str> {
        let audit = self.server.as_ref()?;
        if audit.status != AuditStatus::Returned && self.phase != Phase::Editing {
            return None;
        }
        audit
            .review
            .as_ref()?
            .item_comments
            .iter()
            .find(|c| c.item_id == item_id)
            .map(|c| c.comment.as_str())
    }

    /// The reviewer's overall comment on a returned audit being corrected.
    pub fn review_overall(&self) -> Option<&str> {
        let audit = self.server.as_ref()?;
        let review = audit.review.as_ref()?;
        (self.phase == Phase::Editing && !review.comment.trim().is_empty())
            .then_some(review.comment.as_str())
    }

    /// The answer to an item.
    pub fn answer(&self, item_id: Uuid) -> Option<&Answer> {
        self.input.answers.iter().find(|a| a.item_id == item_id)
    }

    /// The note of a touchpoint.
    pub fn note(&self, touchpoint_id: Uuid) -> Option<&TouchpointNote> {
        self.input
            .touchpoint_notes
            .iter()
            .find(|n| n.touchpoint_id == touchpoint_id)
    }

    fn answer_mut(&mut self, item_id: Uuid, default: AnswerValue) -> &mut Answer {
        let at = match self.input.answers.iter().position(|a| a.item_id == item_id) {
            Some(at) => at,
            None => {
                self.input.answers.push(Answer {
                    item_id,
                    value: default,
                    comment: String::new(),
                    photos: Vec::new(),
                });
                self.input.answers.len() - 1
            }
        };
        &mut self.input.answers[at]
    }

    fn note_mut(&mut self, touchpoint_id: Uuid) -> &mut TouchpointNote {
        let at = match self
            .input
            .touchpoint_notes
            .iter()
            .position(|n| n.touchpoint_id == touchpoint_id)
        {
            Some(at) => at,
            None => {
                self.input.touchpoint_notes.push(TouchpointNote {
                    touchpoint_id,
                    emotion: None,
                    pain_point: String::new(),
                    photos: Vec::new(),
                });
                self.input.touchpoint_notes.len() - 1
            }
        };
        &mut self.input.touchpoint_notes[at]
    }

    /// Sets an item's value.
    pub fn set_value(&mut self, item_id: Uuid, value: AnswerValue) {
        let answer = self.answer_mut(item_id, value.clone());
        answer.value = value;
    }

    /// Removes an item's value, unless photos hang on it (they would be lost).
    pub fn clear_value(&mut self, item_id: Uuid) {
        self.input
            .answers
            .retain(|a| a.item_id != item_id || !a.photos.is_empty());
    }

    /// Sets an item's comment; an answer needs a value first, so an unanswered item
    /// (other than a photo item) keeps no comment.
    pub fn set_comment(&mut self, item_id: Uuid, comment: String) {
        if let Some(answer) = self.input.answers.iter_mut().find(|a| a.item_id == item_id) {
            answer.comment = comment;
        }
    }

    /// Attaches a photo to an item. A photo item is answered by its photos; any other item
    /// needs a value first. Returns whether the photo was attached.
    pub fn add_item_photo(&mut self, item_id: Uuid, kind: &ItemKind, sha256: String) -> bool {
        if self.answer(item_id).is_none() && *kind != ItemKind::Photo {
            return false;
        }
        let answer = self.answer_mut(item_id, AnswerValue::Photo);
        if !answer.photos.contains(&sha256) {
            answer.photos.push(sha256);
        }
        true
    }

    /// Detaches a photo from an item; a photo item without photos is unanswered again.
    pub fn remove_item_photo(&mut self, item_id: Uuid, sha256: &str) {
        if let Some(at) = self.input.answers.iter().position(|a| a.item_id == item_id) {
            let answer = &mut self.input.answers[at];
            answer.photos.retain(|p| p != sha256);
            if matches!(answer.value, AnswerValue::Photo | AnswerValue::Signature)
                && answer.photos.is_empty()
            {
                self.input.answers.remove(at);
            }
        }
    }

    /// Sets how a touchpoint felt (−2..+2), or clears it.
    pub fn set_emotion(&mut self, touchpoint_id: Uuid, emotion: Option<i8>) {
        self.note_mut(touchpoint_id).emotion = emotion;
        self.prune_note(touchpoint_id);
    }

    /// Sets a touchpoint's pain point.
    pub fn set_pain_point(&mut self, touchpoint_id: Uuid, text: String) {
        self.note_mut(touchpoint_id).pain_point = text;
        self.prune_note(touchpoint_id);
    }

    /// Attaches a photo to a touchpoint.
    pub fn add_note_photo(&mut self, touchpoint_id: Uuid, sha256: String) {
        let note = self.note_mut(touchpoint_id);
        if !note.photos.contains(&sha256) {
            note.photos.push(sha256);
        }
    }

    /// Detaches a photo from a touchpoint.
    pub fn remove_note_photo(&mut self, touchpoint_id: Uuid, sha256: &str) {
        self.note_mut(touchpoint_id).photos.retain(|p| p != sha256);
        self.prune_note(touchpoint_id);
    }

    fn prune_note(&mut self, touchpoint_id: Uuid) {
        self.input.touchpoint_notes.retain(|n| {
            n.touchpoint_id != touchpoint_id
                || n.emotion.is_some()
                || !n.pain_point.trim().is_empty()
                || !n.photos.is_empty()
        });
    }

    /// Every photo the audit references.
    pub fn photos(&self) -> impl Iterator<Item = &String> {
        self.input
            .answers
            .iter()
            .flat_map(|a| a.photos.iter())
            .chain(
                self.input
                    .touchpoint_notes
                    .iter()
                    .flat_map(|n| n.photos.iter()),
            )
    }

    /// How far the audit is, counting only the items the checklist's conditions ask.
    pub fn progress(&self, checklist: &ChecklistContent) -> Progress {
        let asked = self.visibility(checklist);
        let mut progress = Progress::default();
        for (_, item) in checklist.items().filter(|(_, i)| asked.is_asked(i.id)) {
            let answered = usize::from(self.is_answered(item.id));
            progress.asked += 1;
            progress.answered += answered;
            if item.required {
                progress.required += 1;
                progress.required_answered += answered;
            }
        }
        progress
    }

    /// Which items the checklist's conditions ask, given the answers so far.
    pub fn visibility(&self, checklist: &ChecklistContent) -> Visibility {
        Visibility::of(checklist, &self.input.answers)
    }

    /// Whether an item has a value (N/A counts; a photo item needs a photo).
    pub fn is_answered(&self, item_id: Uuid) -> bool {
        self.answer(item_id).is_some_and(is_given)
    }

    /// Everything that keeps the audit from being submitted, in checklist order; items the
    /// checklist's conditions hide need nothing.
    pub fn missing(&self, checklist: &ChecklistContent) -> Vec<Missing> {
        let checked_in = self.input.visit.check_in_at.is_some();
        requirement::missing(checklist, checked_in, &self.input.answers)
    }

    /// The body to submit: the full state, status `submitted`, checked out at `now`.
    pub fn submission(&self, now: DateTime<Utc>) -> AuditInput {
        let mut input = self.input.clone();
        input.status = AuditStatus::Submitted;
        if input.visit.check_out_at.is_none() {
            input.visit.check_out_at = Some(now);
        }
        input
    }
}
