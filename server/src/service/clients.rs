//! Clients: creating and changing them (staff).

use crate::auth::Caller;
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::client::{Client, ClientInput};
use uuid::Uuid;

/// Creates a client (staff).
pub async fn create(state: &AppState, caller: &Caller, input: ClientInput) -> Result<Client> {
    caller.require_staff()?;
    input.validate()?;
    db::clients::insert(state.db.pool(), caller.org_id, &input).await
}

/// Changes a client (staff). A new pass mark recounts the client's scorecard rollups, in the
/// same transaction.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    input: ClientInput,
) -> Result<Client> {
    caller.require_staff()?;
    input.validate()?;
    let pool = state.db.pool();
    db::clients::get(pool, &caller.visibility(), id).await?;
    let mut tx = state.db.begin().await?;
    let target = db::rollups::lock_target(&mut tx, id).await?;
    db::clients::update(&mut *tx, caller.org_id, id, &input).await?;
    if target != input.target_percent {
        // Scorecard rollups count passes against the pass mark: recount this client's.
        db::rollups::rebuild(&mut tx, Some(id)).await?;
    }
    tx.commit().await?;
    db::clients::get(pool, &caller.visibility(), id).await
}

/// Refuses input that names a client the caller's organisation does not have.
pub async fn require_known(state: &AppState, caller: &Caller, client_id: Uuid) -> Result<()> {
    if db::clients::exists(state.db.pool(), caller.org_id, client_id).await? {
        Ok(())
    } else {
        Err(Error::invalid("client_id", "no such client"))
    }
}
