//! The state every handler shares.

use crate::config::Config;
use crate::db::Db;
use crate::evidence::Evidence;
use std::sync::Arc;

/// Cloneable application state: configuration, the database and the photo store.
#[derive(Clone)]
pub struct AppState {
    /// Configuration.
    pub config: Arc<Config>,
    /// Database.
    pub db: Db,
    /// Photo pipeline and store.
    pub evidence: Evidence,
}
