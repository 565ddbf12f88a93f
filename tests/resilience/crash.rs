//! The server killed with SIGKILL in the middle of a load of submissions, then restarted:
//! clients retry, and afterwards every audit is present exactly once.

use crate::server_process::{ServerProcess, run_command};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use touchstone_shared::audit::{AuditStatus, AuditSummary};
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use touchstone_tests::world::{PASSWORD, email};
use touchstone_tests::{World, backend};
use uuid::Uuid;

const AUDITS: usize = 500;
const CLIENTS: usize = 32;

async fn database_url(dir: &std::path::Path) -> String {
    if backend() == "postgres" {
        let admin =
            std::env::var("TOUCHSTONE_TEST_POSTGRES_URL").expect("TOUCHSTONE_TEST_POSTGRES_URL");
        touchstone_tests::create_postgres_database(&admin)
            .await
            .expect("database")
    } else {
        format!("sqlite://{}?mode=rwc", dir.join("crash.db").display())
    }
}

#[tokio::test]
async fn sigkill_mid_load_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().to_string_lossy().into_owned();
    let url = database_url(dir.path()).await;
    run_command(&url, &data, &["migrate"]);
    run_command(
        &url,
        &data,
        &[
            "create-organisation",
            "--name",
            "Crash Agency",
            "--admin-email",
            &email("crash", Role::Admin),
            "--admin-password",
            PASSWORD,
        ],
    );
    let mut server = ServerProcess::start(&url, &data).await;
    let w = World::populate(&server.base, "crash").await;
    let mut work = Vec::new();
    for _ in 0..AUDITS {
        let assignment = w.new_assignment().await;
        work.push((
            Uuid::now_v7(),
            w.audit(assignment.id, AuditStatus::Submitted, w.perfect()),
        ));
    }

    let queue = Arc::new(Mutex::new(work));
    let done = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let (queue, done, session) = (queue.clone(), done.clone(), w.auditor.clone());
        clients.push(tokio::spawn(async move {
            let mut retries = 0usize;
            loop {
                let Some((id, body)) = queue.lock().await.pop() else {
                    return retries;
                };
                let give_up = Instant::now() + Duration::from_secs(120);
                loop {
                    let sent = session
                        .request(reqwest::Method::PUT, &format!("/api/v1/audits/{id}"))
                        .json(&body)
                        .timeout(Duration::from_secs(10))
                        .send()
                        .await;
                    match sent {
                        Ok(r) if r.status().is_success() => break,
                        Ok(r) => {
                            assert!(r.status().is_server_error(), "a retry met {}", r.status())
                        }
                        Err(_) => {}
                    }
                    retries += 1;
                    assert!(Instant::now() < give_up, "the server never came back");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                done.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    while done.load(Ordering::SeqCst) < AUDITS / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill();
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.restart().await;
    let mut retries = 0;
    for client in clients {
        retries += client.await.expect("client");
    }
    assert!(
        retries > 0,
        "the kill interrupted nobody: the test did not test anything"
    );

    // The cookie sessions survive the restart: they live in the database.
    let mut seen = std::collections::HashSet::new();
    let mut path = "/api/v1/audits?limit=500".to_owned();
    loop {
        let page: Page<AuditSummary> = w.consultant.get(&path).await.expect(200);
        for audit in &page.items {
            assert!(
                seen.insert(audit.assignment_id),
                "an assignment has two audits"
            );
        }
        match page.next_cursor {
            Some(cursor) => path = format!("/api/v1/audits?limit=500&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), AUDITS, "every audit present exactly once");
    eprintln!("crash: {retries} retries after SIGKILL");
}
