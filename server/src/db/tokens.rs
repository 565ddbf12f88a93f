//! API tokens: stored under the sha256 of their secret, with an optional expiry and the time
//! they were last used.

use super::sessions::{Principal, PrincipalRow};
use super::{from_ms, now_ms, parse_id};
use crate::error::Result;
use sqlx::{Any, AnyPool, Executor, FromRow};
use touchstone_shared::user::ApiToken;
use uuid::Uuid;

#[derive(FromRow)]
struct TokenPrincipalRow {
    id: String,
    org_id: String,
    role: String,
    last_used_at: Option<i64>,
}

/// The enabled user behind a live (unexpired) API token, and when the token was last used
/// (as written).
pub async fn principal(
    pool: &AnyPool,
    secret_hash: &str,
    now: i64,
) -> Result<Option<(Principal, Option<i64>)>> {
    let row: Option<TokenPrincipalRow> = sqlx::query_as(
        "SELECT u.id, u.org_id, u.role, t.last_used_at FROM api_tokens t \
         JOIN users u ON u.id = t.user_id WHERE t.secret_hash = $1 AND u.disabled = 0 \
         AND (t.expires_at IS NULL OR t.expires_at > $2)",
    )
    .bind(secret_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let principal = PrincipalRow {
        id: row.id,
        org_id: row.org_id,
        role: row.role,
    }
    .into_principal()?;
    Ok(principal.map(|p| (p, row.last_used_at)))
}

/// Writes when a token was last used (never back in time).
pub async fn mark_used<'e>(
    ex: impl Executor<'e, Database = Any>,
    secret_hash: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1 WHERE secret_hash = $2 \
         AND (last_used_at IS NULL OR last_used_at < $1)",
    )
    .bind(at)
    .bind(secret_hash)
    .execute(ex)
    .await?;
    Ok(())
}

/// A token to store.
pub struct NewToken<'a> {
    /// Id.
    pub id: Uuid,
    /// Whose.
    pub user_id: Uuid,
    /// What it is for.
    pub name: &'a str,
    /// sha256 of the secret.
    pub secret_hash: &'a str,
    /// Expiry, Unix milliseconds.
    pub expires_at: Option<i64>,
}

/// Stores a new API token; returns its creation time.
pub async fn create<'e>(
    ex: impl Executor<'e, Database = Any>,
    token: &NewToken<'_>,
) -> Result<i64> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, secret_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token.id.to_string())
    .bind(token.user_id.to_string())
    .bind(token.name)
    .bind(token.secret_hash)
    .bind(now)
    .bind(token.expires_at)
    .execute(ex)
    .await?;
    Ok(now)
}

#[derive(FromRow)]
struct TokenRow {
    id: String,
    name: String,
    created_at: i64,
    expires_at: Option<i64>,
    last_used_at: Option<i64>,
}

impl TryFrom<TokenRow> for ApiToken {
    type Error = crate::error::Error;

    fn try_from(row: TokenRow) -> Result<ApiToken> {
        Ok(ApiToken {
            id: parse_id(&row.id)?,
            name: row.name,
            secret: None,
            created_at: from_ms(row.created_at),
            expires_at: row.expires_at.map(from_ms),
            last_used_at: row.last_used_at.map(from_ms),
        })
    }
}

/// A user's tokens (without secrets), expired ones included so their owner sees them.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
) -> Result<Vec<ApiToken>> {
    let rows: Vec<TokenRow> = sqlx::query_as(
        "SELECT id, name, created_at, expires_at, last_used_at FROM api_tokens \
         WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(ApiToken::try_from).collect()
}

/// Revokes one of a user's tokens; false when there was none.
pub async fn delete<'e>(
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

/// Revokes every token of a user (their password changed, or they were disabled).
pub async fn delete_all<'e>(ex: impl Executor<'e, Database = Any>, user_id: Uuid) -> Result<()> {
    sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(ex)
        .await?;
    Ok(())
}
