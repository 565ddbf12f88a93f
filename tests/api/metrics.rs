//! `/metrics`: request latency histograms by route template that count every request, the
//! server's gauges, who may read it; and request ids on every response.

use reqwest::Method;
use touchstone_shared::audit::AuditStatus;
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// The metrics as a loopback scraper sees them.
async fn scrape(app: &TestApp) -> String {
    let response = reqwest::get(format!("{}/metrics", app.base))
        .await
        .expect("scrape");
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"].to_str().expect("text");
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    response.text().await.expect("body")
}

/// The value of the sample `name{labels}` (labels as the text writes them), 0 when absent.
fn sample(text: &str, name: &str, labels: &str) -> f64 {
    let key = if labels.is_empty() {
        format!("{name} ")
    } else {
        format!("{name}{{{labels}}} ")
    };
    text.lines()
        .find_map(|line| line.strip_prefix(&key))
        .map_or(0.0, |v| v.trim().parse().expect("a number"))
}

/// Requests counted under `method`/`route`/`status` between two scrapes.
fn counted(before: &str, after: &str, method: &str, route: &str, status: u16) -> f64 {
    let labels = format!("method=\"{method}\",route=\"{route}\",status=\"{status}\"");
    let name = "touchstone_http_request_duration_seconds_count";
    sample(after, name, &labels) - sample(before, name, &labels)
}

#[tokio::test]
async fn the_latency_histograms_count_every_request_by_route_template() {
    let app = TestApp::new().await;
    let w = World::build(&app, "metrics").await;
    let before = scrape(&app).await;
    for _ in 0..3 {
        w.auditor
            .get("/api/v1/assignments")
            .await
            .expect::<serde_json::Value>(200);
    }
    for _ in 0..2 {
        let reply = w
            .auditor
            .get(&format!("/api/v1/audits/{}", Uuid::now_v7()))
            .await;
        assert_eq!(reply.status, 404);
    }
    let body = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    let put = w
        .auditor
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &body)
        .await;
    assert_eq!(put.status, 201, "{}", put.body);
    let nowhere = w.auditor.get("/api/v1/no/such/route").await;
    assert_eq!(nowhere.status, 404);
    let after = scrape(&app).await;

    assert_eq!(
        counted(&before, &after, "GET", "/api/v1/assignments", 200),
        3.0
    );
    assert_eq!(
        counted(&before, &after, "GET", "/api/v1/audits/{id}", 404),
        2.0
    );
    assert_eq!(
        counted(&before, &after, "PUT", "/api/v1/audits/{id}", 201),
        1.0
    );
    assert_eq!(counted(&before, &after, "GET", "/api/{*rest}", 404), 1.0);
    // The first scrape, counted once it was answered.
    assert_eq!(counted(&before, &after, "GET", "/metrics", 200), 1.0);
    // Every request falls in the last bucket, and the sum is a time.
    let labels = "method=\"GET\",route=\"/api/v1/assignments\",status=\"200\"";
    let bucket = |text: &str| {
        let le = format!("{labels},le=\"+Inf\"");
        sample(text, "touchstone_http_request_duration_seconds_bucket", &le)
    };
    assert_eq!(bucket(&after) - bucket(&before), 3.0);
    let sum = sample(
        &after,
        "touchstone_http_request_duration_seconds_sum",
        labels,
    );
    assert!(sum > 0.0 && sum < 30.0, "sum {sum}");

    // The gauges of the pool, the write queue, uploads and the photo queue are there.
    for gauge in [
        "touchstone_db_connections_max",
        "touchstone_db_connections_in_use",
        "touchstone_db_connections_idle",
        "touchstone_db_writers_waiting",
        "touchstone_upload_slots_in_use",
        "touchstone_photo_queue",
        "touchstone_photos_processing",
    ] {
        assert!(
            after.contains(&format!("\n{gauge} ")),
            "{gauge} missing:\n{after}"
        );
    }
    assert!(sample(&after, "touchstone_db_connections_max", "") >= 1.0);
    assert!(sample(&after, "touchstone_upload_slots", "") >= 1.0);
    if touchstone_tests::backend() == "sqlite" {
        // The PUT's write transaction took a turn.
        let turns = |t: &str| sample(t, "touchstone_db_write_turns_total", "");
        assert!(turns(&after) - turns(&before) >= 1.0);
    }
}

#[tokio::test]
async fn metrics_are_refused_to_requests_a_proxy_passed_on_unless_they_bear_the_token() {
    let token = "metrics-scraper-secret-0123456789";
    let app =
        TestApp::with_config(|c| c.metrics_token = Some(token.parse().expect("secret"))).await;
    let session = Session::new(&app.base);
    let get = |forwarded: Option<&str>, bearer: Option<&str>| {
        let mut request = session.request(Method::GET, "/metrics");
        if let Some(address) = forwarded {
            request = request.header("x-forwarded-for", address);
        }
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        Session::reply(request)
    };
    // Through a proxy: refused, with the error envelope, whatever wrong token comes along.
    let through_proxy = get(Some("203.0.113.7"), None).await;
    assert_eq!(through_proxy.status, 403);
    assert_eq!(through_proxy.error_code(), "forbidden");
    let wrong = get(
        Some("203.0.113.7"),
        Some("metrics-scraper-secret-012345678"),
    )
    .await;
    assert_eq!(wrong.status, 403);
    let forwarded = session
        .request(Method::GET, "/metrics")
        .header("forwarded", "for=203.0.113.7");
    assert_eq!(Session::reply(forwarded).await.status, 403);
    // The token opens it from anywhere; a scraper on the server's machine needs none.
    assert_eq!(get(Some("203.0.113.7"), Some(token)).await.status, 200);
    assert_eq!(get(None, None).await.status, 200);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_keeps_the_one_a_proxy_set() {
    let app = TestApp::new().await;
    let session = Session::new(&app.base);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let reply = session.get("/api/v1/health").await;
        let id = reply.headers["x-request-id"]
            .to_str()
            .expect("text")
            .to_owned();
        assert!(Uuid::parse_str(&id).is_ok(), "a UUID: {id}");
        ids.push(id);
    }
    assert_ne!(ids[0], ids[1], "one id per request");
    // Errors too, and an id given by the balancer in front is kept.
    let request = session
        .request(Method::GET, "/api/v1/assignments")
        .header("x-request-id", "haproxy-4f2a");
    let reply = Session::reply(request).await;
    assert_eq!(reply.status, 401);
    assert_eq!(reply.headers["x-request-id"], "haproxy-4f2a");
}
