//! Shared links under attack: guesses at a link's password in parallel, from one address
//! and from many, and a link's secret tried on every route of the OpenAPI document.

use crate::throttle::{checked_within, server};
use crate::workbench::submitted;
use futures_util::future::join_all;
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// The password of the links made here.
const PASSWORD: &str = "open sesame";

/// A new world with an approved audit and a link to its report (with [`PASSWORD`] when
/// `password`): the world, the audit and the link's secret.
async fn shared(app: &TestApp, prefix: &str, password: bool) -> (World, Uuid, String) {
    let w = World::build(app, prefix).await;
    let (id, _) = submitted(&w).await;
    w.approve(id).await;
    let mut body =
        json!({"audit_id": id, "expires_at": chrono::Utc::now() + chrono::Duration::days(7)});
    if password {
        body["password"] = json!(PASSWORD);
    }
    let made: Value = w
        .consultant
        .post("/api/v1/share-links", &body)
        .await
        .expect(201);
    let secret = made["path"]
        .as_str()
        .and_then(|p| p.strip_prefix("/api/v1/shared/"))
        .and_then(|p| p.strip_suffix("/report.pdf"))
        .expect("the link's path")
        .to_owned();
    (w, id, secret)
}

/// Opens the link's report with `password`, as the trusted proxy forwards it for `client`:
/// the status and `Retry-After`.
async fn guess(app: &TestApp, secret: &str, client: &str, password: &str) -> (StatusCode, bool) {
    let reply = Session::reply(
        app.session()
            .request(Method::GET, &format!("/api/v1/shared/{secret}/report.pdf"))
            .header("x-forwarded-for", client)
            .header("x-share-password", password),
    )
    .await;
    (
        reply.status,
        reply.headers.contains_key(header::RETRY_AFTER),
    )
}

/// The password page's form posted with `password` for `client`: the status.
async fn guess_by_form(app: &TestApp, secret: &str, client: &str, password: &str) -> StatusCode {
    let reply = Session::reply(
        app.session()
            .request(Method::POST, &format!("/api/v1/shared/{secret}/open"))
            .header("x-forwarded-for", client)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("password={}", password.replace(' ', "+"))),
    )
    .await;
    reply.status
}

/// `n` wrong guesses at once, the i-th from `client(i)`; the statuses.
async fn at_once(
    app: &TestApp,
    secret: &str,
    n: usize,
    client: impl Fn(usize) -> String,
) -> Vec<StatusCode> {
    let guesses = (0..n).map(|i| {
        let from = client(i);
        async move { guess(app, secret, &from, "wrong guess").await.0 }
    });
    join_all(guesses).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_guesses_at_a_link_from_one_address_verify_no_more_than_the_limit() {
    let app = server(5).await;
    let (_, _, secret) = shared(&app, "share-one", true).await;
    let statuses = at_once(&app, &secret, 40, |_| "203.0.113.7".to_owned()).await;
    checked_within(&statuses, StatusCode::FORBIDDEN, 1..=5);
    // That address waits, even with the right password and through the form; the link's
    // readers elsewhere get through.
    assert_eq!(
        guess(&app, &secret, "203.0.113.7", PASSWORD).await,
        (StatusCode::TOO_MANY_REQUESTS, true)
    );
    assert_eq!(
        guess_by_form(&app, &secret, "203.0.113.7", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        guess(&app, &secret, "198.51.100.1", PASSWORD).await.0,
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_parallel_guesses_at_a_link_from_forty_addresses_stop_at_the_link_s_limit() {
    // Two free guesses per address; the link as a whole allows five times as many: ten.
    let app = server(2).await;
    let (_, _, secret) = shared(&app, "share-many", true).await;
    let statuses = at_once(&app, &secret, 40, |i| format!("203.0.113.{}", i + 1)).await;
    checked_within(&statuses, StatusCode::FORBIDDEN, 2..=10);
    // The link now waits for every address, a new one with the right password included.
    assert_eq!(
        guess(&app, &secret, "198.51.100.1", PASSWORD).await,
        (StatusCode::TOO_MANY_REQUESTS, true)
    );
    assert_eq!(
        guess_by_form(&app, &secret, "198.51.100.2", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// The routes a link's secret may open: its own report, and the password page and form.
const OWN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/shared/{secret}/report.pdf"),
    ("GET", "/api/v1/shared/{secret}/open"),
    ("POST", "/api/v1/shared/{secret}/open"),
];

/// Routes that answer anybody with the same thing, nothing of an organisation's.
const OPEN_TO_ALL: &[(&str, &str)] = &[("GET", "/api/v1/health"), ("GET", "/api/v1/openapi.json")];

/// Every documented operation, its path parameters filled in: `{secret}` with `secret`,
/// every other one with `id`.
fn operations(doc: &Value, secret: &str, id: Uuid) -> Vec<(Method, String, String)> {
    let mut out = Vec::new();
    for (template, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("methods") {
            let mut path = template.replace("{secret}", secret);
            for p in operation["parameters"].as_array().into_iter().flatten() {
                if p["in"] == "path" {
                    let name = p["name"].as_str().unwrap_or_default();
                    path = path.replace(&format!("{{{name}}}"), &id.to_string());
                }
            }
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            out.push((method, template.clone(), path));
        }
    }
    out
}

/// `method path` with `{}` as body for the unsafe methods, by `session` or with `cookie`.
async fn call(
    session: &Session,
    cookie: Option<&str>,
    method: &Method,
    path: &str,
) -> (StatusCode, Vec<u8>) {
    let mut request = session.request(method.clone(), path);
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    if !matches!(*method, Method::GET | Method::HEAD) {
        request = request.json(&json!({}));
    }
    let response = request.send().await.expect("sent");
    let status = response.status();
    (status, response.bytes().await.expect("body").to_vec())
}

#[tokio::test]
async fn a_link_s_secret_opens_nothing_but_its_report_on_any_route() {
    let app = TestApp::new().await;
    let (w, id, secret) = shared(&app, "share-routes", false).await;
    let doc = app.session().get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let ops = operations(&doc.body, &secret, id);
    assert!(
        ops.len() >= 30,
        "the document lists {} operations",
        ops.len()
    );
    let bearer = Session::with_bearer(&app.base, &secret);
    let anonymous = app.session();
    let cookies = [
        format!("ts_session={secret}"),
        format!("ts_session={secret}; ts_device={secret}"),
    ];
    let mut leaks = Vec::new();
    let mut opened = 0;
    for (method, template, path) in &ops {
        let key = (method.as_str(), template.as_str());
        if OPEN_TO_ALL.contains(&key) {
            continue;
        }
        let mut tries = vec![call(&bearer, None, method, path).await];
        for cookie in &cookies {
            tries.push(call(&anonymous, Some(cookie), method, path).await);
        }
        for (status, body) in tries {
            if OWN_ROUTES.contains(&key) {
                // Its own report only: never another audit's data.
                opened += usize::from(status.is_success());
                continue;
            }
            let text = String::from_utf8_lossy(&body);
            let data = status.is_success()
                || status.is_redirection()
                || body.starts_with(b"%PDF")
                || text.contains(&id.to_string())
                || text.contains(&w.client.name);
            if data || !matches!(status.as_u16(), 400 | 401 | 403 | 404 | 405 | 415 | 422) {
                leaks.push(format!(
                    "{method} {template}: {status} {}",
                    text.chars().take(120).collect::<String>()
                ));
            }
        }
    }
    assert!(leaks.is_empty(), "the link's secret reached: {leaks:#?}");
    assert!(opened >= 3, "the link's own routes opened {opened} times");
    // The same requests with a reviewer's session do read data: the paths are real.
    let mut read = 0;
    for (method, _, path) in ops.iter().filter(|(m, _, _)| *m == Method::GET) {
        read += usize::from(call(&w.consultant, None, method, path).await.0.is_success());
    }
    assert!(read >= 10, "a reviewer read only {read} routes");
}
