//! The state every handler shares.

use crate::auth::password::Hashers;
use crate::config::Config;
use crate::db::Db;
use crate::evidence::Evidence;
use std::sync::Arc;

/// Cloneable application state: configuration, the database, the photo store and the
/// password hashers.
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
    /// API token uses not yet written.
    pub token_uses: crate::auth::token_use::TokenUses,
}
