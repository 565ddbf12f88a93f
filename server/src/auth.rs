//! Who is calling: session cookies for the web client, bearer tokens for integrations.

pub mod password;
pub mod token_use;

use crate::db::{self, Visibility};
use crate::error::{Error, Result};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use base64::Engine;
use sha2::{Digest, Sha256};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// How stale a token's last use may get before a use notes it again (once a minute).
const LAST_USED_RESOLUTION_MS: i64 = 60_000;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "ts_session";

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// User.
    pub user_id: Uuid,
    /// Organisation: no query reaches beyond it.
    pub org_id: Uuid,
    /// Role.
    pub role: Role,
    /// Hash of the session secret, when signed in by cookie.
    pub session_hash: Option<String>,
}

impl Caller {
    /// What the caller may see: managers their clients, auditors their own work.
    pub fn visibility(&self) -> Visibility {
        Visibility {
            org_id: self.org_id,
            manager: (self.role == Role::Manager).then_some(self.user_id),
            auditor: (self.role == Role::Auditor).then_some(self.user_id),
        }
    }

    /// Refuses callers whose role is not listed.
    pub fn require(&self, allowed: &[Role]) -> Result<()> {
        if allowed.contains(&self.role) {
            Ok(())
        } else {
            Err(Error::Forbidden("your role does not allow this"))
        }
    }

    /// Admins and consultants only.
    pub fn require_staff(&self) -> Result<()> {
        self.require(Role::STAFF)
    }
}

/// A new random secret (256 bits, URL-safe base64).
pub fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal(e.to_string()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// What the database stores of a secret: its sha256, so a leaked table signs nobody in.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Name of the device cookie: a device that signed in to an account before (see
/// [`crate::service::throttle`]).
pub const DEVICE_COOKIE: &str = "ts_device";

/// Where the device cookie is sent: the sign-in routes only.
pub const DEVICE_PATH: &str = "/api/v1/auth";

/// A cookie of the request by name.
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

/// The session secret from the request's cookies.
pub fn session_secret(parts: &Parts) -> Option<String> {
    cookie(parts, SESSION_COOKIE)
}

fn bearer(parts: &Parts) -> Option<Result<String>> {
    let value = parts.headers.get(header::AUTHORIZATION)?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty());
    Some(token.map(str::to_owned).ok_or(Error::Unauthenticated))
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let (principal, session_hash) = match bearer(parts) {
            Some(token) => {
                let hash = secret_hash(&token?);
                let now = db::now_ms();
                let found = db::tokens::principal(state.db.pool(), &hash, now).await?;
                let principal = found.map(|(principal, last_used)| {
                    if last_used.is_none_or(|at| at < now - LAST_USED_RESOLUTION_MS) {
                        state.token_uses.note(&hash, now);
                    }
                    principal
                });
                (principal, None)
            }
            None => {
                let secret = session_secret(parts).ok_or(Error::Unauthenticated)?;
                let hash = secret_hash(&secret);
                let principal = db::sessions::session_principal(state.db.pool(), &hash).await?;
                (principal, Some(hash))
            }
        };
        let principal = principal.ok_or(Error::Unauthenticated)?;
        Ok(Caller {
            user_id: principal.user_id,
            org_id: principal.org_id,
            role: principal.role,
            session_hash,
        })
    }
}
