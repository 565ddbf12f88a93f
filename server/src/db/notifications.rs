//! The in-app notification centre, e-mail opt-outs and the servers' shared signing key.

use super::{from_flag, from_ms, now_ms, parse_id};
use crate::error::{Error, Result};
use sqlx::{Any, AnyConnection, Executor, FromRow};
use touchstone_shared::notification::Notification;
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Something a user is told about: in the app, and by e-mail unless they opted out.
#[derive(Debug, Clone)]
pub struct Event {
    /// Kind (`audit_returned`, …); opt-outs are per kind.
    pub kind: &'static str,
    /// Unique per event (`kind:subject`): the same for all its recipients.
    pub topic: String,
    /// Unique per event and recipient: a second event with the same key adds nothing.
    pub key: String,
    /// Recipient.
    pub user_id: Uuid,
    /// One line (the e-mail's subject).
    pub title: String,
    /// A few more words.
    pub body: String,
    /// A path in the app.
    pub link: String,
}

/// Notifications per multi-row insert (9 parameters each).
const PER_STATEMENT: usize = 500;

/// Writes `events` to their recipients' notification centres and, for the recipients not
/// opted out of the kind nor disabled, messages to the outbox and to the webhooks; an event
/// whose key was seen before adds nothing. One statement per table per [`PER_STATEMENT`]
/// events, however many.
pub async fn record(conn: &mut AnyConnection, org_id: Uuid, events: &[Event]) -> Result<()> {
    let now = now_ms();
    let mut keys = std::collections::HashSet::new();
    let unique: Vec<&Event> = events.iter().filter(|e| keys.insert(&e.key)).collect();
    for chunk in unique.chunks(PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO notifications (id, org_id, user_id, kind, event_key, title, body, link, \
             created_at) VALUES {} ON CONFLICT (event_key) DO NOTHING RETURNING event_key",
            super::values_list(chunk.len(), 9)
        );
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
        for event in chunk {
            q = q
                .bind(Uuid::now_v7().to_string())
                .bind(org_id.to_string())
                .bind(event.user_id.to_string())
                .bind(event.kind)
                .bind(event.key.clone())
                .bind(event.title.clone())
                .bind(event.body.clone())
                .bind(event.link.clone())
                .bind(now);
        }
        let added: std::collections::HashSet<String> =
            q.fetch_all(&mut *conn).await?.into_iter().collect();
        let added: Vec<&Event> = chunk
            .iter()
            .copied()
            .filter(|e| added.contains(&e.key))
            .collect();
        super::outbox::enqueue_emails(conn, org_id, &added, now).await?;
        super::webhooks::enqueue(conn, org_id, &added, now).await?;
    }
    Ok(())
}

#[derive(FromRow)]
struct NotificationRow {
    id: String,
    kind: String,
    title: String,
    body: String,
    link: String,
    created_at: i64,
    read: i64,
}

impl TryFrom<NotificationRow> for Notification {
    type Error = Error;

    fn try_from(row: NotificationRow) -> Result<Self> {
        Ok(Notification {
            id: parse_id(&row.id)?,
            kind: row.kind,
            title: row.title,
            body: row.body,
            link: row.link,
            created_at: from_ms(row.created_at),
            read: from_flag(row.read),
        })
    }
}

/// A user's newest notifications, at most `limit`, before the id `before` (`''`: the newest).
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    before: &str,
    limit: i64,
) -> Result<Vec<Notification>> {
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT id, kind, title, body, link, created_at, \
         CAST(CASE WHEN read_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS read \
         FROM notifications WHERE user_id = $1 AND ($2 = '' OR id < $2) ORDER BY id DESC LIMIT $3",
    )
    .bind(user_id.to_string())
    .bind(before)
    .bind(limit)
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(Notification::try_from).collect()
}

/// How many of a user's notifications are unread.
pub async fn unread<'e>(ex: impl Executor<'e, Database = Any>, user_id: Uuid) -> Result<i64> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id.to_string())
            .fetch_one(ex)
            .await?;
    Ok(n)
}

/// Marks a user's notification read (`Some(id)`) or all of them; false when the id is not
/// one of theirs.
pub async fn mark_read<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    id: Option<Uuid>,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE user_id = $1 \
         AND ($2 = '' OR id = $2)",
    )
    .bind(user_id.to_string())
    .bind(id.map(|i| i.to_string()).unwrap_or_default())
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(id.is_none() || done.rows_affected() == 1)
}

/// Stops e-mails of `kind` to a user (again: no change).
pub async fn opt_out<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    kind: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notification_optouts (user_id, kind, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, kind) DO NOTHING",
    )
    .bind(user_id.to_string())
    .bind(kind)
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}

/// The active admins and consultants of an organisation: the audits' reviewers.
pub async fn reviewers<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
) -> Result<Vec<Uuid>> {
    in_roles(ex, org_id, Role::STAFF).await
}

/// The active users of an organisation with one of `roles`.
pub async fn in_roles<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    roles: &[Role],
) -> Result<Vec<Uuid>> {
    let marks: Vec<String> = (2..roles.len() + 2).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id FROM users WHERE org_id = $1 AND disabled = 0 AND role IN ({}) ORDER BY id",
        marks.join(", ")
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org_id.to_string());
    for role in roles {
        q = q.bind(role.as_str());
    }
    let rows: Vec<(String,)> = q.fetch_all(ex).await?;
    rows.iter().map(|(id,)| parse_id(id)).collect()
}

/// The secret named `name` that every server on the database shares, made by the first to ask.
pub async fn shared_secret(pool: &sqlx::AnyPool, name: &str) -> Result<String> {
    sqlx::query(
        "INSERT INTO server_keys (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(crate::auth::new_secret()?)
    .execute(pool)
    .await?;
    let (secret,): (String,) = sqlx::query_as("SELECT secret FROM server_keys WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await?;
    Ok(secret)
}

/// Something due that a reminder is about.
#[derive(Debug, Clone, FromRow)]
pub struct Due {
    /// Organisation.
    pub org_id: String,
    /// The assignment or action.
    pub id: String,
    /// Whom to remind.
    pub user_id: String,
    /// The time it is about, ms.
    pub at: i64,
    /// What it is (an action's item).
    pub label: String,
}

/// Assignments whose `column` (`not_before` or `due`) falls in `[from, to)` and that have no
/// submitted or approved audit, with their auditors.
pub async fn assignments_at(
    conn: &mut AnyConnection,
    column: AssignmentTime,
    from: i64,
    to: i64,
) -> Result<Vec<Due>> {
    let sql = match column {
        AssignmentTime::Opens => {
            "SELECT a.org_id, a.id, a.auditor_id AS user_id, a.not_before AS at, a.scenario AS label \
             FROM assignments a LEFT JOIN audits au ON au.assignment_id = a.id \
             WHERE a.not_before >= $1 AND a.not_before < $2 AND au.id IS NULL"
        }
        AssignmentTime::Due => {
            "SELECT a.org_id, a.id, a.auditor_id AS user_id, a.due AS at, a.scenario AS label \
             FROM assignments a LEFT JOIN audits au ON au.assignment_id = a.id \
             WHERE a.due >= $1 AND a.due < $2 \
             AND (au.id IS NULL OR au.status NOT IN ('submitted', 'approved'))"
        }
    };
    Ok(sqlx::query_as(sql)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await?)
}

/// Which time of an assignment a reminder is about.
#[derive(Debug, Clone, Copy)]
pub enum AssignmentTime {
    /// The visit window opens.
    Opens,
    /// The visit is due.
    Due,
}

/// Open corrective actions due in `[from, to)`, once with their assignee and, when
/// `with_creator`, once more with their creator.
pub async fn open_actions_due(
    conn: &mut AnyConnection,
    from: i64,
    to: i64,
    with_creator: bool,
) -> Result<Vec<Due>> {
    let assignees: Vec<Due> = sqlx::query_as(
        "SELECT org_id, id, assignee_id AS user_id, due AS at, item_label AS label \
         FROM corrective_actions WHERE status = 'open' AND due >= $1 AND due < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    if !with_creator {
        return Ok(assignees);
    }
    let creators: Vec<Due> = sqlx::query_as(
        "SELECT org_id, id, created_by AS user_id, due AS at, item_label AS label \
         FROM corrective_actions WHERE status = 'open' AND due >= $1 AND due < $2 \
         AND created_by <> assignee_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    Ok(assignees.into_iter().chain(creators).collect())
}
