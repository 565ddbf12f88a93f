//! Touchstone's server: the HTTP API over SQLite or PostgreSQL.
//!
//! `main` only parses the configuration and calls [`run`]; tests call [`build`] and
//! [`app`] to serve the same router on a port of their own.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod evidence;
pub mod export;
pub mod extract;
pub mod http;
pub mod import;
pub mod metrics;
pub mod notify;
pub mod report;
pub mod routes;
pub mod service;
pub mod state;

use crate::config::{Command, Config};
use crate::db::Db;
use crate::state::AppState;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::net::TcpListener;

pub use http::app;

/// Connects to the database, migrates it and loads demo data when asked.
pub async fn build(config: Config) -> anyhow::Result<AppState> {
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let settings = db::Settings {
        pg_parallel_workers: config.pg_parallel_workers,
        pg_pool_size: config.pg_pool_size,
    };
    let db = Db::connect_with(&config.database_url(), settings).await?;
    db.migrate().await?;
    let evidence = evidence::Evidence::from_config(
        &config.evidence,
        &config.data_dir,
        std::time::Duration::from_secs(config.upload_grace_secs),
        config.upload_min_bytes_per_sec,
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    if db::rollups::build_if_missing(&db)
        .await
        .map_err(|e| anyhow::anyhow!("building the scorecard rollups: {e}"))?
    {
        tracing::info!("scorecard rollups built from the existing scores");
    }
    let passwords = auth::password::Hashers::new(config.password_workers(), config.password_queue)?;
    let metrics = Arc::new(metrics::Metrics::new(db.clone(), evidence.clone()));
    let token_uses = auth::token_use::TokenUses::default();
    token_uses.flush_in_background(db.clone());
    let notifier = notify::Notifier::new(config.notify.clone(), &db).await?;
    let state = AppState {
        notifier,
        config: Arc::new(config),
        db,
        evidence,
        passwords,
        metrics,
        draining: Arc::default(),
        token_uses,
    };
    if state.config.demo {
        // Over connections of its own, closed afterwards: the caches the seeding filled
        // (SQLite's pages and prepared statements, per connection) go with them.
        let seeding = AppState {
            db: Db::connect_with(&state.config.database_url(), settings).await?,
            ..state.clone()
        };
        demo::load_if_empty(&seeding).await?;
        seeding.db.close().await;
    }
    Ok(state)
}

/// Serves `state` on `listener` until `shutdown` completes, with the notification worker
/// delivering the outbox meanwhile.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let worker = notify::worker::spawn(state.clone());
    let app = app(state);
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    worker.abort();
    served
}

/// Runs the command the configuration names.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let command = config.command.clone().unwrap_or(Command::Serve);
    let listen = config.listen;
    let state = build(config).await?;
    match command {
        Command::Serve => {}
        Command::Migrate => {
            tracing::info!("database migrated");
            return Ok(());
        }
        Command::CreateOrganisation {
            name,
            time_zone,
            admin_email,
            admin_name,
            admin_password,
        } => {
            let admin = touchstone_shared::user::NewUser {
                email: admin_email,
                name: admin_name,
                role: touchstone_shared::user::Role::Admin,
                password: admin_password,
                client_ids: Vec::new(),
            };
            let created = service::setup::create_organisation(&state, &name, &time_zone, admin)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("organisation {} created", created.org_id);
            return Ok(());
        }
    }
    service::report_schedules::run_in_background(state.clone());
    let listener = TcpListener::bind(listen).await?;
    tracing::info!(address = %listener.local_addr()?, backend = ?state.db.backend(), "serving");
    if !state.notifier.mailer.sends() {
        tracing::warn!(
            "NO SMTP SERVER CONFIGURED (--smtp-url): e-mails are written to this log, not sent"
        );
    }
    tokio::spawn(service::waves::run_in_background(state.clone()));
    let db = state.db.clone();
    let draining = state.draining.clone();
    let drain = Duration::try_from_secs_f64(state.config.drain_secs).unwrap_or_default();
    let shutdown = async move {
        shutdown_signal().await;
        // Not ready any more, still serving: the balancer's checks see 503 and send the
        // traffic elsewhere before the listener closes.
        draining.store(true, Ordering::Relaxed);
        tracing::info!(?drain, "draining");
        tokio::time::sleep(drain).await;
        tracing::info!("closing the listener; finishing the requests in flight");
    };
    serve(listener, state, shutdown).await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
