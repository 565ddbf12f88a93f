//! API tokens: creating, listing and revoking them, for oneself and (admins) for any user of
//! the organisation. Tokens end with their user's password and with a disable
//! ([`crate::service::users::update`]), and may carry an expiry.

use crate::auth::{Caller, new_secret, secret_hash};
use crate::db::{self, from_ms, to_ms};
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::user::{ApiToken, NewApiToken, USER_ADMINS};
use uuid::Uuid;

/// Creates a token acting as the caller; its secret is in the answer only. Only a signed-in
/// session may make tokens: a token minting tokens would outlive its own revocation.
pub async fn create(state: &AppState, caller: &Caller, input: NewApiToken) -> Result<ApiToken> {
    if caller.session_hash.is_none() {
        return Err(Error::Forbidden(
            "sign in with a password to create tokens; a token cannot make tokens",
        ));
    }
    let now = chrono::Utc::now();
    input.validate(now)?;
    let secret = new_secret()?;
    let id = Uuid::now_v7();
    let name = input.name.trim().to_owned();
    let expires_at = input.expires_at.map(to_ms);
    let created = db::tokens::create(
        state.db.pool(),
        &db::tokens::NewToken {
            id,
            user_id: caller.user_id,
            name: &name,
            secret_hash: &secret_hash(&secret),
            expires_at,
        },
    )
    .await?;
    Ok(ApiToken {
        id,
        name,
        secret: Some(secret),
        created_at: from_ms(created),
        expires_at: expires_at.map(from_ms),
        last_used_at: None,
    })
}

/// The caller's own tokens.
pub async fn list_own(state: &AppState, caller: &Caller) -> Result<Vec<ApiToken>> {
    state.token_uses.flush(&state.db).await?;
    db::tokens::list(state.db.pool(), caller.user_id).await
}

/// Revokes one of the caller's own tokens.
pub async fn revoke_own(state: &AppState, caller: &Caller, token_id: Uuid) -> Result<()> {
    revoke(state, caller.user_id, token_id).await
}

/// A user's tokens, for an admin of their organisation.
pub async fn list_of_user(
    state: &AppState,
    caller: &Caller,
    user_id: Uuid,
) -> Result<Vec<ApiToken>> {
    require_user_of_org(state, caller, user_id).await?;
    state.token_uses.flush(&state.db).await?;
    db::tokens::list(state.db.pool(), user_id).await
}

/// Revokes a user's token, for an admin of their organisation.
pub async fn revoke_of_user(
    state: &AppState,
    caller: &Caller,
    user_id: Uuid,
    token_id: Uuid,
) -> Result<()> {
    require_user_of_org(state, caller, user_id).await?;
    revoke(state, user_id, token_id).await
}

async fn revoke(state: &AppState, user_id: Uuid, token_id: Uuid) -> Result<()> {
    if db::tokens::delete(state.db.pool(), user_id, token_id).await? {
        Ok(())
    } else {
        Err(Error::NotFound("token"))
    }
}

/// Admins only, and only for users of their own organisation (404 for anybody else's).
async fn require_user_of_org(state: &AppState, caller: &Caller, user_id: Uuid) -> Result<()> {
    caller.require(USER_ADMINS)?;
    let mut conn = state.db.pool().acquire().await?;
    db::users::get(&mut conn, caller.org_id, user_id).await?;
    Ok(())
}
