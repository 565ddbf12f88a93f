//! Checklists and their versions.

use super::page;
use crate::auth::Caller;
use crate::db::{self, ListQuery};
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service::checklists;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::checklist::{Checklist, ChecklistInput};
use touchstone_shared::error::ErrorBody;
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Checklists (current versions) the caller may see, optionally of one client.
#[utoipa::path(get, path = "/api/v1/checklists", tag = "checklists", params(ListQuery),
    responses((status = 200, body = Page<Checklist>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_checklists(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<Checklist>>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    let vis = caller.visibility();
    Ok(Json(page(
        db::checklists::list(state.db.pool(), &vis, &q).await?,
    )))
}

/// Creates a checklist (staff).
#[utoipa::path(post, path = "/api/v1/checklists", tag = "checklists", request_body = ChecklistInput,
    responses((status = 201, body = Checklist), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_checklist(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ChecklistInput>,
) -> Result<(StatusCode, Json<Checklist>)> {
    Ok((
        StatusCode::CREATED,
        Json(checklists::create(&state, &caller, input).await?),
    ))
}

/// A checklist with its current version.
#[utoipa::path(get, path = "/api/v1/checklists/{id}", tag = "checklists", params(("id" = Uuid, Path, description = "Checklist id")),
    responses((status = 200, body = Checklist), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_checklist(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Checklist>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    Ok(Json(
        db::checklists::get(state.db.pool(), &caller.visibility(), id).await?,
    ))
}

/// Edits a checklist (staff): a version in use stays as it is and the edit becomes a new
/// current version.
#[utoipa::path(put, path = "/api/v1/checklists/{id}", tag = "checklists", params(("id" = Uuid, Path, description = "Checklist id")),
    request_body = ChecklistInput,
    responses((status = 200, body = Checklist), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_checklist(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<ChecklistInput>,
) -> Result<Json<Checklist>> {
    Ok(Json(checklists::edit(&state, &caller, id, input).await?))
}

/// One version of a checklist, by the version's id.
#[utoipa::path(get, path = "/api/v1/checklist-versions/{id}", tag = "checklists",
    params(("id" = Uuid, Path, description = "Checklist version id")),
    responses((status = 200, body = Checklist), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_checklist_version(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Checklist>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    Ok(Json(
        db::checklists::get_version(state.db.pool(), &caller.visibility(), id).await?,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_checklists, post_checklist))
        .routes(routes!(get_checklist, put_checklist))
        .routes(routes!(get_checklist_version))
}
