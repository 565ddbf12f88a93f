//! Exports of audits and answers as files.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::Query;
use crate::import::XLSX_MEDIA_TYPE;
use crate::service::exports::{self, ExportQuery};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use touchstone_shared::error::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn file(content_type: &'static str, name: &str, body: Body) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// A client's audits as CSV, one row per answer: audit id, location code, auditor, status,
/// check-in, stage, touchpoint, item id, item, value, points, possible, comment, flags. Staff
/// get every status (or `status`); the client's managers get approved audits. Streamed:
/// any number of audits, a page at a time. Text that a spreadsheet would run as a formula is
/// prefixed with `'`.
#[utoipa::path(get, path = "/api/v1/exports/answers.csv", tag = "exports", params(ExportQuery),
    responses((status = 200, description = "UTF-8 CSV with a byte-order mark", content_type = "text/csv", body = String),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn export_answers_csv(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ExportQuery>,
) -> Result<Response> {
    let export = exports::prepare(&state, &caller, q).await?;
    let body = Body::from_stream(exports::csv(state.db.clone(), export.filter));
    Ok(file(
        "text/csv; charset=utf-8",
        &format!("{}.csv", export.file_stem),
        body,
    ))
}

/// The same rows as [`export_answers_csv`] as an XLSX workbook (numbers as numbers, check-in
/// as a date; a sheet that reaches Excel's row limit continues on the next).
#[utoipa::path(get, path = "/api/v1/exports/answers.xlsx", tag = "exports", params(ExportQuery),
    responses((status = 200, description = "XLSX workbook",
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn export_answers_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ExportQuery>,
) -> Result<Response> {
    let export = exports::prepare(&state, &caller, q).await?;
    let body = Body::from_stream(exports::xlsx(state.db.clone(), export.filter));
    Ok(file(
        XLSX_MEDIA_TYPE,
        &format!("{}.xlsx", export.file_stem),
        body,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_answers_csv))
        .routes(routes!(export_answers_xlsx))
}
