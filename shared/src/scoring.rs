//! The scoring engine: one implementation for the client's live score and the server's
//! stored score.
//!
//! Rules (each item kind's points are on [`ItemKind`]; the tests are `scoring_tests.rs`):
//! scored items earn points out of a possible; N/A and unanswered items leave both earned
//! and possible; a touchpoint's, stage's and audit's percentage is earned / possible × 100
//! over their items, and *no score* when possible is 0. A critical item earning less than
//! its full points is a critical failure; with `critical_fails_audit` the audit then
//! scores 0.

use crate::api_type;
use crate::audit::{Answer, AnswerValue};
use crate::checklist::{Band, ChecklistContent, Item, ItemKind};
use crate::condition::Visibility;
use crate::journey::Journey;
use std::collections::HashMap;
use uuid::Uuid;

api_type! {
    /// Earned and possible points of a part of an audit, kept raw; rounding is for display.
    #[derive(Copy, Default)]
    pub struct Points {
        /// Points earned.
        pub earned: f64,
        /// Points possible.
        pub possible: f64,
        /// Whether a critical item in this part failed.
        pub critical_failure: bool,
    }

    /// Score of one answered, scored item.
    pub struct ItemScore {
        /// The item.
        pub item_id: Uuid,
        /// Its touchpoint.
        pub touchpoint_id: Uuid,
        /// Points.
        pub points: Points,
    }

    /// Score of one touchpoint of an audit.
    pub struct TouchpointScore {
        /// The touchpoint.
        pub touchpoint_id: Uuid,
        /// Its stage, when the journey still has the touchpoint.
        pub stage_id: Option<Uuid>,
        /// Points.
        pub points: Points,
    }

    /// Score of one journey stage of an audit.
    pub struct StageScore {
        /// The stage.
        pub stage_id: Uuid,
        /// Points.
        pub points: Points,
    }

    /// An audit's score in full.
    #[derive(Default)]
    pub struct AuditScore {
        /// Points of the whole audit (earned is 0 when a critical failure fails the audit).
        pub total: Points,
        /// Whether a critical failure zeroed the audit (`critical_fails_audit`).
        pub failed_by_critical: bool,
        /// The answer to the checklist's NPS question, if any.
        pub nps: Option<u8>,
        /// Per item, for answered scored items.
        pub items: Vec<ItemScore>,
        /// Per touchpoint, in journey order.
        pub touchpoints: Vec<TouchpointScore>,
        /// Per stage, in journey order.
        pub stages: Vec<StageScore>,
    }
}

impl Points {
    /// earned / possible × 100, or `None` (no score) when nothing was possible.
    pub fn percent(&self) -> Option<f64> {
        (self.possible > 0.0).then(|| self.earned / self.possible * 100.0)
    }

    fn add(&mut self, other: Points) {
        self.earned += other.earned;
        self.possible += other.possible;
        self.critical_failure |= other.critical_failure;
    }
}

/// Points of one answer to one item, or `None` when the item is unscored, unanswered or N/A.
pub fn score_item(item: &Item, value: &AnswerValue) -> Option<Points> {
    let (earned, possible) = match (&item.kind, value) {
        (_, AnswerValue::Na) => return None,
        (ItemKind::YesNo { yes_is_good }, AnswerValue::YesNo(yes)) => {
            let good = *yes == *yes_is_good;
            (if good { item.weight } else { 0.0 }, item.weight)
        }
        (ItemKind::Scale { min, max }, AnswerValue::Scale(v)) => {
            let span = max - min;
            if span <= 0.0 {
                return None;
            }
            let fraction = ((v - min) / span).clamp(0.0, 1.0);
            (item.weight * fraction, item.weight)
        }
        (ItemKind::Choice { options }, AnswerValue::Choice(label)) => {
            let possible = options.iter().map(|o| o.points).fold(0.0, f64::max);
            let earned = options.iter().find(|o| &o.label == label)?.points;
            (earned, possible)
        }
        (ItemKind::MultiSelect { options, cap, .. }, AnswerValue::MultiSelect(picked)) => {
            let limit = |p: f64| cap.map_or(p, |c| p.min(c));
            let possible = limit(options.iter().map(|o| o.points).sum());
            let earned = options
                .iter()
                .filter(|o| picked.contains(&o.label))
                .map(|o| o.points)
                .sum();
            (limit(earned), possible)
        }
        (ItemKind::Number { bands }, AnswerValue::Number(v)) => banded(bands, *v),
        (ItemKind::Stopwatch { bands }, AnswerValue::Stopwatch(t)) => banded(bands, t.seconds()),
        _ => return None,
    };
    Some(Points {
        earned,
        possible,
        critical_failure: item.critical && earned < possible,
    })
}

/// (earned, possible) of a measured value: the first band with `upto` ≥ the value, 0 above
/// every band; the best band is what is possible.
fn banded(bands: &[Band], v: f64) -> (f64, f64) {
    let possible = bands.iter().map(|b| b.points).fold(0.0, f64::max);
    let earned = bands.iter().find(|b| b.upto >= v).map_or(0.0, |b| b.points);
    (earned, possible)
}

/// Scores an audit's answers against its checklist; `journey` gives each touchpoint its
/// stage and the order of the result. Items the checklist's conditions hide are neither
/// earned nor possible, whatever answer they still hold.
pub fn score_audit(
    checklist: &ChecklistContent,
    journey: &Journey,
    answers: &[Answer],
) -> AuditScore {
    let by_item: HashMap<Uuid, &AnswerValue> =
        answers.iter().map(|a| (a.item_id, &a.value)).collect();
    let mut score = AuditScore::default();
    let mut per_touchpoint: HashMap<Uuid, Points> = HashMap::new();
    let visibility = Visibility::of(checklist, answers);

    for (touchpoint_id, item) in checklist.items() {
        let Some(value) = by_item.get(&item.id) else {
            continue;
        };
        if !visibility.is_asked(item.id) {
            continue;
        }
        if let (ItemKind::Nps, AnswerValue::Nps(v)) = (&item.kind, value) {
            score.nps = score.nps.or(Some(*v));
        }
        if let Some(points) = score_item(item, value) {
            per_touchpoint.entry(touchpoint_id).or_default().add(points);
            score.total.add(points);
            score.items.push(ItemScore {
                item_id: item.id,
                touchpoint_id,
                points,
            });
        }
    }

    // Touchpoints in journey order, then any the journey no longer has, in checklist order.
    let mut ordered: Vec<(Uuid, Option<Uuid>)> = journey
        .stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(move |t| (t.id, Some(s.id))))
        .filter(|(t, _)| checklist.sections.iter().any(|s| s.touchpoint_id == *t))
        .collect();
    for section in &checklist.sections {
        if !ordered.iter().any(|(t, _)| *t == section.touchpoint_id) {
            ordered.push((section.touchpoint_id, None));
        }
    }
    for (touchpoint_id, stage_id) in ordered {
        let points = per_touchpoint
            .get(&touchpoint_id)
            .copied()
            .unwrap_or_default();
        score.touchpoints.push(TouchpointScore {
            touchpoint_id,
            stage_id,
            points,
        });
        if let Some(stage_id) = stage_id {
            match score.stages.iter_mut().find(|s| s.stage_id == stage_id) {
                Some(stage) => stage.points.add(points),
                None => score.stages.push(StageScore { stage_id, points }),
            }
        }
    }

    if checklist.critical_fails_audit && score.total.critical_failure {
        score.total.earned = 0.0;
        score.failed_by_critical = true;
    }
    score
}

/// Net Promoter Score of a set of 0–10 answers: % promoters (9–10) − % detractors (0–6);
/// `None` without answers.
pub fn nps(answers: impl IntoIterator<Item = u8>) -> Option<f64> {
    let (mut n, mut promoters, mut detractors) = (0u64, 0u64, 0u64);
    for v in answers {
        n += 1;
        match v {
            9.. => promoters += 1,
            0..=6 => detractors += 1,
            _ => {}
        }
    }
    (n > 0).then(|| (promoters as f64 - detractors as f64) / n as f64 * 100.0)
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
