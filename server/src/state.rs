//! The state every handler shares.

use crate::auth::password::Hashers;
use crate::config::Config;
use crate::db::Db;
use crate::evidence::Evidence;
use crate::metrics::Metrics;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Cloneable application state: configuration, the database, the photo store, the password
/// hashers and the metrics.
#[derive(Clone)]
pub struct AppState {
    /// Configuration.
    pub config: Arc<Config>,
    /// Database.
    pub db: Db,
    /// Photo pipeline and store.
    pub evidence: Evidence,
    /// Password hashing, bounded.
    pub passwords: Hashers,
    /// What `/metrics` shows.
    pub metrics: Arc<Metrics>,
    /// Set once the server is shutting down: the health check then answers 503.
    pub draining: Arc<AtomicBool>,
    /// Notification delivery: e-mail transport, unsubscribe links.
    pub notifier: crate::notify::Notifier,
    /// API token uses not yet written.
    pub token_uses: crate::auth::token_use::TokenUses,
}
