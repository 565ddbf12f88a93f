//! Assignments.

use super::checklists::ChecklistRow;
use super::journeys::JourneyRow;
use super::locations::LocationRow;
use super::{Visibility, auditor_filter, client_filter, from_ms, now_ms, parse_id, to_ms};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use sqlx::{Any, AnyConnection, Executor, FromRow};
use touchstone_shared::assignment::{
    Assignment, AssignmentInput, AssignmentStatus, AssignmentWindow,
};
use touchstone_shared::audit::AuditStatus;
use touchstone_shared::checklist::Checklist;
use touchstone_shared::journey::Journey;
use touchstone_shared::location::Location;
use uuid::Uuid;

#[derive(FromRow)]
pub(super) struct AssignmentRow {
    id: String,
    client_id: String,
    checklist_version_id: String,
    checklist_id: String,
    location_id: String,
    auditor_id: String,
    not_before: i64,
    due: i64,
    scenario: String,
    audit_id: Option<String>,
    audit_status: Option<String>,
    created_at: i64,
    journey_updated_at: i64,
}

impl TryFrom<AssignmentRow> for Assignment {
    type Error = Error;

    fn try_from(row: AssignmentRow) -> Result<Self> {
        Ok(Assignment {
            id: parse_id(&row.id)?,
            client_id: parse_id(&row.client_id)?,
            checklist_version_id: parse_id(&row.checklist_version_id)?,
            checklist_id: parse_id(&row.checklist_id)?,
            location_id: parse_id(&row.location_id)?,
            auditor_id: parse_id(&row.auditor_id)?,
            not_before: from_ms(row.not_before),
            due: from_ms(row.due),
            scenario: row.scenario,
            audit_id: row.audit_id.as_deref().map(parse_id).transpose()?,
            status: match row.audit_status.as_deref() {
                None => AssignmentStatus::Open,
                Some(s) => AuditStatus::parse(s)
                    .map(|s| AssignmentStatus::from(Some(s)))
                    .ok_or_else(|| Error::internal(format!("unknown audit status {s}")))?,
            },
            created_at: from_ms(row.created_at),
            journey_updated_at: Some(from_ms(row.journey_updated_at)),
        })
    }
}

/// The columns of an [`AssignmentRow`].
macro_rules! select {
    () => {
        "SELECT a.id, a.client_id, a.checklist_version_id, v.checklist_id, a.location_id, \
         a.auditor_id, a.not_before, a.due, a.scenario, au.id AS audit_id, au.status AS audit_status, \
         a.created_at, j.updated_at AS journey_updated_at "
    };
}

/// Assignments with their checklist version, checklist, journey and audit (if any).
macro_rules! from {
    () => {
        "FROM assignments a JOIN checklist_versions v ON v.id = a.checklist_version_id \
         JOIN checklists c ON c.id = v.checklist_id JOIN journeys j ON j.id = c.journey_id \
         LEFT JOIN audits au ON au.assignment_id = a.id "
    };
}

macro_rules! columns {
    () => {
        concat!(select!(), from!())
    };
}

/// Creates an assignment; the caller has checked that its parts belong to `client_id`.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
    checklist_id: Uuid,
    input: &AssignmentInput,
) -> Result<Assignment> {
    let assignment = Assignment {
        id: Uuid::now_v7(),
        client_id,
        checklist_version_id: input.checklist_version_id,
        checklist_id,
        location_id: input.location_id,
        auditor_id: input.auditor_id,
        not_before: input.not_before,
        due: input.due,
        scenario: input.scenario.trim().to_owned(),
        audit_id: None,
        status: AssignmentStatus::Open,
        created_at: from_ms(now_ms()),
        // Not looked up for a creation: the phone reads it from the listing.
        journey_updated_at: None,
    };
    sqlx::query(
        "INSERT INTO assignments (id, org_id, client_id, checklist_version_id, location_id, \
         auditor_id, not_before, due, scenario, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(assignment.id.to_string())
    .bind(org_id.to_string())
    .bind(client_id.to_string())
    .bind(assignment.checklist_version_id.to_string())
    .bind(assignment.location_id.to_string())
    .bind(assignment.auditor_id.to_string())
    .bind(to_ms(assignment.not_before))
    .bind(to_ms(assignment.due))
    .bind(&assignment.scenario)
    .bind(to_ms(assignment.created_at))
    .execute(ex)
    .await?;
    Ok(assignment)
}

/// An assignment the caller may see.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    assignment_id: Uuid,
) -> Result<Assignment> {
    let query = sqlx::query_as::<_, AssignmentRow>(concat!(
        columns!(),
        "WHERE a.org_id = $1 AND ",
        client_filter!("a."),
        " AND ",
        auditor_filter!("a."),
        " AND a.id = $4"
    ));
    let query = vis.bind_all(query).bind(assignment_id.to_string());
    super::fetch_one_of(query, ex, "assignment").await
}

/// An assignment the caller may see with what saving its audit needs, read at once.
pub struct SaveContext {
    pub assignment: Assignment,
    pub checklist: Checklist,
    pub journey: Journey,
    pub location: Location,
}

#[derive(FromRow)]
struct SaveContextRow {
    #[sqlx(flatten)]
    assignment: AssignmentRow,
    checklist_client_id: String,
    journey_id: String,
    number: i64,
    content: String,
    version_created_at: i64,
    journey_client_id: String,
    journey_name: String,
    stages: String,
    location_client_id: String,
    code: String,
    name: String,
    address: String,
    region: String,
    lat: f64,
    lon: f64,
    radius_m: f64,
    polygon: Option<String>,
    time_zone: String,
    location_created_at: i64,
}

impl TryFrom<SaveContextRow> for SaveContext {
    type Error = Error;

    fn try_from(row: SaveContextRow) -> Result<Self> {
        let a = &row.assignment;
        let checklist = ChecklistRow {
            checklist_id: a.checklist_id.clone(),
            client_id: row.checklist_client_id,
            journey_id: row.journey_id.clone(),
            version_id: a.checklist_version_id.clone(),
            number: row.number,
            content: row.content,
            created_at: row.version_created_at,
        };
        let journey = JourneyRow {
            id: row.journey_id,
            client_id: row.journey_client_id,
            name: row.journey_name,
            stages: row.stages,
            updated_at: a.journey_updated_at,
        };
        let location = LocationRow {
            id: a.location_id.clone(),
            client_id: row.location_client_id,
            code: row.code,
            name: row.name,
            address: row.address,
            region: row.region,
            lat: row.lat,
            lon: row.lon,
            radius_m: row.radius_m,
            polygon: row.polygon,
            time_zone: row.time_zone,
            created_at: row.location_created_at,
        };
        Ok(SaveContext {
            assignment: row.assignment.try_into()?,
            checklist: checklist.try_into()?,
            journey: journey.try_into()?,
            location: location.try_into()?,
        })
    }
}

/// [`get`] with the assignment's checklist version, journey and location: one query where an
/// audit's save used to read four times.
pub async fn get_for_save<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    assignment_id: Uuid,
) -> Result<SaveContext> {
    let query = sqlx::query_as::<_, SaveContextRow>(concat!(
        select!(),
        ", c.client_id AS checklist_client_id, c.journey_id, v.number, v.content, \
         v.created_at AS version_created_at, j.client_id AS journey_client_id, \
         j.name AS journey_name, j.stages, l.client_id AS location_client_id, l.code, l.name, \
         l.address, l.region, l.lat, l.lon, l.radius_m, l.polygon, l.time_zone, \
         l.created_at AS location_created_at ",
        from!(),
        "JOIN locations l ON l.id = a.location_id \
         WHERE a.org_id = $1 AND c.org_id = a.org_id AND j.org_id = a.org_id \
         AND l.org_id = a.org_id AND ",
        client_filter!("a."),
        " AND ",
        auditor_filter!("a."),
        " AND a.id = $4"
    ));
    let query = vis.bind_all(query).bind(assignment_id.to_string());
    super::fetch_one_of(query, ex, "assignment").await
}

/// Filters of an assignment listing.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentFilter {
    /// Only this client's.
    pub client_id: Option<Uuid>,
    /// Only this auditor's.
    pub auditor_id: Option<Uuid>,
    /// Only those at this location.
    pub location_id: Option<Uuid>,
    /// Only those in this state.
    pub status: Option<AssignmentStatus>,
    /// Only those whose window (not before … due) ends at or after this time (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Only those whose window starts before this time (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
}

/// A page of the assignments the caller may see, in order of creation.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    vis: &Visibility,
    filter: &AssignmentFilter,
) -> Result<(Vec<Assignment>, Option<String>)> {
    let limit = super::page_limit(filter.limit);
    let q = sqlx::query_as::<_, AssignmentRow>(concat!(
        columns!(),
        "WHERE a.org_id = $1 AND ",
        client_filter!("a."),
        " AND ",
        auditor_filter!("a."),
        " AND ($4 = '' OR a.client_id = $4) AND ($5 = '' OR a.auditor_id = $5) \
         AND ($6 = '' OR a.location_id = $6) \
         AND ($7 = '' OR (CASE WHEN au.status IS NULL THEN 'open' ELSE au.status END) = $7) \
         AND a.due >= $8 AND a.not_before < $9 \
         AND a.id > $10 ORDER BY a.id LIMIT $11"
    ));
    let text = |u: Option<Uuid>| u.map(|u| u.to_string()).unwrap_or_default();
    let query = vis
        .bind_all(q)
        .bind(text(filter.client_id))
        .bind(text(filter.auditor_id))
        .bind(text(filter.location_id))
        .bind(
            filter
                .status
                .map(AssignmentStatus::as_str)
                .unwrap_or_default(),
        )
        .bind(filter.from.map_or(i64::MIN, to_ms))
        .bind(filter.to.map_or(i64::MAX, to_ms))
        .bind(filter.cursor.clone().unwrap_or_default())
        .bind(limit + 1);
    super::fetch_page(query, ex, limit, |t: &Assignment| t.id).await
}

/// Moves an assignment's visit window (and that of the panel job it came from, if any);
/// false when the organisation has no such assignment.
pub async fn set_window(
    conn: &mut AnyConnection,
    org_id: Uuid,
    id: Uuid,
    window: &AssignmentWindow,
) -> Result<bool> {
    let (not_before, due) = (to_ms(window.not_before), to_ms(window.due));
    // The assignment, then the panel job it came from (if any) keeps the same window.
    let mut moved = Vec::with_capacity(2);
    for sql in [
        "UPDATE assignments SET not_before = $3, due = $4 WHERE org_id = $1 AND id = $2",
        "UPDATE panel_jobs SET not_before = $3, due = $4 WHERE org_id = $1 AND assignment_id = $2",
    ] {
        let done = sqlx::query(sql)
            .bind(org_id.to_string())
            .bind(id.to_string())
            .bind(not_before)
            .bind(due)
            .execute(&mut *conn)
            .await?;
        moved.push(done.rows_affected());
    }
    Ok(moved.first() == Some(&1))
}
