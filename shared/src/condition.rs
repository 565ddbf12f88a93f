//! Branching: `show_if` conditions on earlier answers, and which items an audit asks.
//!
//! One evaluator serves the phone's form, the server's validation and scoring, the builder's
//! preview and the imports, so they always agree on which items are asked. A condition may
//! refer only to items that come earlier in the checklist; checking that when a checklist is
//! saved rules out cycles, and lets [`Visibility::of`] decide every item in one pass.

use crate::audit::{Answer, AnswerValue};
use crate::checklist::{ChecklistContent, Item, ItemKind};
use crate::error::{FieldError, Valid};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub mod reach;
pub mod text;

/// How deep `all` / `any` may nest: enough for real checklists, bounded for the evaluator.
pub const MAX_CONDITION_DEPTH: usize = 4;
/// How many tests (leaves) one condition may hold.
pub const MAX_CONDITION_TESTS: usize = 20;

/// When an item or a section is asked, decided on earlier answers of the same audit.
///
/// A test on an item that is unanswered, answered N/A or itself hidden is false, except
/// `not_answered`, which is true for all three.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Every condition holds.
    All {
        /// The conditions.
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        conditions: Vec<Condition>,
    },
    /// At least one condition holds.
    Any {
        /// The conditions.
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        conditions: Vec<Condition>,
    },
    /// The item's answer equals `value`.
    Equals {
        /// The earlier item.
        item_id: Uuid,
        /// `true`/`false` for yes/no, an option's label for a choice or a multi-select (which
        /// holds when that option is among those picked), a number otherwise.
        value: ConditionValue,
    },
    /// The item's answer is one of `values`.
    OneOf {
        /// The earlier item.
        item_id: Uuid,
        /// The values.
        values: Vec<ConditionValue>,
    },
    /// The item is answered with a value that is none of `values`.
    NotOneOf {
        /// The earlier item.
        item_id: Uuid,
        /// The values.
        values: Vec<ConditionValue>,
    },
    /// The item's number, scale or NPS answer lies in `min..=max` (either bound optional).
    InRange {
        /// The earlier item.
        item_id: Uuid,
        /// Lowest value that holds.
        #[serde(default)]
        min: Option<f64>,
        /// Highest value that holds.
        #[serde(default)]
        max: Option<f64>,
    },
    /// The item has an answer (N/A counts; a photo item needs a photo).
    Answered {
        /// The earlier item.
        item_id: Uuid,
    },
    /// The item has no answer, or is hidden.
    NotAnswered {
        /// The earlier item.
        item_id: Uuid,
    },
}

/// A value a condition compares an answer with.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum ConditionValue {
    /// A yes/no answer.
    Bool(bool),
    /// A number, scale or NPS answer.
    Number(f64),
    /// An option label of a choice or a multi-select.
    Text(String),
}

impl ConditionValue {
    fn matches(&self, answer: &AnswerValue) -> bool {
        match (self, answer) {
            (ConditionValue::Bool(b), AnswerValue::YesNo(a)) => a == b,
            (ConditionValue::Text(t), AnswerValue::Choice(a)) => a == t,
            (ConditionValue::Text(t), AnswerValue::MultiSelect(picked)) => picked.contains(t),
            (ConditionValue::Number(n), a) => number(a) == Some(*n),
            _ => false,
        }
    }

    /// Whether this value can ever match an answer to `kind`.
    fn fits(&self, kind: &ItemKind) -> bool {
        match (self, kind) {
            (ConditionValue::Bool(_), ItemKind::YesNo { .. }) => true,
            (ConditionValue::Text(t), ItemKind::Choice { options }) => {
                options.iter().any(|o| &o.label == t)
            }
            (
                ConditionValue::Text(t),
                ItemKind::MultiSelect {
                    options,
                    none_label,
                    ..
                },
            ) => options.iter().any(|o| &o.label == t) || none_label.as_ref() == Some(t),
            (ConditionValue::Number(n), k) => n.is_finite() && is_numeric(k),
            _ => false,
        }
    }
}

fn number(value: &AnswerValue) -> Option<f64> {
    match value {
        AnswerValue::Scale(v) | AnswerValue::Number(v) => Some(*v),
        AnswerValue::Nps(v) => Some(f64::from(*v)),
        AnswerValue::Stopwatch(t) => Some(t.seconds()),
        _ => None,
    }
}

fn is_numeric(kind: &ItemKind) -> bool {
    matches!(
        kind,
        ItemKind::Scale { .. }
            | ItemKind::Number { .. }
            | ItemKind::Nps
            | ItemKind::Stopwatch { .. }
    )
}

/// Whether an answer counts as given: any value or N/A; a photo or signature item needs its
/// photo.
pub fn is_given(answer: &Answer) -> bool {
    !matches!(answer.value, AnswerValue::Photo | AnswerValue::Signature)
        || !answer.photos.is_empty()
}

impl Condition {
    /// Whether the condition holds, given the answers of the items asked so far.
    pub fn holds(&self, asked: &HashMap<Uuid, &Answer>) -> bool {
        let value = |id: &Uuid| asked.get(id).map(|a| &a.value);
        match self {
            Condition::All { conditions } => conditions.iter().all(|c| c.holds(asked)),
            Condition::Any { conditions } => conditions.iter().any(|c| c.holds(asked)),
            Condition::Equals { item_id, value: v } => value(item_id).is_some_and(|a| v.matches(a)),
            Condition::OneOf { item_id, values } => {
                value(item_id).is_some_and(|a| values.iter().any(|v| v.matches(a)))
            }
            Condition::NotOneOf { item_id, values } => value(item_id)
                .is_some_and(|a| *a != AnswerValue::Na && !values.iter().any(|v| v.matches(a))),
            Condition::InRange { item_id, min, max } => value(item_id)
                .and_then(number)
                .is_some_and(|n| min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m)),
            Condition::Answered { item_id } => asked.get(item_id).is_some_and(|a| is_given(a)),
            Condition::NotAnswered { item_id } => !asked.get(item_id).is_some_and(|a| is_given(a)),
        }
    }

    /// The items the condition refers to, in order of appearance.
    pub fn item_ids(&self) -> Vec<Uuid> {
        let mut ids = Vec::new();
        self.visit(&mut |c| {
            if let Some(id) = c.item_id() {
                ids.push(id);
            }
        });
        ids
    }

    fn item_id(&self) -> Option<Uuid> {
        match self {
            Condition::All { .. } | Condition::Any { .. } => None,
            Condition::Equals { item_id, .. }
            | Condition::OneOf { item_id, .. }
            | Condition::NotOneOf { item_id, .. }
            | Condition::InRange { item_id, .. }
            | Condition::Answered { item_id }
            | Condition::NotAnswered { item_id } => Some(*item_id),
        }
    }

    fn visit(&self, f: &mut impl FnMut(&Condition)) {
        f(self);
        if let Condition::All { conditions } | Condition::Any { conditions } = self {
            for c in conditions {
                c.visit(f);
            }
        }
    }

    fn depth(&self) -> usize {
        match self {
            Condition::All { conditions } | Condition::Any { conditions } => {
                1 + conditions.iter().map(Condition::depth).max().unwrap_or(0)
            }
            _ => 1,
        }
    }

    /// Checks the condition of the item or section at `field`; `scope` holds the items that
    /// come before it in the checklist and all of its items, by id.
    pub fn validate(&self, field: &str, scope: &Scope) -> Valid {
        if self.depth() > MAX_CONDITION_DEPTH {
            return Err(FieldError::new(
                field,
                format!("conditions nest at most {MAX_CONDITION_DEPTH} levels deep"),
            ));
        }
        let mut tests = 0;
        let mut problem = None;
        self.visit(&mut |c| {
            if problem.is_none() {
                tests += usize::from(c.item_id().is_some());
                problem = c.problem(scope).err();
            }
        });
        if let Some(message) = problem {
            return Err(FieldError::new(field, message));
        }
        if tests > MAX_CONDITION_TESTS {
            return Err(FieldError::new(
                field,
                format!("a condition holds at most {MAX_CONDITION_TESTS} tests"),
            ));
        }
        Ok(())
    }

    /// What is wrong with this node alone, if anything.
    fn problem(&self, scope: &Scope) -> Result<(), String> {
        let (item_id, values) = match self {
            Condition::All { conditions } | Condition::Any { conditions } => {
                return if conditions.is_empty() {
                    Err("`all` and `any` need at least one condition".into())
                } else {
                    Ok(())
                };
            }
            Condition::Equals { item_id, value } => (item_id, std::slice::from_ref(value)),
            Condition::OneOf { item_id, values } | Condition::NotOneOf { item_id, values } => {
                (item_id, values.as_slice())
            }
            Condition::InRange { item_id, min, max } => {
                let item = scope.earlier_item(item_id)?;
                return range_problem(item, *min, *max);
            }
            Condition::Answered { item_id } | Condition::NotAnswered { item_id } => {
                return scope.earlier_item(item_id).map(|_| ());
            }
        };
        let item = scope.earlier_item(item_id)?;
        if values.is_empty() {
            return Err(format!(
                "give at least one value to compare \"{}\" with",
                item.label
            ));
        }
        match values.iter().find(|v| !v.fits(&item.kind)) {
            Some(v) => Err(format!(
                "{} can never be an answer to \"{}\"",
                describe(v),
                item.label
            )),
            None => Ok(()),
        }
    }
}

/// The items a condition may refer to (those before it) and every item of its checklist, to
/// name what a wrong reference points at.
#[derive(Debug, Default)]
pub struct Scope<'a> {
    earlier: HashMap<Uuid, &'a Item>,
    all: HashMap<Uuid, &'a Item>,
}

impl<'a> Scope<'a> {
    /// The scope of a condition placed after the `earlier` items of `content`.
    pub fn new(earlier: HashMap<Uuid, &'a Item>, content: &'a ChecklistContent) -> Self {
        Scope {
            earlier,
            all: content.items().map(|(_, item)| (item.id, item)).collect(),
        }
    }

    fn earlier_item(&self, id: &Uuid) -> Result<&'a Item, String> {
        if let Some(item) = self.earlier.get(id) {
            return Ok(item);
        }
        Err(match self.all.get(id) {
            Some(item) => format!(
                "refers to item {id} (\"{}\"), which is not an earlier item: a condition may only look back",
                item.label
            ),
            None => format!("refers to item {id}, which is not an earlier item of this checklist"),
        })
    }
}

fn range_problem(item: &Item, min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    if !is_numeric(&item.kind) {
        return Err(format!(
            "\"{}\" is not answered with a number, so it has no range",
            item.label
        ));
    }
    let finite = min.is_none_or(f64::is_finite) && max.is_none_or(f64::is_finite);
    match (min, max) {
        _ if !finite => Err("a range's bounds must be finite numbers".into()),
        (None, None) => Err("a range needs `min`, `max` or both".into()),
        (Some(lo), Some(hi)) if lo > hi => Err("a range's `min` must not exceed its `max`".into()),
        _ => Ok(()),
    }
}

fn describe(value: &ConditionValue) -> String {
    match value {
        ConditionValue::Bool(b) => format!("`{b}`"),
        ConditionValue::Number(n) => format!("the number {n}"),
        ConditionValue::Text(t) => format!("\"{t}\""),
    }
}

/// Checks every `show_if` of a checklist: each refers only to earlier items (no forward,
/// dangling or self reference, hence no cycle) with values that fit them. A section's
/// condition may refer to items of earlier sections only.
pub fn validate_conditions(content: &ChecklistContent) -> Valid {
    let mut scope = Scope::new(HashMap::new(), content);
    for (s, section) in content.sections.iter().enumerate() {
        if let Some(condition) = &section.show_if {
            condition.validate(&format!("content.sections[{s}].show_if"), &scope)?;
        }
        for (i, item) in section.items.iter().enumerate() {
            if let Some(condition) = &item.show_if {
                let field = format!("content.sections[{s}].items[{i}].show_if");
                condition
                    .validate(&field, &scope)
                    .map_err(|e| e.about(&item.label))?;
            }
            scope.earlier.insert(item.id, item);
        }
    }
    Ok(())
}

/// Which items of a checklist an audit asks, given its answers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Visibility {
    hidden: HashSet<Uuid>,
}

impl Visibility {
    /// Decides every item in checklist order: an item is asked when its section's and its
    /// own conditions hold on the answers of the items asked before it.
    pub fn of(content: &ChecklistContent, answers: &[Answer]) -> Visibility {
        let by_item: HashMap<Uuid, &Answer> = answers.iter().map(|a| (a.item_id, a)).collect();
        let mut asked: HashMap<Uuid, &Answer> = HashMap::new();
        let mut hidden = HashSet::new();
        for section in &content.sections {
            let section_shown = section.show_if.as_ref().is_none_or(|c| c.holds(&asked));
            for item in &section.items {
                let shown = section_shown && item.show_if.as_ref().is_none_or(|c| c.holds(&asked));
                if !shown {
                    hidden.insert(item.id);
                } else if let Some(answer) = by_item.get(&item.id) {
                    asked.insert(item.id, answer);
                }
            }
        }
        Visibility { hidden }
    }

    /// Whether the audit asks this item.
    pub fn is_asked(&self, item_id: Uuid) -> bool {
        !self.hidden.contains(&item_id)
    }

    /// The answers to asked items, in their order: what a submission keeps.
    pub fn keep_asked(&self, answers: &[Answer]) -> Vec<Answer> {
        answers
            .iter()
            .filter(|a| self.is_asked(a.item_id))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
#[path = "condition_tests.rs"]
mod tests;
