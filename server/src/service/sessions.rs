//! Signing in and out.

use crate::auth::{Caller, new_secret, password, secret_hash};
use crate::db::{self, now_ms};
use crate::error::{Error, Result};
use crate::state::AppState;
use std::net::IpAddr;
use touchstone_shared::user::{LoginRequest, Me};

/// How long failed attempts count against an account or address.
const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// An address may fail this many times more than one account.
const IP_FACTOR: i64 = 5;

/// A successful sign-in: the new session's secret (for the cookie) and who signed in.
pub struct SignedIn {
    /// Session secret.
    pub secret: String,
    /// The user.
    pub me: Me,
}

/// Signs a user in with a fresh session, ending the one the request came with (if any), so a
/// session id planted before sign-in is worth nothing after it.
pub async fn login(
    state: &AppState,
    request: LoginRequest,
    ip: Option<IpAddr>,
    previous_session: Option<String>,
) -> Result<SignedIn> {
    let email = request.email.trim().to_lowercase();
    let pool = state.db.pool();
    let now = now_ms();
    let since = now - FAILURE_WINDOW_MS;
    let account_subject = format!("email:{email}");
    let ip_subject = ip.map(|ip| format!("ip:{ip}"));
    let limit = state.config.login_attempts;
    if db::sessions::count_failures(pool, &account_subject, since).await? >= limit {
        return Err(Error::RateLimited(FAILURE_WINDOW_MS as u64 / 1000));
    }
    if let Some(subject) = &ip_subject
        && db::sessions::count_failures(pool, subject, since).await? >= limit * IP_FACTOR
    {
        return Err(Error::RateLimited(FAILURE_WINDOW_MS as u64 / 1000));
    }

    let account = db::users::find_login(pool, &email).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let matches = password::verify(request.password, hash).await?;
    let account = match account {
        Some(a) if matches && !db::flag(a.disabled) => a,
        _ => {
            db::sessions::record_failure(pool, &account_subject).await?;
            if let Some(subject) = &ip_subject {
                db::sessions::record_failure(pool, subject).await?;
            }
            return Err(Error::BadCredentials);
        }
    };
    db::sessions::clear_failures(pool, &account_subject, since).await?;

    if let Some(old) = previous_session {
        db::sessions::delete_session(pool, &secret_hash(&old)).await?;
    }
    let secret = new_secret()?;
    let user_id = db::id(&account.id)?;
    let expires = now + state.config.session_hours * 3600 * 1000;
    db::sessions::create_session(pool, &secret_hash(&secret), user_id, expires).await?;
    let mut conn = pool.acquire().await?;
    let org_id = db::id(&account.org_id)?;
    let user = db::users::get_user(&mut conn, org_id, user_id).await?;
    let org = db::users::organisation(&mut *conn, org_id).await?;
    Ok(SignedIn {
        secret,
        me: Me {
            user,
            organisation_id: org_id,
            organisation_name: org.name,
            time_zone: org.time_zone,
        },
    })
}

/// The signed-in user.
pub async fn me(state: &AppState, caller: &Caller) -> Result<Me> {
    let mut conn = state.db.pool().acquire().await?;
    let user = db::users::get_user(&mut conn, caller.org_id, caller.user_id).await?;
    let org = db::users::organisation(&mut *conn, caller.org_id).await?;
    Ok(Me {
        user,
        organisation_id: caller.org_id,
        organisation_name: org.name,
        time_zone: org.time_zone,
    })
}

/// Ends the caller's session.
pub async fn logout(state: &AppState, caller: &Caller) -> Result<()> {
    if let Some(hash) = &caller.session_hash {
        db::sessions::delete_session(state.db.pool(), hash).await?;
    }
    Ok(())
}
