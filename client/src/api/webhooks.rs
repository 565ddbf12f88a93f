//! The organisation's webhook endpoints (admins).

use super::{ApiResult, Body, get, json, send, to_json};
use touchstone_shared::webhook::{NewWebhook, Webhook, WebhookDelivery};
use uuid::Uuid;

/// `GET /webhooks`: the organisation's endpoints, active or disabled.
pub async fn webhooks() -> ApiResult<Vec<Webhook>> {
    get("/webhooks").await
}

/// `POST /webhooks`: registers an endpoint; its signing secret is in this answer only.
pub async fn create_webhook(input: &NewWebhook) -> ApiResult<Webhook> {
    json(send("POST", "/webhooks", Body::Json(to_json(input)?)).await?).await
}

/// `DELETE /webhooks/{id}`: the endpoint and its delivery log.
pub async fn delete_webhook(id: Uuid) -> ApiResult<()> {
    send("DELETE", &format!("/webhooks/{id}"), Body::None).await?;
    Ok(())
}

/// `POST /webhooks/{id}/test`: queues a test event to it.
pub async fn test_webhook(id: Uuid) -> ApiResult<()> {
    send("POST", &format!("/webhooks/{id}/test"), Body::None).await?;
    Ok(())
}

/// `POST /webhooks/{id}/enable`: a disabled endpoint receives events again.
pub async fn enable_webhook(id: Uuid) -> ApiResult<Webhook> {
    json(send("POST", &format!("/webhooks/{id}/enable"), Body::None).await?).await
}

/// `GET /webhooks/{id}/deliveries`: its newest messages, each with every attempt.
pub async fn webhook_deliveries(id: Uuid) -> ApiResult<Vec<WebhookDelivery>> {
    get(&format!("/webhooks/{id}/deliveries")).await
}
