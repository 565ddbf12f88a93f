//! Review trail, scorecard drill-down and corrective actions.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use touchstone_server::evidence::fixtures;
use touchstone_shared::action::{ActionStatus, CorrectiveAction};
use touchstone_shared::audit::{AnswerValue, Audit, AuditEvent, AuditStatus, AuditSummary};
use touchstone_shared::client::Client;
use touchstone_shared::page::Page;
use touchstone_shared::photo::Photo;
use touchstone_shared::scorecard::{CellAudit, Scorecard};
use touchstone_shared::user::{Role, User};
use touchstone_shared::verify::FlagKind;
use touchstone_tests::world::{PASSWORD, create_user};
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

async fn approved(w: &World, values: [AnswerValue; 7], days_ago: i64) -> Uuid {
    let id = Uuid::now_v7();
    let mut input = w.audit(w.new_assignment().await.id, AuditStatus::Submitted, values);
    let at = Utc::now() - Duration::days(days_ago);
    input.visit.check_in_at = Some(at - Duration::minutes(30));
    input.visit.check_out_at = Some(at);
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect::<Audit>(201);
    w.approve(id).await;
    id
}

fn failing(w: &World) -> [AnswerValue; 7] {
    let mut values = w.perfect();
    values[0] = AnswerValue::YesNo(false);
    values[6] = AnswerValue::Nps(3);
    values
}

#[tokio::test]
async fn every_status_change_is_kept_with_who_and_why() {
    let app = TestApp::new().await;
    let w = World::build(&app, "trail").await;
    let id = Uuid::now_v7();
    let path = format!("/api/v1/audits/{id}");
    let body = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    w.auditor.put(&path, &body).await.expect::<Audit>(201);
    w.consultant
        .post(
            &format!("{path}/review"),
            &json!({"decision": "return", "comment": "Add the wait"}),
        )
        .await
        .expect::<Audit>(200);
    w.auditor.put(&path, &body).await.expect::<Audit>(200);
    w.admin
        .post(&format!("{path}/review"), &json!({"decision": "approve"}))
        .await
        .expect::<Audit>(200);
    let events: Vec<AuditEvent> = w
        .consultant
        .get(&format!("{path}/events"))
        .await
        .expect(200);
    let steps: Vec<(Option<AuditStatus>, AuditStatus)> =
        events.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(
        steps,
        [
            (None, AuditStatus::Submitted),
            (Some(AuditStatus::Submitted), AuditStatus::Returned),
            (Some(AuditStatus::Returned), AuditStatus::Submitted),
            (Some(AuditStatus::Submitted), AuditStatus::Approved),
        ]
    );
    assert_eq!(events[1].comment, "Add the wait");
    assert_eq!(events[1].actor_id, w.user(Role::Consultant).id);
    assert_eq!(events[3].actor_id, w.user(Role::Admin).id);
}

#[tokio::test]
async fn review_queue_filters_by_status_and_auditor() {
    let app = TestApp::new().await;
    let w = World::build(&app, "queue").await;
    let id = Uuid::now_v7();
    w.auditor
        .put(
            &format!("/api/v1/audits/{id}"),
            &w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect()),
        )
        .await
        .expect::<Audit>(201);
    approved(&w, w.perfect(), 1).await;
    let queue: Page<AuditSummary> = w
        .consultant
        .get(&format!(
            "/api/v1/audits?status=submitted&auditor_id={}",
            w.user(Role::Auditor).id
        ))
        .await
        .expect(200);
    assert_eq!(queue.items.iter().map(|a| a.id).collect::<Vec<_>>(), [id]);
    let none: Page<AuditSummary> = w
        .consultant
        .get(&format!(
            "/api/v1/audits?status=submitted&auditor_id={}",
            w.user(Role::Manager).id
        ))
        .await
        .expect(200);
    assert!(none.items.is_empty());
}

#[tokio::test]
async fn review_queue_filters_by_flag_for_reviewers_only() {
    let app = TestApp::new().await;
    let w = World::build(&app, "flagq").await;
    // Checked in about 500 m from the shop: flagged outside the geofence.
    let far = Uuid::now_v7();
    let mut input = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    if let Some(p) = input.visit.position.as_mut() {
        p.lat += 0.0045;
    }
    w.auditor
        .put(&format!("/api/v1/audits/{far}"), &input)
        .await
        .expect::<Audit>(201);
    let clean = Uuid::now_v7();
    w.auditor
        .put(
            &format!("/api/v1/audits/{clean}"),
            &w.audit(
                w.new_assignment().await.id,
                AuditStatus::Submitted,
                w.perfect(),
            ),
        )
        .await
        .expect::<Audit>(201);
    let ids = |page: &Page<AuditSummary>| page.items.iter().map(|a| a.id).collect::<Vec<_>>();
    let get = |query: &'static str| {
        let w = &w;
        async move {
            w.consultant
                .get(&format!("/api/v1/audits?status=submitted&{query}"))
                .await
                .expect::<Page<AuditSummary>>(200)
        }
    };

    let geofence = get("flag=outside_geofence").await;
    assert_eq!(ids(&geofence), [far]);
    let flag = &geofence.items[0].flags[0];
    assert_eq!(flag.kind, FlagKind::OutsideGeofence);
    assert!(flag.message.contains(" m"), "{}", flag.message);
    assert!(flag.figures.distance_m.is_some_and(|d| d > 400.0));
    assert_eq!(ids(&get("flagged=true").await), [far]);
    assert_eq!(ids(&get("flagged=false").await), [clean]);
    assert!(ids(&get("flag=poor_accuracy").await).is_empty());
    // `no_check_in` must not match `no?check?in`-like kinds by a `LIKE` wildcard.
    assert!(ids(&get("flag=no_check_in").await).is_empty());
    let all = get("").await;
    assert_eq!(ids(&all), [far, clean]);
    assert!(all.items[1].flags.is_empty());

    let reply = w.consultant.get("/api/v1/audits?flag=teleported").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.error_code(), "invalid_input");
    let reply = w.consultant.get("/api/v1/audits?flagged=maybe").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);

    // Once approved, managers see the audits but neither the flags nor a way to probe them.
    for id in [far, clean] {
        w.approve(id).await;
    }
    let managed: Page<AuditSummary> = w.manager.get("/api/v1/audits").await.expect(200);
    assert_eq!(ids(&managed), [far, clean]);
    assert!(managed.items.iter().all(|a| a.flags.is_empty()));
    for query in ["flag=outside_geofence", "flagged=true"] {
        let probed: Page<AuditSummary> = w
            .manager
            .get(&format!("/api/v1/audits?{query}"))
            .await
            .expect(200);
        assert!(probed.items.is_empty(), "{query}");
    }
    let own: Page<AuditSummary> = w
        .auditor
        .get("/api/v1/audits?flag=outside_geofence")
        .await
        .expect(200);
    assert!(own.items.is_empty());
}

#[tokio::test]
async fn scorecard_compares_periods_ranks_items_and_drills_down() {
    let app = TestApp::new().await;
    let w = World::build(&app, "deep").await;
    // This period: three perfect audits and one failing the critical greeting item.
    for _ in 0..3 {
        approved(&w, w.perfect(), 2).await;
    }
    let worst = approved(&w, failing(&w), 3).await;
    // Previous period (days 90–180 ago): one failing audit.
    approved(&w, failing(&w), 120).await;

    let card: Scorecard = w
        .manager
        .get(&format!("/api/v1/scorecards?client_id={}", w.client.id))
        .await
        .expect(200);
    assert_eq!(card.overall.n, 4);
    // Failing audit: touchpoint 0 earns 4 of 6, the audit 10 of 12.
    let failing_total = 10.0 / 12.0 * 100.0;
    let mean = (300.0 + failing_total) / 4.0;
    assert!((card.overall.mean.expect("mean") - mean).abs() < 1e-6);
    assert!((card.overall.previous_mean.expect("previous") - failing_total).abs() < 1e-6);
    assert!((card.overall.change.expect("change") - (mean - failing_total)).abs() < 1e-6);

    // Worst item: the greeting (1 of 4 answers failed → mean 75 %); all others 100 %.
    let first = &card.worst_items[0];
    assert_eq!(first.item_id, w.item(0));
    assert_eq!(first.n, 4);
    assert!((first.mean - 75.0).abs() < 1e-6);
    assert_eq!(first.label, "Greeted within 30 s");

    // NPS: three 10s and one 3 → (3 − 1) / 4.
    let nps = card.nps.expect("nps");
    assert_eq!((nps.n, nps.promoters, nps.detractors), (4, 3, 1));
    assert!((nps.score - 50.0).abs() < 1e-6);
    // Emotion: every audit noted +1 at touchpoint 0.
    assert_eq!(card.touchpoints[0].emotion, Some(1.0));
    assert_eq!(card.touchpoints[1].emotion, None);
    assert_eq!(card.locations.len(), 1);
    assert_eq!(card.locations[0].code, "LIS-01");
    assert_eq!(card.regions[0].region, "Lisbon");
    assert_eq!(card.trend.iter().map(|t| t.n).sum::<u64>(), 4);

    // Drill-down into touchpoint 0: the failing audit first.
    let cells: Vec<CellAudit> = w
        .manager
        .get(&format!(
            "/api/v1/scorecards/audits?client_id={}&touchpoint_id={}",
            w.client.id,
            w.touchpoint(0)
        ))
        .await
        .expect(200);
    assert_eq!(cells.len(), 4);
    assert_eq!(cells[0].audit_id, worst);
    assert!(cells[0].critical_failure);
    assert!((cells[0].percent.expect("percent") - 4.0 / 6.0 * 100.0).abs() < 1e-6);
    let stage: Vec<CellAudit> = w
        .manager
        .get(&format!(
            "/api/v1/scorecards/audits?client_id={}&stage_id={}",
            w.client.id, w.journey.stages[0].id
        ))
        .await
        .expect(200);
    assert_eq!(stage[0].audit_id, worst);
}

#[tokio::test]
async fn corrective_action_goes_open_done_verified() {
    let app = TestApp::new().await;
    let w = World::build(&app, "action").await;
    let audit = approved(&w, failing(&w), 1).await;
    let manager = w.user(Role::Manager).id;
    let body = json!({"audit_id": audit, "item_id": w.item(0), "assignee_id": manager,
        "due": Utc::now() - Duration::days(1), "note": "Retrain the door team"});

    let passed = json!({"audit_id": audit, "item_id": w.item(5), "assignee_id": manager,
        "due": Utc::now(), "note": "x"});
    let reply = w.consultant.post("/api/v1/actions", &passed).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "item 5 did not fail: {}",
        reply.body
    );
    assert_eq!(reply.body["error"]["field"], "item_id");

    let action: CorrectiveAction = w
        .consultant
        .post("/api/v1/actions", &body)
        .await
        .expect(201);
    assert!(action.overdue, "due yesterday and open");
    assert_eq!(action.item_label, "Greeted within 30 s");

    let listed: Page<CorrectiveAction> = w
        .manager
        .get(&format!(
            "/api/v1/actions?location_id={}&status=open",
            w.location.id
        ))
        .await
        .expect(200);
    assert_eq!(listed.items.len(), 1);

    let path = format!("/api/v1/actions/{}", action.id);
    let reply = w.manager.patch(&path, &json!({"status": "verified"})).await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "open cannot jump to verified"
    );
    let reply = w.manager.patch(&path, &json!({"status": "done"})).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "done needs a note"
    );
    let done: CorrectiveAction = w
        .manager
        .patch(
            &path,
            &json!({"status": "done", "resolution": "Briefed all shifts on greeting"}),
        )
        .await
        .expect(200);
    assert_eq!(done.status, ActionStatus::Done);
    assert!(!done.overdue);
    let reply = w.manager.patch(&path, &json!({"status": "verified"})).await;
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "the assignee does not verify their own work"
    );
    let verified: CorrectiveAction = w
        .consultant
        .patch(&path, &json!({"status": "verified"}))
        .await
        .expect(200);
    assert_eq!(verified.status, ActionStatus::Verified);
    assert_eq!(verified.resolution, "Briefed all shifts on greeting");
}

#[tokio::test]
async fn actions_are_assigned_among_the_client_s_active_managers() {
    let app = TestApp::new().await;
    let w = World::build(&app, "assignees").await;
    let path = format!("/api/v1/clients/{}/managers", w.client.id);
    let second = create_user(&w.admin, "assignees-2", Role::Manager, &[w.client.id]).await;
    let other: Client = w
        .consultant
        .post("/api/v1/clients", &json!({"name": "Other brand"}))
        .await
        .expect(201);
    create_user(&w.admin, "assignees-3", Role::Manager, &[other.id]).await;
    let names = |managers: Vec<User>| {
        let mut ids: Vec<Uuid> = managers.into_iter().map(|m| m.id).collect();
        ids.sort();
        ids
    };
    let mut expected = vec![w.user(Role::Manager).id, second.id];
    expected.sort();
    assert_eq!(names(w.consultant.get(&path).await.expect(200)), expected);
    assert_eq!(names(w.manager.get(&path).await.expect(200)), expected);

    w.admin
        .patch(
            &format!("/api/v1/users/{}", second.id),
            &json!({"disabled": true}),
        )
        .await
        .expect::<User>(200);
    assert_eq!(
        names(w.consultant.get(&path).await.expect(200)),
        [w.user(Role::Manager).id]
    );
    // The world's manager does not see the other client; auditors see no managers.
    let other_path = format!("/api/v1/clients/{}/managers", other.id);
    assert_eq!(
        w.manager.get(&other_path).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(w.auditor.get(&path).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn photos_of_a_fix_are_seen_by_those_who_see_the_action() {
    let app = TestApp::new().await;
    let w = World::build(&app, "fix").await;
    let elsewhere = World::build(&app, "fix-elsewhere").await;
    let audit = approved(&w, failing(&w), 1).await;
    let action: CorrectiveAction = w
        .consultant
        .post(
            "/api/v1/actions",
            &json!({"audit_id": audit, "item_id": w.item(0), "assignee_id": w.user(Role::Manager).id,
                "due": Utc::now() + Duration::days(7), "note": "Fix the door sign"}),
        )
        .await
        .expect(201);
    // A manager of another client of the same organisation.
    let other: Client = w
        .consultant
        .post("/api/v1/clients", &json!({"name": "Other brand"}))
        .await
        .expect(201);
    let outsider = manager_session(&app, &w, "fix-outsider", other.id).await;
    // Another manager of the action's client.
    let colleague = manager_session(&app, &w, "fix-colleague", w.client.id).await;

    let path = format!("/api/v1/actions/{}", action.id);
    let done = |photo: &Photo| json!({"status": "done", "resolution": "New sign up", "resolution_photos": [photo.sha256]});
    // Somebody else's photo (here the auditor's) cannot be shown through the action.
    let not_mine: Photo = upload(&w.auditor, 80).await;
    let reply = w.manager.patch(&path, &done(&not_mine)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(reply.body["error"]["field"], "resolution_photos");

    let fix: Photo = upload(&w.manager, 96).await;
    let thumb = format!("/api/v1/photos/{}/thumb", fix.sha256);
    assert_eq!(
        w.consultant.get(&thumb).await.status,
        StatusCode::NOT_FOUND,
        "not shown yet"
    );
    let done: CorrectiveAction = w.manager.patch(&path, &done(&fix)).await.expect(200);
    assert_eq!(done.resolution_photos, std::slice::from_ref(&fix.sha256));

    for (who, seen) in [
        (&w.manager, StatusCode::OK),
        (&colleague, StatusCode::OK),
        (&w.consultant, StatusCode::OK),
        (&w.admin, StatusCode::OK),
        (&w.auditor, StatusCode::NOT_FOUND),
        (&outsider, StatusCode::NOT_FOUND),
        (&elsewhere.admin, StatusCode::NOT_FOUND),
    ] {
        assert_eq!(who.get(&thumb).await.status, seen, "{thumb}");
    }
    let original = format!("/api/v1/photos/{}/original", fix.sha256);
    assert_eq!(w.consultant.get(&original).await.status, StatusCode::OK);
}

async fn upload(who: &Session, width: u32) -> Photo {
    who.send_raw(
        reqwest::Method::POST,
        "/api/v1/photos",
        "image/jpeg",
        fixtures::jpeg(width, 64),
    )
    .await
    .expect(201)
}

/// A new manager of `client_id`, signed in.
async fn manager_session(app: &TestApp, w: &World, prefix: &str, client_id: Uuid) -> Session {
    let user = create_user(&w.admin, prefix, Role::Manager, &[client_id]).await;
    let session = Session::new(&app.base);
    session.login(&user.email, PASSWORD).await;
    session
}
