//! Checklist versions that assignments use, kept in memory. Such a version never changes (an
//! edit of a version in use makes a new one), so each server may keep its own copy with no
//! invalidation, and saving an audit reads its checklist from the database once per process
//! instead of once per request.

use crate::db::{self, Db, Visibility};
use crate::error::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use touchstone_shared::checklist::Checklist;
use uuid::Uuid;

/// Versions kept at most; past it the cache starts again empty (a few hundred KB at most).
const MAX_VERSIONS: usize = 512;

/// Versions by organisation and id.
#[derive(Debug, Default)]
pub struct VersionCache {
    versions: Mutex<HashMap<(Uuid, Uuid), Arc<Checklist>>>,
}

impl VersionCache {
    /// The version `version_id` of the organisation's checklist, which an assignment uses
    /// (only then is it immutable): from memory, or read once.
    pub async fn of_assignment(
        &self,
        db: &Db,
        org_id: Uuid,
        version_id: Uuid,
    ) -> Result<Arc<Checklist>> {
        let key = (org_id, version_id);
        if let Some(found) = self.lock().get(&key) {
            return Ok(found.clone());
        }
        let org = Visibility::organisation(org_id);
        let read = Arc::new(db::checklists::get_version(db.pool(), &org, version_id).await?);
        let mut versions = self.lock();
        if versions.len() >= MAX_VERSIONS {
            versions.clear();
        }
        versions.insert(key, read.clone());
        Ok(read)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Uuid, Uuid), Arc<Checklist>>> {
        // A panic elsewhere cannot leave the map half-written: inserts are single calls.
        self.versions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
