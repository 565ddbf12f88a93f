//! The panel desk for staff: the shoppers, bonus and deduction lines, pay periods and their
//! ledgers.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path};
use crate::import::XLSX_MEDIA_TYPE;
use crate::service::{ledgers, pay, shoppers};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::panel_roster::ShopperSummary;
use touchstone_shared::pay::{Adjustment, AdjustmentInput, Ledger, LedgerSummary, PeriodInput};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// The organisation's shoppers by name, with rating, certifications passed, jobs done and
/// jobs counted late (staff).
#[utoipa::path(get, path = "/api/v1/shoppers", tag = "panel",
    responses((status = 200, body = Vec<ShopperSummary>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_shoppers(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ShopperSummary>>> {
    Ok(Json(shoppers::list(&state, &caller).await?))
}

/// Adds a bonus (positive) or deduction (negative) line with its reason to a claimed job's
/// pay (staff); in the job's currency; 409 once the job's pay is in a closed period.
#[utoipa::path(post, path = "/api/v1/jobs/{id}/adjustments", tag = "panel", request_body = AdjustmentInput,
    params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 201, body = Adjustment), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_adjustment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Json(input): Json<AdjustmentInput>,
) -> Result<(StatusCode, Json<Adjustment>)> {
    Ok((
        StatusCode::CREATED,
        Json(pay::adjust(&state, &caller, id, input).await?),
    ))
}

/// The closed pay periods, newest first, with their totals per currency (staff).
#[utoipa::path(get, path = "/api/v1/pay-periods", tag = "panel",
    responses((status = 200, body = Vec<LedgerSummary>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_periods(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<LedgerSummary>>> {
    Ok(Json(ledgers::list(&state, &caller).await?))
}

/// Closes a pay period, its days in the organisation's time zone (staff): the payable lines
/// approved in it are frozen into its ledger (201). Closing it again answers the same ledger
/// (200); a period overlapping another closed one is 409.
#[utoipa::path(post, path = "/api/v1/pay-periods", tag = "panel", request_body = PeriodInput,
    responses((status = 201, body = Ledger), (status = 200, body = Ledger), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_period(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<PeriodInput>,
) -> Result<(StatusCode, Json<Ledger>)> {
    let (ledger, created) = ledgers::close(&state, &caller, input).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(ledger)))
}

/// A closed pay period's ledger: its lines and the totals per shopper (staff).
#[utoipa::path(get, path = "/api/v1/pay-periods/{id}", tag = "panel",
    params(("id" = Uuid, Path, description = "Pay period id")),
    responses((status = 200, body = Ledger), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_period(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Ledger>> {
    Ok(Json(ledgers::get(&state, &caller, id).await?))
}

/// The ledger as CSV: one row per line (amounts in minor units), then one total row per
/// shopper and currency (staff).
#[utoipa::path(get, path = "/api/v1/pay-periods/{id}/ledger.csv", tag = "panel",
    params(("id" = Uuid, Path, description = "Pay period id")),
    responses((status = 200, description = "UTF-8 CSV with a byte-order mark", content_type = "text/csv", body = String),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn period_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response> {
    let (name, body) = ledgers::csv(&state, &caller, id).await?;
    Ok(super::exports::file(
        "text/csv; charset=utf-8",
        &name,
        body.into(),
    ))
}

/// The ledger as XLSX, the rows of the CSV on one sheet (staff).
#[utoipa::path(get, path = "/api/v1/pay-periods/{id}/ledger.xlsx", tag = "panel",
    params(("id" = Uuid, Path, description = "Pay period id")),
    responses((status = 200, description = "XLSX workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn period_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Response> {
    let (name, body) = ledgers::xlsx(&state, &caller, id).await?;
    Ok(super::exports::file(XLSX_MEDIA_TYPE, &name, body.into()))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_shoppers))
        .routes(routes!(post_adjustment))
        .routes(routes!(list_periods, post_period))
        .routes(routes!(get_period))
        .routes(routes!(period_csv))
        .routes(routes!(period_xlsx))
}
