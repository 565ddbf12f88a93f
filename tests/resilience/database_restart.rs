//! A PostgreSQL restart in the middle of submissions: requests fail cleanly with 503 and
//! `Retry-After` (never hang), and once the database is back nothing is lost or doubled.

use reqwest::StatusCode;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use touchstone_shared::audit::{AuditStatus, AuditSummary};
use touchstone_shared::page::Page;
use touchstone_tests::{TestApp, World, backend};

use uuid::Uuid;

const AUDITS: usize = 120;
const CLIENTS: usize = 8;
/// No request may hang longer than this, outage or not.
const REQUEST_LIMIT: Duration = Duration::from_secs(15);

/// A loopback port nobody listens on, chosen once for this run's cluster.
fn port() -> &'static str {
    static PORT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PORT.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        listener.local_addr().expect("address").port().to_string()
    })
}

fn cluster(command: &str) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/postgres.sh");
    let dir = std::env::temp_dir().join("touchstone-pg-restart");
    let out = Command::new("bash")
        .arg(script)
        .arg(command)
        .arg(&dir)
        .env("TOUCHSTONE_PG_PORT", port())
        .output()
        .expect("postgres.sh runs");
    assert!(
        out.status.success(),
        "postgres.sh {command}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test]
async fn a_database_restart_under_load_fails_cleanly_and_loses_nothing() {
    if backend() != "postgres" {
        eprintln!("database restart: PostgreSQL only; run with TOUCHSTONE_TEST_BACKEND=postgres");
        return;
    }
    let url = cluster("start");
    let app = TestApp::on_postgres(&url).await;
    let w = World::build(&app, "restart").await;
    let mut work = Vec::new();
    for _ in 0..AUDITS {
        let assignment = w.new_assignment().await;
        work.push((
            Uuid::now_v7(),
            w.audit(assignment.id, AuditStatus::Submitted, w.perfect()),
        ));
    }
    let queue = Arc::new(Mutex::new(work));
    let failures = Arc::new(Mutex::new(Vec::<u16>::new()));
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let (queue, failures, session) = (queue.clone(), failures.clone(), w.auditor.clone());
        clients.push(tokio::spawn(async move {
            loop {
                let Some((id, body)) = queue.lock().await.pop() else {
                    return;
                };
                let path = format!("/api/v1/audits/{id}");
                let give_up = Instant::now() + Duration::from_secs(90);
                loop {
                    let started = Instant::now();
                    let reply = tokio::time::timeout(REQUEST_LIMIT, session.put(&path, &body))
                        .await
                        .expect("a request hung during the outage");
                    assert!(started.elapsed() < REQUEST_LIMIT);
                    if reply.status.is_success() {
                        break;
                    }
                    assert_eq!(
                        reply.status,
                        StatusCode::SERVICE_UNAVAILABLE,
                        "{}",
                        reply.body
                    );
                    assert!(reply.headers.contains_key("retry-after"));
                    failures.lock().await.push(reply.status.as_u16());
                    assert!(Instant::now() < give_up, "the server did not recover");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    tokio::task::spawn_blocking(|| cluster("restart"))
        .await
        .expect("restart");
    for client in clients {
        client.await.expect("client");
    }

    let page: Page<AuditSummary> = w
        .consultant
        .get("/api/v1/audits?limit=500")
        .await
        .expect(200);
    let mut assignments: Vec<Uuid> = page.items.iter().map(|a| a.assignment_id).collect();
    assignments.sort_unstable();
    assignments.dedup();
    assert_eq!(page.items.len(), AUDITS, "every audit stored");
    assert_eq!(assignments.len(), AUDITS, "none twice");
    eprintln!(
        "database restart: {} requests answered 503 during the outage",
        failures.lock().await.len()
    );
    drop(app);
    cluster("stop");
}
