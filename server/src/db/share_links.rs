//! Shareable links and their opens.

use super::{from_ms, parse_id};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::share_link::ShareLink;
use uuid::Uuid;

/// A link as stored.
#[derive(Debug, Clone)]
pub struct LinkRecord {
    /// The link as reviewers see it.
    pub link: ShareLink,
    /// Organisation.
    pub org_id: Uuid,
    /// Who made it.
    pub created_by: Uuid,
    /// Its password's hash.
    pub password_hash: Option<String>,
}

#[derive(FromRow)]
struct Row {
    id: String,
    org_id: String,
    created_by: String,
    client_id: Option<String>,
    period_from: Option<i64>,
    period_to: Option<i64>,
    audit_id: Option<String>,
    password_hash: Option<String>,
    expires_at: i64,
    revoked_at: Option<i64>,
    created_at: i64,
    opens: i64,
    last_opened_at: Option<i64>,
}

impl TryFrom<Row> for LinkRecord {
    type Error = crate::error::Error;

    fn try_from(r: Row) -> Result<Self> {
        Ok(LinkRecord {
            link: ShareLink {
                id: parse_id(&r.id)?,
                client_id: r.client_id.as_deref().map(parse_id).transpose()?,
                from: r.period_from.map(from_ms),
                to: r.period_to.map(from_ms),
                audit_id: r.audit_id.as_deref().map(parse_id).transpose()?,
                expires_at: from_ms(r.expires_at),
                has_password: r.password_hash.is_some(),
                revoked_at: r.revoked_at.map(from_ms),
                created_at: from_ms(r.created_at),
                opens: r.opens,
                last_opened_at: r.last_opened_at.map(from_ms),
            },
            org_id: parse_id(&r.org_id)?,
            created_by: parse_id(&r.created_by)?,
            password_hash: r.password_hash,
        })
    }
}

const SELECT: &str = "SELECT l.id, l.org_id, l.created_by, l.client_id, l.period_from, \
     l.period_to, l.audit_id, l.password_hash, l.expires_at, l.revoked_at, l.created_at, \
     (SELECT COUNT(*) FROM share_link_opens o WHERE o.link_id = l.id) AS opens, \
     (SELECT MAX(o.at) FROM share_link_opens o WHERE o.link_id = l.id) AS last_opened_at \
     FROM share_links l";

/// Stores a new link.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    record: &LinkRecord,
    token_hash: &str,
) -> Result<()> {
    let link = &record.link;
    sqlx::query(
        "INSERT INTO share_links (id, org_id, created_by, token_hash, client_id, period_from, \
         period_to, audit_id, password_hash, expires_at, revoked_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11)",
    )
    .bind(link.id.to_string())
    .bind(record.org_id.to_string())
    .bind(record.created_by.to_string())
    .bind(token_hash)
    .bind(link.client_id.map(|id| id.to_string()))
    .bind(link.from.map(super::to_ms))
    .bind(link.to.map(super::to_ms))
    .bind(link.audit_id.map(|id| id.to_string()))
    .bind(record.password_hash.clone())
    .bind(super::to_ms(link.expires_at))
    .bind(super::to_ms(link.created_at))
    .execute(ex)
    .await?;
    Ok(())
}

/// The organisation's links, newest first.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
) -> Result<Vec<ShareLink>> {
    let sql = format!("{SELECT} WHERE l.org_id = $1 ORDER BY l.created_at DESC, l.id");
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id.to_string())
        .fetch_all(ex)
        .await?;
    rows.into_iter()
        .map(|r| Ok(LinkRecord::try_from(r)?.link))
        .collect()
}

/// The link with this secret's hash, whatever its state.
pub async fn by_token<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_hash: &str,
) -> Result<Option<LinkRecord>> {
    let sql = format!("{SELECT} WHERE l.token_hash = $1");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .fetch_optional(ex)
        .await?;
    row.map(LinkRecord::try_from).transpose()
}

/// Revokes a link of the organisation (again: nothing changes); false when it has none with
/// the id.
pub async fn revoke<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
    at: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE share_links SET revoked_at = COALESCE(revoked_at, $3) WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id.to_string())
    .bind(id.to_string())
    .bind(at)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Logs an open of a link.
pub async fn log_open<'e>(
    ex: impl Executor<'e, Database = Any>,
    link_id: Uuid,
    at: i64,
    ip: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO share_link_opens (id, link_id, at, ip) VALUES ($1, $2, $3, $4)")
        .bind(Uuid::now_v7().to_string())
        .bind(link_id.to_string())
        .bind(at)
        .bind(ip)
        .execute(ex)
        .await?;
    Ok(())
}
