//! Checklists and their immutable-once-used versions.

use super::{ListQuery, Visibility, client_filter, from_json, from_ms, now_ms, parse_id, to_json};
use crate::error::{Error, Result};
use sqlx::{Any, AnyConnection, Executor, FromRow};
use touchstone_shared::checklist::{Checklist, ChecklistContent, ChecklistVersion};
use uuid::Uuid;

#[derive(FromRow)]
pub(super) struct ChecklistRow {
    pub(super) checklist_id: String,
    pub(super) client_id: String,
    pub(super) journey_id: String,
    pub(super) version_id: String,
    pub(super) number: i64,
    pub(super) content: String,
    pub(super) created_at: i64,
}

impl TryFrom<ChecklistRow> for Checklist {
    type Error = Error;

    fn try_from(row: ChecklistRow) -> Result<Self> {
        Ok(Checklist {
            id: parse_id(&row.checklist_id)?,
            client_id: parse_id(&row.client_id)?,
            journey_id: parse_id(&row.journey_id)?,
            version: ChecklistVersion {
                id: parse_id(&row.version_id)?,
                number: i32::try_from(row.number).map_err(Error::internal)?,
                content: from_json(&row.content)?,
                created_at: from_ms(row.created_at),
            },
        })
    }
}

macro_rules! columns {
    () => {
        "SELECT c.id AS checklist_id, c.client_id, c.journey_id, v.id AS version_id, v.number, \
         v.content, v.created_at FROM checklists c JOIN checklist_versions v "
    };
}

/// Creates a checklist with its first version.
pub async fn insert(
    conn: &mut AnyConnection,
    org_id: Uuid,
    client_id: Uuid,
    journey_id: Uuid,
    content: &ChecklistContent,
) -> Result<Checklist> {
    let checklist_id = Uuid::now_v7();
    let version_id = Uuid::now_v7();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO checklists (id, org_id, client_id, journey_id, current_version_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(checklist_id.to_string())
    .bind(org_id.to_string())
    .bind(client_id.to_string())
    .bind(journey_id.to_string())
    .bind(version_id.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    insert_version(conn, checklist_id, version_id, 1, content, now).await?;
    Ok(Checklist {
        id: checklist_id,
        client_id,
        journey_id,
        version: ChecklistVersion {
            id: version_id,
            number: 1,
            content: content.clone(),
            created_at: from_ms(now),
        },
    })
}

async fn insert_version(
    conn: &mut AnyConnection,
    checklist_id: Uuid,
    version_id: Uuid,
    number: i64,
    content: &ChecklistContent,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO checklist_versions (id, checklist_id, number, content, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(version_id.to_string())
    .bind(checklist_id.to_string())
    .bind(number)
    .bind(to_json(content)?)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A checklist with its current version.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    checklist_id: Uuid,
) -> Result<Checklist> {
    let query = sqlx::query_as::<_, ChecklistRow>(concat!(
        columns!(),
        "ON v.id = c.current_version_id WHERE c.org_id = $1 AND ",
        client_filter!("c."),
        " AND c.id = $3"
    ));
    let query = vis.bind_clients(query).bind(checklist_id.to_string());
    super::fetch_one_of(query, ex, "checklist").await
}

/// A specific version, with its checklist's client and journey.
pub async fn get_version<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    version_id: Uuid,
) -> Result<Checklist> {
    let query = sqlx::query_as::<_, ChecklistRow>(concat!(
        columns!(),
        "ON v.checklist_id = c.id WHERE c.org_id = $1 AND ",
        client_filter!("c."),
        " AND v.id = $3"
    ));
    let query = vis.bind_clients(query).bind(version_id.to_string());
    super::fetch_one_of(query, ex, "checklist version").await
}

/// A page of checklists (current versions) the caller may see, optionally of one client.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    q: &ListQuery,
) -> Result<(Vec<Checklist>, Option<String>)> {
    let sql = concat!(
        columns!(),
        "ON v.id = c.current_version_id WHERE c.org_id = $1 AND ",
        client_filter!("c."),
        " AND ($3 = '' OR c.client_id = $3) AND c.id > $4 ORDER BY c.id LIMIT $5"
    );
    super::page_by_client::<ChecklistRow, _>(ex, sql, vis, q, |t: &Checklist| t.id).await
}

/// Whether an assignment or audit refers to the version, which then may not change.
pub async fn version_in_use<'e>(
    ex: impl Executor<'e, Database = Any>,
    version_id: Uuid,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM assignments WHERE checklist_version_id = $1) + \
         (SELECT COUNT(*) FROM audits WHERE checklist_version_id = $1)",
    )
    .bind(version_id.to_string())
    .fetch_one(ex)
    .await?;
    Ok(n > 0)
}

/// Saves an edit: in place while the current version is unused, otherwise as a new version
/// that becomes current. Returns the checklist as it now is.
pub async fn save_edit(
    conn: &mut AnyConnection,
    current: &Checklist,
    content: &ChecklistContent,
) -> Result<Checklist> {
    let now = now_ms();
    let version = if version_in_use(&mut *conn, current.version.id).await? {
        let version_id = Uuid::now_v7();
        let number = current.version.number + 1;
        insert_version(
            conn,
            current.id,
            version_id,
            i64::from(number),
            content,
            now,
        )
        .await?;
        ChecklistVersion {
            id: version_id,
            number,
            content: content.clone(),
            created_at: from_ms(now),
        }
    } else {
        sqlx::query("UPDATE checklist_versions SET content = $2, created_at = $3 WHERE id = $1")
            .bind(current.version.id.to_string())
            .bind(to_json(content)?)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        ChecklistVersion {
            content: content.clone(),
            created_at: from_ms(now),
            ..current.version.clone()
        }
    };
    sqlx::query("UPDATE checklists SET current_version_id = $2 WHERE id = $1")
        .bind(current.id.to_string())
        .bind(version.id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(Checklist {
        version,
        ..current.clone()
    })
}

/// The label of every item any version of the client's checklists has had (the newest wins).
pub async fn item_labels<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
) -> Result<std::collections::HashMap<Uuid, String>> {
    let sql = "SELECT v.content FROM checklist_versions v JOIN checklists c ON c.id = v.checklist_id \
               WHERE c.org_id = $1 AND c.client_id = $2 ORDER BY v.created_at";
    let mut labels = std::collections::HashMap::new();
    for content in contents(ex, sql, org_id, client_id).await? {
        for (_, item) in content.items() {
            labels.insert(item.id, item.label.clone());
        }
    }
    Ok(labels)
}

/// The current version of every checklist built on the journey.
pub async fn current_contents_of_journey<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    journey_id: Uuid,
) -> Result<Vec<ChecklistContent>> {
    let sql = "SELECT v.content FROM checklists c JOIN checklist_versions v ON v.id = c.current_version_id \
               WHERE c.org_id = $1 AND c.journey_id = $2 ORDER BY c.id";
    contents(ex, sql, org_id, journey_id).await
}

/// Checklist contents selected by `sql` with the organisation (`$1`) and one id (`$2`).
async fn contents<'e>(
    ex: impl Executor<'e, Database = Any>,
    sql: &'static str,
    org_id: Uuid,
    id: Uuid,
) -> Result<Vec<ChecklistContent>> {
    let rows: Vec<String> = sqlx::query_scalar(sql)
        .bind(org_id.to_string())
        .bind(id.to_string())
        .fetch_all(ex)
        .await?;
    rows.iter().map(|c| from_json(c)).collect()
}
