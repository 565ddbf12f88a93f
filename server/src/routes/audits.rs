//! Audits: saving, reading, reviewing.

use super::page;
use crate::auth::Caller;
use crate::db::{self, audits::AuditFilter};
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service::audits::{self, Saved};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::audit::{Audit, AuditEvent, AuditInput, AuditSummary, ReviewInput};
use touchstone_shared::error::ErrorBody;
use touchstone_shared::page::Page;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Audits the caller may see: staff all, managers approved ones of their clients, auditors
/// their own. Proof-of-visit flags, and filtering by them, are for reviewers (admins and
/// consultants). `score_min` / `score_max` (0–100, inclusive) keep audits scoring in that
/// range; a bound outside 0–100, not a number, or a minimum above the maximum is 422.
#[utoipa::path(get, path = "/api/v1/audits", tag = "audits", params(AuditFilter),
    responses((status = 200, body = Page<AuditSummary>), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn list_audits(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<AuditFilter>,
) -> Result<Json<Page<AuditSummary>>> {
    Ok(Json(page(audits::list(&state, &caller, &filter).await?)))
}

/// One audit with its score.
#[utoipa::path(get, path = "/api/v1/audits/{id}", tag = "audits", params(("id" = Uuid, Path, description = "Audit id")),
    responses((status = 200, body = Audit), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_audit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Audit>> {
    Ok(Json(audits::get(&state, &caller, id).await?))
}

/// Saves an audit's full state (auditors). Idempotent: the same body again changes nothing;
/// a different body for a submitted or approved audit is 409.
#[utoipa::path(put, path = "/api/v1/audits/{id}", tag = "audits",
    params(("id" = Uuid, Path, description = "Audit id, a UUID v7 made by the client")),
    request_body = AuditInput,
    responses((status = 200, body = Audit), (status = 201, body = Audit), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_audit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<AuditInput>,
) -> Result<(StatusCode, Json<Audit>)> {
    let (saved, audit) = audits::put(&state, &caller, id, input).await?;
    let status = match saved {
        Saved::Created => StatusCode::CREATED,
        Saved::Updated => StatusCode::OK,
    };
    Ok((status, Json(audit)))
}

/// Approves or returns a submitted audit (staff).
#[utoipa::path(post, path = "/api/v1/audits/{id}/review", tag = "audits",
    params(("id" = Uuid, Path, description = "Audit id")), request_body = ReviewInput,
    responses((status = 200, body = Audit), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_review(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<ReviewInput>,
) -> Result<Json<Audit>> {
    Ok(Json(audits::review(&state, &caller, id, input).await?))
}

/// Who changed the audit's status, when, and why.
#[utoipa::path(get, path = "/api/v1/audits/{id}/events", tag = "audits",
    params(("id" = Uuid, Path, description = "Audit id")),
    responses((status = 200, body = Vec<AuditEvent>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_audit_events(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<AuditEvent>>> {
    let audit = audits::get(&state, &caller, id).await?;
    Ok(Json(db::audits::events(state.db.pool(), audit.id).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_audits))
        .routes(routes!(get_audit, put_audit))
        .routes(routes!(post_review))
        .routes(routes!(list_audit_events))
}
