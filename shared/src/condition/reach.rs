//! Which items no answers can ever show, for the builder's "never shown" warning, and the
//! values a condition on an item of each kind may compare with, for its pickers.
//!
//! An item is reachable when some answers to the items its conditions depend on (directly
//! or through their own conditions) make [`Visibility::of`] ask it: the same evaluator the
//! form uses, tried on a few representative answers per item (every option of a yes/no or
//! choice item, each bound of a numeric test and the values between them, N/A, no answer).

use super::{Condition, ConditionValue, Visibility, is_numeric};
use crate::answer_types::{ReceiptAnswer, Timing};
use crate::audit::{Answer, AnswerValue};
use crate::checklist::{ChecklistContent, Item, ItemKind};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// How many combinations of representative answers are tried for one item; past this the
/// item is taken as reachable (no warning rather than a slow builder).
pub const MAX_TRIALS: usize = 512;

/// The values a condition may compare an answer to this kind with: yes and no, a choice's
/// options; none for numbers (they take a range) and for unscored kinds.
pub fn values_for(kind: &ItemKind) -> Vec<ConditionValue> {
    match kind {
        ItemKind::YesNo { .. } => vec![ConditionValue::Bool(true), ConditionValue::Bool(false)],
        ItemKind::Choice { options } => options
            .iter()
            .map(|o| ConditionValue::Text(o.label.clone()))
            .collect(),
        ItemKind::MultiSelect {
            options,
            none_label,
            ..
        } => options
            .iter()
            .map(|o| &o.label)
            .chain(none_label)
            .map(|l| ConditionValue::Text(l.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A multi-select's options are tried in every combination up to this many; past it the
/// item's dependants are taken as reachable.
const MAX_MULTI_OPTIONS: usize = 6;

/// Whether an item of this kind is answered with a number, so a condition may test a range.
pub fn takes_range(kind: &ItemKind) -> bool {
    is_numeric(kind)
}

/// The ids of the items that no answers can ever show, in checklist order.
pub fn never_shown(content: &ChecklistContent) -> Vec<Uuid> {
    let items: HashMap<Uuid, &Item> = content.items().map(|(_, i)| (i.id, i)).collect();
    let conditions = conditions_by_item(content);
    let numbers = numbers_tested(content);
    content
        .items()
        .filter(|(_, item)| {
            let deps = dependencies(item.id, &conditions);
            !deps.is_empty() && !reachable(content, item.id, &deps, &items, &numbers)
        })
        .map(|(_, item)| item.id)
        .collect()
}

/// Each item's own condition and its section's.
fn conditions_by_item(content: &ChecklistContent) -> HashMap<Uuid, Vec<&Condition>> {
    let mut by_item = HashMap::new();
    for section in &content.sections {
        for item in &section.items {
            let list: Vec<&Condition> = section.show_if.iter().chain(&item.show_if).collect();
            by_item.insert(item.id, list);
        }
    }
    by_item
}

/// Every item the visibility of `target` depends on, through conditions of conditions.
fn dependencies(target: Uuid, conditions: &HashMap<Uuid, Vec<&Condition>>) -> BTreeSet<Uuid> {
    let mut deps = BTreeSet::new();
    let mut todo = vec![target];
    while let Some(id) = todo.pop() {
        for c in conditions.get(&id).into_iter().flatten() {
            for dep in c.item_ids() {
                if deps.insert(dep) {
                    todo.push(dep);
                }
            }
        }
    }
    deps
}

/// The numbers any condition compares an item's answer with, by item.
fn numbers_tested(content: &ChecklistContent) -> HashMap<Uuid, Vec<f64>> {
    let mut numbers: HashMap<Uuid, Vec<f64>> = HashMap::new();
    let all = content.sections.iter().flat_map(|s| {
        s.show_if
            .iter()
            .chain(s.items.iter().flat_map(|i| &i.show_if))
    });
    for condition in all {
        condition.visit(&mut |c| {
            let (id, found): (Uuid, Vec<f64>) = match c {
                Condition::InRange { item_id, min, max } => {
                    (*item_id, min.iter().chain(max).copied().collect())
                }
                Condition::Equals { item_id, value } => (*item_id, number_of(value)),
                Condition::OneOf { item_id, values } | Condition::NotOneOf { item_id, values } => {
                    (*item_id, values.iter().flat_map(number_of).collect())
                }
                _ => return,
            };
            numbers.entry(id).or_default().extend(found);
        });
    }
    numbers
}

fn number_of(value: &ConditionValue) -> Vec<f64> {
    match value {
        ConditionValue::Number(n) if n.is_finite() => vec![*n],
        _ => Vec::new(),
    }
}

/// A few answers that between them meet every test a condition can make of this item;
/// `None` is "not answered". `None` overall when there would be too many to try.
fn representatives(item: &Item, tested: &[f64]) -> Option<Vec<Option<AnswerValue>>> {
    let mut values: Vec<AnswerValue> = match &item.kind {
        ItemKind::YesNo { .. } => vec![AnswerValue::YesNo(true), AnswerValue::YesNo(false)],
        ItemKind::Choice { options } => options
            .iter()
            .map(|o| AnswerValue::Choice(o.label.clone()))
            .collect(),
        ItemKind::Nps => (0..=10).map(AnswerValue::Nps).collect(),
        ItemKind::Scale { min, max } => around(tested, Some((*min, *max)))
            .into_iter()
            .map(AnswerValue::Scale)
            .collect(),
        ItemKind::Number { .. } => around(tested, None)
            .into_iter()
            .map(AnswerValue::Number)
            .collect(),
        ItemKind::MultiSelect {
            options,
            none_label,
            ..
        } => {
            if options.len() > MAX_MULTI_OPTIONS {
                return None;
            }
            let subsets = (1u32..1 << options.len()).map(|mask| {
                let picked = options
                    .iter()
                    .enumerate()
                    .filter(|(n, _)| mask & (1 << n) != 0);
                AnswerValue::MultiSelect(picked.map(|(_, o)| o.label.clone()).collect())
            });
            let none = none_label
                .iter()
                .map(|l| AnswerValue::MultiSelect(vec![l.clone()]));
            subsets.chain(none).collect()
        }
        ItemKind::Stopwatch { .. } => around(tested, None)
            .into_iter()
            .map(|v| AnswerValue::Stopwatch(timed(v)))
            .collect(),
        ItemKind::Text => vec![AnswerValue::Text("text".into())],
        ItemKind::Photo => vec![AnswerValue::Photo],
        kind => vec![sample(kind)],
    };
    if item.allow_na {
        values.push(AnswerValue::Na);
    }
    Some(
        std::iter::once(None)
            .chain(values.into_iter().map(Some))
            .collect(),
    )
}

/// A stopwatch run of `seconds` (none when negative).
fn timed(seconds: f64) -> Timing {
    let started_at = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    let ms = (seconds.max(0.0) * 1000.0) as i64;
    Timing {
        started_at,
        stopped_at: started_at + chrono::Duration::milliseconds(ms),
    }
}

/// An answer of an item that conditions only test for being answered.
fn sample(kind: &ItemKind) -> AnswerValue {
    match kind {
        ItemKind::ShortText { .. } => AnswerValue::ShortText("text".into()),
        ItemKind::Receipt => AnswerValue::Receipt(ReceiptAnswer {
            amount_minor: 0,
            currency: "EUR".into(),
            issued_at: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
        }),
        ItemKind::Signature { .. } => AnswerValue::Signature,
        ItemKind::Barcode { .. } => AnswerValue::Barcode("code".into()),
        _ => AnswerValue::When(chrono::DateTime::UNIX_EPOCH.fixed_offset()),
    }
}

/// Each tested number, the values between them and one past each end, within `bounds`.
fn around(tested: &[f64], bounds: Option<(f64, f64)>) -> Vec<f64> {
    let mut points: Vec<f64> = tested.to_vec();
    if let Some((lo, hi)) = bounds {
        points.extend([lo, hi]);
    }
    points.sort_by(f64::total_cmp);
    points.dedup();
    let mut out = points.clone();
    out.extend(points.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        out.extend([first - 1.0, last + 1.0]);
    }
    if out.is_empty() {
        out.push(0.0);
    }
    if let Some((lo, hi)) = bounds {
        out.retain(|v| (lo..=hi).contains(v));
    }
    out
}

/// Whether some answers to `deps` make the form ask `target`.
fn reachable(
    content: &ChecklistContent,
    target: Uuid,
    deps: &BTreeSet<Uuid>,
    items: &HashMap<Uuid, &Item>,
    numbers: &HashMap<Uuid, Vec<f64>>,
) -> bool {
    let mut choices: Vec<(Uuid, Vec<Option<AnswerValue>>)> = Vec::new();
    for id in deps {
        let reps = match items.get(id) {
            Some(item) => representatives(item, numbers.get(id).map_or(&[], Vec::as_slice)),
            None => Some(vec![None]),
        };
        let Some(reps) = reps else {
            return true;
        };
        choices.push((*id, reps));
    }
    let trials = choices
        .iter()
        .try_fold(1usize, |n, (_, reps)| n.checked_mul(reps.len()));
    if trials.is_none_or(|n| n > MAX_TRIALS) {
        return true;
    }
    let mut pick = vec![0usize; choices.len()];
    loop {
        let answers: Vec<Answer> = choices
            .iter()
            .zip(&pick)
            .filter_map(|((id, reps), &k)| {
                reps[k].clone().map(|value| Answer {
                    item_id: *id,
                    photos: if matches!(value, AnswerValue::Photo | AnswerValue::Signature) {
                        vec!["photo".into()]
                    } else {
                        Vec::new()
                    },
                    value,
                    comment: String::new(),
                })
            })
            .collect();
        if Visibility::of(content, &answers).is_asked(target) {
            return true;
        }
        // The next combination, like an odometer.
        let mut wheel = 0;
        loop {
            let Some(slot) = pick.get_mut(wheel) else {
                return false;
            };
            *slot += 1;
            if *slot < choices[wheel].1.len() {
                break;
            }
            *slot = 0;
            wheel += 1;
        }
    }
}

#[cfg(test)]
#[path = "reach_tests.rs"]
mod tests;
