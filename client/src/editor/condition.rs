//! Edits of `show_if` conditions with pickers: a condition is shown as tests joined by
//! all/any (one level, as most checklists need), each on an earlier item with an operator
//! fitting its kind and values from its options. Which values fit which kind comes from
//! `touchstone_shared::condition::reach`, so the builder offers only what the server accepts.

use std::collections::HashMap;
use touchstone_shared::checklist::{ChecklistContent, Item};
use touchstone_shared::condition::reach::{takes_range, values_for};
use touchstone_shared::condition::{Condition, ConditionValue, Scope};
use touchstone_shared::error::Valid;
use uuid::Uuid;

/// What a condition belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The item with this id.
    Item(Uuid),
    /// The section scoring this touchpoint.
    Section(Uuid),
}

impl Target {
    /// A short key for element ids.
    pub fn key(self) -> String {
        match self {
            Target::Item(id) => format!("item-{id}"),
            Target::Section(tp) => format!("section-{tp}"),
        }
    }
}

/// How the tests combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joiner {
    /// Every test holds.
    All,
    /// At least one holds.
    Any,
}

/// What a test checks of its item's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Is one of the ticked values.
    Is,
    /// Is answered with none of the ticked values.
    IsNot,
    /// Lies in a range.
    InRange,
    /// Has an answer.
    Answered,
    /// Has none.
    NotAnswered,
}

impl Op {
    /// Every operator: (value for a select, label).
    pub const ALL: [(Op, &'static str, &'static str); 5] = [
        (Op::Is, "is", "is"),
        (Op::IsNot, "is_not", "is not"),
        (Op::InRange, "in_range", "is between"),
        (Op::Answered, "answered", "is answered"),
        (Op::NotAnswered, "not_answered", "is not answered"),
    ];

    /// The operator with this select value.
    pub fn parse(value: &str) -> Option<Op> {
        Op::ALL
            .iter()
            .find(|(_, v, _)| *v == value)
            .map(|(op, ..)| *op)
    }

    /// Its select value.
    pub fn value(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(op, ..)| *op == self)
            .map_or("", |(_, v, _)| v)
    }
}

/// The operators that fit an item's kind.
pub fn ops_for(item: &Item) -> Vec<Op> {
    let mut ops = Vec::new();
    if !values_for(&item.kind).is_empty() {
        ops.extend([Op::Is, Op::IsNot]);
    }
    if takes_range(&item.kind) {
        ops.push(Op::InRange);
    }
    ops.extend([Op::Answered, Op::NotAnswered]);
    ops
}

/// The operator of a test.
pub fn op_of(test: &Condition) -> Op {
    match test {
        Condition::NotOneOf { .. } => Op::IsNot,
        Condition::InRange { .. } => Op::InRange,
        Condition::Answered { .. } => Op::Answered,
        Condition::NotAnswered { .. } => Op::NotAnswered,
        _ => Op::Is,
    }
}

/// A test of `item` with `op`, starting from the first value or the low end of its range.
pub fn new_test(item: &Item, op: Op) -> Condition {
    let item_id = item.id;
    let first = values_for(&item.kind).into_iter().take(1).collect();
    match op {
        Op::Is => Condition::OneOf {
            item_id,
            values: first,
        },
        Op::IsNot => Condition::NotOneOf {
            item_id,
            values: first,
        },
        Op::InRange => Condition::InRange {
            item_id,
            min: Some(match item.kind {
                touchstone_shared::checklist::ItemKind::Scale { min, .. } => min,
                _ => 0.0,
            }),
            max: None,
        },
        Op::Answered => Condition::Answered { item_id },
        Op::NotAnswered => Condition::NotAnswered { item_id },
    }
}

/// The values a test compares with.
pub fn test_values(test: &Condition) -> Vec<ConditionValue> {
    match test {
        Condition::Equals { value, .. } => vec![value.clone()],
        Condition::OneOf { values, .. } | Condition::NotOneOf { values, .. } => values.clone(),
        _ => Vec::new(),
    }
}

/// Ticks or unticks a value of an `is` / `is not` test.
pub fn toggle_value(test: &mut Condition, value: &ConditionValue) {
    if let Condition::Equals { item_id, value: v } = test {
        *test = Condition::OneOf {
            item_id: *item_id,
            values: vec![v.clone()],
        };
    }
    if let Condition::OneOf { values, .. } | Condition::NotOneOf { values, .. } = test {
        match values.iter().position(|v| v == value) {
            Some(at) => {
                values.remove(at);
            }
            None => values.push(value.clone()),
        }
    }
}

/// Sets the low (`low`) or high end of a range test; `None` leaves that end open.
pub fn set_bound(test: &mut Condition, low: bool, bound: Option<f64>) {
    if let Condition::InRange { min, max, .. } = test {
        *(if low { min } else { max }) = bound;
    }
}

/// How a value reads in the picker.
pub fn value_label(value: &ConditionValue) -> String {
    match value {
        ConditionValue::Bool(true) => "Yes".into(),
        ConditionValue::Bool(false) => "No".into(),
        ConditionValue::Number(n) => n.to_string(),
        ConditionValue::Text(t) => t.clone(),
    }
}

/// The condition as a joiner and its tests; `None` when it nests deeper than the pickers
/// edit (imported or sent through the API).
pub fn flatten(condition: Option<&Condition>) -> Option<(Joiner, Vec<Condition>)> {
    let leaf = |c: &Condition| !matches!(c, Condition::All { .. } | Condition::Any { .. });
    match condition {
        None => Some((Joiner::All, Vec::new())),
        Some(Condition::All { conditions }) if conditions.iter().all(leaf) => {
            Some((Joiner::All, conditions.clone()))
        }
        Some(Condition::Any { conditions }) if conditions.iter().all(leaf) => {
            Some((Joiner::Any, conditions.clone()))
        }
        Some(c) if leaf(c) => Some((Joiner::All, vec![c.clone()])),
        Some(_) => None,
    }
}

/// The tests joined back into a condition: none, one test, or all/any of them.
pub fn combine(joiner: Joiner, mut tests: Vec<Condition>) -> Option<Condition> {
    match (tests.len(), joiner) {
        (0, _) => None,
        (1, _) => tests.pop(),
        (_, Joiner::All) => Some(Condition::All { conditions: tests }),
        (_, Joiner::Any) => Some(Condition::Any { conditions: tests }),
    }
}

/// A change to a condition's joiner and tests, as the pickers make it.
pub type TestsEdit = Box<dyn FnOnce(&mut Joiner, &mut Vec<Condition>)>;

/// The target's condition.
pub fn condition_of(content: &ChecklistContent, target: Target) -> Option<&Condition> {
    match target {
        Target::Item(id) => content.item(id).and_then(|(_, i)| i.show_if.as_ref()),
        Target::Section(tp) => content
            .sections
            .iter()
            .find(|s| s.touchpoint_id == tp)
            .and_then(|s| s.show_if.as_ref()),
    }
}

/// Changes the target's condition through its joiner and tests (when the pickers edit it).
pub fn edit(
    content: &mut ChecklistContent,
    target: Target,
    f: impl FnOnce(&mut Joiner, &mut Vec<Condition>),
) {
    let Some((mut joiner, mut tests)) = flatten(condition_of(content, target)) else {
        return;
    };
    f(&mut joiner, &mut tests);
    set_condition(content, target, combine(joiner, tests));
}

/// Replaces (or, with `None`, removes) the target's condition.
pub fn set_condition(content: &mut ChecklistContent, target: Target, condition: Option<Condition>) {
    let slot = match target {
        Target::Item(id) => content
            .sections
            .iter_mut()
            .flat_map(|s| s.items.iter_mut())
            .find(|i| i.id == id)
            .map(|i| &mut i.show_if),
        Target::Section(tp) => content
            .sections
            .iter_mut()
            .find(|s| s.touchpoint_id == tp)
            .map(|s| &mut s.show_if),
    };
    if let Some(slot) = slot {
        *slot = condition;
    }
}

/// The items a condition of the target may test: those before it in the checklist (for a
/// section, those of earlier sections).
pub fn earlier_items(content: &ChecklistContent, target: Target) -> Vec<Item> {
    let mut earlier = Vec::new();
    for section in &content.sections {
        if target == Target::Section(section.touchpoint_id) {
            break;
        }
        for item in &section.items {
            if target == Target::Item(item.id) {
                return earlier;
            }
            earlier.push(item.clone());
        }
    }
    earlier
}

/// Checks the target's condition as saving will, for a message next to the pickers.
pub fn check(content: &ChecklistContent, target: Target) -> Valid {
    let Some(condition) = condition_of(content, target) else {
        return Ok(());
    };
    let earlier = earlier_items(content, target);
    let by_id: HashMap<Uuid, &Item> = earlier.iter().map(|i| (i.id, i)).collect();
    condition.validate("show_if", &Scope::new(by_id, content))
}
