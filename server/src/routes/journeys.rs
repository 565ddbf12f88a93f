//! Customer journeys.

use super::page;
use crate::auth::Caller;
use crate::db::{self, ListQuery};
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service::journeys;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::journey::{Journey, JourneyInput};
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Journeys the caller may see, optionally of one client.
#[utoipa::path(get, path = "/api/v1/journeys", tag = "journeys", params(ListQuery),
    responses((status = 200, body = Page<Journey>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_journeys(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<Journey>>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    let vis = caller.visibility();
    Ok(Json(page(
        db::journeys::list(state.db.pool(), &vis, &q).await?,
    )))
}

/// Creates a journey (staff); without stages it gets the five default ones.
#[utoipa::path(post, path = "/api/v1/journeys", tag = "journeys", request_body = JourneyInput,
    responses((status = 201, body = Journey), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_journey(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<JourneyInput>,
) -> Result<(StatusCode, Json<Journey>)> {
    caller.require_staff()?;
    input.validate()?;
    crate::service::clients::require_known(&state, &caller, input.client_id).await?;
    let journey = db::journeys::insert(
        state.db.pool(),
        caller.org_id,
        input.client_id,
        &input.name,
        input.stages_or_default(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(journey)))
}

/// One journey.
#[utoipa::path(get, path = "/api/v1/journeys/{id}", tag = "journeys", params(("id" = Uuid, Path, description = "Journey id")),
    responses((status = 200, body = Journey), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_journey(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Journey>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    Ok(Json(
        db::journeys::get(state.db.pool(), &caller.visibility(), id).await?,
    ))
}

/// Replaces a journey's name and stages (staff). Keep ids of stages and touchpoints that stay;
/// a touchpoint scored by the current version of a checklist cannot be removed (422).
#[utoipa::path(put, path = "/api/v1/journeys/{id}", tag = "journeys", params(("id" = Uuid, Path, description = "Journey id")),
    request_body = JourneyInput,
    responses((status = 200, body = Journey), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_journey(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<JourneyInput>,
) -> Result<Json<Journey>> {
    Ok(Json(journeys::update(&state, &caller, id, input).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_journeys, post_journey))
        .routes(routes!(get_journey, put_journey))
}
