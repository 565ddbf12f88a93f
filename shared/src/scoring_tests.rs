use super::*;
use crate::checklist::{Band, ChoiceOption};
use crate::test_support::{answer, checklist, close, item, journey, yes_no};
use proptest::prelude::*;

#[test]
fn yes_no_earns_weight_for_the_good_answer() {
    let good = item(yes_no(), 3.0);
    let inverted = item(ItemKind::YesNo { yes_is_good: false }, 2.0);
    let p = score_item(&good, &AnswerValue::YesNo(true)).expect("scored");
    assert_eq!((p.earned, p.possible), (3.0, 3.0));
    let p = score_item(&good, &AnswerValue::YesNo(false)).expect("scored");
    assert_eq!((p.earned, p.possible), (0.0, 3.0));
    let p = score_item(&inverted, &AnswerValue::YesNo(true)).expect("scored");
    assert_eq!((p.earned, p.possible), (0.0, 2.0));
    let p = score_item(&inverted, &AnswerValue::YesNo(false)).expect("scored");
    assert_eq!((p.earned, p.possible), (2.0, 2.0));
}

#[test]
fn scale_is_linear_between_min_and_max() {
    let s = item(ItemKind::Scale { min: 1.0, max: 5.0 }, 4.0);
    let p = score_item(&s, &AnswerValue::Scale(4.0)).expect("scored");
    assert!(close(p.earned, 3.0));
    assert!(close(p.possible, 4.0));
}

#[test]
fn choice_possible_is_the_best_option() {
    let c = item(
        ItemKind::Choice {
            options: vec![
                ChoiceOption {
                    label: "warm".into(),
                    points: 5.0,
                },
                ChoiceOption {
                    label: "neutral".into(),
                    points: 2.0,
                },
                ChoiceOption {
                    label: "cold".into(),
                    points: 0.0,
                },
            ],
        },
        1.0,
    );
    let p = score_item(&c, &AnswerValue::Choice("neutral".into())).expect("scored");
    assert_eq!((p.earned, p.possible), (2.0, 5.0));
}

#[test]
fn number_uses_the_first_band_that_covers_the_value() {
    let n = item(
        ItemKind::Number {
            bands: vec![
                Band {
                    upto: 60.0,
                    points: 10.0,
                },
                Band {
                    upto: 180.0,
                    points: 5.0,
                },
                Band {
                    upto: 300.0,
                    points: 2.0,
                },
            ],
        },
        1.0,
    );
    let earned = |v| {
        score_item(&n, &AnswerValue::Number(v))
            .expect("scored")
            .earned
    };
    assert_eq!(earned(60.0), 10.0);
    assert_eq!(earned(61.0), 5.0);
    assert_eq!(earned(300.0), 2.0);
    assert_eq!(earned(301.0), 0.0);
    assert_eq!(
        score_item(&n, &AnswerValue::Number(5.0))
            .expect("scored")
            .possible,
        10.0
    );
}

#[test]
fn unscored_kinds_and_na_score_nothing() {
    assert!(score_item(&item(ItemKind::Nps, 1.0), &AnswerValue::Nps(9)).is_none());
    assert!(score_item(&item(ItemKind::Text, 1.0), &AnswerValue::Text("x".into())).is_none());
    assert!(score_item(&item(ItemKind::Photo, 1.0), &AnswerValue::Photo).is_none());
    assert!(score_item(&item(yes_no(), 1.0), &AnswerValue::Na).is_none());
}

#[test]
fn touchpoint_stage_and_audit_percentages() {
    let j = journey();
    let (a, b, c, d) = (
        item(yes_no(), 1.0),
        item(yes_no(), 3.0),
        item(
            ItemKind::Scale {
                min: 0.0,
                max: 10.0,
            },
            2.0,
        ),
        item(yes_no(), 1.0),
    );
    let answers = vec![
        answer(&a, AnswerValue::YesNo(true)),
        answer(&b, AnswerValue::YesNo(false)),
        answer(&c, AnswerValue::Scale(5.0)),
        answer(&d, AnswerValue::Na),
    ];
    let content = checklist(&j, vec![vec![a, b], vec![c], vec![d]]);
    let score = score_audit(&content, &j, &answers);

    assert!(close(
        score.touchpoints[0].points.percent().expect("t0"),
        25.0
    ));
    assert!(close(
        score.touchpoints[1].points.percent().expect("t1"),
        50.0
    ));
    assert_eq!(
        score.touchpoints[2].points.percent(),
        None,
        "all N/A is no score"
    );
    // Stage A: (1 + 0 + 1) / (1 + 3 + 2)
    assert!(close(
        score.stages[0].points.percent().expect("A"),
        100.0 / 3.0
    ));
    assert_eq!(score.stages[1].points.percent(), None);
    assert!(close(score.total.percent().expect("total"), 100.0 / 3.0));
}

#[test]
fn critical_failure_zeroes_the_audit_only_when_the_checklist_says_so() {
    let j = journey();
    let mut crit = item(yes_no(), 1.0);
    crit.critical = true;
    let ok = item(yes_no(), 9.0);
    let answers = vec![
        answer(&crit, AnswerValue::YesNo(false)),
        answer(&ok, AnswerValue::YesNo(true)),
    ];
    let mut content = checklist(&j, vec![vec![crit], vec![ok]]);

    let score = score_audit(&content, &j, &answers);
    assert!(score.total.critical_failure);
    assert!(score.touchpoints[0].points.critical_failure);
    assert!(!score.touchpoints[1].points.critical_failure);
    assert!(close(score.total.percent().expect("total"), 90.0));

    content.critical_fails_audit = true;
    let score = score_audit(&content, &j, &answers);
    assert!(score.failed_by_critical);
    assert_eq!(score.total.percent(), Some(0.0));
    assert!(close(
        score.touchpoints[1].points.percent().expect("t1"),
        100.0
    ));
}

#[test]
fn nps_is_promoters_minus_detractors() {
    assert_eq!(nps([10, 9, 8, 7, 6]), Some(20.0));
    assert_eq!(nps([0, 0]), Some(-100.0));
    assert_eq!(nps(std::iter::empty()), None);
}

#[test]
fn audit_picks_up_its_nps_answer() {
    let j = journey();
    let q = item(ItemKind::Nps, 1.0);
    let answers = vec![answer(&q, AnswerValue::Nps(9))];
    let content = checklist(&j, vec![vec![q]]);
    let score = score_audit(&content, &j, &answers);
    assert_eq!(score.nps, Some(9));
    assert_eq!(score.total.percent(), None);
}

fn arb_answer() -> impl Strategy<Value = (f64, Option<bool>)> {
    // (weight, Some(yes) | None = N/A)
    (0.5f64..10.0, proptest::option::of(any::<bool>()))
}

proptest! {
    #[test]
    fn na_leaves_earned_and_possible_untouched(
        answers in proptest::collection::vec(arb_answer(), 1..30),
        na_weight in 0.5f64..10.0,
    ) {
        let j = journey();
        let mut items: Vec<Item> = answers.iter().map(|(w, _)| item(yes_no(), *w)).collect();
        let mut values: Vec<Answer> = items
            .iter()
            .zip(&answers)
            .map(|(it, (_, v))| answer(it, v.map_or(AnswerValue::Na, AnswerValue::YesNo)))
            .collect();
        let before = score_audit(&checklist(&j, vec![items.clone()]), &j, &values);

        let extra = item(yes_no(), na_weight);
        values.push(answer(&extra, AnswerValue::Na));
        items.push(extra);
        let after = score_audit(&checklist(&j, vec![items]), &j, &values);

        prop_assert_eq!(before.total.earned, after.total.earned);
        prop_assert_eq!(before.total.possible, after.total.possible);
        prop_assert_eq!(before.total.percent(), after.total.percent());
    }

    #[test]
    fn percent_is_within_0_and_100_and_none_only_when_nothing_is_possible(
        answers in proptest::collection::vec(arb_answer(), 0..30),
    ) {
        let j = journey();
        let items: Vec<Item> = answers.iter().map(|(w, _)| item(yes_no(), *w)).collect();
        let values: Vec<Answer> = items
            .iter()
            .zip(&answers)
            .map(|(it, (_, v))| answer(it, v.map_or(AnswerValue::Na, AnswerValue::YesNo)))
            .collect();
        let score = score_audit(&checklist(&j, vec![items]), &j, &values);
        let possible: f64 = answers.iter().filter(|(_, v)| v.is_some()).map(|(w, _)| w).sum();
        let earned: f64 = answers.iter().filter(|(_, v)| *v == Some(true)).map(|(w, _)| w).sum();
        prop_assert!(close(score.total.possible, possible));
        prop_assert!(close(score.total.earned, earned));
        match score.total.percent() {
            None => prop_assert!(answers.iter().all(|(_, v)| v.is_none())),
            Some(p) => prop_assert!((0.0..=100.0 + 1e-9).contains(&p)),
        }
    }

    #[test]
    fn stage_points_are_the_sum_of_their_touchpoints(
        a in proptest::collection::vec(arb_answer(), 0..10),
        b in proptest::collection::vec(arb_answer(), 0..10),
    ) {
        let j = journey();
        let mk = |xs: &[(f64, Option<bool>)]| -> (Vec<Item>, Vec<Answer>) {
            let items: Vec<Item> = xs.iter().map(|(w, _)| item(yes_no(), *w)).collect();
            let answers = items
                .iter()
                .zip(xs)
                .map(|(it, (_, v))| answer(it, v.map_or(AnswerValue::Na, AnswerValue::YesNo)))
                .collect::<Vec<_>>();
            (items, answers)
        };
        let (ia, mut aa) = mk(&a);
        let (ib, ab) = mk(&b);
        aa.extend(ab);
        let score = score_audit(&checklist(&j, vec![ia, ib]), &j, &aa);
        let stage = score.stages[0].points;
        let sum = score.touchpoints[0].points.possible + score.touchpoints[1].points.possible;
        prop_assert!(close(stage.possible, sum));
        prop_assert!(close(stage.possible, score.total.possible));
    }

    #[test]
    fn a_failed_critical_item_with_critical_fails_audit_always_scores_zero(
        others in proptest::collection::vec(arb_answer(), 0..20),
    ) {
        let j = journey();
        let mut crit = item(yes_no(), 1.0);
        crit.critical = true;
        let mut answers = vec![answer(&crit, AnswerValue::YesNo(false))];
        let mut items = vec![crit];
        for (w, v) in &others {
            let it = item(yes_no(), *w);
            answers.push(answer(&it, v.map_or(AnswerValue::Na, AnswerValue::YesNo)));
            items.push(it);
        }
        let mut content = checklist(&j, vec![items]);
        content.critical_fails_audit = true;
        let score = score_audit(&content, &j, &answers);
        prop_assert_eq!(score.total.percent(), Some(0.0));
    }
}
