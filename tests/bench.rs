//! Shared pieces of the benchmarks in `tests/benches/`: the release server as a child
//! process (so its memory can be read from `/proc`), fresh databases on either backend,
//! signing in over HTTP, the demo's ids, and latency statistics.
//!
//! Benchmarks print figures; they are not timed tests. Knobs are environment variables
//! (see `BENCHMARKS.md`).

pub mod cpu;
pub mod generate;
pub mod mail;

use anyhow::{Context, bail};
use sqlx::Connection;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::journey::Stage;
use touchstone_shared::location::LatLon;
use uuid::Uuid;

/// A number from the environment, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

/// Whether an environment flag is set to something other than `0` or empty.
pub fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A database backend under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The backends to run: `BENCH_BACKENDS` (comma-separated, default `sqlite,postgres`).
/// PostgreSQL needs `BENCH_POSTGRES_URL` (or `TOUCHSTONE_TEST_POSTGRES_URL`); a run that
/// names it without a URL fails instead of skipping it.
pub fn backends() -> Vec<Backend> {
    let names = std::env::var("BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    names
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| match s {
            "sqlite" => Backend::Sqlite,
            "postgres" | "postgresql" => Backend::Postgres,
            other => panic!("BENCH_BACKENDS: unknown backend `{other}`"),
        })
        .collect()
}

/// Where the build puts things: the directory holding `release/`.
fn target_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // …/target/release/deps/<bench>-<hash>
    let exe = std::env::current_exe().expect("current exe");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// Directory for benchmark databases and server logs: `BENCH_DIR`, default
/// `<target>/bench`.
pub fn work_dir() -> PathBuf {
    let dir = std::env::var("BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| target_dir().join("bench"));
    std::fs::create_dir_all(&dir).expect("bench dir");
    dir
}

/// The release server binary: `TOUCHSTONE_BIN`, default `<target>/release/touchstone`.
pub fn server_binary() -> PathBuf {
    let path = std::env::var("TOUCHSTONE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| target_dir().join("release").join("touchstone"));
    assert!(
        path.exists(),
        "{} not found: run `cargo build --release -p touchstone-server` first (or set TOUCHSTONE_BIN)",
        path.display()
    );
    path
}

/// Superuser URL of the PostgreSQL server to create benchmark databases on.
pub fn postgres_admin_url() -> anyhow::Result<String> {
    std::env::var("BENCH_POSTGRES_URL")
        .or_else(|_| std::env::var("TOUCHSTONE_TEST_POSTGRES_URL"))
        .context(
            "PostgreSQL benchmarks need BENCH_POSTGRES_URL (scripts/postgres.sh start prints one)",
        )
}

/// URL of database `name` on the server of `admin_url`.
pub fn postgres_url(admin_url: &str, name: &str) -> String {
    let (base, _) = admin_url.rsplit_once('/').unwrap_or((admin_url, ""));
    format!("{base}/{name}")
}

/// Whether database `name` exists on the PostgreSQL server.
pub async fn postgres_exists(admin_url: &str, name: &str) -> anyhow::Result<bool> {
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
        .fetch_optional(&mut admin)
        .await?;
    admin.close().await?;
    Ok(found.is_some())
}

/// Drops (if present) and creates database `name`; returns its URL.
pub async fn postgres_fresh(admin_url: &str, name: &str) -> anyhow::Result<String> {
    assert!(
        name.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "database name"
    );
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok(postgres_url(admin_url, name))
}

/// Drops database `name` if present.
pub async fn postgres_drop(admin_url: &str, name: &str) -> anyhow::Result<()> {
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    admin.close().await?;
    Ok(())
}

/// A SQLite URL for a file.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// Removes a SQLite database with its WAL and shared-memory files.
pub fn sqlite_remove(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Resident memory of a process, from `/proc/<pid>/status`, in KiB.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rss {
    /// Resident set now (`VmRSS`).
    pub now_kib: u64,
    /// Peak resident set (`VmHWM`).
    pub peak_kib: u64,
}

/// Reads [`Rss`] of `pid`.
pub fn rss(pid: u32) -> Rss {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    Rss {
        now_kib: field("VmRSS:"),
        peak_kib: field("VmHWM:"),
    }
}

/// KiB as MiB, one decimal.
pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// The release server running as a child process on a loopback port.
pub struct Server {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:43117`.
    pub base: String,
    /// Time from spawn to the first healthy answer (includes migrations and the demo load).
    pub ready_after: Duration,
}

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

impl Server {
    /// Spawns `touchstone` on `database_url` (with `--demo` when asked), logging to
    /// `log`, and waits up to `wait` for `GET /api/v1/health` to answer 200.
    pub async fn start(
        database_url: &str,
        data_dir: &Path,
        demo: bool,
        log: &Path,
        wait: Duration,
    ) -> anyhow::Result<Server> {
        Self::start_with(database_url, data_dir, demo, log, wait, &[]).await
    }

    /// [`Server::start`] with further command-line arguments.
    pub async fn start_with(
        database_url: &str,
        data_dir: &Path,
        demo: bool,
        log: &Path,
        wait: Duration,
        extra: &[&str],
    ) -> anyhow::Result<Server> {
        std::fs::create_dir_all(data_dir)?;
        let port = free_port();
        let out = std::fs::File::create(log)?;
        let err = out.try_clone()?;
        let mut command = Command::new(server_binary());
        command
            .arg("--database-url")
            .arg(database_url)
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--data-dir")
            .arg(data_dir)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        if demo {
            command.arg("--demo");
        }
        command.args(extra);
        let started = Instant::now();
        let child = command.spawn().context("spawning the server")?;
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            ready_after: Duration::ZERO,
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        loop {
            if let Some(status) = server.child.try_wait()? {
                bail!(
                    "the server exited ({status}) before answering; see {}",
                    log.display()
                );
            }
            let healthy = http
                .get(format!("{}/api/v1/health", server.base))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if healthy {
                server.ready_after = started.elapsed();
                return Ok(server);
            }
            if started.elapsed() > wait {
                bail!(
                    "the server did not answer within {wait:?}; see {}",
                    log.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The child's memory now.
    pub fn rss(&self) -> Rss {
        rss(self.pid())
    }

    /// Stops the server with SIGTERM (a graceful shutdown) and waits for it.
    pub fn stop(mut self) -> anyhow::Result<()> {
        self.terminate()
    }

    fn terminate(&mut self) -> anyhow::Result<()> {
        if self.child.try_wait()?.is_some() {
            return Ok(());
        }
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.terminate();
    }
}

/// An HTTP client signed in as `email` (cookie session, as the web client uses).
pub async fn sign_in(base: &str, email: &str, password: &str) -> anyhow::Result<reqwest::Client> {
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .pool_max_idle_per_host(128)
        .build()?;
    let reply = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await?;
    if !reply.status().is_success() {
        bail!("login of {email}: {}", reply.status());
    }
    Ok(http)
}

/// The session cookie (`name=value`) of a fresh sign-in, to share among many clients.
pub async fn session_cookie(base: &str, email: &str, password: &str) -> anyhow::Result<String> {
    let reply = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await?;
    if !reply.status().is_success() {
        bail!("login of {email}: {}", reply.status());
    }
    let cookie = reply
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("ts_session="))
        .and_then(|v| v.split(';').next())
        .context("no session cookie")?;
    Ok(cookie.to_owned())
}

/// Demo user emails and password (see `server/src/demo.rs`).
pub mod demo_users {
    /// Password of every demo user.
    pub const PASSWORD: &str = touchstone_server::demo::DEMO_PASSWORD;
    /// Consultant.
    pub const CONSULTANT: &str = "consultant@demo.touchstone.test";
    /// Manager of the demo client.
    pub const MANAGER: &str = "manager@demo.touchstone.test";
    /// Auditor.
    pub const AUDITOR: &str = "auditor@demo.touchstone.test";
}

/// A location of the demo client.
#[derive(Debug, Clone)]
pub struct DemoLocation {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: String,
    /// Region.
    pub region: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

impl DemoLocation {
    /// Where the shop is.
    pub fn position(&self) -> LatLon {
        LatLon {
            lat: self.lat,
            lon: self.lon,
        }
    }
}

/// The ids and content of the `--demo` data, read from the database.
#[derive(Debug, Clone)]
pub struct Demo {
    /// Organisation.
    pub org_id: Uuid,
    /// Client.
    pub client_id: Uuid,
    /// The auditor.
    pub auditor_id: Uuid,
    /// Journey.
    pub journey_id: Uuid,
    /// Stages with their touchpoints.
    pub stages: Vec<Stage>,
    /// Checklist.
    pub checklist_id: Uuid,
    /// Its current version.
    pub checklist_version_id: Uuid,
    /// The version's content.
    pub content: ChecklistContent,
    /// The client's locations.
    pub locations: Vec<DemoLocation>,
}

fn uuid(s: &str) -> anyhow::Result<Uuid> {
    Uuid::parse_str(s).with_context(|| format!("stored id {s}"))
}

impl Demo {
    /// Reads the demo's ids from its database.
    pub async fn read(conn: &mut sqlx::AnyConnection) -> anyhow::Result<Demo> {
        let (org, client): (String, String) =
            sqlx::query_as("SELECT org_id, id FROM clients WHERE name = 'Halcyon Coffee'")
                .fetch_one(&mut *conn)
                .await
                .context("the demo client")?;
        let auditor: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(demo_users::AUDITOR)
            .fetch_one(&mut *conn)
            .await?;
        let (journey_id, stages): (String, String) =
            sqlx::query_as("SELECT id, stages FROM journeys WHERE client_id = $1")
                .bind(&client)
                .fetch_one(&mut *conn)
                .await?;
        let (checklist_id, version_id, content): (String, String, String) = sqlx::query_as(
            "SELECT c.id, v.id, v.content FROM checklists c \
             JOIN checklist_versions v ON v.id = c.current_version_id WHERE c.client_id = $1",
        )
        .bind(&client)
        .fetch_one(&mut *conn)
        .await?;
        let rows: Vec<(String, String, String, f64, f64)> = sqlx::query_as(
            "SELECT id, code, region, lat, lon FROM locations WHERE client_id = $1 ORDER BY code",
        )
        .bind(&client)
        .fetch_all(&mut *conn)
        .await?;
        let locations = rows
            .into_iter()
            .map(|(id, code, region, lat, lon)| {
                Ok(DemoLocation {
                    id: uuid(&id)?,
                    code,
                    region,
                    lat,
                    lon,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Demo {
            org_id: uuid(&org)?,
            client_id: uuid(&client)?,
            auditor_id: uuid(&auditor)?,
            journey_id: uuid(&journey_id)?,
            stages: serde_json::from_str(&stages)?,
            checklist_id: uuid(&checklist_id)?,
            checklist_version_id: uuid(&version_id)?,
            content: serde_json::from_str(&content)?,
            locations,
        })
    }
}

/// A raw connection of either backend.
pub async fn connect(url: &str) -> anyhow::Result<sqlx::AnyConnection> {
    sqlx::any::install_default_drivers();
    Ok(sqlx::AnyConnection::connect(url).await?)
}

/// Latency figures of a set of samples.
#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    /// Samples.
    pub n: usize,
    /// Median.
    pub p50: Duration,
    /// 95th percentile.
    pub p95: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Largest.
    pub max: Duration,
}

/// Nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl Latency {
    /// Figures of `samples` (sorted in place).
    pub fn of(samples: &mut [Duration]) -> Latency {
        samples.sort_unstable();
        Latency {
            n: samples.len(),
            p50: percentile(samples, 50.0),
            p95: percentile(samples, 95.0),
            p99: percentile(samples, 99.0),
            max: samples.last().copied().unwrap_or_default(),
        }
    }
}

/// Milliseconds with two decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Median of numbers.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Size of a file or of a PostgreSQL database, for the report.
pub async fn database_bytes(backend: Backend, url: &str, file: Option<&Path>) -> u64 {
    match backend {
        Backend::Sqlite => file
            .map(|f| {
                ["", "-wal"]
                    .iter()
                    .map(|s| {
                        let mut p = f.as_os_str().to_owned();
                        p.push(s);
                        std::fs::metadata(PathBuf::from(p)).map_or(0, |m| m.len())
                    })
                    .sum()
            })
            .unwrap_or(0),
        Backend::Postgres => {
            let Ok(mut conn) = connect(url).await else {
                return 0;
            };
            sqlx::query_scalar::<_, i64>("SELECT pg_database_size(current_database())")
                .fetch_one(&mut conn)
                .await
                .map_or(0, |b| u64::try_from(b).unwrap_or(0))
        }
    }
}

/// Bytes as GiB/MiB.
pub fn human_bytes(b: u64) -> String {
    if b >= 1 << 30 {
        format!("{:.2} GiB", b as f64 / f64::from(1u32 << 30))
    } else {
        format!("{:.1} MiB", b as f64 / f64::from(1u32 << 20))
    }
}

/// A `width`×`height` JPEG at quality 90 with phone EXIF (time, GPS, orientation 6) whose
/// noise makes it as costly to decode as a real photo (a few MB, not the few hundred KB of a
/// smooth synthetic picture).
pub fn phone_photo(width: u32, height: u32, seed: u32) -> Vec<u8> {
    use touchstone_server::evidence::fixtures;
    let mut image = fixtures::picture(width, height, seed);
    let mut state = 0x9E37_79B9_u32 ^ seed.wrapping_mul(0x85EB_CA6B);
    for pixel in image.pixels_mut() {
        for channel in pixel.0.iter_mut() {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let noise = (state % 25) as i16 - 12;
            *channel = (i16::from(*channel) + noise).clamp(0, 255) as u8;
        }
    }
    let jpeg = fixtures::encode_jpeg(&image, 90);
    fixtures::with_exif(
        &jpeg,
        &fixtures::ExifSpec {
            taken_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 2)
                .and_then(|d| d.and_hms_opt(10, 15, 0)),
            offset: Some("+01:00".into()),
            gps: Some((51.5007, -0.1246)),
            accuracy_m: Some(8.0),
            orientation: Some(6),
            ..Default::default()
        },
    )
}
