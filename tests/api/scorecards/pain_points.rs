//! `GET /api/v1/scorecards/pain-points`: the notes behind one cell, newest first, from
//! approved audits of the caller's organisation only, for the roles that read scorecards.

use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use touchstone_shared::audit::{Audit, AuditInput, AuditStatus, TouchpointNote};
use touchstone_shared::scorecard::PainPoint;
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

/// An audit checked in `days_ago` with a pain point (blank for none) at touchpoints 0 and 1.
async fn noted(w: &World, days_ago: i64, notes: [&str; 2]) -> (AuditInput, DateTime<Utc>) {
    let mut input = w.audit(
        w.new_assignment().await.id,
        AuditStatus::Submitted,
        w.perfect(),
    );
    let at = Utc::now() - Duration::days(days_ago);
    input.visit.check_in_at = Some(at - Duration::minutes(30));
    input.visit.check_out_at = Some(at);
    input.touchpoint_notes = notes
        .iter()
        .enumerate()
        .map(|(n, note)| TouchpointNote {
            touchpoint_id: w.touchpoint(n),
            emotion: Some(-1),
            pain_point: (*note).into(),
            photos: Vec::new(),
        })
        .collect();
    (input, at - Duration::minutes(30))
}

/// Submits an audit with these notes and approves it: its id and check-in time.
async fn approved(w: &World, days_ago: i64, notes: [&str; 2]) -> (Uuid, DateTime<Utc>) {
    let (id, check_in) = submitted(w, days_ago, notes).await;
    w.approve(id).await;
    (id, check_in)
}

async fn submitted(w: &World, days_ago: i64, notes: [&str; 2]) -> (Uuid, DateTime<Utc>) {
    let (input, check_in) = noted(w, days_ago, notes).await;
    let id = Uuid::now_v7();
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect::<Audit>(201);
    (id, check_in)
}

/// The pain points of `w`'s client at touchpoint `n`, with `extra` parameters.
fn url(w: &World, n: usize, extra: &str) -> String {
    cell_url(w, &format!("touchpoint_id={}{extra}", w.touchpoint(n)))
}

fn cell_url(w: &World, cell: &str) -> String {
    format!(
        "/api/v1/scorecards/pain-points?client_id={}&{cell}",
        w.client.id
    )
}

/// `(audit, note, check-in ms)` of each pain point, all at `touchpoint`.
fn listed(points: &[PainPoint], touchpoint: Uuid) -> Vec<(Uuid, &str, i64)> {
    for p in points {
        assert_eq!(p.touchpoint_id, touchpoint, "{p:?}");
    }
    points
        .iter()
        .map(|p| {
            (
                p.audit_id,
                p.note.as_str(),
                p.check_in_at.timestamp_millis(),
            )
        })
        .collect()
}

#[tokio::test]
async fn pain_points_of_a_touchpoint_are_its_approved_notes_newest_first() {
    let app = TestApp::new().await;
    let w = World::build(&app, "pain").await;
    let other = World::build(&app, "painx").await;
    let (old, old_at) = approved(&w, 3, ["Queue at the door", "Card reader broken"]).await;
    let (new, new_at) = approved(&w, 1, ["Door heavy with a pram", "  "]).await;
    // No pain point at touchpoint 0: not listed.
    approved(&w, 2, ["", "Till closed"]).await;
    // Not approved yet: not listed.
    submitted(&w, 1, ["Not reviewed yet", "Not reviewed yet"]).await;
    // Another organisation's approved audit.
    approved(&other, 1, ["Other agency's note", "Other agency's note"]).await;

    let first = w.touchpoint(0);
    let points: Vec<PainPoint> = w.manager.get(&url(&w, 0, "")).await.expect(200);
    assert_eq!(
        listed(&points, first),
        [
            (new, "Door heavy with a pram", new_at.timestamp_millis()),
            (old, "Queue at the door", old_at.timestamp_millis()),
        ]
    );
    let second: Vec<PainPoint> = w.consultant.get(&url(&w, 1, "")).await.expect(200);
    let notes: Vec<&str> = second.iter().map(|p| p.note.as_str()).collect();
    assert_eq!(notes, ["Till closed", "Card reader broken"]);

    let newest: Vec<PainPoint> = w.admin.get(&url(&w, 0, "&limit=1")).await.expect(200);
    assert_eq!(
        listed(&newest, first),
        [(new, "Door heavy with a pram", new_at.timestamp_millis())]
    );
    // A whole stage: the notes of its touchpoints.
    let stage = &w.journey.stages[0];
    let in_stage: Vec<PainPoint> = w
        .manager
        .get(&cell_url(&w, &format!("stage_id={}", stage.id)))
        .await
        .expect(200);
    let touchpoints: Vec<Uuid> = stage.touchpoints.iter().map(|t| t.id).collect();
    assert!(
        in_stage
            .iter()
            .all(|p| touchpoints.contains(&p.touchpoint_id)),
        "{in_stage:?}"
    );
    assert!(in_stage.iter().any(|p| p.audit_id == new));

    // The other organisation sees none of them, and cannot read this client at all.
    let theirs: Vec<PainPoint> = other.manager.get(&url(&other, 0, "")).await.expect(200);
    let notes: Vec<&str> = theirs.iter().map(|p| p.note.as_str()).collect();
    assert_eq!(notes, ["Other agency's note"]);
    let reply = other.consultant.get(&url(&w, 0, "")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
}

#[tokio::test]
async fn pain_points_are_for_scorecard_readers_signed_in_with_good_parameters() {
    let app = TestApp::new().await;
    let w = World::build(&app, "painauth").await;
    approved(&w, 1, ["Queue at the door", ""]).await;

    let reply = w.auditor.get(&url(&w, 0, "")).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let reply = app.session().get(&url(&w, 0, "")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);

    for bad in [
        "/api/v1/scorecards/pain-points".to_owned(),
        "/api/v1/scorecards/pain-points?client_id=nope".to_owned(),
        url(&w, 0, "&limit=many"),
        url(&w, 0, "&limit=-1"),
        url(&w, 0, "&from=yesterday"),
    ] {
        let reply = w.manager.get(&bad).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            reply.body
        );
        assert_eq!(reply.error_code(), "invalid_input", "{bad}");
    }
    let both = url(&w, 0, &format!("&stage_id={}", w.journey.stages[0].id));
    let reply = w.manager.get(&both).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    // A limit past the largest is the largest, as page sizes are.
    let all: Vec<PainPoint> = w
        .manager
        .get(&url(&w, 0, "&limit=100000"))
        .await
        .expect(200);
    assert_eq!(all.len(), 1);
}
