//! Checklist versions cached for offline use: one copy of each, however many assignments
//! use it. A published version never changes (editing a checklist makes a new version), but
//! its journey can be edited: a copy whose journey is older than the one the server lists
//! is fetched again ([`crate::refresh`]).

use crate::store::db::{CHECKLISTS, Db, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use touchstone_shared::checklist::ChecklistVersion;
use touchstone_shared::journey::Journey;
use uuid::Uuid;

/// A checklist version and the journey its sections refer to, as the phone keeps them.
///
/// The journey is the one fetched with the newest bundle that used this version.
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

/// A cached checklist version: its id and when its journey last changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistStamp {
    /// The checklist version.
    pub version_id: Uuid,
    /// [`Journey::updated_at`] of the journey kept with it.
    pub journey_updated_at: DateTime<Utc>,
}

/// What [`stamps`] decodes of a [`CachedChecklist`]: the rest is skipped, not built.
#[derive(Deserialize)]
struct Stamped {
    journey: StampedJourney,
}

#[derive(Deserialize)]
struct StampedJourney {
    updated_at: DateTime<Utc>,
}

/// The stamps of the cached checklist versions.
pub async fn stamps(db: &Db) -> Result<Vec<ChecklistStamp>> {
    Ok(db
        .all_json::<Stamped>(CHECKLISTS)
        .await?
        .into_iter()
        .filter_map(|(key, stamped)| {
            Some(ChecklistStamp {
                version_id: Uuid::parse_str(&key).ok()?,
                journey_updated_at: stamped.journey.updated_at,
            })
        })
        .collect())
}
