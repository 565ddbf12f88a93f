//! Sign-in sessions, in the database so that servers keep no state of their own.

use super::{now_ms, parse_id};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Who a session or token belongs to.
#[derive(Debug, Clone)]
pub struct Principal {
    /// User.
    pub user_id: Uuid,
    /// Organisation.
    pub org_id: Uuid,
    /// Role.
    pub role: Role,
}

#[derive(FromRow)]
pub(super) struct PrincipalRow {
    pub(super) id: String,
    pub(super) org_id: String,
    pub(super) role: String,
}

impl PrincipalRow {
    pub(super) fn into_principal(self) -> Result<Option<Principal>> {
        let Some(role) = Role::parse(&self.role) else {
            return Ok(None);
        };
        Ok(Some(Principal {
            user_id: parse_id(&self.id)?,
            org_id: parse_id(&self.org_id)?,
            role,
        }))
    }
}

/// Stores a new session under the hash of its secret.
pub async fn create_session<'e>(
    ex: impl Executor<'e, Database = Any>,
    id_hash: &str,
    user_id: Uuid,
    expires_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id_hash)
    .bind(user_id.to_string())
    .bind(now_ms())
    .bind(expires_at)
    .execute(ex)
    .await?;
    Ok(())
}

/// Ends one session.
pub async fn delete_session<'e>(
    ex: impl Executor<'e, Database = Any>,
    id_hash: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(ex)
        .await?;
    Ok(())
}

/// Ends every session of a user (when disabled or their password changes).
pub async fn delete_user_sessions<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(ex)
        .await?;
    Ok(())
}

/// The enabled user behind a live session.
pub async fn session_principal<'e>(
    ex: impl Executor<'e, Database = Any>,
    id_hash: &str,
) -> Result<Option<Principal>> {
    let row: Option<PrincipalRow> = sqlx::query_as(
        "SELECT u.id, u.org_id, u.role FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
    )
    .bind(id_hash)
    .bind(now_ms())
    .fetch_optional(ex)
    .await?;
    Ok(row.map(PrincipalRow::into_principal).transpose()?.flatten())
}
