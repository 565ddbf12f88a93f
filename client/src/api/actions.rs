//! Corrective actions.

use super::{ApiResult, Body, all_pages, json, query, send, to_json};
use touchstone_shared::action::{ActionInput, ActionUpdate, CorrectiveAction};
use uuid::Uuid;

/// `GET /actions`, every page, of one client or of all the caller may see.
pub async fn actions(client_id: Option<Uuid>) -> ApiResult<Vec<CorrectiveAction>> {
    all_pages(&format!(
        "/actions{}",
        query(&[("client_id", client_id.map(|c| c.to_string()))])
    ))
    .await
}

/// `POST /actions`: opens an action on a failed item of an approved audit.
pub async fn create_action(input: &ActionInput) -> ApiResult<CorrectiveAction> {
    json(send("POST", "/actions", Body::Json(to_json(input)?)).await?).await
}

/// `PATCH /actions/{id}`: moves an action on.
pub async fn update_action(id: Uuid, update: &ActionUpdate) -> ApiResult<CorrectiveAction> {
    json(
        send(
            "PATCH",
            &format!("/actions/{id}"),
            Body::Json(to_json(update)?),
        )
        .await?,
    )
    .await
}
