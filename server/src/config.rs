//! Runtime configuration from flags and environment variables.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Touchstone server.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "TOUCHSTONE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Database URL: `sqlite://…` (default: `touchstone.db` in the data directory) or
    /// `postgres://…`.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// PostgreSQL: parallel workers a query of the server's may use
    /// (`max_parallel_workers_per_gather` for its connections). Scorecards run many small
    /// queries at once; on a small database server parallel plans cost them more in start-up
    /// than they save (BENCHMARKS.md), so none by default. Ignored on SQLite.
    #[arg(long, env = "TOUCHSTONE_PG_PARALLEL_WORKERS", default_value_t = 0)]
    pub pg_parallel_workers: u32,

    /// PostgreSQL: connections this server keeps at most. Servers × this must stay under the
    /// database's `max_connections` (less what else connects); behind PgBouncer's transaction
    /// pooling it may be larger than the database's own. Eight writers saturate 2 cores of
    /// PostgreSQL (BENCHMARKS.md), so 16 leaves room for readers. Ignored on SQLite, which
    /// keeps 8 readers and 1 writer.
    #[arg(long, env = "TOUCHSTONE_PG_POOL_SIZE", default_value_t = 16,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub pg_pool_size: u32,

    /// Directory for the embedded database and photos.
    #[arg(long, env = "TOUCHSTONE_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Directory of the built web client, served at `/` with fallback to `index.html`.
    #[arg(long, env = "TOUCHSTONE_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Mark session cookies `Secure` (set when served over https).
    #[arg(long, env = "TOUCHSTONE_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,

    /// Origins trusted for cookie-authenticated writes besides the server's own, e.g.
    /// `https://touchstone.example.com`; comma-separated.
    #[arg(long, env = "TOUCHSTONE_TRUSTED_ORIGINS", value_delimiter = ',')]
    pub trusted_origins: Vec<String>,

    /// Reverse proxies and load balancers in front of the server, whose `X-Forwarded-For`
    /// is believed: addresses or networks, e.g. `10.0.0.0/8,192.0.2.5`; comma-separated.
    /// Sign-in limits then count each client's address, not the proxy's. Empty: the
    /// connection's address is the client's and the header is ignored.
    #[arg(
        long,
        env = "TOUCHSTONE_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = crate::http::client_ip::parse_trusted_proxy
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Largest JSON body accepted, in bytes.
    #[arg(long, env = "TOUCHSTONE_MAX_JSON_BYTES", default_value_t = 1024 * 1024)]
    pub max_json_bytes: usize,

    /// Largest file accepted by the import routes (`…/import`), in bytes.
    #[arg(long, env = "TOUCHSTONE_MAX_IMPORT_BYTES", default_value_t = 8 * 1024 * 1024)]
    pub max_import_bytes: usize,

    /// Directory holding the DejaVu Sans fonts (`DejaVuSans.ttf`, `DejaVuSans-Bold.ttf`) that
    /// client reports are typeset in; Debian's `fonts-dejavu-core` installs them here.
    #[arg(
        long,
        env = "TOUCHSTONE_REPORT_FONT_DIR",
        default_value = "/usr/share/fonts/truetype/dejavu"
    )]
    pub report_font_dir: PathBuf,

    /// Seconds before a request is abandoned with 408.
    #[arg(long, env = "TOUCHSTONE_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Seconds an upload (a photo, an import file) may take in all before it is abandoned
    /// with 408; uploads also have to keep up the minimum rate below.
    #[arg(long, env = "TOUCHSTONE_UPLOAD_TIMEOUT_SECS", default_value_t = 600)]
    pub upload_timeout_secs: u64,

    /// Upload bodies (photos, imports) must average at least this many bytes per second once
    /// the grace period is over; a slower body is cut off with 408, freeing its upload slot.
    #[arg(
        long,
        env = "TOUCHSTONE_UPLOAD_MIN_BYTES_PER_SEC",
        default_value_t = 1024
    )]
    pub upload_min_bytes_per_sec: u64,

    /// Seconds an upload body may take before its minimum rate applies (connection set-up,
    /// a slow start on a weak network).
    #[arg(long, env = "TOUCHSTONE_UPLOAD_GRACE_SECS", default_value_t = 10)]
    pub upload_grace_secs: u64,

    /// Hours a sign-in lasts.
    #[arg(long, env = "TOUCHSTONE_SESSION_HOURS", default_value_t = 12 * 24)]
    pub session_hours: i64,

    /// Sign-in attempts per account + address pair (and per known device) without waiting;
    /// past them each failure doubles the wait before the next, from 30 s up to 15 minutes
    /// (429 with `Retry-After`). An address may make 5 × as many for unknown accounts.
    #[arg(long, env = "TOUCHSTONE_LOGIN_ATTEMPTS", default_value_t = 10)]
    pub login_attempts: i64,

    /// Passwords hashed at once (argon2id, about 19 MiB each); 0 means one per CPU, at most
    /// 4. Sign-ins past these and the queue get 503 with `Retry-After`.
    #[arg(long, env = "TOUCHSTONE_PASSWORD_WORKERS", default_value_t = 0)]
    pub password_workers: usize,

    /// Sign-ins (and password changes) that may wait for a password worker; more get 503.
    #[arg(long, env = "TOUCHSTONE_PASSWORD_QUEUE", default_value_t = 16)]
    pub password_queue: usize,

    /// Seconds between SIGTERM and closing the listener: the health check answers 503 at
    /// once while requests are still served, so a load balancer checking it takes the server
    /// out of rotation before it stops accepting; then in-flight requests finish. Behind a
    /// balancer, set it above the checks' interval × failures to mark a server down.
    #[arg(long, env = "TOUCHSTONE_DRAIN_SECS", default_value_t = 0.0)]
    pub drain_secs: f64,

    /// Photo uploads and storage.
    #[command(flatten)]
    pub evidence: crate::evidence::config::EvidenceConfig,

    /// Notifications: SMTP server, sender, delivery and reminders.
    #[command(flatten)]
    pub notify: crate::notify::config::NotifyConfig,

    /// Load demo data (an organisation, a client, locations, a checklist, users and a few
    /// hundred approved audits) when the database is empty, and print the credentials.
    #[arg(long, env = "TOUCHSTONE_DEMO", default_value_t = false)]
    pub demo: bool,

    /// A bearer token that may read `/metrics` from anywhere; without it, only requests
    /// from the server's own machine that no proxy passed on may.
    #[arg(long, env = "TOUCHSTONE_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<crate::evidence::config::Secret>,

    /// Log as JSON lines instead of human-readable text.
    #[arg(long, env = "TOUCHSTONE_LOG_JSON", default_value_t = false)]
    pub log_json: bool,

    /// What to do; serves the API when absent.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the API (the default).
    Serve,
    /// Migrate the database and exit.
    Migrate,
    /// Create an organisation with its first administrator, then exit.
    CreateOrganisation {
        /// Organisation name.
        #[arg(long)]
        name: String,
        /// The organisation's IANA time zone (admins can change it later).
        #[arg(long, default_value = "UTC")]
        time_zone: String,
        /// Administrator's email.
        #[arg(long)]
        admin_email: String,
        /// Administrator's display name.
        #[arg(long, default_value = "Administrator")]
        admin_name: String,
        /// Administrator's password (at least 10 characters).
        #[arg(long, env = "TOUCHSTONE_ADMIN_PASSWORD")]
        admin_password: String,
    },
}

impl Config {
    /// The database URL to use: the configured one, or a SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("touchstone.db").display()
            )
        })
    }

    /// Password workers: as configured, or one per CPU (at most 4).
    pub fn password_workers(&self) -> usize {
        if self.password_workers > 0 {
            return self.password_workers;
        }
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    }

    /// A configuration for tests and embedding: defaults, with the given database and data dir.
    pub fn for_database(database_url: &str, data_dir: PathBuf) -> Self {
        let mut config = Config::parse_from(["touchstone"]);
        config.database_url = Some(database_url.to_owned());
        config.data_dir = data_dir;
        config
    }
}
