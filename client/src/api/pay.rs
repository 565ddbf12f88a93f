//! The panel desk's calls: shoppers, payable lines, bonus and deduction lines, pay periods.

use super::{ApiResult, Body, json, send, to_json};
use touchstone_shared::panel::{PayLine, ShopperPatch, ShopperProfile};
use touchstone_shared::panel_roster::ShopperSummary;
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

/// `GET /shoppers`: the panel.
pub async fn shoppers() -> ApiResult<Vec<ShopperSummary>> {
    json(send("GET", "/shoppers", Body::None).await?).await
}

/// `GET /shoppers/{id}`: a shopper's profile.
pub async fn shopper(id: Uuid) -> ApiResult<ShopperProfile> {
    json(send("GET", &format!("/shoppers/{id}"), Body::None).await?).await
}

/// `PATCH /shoppers/{id}`: overrides the rating with a note.
pub async fn patch_shopper(id: Uuid, patch: &ShopperPatch) -> ApiResult<ShopperProfile> {
    let body = Body::Json(to_json(patch)?);
    json(send("PATCH", &format!("/shoppers/{id}"), body).await?).await
}
