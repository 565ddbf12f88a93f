//! Signing in and out.

use crate::auth::{Caller, new_secret, secret_hash};
use crate::db::{self, now_ms};
use crate::error::{Error, Result};
use crate::service::throttle;
use crate::state::AppState;
use std::net::IpAddr;
use touchstone_shared::user::{LoginRequest, Me};
use uuid::Uuid;

/// A successful sign-in: the new session's secret (for the cookie), who signed in, and a
/// device cookie to set when the device had none for this account.
pub struct SignedIn {
    /// Session secret.
    pub secret: String,
    /// The user.
    pub me: Me,
    /// A new device secret, for the device cookie.
    pub new_device: Option<String>,
}

/// What a sign-in request brings besides the credentials.
pub struct Context {
    /// The client's address.
    pub ip: Option<IpAddr>,
    /// The session cookie it came with.
    pub previous_session: Option<String>,
    /// The device cookie it came with.
    pub device: Option<String>,
}

/// Signs a user in with a fresh session, ending the one the request came with (if any), so a
/// session id planted before sign-in is worth nothing after it. The attempt is throttled
/// ([`throttle`]) and counted before the password is verified.
pub async fn login(state: &AppState, request: LoginRequest, context: Context) -> Result<SignedIn> {
    let email = request.email.trim().to_lowercase();
    let pool = state.db.pool();
    let hashing = state.passwords.admit()?;
    let account = db::users::find_login(pool, &email).await?;
    let account_id = account.as_ref().map(|a| db::parse_id(&a.id)).transpose()?;
    let now = now_ms();
    let subject =
        throttle::subject(state, account_id, context.ip, context.device.as_deref()).await?;
    if let Some(subject) = &subject {
        throttle::reserve(state, subject, now).await?;
    }
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let matches = hashing.verify(request.password, hash).await?;
    let account = match account {
        Some(a) if matches && !db::from_flag(a.disabled) => a,
        _ => return Err(Error::BadCredentials),
    };
    if let Some(subject) = &subject {
        throttle::forget(state, subject, now).await?;
    }
    if let Some(old) = context.previous_session {
        db::sessions::delete_session(pool, &secret_hash(&old)).await?;
    }
    let user_id = db::parse_id(&account.id)?;
    let new_device = remember_device(state, user_id, context.device, now).await?;
    let secret = new_secret()?;
    let expires = now + state.config.session_hours * 3600 * 1000;
    db::sessions::create_session(pool, &secret_hash(&secret), user_id, expires).await?;
    let me = me_of(state, db::parse_id(&account.org_id)?, user_id).await?;
    Ok(SignedIn {
        secret,
        me,
        new_device,
    })
}

/// Records the device a user signed in from; a new device secret when the device had none
/// for this user.
async fn remember_device(
    state: &AppState,
    user_id: Uuid,
    device: Option<String>,
    now: i64,
) -> Result<Option<String>> {
    let pool = state.db.pool();
    if let Some(device) = device
        && db::throttle::is_known_device(pool, &secret_hash(&device), user_id).await?
    {
        db::throttle::remember_device(pool, &secret_hash(&device), user_id, now).await?;
        return Ok(None);
    }
    let secret = new_secret()?;
    db::throttle::remember_device(pool, &secret_hash(&secret), user_id, now).await?;
    Ok(Some(secret))
}

async fn me_of(state: &AppState, org_id: Uuid, user_id: Uuid) -> Result<Me> {
    let mut conn = state.db.pool().acquire().await?;
    let user = db::users::get(&mut conn, org_id, user_id).await?;
    let org = db::organisations::get(&mut *conn, org_id).await?;
    Ok(Me {
        user,
        organisation_id: org_id,
        organisation_name: org.name,
        time_zone: org.time_zone,
    })
}

/// The signed-in user.
pub async fn me(state: &AppState, caller: &Caller) -> Result<Me> {
    me_of(state, caller.org_id, caller.user_id).await
}

/// Ends the caller's session.
pub async fn logout(state: &AppState, caller: &Caller) -> Result<()> {
    if let Some(hash) = &caller.session_hash {
        db::sessions::delete_session(state.db.pool(), hash).await?;
    }
    Ok(())
}
