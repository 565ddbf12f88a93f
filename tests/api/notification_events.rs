//! The events of staff moving visits (reassigned, taken back, new dates), of imports and of
//! reports: each reaches its recipient's centre and the loopback SMTP server once, written with
//! the change; a change refused or rolled back tells nobody.

use crate::notifications::{SmtpSink, eventually, fast, free_port};
use crate::panel::{create_schedule, current_job, schedule, shoppers};
use serde_json::json;
use touchstone_shared::assignment::Assignment;
use touchstone_shared::audit::{Audit, AuditStatus};
use touchstone_shared::notification::Notification;
use touchstone_shared::page::Page;
use touchstone_shared::panel::Job;
use touchstone_shared::user::Role;
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// The kinds in a user's centre, oldest first.
async fn told(session: &Session) -> Vec<String> {
    let page: Page<Notification> = session
        .get("/api/v1/notifications?limit=500")
        .await
        .expect(200);
    page.items.into_iter().rev().map(|n| n.kind).collect()
}

/// How many e-mails of `kind` reached `address`.
fn mailed(sink: &SmtpSink, kind: &str, address: &str) -> usize {
    sink.messages()
        .iter()
        .filter(|m| m.kind() == kind && m.header("x-envelope-to") == address)
        .count()
}

/// Waits until `address` got `n` e-mails of `kind`, then a little longer to see no more.
async fn wait_mailed(sink: &SmtpSink, kind: &str, address: &str, n: usize) {
    eventually(&format!("{n} {kind} e-mails to {address}"), || async {
        mailed(sink, kind, address) >= n
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(mailed(sink, kind, address), n, "{kind} to {address}");
}

#[tokio::test]
async fn staff_reassigning_and_taking_back_a_visit_tell_each_shopper_once() {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let app = TestApp::with_config(|c| fast(c, port)).await;
    let w = World::build(&app, "moves").await;
    let made = shoppers(&app, &w, 2).await;
    let (a, a_session) = &made[0];
    let (b, b_session) = &made[1];
    // The addresses `shoppers` gives them.
    let a_mail = format!("shopper0.{a}@example.test");
    let b_mail = format!("shopper1.{b}@example.test");
    let plan = create_schedule(&w, &schedule(&w, &[w.location.id], json!({}))).await;
    let job = current_job(&w, plan.id).await;
    let assign = format!("/api/v1/jobs/{}/assign", job.id);
    let release = format!("/api/v1/jobs/{}/release", job.id);

    // Given to A, then to B, then taken back.
    w.consultant
        .post(&assign, &json!({"shopper_id": a}))
        .await
        .expect::<Job>(200);
    w.consultant
        .post(&assign, &json!({"shopper_id": b}))
        .await
        .expect::<Job>(200);
    w.consultant
        .post(&release, &json!({}))
        .await
        .expect::<Job>(200);
    assert_eq!(
        told(a_session).await,
        ["assignment_created", "assignment_cancelled"]
    );
    assert_eq!(
        told(b_session).await,
        ["assignment_changed", "assignment_cancelled"]
    );
    for (kind, to) in [
        ("assignment_created", &a_mail),
        ("assignment_cancelled", &a_mail),
        ("assignment_changed", &b_mail),
        ("assignment_cancelled", &b_mail),
    ] {
        wait_mailed(&sink, kind, to, 1).await;
    }

    // Refused once an audit is started: no reassignment, no release, nobody told.
    let given: Job = w
        .consultant
        .post(&assign, &json!({"shopper_id": a}))
        .await
        .expect(200);
    let assignment = given.assignment_id.expect("assignment");
    let audit = w.audit(assignment, AuditStatus::Draft, w.perfect());
    a_session
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &audit)
        .await
        .expect::<Audit>(201);
    let before_a = told(a_session).await;
    let before_b = told(b_session).await;
    let reply = w.consultant.post(&assign, &json!({"shopper_id": b})).await;
    assert_eq!(reply.status.as_u16(), 409, "{}", reply.body);
    let reply = w.consultant.post(&release, &json!({})).await;
    assert_eq!(reply.status.as_u16(), 409, "{}", reply.body);
    assert_eq!(told(a_session).await, before_a);
    assert_eq!(told(b_session).await, before_b);
    wait_mailed(&sink, "assignment_changed", &b_mail, 1).await;
    wait_mailed(&sink, "assignment_cancelled", &a_mail, 1).await;

    // A shopper giving a job back is told nothing (they did it).
    let open = create_schedule(&w, &schedule(&w, &[w.location.id], json!({}))).await;
    let mine = current_job(&w, open.id).await;
    b_session
        .post(&format!("/api/v1/jobs/{}/claim", mine.id), &json!({}))
        .await
        .expect::<Job>(200);
    b_session
        .post(&format!("/api/v1/jobs/{}/release", mine.id), &json!({}))
        .await
        .expect::<Job>(200);
    assert_eq!(told(b_session).await, before_b);
}

#[tokio::test]
async fn a_finished_import_tells_who_started_it_and_a_refused_one_nobody() {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let app = TestApp::with_config(|c| fast(c, port)).await;
    let w = World::build(&app, "import-told").await;
    let me = w.user(Role::Consultant).email.clone();
    let upload = |path: String, body: &'static str| {
        let session = w.consultant.clone();
        async move {
            session
                .send_raw(reqwest::Method::POST, &path, "text/csv", body.into())
                .await
        }
    };
    let locations = format!("/api/v1/clients/{}/locations/import", w.client.id);
    let checklists = format!("/api/v1/journeys/{}/checklists/import", w.journey.id);

    let reply = upload(
        locations.clone(),
        "Name;Code;Latitude;Longitude\nBaixa;LIS-02;38.7101;-9.1368\n",
    )
    .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    let reply = upload(
        checklists.clone(),
        "Touchpoint,Label,Type\nGreeting,Greeted within 30 s,yes_no\n",
    )
    .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.body);
    let page: Page<Notification> = w.consultant.get("/api/v1/notifications").await.expect(200);
    let done: Vec<&Notification> = page
        .items
        .iter()
        .filter(|n| n.kind == "import_finished")
        .collect();
    assert_eq!(done.len(), 2, "{done:?}");
    assert!(
        done.iter()
            .any(|n| n.body.contains("1 locations") && n.link == "/consult/imports"),
        "{done:?}"
    );
    assert!(
        done.iter().any(|n| n.body.contains("the checklist")),
        "{done:?}"
    );
    wait_mailed(&sink, "import_finished", &me, 2).await;
    // Nobody else is told.
    assert!(!told(&w.admin).await.contains(&"import_finished".to_owned()));

    // Files with problems store nothing and tell nobody.
    let reply = upload(
        locations,
        "Name;Code;Latitude;Longitude\nNowhere;X-1;91;0\n",
    )
    .await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let reply = upload(checklists, "Touchpoint,Label,Type\nLobby,Clean,yes_no\n").await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    let count = told(&w.consultant)
        .await
        .iter()
        .filter(|k| *k == "import_finished")
        .count();
    assert_eq!(count, 2);
    wait_mailed(&sink, "import_finished", &me, 2).await;
}

#[tokio::test]
async fn a_finished_report_tells_who_started_it_once_per_run() {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let app = TestApp::with_config(|c| fast(c, port)).await;
    let w = World::build(&app, "report-told").await;
    let consultant = w.user(Role::Consultant).clone();
    let made: serde_json::Value = w
        .consultant
        .post(
            "/api/v1/report-schedules",
            &json!({"client_id": w.client.id, "recipients": ["ops@brand.example"]}),
        )
        .await
        .expect(201);
    let id = made["id"].as_str().expect("id").to_owned();

    // Run now by an admin: the admin is told.
    w.admin
        .post(&format!("/api/v1/report-schedules/{id}/run"), &json!({}))
        .await
        .expect::<serde_json::Value>(201);
    let admin_email = w.user(Role::Admin).email.clone();
    wait_mailed(&sink, "report_finished", &admin_email, 1).await;
    let page: Page<Notification> = w.admin.get("/api/v1/notifications").await.expect(200);
    let ready = page
        .items
        .iter()
        .find(|n| n.kind == "report_finished")
        .expect("told");
    assert!(ready.body.contains(&w.client.name), "{ready:?}");
    assert_eq!(ready.link, "/consult/report");

    // Due: two rounds at once make it once; the schedule's maker is told once.
    sqlx::query("UPDATE report_schedules SET next_run_at = 1 WHERE id = $1")
        .bind(&id)
        .execute(app.state.db.pool())
        .await
        .expect("due");
    use touchstone_server::service::report_schedules::run_due;
    let (one, two) = tokio::join!(run_due(&app.state), run_due(&app.state));
    assert_eq!(one.expect("run") + two.expect("run"), 1, "claimed once");
    wait_mailed(&sink, "report_finished", &consultant.email, 1).await;
    let count = told(&w.consultant)
        .await
        .iter()
        .filter(|k| *k == "report_finished")
        .count();
    assert_eq!(count, 1);
    wait_mailed(&sink, "report_finished", &admin_email, 1).await;
}

#[tokio::test]
async fn staff_moving_a_visit_window_tell_its_auditor_once_and_a_refused_move_nobody() {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let app = TestApp::with_config(|c| fast(c, port)).await;
    let w = World::build(&app, "window").await;
    let auditor = w.user(Role::Auditor).clone();
    let a = w.new_assignment().await;
    let path = format!("/api/v1/assignments/{}/window", a.id);
    let start = chrono::Utc::now() + chrono::Duration::days(4);
    let window = json!({"not_before": start, "due": start + chrono::Duration::days(2)});
    let moved: Assignment = w.consultant.put(&path, &window).await.expect(200);
    assert_eq!(moved.not_before.timestamp(), start.timestamp());
    let shown: Assignment = w
        .auditor
        .get(&format!("/api/v1/assignments/{}", a.id))
        .await
        .expect(200);
    assert_eq!(shown.due, moved.due);
    let changed = |items: &[Notification]| {
        items
            .iter()
            .filter(|n| n.kind == "assignment_changed" && n.link.ends_with(&a.id.to_string()))
            .count()
    };
    let page: Page<Notification> = w.auditor.get("/api/v1/notifications").await.expect(200);
    assert_eq!(changed(&page.items), 1, "{:?}", page.items);
    wait_mailed(&sink, "assignment_changed", &auditor.email, 1).await;

    // Bad input, other roles and organisations: refused, nobody told.
    let backwards = json!({"not_before": start, "due": start - chrono::Duration::days(1)});
    let reply = w.consultant.put(&path, &backwards).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert_eq!(reply.body["error"]["field"], "due");
    for role in [Role::Manager, Role::Auditor] {
        let reply = w.session(role).put(&path, &window).await;
        assert_eq!(reply.status.as_u16(), 403, "{role:?}");
    }
    let stranger = World::build(&app, "window-other").await;
    assert_eq!(
        stranger
            .consultant
            .put(&path, &window)
            .await
            .status
            .as_u16(),
        404
    );
    // Once its audit is started the window stays.
    let audit = w.audit(a.id, AuditStatus::Draft, w.perfect());
    w.auditor
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &audit)
        .await
        .expect::<Audit>(201);
    let reply = w.consultant.put(&path, &window).await;
    assert_eq!(reply.status.as_u16(), 409, "{}", reply.body);
    let page: Page<Notification> = w.auditor.get("/api/v1/notifications").await.expect(200);
    assert_eq!(changed(&page.items), 1);
    wait_mailed(&sink, "assignment_changed", &auditor.email, 1).await;
}
