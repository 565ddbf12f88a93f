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
