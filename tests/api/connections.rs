//! The session settings the server gives its database connections.

use touchstone_tests::{TestApp, backend};

/// One setting as the server's pool sees it, as text.
async fn setting(app: &TestApp, sql: &'static str) -> String {
    let row = sqlx::query(sql)
        .fetch_one(app.state.db.pool())
        .await
        .expect("setting");
    use sqlx::Row;
    row.try_get::<String, _>(0)
        .or_else(|_| row.try_get::<i64, _>(0).map(|v| v.to_string()))
        .expect("a text or integer setting")
}

#[tokio::test]
async fn connections_get_the_backends_session_settings() {
    let app = TestApp::new().await;
    if backend() == "postgres" {
        // No parallel plans by default: scorecards run many small queries at once.
        let sql = "SHOW max_parallel_workers_per_gather";
        assert_eq!(setting(&app, sql).await, "0");
        let tuned = TestApp::with_config(|c| c.pg_parallel_workers = 3).await;
        assert_eq!(setting(&tuned, sql).await, "3");
    } else {
        assert_eq!(setting(&app, "PRAGMA journal_mode").await, "wal");
        assert_eq!(setting(&app, "PRAGMA foreign_keys").await, "1");
        assert_eq!(setting(&app, "PRAGMA busy_timeout").await, "10000");
    }
}

/// Audits saved at once while another process holds SQLite's write lock: more than the
/// server's pool has connections.
const QUEUED_WRITERS: usize = 12;

#[tokio::test]
async fn writers_queue_for_sqlite_without_starving_readers() {
    use sqlx::Connection;
    use std::time::{Duration, Instant};
    use touchstone_shared::audit::AuditStatus;
    use touchstone_tests::World;
    if backend() == "postgres" {
        return;
    }
    let app = TestApp::new().await;
    let w = World::build(&app, "queue").await;
    let mut bodies = Vec::new();
    for _ in 0..QUEUED_WRITERS {
        let assignment = w.new_assignment().await;
        bodies.push(w.audit(assignment.id, AuditStatus::Draft, w.perfect()));
    }
    // Another process's writer (a backup, a migration) holds the database.
    let url = app.state.config.database_url();
    let mut other = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("connect");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .expect("lock");
    let writers: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let auditor = w.auditor.clone();
            tokio::spawn(async move {
                let path = format!("/api/v1/audits/{}", uuid::Uuid::now_v7());
                auditor.put(&path, &body).await.status.as_u16()
            })
        })
        .collect();
    let queued = Instant::now();
    while app.state.db.writers_waiting() < QUEUED_WRITERS - 1
        && queued.elapsed() < Duration::from_secs(3)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The waiting writers hold no connections: a read is answered while they wait.
    let read = tokio::time::timeout(Duration::from_secs(3), w.auditor.get("/api/v1/assignments"))
        .await
        .expect("a read answered while writers wait for SQLite's lock");
    read.expect::<serde_json::Value>(200);
    sqlx::query("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("unlock");
    for writer in writers {
        assert_eq!(
            writer.await.expect("writer"),
            201,
            "every queued writer saves"
        );
    }
}

#[tokio::test]
async fn the_postgres_pool_keeps_to_its_configured_size_under_load() {
    if backend() != "postgres" {
        return;
    }
    let app = TestApp::with_config(|c| c.pg_pool_size = 3).await;
    assert_eq!(app.state.db.pool().options().get_max_connections(), 3);
    let w = touchstone_tests::World::build(&app, "pool").await;
    // 24 requests at once through 3 connections: they queue for them, none fails.
    let requests = (0..24).map(|_| {
        let session = w.consultant.clone();
        tokio::spawn(async move { session.get("/api/v1/audits").await.status })
    });
    for request in requests {
        assert_eq!(request.await.expect("request"), reqwest::StatusCode::OK);
    }
}
