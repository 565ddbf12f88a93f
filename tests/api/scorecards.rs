//! Scorecard numbers against hand-computed expectations.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use touchstone_shared::audit::{AnswerValue, Audit, AuditInput, AuditStatus};
use touchstone_shared::scorecard::{Scorecard, Stats};
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

mod before_1970;
mod pain_points;
mod partial_hours;

fn assert_close(actual: Option<f64>, expected: f64, what: &str) {
    let actual = actual.unwrap_or_else(|| panic!("{what}: no value"));
    assert!(
        (actual - expected).abs() < 1e-6,
        "{what}: {actual} ≠ {expected}"
    );
}

/// Sample standard deviation, written out.
fn sd(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

async fn submit(w: &World, input: &AuditInput) -> Uuid {
    let id = Uuid::now_v7();
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), input)
        .await
        .expect::<Audit>(201);
    id
}

/// Submits an audit of a new assignment with these answers.
async fn submit_answers(w: &World, values: [AnswerValue; 7]) -> Uuid {
    let assignment = w.new_assignment().await.id;
    submit(w, &w.audit(assignment, AuditStatus::Submitted, values)).await
}

/// The client's scorecard as its manager reads it; `query` adds parameters (`&from=…`).
async fn card(w: &World, query: &str) -> Scorecard {
    w.manager
        .get(&format!(
            "/api/v1/scorecards?client_id={}{query}",
            w.client.id
        ))
        .await
        .expect(200)
}

/// Changes the client's pass mark, which rebuilds its sums.
async fn set_pass_mark(w: &World, percent: f64) {
    w.consultant
        .put(
            &format!("/api/v1/clients/{}", w.client.id),
            &json!({"name": w.client.name, "target_percent": percent}),
        )
        .await
        .expect::<touchstone_shared::client::Client>(200);
}

async fn approve(w: &World, id: Uuid) {
    w.approve(id).await;
}

fn check(stats: &Stats, values: &[f64], pass: f64, critical: u64, what: &str) {
    assert_eq!(stats.n, values.len() as u64, "{what}: n");
    assert_close(
        stats.mean,
        values.iter().sum::<f64>() / values.len() as f64,
        &format!("{what} mean"),
    );
    assert_close(stats.sd, sd(values), &format!("{what} sd"));
    assert_close(
        stats.min,
        values.iter().copied().fold(f64::MAX, f64::min),
        &format!("{what} min"),
    );
    assert_close(
        stats.max,
        values.iter().copied().fold(f64::MIN, f64::max),
        &format!("{what} max"),
    );
    assert_close(stats.pass_rate, pass, &format!("{what} pass rate"));
    assert_eq!(
        stats.critical_failures, critical,
        "{what}: critical failures"
    );
}

#[tokio::test]
async fn scorecard_counts_approved_audits_of_the_period_only() {
    let app = TestApp::new().await;
    let w = World::build(&app, "card").await;

    // A: perfect — 100 everywhere.
    let a = submit(
        &w,
        &w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect()),
    )
    .await;
    // B: touchpoints 2/6, 2/5, 0/1; audit 4/12; Purchase 4/11; Advocacy 0/1; critical failure.
    let b_values = [
        AnswerValue::YesNo(false),
        AnswerValue::Scale(3.0),
        AnswerValue::Choice("Neutral".into()),
        AnswerValue::Number(120.0),
        AnswerValue::Text("x".into()),
        AnswerValue::YesNo(false),
        AnswerValue::Nps(6),
    ];
    let b = submit_answers(&w, b_values.clone()).await;
    // C: touchpoints 2/2 (scale N/A), 0/5, 1/1; audit 3/8; Purchase 2/7; Advocacy 1/1.
    let c_values = [
        AnswerValue::YesNo(true),
        AnswerValue::Na,
        AnswerValue::Choice("Cold".into()),
        AnswerValue::Number(200.0),
        AnswerValue::Text("x".into()),
        AnswerValue::YesNo(true),
        AnswerValue::Nps(9),
    ];
    let c = submit_answers(&w, c_values).await;
    // Not counted: submitted only; returned; approved but visited 200 days ago.
    submit_answers(&w, b_values.clone()).await;
    let returned = submit_answers(&w, b_values.clone()).await;
    w.consultant
        .post(
            &format!("/api/v1/audits/{returned}/review"),
            &json!({"decision": "return", "comment": "no"}),
        )
        .await
        .expect::<Audit>(200);
    let mut old = w.audit(
        w.new_assignment().await.id,
        AuditStatus::Submitted,
        b_values,
    );
    old.visit.check_in_at = Some(Utc::now() - Duration::days(200));
    old.visit.check_out_at = Some(Utc::now() - Duration::days(200) + Duration::minutes(20));
    let old = submit(&w, &old).await;
    for id in [a, b, c, old] {
        approve(&w, id).await;
    }

    let card = card(&w, "").await;
    let third = 100.0 / 3.0;
    check(
        &card.overall,
        &[100.0, 4.0 / 12.0 * 100.0, 37.5],
        third,
        1,
        "overall",
    );
    let tp = |n: usize| {
        &card
            .touchpoints
            .iter()
            .find(|t| t.touchpoint_id == w.touchpoint(n))
            .expect("touchpoint")
            .stats
    };
    check(
        tp(0),
        &[100.0, 2.0 / 6.0 * 100.0, 100.0],
        2.0 * third,
        1,
        "touchpoint 0",
    );
    check(tp(1), &[100.0, 40.0, 0.0], third, 0, "touchpoint 1");
    check(tp(2), &[100.0, 0.0, 100.0], 2.0 * third, 0, "touchpoint 2");
    assert_eq!(card.stages.len(), 2);
    check(
        &card.stages[0].stats,
        &[100.0, 4.0 / 11.0 * 100.0, 2.0 / 7.0 * 100.0],
        third,
        1,
        "stage Purchase",
    );
    check(
        &card.stages[1].stats,
        &[100.0, 0.0, 100.0],
        2.0 * third,
        0,
        "stage Advocacy",
    );

    // The old audit counts when the period covers it, alone.
    let from =
        (Utc::now() - Duration::days(210)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let to = (Utc::now() - Duration::days(100)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let card: Scorecard = w
        .consultant
        .get(&format!(
            "/api/v1/scorecards?client_id={}&from={from}&to={to}",
            w.client.id
        ))
        .await
        .expect(200);
    assert_eq!(card.overall.n, 1);
    assert_eq!(card.overall.sd, None);

    // Filters: a region that has no audits.
    let card: Scorecard = w
        .consultant
        .get(&format!(
            "/api/v1/scorecards?client_id={}&region=Porto",
            w.client.id
        ))
        .await
        .expect(200);
    assert_eq!(card.overall.n, 0);
    assert_eq!(card.overall.mean, None);
}

#[tokio::test]
async fn scorecard_period_must_be_ordered_and_client_visible() {
    let app = TestApp::new().await;
    let w = World::build(&app, "cardrules").await;
    let reply = w
        .consultant
        .get(&format!(
            "/api/v1/scorecards?client_id={}&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            w.client.id
        ))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.body["error"]["field"], "from");
    let reply = w
        .auditor
        .get(&format!("/api/v1/scorecards?client_id={}", w.client.id))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let other: touchstone_shared::client::Client = w
        .consultant
        .post("/api/v1/clients", &json!({"name": "Other brand"}))
        .await
        .expect(201);
    let reply = w
        .manager
        .get(&format!("/api/v1/scorecards?client_id={}", other.id))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::NOT_FOUND,
        "a manager sees only their clients"
    );
}

/// The parts of a scorecard that must not depend on how the period is read (daily rollups
/// for whole days, raw score rows for partial ones).
fn figures(card: &Scorecard) -> serde_json::Value {
    let mut stages: Vec<_> = card.stages.iter().map(|s| (s.stage_id, &s.stats)).collect();
    stages.sort_by_key(|s| s.0);
    let mut touchpoints: Vec<_> = card
        .touchpoints
        .iter()
        .map(|t| (t.touchpoint_id, &t.stats, t.emotion))
        .collect();
    touchpoints.sort_by_key(|t| t.0);
    let mut locations: Vec<_> = card
        .locations
        .iter()
        .map(|l| (l.location_id, &l.stats))
        .collect();
    locations.sort_by_key(|l| l.0);
    json!({
        "overall": card.overall,
        "stages": stages,
        "touchpoints": touchpoints,
        "locations": locations,
        "regions": card.regions.iter().map(|r| (&r.region, &r.stats)).collect::<Vec<_>>(),
        "worst": card.worst_items.iter().map(|i| (i.item_id, i.n, i.mean)).collect::<Vec<_>>(),
        "nps": card.nps,
        "trend_n": card.trend.iter().map(|t| t.n).sum::<u64>(),
    })
}

/// Equal JSON, numbers within 1e-9 (sums in another order differ in the last bits).
fn assert_same(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().expect("number"), y.as_f64().expect("number"));
            assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                "{path}: {x} ≠ {y}"
            );
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: length");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                assert_same(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: keys");
            for (k, v) in x {
                assert_same(v, y.get(k).unwrap_or(&Value::Null), &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

#[tokio::test]
async fn scorecard_reads_whole_days_and_edges_alike_and_follows_the_pass_mark() {
    let app = TestApp::new().await;
    let w = World::build(&app, "rollup").await;
    let mut values = w.perfect();
    let mut ids = Vec::new();
    // Audits at several times of several days, scored 100 %, then lower.
    for (n, (days_ago, hours)) in [(3, 1), (3, 9), (12, 23), (40, 5), (41, 12), (85, 2)]
        .into_iter()
        .enumerate()
    {
        let mut input = w.audit(
            w.new_assignment().await.id,
            AuditStatus::Submitted,
            values.clone(),
        );
        let at = Utc::now() - Duration::days(days_ago) - Duration::hours(hours);
        input.visit.check_in_at = Some(at);
        input.visit.check_out_at = Some(at + Duration::minutes(25));
        ids.push(submit(&w, &input).await);
        values[0] = AnswerValue::YesNo(n % 2 == 1);
        values[1] = AnswerValue::Scale(5.0 - n as f64 / 2.0);
        values[6] = AnswerValue::Nps(u8::try_from(10 - n).expect("nps"));
    }
    for id in &ids {
        approve(&w, *id).await;
    }
    let card = |query: String| {
        let w = &w;
        async move { card(w, &query).await }
    };
    // The default period: whole days up to the end of today, read from the rollups.
    let whole = card(String::new()).await;
    assert_eq!(whole.overall.n, 6);
    assert_eq!(whole.from.timestamp() % 86_400, 0, "starts at midnight");
    // The same audits in a period between arbitrary times: partial days read raw.
    let fmt = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let from = Utc::now() - Duration::days(88) - Duration::minutes(7);
    let to = Utc::now() + Duration::minutes(3);
    let edges = card(format!("&from={}&to={}", fmt(from), fmt(to))).await;
    assert_same(&figures(&whole), &figures(&edges), "card");
    // A period inside one day, and one that cuts the audits of day 3 in two.
    let day3 = Utc::now() - Duration::days(3);
    let inside = card(format!(
        "&from={}&to={}",
        fmt(day3 - Duration::hours(12)),
        fmt(day3 + Duration::hours(1))
    ))
    .await;
    assert_eq!(inside.overall.n, 2);
    let cut = card(format!(
        "&from={}&to={}",
        fmt(day3 - Duration::hours(5)),
        fmt(Utc::now())
    ))
    .await;
    assert_eq!(cut.overall.n, 1);

    // A new pass mark counts passes again, for the rollups as for the raw rows.
    let before = whole.overall.pass_rate.expect("pass rate");
    set_pass_mark(&w, 1.0).await;
    let whole = card(String::new()).await;
    let edges = card(format!("&from={}&to={}", fmt(from), fmt(to))).await;
    assert_close(whole.overall.pass_rate, 100.0, "pass rate at a 1 % mark");
    assert!(before < 100.0, "some audits failed the 80 % mark");
    assert_same(&figures(&whole), &figures(&edges), "card");
}

#[tokio::test]
async fn trend_of_a_period_between_arbitrary_times_splits_the_days_a_week_boundary_cuts() {
    let app = TestApp::new().await;
    let w = World::build(&app, "trend-cut").await;
    // A period from 10:00 UTC: its weekly buckets start at 10:00 too, so the day of each
    // boundary holds audits of two buckets (read raw), the other days one (read from the
    // daily rollups).
    let midnight = |t: chrono::DateTime<Utc>| {
        chrono::DateTime::from_timestamp(t.timestamp() - t.timestamp() % 86_400, 0).expect("time")
    };
    let from = midnight(Utc::now()) - Duration::days(30) + Duration::hours(10);
    let to = Utc::now() + Duration::minutes(1);
    let boundary = from + Duration::days(14);
    let times = [
        from + Duration::days(3),
        boundary - Duration::hours(1),
        boundary + Duration::hours(1),
        boundary + Duration::hours(2),
    ];
    for at in times {
        let mut input = w.audit(
            w.new_assignment().await.id,
            AuditStatus::Submitted,
            w.perfect(),
        );
        input.visit.check_in_at = Some(at);
        input.visit.check_out_at = Some(at + Duration::minutes(25));
        let id = submit(&w, &input).await;
        approve(&w, id).await;
    }
    let fmt = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let card = w
        .manager
        .get(&format!(
            "/api/v1/scorecards?client_id={}&from={}&to={}",
            w.client.id,
            fmt(from),
            fmt(to)
        ))
        .await
        .expect::<Scorecard>(200);
    let counts: Vec<(i64, u64)> = card
        .trend
        .iter()
        .map(|t| ((t.start - from).num_days() / 7, t.n))
        .collect();
    assert_eq!(counts, vec![(0, 1), (1, 1), (2, 2)], "audits per week");
}
