//! Scorecard numbers against hand-computed expectations.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use touchstone_shared::audit::{AnswerValue, Audit, AuditInput, AuditStatus};
use touchstone_shared::scorecard::{Scorecard, Stats};
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

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

async fn approve(w: &World, id: Uuid) {
    w.consultant
        .post(
            &format!("/api/v1/audits/{id}/review"),
            &json!({"decision": "approve"}),
        )
        .await
        .expect::<Audit>(200);
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
    let b = submit(
        &w,
        &w.audit(
            w.new_assignment().await.id,
            AuditStatus::Submitted,
            b_values.clone(),
        ),
    )
    .await;
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
    let c = submit(
        &w,
        &w.audit(
            w.new_assignment().await.id,
            AuditStatus::Submitted,
            c_values,
        ),
    )
    .await;
    // Not counted: submitted only; returned; approved but visited 200 days ago.
    submit(
        &w,
        &w.audit(
            w.new_assignment().await.id,
            AuditStatus::Submitted,
            b_values.clone(),
        ),
    )
    .await;
    let returned = submit(
        &w,
        &w.audit(
            w.new_assignment().await.id,
            AuditStatus::Submitted,
            b_values.clone(),
        ),
    )
    .await;
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

    let card: Scorecard = w
        .manager
        .get(&format!("/api/v1/scorecards?client_id={}", w.client.id))
        .await
        .expect(200);
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
