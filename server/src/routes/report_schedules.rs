//! Monthly report schedules and the reports they made.

use super::reports::pdf_response;
use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path};
use crate::service::report_schedules;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::report_schedule::{ReportSchedule, ReportScheduleInput, ScheduledReport};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Schedules a client's report every month, for a list of addresses (admins and
/// consultants). On the first of each month (organisation's time zone) the report of the
/// month before is made and kept (until reports are mailed).
#[utoipa::path(post, path = "/api/v1/report-schedules", tag = "reports", request_body = ReportScheduleInput,
    responses((status = 201, body = ReportSchedule), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_report_schedule(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<ReportScheduleInput>,
) -> Result<(StatusCode, Json<ReportSchedule>)> {
    let schedule = report_schedules::create(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(schedule)))
}

/// The organisation's report schedules (admins and consultants).
#[utoipa::path(get, path = "/api/v1/report-schedules", tag = "reports",
    responses((status = 200, body = Vec<ReportSchedule>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_report_schedules(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ReportSchedule>>> {
    Ok(Json(report_schedules::list(&state, &caller).await?))
}

/// Deletes a schedule; the reports it made stay (admins and consultants).
#[utoipa::path(delete, path = "/api/v1/report-schedules/{id}", tag = "reports",
    params(("id" = Uuid, Path, description = "Schedule id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_report_schedule(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    report_schedules::delete(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes the schedule's report of last month now, and keeps it (admins and consultants).
#[utoipa::path(post, path = "/api/v1/report-schedules/{id}/run", tag = "reports",
    params(("id" = Uuid, Path, description = "Schedule id")),
    responses((status = 201, body = ScheduledReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn run_report_schedule(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<(StatusCode, Json<ScheduledReport>)> {
    let made = report_schedules::run_now(&state, &caller, id).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// The reports schedules made, newest first (admins and consultants).
#[utoipa::path(get, path = "/api/v1/scheduled-reports", tag = "reports",
    responses((status = 200, body = Vec<ScheduledReport>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_scheduled_reports(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ScheduledReport>>> {
    Ok(Json(report_schedules::reports(&state, &caller).await?))
}

/// A kept report's PDF (admins and consultants).
#[utoipa::path(get, path = "/api/v1/scheduled-reports/{id}/file.pdf", tag = "reports",
    params(("id" = Uuid, Path, description = "Report id")),
    responses((status = 200, description = "The report", content_type = "application/pdf", body = Vec<u8>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_scheduled_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response> {
    Ok(pdf_response(
        report_schedules::file(&state, &caller, id).await?,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_report_schedule, list_report_schedules))
        .routes(routes!(delete_report_schedule))
        .routes(routes!(run_report_schedule))
        .routes(routes!(list_scheduled_reports))
        .routes(routes!(get_scheduled_report))
}
