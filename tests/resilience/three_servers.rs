//! Three servers behind HAProxy on one PostgreSQL and one S3 bucket ([`Cluster`]): a server
//! keeps no state of its own. Sessions, sign-in limits, audits and photos are the same
//! whichever server a request reaches; a server killed with SIGKILL mid-load loses nothing
//! (clients retry through the balancer); a rolling restart with SIGTERM fails no request.
//!
//! Needs `TOUCHSTONE_TEST_POSTGRES_URL`, `TOUCHSTONE_TEST_S3_ENDPOINT` and Debian's `haproxy`.

use crate::cluster::{Cluster, SERVERS};
use crate::crash::{audited_assignments, send_all, visits};
use reqwest::{Method, StatusCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use touchstone_server::evidence::fixtures;
use touchstone_shared::audit::{AnswerValue, AuditStatus};
use touchstone_shared::user::Role;
use touchstone_tests::world::{PASSWORD, email};
use touchstone_tests::{Session, World};
use uuid::Uuid;

/// Each server's base URL.
fn bases(cluster: &Cluster) -> Vec<String> {
    cluster.servers.iter().map(|s| s.base.clone()).collect()
}

#[tokio::test]
async fn three_servers_share_sessions_sign_in_limits_audits_and_photos() {
    let cluster = Cluster::start("trio").await;
    let w = World::populate(&cluster.balancer.base, "trio").await;
    let servers = bases(&cluster);

    // A session signed in on one server is known to the others, and ends on all of them:
    // also for whoever kept a copy of its cookie (the browser drops it at sign-out, so the
    // copy is what tells a server that remembers sessions of its own from one that asks the
    // database).
    let consultant = Session::new(&servers[0]);
    let login = consultant
        .post(
            "/api/v1/auth/login",
            &serde_json::json!({"email": email("trio", Role::Consultant), "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.body);
    let kept_cookie = login
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ts_session="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_owned();
    for base in &servers {
        consultant
            .at(base)
            .get("/api/v1/auth/me")
            .await
            .expect::<serde_json::Value>(200);
    }
    let logout = consultant
        .at(&servers[1])
        .post("/api/v1/auth/logout", &())
        .await;
    assert!(logout.status.is_success(), "logout: {}", logout.status);
    assert_eq!(
        consultant
            .at(&servers[2])
            .get("/api/v1/auth/me")
            .await
            .status,
        401
    );
    for base in &servers {
        let replayed = Session::new(base)
            .request(Method::GET, "/api/v1/auth/me")
            .header("cookie", &kept_cookie);
        let replayed = Session::reply(replayed).await;
        assert_eq!(replayed.status, 401, "{base} after sign-out elsewhere");
    }

    // Failed sign-ins counted by any server stop the account on all of them.
    let manager = email("trio", Role::Manager);
    let mut failures = 0;
    let limited = loop {
        let reply = Session::new(&servers[failures % SERVERS])
            .post(
                "/api/v1/auth/login",
                &serde_json::json!({"email": manager, "password": "wrong guess"}),
            )
            .await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            break failures;
        }
        assert_eq!(reply.status, 401);
        failures += 1;
        assert!(failures < 100, "sign-in never limited");
    };
    for base in &servers {
        let right = Session::new(base)
            .post(
                "/api/v1/auth/login",
                &serde_json::json!({"email": manager, "password": PASSWORD}),
            )
            .await;
        assert_eq!(
            right.status, 429,
            "{base} after {limited} failures on three servers"
        );
    }

    // The same audit sent to two servers at once is stored once.
    let auditor = &w.auditor;
    let path = format!("/api/v1/audits/{}", Uuid::now_v7());
    let body = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    let (on_a, on_b) = (auditor.at(&servers[0]), auditor.at(&servers[1]));
    let (a, b) = tokio::join!(on_a.put(&path, &body), on_b.put(&path, &body));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(
        statuses,
        [200, 201],
        "one created, one found: {} {}",
        a.body,
        b.body
    );
    let audited = audited_assignments(&w.consultant).await;
    assert_eq!(audited.len(), 1);

    // A photo uploaded through one server is served by every other.
    let photo = fixtures::encode_jpeg(&fixtures::picture(120, 90, 7), 85);
    let uploaded = auditor
        .at(&servers[2])
        .request(Method::POST, "/api/v1/photos")
        .header("content-type", "image/jpeg")
        .body(photo);
    let uploaded = Session::reply(uploaded).await;
    assert!(uploaded.status.is_success(), "upload: {}", uploaded.body);
    let sha = uploaded.body["sha256"].as_str().expect("sha256").to_owned();
    for base in &servers[..2] {
        let display = auditor
            .at(base)
            .request(Method::GET, &format!("/api/v1/photos/{sha}/display"));
        let display = display.send().await.expect("display");
        assert_eq!(display.status(), 200, "{base}");
        assert_eq!(display.headers()["content-type"], "image/jpeg");
    }
}

#[tokio::test]
async fn a_server_killed_mid_load_behind_the_balancer_loses_nothing() {
    const AUDITS: usize = 150;
    let mut cluster = Cluster::start("killed").await;
    let w = World::populate(&cluster.balancer.base, "killed").await;
    let work = visits(&w, AUDITS).await;
    let (done, clients) = send_all(work, 16, &w.auditor);
    while done.load(Ordering::SeqCst) < AUDITS / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    cluster.servers[1].kill();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    cluster.servers[1].start_again().await;
    let mut retries = 0;
    for client in clients {
        retries += client.await.expect("client");
    }
    eprintln!("three servers, SIGKILL: {retries} retries");
    assert_eq!(
        audited_assignments(&w.consultant).await.len(),
        AUDITS,
        "every audit once"
    );
    // Every photo is stored once and served through the balancer.
    let mut db = <sqlx::PgConnection as sqlx::Connection>::connect(&cluster.database_url)
        .await
        .expect("database");
    let photos: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM photos")
        .fetch_all(&mut db)
        .await
        .expect("photos");
    assert_eq!(photos.len(), AUDITS, "one photo row per audit");
    for sha in &photos {
        let thumb = w
            .consultant
            .get(&format!("/api/v1/photos/{sha}/thumb"))
            .await;
        assert_eq!(thumb.status, 200, "photo {sha}");
    }
}

/// Requests of a steady load through the balancer: how many, and what failed.
#[derive(Default)]
struct Tally {
    sent: AtomicUsize,
    failed: std::sync::Mutex<Vec<String>>,
}

/// One client of the steady load: a draft of its own audit saved and the assignments read,
/// over and over, with no retries, until `stop`.
async fn steady_client(w: Arc<World>, assignment: Uuid, stop: Arc<AtomicBool>, tally: Arc<Tally>) {
    let path = format!("/api/v1/audits/{}", Uuid::now_v7());
    let mut n = 0u32;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let mut values = w.perfect();
        values[0] = AnswerValue::YesNo(n.is_multiple_of(2));
        let body = w.audit(assignment, AuditStatus::Draft, values);
        for reply in [
            w.auditor.put(&path, &body).await,
            w.auditor.get("/api/v1/assignments").await,
        ] {
            tally.sent.fetch_add(1, Ordering::Relaxed);
            if !reply.status.is_success() {
                let mut failed = tally.failed.lock().expect("tally");
                failed.push(format!("{}: {}", reply.status, reply.body));
            }
        }
    }
}

#[tokio::test]
async fn a_rolling_restart_behind_the_balancer_fails_no_request() {
    let mut cluster = Cluster::start("rolling").await;
    let w = World::populate(&cluster.balancer.base, "rolling").await;
    let mut assignments = Vec::new();
    for _ in 0..8 {
        assignments.push(w.new_assignment().await.id);
    }
    let w = Arc::new(w);
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let clients: Vec<_> = assignments
        .into_iter()
        .map(|a| tokio::spawn(steady_client(w.clone(), a, stop.clone(), tally.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    for n in 0..SERVERS {
        let server = &mut cluster.servers[n];
        let base = server.base.clone();
        let sent_before = tally.sent.load(Ordering::Relaxed);
        server.terminate();
        // Readiness goes first: the health check fails while requests are still served.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let direct = Session::new(&base);
        assert_eq!(
            direct.get("/api/v1/health").await.status,
            503,
            "server {n} draining"
        );
        assert_eq!(
            direct.get("/api/v1/assignments").await.status,
            401,
            "server {n} still serves"
        );
        server.wait_stopped(Duration::from_secs(20)).await;
        server.start_again().await;
        // Back in rotation after one passed check (every 200 ms).
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert!(
            tally.sent.load(Ordering::Relaxed) > sent_before,
            "load went on during restart {n}"
        );
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.await.expect("client");
    }
    let failed = tally.failed.lock().expect("tally");
    let sent = tally.sent.load(Ordering::Relaxed);
    assert!(
        failed.is_empty(),
        "{} of {sent} requests failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(5)]
    );
    assert!(sent > 100, "only {sent} requests: the load did not run");
    eprintln!("rolling restart of {SERVERS} servers: {sent} requests, none failed");
}
