//! Delivering webhook messages: leased from their queue like e-mails, checked again against
//! private addresses (the name may resolve elsewhere now), signed and posted; an endpoint
//! whose message runs out of attempts (about a day of backoff) is disabled and the
//! organisation's admins are told.

use super::events::record;
use super::webhook::{self, Post, Refused};
use super::worker::retry_at;
use crate::db::notifications::{self, Event};
use crate::db::outbox::{self, Outcome};
use crate::db::webhooks::{self, Leased, QUEUE};
use crate::db::{from_ms, now_ms, parse_id};
use crate::error::Result;
use crate::state::AppState;
use std::time::Duration;
use touchstone_shared::user::USER_ADMINS;

/// Leases the due webhook messages, posts them at once and records the outcomes; returns
/// how many were leased.
pub async fn deliver_due(state: &AppState, batch: i64, lease_ms: i64) -> Result<usize> {
    let leased: Vec<Leased> = outbox::lease_from(&state.db, &QUEUE, batch, lease_ms).await?;
    let rounds = leased.iter().map(|m| deliver(state, m));
    for done in futures_util::future::join_all(rounds).await {
        done?;
    }
    Ok(leased.len())
}

async fn deliver(state: &AppState, message: &Leased) -> Result<()> {
    let config = &state.notifier.config;
    let Some(target) = webhooks::target(state.db.pool(), &message.webhook_id).await? else {
        return Ok(()); // deleted with its messages meanwhile
    };
    let sent = if target.disabled_at.is_some() {
        Err(Refused::from("the endpoint is disabled".to_owned()))
    } else {
        post(state, &target, message).await
    };
    let status_code = match &sent {
        Ok(code) => Some(*code),
        Err(refused) => refused.status_code,
    };
    let outcome = match sent {
        Ok(_) => Outcome::Delivered,
        Err(Refused { error, .. }) => {
            tracing::warn!(id = %message.id, attempts = message.attempts, %error,
                "webhook not delivered");
            let retry_at = if target.disabled_at.is_some() {
                None
            } else {
                retry_at(config, message.attempts)
            };
            Outcome::Failed { error, retry_at }
        }
    };
    let mut tx = state.db.begin().await?;
    let attempt = outbox::finish_in(&mut tx, &QUEUE, &message.id, &outcome).await?;
    if let Some(code) = status_code {
        webhooks::set_status_code(&mut tx, &attempt, code).await?;
    }
    if let Outcome::Failed {
        error,
        retry_at: None,
    } = &outcome
        && target.disabled_at.is_none()
        && webhooks::disable(&mut tx, &message.webhook_id, error).await?
    {
        let org_id = parse_id(&target.org_id)?;
        let admins = notifications::in_roles(&mut *tx, org_id, USER_ADMINS).await?;
        let told: Vec<Event> = admins
            .into_iter()
            .map(|admin| {
                Event::new(
                    "webhook_disabled",
                    format!("{}:{}", message.webhook_id, now_ms()),
                    admin,
                    "A webhook endpoint was disabled",
                    format!(
                        "{} kept failing and was disabled; the last error: {error}",
                        target.url
                    ),
                    "/consult/organisation",
                )
            })
            .collect();
        record(&mut tx, org_id, &told).await?;
    }
    webhooks::settle_if_disabled(&mut tx, &message.id).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks the endpoint's address again and posts the signed message.
async fn post(
    state: &AppState,
    target: &webhooks::Target,
    message: &Leased,
) -> Result<u16, Refused> {
    let config = &state.notifier.config;
    let checked = webhook::check_url(&target.url, config.allow_private_webhooks).await?;
    let created = from_ms(message.created_at);
    let mut data: serde_json::Value =
        serde_json::from_str(&message.payload).map_err(|e| e.to_string())?;
    if let Some(link) = data.get("link").and_then(|l| l.as_str()) {
        let url = format!("{}{link}", config.public_url.trim_end_matches('/'));
        data["url"] = serde_json::Value::String(url);
    }
    let body = serde_json::json!({
        "type": message.kind,
        "timestamp": created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": data,
    })
    .to_string();
    let post = Post {
        id: &format!("msg_{}", message.id),
        timestamp: chrono::Utc::now().timestamp(),
        body: &body,
        secret: &target.secret,
    };
    let timeout = Duration::from_millis(config.webhook_timeout_ms.max(1));
    webhook::post(&checked, &post, timeout).await
}
