//! The organisation's users.

use super::page;
use crate::auth::Caller;
use crate::db;
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service::users;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::page::Page;
use touchstone_shared::user::{NewUser, Role, User, UserPatch};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Query of the user listing.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Only users with this role.
    pub role: Option<Role>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
}

/// Users of the organisation (admins and consultants).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserQuery),
    responses((status = 200, body = Page<User>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<UserQuery>,
) -> Result<Json<Page<User>>> {
    caller.require_staff()?;
    let mut conn = state.db.pool().acquire().await?;
    let limit = db::page_limit(q.limit);
    Ok(Json(page(
        db::users::list(&mut conn, caller.org_id, q.role, q.cursor.as_deref(), limit).await?,
    )))
}

/// Creates a user (admins).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUser,
    responses((status = 201, body = User), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_user(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<NewUser>,
) -> Result<(StatusCode, Json<User>)> {
    Ok((
        StatusCode::CREATED,
        Json(users::create(&state, &caller, input).await?),
    ))
}

/// One user (admins and consultants).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<User>> {
    caller.require_staff()?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(db::users::get(&mut conn, caller.org_id, id).await?))
}

/// Changes a user's name, role, clients, password or disables them (admins).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = Uuid, Path, description = "User id")),
    request_body = UserPatch,
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn patch_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(patch): Json<UserPatch>,
) -> Result<Json<User>> {
    Ok(Json(users::update(&state, &caller, id, patch).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, post_user))
        .routes(routes!(get_user, patch_user))
}
