//! Reviewing many audits at once.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::Json;
use crate::service::bulk_review;
use crate::state::AppState;
use axum::extract::State;
use touchstone_shared::bulk_review::{BulkReviewInput, BulkReviewOutcome};
use touchstone_shared::error::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Approves, or returns with one comment, up to 1,000 audits as listed (admins and
/// consultants). Audits changed since they were listed (`updated_at`), or no longer
/// submitted, are skipped and reported, never overwritten.
#[utoipa::path(post, path = "/api/v1/audits/bulk-review", tag = "audits",
    request_body = BulkReviewInput,
    responses((status = 200, body = BulkReviewOutcome), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_bulk_review(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<BulkReviewInput>,
) -> Result<Json<BulkReviewOutcome>> {
    Ok(Json(bulk_review::review(&state, &caller, input).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(post_bulk_review))
}
