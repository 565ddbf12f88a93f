//! The job board: jobs of waves, claimed, released and reassigned.

use super::{from_json, from_ms, parse_id};
use crate::error::{Error, Result};
use sqlx::{Any, AnyPool, Executor, FromRow};
use touchstone_shared::location::LatLon;
use touchstone_shared::panel::{Job, JobStatus};
use uuid::Uuid;

#[derive(FromRow)]
struct JobRow {
    id: String,
    schedule_id: String,
    client_id: String,
    checklist_id: String,
    location_id: String,
    location_name: String,
    address: String,
    lat: f64,
    lon: f64,
    not_before: i64,
    due: i64,
    scenario: String,
    terms: String,
    status: String,
    shopper_id: Option<String>,
    assignment_id: Option<String>,
    checklist_version_id: String,
}

/// A job with what eligibility needs beyond the wire form.
pub struct JobRecord {
    /// The job.
    pub job: Job,
    /// The checklist its visit fills in (its certification applies).
    pub checklist_id: Uuid,
    /// The checklist version.
    pub checklist_version_id: Uuid,
}

impl TryFrom<JobRow> for JobRecord {
    type Error = Error;

    fn try_from(row: JobRow) -> Result<Self> {
        let optional = |s: Option<String>| s.as_deref().map(parse_id).transpose();
        Ok(JobRecord {
            checklist_id: parse_id(&row.checklist_id)?,
            checklist_version_id: parse_id(&row.checklist_version_id)?,
            job: Job {
                id: parse_id(&row.id)?,
                schedule_id: parse_id(&row.schedule_id)?,
                client_id: parse_id(&row.client_id)?,
                checklist_id: parse_id(&row.checklist_id)?,
                location_id: parse_id(&row.location_id)?,
                location_name: row.location_name,
                address: row.address,
                position: LatLon {
                    lat: row.lat,
                    lon: row.lon,
                },
                distance_m: None,
                not_before: from_ms(row.not_before),
                due: from_ms(row.due),
                scenario: row.scenario,
                terms: from_json(&row.terms)?,
                status: JobStatus::parse(&row.status)
                    .ok_or_else(|| Error::internal(format!("unknown job status {}", row.status)))?,
                shopper_id: optional(row.shopper_id)?,
                assignment_id: optional(row.assignment_id)?,
                blocked: None,
            },
        })
    }
}

macro_rules! select_list {
    () => {
        "SELECT j.id, j.schedule_id, j.client_id, v.checklist_id, j.location_id, \
         l.name AS location_name, l.address, j.lat, j.lon, j.not_before, j.due, j.scenario, \
         j.terms, j.status, j.shopper_id, j.assignment_id, j.checklist_version_id "
    };
}

macro_rules! joins {
    () => {
        "JOIN locations l ON l.id = j.location_id \
         JOIN checklist_versions v ON v.id = j.checklist_version_id "
    };
}

macro_rules! columns {
    () => {
        concat!(select_list!(), "FROM panel_jobs j ", joins!())
    };
}

/// The squared equirectangular distance of job `j` from `($lat, $lon)` with the longitude
/// squeezed by `$squeeze` (the cosine of the latitude), for ordering only.
macro_rules! nearness {
    ($lat:literal, $lon:literal, $squeeze:literal) => {
        concat!(
            "(j.lat - ",
            $lat,
            ") * (j.lat - ",
            $lat,
            ") + (j.lon - ",
            $lon,
            ") * ",
            $squeeze,
            " * (j.lon - ",
            $lon,
            ") * ",
            $squeeze
        )
    };
}

/// A job of the organisation.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
) -> Result<JobRecord> {
    let query =
        sqlx::query_as::<_, JobRow>(concat!(columns!(), "WHERE j.org_id = $1 AND j.id = $2"))
            .bind(org_id.to_string())
            .bind(id.to_string());
    super::fetch_one_of(query, ex, "job").await
}

/// What a board lists.
pub struct BoardQuery {
    /// Only jobs in this state (`None`: any).
    pub status: Option<JobStatus>,
    /// Only this shopper's.
    pub shopper_id: Option<Uuid>,
    /// Only this schedule's.
    pub schedule_id: Option<Uuid>,
    /// Only jobs due after this (Unix ms).
    pub due_after: i64,
    /// Nearest first from here; else soonest due first.
    pub from: Option<LatLon>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// A page of jobs, nearest first from `q.from` (by an equirectangular distance, which
/// orders like the true one at a city's scale and needs no trigonometry in SQL), then by due
/// date and id. The shopper's board of open jobs near a position is [`open_near`]'s.
pub async fn board(pool: &AnyPool, org_id: Uuid, q: &BoardQuery) -> Result<Vec<JobRecord>> {
    let text = |u: Option<Uuid>| u.map(|u| u.to_string()).unwrap_or_default();
    let (near, lat, lon) = q.from.map_or((0_i64, 0.0, 0.0), |p| (1, p.lat, p.lon));
    let squeeze = lat.to_radians().cos();
    if let (Some(JobStatus::Open), None, None, Some(_)) =
        (q.status, q.shopper_id, q.schedule_id, q.from)
    {
        return open_near(pool, org_id, q, (lat, lon, squeeze)).await;
    }
    sqlx::query_as::<_, JobRow>(concat!(
        columns!(),
        "WHERE j.org_id = $1 AND ($2 = '' OR j.status = $2) AND ($3 = '' OR j.shopper_id = $3) \
         AND ($4 = '' OR j.schedule_id = $4) AND j.due > $5 \
         ORDER BY CASE WHEN $6 = 1 THEN ",
        nearness!("$7", "$8", "$9"),
        " ELSE 0 END, j.due, j.id LIMIT $10 OFFSET $11"
    ))
    .bind(org_id.to_string())
    .bind(q.status.map(JobStatus::as_str).unwrap_or_default())
    .bind(text(q.shopper_id))
    .bind(text(q.schedule_id))
    .bind(q.due_after)
    .bind(near)
    .bind(lat)
    .bind(lon)
    .bind(squeeze)
    .bind(q.limit)
    .bind(q.offset)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(JobRecord::try_from)
    .collect()
}

/// Half-sides, in degrees of latitude, of the boxes [`open_near`] searches in turn.
const NEAR_BOXES: [f64; 6] = [0.02, 0.08, 0.32, 1.28, 5.12, 20.48];

/// The board a shopper browses: open jobs nearest first from `from`, without ordering every
/// open job of the organisation. It looks in a box around `from` (by the index of open jobs
/// by latitude and longitude) and keeps the jobs inside the circle the box holds: when the
/// circle holds the page, the page is exact, since every job outside it is farther than
/// every job in it. Otherwise a box four times wider, and finally the whole board.
async fn open_near(
    pool: &AnyPool,
    org_id: Uuid,
    q: &BoardQuery,
    (lat, lon, squeeze): (f64, f64, f64),
) -> Result<Vec<JobRecord>> {
    let boxes = NEAR_BOXES.iter().map(|d| Some(*d)).chain([None]);
    for half in boxes {
        // Degrees of longitude are shorter by `squeeze`, so the box is wider than tall to
        // hold the circle; near the poles it spans every longitude.
        let (dlat, dlon, radius2) = match half {
            Some(d) if squeeze > 0.01 => (d, d / squeeze, d * d),
            Some(d) => (d, 1e3, d * d),
            None => (1e3, 1e3, 1e300),
        };
        let rows = sqlx::query_as::<_, JobRow>(concat!(
            select_list!(),
            "FROM (SELECT j.id FROM panel_jobs j WHERE j.org_id = $1 AND j.status = 'open' \
             AND j.lat BETWEEN $6 AND $7 AND j.lon BETWEEN $8 AND $9 AND j.due > $2 AND ",
            nearness!("$3", "$4", "$5"),
            " <= $10 ORDER BY ",
            nearness!("$3", "$4", "$5"),
            ", j.due, j.id LIMIT $11 OFFSET $12) page JOIN panel_jobs j ON j.id = page.id ",
            joins!(),
            "ORDER BY ",
            nearness!("$3", "$4", "$5"),
            ", j.due, j.id"
        ))
        .bind(org_id.to_string())
        .bind(q.due_after)
        .bind(lat)
        .bind(lon)
        .bind(squeeze)
        .bind(lat - dlat)
        .bind(lat + dlat)
        .bind(lon - dlon)
        .bind(lon + dlon)
        .bind(radius2)
        .bind(q.limit)
        .bind(q.offset)
        .fetch_all(pool)
        .await?;
        if half.is_none() || i64::try_from(rows.len()).unwrap_or(i64::MAX) >= q.limit {
            return rows.into_iter().map(JobRecord::try_from).collect();
        }
    }
    Ok(Vec::new())
}

/// Takes an open job for a shopper, as `status` (applied or claimed), if it is still open
/// and not past due; answers whether this call took it. One statement, so of many concurrent
/// takers exactly one wins.
pub async fn take<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
    shopper_id: Uuid,
    status: JobStatus,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE panel_jobs SET status = $3, shopper_id = $4, claimed_at = $5 \
         WHERE org_id = $1 AND id = $2 AND status = 'open' AND due > $5",
    )
    .bind(org_id.to_string())
    .bind(id.to_string())
    .bind(status.as_str())
    .bind(shopper_id.to_string())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives a job to a shopper with its assignment (staff's decision, or a granted claim).
pub async fn set_claimed<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
    shopper_id: Uuid,
    assignment_id: Uuid,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE panel_jobs SET status = 'claimed', shopper_id = $3, assignment_id = $4, \
         claimed_at = $5, late_counted = 0 WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id.to_string())
    .bind(id.to_string())
    .bind(shopper_id.to_string())
    .bind(assignment_id.to_string())
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Puts a job back on the board.
pub async fn reopen<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
) -> Result<()> {
    sqlx::query(
        "UPDATE panel_jobs SET status = 'open', shopper_id = NULL, assignment_id = NULL, \
         claimed_at = NULL WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id.to_string())
    .bind(id.to_string())
    .execute(ex)
    .await?;
    Ok(())
}

/// Deletes the assignment of a job given back (it has no audit).
pub async fn delete_assignment<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    assignment_id: Uuid,
) -> Result<()> {
    sqlx::query("DELETE FROM assignments WHERE org_id = $1 AND id = $2")
        .bind(org_id.to_string())
        .bind(assignment_id.to_string())
        .execute(ex)
        .await?;
    Ok(())
}

/// Gives an assignment (without an audit) to another auditor.
pub async fn reassign<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    assignment_id: Uuid,
    auditor_id: Uuid,
) -> Result<()> {
    sqlx::query("UPDATE assignments SET auditor_id = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id.to_string())
        .bind(assignment_id.to_string())
        .bind(auditor_id.to_string())
        .execute(ex)
        .await?;
    Ok(())
}

/// Whether an audit has been started for the assignment.
pub async fn has_audit<'e>(
    ex: impl Executor<'e, Database = Any>,
    assignment_id: Uuid,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audits WHERE assignment_id = $1")
        .bind(assignment_id.to_string())
        .fetch_one(ex)
        .await?;
    Ok(n > 0)
}

/// A visit a shopper has or applied for: where and when its window starts.
#[derive(FromRow)]
pub struct Visit {
    /// The assignment, or the job applied for.
    pub id: String,
    /// Location.
    pub location_id: String,
    /// Window start (Unix ms).
    pub not_before: i64,
}

/// A shopper's visits (assignments, and jobs applied for) whose window starts after `since`.
pub async fn visits_since<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    shopper_id: Uuid,
    since: i64,
) -> Result<Vec<Visit>> {
    Ok(sqlx::query_as::<_, Visit>(
        "SELECT id, location_id, not_before FROM assignments \
         WHERE org_id = $1 AND auditor_id = $2 AND not_before > $3 \
         UNION ALL SELECT id, location_id, not_before FROM panel_jobs \
         WHERE org_id = $1 AND shopper_id = $2 AND status = 'applied' AND not_before > $3",
    )
    .bind(org_id.to_string())
    .bind(shopper_id.to_string())
    .bind(since)
    .fetch_all(ex)
    .await?)
}

/// A claimed job whose window has ended without a submitted audit, not yet counted.
#[derive(FromRow)]
pub struct LateJob {
    /// Job.
    pub id: String,
    /// Its organisation.
    pub org_id: String,
    /// Its shopper.
    pub shopper_id: String,
}

/// Claimed jobs of any organisation past due at `now` with no audit submitted, not counted yet.
pub async fn late<'e>(ex: impl Executor<'e, Database = Any>, now: i64) -> Result<Vec<LateJob>> {
    Ok(sqlx::query_as::<_, LateJob>(
        "SELECT j.id, j.org_id, j.shopper_id FROM panel_jobs j \
         LEFT JOIN audits au ON au.assignment_id = j.assignment_id \
         WHERE j.status = 'claimed' AND j.late_counted = 0 AND j.due < $1 \
         AND (au.status IS NULL OR au.status = 'draft')",
    )
    .bind(now)
    .fetch_all(ex)
    .await?)
}

/// Marks a late job counted; answers whether this call did (so it counts once).
pub async fn count_late<'e>(ex: impl Executor<'e, Database = Any>, id: &str) -> Result<bool> {
    let done =
        sqlx::query("UPDATE panel_jobs SET late_counted = 1 WHERE id = $1 AND late_counted = 0")
            .bind(id)
            .execute(ex)
            .await?;
    Ok(done.rows_affected() == 1)
}
