//! Journeys: stages and touchpoints, stored as one JSON document per journey.

use super::{
    ListQuery, Visibility, client_filter, from_json, from_ms, now_ms, parse_id, to_json, to_ms,
};
use crate::error::{Error, Result};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::journey::{Journey, Stage};
use uuid::Uuid;

#[derive(FromRow)]
pub(super) struct JourneyRow {
    pub(super) id: String,
    pub(super) client_id: String,
    pub(super) name: String,
    pub(super) stages: String,
    pub(super) updated_at: i64,
}

impl TryFrom<JourneyRow> for Journey {
    type Error = Error;

    fn try_from(row: JourneyRow) -> Result<Self> {
        Ok(Journey {
            id: parse_id(&row.id)?,
            client_id: parse_id(&row.client_id)?,
            name: row.name,
            stages: from_json(&row.stages)?,
            updated_at: from_ms(row.updated_at),
        })
    }
}

macro_rules! columns {
    () => {
        "SELECT id, client_id, name, stages, updated_at FROM journeys "
    };
}

/// Creates a journey.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
    name: &str,
    stages: Vec<Stage>,
) -> Result<Journey> {
    let journey = Journey {
        id: Uuid::now_v7(),
        client_id,
        name: name.trim().to_owned(),
        stages,
        updated_at: from_ms(now_ms()),
    };
    sqlx::query("INSERT INTO journeys (id, org_id, client_id, name, stages, updated_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(journey.id.to_string())
        .bind(org_id.to_string())
        .bind(client_id.to_string())
        .bind(&journey.name)
        .bind(to_json(&journey.stages)?)
        .bind(to_ms(journey.updated_at))
        .execute(ex)
        .await?;
    Ok(journey)
}

/// Replaces a journey's name and stages.
pub async fn update<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    journey_id: Uuid,
    client_id: Uuid,
    name: &str,
    stages: &[Stage],
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE journeys SET name = $4, stages = $5, updated_at = $6 \
         WHERE org_id = $1 AND id = $2 AND client_id = $3",
    )
    .bind(org_id.to_string())
    .bind(journey_id.to_string())
    .bind(client_id.to_string())
    .bind(name.trim())
    .bind(to_json(&stages)?)
    .bind(now_ms())
    .execute(ex)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("journey"));
    }
    Ok(())
}

/// A journey the caller may see.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    journey_id: Uuid,
) -> Result<Journey> {
    let query = sqlx::query_as::<_, JourneyRow>(concat!(
        columns!(),
        "WHERE org_id = $1 AND ",
        client_filter!(),
        " AND id = $3"
    ));
    let query = vis.bind_clients(query).bind(journey_id.to_string());
    super::fetch_one_of(query, ex, "journey").await
}

/// A page of the journeys the caller may see, optionally of one client.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    q: &ListQuery,
) -> Result<(Vec<Journey>, Option<String>)> {
    let sql = concat!(
        columns!(),
        "WHERE org_id = $1 AND ",
        client_filter!(),
        " AND ($3 = '' OR client_id = $3) AND id > $4 ORDER BY id LIMIT $5"
    );
    super::page_by_client::<JourneyRow, _>(ex, sql, vis, q, |t: &Journey| t.id).await
}
