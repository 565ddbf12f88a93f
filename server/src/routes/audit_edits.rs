//! Reviewers' edits of submitted audits, their trail, and the original submission.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path};
use crate::service::audit_edits;
use crate::state::AppState;
use axum::extract::State;
use touchstone_shared::audit::Audit;
use touchstone_shared::audit_edit::{AuditEdit, AuditEditInput};
use touchstone_shared::error::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Corrects a submitted audit's answers, remarks, emotions and pain points (admins and
/// consultants) with a reason; re-scored, kept in the trail. Proof-of-visit evidence
/// (visit, photos, flags) is refused (422 naming the field); an edit of an older version
/// than the stored one (`updated_at`) is 409.
#[utoipa::path(post, path = "/api/v1/audits/{id}/edits", tag = "audits",
    params(("id" = Uuid, Path, description = "Audit id")), request_body = AuditEditInput,
    responses((status = 200, body = Audit), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<AuditEditInput>,
) -> Result<Json<Audit>> {
    Ok(Json(audit_edits::edit(&state, &caller, id, input).await?))
}

/// The reviewers' edits of an audit, oldest first: who, when, why, each field before → after
/// (reviewers and the audit's auditor).
#[utoipa::path(get, path = "/api/v1/audits/{id}/edits", tag = "audits",
    params(("id" = Uuid, Path, description = "Audit id")),
    responses((status = 200, body = Vec<AuditEdit>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn list_edits(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<AuditEdit>>> {
    Ok(Json(audit_edits::list(&state, &caller, id).await?))
}

/// The audit as its auditor last submitted it, before reviewers' edits (reviewers and the
/// audit's auditor).
#[utoipa::path(get, path = "/api/v1/audits/{id}/original", tag = "audits",
    params(("id" = Uuid, Path, description = "Audit id")),
    responses((status = 200, body = Audit), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn get_original(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Audit>> {
    Ok(Json(audit_edits::original(&state, &caller, id).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_edit, list_edits))
        .routes(routes!(get_original))
}
