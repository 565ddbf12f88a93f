//! Webhook endpoints of an organisation (admins): register (the secret shown once), list,
//! delete, enable again after it was disabled, send a test event, read an endpoint's
//! delivery log.

use crate::auth::Caller;
use crate::db::{self, from_ms, now_ms, webhooks};
use crate::error::{Error, Result};
use crate::notify::webhook;
use crate::state::AppState;
use touchstone_shared::user::USER_ADMINS;
use touchstone_shared::webhook::{NewWebhook, TEST_KIND, Webhook, WebhookDelivery};
use uuid::Uuid;

/// Registers an endpoint after checking its address (scheme, and where its name resolves).
pub async fn create(state: &AppState, caller: &Caller, input: NewWebhook) -> Result<Webhook> {
    caller.require(USER_ADMINS)?;
    input.validate()?;
    let allow_private = state.notifier.config.allow_private_webhooks;
    let checked = webhook::check_url(&input.url, allow_private)
        .await
        .map_err(|e| Error::invalid("url", e))?;
    let secret = webhook::new_secret().map_err(Error::internal)?;
    let mut kinds = input.kinds.clone();
    kinds.sort();
    kinds.dedup();
    let id = Uuid::now_v7();
    let url = checked.url.to_string();
    let mut tx = state.db.begin().await?;
    let created = webhooks::create(
        &mut tx,
        &webhooks::NewEndpoint {
            id,
            org_id: caller.org_id,
            url: &url,
            secret: &secret,
            kinds: &kinds,
            created_by: caller.user_id,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Webhook {
        id,
        url,
        kinds,
        secret: Some(secret),
        created_at: from_ms(created),
        disabled_at: None,
        disabled_reason: String::new(),
    })
}

/// The organisation's endpoints.
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<Webhook>> {
    caller.require(USER_ADMINS)?;
    let mut conn = state.db.pool().acquire().await?;
    webhooks::list(&mut conn, caller.org_id, None).await
}

/// Deletes an endpoint of the organisation with its delivery log.
pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> Result<()> {
    caller.require(USER_ADMINS)?;
    let mut tx = state.db.begin().await?;
    if !webhooks::delete(&mut tx, caller.org_id, id).await? {
        return Err(Error::NotFound("webhook"));
    }
    tx.commit().await?;
    Ok(())
}

/// Enables an endpoint of the organisation again (one that is active stays so).
pub async fn enable(state: &AppState, caller: &Caller, id: Uuid) -> Result<Webhook> {
    caller.require(USER_ADMINS)?;
    let mut tx = state.db.begin().await?;
    if !webhooks::enable(&mut tx, caller.org_id, id).await? {
        return Err(Error::NotFound("webhook"));
    }
    let hook = endpoint(&mut tx, caller, id).await?;
    tx.commit().await?;
    Ok(hook)
}

/// Queues a test event to an endpoint (a disabled one too: that is how it is tried again).
pub async fn send_test(state: &AppState, caller: &Caller, id: Uuid) -> Result<()> {
    caller.require(USER_ADMINS)?;
    let mut tx = state.db.begin().await?;
    endpoint(&mut tx, caller, id).await?;
    let payload = serde_json::json!({
        "title": "Test event",
        "body": "Sent from Touchstone's webhook settings.",
        "link": "/consult/organisation",
    })
    .to_string();
    let key = format!("{TEST_KIND}:{}", Uuid::now_v7());
    let webhook_id = id.to_string();
    webhooks::insert_delivery(&mut tx, &webhook_id, TEST_KIND, &key, &payload, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// An endpoint's newest deliveries with every attempt.
pub async fn deliveries(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    limit: Option<u32>,
) -> Result<Vec<WebhookDelivery>> {
    caller.require(USER_ADMINS)?;
    let mut conn = state.db.pool().acquire().await?;
    endpoint(&mut conn, caller, id).await?;
    webhooks::deliveries(&mut conn, id, db::page_limit(limit)).await
}

/// The caller's organisation's endpoint `id`; 404 for anybody else's.
async fn endpoint(conn: &mut sqlx::AnyConnection, caller: &Caller, id: Uuid) -> Result<Webhook> {
    webhooks::list(conn, caller.org_id, Some(id))
        .await?
        .pop()
        .ok_or(Error::NotFound("webhook"))
}
