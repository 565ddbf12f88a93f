//! The comment library.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path};
use crate::service::review_comments;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::review_comment::{ReviewComment, ReviewCommentInput};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// The organisation's reusable review comments, by title (admins and consultants).
#[utoipa::path(get, path = "/api/v1/review-comments", tag = "audits",
    responses((status = 200, body = Vec<ReviewComment>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_review_comments(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ReviewComment>>> {
    Ok(Json(review_comments::list(&state, &caller).await?))
}

/// Adds a reusable review comment (admins and consultants).
#[utoipa::path(post, path = "/api/v1/review-comments", tag = "audits", request_body = ReviewCommentInput,
    responses((status = 201, body = ReviewComment), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_review_comment(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ReviewCommentInput>,
) -> Result<(StatusCode, Json<ReviewComment>)> {
    let comment = review_comments::create(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(comment)))
}

/// Changes a reusable review comment (admins and consultants).
#[utoipa::path(put, path = "/api/v1/review-comments/{id}", tag = "audits",
    params(("id" = Uuid, Path, description = "Comment id")), request_body = ReviewCommentInput,
    responses((status = 200, body = ReviewComment), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_review_comment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<ReviewCommentInput>,
) -> Result<Json<ReviewComment>> {
    Ok(Json(
        review_comments::update(&state, &caller, id, input).await?,
    ))
}

/// Deletes a reusable review comment (admins and consultants).
#[utoipa::path(delete, path = "/api/v1/review-comments/{id}", tag = "audits",
    params(("id" = Uuid, Path, description = "Comment id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_review_comment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    review_comments::delete(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_review_comments, create_review_comment))
        .routes(routes!(update_review_comment, delete_review_comment))
}
