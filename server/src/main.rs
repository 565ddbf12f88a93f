//! The `touchstone` binary: configuration, logging, then [`touchstone_server::run`].

use clap::Parser;
use touchstone_server::config::Config;
use tracing_subscriber::EnvFilter;

/// jemalloc, for all of the process's allocations: Rust's and those of the C libraries
/// (SQLite's page caches and statements). Its background thread (on from the start, a build
/// option) hands memory freed after a burst back to the system within seconds; glibc's
/// allocator keeps what a burst used (a password hash takes 19 MiB, the demo seeding more)
/// for as long as the server runs (BENCHMARKS.md, "Ingest and server memory").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    if config.log_json {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .json()
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    touchstone_server::run(config).await
}
