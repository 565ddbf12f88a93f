//! Shoppers' pay for staff: payable lines, bonus and deduction lines, pay periods.

use super::{ApiResult, Body, json, send, to_json};
use touchstone_shared::panel::PayLine;
use touchstone_shared::pay::{Adjustment, AdjustmentInput, Ledger, LedgerSummary, PeriodInput};
use uuid::Uuid;

/// `GET /payments`: payable lines not yet in a closed period.
pub async fn payments() -> ApiResult<Vec<PayLine>> {
    json(send("GET", "/payments", Body::None).await?).await
}

/// `POST /jobs/{id}/adjustments`.
pub async fn adjust(job_id: Uuid, input: &AdjustmentInput) -> ApiResult<Adjustment> {
    let body = Body::Json(to_json(input)?);
    json(send("POST", &format!("/jobs/{job_id}/adjustments"), body).await?).await
}

/// `GET /pay-periods`.
pub async fn periods() -> ApiResult<Vec<LedgerSummary>> {
    json(send("GET", "/pay-periods", Body::None).await?).await
}

/// `POST /pay-periods`: closes a period (or answers its ledger if it was closed).
pub async fn close_period(input: &PeriodInput) -> ApiResult<Ledger> {
    json(send("POST", "/pay-periods", Body::Json(to_json(input)?)).await?).await
}

/// URL of a closed period's ledger as `csv` or `xlsx`.
pub fn ledger_url(id: Uuid, format: &str) -> String {
    format!("{}/pay-periods/{id}/ledger.{format}", super::API_BASE)
}
