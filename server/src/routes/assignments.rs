//! Assignments.

use super::page;
use crate::auth::Caller;
use crate::db::{self, assignments::AssignmentFilter};
use crate::error::{Error, Result};
use crate::extract::{Json, Path, Query};
use crate::service::assignments;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::assignment::{
    Assignment, AssignmentBatch, AssignmentDetail, AssignmentInput, AssignmentWindow,
};
use touchstone_shared::error::ErrorBody;
use touchstone_shared::import::ImportErrorBody;
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Assignments: staff see all, auditors their own.
#[utoipa::path(get, path = "/api/v1/assignments", tag = "assignments", params(AssignmentFilter),
    responses((status = 200, body = Page<Assignment>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn list_assignments(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<AssignmentFilter>,
) -> Result<Json<Page<Assignment>>> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from >= to
    {
        return Err(Error::invalid("to", "must be after from"));
    }
    Ok(Json(page(
        db::assignments::list(state.db.pool(), &caller.visibility(), &filter).await?,
    )))
}

/// Assigns a visit (staff).
#[utoipa::path(post, path = "/api/v1/assignments", tag = "assignments", request_body = AssignmentInput,
    responses((status = 201, body = Assignment), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_assignment(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<AssignmentInput>,
) -> Result<(StatusCode, Json<Assignment>)> {
    Ok((
        StatusCode::CREATED,
        Json(assignments::create(&state, &caller, input).await?),
    ))
}

/// Assigns many visits at once (staff), all or none: a batch with any problem creates
/// nothing and the 422 lists every problem by position (`row`, 1-based) and field (`column`).
#[utoipa::path(post, path = "/api/v1/assignments/batch", tag = "assignments", request_body = AssignmentBatch,
    responses((status = 201, body = Vec<Assignment>), (status = 403, body = ErrorBody), (status = 422, body = ImportErrorBody)))]
async fn post_assignment_batch(
    State(state): State<AppState>,
    caller: Caller,
    Json(batch): Json<AssignmentBatch>,
) -> Result<(StatusCode, Json<Vec<Assignment>>)> {
    Ok((
        StatusCode::CREATED,
        Json(assignments::create_batch(&state, &caller, batch).await?),
    ))
}

/// One assignment.
#[utoipa::path(get, path = "/api/v1/assignments/{id}", tag = "assignments", params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 200, body = Assignment), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_assignment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Assignment>> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    Ok(Json(
        db::assignments::get(state.db.pool(), &caller.visibility(), id).await?,
    ))
}

/// An assignment with its location, checklist version, journey and audit: what the field
/// client stores for offline work.
#[utoipa::path(get, path = "/api/v1/assignments/{id}/detail", tag = "assignments",
    params(("id" = Uuid, Path, description = "Assignment id")),
    responses((status = 200, body = AssignmentDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_assignment_detail(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<AssignmentDetail>> {
    Ok(Json(assignments::detail(&state, &caller, id).await?))
}

/// Moves an assignment's visit window (staff); its auditor is told. Refused (409) once an
/// audit has been started for it.
#[utoipa::path(put, path = "/api/v1/assignments/{id}/window", tag = "assignments",
    params(("id" = Uuid, Path, description = "Assignment id")), request_body = AssignmentWindow,
    responses((status = 200, body = Assignment), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_assignment_window(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(window): Json<AssignmentWindow>,
) -> Result<Json<Assignment>> {
    Ok(Json(
        assignments::set_window(&state, &caller, id, window).await?,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_assignments, post_assignment))
        .routes(routes!(post_assignment_batch))
        .routes(routes!(get_assignment))
        .routes(routes!(get_assignment_detail))
        .routes(routes!(put_assignment_window))
}
