//! Test harness: a real Touchstone server on a loopback port, on a fresh database of the
//! backend the environment names, and HTTP sessions that talk to it.
//!
//! `TOUCHSTONE_TEST_BACKEND=postgres` with `TOUCHSTONE_TEST_POSTGRES_URL` (a URL of a server
//! where the user may create databases) runs the suite on PostgreSQL; otherwise SQLite.
//! A PostgreSQL run that cannot reach the server fails; it never falls back silently.
//!
//! Photos go to a folder in the test's temporary directory, or with
//! `TOUCHSTONE_TEST_STORE=s3` and `TOUCHSTONE_TEST_S3_ENDPOINT` (an S3-compatible server such
//! as `scripts/moto.sh` starts) to a fresh bucket per test; likewise no silent fallback.

#[cfg(feature = "bench")]
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

/// Which photo store this run tests: `disk` or `s3`.
pub fn store() -> &'static str {
    match std::env::var("TOUCHSTONE_TEST_STORE").as_deref() {
        Ok("s3") => "s3",
        _ => "disk",
    }
}

/// Points the configuration at a new bucket of the test S3 server.
async fn use_fresh_bucket(config: &mut Config) -> anyhow::Result<()> {
    use touchstone_server::evidence::config::StoreKind;
    let endpoint = std::env::var("TOUCHSTONE_TEST_S3_ENDPOINT")
        .map_err(|_| anyhow::anyhow!("TOUCHSTONE_TEST_S3_ENDPOINT is not set"))?;
    let endpoint = endpoint.trim_end_matches('/').to_owned();
    let bucket = format!("ts-test-{}", uuid::Uuid::now_v7().simple());
    // The test server accepts an unsigned bucket creation.
    let created = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await?;
    anyhow::ensure!(
        created.status().is_success(),
        "creating bucket {bucket}: {}",
        created.status()
    );
    let e = &mut config.evidence;
    e.photo_store = StoreKind::S3;
    e.s3_bucket = Some(bucket);
    e.s3_endpoint = Some(endpoint);
    e.s3_allow_http = true;
    e.s3_access_key_id = Some("test".into());
    e.s3_secret_access_key = Some("test".parse()?);
    Ok(())
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
    create_postgres_database(&admin_url).await
}

/// Creates a database on the server at `admin_url` and returns its URL.
pub async fn create_postgres_database(admin_url: &str) -> anyhow::Result<String> {
    let name = format!("ts_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let (base, _) = admin_url.rsplit_once('/').unwrap_or((admin_url, ""));
    Ok(format!("{base}/{name}"))
}

impl TestApp {
    /// A raw TCP connection to the server, for requests a client library will not send
    /// (trickled or lying bodies), with the `host:port` it went to.
    pub async fn connect_raw(&self) -> (tokio::net::TcpStream, String) {
        let address = self.base.trim_start_matches("http://").to_owned();
        let stream = tokio::net::TcpStream::connect(&address)
            .await
            .expect("connect");
        (stream, address)
    }

    /// Starts a server with default configuration.
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    /// Starts a server after `tweak` adjusts its configuration.
    pub async fn with_config(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = fresh_database_url(dir.path()).await.expect("test database");
        Self::start(dir, &url, tweak).await
    }

    /// Starts a server on a new database of the PostgreSQL server at `admin_url`.
    pub async fn on_postgres(admin_url: &str) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = create_postgres_database(admin_url)
            .await
            .expect("test database");
        Self::start(dir, &url, |_| {}).await
    }

    async fn start(dir: tempfile::TempDir, url: &str, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config::for_database(url, dir.path().to_path_buf());
        if store() == "s3" {
            use_fresh_bucket(&mut config).await.expect("test bucket");
        }
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
