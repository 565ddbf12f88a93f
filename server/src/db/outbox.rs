//! The outbox: messages written with the change that causes them, leased and sent by the
//! delivery workers, with every attempt kept.

use super::notifications::Event;
use super::{Backend, Db, from_ms, now_ms, parse_id};
use crate::error::{Error, Result};
use sqlx::{Any, AnyConnection, Executor, FromRow};
use touchstone_shared::notification::{DeliveryAttempt, OutboxMessage};
use uuid::Uuid;

/// E-mails per multi-row insert (7 parameters each).
const EMAILS_PER_STATEMENT: usize = 500;

/// Queues the e-mail of each of `events` unless its recipient is disabled or opted out of
/// the kind: one statement per [`EMAILS_PER_STATEMENT`] events.
pub async fn enqueue_emails(
    conn: &mut AnyConnection,
    org_id: Uuid,
    events: &[&Event],
    now: i64,
) -> Result<()> {
    for chunk in events.chunks(EMAILS_PER_STATEMENT) {
        // `VALUES` columns are `column1`, `column2`, … in both dialects.
        let sql = format!(
            "INSERT INTO outbox (id, org_id, user_id, kind, channel, idempotency_key, address, \
             subject, body, link, status, next_attempt_at, created_at) \
             SELECT v.column1, $1, u.id, v.column3, 'email', v.column4, u.email, v.column5, \
             v.column6, v.column7, 'pending', $2, $2 FROM (VALUES {}) AS v \
             JOIN users u ON u.id = v.column2 WHERE u.disabled = 0 AND NOT EXISTS \
             (SELECT 1 FROM notification_optouts o WHERE o.user_id = u.id AND o.kind = v.column3) \
             ON CONFLICT (idempotency_key) DO NOTHING",
            super::values_list_after(2, chunk.len(), 7)
        );
        let mut q = super::multi_row(sql).bind(org_id.to_string()).bind(now);
        for event in chunk {
            q = q
                .bind(Uuid::now_v7().to_string())
                .bind(event.user_id.to_string())
                .bind(event.kind)
                .bind(format!("{}:email", event.key))
                .bind(event.title.clone())
                .bind(event.body.clone())
                .bind(event.link.clone());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A kept scheduled report to mail to one of its schedule's addresses.
pub struct ReportMail<'a> {
    /// Organisation.
    pub org_id: Uuid,
    /// The schedule's maker, on whose behalf it is sent.
    pub sender_id: Uuid,
    /// The kept report (`scheduled_reports.id`), attached when the message is sent.
    pub report_id: Uuid,
    /// Event kind.
    pub kind: &'static str,
    /// Recipient's address.
    pub address: &'a str,
    /// Subject.
    pub subject: &'a str,
    /// Text.
    pub body: &'a str,
}

/// Queues the e-mail of a kept report to one address (at most once per report and address).
/// The address belongs to no user, so no user's opt-outs apply.
pub async fn enqueue_report(
    conn: &mut AnyConnection,
    mail: &ReportMail<'_>,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (id, org_id, user_id, kind, channel, idempotency_key, address, subject, \
         body, link, status, next_attempt_at, created_at, attachment_id) \
         VALUES ($1, $2, $3, $4, 'email', $5, $6, $7, $8, '', 'pending', $9, $9, $10) \
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(mail.org_id.to_string())
    .bind(mail.sender_id.to_string())
    .bind(mail.kind)
    .bind(format!(
        "{}:{}:{}:email",
        mail.kind,
        mail.report_id,
        mail.address.to_lowercase()
    ))
    .bind(mail.address)
    .bind(mail.subject)
    .bind(mail.body)
    .bind(now)
    .bind(mail.report_id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// A message leased for sending.
#[derive(Debug, Clone, FromRow)]
pub struct Leased {
    /// Id.
    pub id: String,
    /// Recipient.
    pub user_id: String,
    /// Event kind.
    pub kind: String,
    /// Sent along as the Message-ID.
    pub idempotency_key: String,
    /// Recipient's address.
    pub address: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub body: String,
    /// Path in the app.
    pub link: String,
    /// Attempts including this one.
    pub attempts: i64,
    /// Organisation.
    pub org_id: String,
    /// The kept scheduled report to attach, if any.
    pub attachment_id: Option<String>,
}

/// A table of messages the delivery workers lease and retry: the e-mail outbox or the
/// webhook deliveries, each with its table of attempts.
pub struct Queue {
    /// The messages.
    pub table: &'static str,
    /// Their attempts.
    pub attempts: &'static str,
    /// The attempts' column naming the message.
    pub parent: &'static str,
    /// The columns a lease returns.
    pub returning: &'static str,
}

/// The e-mail outbox.
pub const EMAIL: Queue = Queue {
    table: "outbox",
    attempts: "outbox_attempts",
    parent: "outbox_id",
    returning: "id, user_id, kind, idempotency_key, address, subject, body, link, attempts, \
                org_id, attachment_id",
};

/// Leases up to `limit` due e-mails until `lease_ms` from now.
pub async fn lease(db: &Db, limit: i64, lease_ms: i64) -> Result<Vec<Leased>> {
    lease_from(db, &EMAIL, limit, lease_ms).await
}

/// Leases up to `limit` due messages of `queue` until `lease_ms` from now. On PostgreSQL
/// rows another server is leasing are skipped (`FOR UPDATE SKIP LOCKED`); the lease itself
/// keeps any other worker off a message while it is being sent, on both backends.
pub async fn lease_from<T>(db: &Db, queue: &Queue, limit: i64, lease_ms: i64) -> Result<Vec<T>>
where
    T: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let skip_locked = match db.backend() {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let Queue {
        table, returning, ..
    } = queue;
    let sql = format!(
        "UPDATE {table} SET lease_until = $1, attempts = attempts + 1 WHERE id IN \
         (SELECT id FROM {table} WHERE status = 'pending' AND next_attempt_at <= $2 \
         AND lease_until <= $2 ORDER BY next_attempt_at, id LIMIT $3{skip_locked}) \
         AND lease_until <= $2 RETURNING {returning}"
    );
    let now = now_ms();
    // A read first: an idle poll takes no write turn (SQLite) and locks nothing.
    let due: Option<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM {table} WHERE status = 'pending' AND next_attempt_at <= $1 \
         AND lease_until <= $1 LIMIT 1"
    )))
    .bind(now)
    .fetch_optional(db.pool())
    .await?;
    if due.is_none() {
        return Ok(Vec::new());
    }
    let mut tx = db.begin().await?;
    let leased: Vec<T> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now + lease_ms)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(leased)
}

/// What an attempt came to.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Accepted by the server.
    Delivered,
    /// Failed; tried again at `retry_at` (ms), or given up on when `None`.
    Failed {
        /// The error.
        error: String,
        /// Next attempt.
        retry_at: Option<i64>,
    },
}

/// Records an attempt on a leased e-mail and moves it on.
pub async fn finish(db: &Db, id: &str, outcome: &Outcome) -> Result<()> {
    let mut tx = db.begin().await?;
    finish_in(&mut tx, &EMAIL, id, outcome).await?;
    tx.commit().await?;
    Ok(())
}

/// Records an attempt on a leased message of `queue` and moves the message on; returns the
/// attempt's id.
pub async fn finish_in(
    conn: &mut AnyConnection,
    queue: &Queue,
    id: &str,
    outcome: &Outcome,
) -> Result<String> {
    let now = now_ms();
    let Queue {
        table,
        attempts,
        parent,
        ..
    } = queue;
    let (ok, error) = match outcome {
        Outcome::Delivered => (1_i64, ""),
        Outcome::Failed { error, .. } => (0, error.as_str()),
    };
    let attempt = Uuid::now_v7().to_string();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO {attempts} (id, {parent}, attempted_at, ok, error) VALUES ($1, $2, $3, $4, $5)"
    )))
    .bind(&attempt)
    .bind(id)
    .bind(now)
    .bind(ok)
    .bind(error)
    .execute(&mut *conn)
    .await?;
    let (status, next, delivered) = match outcome {
        Outcome::Delivered => ("delivered", now, Some(now)),
        Outcome::Failed {
            retry_at: Some(at), ..
        } => ("pending", *at, None),
        Outcome::Failed { retry_at: None, .. } => ("failed", now, None),
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE {table} SET status = $2, next_attempt_at = $3, delivered_at = $4, lease_until = 0 \
         WHERE id = $1"
    )))
    .bind(id)
    .bind(status)
    .bind(next)
    .bind(delivered)
    .execute(&mut *conn)
    .await?;
    Ok(attempt)
}

#[derive(FromRow)]
struct MessageRow {
    id: String,
    user_id: String,
    kind: String,
    channel: String,
    idempotency_key: String,
    subject: String,
    status: String,
    attempts: i64,
    next_attempt_at: i64,
    created_at: i64,
    delivered_at: Option<i64>,
}

#[derive(FromRow)]
struct AttemptRow {
    outbox_id: String,
    attempted_at: i64,
    ok: i64,
    error: String,
}

/// An organisation's newest messages (of one status, unless `status` is `''`) with their
/// attempts.
pub async fn list(
    conn: &mut AnyConnection,
    org_id: Uuid,
    status: &str,
    limit: i64,
) -> Result<Vec<OutboxMessage>> {
    let rows: Vec<MessageRow> = sqlx::query_as(
        "SELECT id, user_id, kind, channel, idempotency_key, subject, status, attempts, \
         next_attempt_at, created_at, delivered_at FROM outbox WHERE org_id = $1 \
         AND ($2 = '' OR status = $2) ORDER BY id DESC LIMIT $3",
    )
    .bind(org_id.to_string())
    .bind(status)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let oldest = rows.last().map(|r| r.id.clone()).unwrap_or_default();
    let attempts: Vec<AttemptRow> = sqlx::query_as(
        "SELECT a.outbox_id, a.attempted_at, a.ok, a.error FROM outbox_attempts a \
         JOIN outbox o ON o.id = a.outbox_id WHERE o.org_id = $1 AND a.outbox_id >= $2 \
         ORDER BY a.attempted_at, a.id",
    )
    .bind(org_id.to_string())
    .bind(oldest)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let log = attempts
                .iter()
                .filter(|a| a.outbox_id == r.id)
                .map(|a| DeliveryAttempt {
                    at: from_ms(a.attempted_at),
                    ok: super::from_flag(a.ok),
                    error: a.error.clone(),
                    status_code: None,
                })
                .collect();
            Ok(OutboxMessage {
                id: parse_id(&r.id)?,
                user_id: parse_id(&r.user_id)?,
                kind: r.kind,
                channel: r.channel,
                idempotency_key: r.idempotency_key,
                subject: r.subject,
                status: r.status,
                attempts: u32::try_from(r.attempts).map_err(|e| Error::internal(e.to_string()))?,
                next_attempt_at: from_ms(r.next_attempt_at),
                created_at: from_ms(r.created_at),
                delivered_at: r.delivered_at.map(from_ms),
                log,
            })
        })
        .collect()
}

/// Messages not yet delivered or given up on (all organisations).
pub async fn pending<'e>(ex: impl Executor<'e, Database = Any>) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
        .fetch_one(ex)
        .await?;
    Ok(n)
}
