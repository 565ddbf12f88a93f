//! Clients.

use super::{Visibility, from_ms, now_ms, parse_id};
use crate::error::{Error, Result};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::client::{Client, ClientInput};
use uuid::Uuid;

#[derive(FromRow)]
struct ClientRow {
    id: String,
    name: String,
    target_percent: f64,
    created_at: i64,
}

impl TryFrom<ClientRow> for Client {
    type Error = Error;

    fn try_from(row: ClientRow) -> Result<Self> {
        Ok(Client {
            id: parse_id(&row.id)?,
            name: row.name,
            target_percent: row.target_percent,
            created_at: from_ms(row.created_at),
        })
    }
}

/// Creates a client.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    input: &ClientInput,
) -> Result<Client> {
    let client = Client {
        id: Uuid::now_v7(),
        name: input.name.trim().to_owned(),
        target_percent: input.target_percent,
        created_at: from_ms(now_ms()),
    };
    sqlx::query("INSERT INTO clients (id, org_id, name, target_percent, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(client.id.to_string())
        .bind(org_id.to_string())
        .bind(&client.name)
        .bind(client.target_percent)
        .bind(super::to_ms(client.created_at))
        .execute(ex)
        .await?;
    Ok(client)
}

/// Changes a client.
pub async fn update<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
    input: &ClientInput,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE clients SET name = $3, target_percent = $4 WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id.to_string())
    .bind(client_id.to_string())
    .bind(input.name.trim())
    .bind(input.target_percent)
    .execute(ex)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("client"));
    }
    Ok(())
}

/// A client the caller may see.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    client_id: Uuid,
) -> Result<Client> {
    let query = sqlx::query_as::<_, ClientRow>(concat!(
        "SELECT id, name, target_percent, created_at FROM clients WHERE org_id = $1 AND ",
        "($2 = '' OR id IN (SELECT client_id FROM user_clients WHERE user_id = $2)) AND id = $3"
    ));
    let query = vis.bind_clients(query).bind(client_id.to_string());
    super::fetch_one_of(query, ex, "client").await
}

/// A page of the clients the caller may see, by id.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    cursor: Option<&str>,
    limit: i64,
) -> Result<(Vec<Client>, Option<String>)> {
    let q = sqlx::query_as::<_, ClientRow>(concat!(
        "SELECT id, name, target_percent, created_at FROM clients WHERE org_id = $1 AND ",
        "($2 = '' OR id IN (SELECT client_id FROM user_clients WHERE user_id = $2)) ",
        "AND id > $3 ORDER BY id LIMIT $4"
    ));
    let query = vis
        .bind_clients(q)
        .bind(cursor.unwrap_or("").to_owned())
        .bind(limit + 1);
    super::fetch_page(query, ex, limit, |t: &Client| t.id).await
}

/// Whether a client of the organisation exists (for inputs that refer to one).
pub async fn exists<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clients WHERE org_id = $1 AND id = $2")
        .bind(org_id.to_string())
        .bind(client_id.to_string())
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}
