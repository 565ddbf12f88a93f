//! Clients.

use super::page;
use crate::auth::Caller;
use crate::db::{self, ListQuery};
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::client::{Client, ClientInput};
use touchstone_shared::error::ErrorBody;
use touchstone_shared::page::Page;
use touchstone_shared::user::{Role, User};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Clients the caller may see (managers: their own).
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", params(ListQuery),
    responses((status = 200, body = Page<Client>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_clients(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<Client>>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    let limit = db::page_limit(q.limit);
    Ok(Json(page(
        db::clients::list(
            state.db.pool(),
            &caller.visibility(),
            q.cursor.as_deref(),
            limit,
        )
        .await?,
    )))
}

/// Creates a client (staff).
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", request_body = ClientInput,
    responses((status = 201, body = Client), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_client(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ClientInput>,
) -> Result<(StatusCode, Json<Client>)> {
    let client = service::clients::create(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(client)))
}

/// One client.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients", params(("id" = Uuid, Path, description = "Client id")),
    responses((status = 200, body = Client), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_client(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Client>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    Ok(Json(
        db::clients::get(state.db.pool(), &caller.visibility(), id).await?,
    ))
}

/// Changes a client (staff).
#[utoipa::path(put, path = "/api/v1/clients/{id}", tag = "clients", params(("id" = Uuid, Path, description = "Client id")),
    request_body = ClientInput,
    responses((status = 200, body = Client), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_client(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<ClientInput>,
) -> Result<Json<Client>> {
    Ok(Json(
        service::clients::update(&state, &caller, id, input).await?,
    ))
}

/// The client's active managers: whom a corrective action on its audits may be assigned to.
#[utoipa::path(get, path = "/api/v1/clients/{id}/managers", tag = "clients", params(("id" = Uuid, Path, description = "Client id")),
    responses((status = 200, body = Vec<User>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_client_managers(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<User>>> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    let pool = state.db.pool();
    db::clients::get(pool, &caller.visibility(), id).await?;
    let mut conn = pool.acquire().await?;
    Ok(Json(
        db::users::managers_of(&mut conn, caller.org_id, id).await?,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_clients, post_client))
        .routes(routes!(get_client, put_client))
        .routes(routes!(list_client_managers))
}
