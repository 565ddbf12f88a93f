//! Webhooks: endpoints registered by admins receive the events of their kinds once each,
//! signed per Standard Webhooks (verified here by a receiving server on loopback with its
//! own HMAC); a failing endpoint is retried until it answers, one that keeps failing is
//! disabled and the admins told, a slow one times out; addresses that are not https or are
//! private are refused without `--allow-private-webhooks`; tenancy and roles.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode as HttpStatus};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use touchstone_shared::notification::Notification;
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use touchstone_shared::webhook::{Webhook, WebhookDelivery};
use touchstone_tests::{Session, TestApp, World};

/// What the receiver got on one path: messages whose signature checked, and the rest.
#[derive(Default)]
struct Inbox {
    /// Signing secret per path, set once the endpoint is registered.
    secrets: HashMap<String, String>,
    /// Requests per path (any outcome).
    hits: HashMap<String, u32>,
    /// Verified messages per path: (webhook-id, body).
    verified: HashMap<String, Vec<(String, Value)>>,
    /// Requests whose signature did not check.
    forged: u32,
}

type Shared = Arc<Mutex<Inbox>>;

/// Checks a Standard Webhooks signature independently of the server's code.
fn verify(secret: &str, headers: &HeaderMap, body: &[u8]) -> Option<String> {
    let header = |name: &str| headers.get(name)?.to_str().ok().map(str::to_owned);
    let id = header("webhook-id")?;
    let timestamp = header("webhook-timestamp")?;
    let signatures = header("webhook-signature")?;
    let age = chrono::Utc::now().timestamp() - timestamp.parse::<i64>().ok()?;
    if age.abs() > 300 {
        return None;
    }
    let key = STANDARD.decode(secret.strip_prefix("whsec_")?).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let expected = STANDARD.encode(mac.finalize().into_bytes());
    signatures
        .split(' ')
        .any(|s| s.strip_prefix("v1,") == Some(expected.as_str()))
        .then_some(id)
}

/// `/ok/…` answers 204, `/flaky/…` 500 twice then 204, `/down/…` always 503, `/slow/…`
/// after 4 s; every message is checked against its path's secret.
async fn receive(
    State(inbox): State<Shared>,
    Path((mode, name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> HttpStatus {
    let path = format!("/{mode}/{name}");
    let hits = {
        let mut inbox = inbox.lock().expect("lock");
        let hits = inbox.hits.entry(path.clone()).or_default();
        *hits += 1;
        *hits
    };
    match mode.as_str() {
        "slow" => {
            tokio::time::sleep(std::time::Duration::from_secs(4)).await;
            return HttpStatus::OK;
        }
        "down" => return HttpStatus::SERVICE_UNAVAILABLE,
        "flaky" if hits <= 2 => return HttpStatus::INTERNAL_SERVER_ERROR,
        _ => {}
    }
    let mut inbox = inbox.lock().expect("lock");
    let secret = inbox.secrets.get(&path).cloned().unwrap_or_default();
    match verify(&secret, &headers, &body) {
        Some(id) => {
            let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            inbox.verified.entry(path).or_default().push((id, value));
            HttpStatus::NO_CONTENT
        }
        None => {
            inbox.forged += 1;
            HttpStatus::UNAUTHORIZED
        }
    }
}

async fn receiver() -> (String, Shared) {
    let inbox = Shared::default();
    let app = axum::Router::new()
        .route("/{mode}/{name}", axum::routing::post(receive))
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), inbox)
}

async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..300 {
        if check() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn register(
    admin: &Session,
    inbox: &Shared,
    base: &str,
    path: &str,
    kinds: &[&str],
) -> Webhook {
    let hook: Webhook = admin
        .post(
            "/api/v1/webhooks",
            &json!({"url": format!("{base}{path}"), "kinds": kinds}),
        )
        .await
        .expect(201);
    let secret = hook.secret.clone().expect("the secret, once");
    assert!(secret.starts_with("whsec_"), "{secret}");
    inbox
        .lock()
        .expect("lock")
        .secrets
        .insert(path.to_owned(), secret);
    hook
}

async fn deliveries(admin: &Session, hook: &Webhook) -> Vec<WebhookDelivery> {
    admin
        .get(&format!("/api/v1/webhooks/{}/deliveries", hook.id))
        .await
        .expect(200)
}

fn verified(inbox: &Shared, path: &str) -> Vec<(String, Value)> {
    let inbox = inbox.lock().expect("lock");
    inbox.verified.get(path).cloned().unwrap_or_default()
}

/// How many different messages (webhook-ids) a path got.
fn distinct(inbox: &Shared, path: &str) -> usize {
    let mut ids: Vec<String> = verified(inbox, path)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

async fn delete(session: &Session, path: &str) -> StatusCode {
    session
        .send::<Value>(Method::DELETE, path, None)
        .await
        .status
}

#[tokio::test]
async fn webhooks_are_signed_retried_disabled_and_guarded() {
    let (base, inbox) = receiver().await;
    let app = TestApp::with_config(|c| {
        c.notify.notify_poll_ms = 25;
        c.notify.notify_retry_ms = 100;
        c.notify.notify_max_attempts = 3;
        c.notify.allow_private_webhooks = true;
        c.notify.webhook_timeout_ms = 1500;
        c.notify.public_url = "https://touchstone.example.test".into();
    })
    .await;
    let w = World::build(&app, "hooks").await;
    let ok = register(
        &w.admin,
        &inbox,
        &base,
        "/ok/a",
        &["assignment_created", "audit_approved"],
    )
    .await;
    let flaky = register(&w.admin, &inbox, &base, "/flaky/b", &["assignment_created"]).await;
    let down = register(&w.admin, &inbox, &base, "/down/c", &["assignment_created"]).await;
    let slow = register(&w.admin, &inbox, &base, "/slow/d", &["assignment_created"]).await;
    let listed: Vec<Webhook> = w.admin.get("/api/v1/webhooks").await.expect(200);
    assert_eq!(listed.len(), 4);
    assert!(
        listed.iter().all(|h| h.secret.is_none()),
        "the secret is shown once"
    );
    assert_eq!(
        listed.iter().find(|h| h.id == ok.id).expect("ok").kinds,
        vec!["assignment_created", "audit_approved"]
    );

    // Two assignments: each endpoint gets each event once; a kind not chosen goes nowhere.
    let first = w.new_assignment().await;
    let second = w.new_assignment().await;
    assert_eq!(
        w.admin
            .post(&format!("/api/v1/webhooks/{}/test", ok.id), &json!({}))
            .await
            .status,
        StatusCode::ACCEPTED
    );
    eventually("the ok endpoint has three messages", || {
        distinct(&inbox, "/ok/a") >= 3
    })
    .await;
    eventually("the flaky endpoint took both after failing", || {
        distinct(&inbox, "/flaky/b") >= 2
    })
    .await;
    let down_id = down.id;
    until_disabled(&w.admin, down_id).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;

    // At least once: a receiver dedupes by webhook-id (an attempt that timed out on a busy
    // machine may have arrived); each event has one id.
    let mut got = verified(&inbox, "/ok/a");
    got.sort_by(|a, b| a.0.cmp(&b.0));
    got.dedup_by(|a, b| a.0 == b.0);
    assert_eq!(got.len(), 3, "each event once: {got:?}");
    let types: Vec<&str> = got.iter().filter_map(|(_, v)| v["type"].as_str()).collect();
    assert_eq!(
        types.iter().filter(|t| **t == "assignment_created").count(),
        2,
        "{types:?}"
    );
    assert!(types.contains(&"webhook_test"), "{types:?}");
    let links: Vec<&str> = got
        .iter()
        .filter_map(|(_, v)| v["data"]["url"].as_str())
        .collect();
    for a in [&first, &second] {
        let url = format!("https://touchstone.example.test/assignments/{}", a.id);
        assert!(links.contains(&url.as_str()), "{links:?}");
    }
    assert_eq!(
        inbox.lock().expect("lock").forged,
        0,
        "every signature checked"
    );

    // The flaky endpoint: two failures, then each message once; the log shows it.
    assert_eq!(distinct(&inbox, "/flaky/b"), 2);
    let log = deliveries(&w.admin, &flaky).await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(log.iter().all(|d| d.status == "delivered"), "{log:?}");
    let failures: usize = log
        .iter()
        .map(|d| d.log.iter().filter(|a| !a.ok).count())
        .sum();
    assert_eq!(failures, 2, "{log:?}");
    assert!(
        log.iter()
            .flat_map(|d| &d.log)
            .filter(|a| !a.ok)
            .all(|a| a.error.contains("HTTP 500")),
        "{log:?}"
    );
    // Each attempt keeps the status code the endpoint answered with.
    for a in log.iter().flat_map(|d| &d.log) {
        let expected = if a.ok { 204 } else { 500 };
        assert_eq!(a.status_code, Some(expected), "{log:?}");
    }

    // The endpoint that keeps failing is disabled after its attempts and the admin told.
    let hooks: Vec<Webhook> = w.admin.get("/api/v1/webhooks").await.expect(200);
    let disabled = hooks.iter().find(|h| h.id == down.id).expect("down");
    assert!(disabled.disabled_at.is_some(), "{disabled:?}");
    assert!(
        disabled.disabled_reason.contains("HTTP 503"),
        "{disabled:?}"
    );
    assert!(
        hooks
            .iter()
            .find(|h| h.id == ok.id)
            .expect("ok")
            .disabled_at
            .is_none()
    );
    let log = deliveries(&w.admin, &down).await;
    assert!(log.iter().all(|d| d.status == "failed"), "{log:?}");
    assert!(log.iter().any(|d| d.log.len() == 3), "{log:?}");
    let told: Page<Notification> = w.admin.get("/api/v1/notifications").await.expect(200);
    let told: Vec<&Notification> = told
        .items
        .iter()
        .filter(|n| n.kind == "webhook_disabled")
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].body.contains("/down/c"), "{told:?}");
    // Disabled: later events are not queued for it.
    w.new_assignment().await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(deliveries(&w.admin, &down).await.len(), log.len());
    assert!(
        log.iter()
            .flat_map(|d| &d.log)
            .all(|a| a.status_code == Some(503)),
        "{log:?}"
    );

    // Enabled again it receives events again; failing on, it is disabled and the admins
    // told a second time.
    let enable = format!("/api/v1/webhooks/{}/enable", down.id);
    let stranger = World::build(&app, "hooks-other").await;
    let reply = stranger.admin.post(&enable, &json!({})).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let again: Webhook = w.admin.post(&enable, &json!({})).await.expect(200);
    assert!(
        again.disabled_at.is_none() && again.disabled_reason.is_empty(),
        "{again:?}"
    );
    w.new_assignment().await;
    until_disabled(&w.admin, down_id).await;
    let relog = deliveries(&w.admin, &down).await;
    assert_eq!(relog.len(), log.len() + 1, "{relog:?}");
    assert!(relog.iter().all(|d| d.status == "failed"), "{relog:?}");
    let told: Page<Notification> = w.admin.get("/api/v1/notifications").await.expect(200);
    let told: Vec<&Notification> = told
        .items
        .iter()
        .filter(|n| n.kind == "webhook_disabled" && n.body.contains("/down/c"))
        .collect();
    assert_eq!(told.len(), 2, "{told:?}");

    // The slow endpoint times out: no status code.
    let log = deliveries(&w.admin, &slow).await;
    assert!(
        log.iter().flat_map(|d| &d.log).any(|a| !a.ok
            && a.error.contains("no answer within 1500 ms")
            && a.status_code.is_none()),
        "{log:?}"
    );

    // Bad input: each a clear 422 naming the field.
    for (body, field) in [
        (
            json!({"url": "ftp://example.com/x", "kinds": ["audit_approved"]}),
            "url",
        ),
        (
            json!({"url": "not a url", "kinds": ["audit_approved"]}),
            "url",
        ),
        (json!({"url": "", "kinds": ["audit_approved"]}), "url"),
        (json!({"url": format!("{base}/ok/z"), "kinds": []}), "kinds"),
        (
            json!({"url": format!("{base}/ok/z"), "kinds": ["nonsense"]}),
            "kinds",
        ),
        (
            json!({"url": "https://nowhere.invalid/x", "kinds": ["audit_approved"]}),
            "url",
        ),
    ] {
        let reply = w.admin.post("/api/v1/webhooks", &body).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            reply.body
        );
        assert_eq!(reply.body["error"]["field"], field, "{}", reply.body);
    }

    // Roles and tenancy.
    let path = format!("/api/v1/webhooks/{}", ok.id);
    let body = json!({"url": format!("{base}/ok/z"), "kinds": ["audit_approved"]});
    for role in [Role::Consultant, Role::Manager, Role::Auditor] {
        let s = w.session(role);
        assert_eq!(
            s.get("/api/v1/webhooks").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            s.post("/api/v1/webhooks", &body).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(delete(s, &path).await, StatusCode::FORBIDDEN);
        assert_eq!(
            s.get(&format!("{path}/deliveries")).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let anonymous = app.session();
    assert_eq!(
        anonymous.get("/api/v1/webhooks").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        anonymous.post("/api/v1/webhooks", &body).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(delete(&anonymous, &path).await, StatusCode::UNAUTHORIZED);
    let theirs: Vec<Webhook> = stranger.admin.get("/api/v1/webhooks").await.expect(200);
    assert!(theirs.is_empty());
    assert_eq!(delete(&stranger.admin, &path).await, StatusCode::NOT_FOUND);
    assert_eq!(
        stranger
            .admin
            .post(&format!("{path}/test"), &json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        stranger
            .admin
            .get(&format!("{path}/deliveries"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Their assignments reach none of these endpoints.
    stranger.new_assignment().await;

    // Deleting removes the endpoint and its log.
    let before = distinct(&inbox, "/ok/a");
    assert_eq!(
        before, 5,
        "the assignments made after the other endpoint was disabled and enabled"
    );
    assert_eq!(delete(&w.admin, &path).await, StatusCode::NO_CONTENT);
    assert_eq!(delete(&w.admin, &path).await, StatusCode::NOT_FOUND);
    assert_eq!(
        w.admin.get(&format!("{path}/deliveries")).await.status,
        StatusCode::NOT_FOUND
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    w.new_assignment().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        distinct(&inbox, "/ok/a"),
        before,
        "nothing after deletion, nothing from them"
    );
}

#[tokio::test]
async fn private_and_plain_http_endpoints_are_refused_in_production() {
    let app = TestApp::with_config(|c| c.notify.allow_private_webhooks = false).await;
    let w = World::build(&app, "ssrf").await;
    for url in [
        "http://example.com/hook",
        "https://127.0.0.1/hook",
        "https://localhost:8443/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://user:pw@example.com/hook",
    ] {
        let reply = w
            .admin
            .post(
                "/api/v1/webhooks",
                &json!({"url": url, "kinds": ["audit_approved"]}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{url}: {}",
            reply.body
        );
        assert_eq!(reply.body["error"]["field"], "url", "{url}");
    }
    let listed: Vec<Webhook> = w.admin.get("/api/v1/webhooks").await.expect(200);
    assert!(listed.is_empty());
}

/// Waits (up to 15 s) until the endpoint `id` is disabled.
async fn until_disabled(admin: &Session, id: uuid::Uuid) {
    for _ in 0..300 {
        let hooks: Vec<Webhook> = admin.get("/api/v1/webhooks").await.expect(200);
        if hooks.iter().any(|h| h.id == id && h.disabled_at.is_some()) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
