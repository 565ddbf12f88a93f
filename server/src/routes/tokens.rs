//! API tokens for integrations.

use crate::auth::{Caller, new_secret, secret_hash};
use crate::db::{self, time};
use crate::error::{Error, Result};
use crate::extract::{Json, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::user::{ApiToken, NewApiToken};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Creates a token acting as the caller; its secret is shown only in this response.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = NewApiToken,
    responses((status = 201, body = ApiToken), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_token(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<NewApiToken>,
) -> Result<(StatusCode, Json<ApiToken>)> {
    input.validate()?;
    let secret = new_secret()?;
    let id = Uuid::now_v7();
    let name = input.name.trim().to_owned();
    let created = db::sessions::create_token(
        state.db.pool(),
        id,
        caller.user_id,
        &name,
        &secret_hash(&secret),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(ApiToken {
            id,
            name,
            secret: Some(secret),
            created_at: time(created),
        }),
    ))
}

/// The caller's tokens.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, body = Vec<ApiToken>), (status = 401, body = ErrorBody)))]
async fn list_tokens(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<ApiToken>>> {
    Ok(Json(
        db::sessions::list_tokens(state.db.pool(), caller.user_id).await?,
    ))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = Uuid, Path, description = "Token id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    if db::sessions::delete_token(state.db.pool(), caller.user_id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound("token"))
    }
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_token, list_tokens))
        .routes(routes!(delete_token))
}
