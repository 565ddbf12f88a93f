//! Webhook endpoints of the organisation (admins) and their delivery logs.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::service::webhooks;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::webhook::{NewWebhook, Webhook, WebhookDelivery};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Registers an endpoint for some event kinds. Its signing secret (`whsec_…`) is shown only
/// in this response; deliveries carry `webhook-id`, `webhook-timestamp` and
/// `webhook-signature` (Standard Webhooks). Addresses that are not https, or resolve to a
/// loopback, private or link-local address, are refused unless the server allows them.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, body = Webhook), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_webhook(
    State(state): State<AppState>,
    caller: Caller,
    Json(input): Json<NewWebhook>,
) -> Result<(StatusCode, Json<Webhook>)> {
    let hook = webhooks::create(&state, &caller, input).await?;
    Ok((StatusCode::CREATED, Json(hook)))
}

/// The organisation's endpoints, active or disabled (admins).
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks",
    responses((status = 200, body = Vec<Webhook>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn list_webhooks(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Webhook>>> {
    Ok(Json(webhooks::list(&state, &caller).await?))
}

/// Deletes an endpoint and its delivery log (admins).
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn delete_webhook(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    webhooks::delete(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Queues a test event (`webhook_test`) to an endpoint (admins).
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 202), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn test_webhook(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    webhooks::send_test(&state, &caller, id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Enables a disabled endpoint again: it receives its kinds' events from now on (admins).
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/enable", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id")),
    responses((status = 200, body = Webhook), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn enable_webhook(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<Json<Webhook>> {
    Ok(Json(webhooks::enable(&state, &caller, id).await?))
}

/// Query of a delivery log.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// How many of the newest (default 50, at most 500).
    pub limit: Option<u32>,
}

/// An endpoint's newest deliveries with every attempt (admins).
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook id"), DeliveryQuery),
    responses((status = 200, body = Vec<WebhookDelivery>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_deliveries(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
    Query(q): Query<DeliveryQuery>,
) -> Result<Json<Vec<WebhookDelivery>>> {
    Ok(Json(
        webhooks::deliveries(&state, &caller, id, q.limit).await?,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(post_webhook, list_webhooks))
        .routes(routes!(delete_webhook))
        .routes(routes!(test_webhook))
        .routes(routes!(enable_webhook))
        .routes(routes!(list_deliveries))
}
