//! Client reports.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Path, Query};
use crate::service::audit_report;
use crate::service::reports::{self, Report, ReportQuery};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use touchstone_shared::error::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// The client report of a period as PDF (staff and the client's managers): cover, executive
/// summary (overall score, change against the previous period, NPS), scorecard by stage and
/// touchpoint, journey map with the emotion curve, location ranking, worst items and
/// methodology, from approved audits.
#[utoipa::path(get, path = "/api/v1/reports/client.pdf", tag = "reports", params(ReportQuery),
    responses((status = 200, description = "The report", content_type = "application/pdf", body = Vec<u8>),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, description = "The server lacks the report fonts", body = ErrorBody)))]
async fn get_client_report(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ReportQuery>,
) -> Result<Response> {
    Ok(pdf_response(reports::client_pdf(&state, &caller, q).await?))
}

/// One audit's report as PDF, for whoever may see the audit: the visit, answers with their
/// points, emotions and pain points, the trail summary and the photos; proof-of-visit flags
/// on reviewers' copies only.
#[utoipa::path(get, path = "/api/v1/audits/{id}/report.pdf", tag = "reports",
    params(("id" = Uuid, Path, description = "Audit id")),
    responses((status = 200, description = "The report", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 503, description = "The server lacks the report fonts", body = ErrorBody)))]
async fn get_audit_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response> {
    Ok(pdf_response(audit_report::pdf(&state, &caller, id).await?))
}

/// A PDF as a download.
pub(super) fn pdf_response(report: Report) -> Response {
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", report.file_name))
            .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        report.pdf,
    )
        .into_response()
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_client_report))
        .routes(routes!(get_audit_report))
}
