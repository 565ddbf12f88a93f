//! Locations.

use super::{
    ListQuery, Visibility, client_filter, from_json, from_ms, now_ms, parse_id, to_json, to_ms,
};
use crate::error::{Error, Result, ResultExt};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::location::{LatLon, Location, LocationInput};
use uuid::Uuid;

#[derive(FromRow)]
pub(super) struct LocationRow {
    pub(super) id: String,
    pub(super) client_id: String,
    pub(super) code: String,
    pub(super) name: String,
    pub(super) address: String,
    pub(super) region: String,
    pub(super) lat: f64,
    pub(super) lon: f64,
    pub(super) radius_m: f64,
    pub(super) polygon: Option<String>,
    pub(super) time_zone: String,
    pub(super) created_at: i64,
}

impl TryFrom<LocationRow> for Location {
    type Error = Error;

    fn try_from(row: LocationRow) -> Result<Self> {
        Ok(Location {
            id: parse_id(&row.id)?,
            client_id: parse_id(&row.client_id)?,
            code: row.code,
            name: row.name,
            address: row.address,
            region: row.region,
            position: LatLon {
                lat: row.lat,
                lon: row.lon,
            },
            radius_m: row.radius_m,
            polygon: row.polygon.as_deref().map(from_json).transpose()?,
            time_zone: row.time_zone,
            created_at: from_ms(row.created_at),
        })
    }
}

macro_rules! columns {
    () => {
        "SELECT id, client_id, code, name, address, region, lat, lon, radius_m, polygon, \
         time_zone, created_at FROM locations "
    };
}

/// Creates a location; a code already used by the client is a conflict.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    input: &LocationInput,
) -> Result<Location> {
    let location = Location {
        id: Uuid::now_v7(),
        client_id: input.client_id,
        code: input.code.trim().to_owned(),
        name: input.name.trim().to_owned(),
        address: input.address.trim().to_owned(),
        region: input.region.trim().to_owned(),
        position: input.position,
        radius_m: input.radius_m,
        polygon: input.polygon.clone(),
        time_zone: input.time_zone.trim().to_owned(),
        created_at: from_ms(now_ms()),
    };
    sqlx::query(
        "INSERT INTO locations (id, org_id, client_id, code, name, address, region, lat, lon, \
         radius_m, polygon, time_zone, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(location.id.to_string())
    .bind(org_id.to_string())
    .bind(location.client_id.to_string())
    .bind(&location.code)
    .bind(&location.name)
    .bind(&location.address)
    .bind(&location.region)
    .bind(location.position.lat)
    .bind(location.position.lon)
    .bind(location.radius_m)
    .bind(location.polygon.as_ref().map(to_json).transpose()?)
    .bind(&location.time_zone)
    .bind(to_ms(location.created_at))
    .execute(ex)
    .await
    .on_constraint(DUPLICATE_CODE)?;
    Ok(location)
}

const DUPLICATE_CODE: &str = "the client already has a location with this code";

/// Changes a location (its client stays).
pub async fn update<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    location_id: Uuid,
    input: &LocationInput,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE locations SET code = $4, name = $5, address = $6, region = $7, lat = $8, lon = $9, \
         radius_m = $10, polygon = $11, time_zone = $12 \
         WHERE org_id = $1 AND id = $2 AND client_id = $3",
    )
    .bind(org_id.to_string())
    .bind(location_id.to_string())
    .bind(input.client_id.to_string())
    .bind(input.code.trim())
    .bind(input.name.trim())
    .bind(input.address.trim())
    .bind(input.region.trim())
    .bind(input.position.lat)
    .bind(input.position.lon)
    .bind(input.radius_m)
    .bind(input.polygon.as_ref().map(to_json).transpose()?)
    .bind(input.time_zone.trim())
    .execute(ex)
    .await
    .on_constraint(DUPLICATE_CODE)?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("location"));
    }
    Ok(())
}

/// A location the caller may see.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    location_id: Uuid,
) -> Result<Location> {
    let query = sqlx::query_as::<_, LocationRow>(concat!(
        columns!(),
        "WHERE org_id = $1 AND ",
        client_filter!(),
        " AND id = $3"
    ));
    let query = vis.bind_clients(query).bind(location_id.to_string());
    super::fetch_one_of(query, ex, "location").await
}

/// A page of the locations the caller may see, optionally of one client, by id.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    q: &ListQuery,
) -> Result<(Vec<Location>, Option<String>)> {
    let sql = concat!(
        columns!(),
        "WHERE org_id = $1 AND ",
        client_filter!(),
        " AND ($3 = '' OR client_id = $3) AND id > $4 ORDER BY id LIMIT $5"
    );
    super::page_by_client::<LocationRow, _>(ex, sql, vis, q, |t: &Location| t.id).await
}

/// The codes of a client's locations, for imports to refuse duplicates with.
pub async fn codes<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
) -> Result<std::collections::HashSet<String>> {
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT code FROM locations WHERE org_id = $1 AND client_id = $2")
            .bind(org_id.to_string())
            .bind(client_id.to_string())
            .fetch_all(ex)
            .await?;
    Ok(codes.into_iter().collect())
}

/// Code, name and region of every location of a client, for labelling aggregates.
pub async fn names<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
) -> Result<std::collections::HashMap<Uuid, (String, String, String)>> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, code, name, region FROM locations WHERE org_id = $1 AND client_id = $2",
    )
    .bind(org_id.to_string())
    .bind(client_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|(location, code, name, region)| Ok((parse_id(&location)?, (code, name, region))))
        .collect()
}
