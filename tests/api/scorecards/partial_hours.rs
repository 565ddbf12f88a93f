//! A period whose both ends fall mid-hour on days it covers in part: whole days, whole hours
//! and raw rows of the partial hours (and the hours a trend boundary cuts) read together,
//! against the statistics of the audits it covers, computed from their answers.

use super::{assert_close, check, submit};
use chrono::{DateTime, Duration, Utc};
use touchstone_shared::audit::{AnswerValue, AuditStatus};
use touchstone_shared::scorecard::Scorecard;
use touchstone_tests::{TestApp, World};

/// The three answer sets of `scorecard_counts_approved_audits_of_the_period_only`: A perfect;
/// B audit 4/12 with a critical failure; C audit 3/8 with its scale item N/A.
#[derive(Clone, Copy)]
enum Answers {
    A,
    B,
    C,
}

impl Answers {
    fn values(self, w: &World) -> [AnswerValue; 7] {
        let mut values = w.perfect();
        let (first, scale, choice, number, last, nps) = match self {
            Answers::A => return values,
            Answers::B => (false, AnswerValue::Scale(3.0), "Neutral", 120.0, false, 6),
            Answers::C => (true, AnswerValue::Na, "Cold", 200.0, true, 9),
        };
        values[0] = AnswerValue::YesNo(first);
        values[1] = scale;
        values[2] = AnswerValue::Choice(choice.into());
        values[3] = AnswerValue::Number(number);
        values[5] = AnswerValue::YesNo(last);
        values[6] = AnswerValue::Nps(nps);
        values
    }

    /// Emotion noted at touchpoint 0.
    fn emotion(self) -> i8 {
        match self {
            Answers::A => 2,
            Answers::B => -2,
            Answers::C => 1,
        }
    }

    /// Audit percentage.
    fn audit(self) -> f64 {
        match self {
            Answers::A => 100.0,
            Answers::B => 400.0 / 12.0,
            Answers::C => 37.5,
        }
    }
}

fn fmt(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `values` three times over: each answer set is given by three audits of the period.
fn thrice(values: [f64; 3]) -> Vec<f64> {
    values.repeat(3)
}

/// Checks a scorecard of the period against the expected figures of its nine audits.
fn assert_card(w: &World, card: &Scorecard, from: DateTime<Utc>, what: &str) {
    let third = 100.0 / 3.0;
    let (a, b, c) = (Answers::A, Answers::B, Answers::C);
    let audits = thrice([a.audit(), b.audit(), c.audit()]);
    check(
        &card.overall,
        &audits,
        third,
        3,
        &format!("{what}: overall"),
    );
    // The previous period holds one audit, C, a minute before `from`.
    assert_close(
        card.overall.previous_mean,
        c.audit(),
        &format!("{what}: previous mean"),
    );
    assert_eq!(card.locations.len(), 1, "{what}: locations");
    check(&card.locations[0].stats, &audits, third, 3, what);
    assert_eq!(card.regions.len(), 1, "{what}: regions");
    check(&card.regions[0].stats, &audits, third, 3, what);

    let tp = |n: usize| {
        card.touchpoints
            .iter()
            .find(|t| t.touchpoint_id == w.touchpoint(n))
            .expect("touchpoint")
    };
    let touchpoints = [
        (thrice([100.0, 200.0 / 6.0, 100.0]), 2.0 * third, 3),
        (thrice([100.0, 40.0, 0.0]), third, 0),
        (thrice([100.0, 0.0, 100.0]), 2.0 * third, 0),
    ];
    for (n, (values, pass, critical)) in touchpoints.iter().enumerate() {
        let label = format!("{what}: touchpoint {n}");
        check(&tp(n).stats, values, *pass, *critical, &label);
    }
    assert_close(tp(0).emotion, 1.0 / 3.0, &format!("{what}: emotion"));
    assert_eq!(card.stages.len(), 2, "{what}: stages");
    let purchase = thrice([100.0, 400.0 / 11.0, 200.0 / 7.0]);
    check(&card.stages[0].stats, &purchase, third, 3, what);
    let advocacy = thrice([100.0, 0.0, 100.0]);
    check(&card.stages[1].stats, &advocacy, 2.0 * third, 0, what);

    // Items 0–5 (4, text, and 6, NPS, are not scored; C's scale item is N/A): the mean of
    // 100 × earned / possible, worst first.
    assert!(
        card.worst_items.is_sorted_by(|x, y| x.mean <= y.mean),
        "{what}: worst first"
    );
    let mut worst: Vec<(usize, u64, f64)> = card
        .worst_items
        .iter()
        .map(|i| {
            let n = (0..7).find(|n| w.item(*n) == i.item_id).expect("item");
            (n, i.n, i.mean)
        })
        .collect();
    worst.sort_by_key(|i| i.0);
    let items = [
        (0, 9, 200.0 / 3.0),
        (1, 6, 75.0),
        (2, 9, (100.0 + third) / 3.0),
        (3, 9, 50.0),
        (5, 9, 200.0 / 3.0),
    ];
    assert_eq!(worst.len(), items.len(), "{what}: worst items {worst:?}");
    for ((item, n, mean), (expected_item, expected_n, expected_mean)) in worst.iter().zip(items) {
        assert_eq!((*item, *n), (expected_item, expected_n), "{what}: item");
        assert_close(Some(*mean), expected_mean, &format!("{what}: item {item}"));
    }

    let nps = card.nps.as_ref().expect("nps");
    let counts = (nps.n, nps.promoters, nps.passives, nps.detractors);
    assert_eq!(counts, (9, 6, 0, 3), "{what}: nps");
    assert_close(Some(nps.score), third, &format!("{what}: nps score"));

    // Weekly buckets from 10:20: the audits before, around and after each boundary.
    let weeks: Vec<(i64, u64)> = card
        .trend
        .iter()
        .map(|t| ((t.start - from).num_days() / 7, t.n))
        .collect();
    assert_eq!(
        weeks,
        vec![(0, 5), (1, 2), (2, 2)],
        "{what}: audits per week"
    );
    let means = [
        (3.0 * a.audit() + b.audit() + c.audit()) / 5.0,
        (b.audit() + c.audit()) / 2.0,
        (b.audit() + c.audit()) / 2.0,
    ];
    for (point, mean) in card.trend.iter().zip(means) {
        assert_close(point.mean, mean, &format!("{what}: trend mean"));
    }
}

#[tokio::test]
async fn scorecard_of_a_period_ending_mid_hour_adds_days_hours_and_partial_hours_exactly() {
    let app = TestApp::new().await;
    let w = World::build(&app, "hours").await;
    let now = Utc::now().timestamp();
    let day0 = DateTime::from_timestamp(now - now % 86_400, 0).expect("time") - Duration::days(20);
    let at = |days: i64, minutes: i64| day0 + Duration::days(days) + Duration::minutes(minutes);
    // From 10:20 on day 0 to 14:40 on day 15; weekly trend boundaries at 10:20 on days 7, 14.
    let (from, to) = (at(0, 620), at(15, 880));
    let audits = [
        // The partial first hour (raw), from its first instant.
        (from, Answers::A),
        // A whole hour of the partial first day (13:05), and a whole day.
        (at(0, 785), Answers::B),
        (at(3, 720), Answers::C),
        // The day the first boundary cuts, at 08:00 (week 0); the hour it cuts, 10:10
        // (week 0) and 10:30 (week 1), read raw; the same day at 15:00 (week 1).
        (at(7, 480), Answers::A),
        (at(7, 610), Answers::A),
        (at(7, 630), Answers::C),
        (at(7, 900), Answers::B),
        // A whole hour of the partial last day (06:30), and its partial last hour.
        (at(15, 390), Answers::C),
        (to - Duration::minutes(1), Answers::B),
        // Outside: the same hours before `from` (in the previous period) and from `to`.
        (from - Duration::minutes(1), Answers::C),
        (to, Answers::A),
        (to + Duration::minutes(5), Answers::B),
    ];
    for (time, answers) in audits {
        let mut input = w.audit(
            w.new_assignment().await.id,
            AuditStatus::Submitted,
            answers.values(&w),
        );
        input.visit.check_in_at = Some(time);
        input.visit.check_out_at = Some(time + Duration::minutes(25));
        input.touchpoint_notes[0].emotion = Some(answers.emotion());
        let id = submit(&w, &input).await;
        w.approve(id).await;
    }

    let period = format!(
        "/api/v1/scorecards?client_id={}&from={}&to={}",
        w.client.id,
        fmt(from),
        fmt(to)
    );
    // Client-wide sums, one location's, and a region's.
    for (filter, what) in [
        (String::new(), "client"),
        (format!("&location_id={}", w.location.id), "location"),
        ("&region=Lisbon".to_owned(), "region"),
    ] {
        let card: Scorecard = w
            .manager
            .get(&format!("{period}{filter}"))
            .await
            .expect(200);
        assert_card(&w, &card, from, what);
    }
}
