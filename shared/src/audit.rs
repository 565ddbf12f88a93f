//! Audits: one visit's filled checklist, and its review.

use crate::answer_types::{self as types, ReceiptAnswer, Timing};
use crate::api_type;
use crate::checklist::{ChecklistContent, ItemKind};
use crate::condition::Visibility;
use crate::error::{FieldError, MAX_TEXT_CHARS, Valid, check_optional_date, optional_text};
use crate::location::LatLon;
use crate::multi_select;
use crate::requirement::missing;
use crate::scoring::AuditScore;
use crate::verify::{Flag, FlagKind};
use chrono::{DateTime, FixedOffset, Utc};
use std::collections::HashSet;
use uuid::Uuid;

/// Where an audit is in its life: draft → submitted → returned ⇄ submitted → approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    /// Being filled in by the auditor.
    Draft,
    /// Waiting for review.
    Submitted,
    /// Sent back to the auditor with comments.
    Returned,
    /// Released; counts in scorecards.
    Approved,
}

impl AuditStatus {
    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditStatus::Draft => "draft",
            AuditStatus::Submitted => "submitted",
            AuditStatus::Returned => "returned",
            AuditStatus::Approved => "approved",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<AuditStatus> {
        [Self::Draft, Self::Submitted, Self::Returned, Self::Approved]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// Whether the auditor may still change the audit.
    pub fn is_editable(self) -> bool {
        matches!(self, AuditStatus::Draft | AuditStatus::Returned)
    }
}

/// An answer's value; its variant must match the item's kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum AnswerValue {
    /// Answer to a `yes_no` item.
    YesNo(bool),
    /// Answer to a `scale` item.
    Scale(f64),
    /// The label of the picked option of a `choice` item.
    Choice(String),
    /// Answer to a `number` item.
    Number(f64),
    /// The labels of the picked options of a `multi_select` item (or its "none" label
    /// alone).
    MultiSelect(Vec<String>),
    /// Answer to an `nps` item, 0–10.
    Nps(u8),
    /// Answer to a `date` or `time` item: the phone's local date and time with its UTC
    /// offset, e.g. `2026-12-05T14:30:00+01:00`; a date item reads its date, a time item
    /// its time of day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    When(DateTime<FixedOffset>),
    /// Answer to a `short_text` item.
    ShortText(String),
    /// A `short_text` item with `not_given`: the auditor could not learn it.
    NotGiven,
    /// Answer to a `stopwatch` item.
    Stopwatch(Timing),
    /// Answer to a `receipt` item; its photo is the answer's photo.
    Receipt(ReceiptAnswer),
    /// A `signature` item is answered by the PNG attached to the answer as its photo.
    Signature,
    /// Answer to a `barcode` item: the code read or typed.
    Barcode(String),
    /// Answer to a `text` item.
    Text(String),
    /// A `photo` item is answered by the photos attached to the answer.
    Photo,
    /// Not applicable: left out of the score.
    Na,
}

api_type! {
    /// The visit itself: when and where the auditor was.
    #[derive(Default)]
    #[serde(deny_unknown_fields)]
    pub struct Visit {
        /// Check-in time.
        #[serde(default)]
        pub check_in_at: Option<DateTime<Utc>>,
        /// Check-out time (set at submit).
        #[serde(default)]
        pub check_out_at: Option<DateTime<Utc>>,
        /// Position at check-in.
        #[serde(default)]
        pub position: Option<LatLon>,
        /// Accuracy of the position in metres.
        #[serde(default)]
        pub accuracy_m: Option<f64>,
        /// Why no position was taken (e.g. "permission denied").
        #[serde(default)]
        pub position_error: Option<String>,
    }

    /// The answer to one item.
    #[serde(deny_unknown_fields)]
    pub struct Answer {
        /// The checklist item.
        pub item_id: Uuid,
        /// The value.
        pub value: AnswerValue,
        /// Auditor's remark.
        #[serde(default)]
        pub comment: String,
        /// sha256 of attached photos.
        #[serde(default)]
        pub photos: Vec<String>,
    }

    /// How a touchpoint felt and what hurt.
    #[serde(deny_unknown_fields)]
    pub struct TouchpointNote {
        /// The touchpoint.
        pub touchpoint_id: Uuid,
        /// Emotion from −2 (very negative) to +2 (very positive).
        #[serde(default)]
        pub emotion: Option<i8>,
        /// Pain point noticed, if any.
        #[serde(default)]
        pub pain_point: String,
        /// sha256 of photos of the touchpoint as a whole.
        #[serde(default)]
        pub photos: Vec<String>,
    }

    /// Body of `PUT /api/v1/audits/{id}`: the audit's full state as the auditor has it.
    #[serde(deny_unknown_fields)]
    pub struct AuditInput {
        /// The assignment it fulfils.
        pub assignment_id: Uuid,
        /// `draft` to save, `submitted` to send for review.
        pub status: AuditStatus,
        /// The visit.
        #[serde(default)]
        pub visit: Visit,
        /// Answers, at most one per item.
        #[serde(default)]
        pub answers: Vec<Answer>,
        /// Per-touchpoint emotion and pain points.
        #[serde(default)]
        pub touchpoint_notes: Vec<TouchpointNote>,
    }

    /// An audit as stored, with the score the server computed.
    pub struct Audit {
        /// Id (UUID v7, made by the client).
        pub id: Uuid,
        /// The assignment it fulfils.
        pub assignment_id: Uuid,
        /// The checklist version answered.
        pub checklist_version_id: Uuid,
        /// The client.
        pub client_id: Uuid,
        /// The location.
        pub location_id: Uuid,
        /// The auditor.
        pub auditor_id: Uuid,
        /// Status.
        pub status: AuditStatus,
        /// The visit.
        pub visit: Visit,
        /// Answers.
        pub answers: Vec<Answer>,
        /// Per-touchpoint emotion and pain points.
        pub touchpoint_notes: Vec<TouchpointNote>,
        /// Score computed by the server with the shared scoring engine.
        pub score: AuditScore,
        /// Reviewer's comments from the last return.
        #[serde(default)]
        pub review: Option<ReviewInput>,
        /// Time of the last submission.
        #[serde(default)]
        pub submitted_at: Option<DateTime<Utc>>,
        /// Last change.
        pub updated_at: DateTime<Utc>,
        /// Proof-of-visit flags computed at the last submission; shown to reviewers (admins
        /// and consultants) only, empty for everybody else.
        #[serde(default)]
        pub flags: Vec<Flag>,
    }

    /// A row of an audit listing.
    pub struct AuditSummary {
        /// Id.
        pub id: Uuid,
        /// The assignment.
        pub assignment_id: Uuid,
        /// The client.
        pub client_id: Uuid,
        /// The location.
        pub location_id: Uuid,
        /// The auditor.
        pub auditor_id: Uuid,
        /// Status.
        pub status: AuditStatus,
        /// Audit score in percent; absent when nothing was scored.
        pub percent: Option<f64>,
        /// Whether a critical item failed.
        pub critical_failure: bool,
        /// Check-in time.
        pub check_in_at: Option<DateTime<Utc>>,
        /// Last submission (absent for a draft never submitted).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub submitted_at: Option<DateTime<Utc>>,
        /// Last change.
        pub updated_at: DateTime<Utc>,
        /// Proof-of-visit flags of the last submission; shown to reviewers (admins and
        /// consultants) only, empty for everybody else.
        #[serde(default)]
        pub flags: Vec<Flag>,
    }

    /// A status change in an audit's trail: who, when, what.
    pub struct AuditEvent {
        /// When.
        pub at: DateTime<Utc>,
        /// Who.
        pub actor_id: Uuid,
        /// Their name.
        pub actor_name: String,
        /// Status before (absent at creation).
        pub from: Option<AuditStatus>,
        /// Status after.
        pub to: AuditStatus,
        /// The reviewer's comment, if any.
        pub comment: String,
    }

    /// A reviewer's comment on one item.
    #[serde(deny_unknown_fields)]
    pub struct ItemComment {
        /// The item.
        pub item_id: Uuid,
        /// What to fix.
        pub comment: String,
    }

    /// Body of `POST /api/v1/audits/{id}/review`.
    #[serde(deny_unknown_fields)]
    pub struct ReviewInput {
        /// Approve or return.
        pub decision: ReviewDecision,
        /// Overall comment.
        #[serde(default)]
        pub comment: String,
        /// Comments per item (for a return).
        #[serde(default)]
        pub item_comments: Vec<ItemComment>,
    }
}

/// Filters of an audit listing (query of `GET /api/v1/audits`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditFilter {
    /// Only this client's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<Uuid>,
    /// Only this location's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<Uuid>,
    /// Only in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AuditStatus>,
    /// Only this auditor's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auditor_id: Option<Uuid>,
    /// Only audits with a proof-of-visit flag of this kind (reviewers; others get none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<FlagKind>,
    /// `true`: only audits with at least one flag; `false`: only audits without (reviewers;
    /// others get none for `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flagged: Option<bool>,
    /// Only audits scoring at least this percentage (0–100, inclusive).
    #[serde(
        default,
        deserialize_with = "crate::score_range::lenient",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 0, maximum = 100))]
    pub score_min: Option<f64>,
    /// Only audits scoring at most this percentage (0–100, inclusive).
    #[serde(
        default,
        deserialize_with = "crate::score_range::lenient",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 0, maximum = 100))]
    pub score_max: Option<f64>,
    /// Cursor from the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size (default 50, at most 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// A reviewer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// Release the audit into scorecards.
    Approve,
    /// Send it back to the auditor.
    Return,
}

/// Emotion scale bounds.
pub const EMOTION_RANGE: std::ops::RangeInclusive<i8> = -2..=2;

impl AuditInput {
    /// Checks the audit against its checklist. Drafts may be incomplete; a submission must
    /// answer every required item and attach every required photo.
    pub fn validate(&self, checklist: &ChecklistContent) -> Valid {
        if !matches!(self.status, AuditStatus::Draft | AuditStatus::Submitted) {
            return Err(FieldError::new(
                "status",
                "an auditor saves `draft` or `submitted`; reviewers use the review route",
            ));
        }
        self.validate_visit()?;
        let mut seen = HashSet::new();
        for (a, answer) in self.answers.iter().enumerate() {
            let field = format!("answers[{a}]");
            let Some((_, item)) = checklist.item(answer.item_id) else {
                return Err(FieldError::new(
                    format!("{field}.item_id"),
                    "is not an item of this checklist version",
                ));
            };
            if !seen.insert(answer.item_id) {
                return Err(FieldError::new(
                    format!("{field}.item_id"),
                    "the item is answered twice",
                ));
            }
            optional_text(&format!("{field}.comment"), &answer.comment, MAX_TEXT_CHARS)?;
            validate_photos(&format!("{field}.photos"), &answer.photos)?;
            validate_value(
                &format!("{field}.value"),
                &item.kind,
                item.allow_na,
                &answer.value,
            )
            .map_err(|e| e.about(&item.label))?;
            if let AnswerValue::Stopwatch(timing) = &answer.value {
                types::check_timing_in_visit(
                    &format!("{field}.value"),
                    &item.label,
                    timing,
                    self.visit.check_in_at,
                    self.visit.check_out_at,
                )?;
            }
        }
        let touchpoints: HashSet<Uuid> =
            checklist.sections.iter().map(|s| s.touchpoint_id).collect();
        let mut noted = HashSet::new();
        for (n, note) in self.touchpoint_notes.iter().enumerate() {
            let field = format!("touchpoint_notes[{n}]");
            if !touchpoints.contains(&note.touchpoint_id) || !noted.insert(note.touchpoint_id) {
                return Err(FieldError::new(
                    format!("{field}.touchpoint_id"),
                    "must be a touchpoint of the checklist, noted once",
                ));
            }
            if note.emotion.is_some_and(|e| !EMOTION_RANGE.contains(&e)) {
                return Err(FieldError::new(
                    format!("{field}.emotion"),
                    "must be between -2 and 2",
                ));
            }
            optional_text(
                &format!("{field}.pain_point"),
                &note.pain_point,
                MAX_TEXT_CHARS,
            )?;
            validate_photos(&format!("{field}.photos"), &note.photos)?;
        }
        if self.status == AuditStatus::Submitted {
            self.validate_complete(checklist)?;
        }
        Ok(())
    }

    fn validate_visit(&self) -> Valid {
        let visit = &self.visit;
        if let Some(p) = &visit.position {
            p.validate("visit.position")?;
        }
        check_optional_date("visit.check_in_at", &visit.check_in_at)?;
        check_optional_date("visit.check_out_at", &visit.check_out_at)?;
        if let Some(acc) = visit.accuracy_m
            && (!acc.is_finite() || acc < 0.0)
        {
            return Err(FieldError::new("visit.accuracy_m", "must be zero or more"));
        }
        if let (Some(i), Some(o)) = (visit.check_in_at, visit.check_out_at)
            && o < i
        {
            return Err(FieldError::new(
                "visit.check_out_at",
                "must not be before check_in_at",
            ));
        }
        optional_text(
            "visit.position_error",
            visit.position_error.as_deref().unwrap_or(""),
            500,
        )
    }

    fn validate_complete(&self, checklist: &ChecklistContent) -> Valid {
        let checked_in = self.visit.check_in_at.is_some();
        match missing(checklist, checked_in, &self.answers).first() {
            Some(m) => Err(m.to_field_error()),
            None => Ok(()),
        }
    }

    /// At submission, drops the answers that items hidden by the checklist's conditions
    /// still hold, so what is stored is what was asked; phone and server call this alike.
    pub fn keep_asked(&mut self, checklist: &ChecklistContent) {
        if self.status == AuditStatus::Submitted {
            self.answers = Visibility::of(checklist, &self.answers).keep_asked(&self.answers);
        }
    }
}

fn validate_photos(field: &str, photos: &[String]) -> Valid {
    if photos.len() > 20 {
        return Err(FieldError::new(field, "at most 20 photos"));
    }
    for (p, sha) in photos.iter().enumerate() {
        if !is_sha256_hex(sha) {
            return Err(FieldError::new(
                format!("{field}[{p}]"),
                "must be a photo's sha256 as 64 lowercase hex digits",
            ));
        }
    }
    Ok(())
}

/// Whether `s` is a sha256 digest written as 64 lowercase hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn validate_value(field: &str, kind: &ItemKind, allow_na: bool, value: &AnswerValue) -> Valid {
    let ok = match (kind, value) {
        (_, AnswerValue::Na) => {
            return if allow_na {
                Ok(())
            } else {
                Err(FieldError::new(field, "this item does not allow N/A"))
            };
        }
        (ItemKind::YesNo { .. }, AnswerValue::YesNo(_)) => true,
        (ItemKind::Scale { min, max }, AnswerValue::Scale(v)) => {
            return if v.is_finite() && (*min..=*max).contains(v) {
                Ok(())
            } else {
                Err(FieldError::new(
                    field,
                    format!("must be between {min} and {max}"),
                ))
            };
        }
        (ItemKind::Choice { options }, AnswerValue::Choice(label)) => {
            return if options.iter().any(|o| &o.label == label) {
                Ok(())
            } else {
                Err(FieldError::new(field, "is not one of the item's options"))
            };
        }
        (ItemKind::Number { .. }, AnswerValue::Number(v)) => {
            return if v.is_finite() {
                Ok(())
            } else {
                Err(FieldError::new(field, "must be a finite number"))
            };
        }
        (ItemKind::Nps, AnswerValue::Nps(v)) => {
            return if *v <= 10 {
                Ok(())
            } else {
                Err(FieldError::new(field, "must be between 0 and 10"))
            };
        }
        (ItemKind::Text, AnswerValue::Text(t)) => return optional_text(field, t, MAX_TEXT_CHARS),
        (
            ItemKind::MultiSelect {
                options,
                none_label,
                ..
            },
            AnswerValue::MultiSelect(picked),
        ) => return multi_select::check(field, options, none_label.as_deref(), picked),
        (ItemKind::Photo, AnswerValue::Photo) => true,
        (ItemKind::Date | ItemKind::Time, AnswerValue::When(w)) => {
            return types::check_when(field, w);
        }
        (ItemKind::ShortText { .. }, AnswerValue::ShortText(t)) => {
            return types::check_short_text(field, t);
        }
        (ItemKind::ShortText { not_given }, AnswerValue::NotGiven) => {
            return if *not_given {
                Ok(())
            } else {
                Err(FieldError::new(
                    field,
                    "this item does not allow \"not given\"",
                ))
            };
        }
        (ItemKind::Stopwatch { .. }, AnswerValue::Stopwatch(t)) => {
            return types::check_timing(field, t);
        }
        (ItemKind::Receipt, AnswerValue::Receipt(r)) => return types::check_receipt(field, r),
        (ItemKind::Signature { .. }, AnswerValue::Signature) => true,
        (ItemKind::Barcode { pattern }, AnswerValue::Barcode(code)) => {
            return types::check_barcode(field, code, pattern.as_deref());
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "the answer's type does not match the item's kind",
        ))
    }
}
