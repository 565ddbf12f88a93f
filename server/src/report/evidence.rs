//! Choosing the photos a client report shows, and their captions: photos attached to the
//! answers that lost the most points, and to the pain points auditors noted.

use crate::db::from_ms;
use crate::db::report::PhotoAudit;
use crate::export::answers::value;
use crate::export::cells::{Value, number};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};
use touchstone_shared::checklist::{ChecklistContent, ItemKind};
use uuid::Uuid;

/// A photo to show, by its sha256, with its captions.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoPick {
    /// sha256 of the photo.
    pub sha256: String,
    /// What it shows: touchpoint and item (or pain point).
    pub caption: String,
    /// The answer, comment, location and date.
    pub detail: String,
}

/// What the captions need of an audit's checklist: its content and touchpoint names.
pub struct Labels<'a> {
    /// The checklist version's content.
    pub checklist: &'a ChecklistContent,
    /// Touchpoint names by id.
    pub touchpoints: &'a HashMap<Uuid, String>,
}

/// Up to `max` photos, most telling first: a photo of an answer that lost all its points
/// ranks first, then pain points, then answers that lost some points, then other photos;
/// ties keep the audits' order (lowest score first). A photo appears once.
pub fn pick<'a>(
    audits: &[PhotoAudit],
    labels: impl Fn(&PhotoAudit) -> Option<Labels<'a>>,
    max: usize,
    tz: Tz,
) -> Vec<PhotoPick> {
    let mut candidates: Vec<(f64, usize, PhotoPick)> = Vec::new();
    for (order, audit) in audits.iter().enumerate() {
        let Some(labels) = labels(audit) else {
            continue;
        };
        let date = crate::report::client::day(from_ms(audit.check_in_at), tz);
        let place = format!("{} \u{b7} {date}", audit.location_code);
        let touchpoint = |id: &Uuid| {
            labels
                .touchpoints
                .get(id)
                .cloned()
                .unwrap_or_else(|| "(removed touchpoint)".into())
        };
        for answer in audit.input.answers.iter().filter(|a| !a.photos.is_empty()) {
            let Some((tp, item)) = labels.checklist.item(answer.item_id) else {
                continue;
            };
            // A signature is shown to the client only when the checklist says so.
            if let ItemKind::Signature {
                show_to_managers: false,
            } = item.kind
            {
                continue;
            }
            let points = audit
                .score
                .items
                .iter()
                .find(|s| s.item_id == answer.item_id)
                .map(|s| s.points);
            let lost = points
                .filter(|p| p.possible > 0.0)
                .map_or(0.3, |p| 1.0 - p.earned / p.possible);
            let answered = match value(&answer.value, answer.photos.len()) {
                Value::Text(t) => t,
                Value::Number(n) => number(n),
                Value::Empty => String::new(),
            };
            let mut detail = vec![answered];
            if let Some(p) = points {
                detail.push(format!(
                    "{}/{} points",
                    number(p.earned),
                    number(p.possible)
                ));
            }
            if !answer.comment.trim().is_empty() {
                detail.push(format!("\u{201c}{}\u{201d}", answer.comment.trim()));
            }
            detail.push(place.clone());
            for sha in &answer.photos {
                candidates.push((
                    lost,
                    order,
                    PhotoPick {
                        sha256: sha.clone(),
                        caption: format!("{} \u{2014} {}", touchpoint(&tp), item.label),
                        detail: detail.join(" \u{b7} "),
                    },
                ));
            }
        }
        for note in audit
            .input
            .touchpoint_notes
            .iter()
            .filter(|n| !n.photos.is_empty())
        {
            let mut detail = Vec::new();
            if !note.pain_point.trim().is_empty() {
                detail.push(format!("\u{201c}{}\u{201d}", note.pain_point.trim()));
            }
            if let Some(e) = note.emotion {
                detail.push(format!("emotion {e:+}"));
            }
            detail.push(place.clone());
            let priority = if note.pain_point.trim().is_empty() {
                0.2
            } else {
                0.9
            };
            for sha in &note.photos {
                candidates.push((
                    priority,
                    order,
                    PhotoPick {
                        sha256: sha.clone(),
                        caption: format!("{} \u{2014} pain point", touchpoint(&note.touchpoint_id)),
                        detail: detail.join(" \u{b7} "),
                    },
                ));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut seen = HashSet::new();
    candidates
        .into_iter()
        .map(|(_, _, pick)| pick)
        .filter(|p| seen.insert(p.sha256.clone()))
        .take(max)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use touchstone_shared::audit::{Answer, AnswerValue, AuditInput, AuditStatus, TouchpointNote};
    use touchstone_shared::checklist::{Item, ItemKind, Section};
    use touchstone_shared::scoring::{ItemScore, Points};

    fn item(label: &str) -> Item {
        Item {
            id: Uuid::now_v7(),
            label: label.into(),
            help: String::new(),
            kind: ItemKind::YesNo { yes_is_good: true },
            weight: 2.0,
            allow_na: false,
            critical: false,
            required: false,
            photo_required: false,
            show_if: None,
            photo_if_failed: false,
            note_if_failed: false,
        }
    }

    #[test]
    fn the_worst_answers_and_pain_points_come_first_and_each_photo_once() {
        let tp = Uuid::now_v7();
        let (good, bad) = (item("Clean floor"), item("Greeted"));
        let checklist = ChecklistContent {
            name: "Visit".into(),
            critical_fails_audit: false,
            min_visit_minutes: None,
            sections: vec![Section {
                touchpoint_id: tp,
                title: String::new(),
                show_if: None,
                items: vec![good.clone(), bad.clone()],
            }],
        };
        let names = HashMap::from([(tp, "Greeting".to_owned())]);
        let answer = |item: &Item, yes: bool, photo: &str, comment: &str| Answer {
            item_id: item.id,
            value: AnswerValue::YesNo(yes),
            comment: comment.into(),
            photos: vec![photo.into()],
        };
        let points = |item: &Item, earned: f64| ItemScore {
            item_id: item.id,
            touchpoint_id: tp,
            points: Points {
                earned,
                possible: 2.0,
                critical_failure: false,
            },
        };
        let audit = PhotoAudit {
            id: Uuid::now_v7(),
            checklist_version_id: Uuid::now_v7(),
            location_code: "LIS-01".into(),
            check_in_at: 1_700_000_000_000,
            input: AuditInput {
                assignment_id: Uuid::now_v7(),
                status: AuditStatus::Approved,
                visit: Default::default(),
                answers: vec![
                    answer(&good, true, "a", ""),
                    answer(&bad, false, "b", "Nobody at the door"),
                ],
                touchpoint_notes: vec![TouchpointNote {
                    touchpoint_id: tp,
                    emotion: Some(-2),
                    pain_point: "Long queue".into(),
                    photos: vec!["c".into(), "b".into()],
                }],
            },
            score: touchstone_shared::scoring::AuditScore {
                items: vec![points(&good, 2.0), points(&bad, 0.0)],
                ..Default::default()
            },
        };
        let picks = pick(
            std::slice::from_ref(&audit),
            |_| {
                Some(Labels {
                    checklist: &checklist,
                    touchpoints: &names,
                })
            },
            10,
            // 22:13 UTC on 14 Nov is the next morning in Tokyo: the day is the zone's.
            Tz::Asia__Tokyo,
        );
        let order: Vec<_> = picks.iter().map(|p| p.sha256.as_str()).collect();
        assert_eq!(order, ["b", "c", "a"]);
        assert_eq!(picks[0].caption, "Greeting \u{2014} Greeted");
        assert_eq!(
            picks[0].detail,
            "no \u{b7} 0/2 points \u{b7} \u{201c}Nobody at the door\u{201d} \u{b7} LIS-01 \u{b7} 15 Nov 2023"
        );
        assert_eq!(picks[1].caption, "Greeting \u{2014} pain point");
        assert!(picks[1].detail.contains("emotion -2"));
        let one = pick(
            std::slice::from_ref(&audit),
            |_| {
                Some(Labels {
                    checklist: &checklist,
                    touchpoints: &names,
                })
            },
            1,
            Tz::UTC,
        );
        assert_eq!(one.len(), 1);
    }
}
