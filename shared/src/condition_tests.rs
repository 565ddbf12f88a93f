use super::*;
use crate::audit::{AuditInput, AuditStatus};
use crate::checklist::{Band, ChoiceOption};
use crate::journey::Journey;
use crate::requirement::{Need, missing};
use crate::scoring::{Points, score_audit};
use crate::test_support::{answer, checklist, item, journey, yes_no};
use proptest::prelude::*;

fn option(label: &str, points: f64) -> ChoiceOption {
    ChoiceOption {
        label: label.into(),
        points,
    }
}

fn choice() -> ItemKind {
    ItemKind::Choice {
        options: vec![
            option("Coffee", 1.0),
            option("Water", 0.5),
            option("None", 0.0),
        ],
    }
}

/// Cup 1, Lid 2, Sleeve 0.5 capped at 2.5, with "None" as "none of these".
fn multi() -> ItemKind {
    ItemKind::MultiSelect {
        options: vec![
            option("Cup", 1.0),
            option("Lid", 2.0),
            option("Sleeve", 0.5),
        ],
        cap: Some(2.5),
        none_label: Some("None".into()),
    }
}

fn number() -> ItemKind {
    let band = |upto, points| Band { upto, points };
    ItemKind::Number {
        bands: vec![band(60.0, 2.0), band(180.0, 1.0)],
    }
}

/// A stopwatch scored by the bands of [`number`].
fn stopwatch() -> ItemKind {
    let ItemKind::Number { bands } = number() else {
        unreachable!("number() is a number item")
    };
    ItemKind::Stopwatch { bands }
}

/// `seconds` timed from the epoch.
fn timed(seconds: f64) -> AnswerValue {
    let started_at = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
    AnswerValue::Stopwatch(crate::answer_types::Timing {
        started_at,
        stopped_at: started_at + chrono::Duration::seconds(seconds as i64),
    })
}

fn equals(item: &Item, value: ConditionValue) -> Condition {
    Condition::Equals {
        item_id: item.id,
        value,
    }
}

fn asked(answers: &[Answer]) -> HashMap<Uuid, &Answer> {
    answers.iter().map(|a| (a.item_id, a)).collect()
}

#[test]
fn each_test_holds_exactly_on_the_answers_it_names() {
    let offered = item(yes_no(), 1.0);
    let drink = item(choice(), 1.0);
    let wait = item(number(), 1.0);
    let photo = item(ItemKind::Photo, 1.0);
    let answers = vec![
        answer(&offered, AnswerValue::YesNo(false)),
        answer(&drink, AnswerValue::Choice("Water".into())),
        answer(&wait, AnswerValue::Number(90.0)),
        answer(&photo, AnswerValue::Photo),
    ];
    let a = asked(&answers);
    let text = |t: &str| ConditionValue::Text(t.into());
    let cases = [
        (equals(&offered, ConditionValue::Bool(false)), true),
        (equals(&offered, ConditionValue::Bool(true)), false),
        (equals(&drink, text("Water")), true),
        (
            Condition::OneOf {
                item_id: drink.id,
                values: vec![text("Coffee"), text("Water")],
            },
            true,
        ),
        (
            Condition::NotOneOf {
                item_id: drink.id,
                values: vec![text("Water")],
            },
            false,
        ),
        (
            Condition::NotOneOf {
                item_id: drink.id,
                values: vec![text("None")],
            },
            true,
        ),
        (
            Condition::InRange {
                item_id: wait.id,
                min: Some(60.0),
                max: Some(120.0),
            },
            true,
        ),
        (
            Condition::InRange {
                item_id: wait.id,
                min: Some(91.0),
                max: None,
            },
            false,
        ),
        (
            Condition::InRange {
                item_id: wait.id,
                min: None,
                max: Some(90.0),
            },
            true,
        ),
        // A photo item without a photo is not answered yet.
        (Condition::Answered { item_id: photo.id }, false),
        (Condition::NotAnswered { item_id: photo.id }, true),
        (Condition::Answered { item_id: wait.id }, true),
        (
            Condition::All {
                conditions: vec![
                    equals(&offered, ConditionValue::Bool(false)),
                    equals(&drink, text("Coffee")),
                ],
            },
            false,
        ),
        (
            Condition::Any {
                conditions: vec![
                    equals(&offered, ConditionValue::Bool(true)),
                    equals(&drink, text("Water")),
                ],
            },
            true,
        ),
    ];
    for (condition, expected) in cases {
        assert_eq!(condition.holds(&a), expected, "{condition:?}");
    }
}

#[test]
fn unanswered_and_na_items_satisfy_no_value_test() {
    let drink = item(choice(), 1.0);
    let na = vec![answer(&drink, AnswerValue::Na)];
    let none: Vec<Answer> = Vec::new();
    let others = Condition::NotOneOf {
        item_id: drink.id,
        values: vec![ConditionValue::Text("Coffee".into())],
    };
    for answers in [&na, &none] {
        assert!(!others.holds(&asked(answers)));
        assert!(!equals(&drink, ConditionValue::Text("Coffee".into())).holds(&asked(answers)));
    }
    assert!(Condition::Answered { item_id: drink.id }.holds(&asked(&na)));
    assert!(Condition::NotAnswered { item_id: drink.id }.holds(&asked(&none)));
}

/// "Was a drink offered?" → "Which one?" only after yes; a whole section only after no.
fn drink_checklist() -> (ChecklistContent, Item, Item, Item) {
    let j = journey();
    let offered = item(yes_no(), 1.0);
    let mut which = item(choice(), 1.0);
    which.show_if = Some(equals(&offered, ConditionValue::Bool(true)));
    let why = item(ItemKind::Text, 1.0);
    let mut content = checklist(
        &j,
        vec![vec![offered.clone(), which.clone()], vec![why.clone()]],
    );
    content.sections[1].show_if = Some(equals(&offered, ConditionValue::Bool(false)));
    (content, offered, which, why)
}

#[test]
fn hidden_items_are_neither_earned_nor_possible_and_their_answers_go_at_submission() {
    let j = journey();
    let (mut content, offered, which, why) = drink_checklist();
    for (section, tp) in content
        .sections
        .iter_mut()
        .zip(j.stages[0].touchpoints.iter())
    {
        section.touchpoint_id = tp.id;
    }
    // The auditor first said yes and picked water, then changed the first answer to no.
    let answers = vec![
        answer(&offered, AnswerValue::YesNo(false)),
        answer(&which, AnswerValue::Choice("Water".into())),
        answer(&why, AnswerValue::Text("busy".into())),
    ];
    let visibility = Visibility::of(&content, &answers);
    assert!(!visibility.is_asked(which.id));
    assert!(visibility.is_asked(why.id));
    let score = score_audit(&content, &j, &answers);
    assert_eq!((score.total.earned, score.total.possible), (0.0, 1.0));

    let mut input = AuditInput {
        assignment_id: Uuid::now_v7(),
        status: AuditStatus::Submitted,
        visit: Default::default(),
        answers,
        touchpoint_notes: Vec::new(),
    };
    input.keep_asked(&content);
    let kept: Vec<Uuid> = input.answers.iter().map(|a| a.item_id).collect();
    assert_eq!(kept, vec![offered.id, why.id]);
}

#[test]
fn a_draft_keeps_the_answers_of_hidden_items() {
    let (content, offered, which, _) = drink_checklist();
    let mut input = AuditInput {
        assignment_id: Uuid::now_v7(),
        status: AuditStatus::Draft,
        visit: Default::default(),
        answers: vec![
            answer(&offered, AnswerValue::YesNo(false)),
            answer(&which, AnswerValue::Choice("Water".into())),
        ],
        touchpoint_notes: Vec::new(),
    };
    input.keep_asked(&content);
    assert_eq!(input.answers.len(), 2);
}

#[test]
fn hidden_required_items_are_not_missing_and_failures_ask_for_their_evidence() {
    let (mut content, offered, _, _) = drink_checklist();
    content.sections[0].items[1].required = true;
    content.sections[0].items[0].photo_if_failed = true;
    content.sections[0].items[0].note_if_failed = true;
    let needs = |answers: &[Answer]| -> Vec<Need> {
        missing(&content, true, answers)
            .iter()
            .map(|m| m.need)
            .collect()
    };
    let yes = answer(&offered, AnswerValue::YesNo(true));
    // "Which one?" is asked after yes and is required.
    assert_eq!(needs(&[yes]), vec![Need::Answer]);
    let mut no = answer(&offered, AnswerValue::YesNo(false));
    assert_eq!(needs(std::slice::from_ref(&no)), vec![Need::Photo]);
    no.photos.push("a".repeat(64));
    assert_eq!(needs(std::slice::from_ref(&no)), vec![Need::Note]);
    no.comment = "nobody at the counter".into();
    assert!(needs(&[no]).is_empty());
}

#[test]
fn saving_refuses_forward_dangling_self_and_ill_fitting_references_naming_the_item() {
    let j = journey();
    let first = item(yes_no(), 1.0);
    let second = item(choice(), 1.0);
    let touchpoints = j
        .stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(|t| t.id))
        .collect();
    let refuse = |show_if: Condition, on_first: bool, expected: &str| {
        let (mut a, mut b) = (first.clone(), second.clone());
        if on_first {
            a.show_if = Some(show_if);
        } else {
            b.show_if = Some(show_if);
        }
        let content = checklist(&j, vec![vec![a, b]]);
        let err = content.validate(&touchpoints).expect_err("refused");
        let field = if on_first { "items[0]" } else { "items[1]" };
        assert_eq!(err.field, format!("content.sections[0].{field}.show_if"));
        assert!(err.message.contains(expected), "{}", err.message);
    };
    let forward = Condition::Answered { item_id: second.id };
    refuse(forward, true, "not an earlier item");
    refuse(
        Condition::Answered { item_id: second.id },
        false,
        "not an earlier item",
    );
    refuse(
        Condition::Answered {
            item_id: Uuid::now_v7(),
        },
        false,
        "not an earlier item",
    );
    refuse(
        equals(&first, ConditionValue::Text("yes".into())),
        false,
        "can never be an answer",
    );
    let range = Condition::InRange {
        item_id: first.id,
        min: Some(1.0),
        max: None,
    };
    refuse(range, false, "has no range");
    refuse(
        Condition::Any { conditions: vec![] },
        false,
        "at least one condition",
    );
    let mut deep = Condition::Answered { item_id: first.id };
    for _ in 0..MAX_CONDITION_DEPTH {
        deep = Condition::All {
            conditions: vec![deep],
        };
    }
    refuse(deep, false, "nest at most");
}

#[test]
fn checklists_without_conditions_serialise_as_before() {
    let old = r#"{"id":"0190f3a4-7c2e-7000-8000-000000000001","label":"Greeted?","help":"","kind":{"type":"yes_no","yes_is_good":true},"weight":2.0,"allow_na":false,"critical":true,"required":true,"photo_required":false}"#;
    let parsed: Item = serde_json::from_str(old).expect("an old item parses");
    assert_eq!(serde_json::to_string(&parsed).expect("serialises"), old);
}

// ---- properties ----

/// A value for an item of `kind`, or N/A, or nothing.
fn arb_value(kind: &ItemKind) -> BoxedStrategy<Option<AnswerValue>> {
    let value: BoxedStrategy<AnswerValue> = match kind {
        ItemKind::YesNo { .. } => any::<bool>().prop_map(AnswerValue::YesNo).boxed(),
        ItemKind::Choice { options } => {
            let labels: Vec<String> = options.iter().map(|o| o.label.clone()).collect();
            proptest::sample::select(labels)
                .prop_map(AnswerValue::Choice)
                .boxed()
        }
        ItemKind::MultiSelect { options, .. } => {
            let labels: Vec<String> = options.iter().map(|o| o.label.clone()).collect();
            let some = proptest::sample::subsequence(labels, 1..=options.len());
            prop_oneof![
                4 => some.prop_map(AnswerValue::MultiSelect),
                1 => Just(AnswerValue::MultiSelect(vec!["None".into()])),
            ]
            .boxed()
        }
        ItemKind::Stopwatch { .. } => (0.0f64..240.0).prop_map(timed).boxed(),
        ItemKind::ShortText { .. } => prop_oneof![
            Just(AnswerValue::ShortText("Amira".into())),
            Just(AnswerValue::NotGiven),
        ]
        .boxed(),
        _ => (0.0f64..240.0)
            .prop_map(|v| AnswerValue::Number(v.round()))
            .boxed(),
    };
    prop_oneof![
        6 => value.prop_map(Some),
        1 => Just(Some(AnswerValue::Na)),
        2 => Just(None),
    ]
    .boxed()
}

/// A test on `target` that fits its kind, from a few random draws.
fn leaf(target: &Item, pick: u8, n: f64) -> Condition {
    let item_id = target.id;
    match (&target.kind, pick % 4) {
        (_, 0) => Condition::Answered { item_id },
        (_, 1) => Condition::NotAnswered { item_id },
        (ItemKind::ShortText { .. }, _) => Condition::Answered { item_id },
        (ItemKind::YesNo { .. }, _) => equals(target, ConditionValue::Bool(pick.is_multiple_of(2))),
        (ItemKind::Choice { .. }, 2) => equals(target, ConditionValue::Text("Coffee".into())),
        (ItemKind::Choice { .. } | ItemKind::MultiSelect { .. }, 3) => Condition::NotOneOf {
            item_id,
            values: vec![ConditionValue::Text("None".into())],
        },
        (ItemKind::MultiSelect { .. }, _) => equals(target, ConditionValue::Text("Lid".into())),
        _ => Condition::InRange {
            item_id,
            min: Some(n),
            max: None,
        },
    }
}

/// Random items of six kinds (yes/no, choice, number, multi-select, stopwatch, short
/// text), each after the first maybe shown only under a condition
/// on one or two earlier items; and random answers to all of them.
fn arb_audit() -> impl Strategy<Value = (ChecklistContent, Journey, Vec<Answer>)> {
    let kinds = proptest::collection::vec(
        (
            0u8..6,
            0.5f64..5.0,
            any::<bool>(),
            proptest::collection::vec((any::<u8>(), any::<u8>(), 0.0f64..200.0), 0..3),
        ),
        1..25,
    );
    kinds
        .prop_flat_map(|specs| {
            let j = journey();
            let mut items: Vec<Item> = Vec::new();
            for (kind, weight, critical, tests) in specs {
                let short = ItemKind::ShortText { not_given: true };
                let kinds = [yes_no(), choice(), number(), multi(), stopwatch(), short];
                let mut it = item(kinds[usize::from(kind)].clone(), weight);
                it.critical = critical && it.kind.is_scored();
                let leaves: Vec<Condition> = tests
                    .iter()
                    .filter(|_| !items.is_empty())
                    .map(|(at, pick, n)| leaf(&items[usize::from(*at) % items.len()], *pick, *n))
                    .collect();
                it.show_if = match leaves.len() {
                    0 => None,
                    1 => leaves.into_iter().next(),
                    _ if weight > 2.5 => Some(Condition::All { conditions: leaves }),
                    _ => Some(Condition::Any { conditions: leaves }),
                };
                items.push(it);
            }
            let split = items.len() / 2;
            let rest = items.split_off(split);
            let content = checklist(&j, vec![items, rest]);
            let values: Vec<_> = content.items().map(|(_, i)| arb_value(&i.kind)).collect();
            (Just(content), Just(j), values)
        })
        .prop_map(|(content, j, values)| {
            let answers = content
                .items()
                .zip(values)
                .filter_map(|((_, i), v)| v.map(|v| answer(i, v)))
                .collect();
            (content, j, answers)
        })
}

proptest! {
    #[test]
    fn the_phones_live_score_equals_the_servers_stored_score((content, j, answers) in arb_audit()) {
        let touchpoints = j.stages.iter().flat_map(|s| s.touchpoints.iter().map(|t| t.id)).collect();
        prop_assert!(content.validate(&touchpoints).is_ok());
        let live = score_audit(&content, &j, &answers);
        // What the server stores: the submission as it crossed the wire, hidden answers gone.
        let mut input = AuditInput {
            assignment_id: Uuid::now_v7(),
            status: AuditStatus::Submitted,
            visit: Default::default(),
            answers,
            touchpoint_notes: Vec::new(),
        };
        input.keep_asked(&content);
        let wire: AuditInput = serde_json::from_str(&serde_json::to_string(&input).expect("json"))
            .expect("parses");
        let stored = score_audit(&content, &j, &wire.answers);
        prop_assert_eq!(live, stored);
    }

    #[test]
    fn hiding_an_item_never_changes_another_items_points(
        (content, j, answers) in arb_audit(),
        pick in any::<prop::sample::Index>(),
    ) {
        let ids: Vec<Uuid> = content.items().map(|(_, i)| i.id).collect();
        let target = ids[pick.index(ids.len())];
        let mut hiding = content.clone();
        for section in &mut hiding.sections {
            for it in section.items.iter_mut().filter(|i| i.id == target) {
                it.show_if = Some(Condition::Any { conditions: Vec::new() });
            }
        }
        let before = score_audit(&content, &j, &answers);
        let after = score_audit(&hiding, &j, &answers);
        let (was, now) = (Visibility::of(&content, &answers), Visibility::of(&hiding, &answers));
        prop_assert!(after.items.iter().all(|s| s.item_id != target));
        // Items asked either way (their own asking did not hang on the hidden one) keep
        // their points.
        let both = |id: &Uuid| was.is_asked(*id) && now.is_asked(*id);
        for score in after.items.iter().filter(|s| both(&s.item_id)) {
            let earlier = before.items.iter().find(|s| s.item_id == score.item_id);
            prop_assert_eq!(earlier.map(|s| s.points), Some(score.points));
        }
    }

    #[test]
    fn without_conditions_every_item_is_asked_and_scores_on_its_own(
        (mut content, j, answers) in arb_audit(),
    ) {
        for section in &mut content.sections {
            for it in &mut section.items {
                it.show_if = None;
            }
        }
        let visibility = Visibility::of(&content, &answers);
        prop_assert_eq!(visibility.keep_asked(&answers), answers.clone());
        let score = score_audit(&content, &j, &answers);
        let expected: Vec<(Uuid, Points)> = content
            .items()
            .filter_map(|(_, i)| {
                let a = answers.iter().find(|a| a.item_id == i.id)?;
                crate::scoring::score_item(i, &a.value).map(|p| (i.id, p))
            })
            .collect();
        let got: Vec<(Uuid, Points)> = score.items.iter().map(|s| (s.item_id, s.points)).collect();
        prop_assert_eq!(got, expected);
    }
}

proptest! {
    #[test]
    fn a_multi_select_earns_its_picks_up_to_the_cap_and_validates_what_it_scores(
        value in arb_value(&multi())
    ) {
        let it = item(multi(), 1.0);
        let ItemKind::MultiSelect { options, .. } = &it.kind else {
            unreachable!("multi() is a multi-select");
        };
        if let Some(value @ AnswerValue::MultiSelect(picked)) = &value {
            let valid = crate::multi_select::check("v", options, Some("None"), picked);
            prop_assert!(valid.is_ok());
            let points = crate::scoring::score_item(&it, value).expect("scored");
            prop_assert!(points.earned >= 0.0 && points.earned <= points.possible);
            prop_assert!((points.possible - 2.5).abs() < 1e-9);
            if picked.as_slice() == ["None".to_owned()] {
                prop_assert_eq!(points.earned, 0.0);
            }
        }
    }
}
