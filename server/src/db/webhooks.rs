//! Webhook endpoints, the event kinds each receives, and their deliveries (queued with the
//! change that causes them, leased and retried like the e-mail outbox).

use super::notifications::Event;
use super::outbox::Queue;
use super::{from_ms, now_ms, parse_id};
use crate::error::{Error, Result};
use sqlx::{Any, AnyConnection, Executor, FromRow};
use touchstone_shared::notification::DeliveryAttempt;
use touchstone_shared::webhook::{Webhook, WebhookDelivery};
use uuid::Uuid;

/// The webhook deliveries, for the delivery workers.
pub const QUEUE: Queue = Queue {
    table: "webhook_deliveries",
    attempts: "webhook_attempts",
    parent: "delivery_id",
    returning: "id, webhook_id, kind, payload, attempts, created_at",
};

/// An endpoint to store.
pub struct NewEndpoint<'a> {
    /// Id.
    pub id: Uuid,
    /// Organisation.
    pub org_id: Uuid,
    /// Address.
    pub url: &'a str,
    /// `whsec_…`.
    pub secret: &'a str,
    /// Event kinds.
    pub kinds: &'a [String],
    /// Who registered it.
    pub created_by: Uuid,
}

/// Stores an endpoint; returns when.
pub async fn create(conn: &mut AnyConnection, e: &NewEndpoint<'_>) -> Result<i64> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO webhooks (id, org_id, url, secret, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(e.id.to_string())
    .bind(e.org_id.to_string())
    .bind(e.url)
    .bind(e.secret)
    .bind(e.created_by.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for kind in e.kinds {
        sqlx::query(
            "INSERT INTO webhook_kinds (webhook_id, kind) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(e.id.to_string())
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    }
    Ok(now)
}

#[derive(FromRow)]
struct WebhookRow {
    id: String,
    url: String,
    created_at: i64,
    disabled_at: Option<i64>,
    disabled_reason: String,
}

/// An organisation's endpoints (one, with `id`), oldest first.
pub async fn list(
    conn: &mut AnyConnection,
    org_id: Uuid,
    id: Option<Uuid>,
) -> Result<Vec<Webhook>> {
    let id = id.map(|i| i.to_string()).unwrap_or_default();
    let rows: Vec<WebhookRow> = sqlx::query_as(
        "SELECT id, url, created_at, disabled_at, disabled_reason FROM webhooks \
         WHERE org_id = $1 AND ($2 = '' OR id = $2) ORDER BY id",
    )
    .bind(org_id.to_string())
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    let kinds: Vec<(String, String)> = sqlx::query_as(
        "SELECT k.webhook_id, k.kind FROM webhook_kinds k JOIN webhooks w ON w.id = k.webhook_id \
         WHERE w.org_id = $1 AND ($2 = '' OR w.id = $2) ORDER BY k.kind",
    )
    .bind(org_id.to_string())
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Webhook {
                id: parse_id(&r.id)?,
                kinds: kinds
                    .iter()
                    .filter(|(w, _)| *w == r.id)
                    .map(|(_, k)| k.clone())
                    .collect(),
                url: r.url,
                secret: None,
                created_at: from_ms(r.created_at),
                disabled_at: r.disabled_at.map(from_ms),
                disabled_reason: r.disabled_reason,
            })
        })
        .collect()
}

/// Deletes an organisation's endpoint with its deliveries; false when there is none.
pub async fn delete(conn: &mut AnyConnection, org_id: Uuid, id: Uuid) -> Result<bool> {
    let id = id.to_string();
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM webhooks WHERE id = $1 AND org_id = $2")
            .bind(&id)
            .bind(org_id.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    if found.is_none() {
        return Ok(false);
    }
    for sql in [
        "DELETE FROM webhook_attempts WHERE delivery_id IN \
         (SELECT id FROM webhook_deliveries WHERE webhook_id = $1)",
        "DELETE FROM webhook_deliveries WHERE webhook_id = $1",
        "DELETE FROM webhook_kinds WHERE webhook_id = $1",
        "DELETE FROM webhooks WHERE id = $1",
    ] {
        sqlx::query(sql).bind(&id).execute(&mut *conn).await?;
    }
    Ok(true)
}

/// Queues each of `events` for every active endpoint of the organisation that receives its
/// kind: once per event and endpoint, however many recipients it has. One read of the
/// endpoints and one insert per [`DELIVERIES_PER_STATEMENT`] messages.
pub async fn enqueue(
    conn: &mut AnyConnection,
    org_id: Uuid,
    events: &[&Event],
    now: i64,
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let endpoints: Vec<(String, String)> = sqlx::query_as(
        "SELECT w.id, k.kind FROM webhooks w JOIN webhook_kinds k ON k.webhook_id = w.id \
         WHERE w.org_id = $1 AND w.disabled_at IS NULL",
    )
    .bind(org_id.to_string())
    .fetch_all(&mut *conn)
    .await?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let mut keys = std::collections::HashSet::new();
    let mut deliveries = Vec::new();
    for event in events {
        let payload =
            serde_json::json!({"title": event.title, "body": event.body, "link": event.link})
                .to_string();
        for (webhook_id, _) in endpoints.iter().filter(|(_, kind)| kind == event.kind) {
            let key = format!("{}:{webhook_id}", event.topic);
            if keys.insert(key.clone()) {
                deliveries.push(Delivery {
                    webhook_id: webhook_id.clone(),
                    kind: event.kind.to_owned(),
                    key,
                    payload: payload.clone(),
                });
            }
        }
    }
    insert_deliveries(conn, &deliveries, now).await
}

/// A message to one endpoint.
pub struct Delivery {
    /// The endpoint.
    pub webhook_id: String,
    /// Event kind.
    pub kind: String,
    /// Unique per event and endpoint: a second message with the key adds nothing.
    pub key: String,
    /// JSON body.
    pub payload: String,
}

/// Messages per multi-row insert (8 parameters each).
const DELIVERIES_PER_STATEMENT: usize = 500;

/// Queues one message to an endpoint (unless its key was queued before).
pub async fn insert_delivery(
    conn: &mut AnyConnection,
    webhook_id: &str,
    kind: &str,
    key: &str,
    payload: &str,
    now: i64,
) -> Result<()> {
    let delivery = Delivery {
        webhook_id: webhook_id.to_owned(),
        kind: kind.to_owned(),
        key: key.to_owned(),
        payload: payload.to_owned(),
    };
    insert_deliveries(conn, &[delivery], now).await
}

/// Queues messages (each unless its key was queued before): one statement per
/// [`DELIVERIES_PER_STATEMENT`].
pub async fn insert_deliveries(
    conn: &mut AnyConnection,
    deliveries: &[Delivery],
    now: i64,
) -> Result<()> {
    for chunk in deliveries.chunks(DELIVERIES_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO webhook_deliveries (id, webhook_id, kind, idempotency_key, payload, \
             status, next_attempt_at, created_at) VALUES {} \
             ON CONFLICT (idempotency_key) DO NOTHING",
            super::values_list(chunk.len(), 8)
        );
        let mut q = super::multi_row(sql);
        for d in chunk {
            q = q
                .bind(Uuid::now_v7().to_string())
                .bind(d.webhook_id.clone())
                .bind(d.kind.clone())
                .bind(d.key.clone())
                .bind(d.payload.clone())
                .bind("pending")
                .bind(now)
                .bind(now);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A delivery leased for sending.
#[derive(Debug, Clone, FromRow)]
pub struct Leased {
    /// Id (the `webhook-id` header).
    pub id: String,
    /// Endpoint.
    pub webhook_id: String,
    /// Event kind.
    pub kind: String,
    /// The event's data (JSON).
    pub payload: String,
    /// Attempts including this one.
    pub attempts: i64,
    /// Written (the payload's timestamp).
    pub created_at: i64,
}

/// Where and how a delivery goes.
#[derive(Debug, Clone, FromRow)]
pub struct Target {
    /// Address.
    pub url: String,
    /// `whsec_…`.
    pub secret: String,
    /// Organisation.
    pub org_id: String,
    /// Who registered it.
    pub created_by: String,
    /// Set when disabled.
    pub disabled_at: Option<i64>,
}

/// The endpoint a delivery goes to.
pub async fn target<'e>(
    ex: impl Executor<'e, Database = Any>,
    webhook_id: &str,
) -> Result<Option<Target>> {
    Ok(sqlx::query_as(
        "SELECT url, secret, org_id, created_by, disabled_at FROM webhooks WHERE id = $1",
    )
    .bind(webhook_id)
    .fetch_optional(ex)
    .await?)
}

/// Disables an endpoint (once: false when it already was) and gives up on its pending
/// deliveries.
pub async fn disable(conn: &mut AnyConnection, webhook_id: &str, reason: &str) -> Result<bool> {
    let now = now_ms();
    let done = sqlx::query(
        "UPDATE webhooks SET disabled_at = $2, disabled_reason = $3 \
         WHERE id = $1 AND disabled_at IS NULL",
    )
    .bind(webhook_id)
    .bind(now)
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE webhook_deliveries SET status = 'failed', lease_until = 0 \
         WHERE webhook_id = $1 AND status = 'pending'",
    )
    .bind(webhook_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Keeps the HTTP status code an endpoint answered attempt `attempt_id` with.
pub async fn set_status_code(
    conn: &mut AnyConnection,
    attempt_id: &str,
    status_code: u16,
) -> Result<()> {
    sqlx::query("UPDATE webhook_attempts SET status_code = $2 WHERE id = $1")
        .bind(attempt_id)
        .bind(i64::from(status_code))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Active again: an organisation's disabled endpoint receives its kinds' events from now
/// on; false when the organisation has no such endpoint.
pub async fn enable(conn: &mut AnyConnection, org_id: Uuid, id: Uuid) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE webhooks SET disabled_at = NULL, disabled_reason = '' \
         WHERE id = $1 AND org_id = $2",
    )
    .bind(id.to_string())
    .bind(org_id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives up on a delivery left pending whose endpoint was disabled meanwhile (by another
/// message of it running out of attempts).
pub async fn settle_if_disabled(conn: &mut AnyConnection, delivery_id: &str) -> Result<()> {
    sqlx::query(
        "UPDATE webhook_deliveries SET status = 'failed' WHERE id = $1 AND status = 'pending' \
         AND webhook_id IN (SELECT id FROM webhooks WHERE disabled_at IS NOT NULL)",
    )
    .bind(delivery_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct DeliveryRow {
    id: String,
    kind: String,
    status: String,
    attempts: i64,
    next_attempt_at: i64,
    created_at: i64,
    delivered_at: Option<i64>,
}

#[derive(FromRow)]
struct AttemptRow {
    delivery_id: String,
    attempted_at: i64,
    ok: i64,
    error: String,
    status_code: Option<i64>,
}

/// An endpoint's newest deliveries with their attempts.
pub async fn deliveries(
    conn: &mut AnyConnection,
    webhook_id: Uuid,
    limit: i64,
) -> Result<Vec<WebhookDelivery>> {
    let rows: Vec<DeliveryRow> = sqlx::query_as(
        "SELECT id, kind, status, attempts, next_attempt_at, created_at, delivered_at \
         FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(webhook_id.to_string())
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let oldest = rows.last().map(|r| r.id.clone()).unwrap_or_default();
    let attempts: Vec<AttemptRow> = sqlx::query_as(
        "SELECT a.delivery_id, a.attempted_at, a.ok, a.error, a.status_code \
         FROM webhook_attempts a \
         JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.webhook_id = $1 \
         AND a.delivery_id >= $2 ORDER BY a.attempted_at, a.id",
    )
    .bind(webhook_id.to_string())
    .bind(oldest)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(WebhookDelivery {
                id: parse_id(&r.id)?,
                log: attempts
                    .iter()
                    .filter(|a| a.delivery_id == r.id)
                    .map(|a| DeliveryAttempt {
                        at: from_ms(a.attempted_at),
                        ok: super::from_flag(a.ok),
                        error: a.error.clone(),
                        status_code: a.status_code.and_then(|c| u16::try_from(c).ok()),
                    })
                    .collect(),
                kind: r.kind,
                status: r.status,
                attempts: u32::try_from(r.attempts).map_err(|e| Error::internal(e.to_string()))?,
                next_attempt_at: from_ms(r.next_attempt_at),
                created_at: from_ms(r.created_at),
                delivered_at: r.delivered_at.map(from_ms),
            })
        })
        .collect()
}
