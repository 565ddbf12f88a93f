//! Locations of clients.

use super::page;
use crate::auth::Caller;
use crate::db::{self, ListQuery};
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::location::{Location, LocationInput};
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Locations the caller may see, optionally of one client.
#[utoipa::path(get, path = "/api/v1/locations", tag = "locations", params(ListQuery),
    responses((status = 200, body = Page<Location>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_locations(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<Location>>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    let vis = caller.visibility();
    Ok(Json(page(
        db::locations::list(state.db.pool(), &vis, &q).await?,
    )))
}

/// Creates a location (staff).
#[utoipa::path(post, path = "/api/v1/locations", tag = "locations", request_body = LocationInput,
    responses((status = 201, body = Location), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_location(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<LocationInput>,
) -> Result<(StatusCode, Json<Location>)> {
    let location = service::locations::create(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(location)))
}

/// One location.
#[utoipa::path(get, path = "/api/v1/locations/{id}", tag = "locations", params(("id" = Uuid, Path, description = "Location id")),
    responses((status = 200, body = Location), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_location(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Location>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    Ok(Json(
        db::locations::get(state.db.pool(), &caller.visibility(), id).await?,
    ))
}

/// Changes a location (staff); its client stays.
#[utoipa::path(put, path = "/api/v1/locations/{id}", tag = "locations", params(("id" = Uuid, Path, description = "Location id")),
    request_body = LocationInput,
    responses((status = 200, body = Location), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_location(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<LocationInput>,
) -> Result<Json<Location>> {
    Ok(Json(
        service::locations::update(&state, &caller, id, input).await?,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_locations, post_location))
        .routes(routes!(get_location, put_location))
}
