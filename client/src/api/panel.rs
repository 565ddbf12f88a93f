//! The shopper's side of the panel: the job board, certification, profile and earnings.

use super::{ApiResult, Body, get, json, query, send, to_json};
use touchstone_shared::audit::Answer;
use touchstone_shared::certification::CertificationQuiz;
use touchstone_shared::location::LatLon;
use touchstone_shared::page::Page;
use touchstone_shared::panel::{
    Attempt, AttemptInput, Job, OwnProfile, PayLine, Receipt, ShopperProfile,
};
use uuid::Uuid;

/// `GET /jobs`: open jobs nearest first from `from` (else the home area), or with `mine`
/// the shopper's own; one page from `cursor`.
pub async fn jobs(
    from: Option<LatLon>,
    mine: bool,
    cursor: Option<String>,
) -> ApiResult<Page<Job>> {
    get(&format!(
        "/jobs{}",
        query(&[
            ("lat", from.map(|p| p.lat.to_string())),
            ("lon", from.map(|p| p.lon.to_string())),
            ("mine", mine.then(|| "true".into())),
            ("cursor", cursor),
            ("limit", Some("20".into())),
        ])
    ))
    .await
}

/// `POST /jobs/{id}/{action}`: `claim` or `release`.
pub async fn job_action(id: Uuid, action: &str) -> ApiResult<Job> {
    json(send("POST", &format!("/jobs/{id}/{action}"), Body::None).await?).await
}

/// `GET /checklists/{id}/certification`.
pub async fn certification(checklist_id: Uuid) -> ApiResult<CertificationQuiz> {
    get(&format!("/checklists/{checklist_id}/certification")).await
}

/// `POST /checklists/{id}/certification/attempts`.
pub async fn attempt(checklist_id: Uuid, answers: Vec<Answer>) -> ApiResult<Attempt> {
    let body = to_json(&AttemptInput { answers })?;
    let path = format!("/checklists/{checklist_id}/certification/attempts");
    json(send("POST", &path, Body::Json(body)).await?).await
}

/// `GET /shopper-profile`.
pub async fn profile() -> ApiResult<ShopperProfile> {
    get("/shopper-profile").await
}

/// `PUT /shopper-profile`.
pub async fn set_profile(input: &OwnProfile) -> ApiResult<ShopperProfile> {
    let body = to_json(input)?;
    json(send("PUT", "/shopper-profile", Body::Json(body)).await?).await
}

/// `GET /earnings`.
pub async fn earnings() -> ApiResult<Vec<PayLine>> {
    get("/earnings").await
}

/// `PUT /jobs/{id}/receipt`.
pub async fn set_receipt(job_id: Uuid, amount_minor: i64) -> ApiResult<()> {
    let body = to_json(&Receipt { amount_minor })?;
    send("PUT", &format!("/jobs/{job_id}/receipt"), Body::Json(body)).await?;
    Ok(())
}
