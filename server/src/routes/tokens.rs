//! API tokens for integrations: the caller's own, and (admins) any user's of the
//! organisation.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path};
use crate::service::tokens;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::user::{ApiToken, NewApiToken};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Creates a token acting as the caller (signed in with a session, not a token); its secret
/// is shown only in this response. It ends at `expires_at` if given, when revoked, and when
/// the user's password changes or the user is disabled.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = NewApiToken,
    responses((status = 201, body = ApiToken), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_token(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<NewApiToken>,
) -> Result<(StatusCode, Json<ApiToken>)> {
    let token = tokens::create(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(token)))
}

/// The caller's tokens, with their expiry and when they were last used.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    responses((status = 200, body = Vec<ApiToken>), (status = 401, body = ErrorBody)))]
async fn list_tokens(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<ApiToken>>> {
    Ok(Json(tokens::list_own(&state, &caller).await?))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens",
    params(("id" = Uuid, Path, description = "Token id")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    tokens::revoke_own(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A user's tokens (admins, users of their organisation).
#[utoipa::path(get, path = "/api/v1/users/{id}/tokens", tag = "tokens",
    params(("id" = Uuid, Path, description = "User id")),
    responses((status = 200, body = Vec<ApiToken>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_user_tokens(
    State(state): State<AppState>,
    caller: Caller,
    Path(user_id): Path<Uuid>,
) -> Result<Json<Vec<ApiToken>>> {
    Ok(Json(tokens::list_of_user(&state, &caller, user_id).await?))
}

/// Revokes a user's token (admins, users of their organisation).
#[utoipa::path(delete, path = "/api/v1/users/{id}/tokens/{token_id}", tag = "tokens",
    params(("id" = Uuid, Path, description = "User id"), ("token_id" = Uuid, Path, description = "Token id")),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_user_token(
    State(state): State<AppState>,
    caller: Caller,
    Path((user_id, token_id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode> {
    tokens::revoke_of_user(&state, &caller, user_id, token_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_token, list_tokens))
        .routes(routes!(delete_token))
        .routes(routes!(list_user_tokens))
        .routes(routes!(delete_user_token))
}
