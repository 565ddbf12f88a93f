//! The server killed with SIGKILL in the middle of a load of submissions with photos, then
//! restarted: clients retry, and afterwards every audit and every photo is present exactly
//! once, and no database row points at a missing or damaged file in the photo store.

use crate::server_process::{ServerProcess, run_command};
use sha2::{Digest, Sha256};
use sqlx::Connection;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use touchstone_server::evidence::fixtures;
use touchstone_shared::audit::{AuditInput, AuditStatus, AuditSummary};
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use touchstone_tests::world::{PASSWORD, email};
use touchstone_tests::{Session, World, backend};
use uuid::Uuid;

const AUDITS: usize = 500;
const CLIENTS: usize = 32;
const RENDITIONS: [&str; 3] = ["original", "display", "thumb"];

async fn database_url(dir: &Path) -> String {
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

/// One auditor's visit: a photo of its own and the audit that uses it.
pub(crate) struct Visit {
    pub(crate) audit_id: Uuid,
    pub(crate) photo: Vec<u8>,
    pub(crate) sha256: String,
    pub(crate) audit: AuditInput,
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Sends `request` until the server stores it (2xx), through connection failures and 5xx
/// while the server is down or restarting; any 4xx fails the test. Returns the retries.
async fn until_stored(request: impl Fn() -> reqwest::RequestBuilder) -> usize {
    let give_up = Instant::now() + Duration::from_secs(120);
    let mut retries = 0;
    loop {
        match request().timeout(Duration::from_secs(15)).send().await {
            Ok(r) if r.status().is_success() => return retries,
            Ok(r) => assert!(r.status().is_server_error(), "a retry met {}", r.status()),
            Err(_) => {}
        }
        retries += 1;
        assert!(Instant::now() < give_up, "the server never came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub(crate) async fn send(session: &Session, visit: &Visit) -> usize {
    let uploaded = until_stored(|| {
        session
            .request(reqwest::Method::POST, "/api/v1/photos")
            .header(reqwest::header::CONTENT_TYPE, "image/jpeg")
            .body(visit.photo.clone())
    })
    .await;
    let path = format!("/api/v1/audits/{}", visit.audit_id);
    let put = until_stored(|| {
        session
            .request(reqwest::Method::PUT, &path)
            .json(&visit.audit)
    })
    .await;
    uploaded + put
}

/// One visit per new assignment of the world's auditor, each with a photo of its own.
pub(crate) async fn visits(w: &World, count: usize) -> Vec<Visit> {
    let mut work = Vec::new();
    for n in 0..count {
        let assignment = w.new_assignment().await;
        let photo = fixtures::encode_jpeg(&fixtures::picture(96, 72, n as u32), 80);
        let sha256 = sha256_hex(&photo);
        work.push(Visit {
            audit_id: Uuid::now_v7(),
            audit: w.audit_with_photos(assignment.id, AuditStatus::Submitted, &[&sha256]),
            photo,
            sha256,
        });
    }
    work
}

/// `clients` tasks sending the visits as `session`, retrying until each is stored: the count
/// of visits stored so far, and the tasks, each returning its retries.
pub(crate) fn send_all(
    work: Vec<Visit>,
    clients: usize,
    session: &Session,
) -> (Arc<AtomicUsize>, Vec<tokio::task::JoinHandle<usize>>) {
    let queue = Arc::new(Mutex::new(work));
    let done = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (queue, done, session) = (queue.clone(), done.clone(), session.clone());
        tasks.push(tokio::spawn(async move {
            let mut retries = 0usize;
            loop {
                let Some(visit) = queue.lock().await.pop() else {
                    return retries;
                };
                retries += send(&session, &visit).await;
                done.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    (done, tasks)
}

/// The assignments that have an audit, as a consultant lists them; panics if one has two.
pub(crate) async fn audited_assignments(consultant: &Session) -> HashSet<Uuid> {
    let mut seen = HashSet::new();
    let mut path = "/api/v1/audits?limit=500".to_owned();
    loop {
        let page: Page<AuditSummary> = consultant.get(&path).await.expect(200);
        for audit in &page.items {
            assert!(
                seen.insert(audit.assignment_id),
                "an assignment has two audits"
            );
        }
        match page.next_cursor {
            Some(cursor) => path = format!("/api/v1/audits?limit=500&cursor={cursor}"),
            None => return seen,
        }
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
    let work = visits(&w, AUDITS).await;
    let expected: HashMap<Uuid, String> = work
        .iter()
        .map(|v| (v.audit_id, v.sha256.clone()))
        .collect();
    let sent_photos: HashSet<&String> = expected.values().collect();
    assert_eq!(sent_photos.len(), AUDITS, "one distinct photo per audit");

    let (done, clients) = send_all(work, CLIENTS, &w.auditor);
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
    assert_eq!(
        audited_assignments(&w.consultant).await.len(),
        AUDITS,
        "every audit present exactly once"
    );
    drop(server);
    check_photos(&url, &dir.path().join("photos"), &expected).await;
    eprintln!("crash: {retries} retries after SIGKILL");
}

/// Every photo row, and every audit's reference to a photo, has its files: the original with
/// the sha256 it is keyed by, and renditions that decode. Each photo is stored exactly once,
/// and each audit refers to the photo it was sent with.
async fn check_photos(url: &str, store: &Path, expected: &HashMap<Uuid, String>) {
    sqlx::any::install_default_drivers();
    let mut db = sqlx::AnyConnection::connect(url).await.expect("database");
    let rows: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM photos")
        .fetch_all(&mut db)
        .await
        .expect("photos");
    let photos: HashSet<&String> = rows.iter().collect();
    assert_eq!(rows.len(), photos.len(), "a photo row twice");
    let sent: HashSet<&String> = expected.values().collect();
    assert_eq!(
        photos, sent,
        "every photo stored exactly once, nothing else"
    );

    let links: Vec<(String, String)> = sqlx::query_as("SELECT audit_id, sha256 FROM audit_photos")
        .fetch_all(&mut db)
        .await
        .expect("audit photos");
    db.close().await.expect("close");
    assert_eq!(links.len(), expected.len(), "one photo link per audit");
    for (audit_id, sha256) in &links {
        let audit_id = Uuid::parse_str(audit_id).expect("audit id");
        assert_eq!(expected.get(&audit_id), Some(sha256), "audit {audit_id}");
        assert!(
            photos.contains(sha256),
            "audit {audit_id} uses a photo with no row"
        );
    }

    // The disk store keeps `photos/<ab>/<sha256>/<rendition>` under its folder.
    for sha256 in &photos {
        let folder = store
            .join("photos")
            .join(&sha256[..2])
            .join(sha256.as_str());
        for rendition in RENDITIONS {
            let file = folder.join(rendition);
            let bytes = std::fs::read(&file)
                .unwrap_or_else(|e| panic!("photo row {sha256} without {rendition}: {e}"));
            if rendition == "original" {
                assert_eq!(&sha256_hex(&bytes), *sha256, "original of {sha256} damaged");
            } else {
                image::load_from_memory(&bytes)
                    .unwrap_or_else(|e| panic!("{rendition} of {sha256} damaged: {e}"));
            }
        }
    }
    let mut folders = 0;
    for prefix in std::fs::read_dir(store.join("photos")).expect("photo store") {
        folders += std::fs::read_dir(prefix.expect("entry").path())
            .expect("prefix folder")
            .count();
    }
    assert_eq!(folders, photos.len(), "a stored photo without its row");
}
