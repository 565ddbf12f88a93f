//! Corrective actions.

use super::{Visibility, client_filter, from_json, from_ms, now_ms, parse_id, to_json};
use crate::error::{Error, Result};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::action::{ActionStatus, CorrectiveAction};
use uuid::Uuid;

#[derive(FromRow)]
struct ActionRow {
    id: String,
    client_id: String,
    location_id: String,
    audit_id: String,
    item_id: String,
    item_label: String,
    assignee_id: String,
    due: i64,
    note: String,
    status: String,
    resolution: String,
    resolution_photos: String,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<ActionRow> for CorrectiveAction {
    type Error = Error;

    fn try_from(row: ActionRow) -> Result<Self> {
        let status = ActionStatus::parse(&row.status)
            .ok_or_else(|| Error::internal(format!("stored action status `{}`", row.status)))?;
        Ok(CorrectiveAction {
            id: parse_id(&row.id)?,
            client_id: parse_id(&row.client_id)?,
            location_id: parse_id(&row.location_id)?,
            audit_id: parse_id(&row.audit_id)?,
            item_id: parse_id(&row.item_id)?,
            item_label: row.item_label,
            assignee_id: parse_id(&row.assignee_id)?,
            due: from_ms(row.due),
            note: row.note,
            status,
            resolution: row.resolution,
            resolution_photos: from_json(&row.resolution_photos)?,
            overdue: status == ActionStatus::Open && row.due < now_ms(),
            created_at: from_ms(row.created_at),
            updated_at: from_ms(row.updated_at),
        })
    }
}

macro_rules! columns {
    () => {
        "SELECT id, client_id, location_id, audit_id, item_id, item_label, assignee_id, due, note, \
         status, resolution, resolution_photos, created_at, updated_at FROM corrective_actions "
    };
}

/// Stores a new action.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    created_by: Uuid,
    action: &CorrectiveAction,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO corrective_actions (id, org_id, client_id, location_id, audit_id, item_id, \
         item_label, assignee_id, due, note, status, resolution, resolution_photos, created_by, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16)",
    )
    .bind(action.id.to_string())
    .bind(org_id.to_string())
    .bind(action.client_id.to_string())
    .bind(action.location_id.to_string())
    .bind(action.audit_id.to_string())
    .bind(action.item_id.to_string())
    .bind(&action.item_label)
    .bind(action.assignee_id.to_string())
    .bind(super::to_ms(action.due))
    .bind(&action.note)
    .bind(action.status.as_str())
    .bind(&action.resolution)
    .bind(to_json(&action.resolution_photos)?)
    .bind(created_by.to_string())
    .bind(super::to_ms(action.created_at))
    .bind(super::to_ms(action.updated_at))
    .execute(ex)
    .await?;
    Ok(())
}

/// An action the caller may see.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    action_id: Uuid,
) -> Result<CorrectiveAction> {
    let query = sqlx::query_as::<_, ActionRow>(concat!(
        columns!(),
        "WHERE org_id = $1 AND ",
        client_filter!(),
        " AND id = $3"
    ));
    let query = vis.bind_clients(query).bind(action_id.to_string());
    super::fetch_one_of(query, ex, "corrective action").await
}

/// Filters of an action listing.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionFilter {
    /// Only this client's.
    pub client_id: Option<Uuid>,
    /// Only this location's.
    pub location_id: Option<Uuid>,
    /// Only in this status.
    pub status: Option<ActionStatus>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
}

/// A page of actions the caller may see, by id.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    filter: &ActionFilter,
) -> Result<(Vec<CorrectiveAction>, Option<String>)> {
    let limit = super::page_limit(filter.limit);
    let q = sqlx::query_as::<_, ActionRow>(concat!(
        columns!(),
        "WHERE org_id = $1 AND ",
        client_filter!(),
        " AND ($3 = '' OR client_id = $3) AND ($4 = '' OR location_id = $4) \
         AND ($5 = '' OR status = $5) AND id > $6 ORDER BY id LIMIT $7"
    ));
    let text = |u: Option<Uuid>| u.map(|u| u.to_string()).unwrap_or_default();
    let query = vis
        .bind_clients(q)
        .bind(text(filter.client_id))
        .bind(text(filter.location_id))
        .bind(filter.status.map_or("", ActionStatus::as_str))
        .bind(filter.cursor.clone().unwrap_or_default())
        .bind(limit + 1);
    super::fetch_page(query, ex, limit, |t: &CorrectiveAction| t.id).await
}

/// Moves an action from `from` to `to` if it is still in `from`; false otherwise.
pub async fn transition<'e>(
    ex: impl Executor<'e, Database = Any>,
    action_id: Uuid,
    from: ActionStatus,
    to: ActionStatus,
    resolution: &str,
    photos: &[String],
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE corrective_actions SET status = $3, resolution = $4, resolution_photos = $5, \
         updated_at = $6 WHERE id = $1 AND status = $2",
    )
    .bind(action_id.to_string())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(resolution)
    .bind(to_json(&photos)?)
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the item earned less than its points in the (approved) audit.
pub async fn item_failed<'e>(
    ex: impl Executor<'e, Database = Any>,
    audit_id: Uuid,
    item_id: Uuid,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM item_scores WHERE audit_id = $1 AND item_id = $2 AND earned < possible")
        .bind(audit_id.to_string())
        .bind(item_id.to_string())
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// Whether an action the caller may see shows the photo (`sha256`: 64 hex digits, checked by
/// the caller) among the photos of its fix.
pub async fn shows_photo<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    sha256: &str,
) -> Result<bool> {
    let q = sqlx::query_as::<_, (i64,)>(concat!(
        "SELECT COUNT(*) FROM corrective_actions WHERE org_id = $1 AND ",
        client_filter!(),
        " AND resolution_photos LIKE $3"
    ));
    let (count,) = vis
        .bind_clients(q)
        .bind(format!("%\"{sha256}\"%"))
        .fetch_one(ex)
        .await?;
    Ok(count > 0)
}

/// Who opened an action.
pub async fn creator<'e>(ex: impl Executor<'e, Database = Any>, action_id: Uuid) -> Result<Uuid> {
    let (id,): (String,) =
        sqlx::query_as("SELECT created_by FROM corrective_actions WHERE id = $1")
            .bind(action_id.to_string())
            .fetch_one(ex)
            .await?;
    parse_id(&id)
}
