//! Sign-in sessions, API tokens and failed sign-in attempts, all in the database so that
//! servers keep no state of their own.

use super::{id, now_ms, time};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::user::{ApiToken, Role};
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
struct PrincipalRow {
    id: String,
    org_id: String,
    role: String,
}

impl PrincipalRow {
    fn into_principal(self) -> Result<Option<Principal>> {
        let Some(role) = Role::parse(&self.role) else {
            return Ok(None);
        };
        Ok(Some(Principal {
            user_id: id(&self.id)?,
            org_id: id(&self.org_id)?,
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

/// The enabled user behind an API token.
pub async fn token_principal<'e>(
    ex: impl Executor<'e, Database = Any>,
    secret_hash: &str,
) -> Result<Option<Principal>> {
    let row: Option<PrincipalRow> = sqlx::query_as(
        "SELECT u.id, u.org_id, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.secret_hash = $1 AND u.disabled = 0",
    )
    .bind(secret_hash)
    .fetch_optional(ex)
    .await?;
    Ok(row.map(PrincipalRow::into_principal).transpose()?.flatten())
}

/// Stores a new API token under the hash of its secret.
pub async fn create_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_id: Uuid,
    user_id: Uuid,
    name: &str,
    secret_hash: &str,
) -> Result<i64> {
    let now = now_ms();
    sqlx::query("INSERT INTO api_tokens (id, user_id, name, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_id.to_string())
        .bind(user_id.to_string())
        .bind(name)
        .bind(secret_hash)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(now)
}

/// The caller's tokens (without secrets).
pub async fn list_tokens<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
) -> Result<Vec<ApiToken>> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT id, name, created_at FROM api_tokens WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|(token_id, name, created_at)| {
            Ok(ApiToken {
                id: id(&token_id)?,
                name,
                secret: None,
                created_at: time(created_at),
            })
        })
        .collect()
}

/// Revokes one of the caller's tokens; false when there was none.
pub async fn delete_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    token_id: Uuid,
) -> Result<bool> {
    let done = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2")
        .bind(user_id.to_string())
        .bind(token_id.to_string())
        .execute(ex)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Failed sign-ins for `subject` since `since_ms`.
pub async fn count_failures<'e>(
    ex: impl Executor<'e, Database = Any>,
    subject: &str,
    since_ms: i64,
) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at > $2")
            .bind(subject)
            .bind(since_ms)
            .fetch_one(ex)
            .await?,
    )
}

/// Records a failed sign-in.
pub async fn record_failure<'e>(
    ex: impl Executor<'e, Database = Any>,
    subject: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
        .bind(subject)
        .bind(now_ms())
        .execute(ex)
        .await?;
    Ok(())
}

/// Forgets failures of a subject after a successful sign-in, and expired ones of everybody.
pub async fn clear_failures<'e>(
    ex: impl Executor<'e, Database = Any>,
    subject: &str,
    before_ms: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE subject = $1 OR at < $2")
        .bind(subject)
        .bind(before_ms)
        .execute(ex)
        .await?;
    Ok(())
}
