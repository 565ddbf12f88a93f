//! One row per answer of an audit, labelled with its stage, touchpoint and item.

use super::cells::Value;
use crate::db::exports::ExportAudit;
use crate::db::from_ms;
use chrono::DateTime;
use chrono_tz::Tz;
use std::collections::HashMap;
use touchstone_shared::answer_types::answer_text;
use touchstone_shared::audit::{AnswerValue, AuditStatus};
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::condition::Visibility;
use touchstone_shared::journey::Journey;
use uuid::Uuid;

/// Column names, in order.
pub const HEADER: [&str; 15] = [
    "audit_id",
    "location_code",
    "location_name",
    "auditor",
    "status",
    "check_in_at",
    "stage",
    "touchpoint",
    "item_id",
    "item",
    "value",
    "points",
    "possible",
    "comment",
    "flags",
];

/// The value of an item the audit's answers did not ask (see `shared::condition`).
pub const NOT_ASKED: &str = "not asked";

/// One answer of one audit.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    /// Audit.
    pub audit_id: Uuid,
    /// The location's code.
    pub location_code: String,
    /// The location's name, beside its code (codes alone mean little to a reader).
    pub location_name: String,
    /// The auditor's name.
    pub auditor: String,
    /// Audit status.
    pub status: AuditStatus,
    /// Check-in, in the organisation's zone.
    pub check_in_at: Option<DateTime<Tz>>,
    /// Stage of the touchpoint (empty when the journey no longer has the touchpoint).
    pub stage: String,
    /// Touchpoint.
    pub touchpoint: String,
    /// Item.
    pub item_id: Uuid,
    /// Item label.
    pub item: String,
    /// The answer.
    pub value: Value,
    /// Points earned, for scored answers.
    pub points: Option<f64>,
    /// Points possible, for scored answers.
    pub possible: Option<f64>,
    /// The auditor's comment.
    pub comment: String,
    /// The audit's proof-of-visit flags (`outside_geofence; short_visit`), for reviewers.
    pub flags: String,
}

/// Stage and touchpoint names of a journey, by touchpoint.
pub fn touchpoint_names(journey: &Journey) -> HashMap<Uuid, (String, String)> {
    journey
        .stages
        .iter()
        .flat_map(|s| {
            s.touchpoints
                .iter()
                .map(|t| (t.id, (s.name.clone(), t.name.clone())))
        })
        .collect()
}

/// The answer as a cell: numbers stay numbers, yes/no and N/A become words.
pub fn value(answer: &AnswerValue, photos: usize) -> Value {
    match answer {
        AnswerValue::YesNo(true) => Value::Text("yes".into()),
        AnswerValue::YesNo(false) => Value::Text("no".into()),
        AnswerValue::Scale(v) | AnswerValue::Number(v) => Value::Number(*v),
        AnswerValue::Nps(v) => Value::Number(f64::from(*v)),
        AnswerValue::Choice(s) | AnswerValue::Text(s) => Value::Text(s.clone()),
        AnswerValue::MultiSelect(picked) => Value::Text(picked.join("; ")),
        AnswerValue::Photo => Value::Text(format!("{photos} photo(s)")),
        AnswerValue::Na => Value::Text("N/A".into()),
        AnswerValue::Stopwatch(t) => Value::Number(t.seconds()),
        other => Value::Text(answer_text(other).unwrap_or_default()),
    }
}

/// The rows of one audit in checklist order, times in `tz`; `names` from [`touchpoint_names`].
pub fn rows(
    audit: &ExportAudit,
    checklist: &ChecklistContent,
    names: &HashMap<Uuid, (String, String)>,
    tz: Tz,
) -> Vec<AnswerRow> {
    let answers: HashMap<Uuid, _> = audit.input.answers.iter().map(|a| (a.item_id, a)).collect();
    let points: HashMap<Uuid, _> = audit
        .score
        .items
        .iter()
        .map(|i| (i.item_id, i.points))
        .collect();
    let mut kinds: Vec<&str> = Vec::new();
    for kind in audit.flags.iter().map(|f| f.kind.as_str()) {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    let flags = kinds.join("; ");
    let asked = Visibility::of(checklist, &audit.input.answers);
    let mut out = Vec::with_capacity(answers.len());
    for section in &checklist.sections {
        let (stage, touchpoint) = names
            .get(&section.touchpoint_id)
            .cloned()
            .unwrap_or_else(|| (String::new(), section.title.clone()));
        for item in &section.items {
            // An item the checklist's conditions did not ask is "not asked", never a failure.
            let answer = answers.get(&item.id).filter(|_| asked.is_asked(item.id));
            if answer.is_none() && asked.is_asked(item.id) {
                continue;
            }
            let scored = points.get(&item.id);
            out.push(AnswerRow {
                audit_id: audit.id,
                location_code: audit.location_code.clone(),
                location_name: audit.location_name.clone(),
                auditor: audit.auditor.clone(),
                status: audit.status,
                check_in_at: audit.check_in_at.map(|t| from_ms(t).with_timezone(&tz)),
                stage: stage.clone(),
                touchpoint: touchpoint.clone(),
                item_id: item.id,
                item: item.label.clone(),
                value: answer.map_or_else(
                    || Value::Text(NOT_ASKED.into()),
                    |a| value(&a.value, a.photos.len()),
                ),
                points: scored.map(|p| p.earned),
                possible: scored.map(|p| p.possible),
                comment: answer.map(|a| a.comment.clone()).unwrap_or_default(),
                flags: flags.clone(),
            });
        }
    }
    out
}
