//! Corrective actions.

use super::page;
use crate::auth::Caller;
use crate::db::{self, actions::ActionFilter};
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service::actions;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::action::{ActionInput, ActionUpdate, CorrectiveAction};
use touchstone_shared::error::ErrorBody;
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Corrective actions the caller may see, filterable by client, location and status.
#[utoipa::path(get, path = "/api/v1/actions", tag = "actions", params(ActionFilter),
    responses((status = 200, body = Page<CorrectiveAction>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_actions(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<ActionFilter>,
) -> Result<Json<Page<CorrectiveAction>>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    Ok(Json(page(
        db::actions::list(state.db.pool(), &caller.visibility(), &filter).await?,
    )))
}

/// Opens a corrective action on a failed item of an approved audit.
#[utoipa::path(post, path = "/api/v1/actions", tag = "actions", request_body = ActionInput,
    responses((status = 201, body = CorrectiveAction), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_action(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ActionInput>,
) -> Result<(StatusCode, Json<CorrectiveAction>)> {
    Ok((
        StatusCode::CREATED,
        Json(actions::create(&state, &caller, input).await?),
    ))
}

/// One corrective action.
#[utoipa::path(get, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = Uuid, Path, description = "Action id")),
    responses((status = 200, body = CorrectiveAction), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<CorrectiveAction>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    Ok(Json(
        db::actions::get(state.db.pool(), &caller.visibility(), id).await?,
    ))
}

/// Marks an action done (the assignee), verified or reopened (somebody else).
#[utoipa::path(patch, path = "/api/v1/actions/{id}", tag = "actions", params(("id" = Uuid, Path, description = "Action id")),
    request_body = ActionUpdate,
    responses((status = 200, body = CorrectiveAction), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn patch_action(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<ActionUpdate>,
) -> Result<Json<CorrectiveAction>> {
    Ok(Json(actions::update(&state, &caller, id, input).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_actions, post_action))
        .routes(routes!(get_action, patch_action))
}
