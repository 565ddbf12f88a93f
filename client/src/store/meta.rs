//! Small facts about the device's session: who is signed in, when the last sync was.

use crate::store::db::{Db, META, Result};
use chrono::{DateTime, Utc};
use touchstone_shared::user::Me;

const ME: &str = "me";
const LAST_SYNC: &str = "last_sync";

/// The user signed in on this device, to start offline.
pub async fn me(db: &Db) -> Result<Option<Me>> {
    db.get_json(META, ME).await
}

/// Remembers (or forgets) the signed-in user.
pub async fn set_me(db: &Db, me: Option<&Me>) -> Result<()> {
    match me {
        Some(me) => db.put_json(META, ME, me).await,
        None => db.delete_key(META, ME).await,
    }
}

/// When the outbox last reached the server.
pub async fn last_sync(db: &Db) -> Result<Option<DateTime<Utc>>> {
    db.get_json(META, LAST_SYNC).await
}

/// Records a sync.
pub async fn set_last_sync(db: &Db, at: DateTime<Utc>) -> Result<()> {
    db.put_json(META, LAST_SYNC, &at).await
}
