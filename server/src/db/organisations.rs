//! Organisations: name and time zone.

use super::now_ms;
use crate::error::Result;
use sqlx::{Any, AnyConnection, Executor};
use touchstone_shared::organisation::Organisation;
use uuid::Uuid;

/// Creates an organisation.
pub async fn insert(
    conn: &mut AnyConnection,
    org_id: Uuid,
    name: &str,
    time_zone: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO organisations (id, name, created_at, time_zone) VALUES ($1, $2, $3, $4)",
    )
    .bind(org_id.to_string())
    .bind(name)
    .bind(now_ms())
    .bind(time_zone)
    .execute(conn)
    .await?;
    Ok(())
}

/// An organisation.
pub async fn get<'e>(ex: impl Executor<'e, Database = Any>, org_id: Uuid) -> Result<Organisation> {
    let (name, time_zone): (String, String) =
        sqlx::query_as("SELECT name, time_zone FROM organisations WHERE id = $1")
            .bind(org_id.to_string())
            .fetch_one(ex)
            .await?;
    Ok(Organisation {
        id: org_id,
        name,
        time_zone,
    })
}

/// Sets an organisation's time zone.
pub async fn set_time_zone<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    time_zone: &str,
) -> Result<()> {
    sqlx::query("UPDATE organisations SET time_zone = $1 WHERE id = $2")
        .bind(time_zone)
        .bind(org_id.to_string())
        .execute(ex)
        .await?;
    Ok(())
}

/// Whether any organisation exists (demo data is loaded only into an empty database).
pub async fn any<'e>(ex: impl Executor<'e, Database = Any>) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}
