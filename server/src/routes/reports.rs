//! Client reports.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::Query;
use crate::service::reports::{self, ReportQuery};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use touchstone_shared::error::ErrorBody;
use utoipa_axum::{router::OpenApiRouter, routes};

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
    let report = reports::client_pdf(&state, &caller, q).await?;
    let disposition =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", report.file_name))
            .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
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
        .into_response())
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_client_report))
}
