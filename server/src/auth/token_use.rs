//! When API tokens were last used: noted in memory as requests come, written in batches.
//!
//! Writing the mark in the request that uses a token cost a write per token and minute, which
//! on SQLite's single writer slowed every other write when many tokens start at once (a
//! thousand integrations, or phones, after an outage). Marks are written every
//! [`FLUSH_EVERY`] in one transaction instead, and before a token listing (so its owner sees
//! the uses this server noted); a mark lost in a crash is at most that old.

use crate::db::Db;
use crate::error::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often noted uses are written.
pub const FLUSH_EVERY: Duration = Duration::from_secs(10);

/// Uses noted and not yet written: the token's secret hash and when.
#[derive(Debug, Clone, Default)]
pub struct TokenUses {
    pending: Arc<Mutex<HashMap<String, i64>>>,
}

impl TokenUses {
    /// Notes that the token with `secret_hash` was used at `at` (Unix milliseconds).
    pub fn note(&self, secret_hash: &str, at: i64) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        pending.insert(secret_hash.to_owned(), at);
    }

    /// Writes the noted uses.
    pub async fn flush(&self, db: &Db) -> Result<()> {
        let taken = {
            let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            std::mem::take(&mut *pending)
        };
        if taken.is_empty() {
            return Ok(());
        }
        let mut tx = db.begin().await?;
        for (hash, at) in taken {
            crate::db::tokens::mark_used(&mut *tx, &hash, at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Writes the noted uses every [`FLUSH_EVERY`] for as long as the runtime runs.
    pub fn flush_in_background(&self, db: Db) {
        let uses = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(FLUSH_EVERY).await;
                if let Err(e) = uses.flush(&db).await {
                    tracing::warn!(error = %e, "writing when tokens were last used");
                }
            }
        });
    }
}
