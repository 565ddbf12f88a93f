//! The state every handler shares.

use crate::config::Config;
use crate::db::Db;
use std::sync::Arc;

/// Cloneable application state: configuration and the database.
#[derive(Clone)]
pub struct AppState {
    /// Configuration.
    pub config: Arc<Config>,
    /// Database.
    pub db: Db,
}
