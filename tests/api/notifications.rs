//! Notifications: the outbox written with the change, e-mail delivered to a real SMTP server
//! on loopback (scripts/smtp-sink.py, PyPI aiosmtpd) exactly once, retried after failures,
//! shared by two servers on one PostgreSQL; the notification centre and the delivery log
//! with their tenancy and roles; signed unsubscribe links.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use touchstone_server::db::notifications::Event;
use touchstone_server::notify::events;
use touchstone_shared::action::CorrectiveAction;
use touchstone_shared::audit::{AnswerValue, Audit, AuditStatus};
use touchstone_shared::notification::{Notification, OutboxMessage, UnreadCount};
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use touchstone_tests::{Session, TestApp, World, backend};
use uuid::Uuid;

/// A loopback SMTP server (scripts/smtp-sink.py) storing what it receives in a folder.
pub(crate) struct SmtpSink {
    child: Child,
    dir: tempfile::TempDir,
}

/// The Python with aiosmtpd: `TOUCHSTONE_TEST_SMTP_PYTHON`, else the venv `.ci/run` makes.
fn smtp_python() -> String {
    std::env::var("TOUCHSTONE_TEST_SMTP_PYTHON").unwrap_or_else(|_| {
        let venv = "/opt/touchstone-smtp/bin/python3";
        if std::path::Path::new(venv).exists() {
            venv.to_owned()
        } else {
            "python3".to_owned()
        }
    })
}

pub(crate) fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

impl SmtpSink {
    pub(crate) async fn start(port: u16) -> SmtpSink {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/smtp-sink.py");
        let mut child = Command::new(smtp_python())
            .arg(script)
            .arg(port.to_string())
            .arg(dir.path())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP sink (needs aiosmtpd: see .ci/run)");
        let stdout = child.stdout.take().expect("stdout");
        let ready = tokio::task::spawn_blocking(move || {
            use std::io::BufRead;
            let mut line = String::new();
            std::io::BufReader::new(stdout)
                .read_line(&mut line)
                .map(|_| line)
        })
        .await
        .expect("join")
        .expect("read");
        assert_eq!(ready.trim(), "ready", "the SMTP sink did not start");
        SmtpSink { child, dir }
    }

    /// Every message received: its headers (unfolded) and the raw text.
    pub(crate) fn messages(&self) -> Vec<Mail> {
        let mut paths: Vec<_> = std::fs::read_dir(self.dir.path())
            .expect("read dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| Mail::parse(&std::fs::read_to_string(p).expect("read mail")))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) struct Mail {
    headers: BTreeMap<String, String>,
    pub(crate) raw: String,
}

impl Mail {
    fn parse(raw: &str) -> Mail {
        let raw = raw.replace("\r\n", "\n");
        let head = raw.split("\n\n").next().unwrap_or_default();
        let unfolded = head.replace("\n ", " ").replace("\n\t", " ");
        let headers = unfolded
            .lines()
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
            .collect();
        Mail { headers, raw }
    }

    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }

    /// The event kind, from the idempotency key (`kind:subject:user:email`).
    pub(crate) fn kind(&self) -> &str {
        self.header("idempotency-key")
            .split(':')
            .next()
            .unwrap_or_default()
    }
}

pub(crate) async fn eventually<F: std::future::Future<Output = bool>>(
    what: &str,
    mut check: impl FnMut() -> F,
) {
    for _ in 0..300 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn outbox(admin: &Session) -> Vec<OutboxMessage> {
    admin.get("/api/v1/outbox?limit=500").await.expect(200)
}

async fn all_sent(admin: &Session) -> bool {
    let messages = outbox(admin).await;
    !messages.is_empty() && messages.iter().all(|m| m.status == "delivered")
}

async fn kinds(session: &Session) -> Vec<String> {
    let page: Page<Notification> = session.get("/api/v1/notifications").await.expect(200);
    page.items.into_iter().map(|n| n.kind).collect()
}

pub(crate) fn fast(config: &mut touchstone_server::config::Config, smtp_port: u16) {
    config.notify.smtp_url = Some(format!("smtp://127.0.0.1:{smtp_port}"));
    config.notify.smtp_from = "Touchstone <noreply@example.test>".into();
    config.notify.public_url = "https://touchstone.example.test".into();
    config.notify.notify_poll_ms = 25;
    config.notify.notify_retry_ms = 100;
    config.notify.reminder_interval_secs = 1;
}

#[tokio::test]
async fn each_event_reaches_the_centre_and_one_email_per_recipient() {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let app = TestApp::with_config(|c| fast(c, port)).await;
    let w = World::build(&app, "notify").await;
    let auditor = w.user(Role::Auditor).clone();
    let manager = w.user(Role::Manager).clone();
    // Times in messages are written in the organisation's zone.
    w.admin
        .put(
            "/api/v1/organisation",
            &json!({"time_zone": "America/New_York"}),
        )
        .await
        .expect::<serde_json::Value>(200);

    // Submitted (reviewers' digest), returned, submitted again, approved with a critical fail.
    let id = Uuid::now_v7();
    let path = format!("/api/v1/audits/{id}");
    let mut values = w.perfect();
    values[0] = AnswerValue::YesNo(false);
    let body = w.audit(w.assignment.id, AuditStatus::Submitted, values);
    w.auditor.put(&path, &body).await.expect::<Audit>(201);
    w.consultant
        .post(
            &format!("{path}/review"),
            &json!({"decision": "return", "comment": "Add the wait"}),
        )
        .await
        .expect::<Audit>(200);
    w.auditor.put(&path, &body).await.expect::<Audit>(200);
    w.approve(id).await;
    // A corrective action, overdue at once, then done.
    let action: CorrectiveAction = w
        .consultant
        .post(
            "/api/v1/actions",
            &json!({"audit_id": id, "item_id": w.item(0), "assignee_id": manager.id,
                "due": Utc::now() - Duration::hours(1), "note": "Greet people"}),
        )
        .await
        .expect(201);

    let auditor_kinds = kinds(&w.auditor).await;
    for kind in ["assignment_created", "audit_returned", "audit_approved"] {
        assert_eq!(
            auditor_kinds.iter().filter(|k| *k == kind).count(),
            1,
            "{kind}: {auditor_kinds:?}"
        );
    }
    let review: Vec<String> = kinds(&w.consultant).await;
    assert_eq!(
        review.iter().filter(|k| *k == "audit_submitted").count(),
        1,
        "two submissions within the hour make one digest: {review:?}"
    );
    let manager_kinds = kinds(&w.manager).await;
    assert!(
        manager_kinds.contains(&"audit_alert".to_owned()),
        "{manager_kinds:?}"
    );
    assert!(
        manager_kinds.contains(&"action_assigned".to_owned()),
        "{manager_kinds:?}"
    );
    // The reminder scan (every second here) finds the overdue action, once.
    let m = w.manager.clone();
    eventually("the overdue reminder", || {
        let m = m.clone();
        async move { kinds(&m).await.contains(&"action_overdue".to_owned()) }
    })
    .await;
    w.manager
        .patch(
            &format!("/api/v1/actions/{}", action.id),
            &json!({"status": "done", "resolution": "Briefed the team"}),
        )
        .await
        .expect::<CorrectiveAction>(200);
    assert!(
        kinds(&w.consultant)
            .await
            .contains(&"action_done".to_owned())
    );

    // Every message delivered with one attempt, and the SMTP server got each once.
    let admin = w.admin.clone();
    eventually("the outbox is delivered", || {
        let a = admin.clone();
        async move { all_sent(&a).await }
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let log = outbox(&w.admin).await;
    assert!(
        log.iter()
            .all(|m| m.status == "delivered" && m.attempts == 1 && m.log.len() == 1 && m.log[0].ok),
        "{log:?}"
    );
    let mails = sink.messages();
    assert_eq!(mails.len(), log.len(), "one e-mail per outbox message");
    let mut keys: Vec<&str> = mails.iter().map(|m| m.header("idempotency-key")).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), mails.len(), "no message twice");
    let to_auditor: Vec<&Mail> = mails
        .iter()
        .filter(|m| m.header("to").contains(&auditor.email))
        .collect();
    for kind in ["assignment_created", "audit_returned", "audit_approved"] {
        assert_eq!(
            to_auditor.iter().filter(|m| m.kind() == kind).count(),
            1,
            "{kind}"
        );
    }
    let to_manager: Vec<&str> = mails
        .iter()
        .filter(|m| m.header("to").contains(&manager.email))
        .map(Mail::kind)
        .collect();
    for kind in ["audit_alert", "action_assigned", "action_overdue"] {
        assert_eq!(
            to_manager.iter().filter(|k| **k == kind).count(),
            1,
            "{kind}: {to_manager:?}"
        );
    }
    let assigned = mails
        .iter()
        .find(|m| m.header("to").contains(&manager.email) && m.kind() == "action_assigned")
        .expect("action mail");
    assert!(
        (assigned.raw.contains(" EST") || assigned.raw.contains(" EDT"))
            && !assigned.raw.contains(" UTC"),
        "{}",
        assigned.raw
    );
    let returned = to_auditor
        .iter()
        .find(|m| m.kind() == "audit_returned")
        .expect("returned");
    assert_eq!(returned.header("subject"), "Your audit was returned");
    assert!(returned.header("from").contains("noreply@example.test"));
    assert!(returned.raw.contains("text/plain") && returned.raw.contains("text/html"));
    assert!(returned.header("message-id").ends_with("@touchstone>"));

    // The unsubscribe link works without signing in and stops that kind only.
    let link = to_auditor
        .iter()
        .find(|m| m.kind() == "assignment_created")
        .expect("assignment mail")
        .header("list-unsubscribe")
        .trim_matches(|c| c == '<' || c == '>')
        .to_owned();
    let local = link.replace("https://touchstone.example.test", &app.base);
    let anonymous = app.session();
    // Opening the link (as a mail scanner would) only shows a page asking to confirm.
    let path = local.trim_start_matches(&app.base).to_owned();
    let page = anonymous
        .request(reqwest::Method::GET, &path)
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("text");
    assert!(html.contains("assignment_created"), "{html}");
    assert!(html.contains("method=\"post\""), "{html}");
    let forged = local.replace("assignment_created", "audit_returned");
    let reply = anonymous.get(forged.trim_start_matches(&app.base)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let reply = anonymous
        .post(forged.trim_start_matches(&app.base), &json!({}))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let before = sink.messages().len();
    w.new_assignment().await;
    eventually("the e-mail after only opening the link", || async {
        sink.messages().len() > before
    })
    .await;
    // Confirming (the page's button posts the same address) unsubscribes.
    let confirmed = anonymous
        .request(reqwest::Method::POST, &path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("post");
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert!(
        confirmed
            .text()
            .await
            .expect("text")
            .contains("no longer get e-mails")
    );
    let before = sink.messages().len();
    w.new_assignment().await;
    let auditor_kinds = kinds(&w.auditor).await;
    assert_eq!(
        auditor_kinds
            .iter()
            .filter(|k| *k == "assignment_created")
            .count(),
        3
    );
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let after = sink.messages();
    assert_eq!(after.len(), before, "no e-mail of a kind unsubscribed from");

    // The centre: unread count, mark one, mark all; nobody else's.
    let unread: UnreadCount = w
        .auditor
        .get("/api/v1/notifications/unread")
        .await
        .expect(200);
    assert_eq!(unread.unread, 5);
    let page: Page<Notification> = w
        .auditor
        .get("/api/v1/notifications?limit=2")
        .await
        .expect(200);
    assert_eq!(page.items.len(), 2);
    assert!(page.items[0].link.starts_with("/assignments/"));
    let older: Page<Notification> = w
        .auditor
        .get(&format!(
            "/api/v1/notifications?cursor={}",
            page.next_cursor.clone().expect("cursor")
        ))
        .await
        .expect(200);
    assert_eq!(older.items.len(), 3);
    let first = page.items[0].id;
    let read_path = format!("/api/v1/notifications/{first}/read");
    assert_eq!(
        w.manager.post(&read_path, &json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    let stranger = World::build(&app, "notify-other").await;
    assert_eq!(
        stranger.admin.post(&read_path, &json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.auditor.post(&read_path, &json!({})).await.status,
        StatusCode::NO_CONTENT
    );
    let unread: UnreadCount = w
        .auditor
        .get("/api/v1/notifications/unread")
        .await
        .expect(200);
    assert_eq!(unread.unread, 4);
    assert_eq!(
        w.auditor
            .post("/api/v1/notifications/read", &json!({}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let unread: UnreadCount = w
        .auditor
        .get("/api/v1/notifications/unread")
        .await
        .expect(200);
    assert_eq!(unread.unread, 0);

    // The delivery log: admins only, their organisation only; anonymous callers 401.
    for role in [Role::Consultant, Role::Manager, Role::Auditor] {
        assert_eq!(
            w.session(role).get("/api/v1/outbox").await.status,
            StatusCode::FORBIDDEN
        );
    }
    let theirs = outbox(&stranger.admin).await;
    assert!(
        theirs.iter().all(|m| !log.iter().any(|l| l.id == m.id)),
        "another organisation's log"
    );
    let bad = w.admin.get("/api/v1/outbox?status=lost").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for path in [
        "/api/v1/outbox",
        "/api/v1/notifications",
        "/api/v1/notifications/unread",
    ] {
        assert_eq!(
            anonymous.get(path).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    assert_eq!(
        anonymous.post(&read_path, &json!({})).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        anonymous
            .post("/api/v1/notifications/read", &json!({}))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_rolled_back_change_leaves_nothing_to_send() {
    let app = TestApp::with_config(|c| c.notify.notify_poll_ms = 25).await;
    let w = World::build(&app, "rollback").await;
    let auditor = w.user(Role::Auditor).id;
    let event = |n: u32| Event::new("assignment_created", n, auditor, "t", "b", "/");
    let mut tx = app.state.db.begin().await.expect("begin");
    events::record(&mut tx, w.org_id, &[event(1)])
        .await
        .expect("record");
    tx.rollback().await.expect("rollback");
    let mut tx = app.state.db.begin().await.expect("begin");
    events::record(&mut tx, w.org_id, &[event(2)])
        .await
        .expect("record");
    drop(tx);
    let mut tx = app.state.db.begin().await.expect("begin");
    events::record(&mut tx, w.org_id, &[event(3), event(3)])
        .await
        .expect("record");
    tx.commit().await.expect("commit");
    let log = outbox(&w.admin).await;
    let keys: Vec<&str> = log.iter().map(|m| m.idempotency_key.as_str()).collect();
    let key = |n: u32| format!("assignment_created:{n}:{auditor}:email");
    assert!(
        !keys.contains(&key(1).as_str()) && !keys.contains(&key(2).as_str()),
        "{keys:?}"
    );
    assert_eq!(keys.iter().filter(|k| **k == key(3)).count(), 1, "{keys:?}");
    let page: Page<Notification> = w.auditor.get("/api/v1/notifications").await.expect(200);
    assert_eq!(page.items.iter().filter(|n| n.title == "t").count(), 1);
}

#[tokio::test]
async fn a_failing_smtp_server_is_retried_until_it_takes_the_message_once() {
    let port = free_port();
    let app = TestApp::with_config(|c| fast(c, port)).await;
    let w = World::build(&app, "retry").await;
    let admin = w.admin.clone();
    eventually("two failed attempts", || {
        let a = admin.clone();
        async move { outbox(&a).await.iter().any(|m| m.log.len() >= 2) }
    })
    .await;
    let failing = outbox(&w.admin).await;
    assert!(
        failing
            .iter()
            .all(|m| m.status == "pending" && m.log.iter().all(|a| !a.ok && !a.error.is_empty())),
        "{failing:?}"
    );
    let sink = SmtpSink::start(port).await;
    eventually("delivered after the server came up", || {
        let a = admin.clone();
        async move { all_sent(&a).await }
    })
    .await;
    let log = outbox(&w.admin).await;
    let mails = sink.messages();
    assert_eq!(mails.len(), log.len(), "each message once: {log:?}");
    for m in &log {
        assert!(
            m.log.len() >= 2 && m.log.last().is_some_and(|a| a.ok),
            "{m:?}"
        );
        assert_eq!(m.log.iter().filter(|a| a.ok).count(), 1);
    }
}

#[tokio::test]
async fn two_servers_on_one_postgres_send_each_message_once() {
    if backend() != "postgres" {
        // One server per SQLite file: nothing to share.
        return;
    }
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let app = TestApp::with_config(|c| fast(c, port)).await;
    let w = World::build(&app, "pair").await;
    let mut config = (*app.state.config).clone();
    config.notify.notify_poll_ms = 5;
    let second = touchstone_server::build(config)
        .await
        .expect("second server");
    let worker = touchstone_server::notify::worker::spawn(second);
    let auditor = w.user(Role::Auditor).id;
    let batch: Vec<_> = (0..60)
        .map(|_| {
            json!({"checklist_version_id": w.checklist.version.id, "location_id": w.location.id,
                "auditor_id": auditor, "not_before": Utc::now() + Duration::days(3),
                "due": Utc::now() + Duration::days(5), "scenario": "Pair"})
        })
        .collect();
    let created = w
        .consultant
        .post("/api/v1/assignments/batch", &json!({"assignments": batch}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let admin = w.admin.clone();
    eventually("every message delivered", || {
        let a = admin.clone();
        async move { all_sent(&a).await }
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    worker.abort();
    let log = outbox(&w.admin).await;
    assert!(log.len() >= 61, "{}", log.len());
    assert!(
        log.iter().all(|m| m.attempts == 1 && m.log.len() == 1),
        "each sent by one worker, once"
    );
    let mails = sink.messages();
    assert_eq!(mails.len(), log.len());
    let mut keys: Vec<&str> = mails.iter().map(|m| m.header("idempotency-key")).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), mails.len(), "no message twice");
}
