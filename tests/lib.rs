//! Test harness: a real Touchstone server on a loopback port, on a fresh database of the
//! backend the environment names, and HTTP sessions that talk to it.
//!
//! `TOUCHSTONE_TEST_BACKEND=postgres` with `TOUCHSTONE_TEST_POSTGRES_URL` (a URL of a server
//! where the user may create databases) runs the suite on PostgreSQL; otherwise SQLite.
//! A PostgreSQL run that cannot reach the server fails; it never falls back silently.

pub mod bench;
pub mod session;
pub mod world;

pub use session::Session;
pub use world::World;

use sqlx::Connection;
use std::net::SocketAddr;
use tokio::sync::oneshot;
use touchstone_server::config::Config;
use touchstone_server::state::AppState;

/// A running server on its own database.
pub struct TestApp {
    /// Base URL, e.g. `http://127.0.0.1:43117`.
    pub base: String,
    /// The server's state, for tests that look at the database behind the API.
    pub state: AppState,
    stop: Option<oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

/// Which backend this run tests.
pub fn backend() -> &'static str {
    match std::env::var("TOUCHSTONE_TEST_BACKEND").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

async fn fresh_database_url(dir: &std::path::Path) -> anyhow::Result<String> {
    if backend() == "sqlite" {
        return Ok(format!(
            "sqlite://{}?mode=rwc",
            dir.join("test.db").display()
        ));
    }
    let admin_url = std::env::var("TOUCHSTONE_TEST_POSTGRES_URL")
        .map_err(|_| anyhow::anyhow!("TOUCHSTONE_TEST_POSTGRES_URL is not set"))?;
    let name = format!("ts_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let (base, _) = admin_url.rsplit_once('/').unwrap_or((&admin_url, ""));
    Ok(format!("{base}/{name}"))
}

impl TestApp {
    /// Starts a server with default configuration.
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    /// Starts a server after `tweak` adjusts its configuration.
    pub async fn with_config(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = fresh_database_url(dir.path()).await.expect("test database");
        let mut config = Config::for_database(&url, dir.path().to_path_buf());
        tweak(&mut config);
        let state = touchstone_server::build(config)
            .await
            .expect("server builds");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr: SocketAddr = listener.local_addr().expect("address");
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = state.clone();
        tokio::spawn(async move {
            let _ = touchstone_server::serve(listener, serving, async {
                let _ = stopped.await;
            })
            .await;
        });
        TestApp {
            base: format!("http://{addr}"),
            state,
            stop: Some(stop),
            _dir: dir,
        }
    }

    /// A new session with no cookies.
    pub fn session(&self) -> Session {
        Session::new(&self.base)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
