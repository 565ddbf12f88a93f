use super::*;
use crate::checklist::{Band, ChoiceOption};
use crate::test_support::{checklist, item, journey, yes_no};

fn equals(item: &Item, value: ConditionValue) -> Condition {
    Condition::Equals {
        item_id: item.id,
        value,
    }
}

fn no(item: &Item) -> Condition {
    equals(item, ConditionValue::Bool(false))
}

fn yes(item: &Item) -> Condition {
    equals(item, ConditionValue::Bool(true))
}

fn with_condition(mut item: Item, condition: Condition) -> Item {
    item.show_if = Some(condition);
    item
}

#[test]
fn items_that_some_answers_show_are_reachable() {
    let j = journey();
    let offered = item(yes_no(), 1.0);
    let which = with_condition(item(yes_no(), 1.0), yes(&offered));
    let why = with_condition(item(ItemKind::Text, 1.0), no(&offered));
    let deeper = with_condition(item(ItemKind::Text, 1.0), no(&which));
    let content = checklist(&j, vec![vec![offered, which, why, deeper]]);
    assert!(never_shown(&content).is_empty());
}

#[test]
fn contradictions_ranges_outside_the_scale_and_hidden_dependencies_are_never_shown() {
    let j = journey();
    let offered = item(yes_no(), 1.0);
    let both = with_condition(
        item(ItemKind::Text, 1.0),
        Condition::All {
            conditions: vec![yes(&offered), no(&offered)],
        },
    );
    let scale = item(ItemKind::Scale { min: 1.0, max: 5.0 }, 1.0);
    let above = with_condition(
        item(ItemKind::Text, 1.0),
        Condition::InRange {
            item_id: scale.id,
            min: Some(6.0),
            max: None,
        },
    );
    let inside = with_condition(
        item(ItemKind::Text, 1.0),
        Condition::InRange {
            item_id: scale.id,
            min: Some(4.5),
            max: Some(4.6),
        },
    );
    // Asked only after "yes", then tested for an answer only "no" would allow.
    let which = with_condition(item(yes_no(), 1.0), yes(&offered));
    let after = with_condition(
        item(ItemKind::Text, 1.0),
        Condition::All {
            conditions: vec![no(&offered), Condition::Answered { item_id: which.id }],
        },
    );
    let mut content = checklist(
        &j,
        vec![
            vec![offered.clone(), both.clone(), scale, above.clone(), inside],
            vec![which, after.clone()],
            vec![item(ItemKind::Text, 1.0)],
        ],
    );
    // A whole section behind a contradiction.
    content.sections[2].show_if = Some(Condition::All {
        conditions: vec![yes(&offered), no(&offered)],
    });
    let hidden_section_item = content.sections[2].items[0].id;
    assert_eq!(
        never_shown(&content),
        vec![both.id, above.id, after.id, hidden_section_item]
    );
}

#[test]
fn numbers_choices_and_not_one_of_are_tried_at_their_edges() {
    let j = journey();
    let wait = item(
        ItemKind::Number {
            bands: vec![Band {
                upto: 60.0,
                points: 1.0,
            }],
        },
        1.0,
    );
    let drink = item(
        ItemKind::Choice {
            options: vec![
                ChoiceOption {
                    label: "Coffee".into(),
                    points: 1.0,
                },
                ChoiceOption {
                    label: "Water".into(),
                    points: 0.0,
                },
            ],
        },
        1.0,
    );
    let long_and_other = with_condition(
        item(ItemKind::Text, 1.0),
        Condition::All {
            conditions: vec![
                Condition::InRange {
                    item_id: wait.id,
                    min: Some(120.0),
                    max: None,
                },
                Condition::NotOneOf {
                    item_id: drink.id,
                    values: vec![ConditionValue::Text("Coffee".into())],
                },
            ],
        },
    );
    let neither = with_condition(
        item(ItemKind::Text, 1.0),
        Condition::NotOneOf {
            item_id: drink.id,
            values: vec![
                ConditionValue::Text("Coffee".into()),
                ConditionValue::Text("Water".into()),
            ],
        },
    );
    let unanswered = with_condition(
        item(ItemKind::Text, 1.0),
        Condition::NotAnswered { item_id: drink.id },
    );
    let content = checklist(
        &j,
        vec![vec![
            wait,
            drink,
            long_and_other,
            neither.clone(),
            unanswered,
        ]],
    );
    assert_eq!(never_shown(&content), vec![neither.id]);
}

#[test]
fn pickers_offer_the_values_that_fit_each_kind() {
    assert_eq!(
        values_for(&yes_no()),
        vec![ConditionValue::Bool(true), ConditionValue::Bool(false)]
    );
    assert!(values_for(&ItemKind::Nps).is_empty());
    assert!(takes_range(&ItemKind::Nps));
    assert!(!takes_range(&ItemKind::Text));
}
