//! Saving, replaying, submitting and reviewing audits.

use reqwest::StatusCode;
use serde_json::json;
use touchstone_shared::audit::{AnswerValue, Audit, AuditStatus, AuditSummary};
use touchstone_shared::page::Page;
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[tokio::test]
async fn auditor_submits_and_the_server_scores_it_as_computed_by_hand() {
    let app = TestApp::new().await;
    let w = World::build(&app, "submit").await;
    let id = Uuid::now_v7();
    let body = w.audit(
        w.assignment.id,
        AuditStatus::Submitted,
        [
            AnswerValue::YesNo(false),
            AnswerValue::Scale(3.0),
            AnswerValue::Choice("Neutral".into()),
            AnswerValue::Number(120.0),
            AnswerValue::Text("Flat white".into()),
            AnswerValue::YesNo(false),
            AnswerValue::Nps(6),
        ],
    );
    let audit: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &body)
        .await
        .expect(201);
    // Touchpoint 0: 0/2 + 4×(3−1)/(5−1) = 2 of 6; touchpoint 1: 1/3 + 1/2 = 2 of 5;
    // touchpoint 2: 0/1. Audit: 4 of 12.
    let tp = |n: usize| {
        audit
            .score
            .touchpoints
            .iter()
            .find(|t| t.touchpoint_id == w.touchpoint(n))
            .expect("touchpoint")
            .points
    };
    assert!(close(tp(0).earned, 2.0) && close(tp(0).possible, 6.0));
    assert!(close(tp(1).earned, 2.0) && close(tp(1).possible, 5.0));
    assert!(close(tp(2).earned, 0.0) && close(tp(2).possible, 1.0));
    assert!(close(audit.score.total.earned, 4.0) && close(audit.score.total.possible, 12.0));
    assert!(audit.score.total.critical_failure);
    assert!(tp(0).critical_failure && !tp(1).critical_failure);
    assert_eq!(audit.score.nps, Some(6));
    // Stage Purchase pools touchpoints 0 and 1: 4 of 11.
    assert!(
        close(audit.score.stages[0].points.earned, 4.0)
            && close(audit.score.stages[0].points.possible, 11.0)
    );

    let stored: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{id}"))
        .await
        .expect(200);
    assert_eq!(stored.score, audit.score);
    assert_eq!(stored.answers, body.answers);
    assert_eq!(stored.status, AuditStatus::Submitted);
}

#[tokio::test]
async fn replaying_the_same_put_creates_nothing_new() {
    let app = TestApp::new().await;
    let w = World::build(&app, "replay").await;
    let id = Uuid::now_v7();
    let body = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    let first: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &body)
        .await
        .expect(201);
    let second: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &body)
        .await
        .expect(200);
    assert_eq!(
        first.updated_at, second.updated_at,
        "a replay changes nothing"
    );
    let page: Page<AuditSummary> = w.consultant.get("/api/v1/audits").await.expect(200);
    assert_eq!(page.items.len(), 1);

    let mut changed = body.clone();
    changed.answers[0].value = AnswerValue::YesNo(false);
    let reply = w
        .auditor
        .put(&format!("/api/v1/audits/{id}"), &changed)
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert_eq!(reply.error_code(), "conflict");

    let other_id = Uuid::now_v7();
    let reply = w
        .auditor
        .put(&format!("/api/v1/audits/{other_id}"), &body)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "a second audit for one assignment: {}",
        reply.body
    );
}

#[tokio::test]
async fn parallel_identical_puts_make_one_audit() {
    let app = TestApp::new().await;
    let w = World::build(&app, "parallel").await;
    let id = Uuid::now_v7();
    let body = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    let path = format!("/api/v1/audits/{id}");
    let puts = (0..8).map(|_| {
        let session = w.auditor.clone();
        let (path, body) = (path.clone(), body.clone());
        tokio::spawn(async move { session.put(&path, &body).await.status })
    });
    let mut created = 0;
    for put in puts {
        let status = put.await.expect("task");
        assert!(
            status == StatusCode::CREATED || status == StatusCode::OK,
            "status {status}"
        );
        created += usize::from(status == StatusCode::CREATED);
    }
    assert_eq!(created, 1);
    let page: Page<AuditSummary> = w.consultant.get("/api/v1/audits").await.expect(200);
    assert_eq!(page.items.len(), 1);
}

#[tokio::test]
async fn drafts_save_incomplete_work_and_submission_requires_required_items() {
    let app = TestApp::new().await;
    let w = World::build(&app, "draft").await;
    let id = Uuid::now_v7();
    let path = format!("/api/v1/audits/{id}");
    let mut body = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    body.answers.truncate(1);
    let draft: Audit = w.auditor.put(&path, &body).await.expect(201);
    assert_eq!(draft.status, AuditStatus::Draft);

    body.status = AuditStatus::Submitted;
    let reply = w.auditor.put(&path, &body).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(
        reply.body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("What did you order?")
    );

    let full = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    let submitted: Audit = w.auditor.put(&path, &full).await.expect(200);
    assert_eq!(submitted.status, AuditStatus::Submitted);
    assert_eq!(submitted.score.total.percent(), Some(100.0));
}

#[tokio::test]
async fn returned_audit_shows_comments_and_can_be_resubmitted_then_approved() {
    let app = TestApp::new().await;
    let w = World::build(&app, "return").await;
    let id = Uuid::now_v7();
    let path = format!("/api/v1/audits/{id}");
    let body = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    w.auditor.put(&path, &body).await.expect::<Audit>(201);

    let review = json!({"decision": "return", "comment": "Please add the wait time detail",
        "item_comments": [{"item_id": w.item(3), "comment": "Measure from joining the queue"}]});
    let returned: Audit = w
        .consultant
        .post(&format!("{path}/review"), &review)
        .await
        .expect(200);
    assert_eq!(returned.status, AuditStatus::Returned);

    let seen: Audit = w.auditor.get(&path).await.expect(200);
    let comments = seen.review.expect("review");
    assert_eq!(
        comments.item_comments[0].comment,
        "Measure from joining the queue"
    );

    let mut fixed = body.clone();
    fixed.answers[3].value = AnswerValue::Number(45.0);
    fixed.status = AuditStatus::Draft;
    let still: Audit = w.auditor.put(&path, &fixed).await.expect(200);
    assert_eq!(
        still.status,
        AuditStatus::Returned,
        "saving corrections keeps it returned"
    );
    fixed.status = AuditStatus::Submitted;
    w.auditor.put(&path, &fixed).await.expect::<Audit>(200);

    let approve = json!({"decision": "approve"});
    let approved: Audit = w
        .admin
        .post(&format!("{path}/review"), &approve)
        .await
        .expect(200);
    assert_eq!(approved.status, AuditStatus::Approved);
    // Replaying the submission after approval is harmless; changing it is not.
    w.auditor.put(&path, &fixed).await.expect::<Audit>(200);
    let reply = w.auditor.put(&path, &body).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let reply = w.consultant.post(&format!("{path}/review"), &approve).await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "an approved audit is not reviewed again"
    );
}

#[tokio::test]
async fn two_reviewers_at_once_one_wins_the_other_gets_409() {
    let app = TestApp::new().await;
    let w = World::build(&app, "race").await;
    let id = Uuid::now_v7();
    let path = format!("/api/v1/audits/{id}");
    w.auditor
        .put(
            &path,
            &w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect()),
        )
        .await
        .expect::<Audit>(201);
    let review = format!("{path}/review");
    let (approve, give_back) = (
        json!({"decision": "approve"}),
        json!({"decision": "return", "comment": "redo"}),
    );
    let (a, b) = tokio::join!(
        w.admin.post(&review, &approve),
        w.consultant.post(&review, &give_back)
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", a.body, b.body);
}

#[tokio::test]
async fn another_auditor_cannot_see_or_overwrite_an_audit() {
    let app = TestApp::new().await;
    let w = World::build(&app, "owner").await;
    let id = Uuid::now_v7();
    let path = format!("/api/v1/audits/{id}");
    let body = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    w.auditor.put(&path, &body).await.expect::<Audit>(201);

    let other = touchstone_tests::world::create_user(
        &w.admin,
        "owner2",
        touchstone_shared::user::Role::Auditor,
        &[],
    )
    .await;
    let session = app.session();
    session
        .login(&other.email, touchstone_tests::world::PASSWORD)
        .await;
    assert_eq!(session.get(&path).await.status, StatusCode::NOT_FOUND);
    let reply = session.put(&path, &body).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not their assignment: {}",
        reply.body
    );
    assert_eq!(reply.body["error"]["field"], "assignment_id");
}
