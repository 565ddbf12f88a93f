//! Checklist versions cached for offline use: one copy of each, however many assignments
//! use it. A published version never changes (editing a checklist makes a new version), so
//! a cached one is never fetched again.

use crate::store::db::{CHECKLISTS, Db, Result};
use serde::{Deserialize, Serialize};
use touchstone_shared::checklist::ChecklistVersion;
use touchstone_shared::journey::Journey;
use uuid::Uuid;

/// A checklist version and the journey its sections refer to, as the phone keeps them.
///
/// The journey is the one fetched with the newest bundle that used this version: journeys
/// can be edited, and a refresh fetches no bundle whose assignment is unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedChecklist {
    /// The checklist version.
    pub checklist: ChecklistVersion,
    /// Its journey.
    pub journey: Journey,
}

/// A cached checklist version.
pub async fn get(db: &Db, version_id: Uuid) -> Result<Option<CachedChecklist>> {
    db.get_json(CHECKLISTS, &version_id.to_string()).await
}

/// The ids of the cached checklist versions, without reading them.
pub async fn ids(db: &Db) -> Result<Vec<String>> {
    db.keys(CHECKLISTS).await
}
