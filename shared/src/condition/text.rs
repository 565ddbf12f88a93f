//! Conditions written as text, for spreadsheet imports: items are named by a short key of
//! the sheet (`Q1`), values as a person writes them.
//!
//! ```text
//! Q1 = no                      Q2 in Coffee; Water           Q2 not in None
//! Q4 between 0 and 60          Q4 >= 3          Q4 <= 60     Q5 answered     Q5 not answered
//! Q1 = no and Q4 >= 120        (all)            Q1 = no or Q2 = Water        (any)
//! ```
//! One level of `and` or of `or`; for deeper nesting, edit the checklist in the builder.

use super::reach::values_for;
use super::{Condition, ConditionValue};
use crate::checklist::ItemKind;
use uuid::Uuid;

/// Parses `text`; `resolve` finds an earlier item's id and kind by its key.
pub fn parse<'k>(
    text: &str,
    resolve: impl Fn(&str) -> Option<(Uuid, &'k ItemKind)>,
) -> Result<Condition, String> {
    let lower = text.to_ascii_lowercase();
    let (joiner, parts) = if lower.contains(" and ") && lower.contains(" or ") {
        return Err("use either `and` or `or` in one condition, not both".into());
    } else if lower.contains(" or ") {
        ("or", split_words(text, " or "))
    } else {
        ("and", split_words(text, " and "))
    };
    let mut tests = Vec::new();
    for part in &parts {
        tests.push(test(part.trim(), &resolve)?);
    }
    Ok(match (tests.len(), joiner) {
        (1, _) => tests.remove(0),
        (_, "or") => Condition::Any { conditions: tests },
        _ => Condition::All { conditions: tests },
    })
}

/// Splits on `sep` in any case, except the `and` of a `between … and …`.
fn split_words(text: &str, sep: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, _) in lower.match_indices(sep) {
        let part = &lower[start..at];
        if sep == " and " && part.contains(" between ") && !part.contains(" and ") {
            continue;
        }
        parts.push(text[start..at].to_owned());
        start = at + sep.len();
    }
    parts.push(text[start..].to_owned());
    parts
}

const OPERATORS: [&str; 9] = [
    " not answered",
    " answered",
    " not in ",
    " in ",
    " between ",
    ">=",
    "<=",
    "=",
    "≠",
];

fn test<'k>(
    text: &str,
    resolve: &impl Fn(&str) -> Option<(Uuid, &'k ItemKind)>,
) -> Result<Condition, String> {
    let lower = text.to_ascii_lowercase();
    let Some((at, op)) = OPERATORS
        .iter()
        .filter_map(|op| lower.find(op).map(|at| (at, *op)))
        .min_by_key(|(at, op)| (*at, std::cmp::Reverse(op.len())))
    else {
        return Err(format!(
            "`{text}` is not a condition: write e.g. `Q1 = no`, `Q2 in A; B`, `Q3 between 1 and 5` or `Q4 answered`"
        ));
    };
    let key = text[..at].trim();
    let rest = text[at + op.len()..].trim();
    let (item_id, kind) =
        resolve(key).ok_or_else(|| format!("no earlier item has the key `{key}`"))?;
    let value = |v: &str| value(v.trim(), kind);
    let values = |v: &str| -> Result<Vec<ConditionValue>, String> {
        v.split([';', '|'])
            .filter(|v| !v.trim().is_empty())
            .map(value)
            .collect()
    };
    let number = |v: &str| -> Result<f64, String> {
        v.trim()
            .parse::<f64>()
            .map_err(|_| format!("`{}` is not a number", v.trim()))
    };
    Ok(match op {
        " not answered" => Condition::NotAnswered { item_id },
        " answered" => Condition::Answered { item_id },
        " not in " => Condition::NotOneOf {
            item_id,
            values: values(rest)?,
        },
        " in " => Condition::OneOf {
            item_id,
            values: values(rest)?,
        },
        " between " => {
            let lower = rest.to_ascii_lowercase();
            let and = lower.find(" and ").ok_or("write `between LOW and HIGH`")?;
            let (min, max) = (number(&rest[..and])?, number(&rest[and + 5..])?);
            Condition::InRange {
                item_id,
                min: Some(min),
                max: Some(max),
            }
        }
        ">=" => Condition::InRange {
            item_id,
            min: Some(number(rest)?),
            max: None,
        },
        "<=" => Condition::InRange {
            item_id,
            min: None,
            max: Some(number(rest)?),
        },
        "≠" => Condition::NotOneOf {
            item_id,
            values: values(rest)?,
        },
        _ => Condition::Equals {
            item_id,
            value: value(rest)?,
        },
    })
}

/// A value as a person writes it, read by the kind of the item it is compared with.
fn value(text: &str, kind: &ItemKind) -> Result<ConditionValue, String> {
    match kind {
        ItemKind::YesNo { .. } => match text.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Ok(ConditionValue::Bool(true)),
            "no" | "n" | "false" => Ok(ConditionValue::Bool(false)),
            _ => Err(format!("`{text}` is not yes or no")),
        },
        ItemKind::Choice { .. } | ItemKind::MultiSelect { .. } => {
            let labels: Vec<String> = values_for(kind)
                .into_iter()
                .filter_map(|v| match v {
                    ConditionValue::Text(l) => Some(l),
                    _ => None,
                })
                .collect();
            labels
                .iter()
                .find(|l| l.eq_ignore_ascii_case(text))
                .map(|l| ConditionValue::Text(l.clone()))
                .ok_or_else(|| {
                    format!(
                        "`{text}` is not an option; the options are: {}",
                        labels.join(", ")
                    )
                })
        }
        ItemKind::Scale { .. }
        | ItemKind::Number { .. }
        | ItemKind::Nps
        | ItemKind::Stopwatch { .. } => text
            .parse::<f64>()
            .map(ConditionValue::Number)
            .map_err(|_| format!("`{text}` is not a number")),
        _ => Err(
            "text, photo, date, time, receipt, signature and barcode items can only be tested \
             with `answered` or `not answered`"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checklist::{Band, ChoiceOption};

    fn kinds() -> Vec<(&'static str, Uuid, ItemKind)> {
        let option = |label: &str| ChoiceOption {
            label: label.into(),
            points: 1.0,
        };
        vec![
            ("Q1", Uuid::now_v7(), ItemKind::YesNo { yes_is_good: true }),
            (
                "Q2",
                Uuid::now_v7(),
                ItemKind::Choice {
                    options: vec![option("Coffee"), option("Water")],
                },
            ),
            (
                "Q3",
                Uuid::now_v7(),
                ItemKind::Number {
                    bands: vec![Band {
                        upto: 60.0,
                        points: 1.0,
                    }],
                },
            ),
            ("Q4", Uuid::now_v7(), ItemKind::Text),
        ]
    }

    #[test]
    fn each_form_reads_into_its_condition_and_mistakes_say_what_to_write() {
        let kinds = kinds();
        let resolve = |key: &str| {
            kinds
                .iter()
                .find(|(k, ..)| k.eq_ignore_ascii_case(key))
                .map(|(_, id, kind)| (*id, kind))
        };
        let id = |n: usize| kinds[n].1;
        let text = |t: &str| ConditionValue::Text(t.into());
        let cases = [
            (
                "Q1 = no",
                Condition::Equals {
                    item_id: id(0),
                    value: ConditionValue::Bool(false),
                },
            ),
            (
                "q2 in coffee; Water",
                Condition::OneOf {
                    item_id: id(1),
                    values: vec![text("Coffee"), text("Water")],
                },
            ),
            (
                "Q2 not in Water",
                Condition::NotOneOf {
                    item_id: id(1),
                    values: vec![text("Water")],
                },
            ),
            (
                "Q3 between 10 and 60",
                Condition::InRange {
                    item_id: id(2),
                    min: Some(10.0),
                    max: Some(60.0),
                },
            ),
            (
                "Q3 >= 5",
                Condition::InRange {
                    item_id: id(2),
                    min: Some(5.0),
                    max: None,
                },
            ),
            ("Q4 not answered", Condition::NotAnswered { item_id: id(3) }),
            (
                "Q1 = yes AND Q3 between 1 and 2 and Q4 answered",
                Condition::All {
                    conditions: vec![
                        Condition::Equals {
                            item_id: id(0),
                            value: ConditionValue::Bool(true),
                        },
                        Condition::InRange {
                            item_id: id(2),
                            min: Some(1.0),
                            max: Some(2.0),
                        },
                        Condition::Answered { item_id: id(3) },
                    ],
                },
            ),
            (
                "Q1 = no or Q2 = water",
                Condition::Any {
                    conditions: vec![
                        Condition::Equals {
                            item_id: id(0),
                            value: ConditionValue::Bool(false),
                        },
                        Condition::Equals {
                            item_id: id(1),
                            value: text("Water"),
                        },
                    ],
                },
            ),
        ];
        for (written, expected) in cases {
            assert_eq!(parse(written, resolve), Ok(expected), "{written}");
        }
        for (written, says) in [
            ("Q9 = yes", "no earlier item has the key `Q9`"),
            ("Q1 = maybe", "not yes or no"),
            ("Q2 = Tea", "the options are: Coffee, Water"),
            ("Q4 = hello", "only be tested with `answered`"),
            ("Q1 = no and Q2 = Water or Q3 >= 1", "either `and` or `or`"),
            ("whatever", "is not a condition"),
        ] {
            let err = parse(written, resolve).expect_err(written);
            assert!(err.contains(says), "{written}: {err}");
        }
    }
}
