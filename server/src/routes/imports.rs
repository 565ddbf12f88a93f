//! Imports of spreadsheets: the file is the raw request body.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path, Query, body_rejection};
use crate::service::imports::{self, ChecklistImportQuery};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use touchstone_shared::checklist::Checklist;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::import::{ImportErrorBody, ImportSummary};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Creates a client's locations from a CSV or XLSX file (staff), all or none. Columns by
/// header, in any order and case: `name`, `code`, `lat`, `lon` (required), `address`,
/// `region`, `radius` (metres, default 150), `time_zone` (default UTC). A file with any
/// problem imports nothing; the 422 lists every problem by row and column.
#[utoipa::path(post, path = "/api/v1/clients/{id}/locations/import", tag = "imports",
    params(("id" = Uuid, Path, description = "Client id")),
    request_body(description = "The file, at most `TOUCHSTONE_MAX_IMPORT_BYTES`",
        content(("text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 201, body = ImportSummary), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ImportErrorBody)))]
async fn import_locations(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<ImportSummary>)> {
    let body = body.map_err(body_rejection)?;
    let summary = imports::locations(&state, &caller, id, content_type(&headers), body).await?;
    Ok((StatusCode::CREATED, Json(summary)))
}

/// Creates a checklist for a journey from a CSV or XLSX file with one row per item (staff);
/// the layout is in `docs/import-formats.md`. A file with any problem creates nothing; the
/// 422 lists every problem by row and column.
#[utoipa::path(post, path = "/api/v1/journeys/{id}/checklists/import", tag = "imports",
    params(("id" = Uuid, Path, description = "Journey id"), ChecklistImportQuery),
    request_body(description = "The file, at most `TOUCHSTONE_MAX_IMPORT_BYTES`",
        content(("text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 201, body = Checklist), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ImportErrorBody)))]
async fn import_checklist(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Query(query): Query<ChecklistImportQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Checklist>)> {
    let body = body.map_err(body_rejection)?;
    let checklist =
        imports::checklist(&state, &caller, id, query, content_type(&headers), body).await?;
    Ok((StatusCode::CREATED, Json(checklist)))
}

/// The import routes. Their bodies are files: [`crate::http`] gives paths ending in
/// `/import` the larger import limit, so axum's own JSON-sized limit is lifted here.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_locations))
        .routes(routes!(import_checklist))
        .layer(axum::extract::DefaultBodyLimit::disable())
}
