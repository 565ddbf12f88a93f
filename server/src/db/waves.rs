//! Wave schedules and the jobs their waves create.

use super::{from_flag, from_json, from_ms, now_ms, parse_id, to_json, to_ms};
use crate::error::{Error, Result};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::panel::{JobTerms, Period, WaveSchedule, WaveScheduleInput};
use uuid::Uuid;

#[derive(FromRow)]
struct ScheduleRow {
    id: String,
    client_id: String,
    name: String,
    checklist_version_id: String,
    region: String,
    location_ids: String,
    period: String,
    every_weeks: i64,
    starts_at: i64,
    window_offset_days: i64,
    window_days: i64,
    scenarios: String,
    terms: String,
    active: i64,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<ScheduleRow> for WaveSchedule {
    type Error = Error;

    fn try_from(row: ScheduleRow) -> Result<Self> {
        let count = |v: i64| u32::try_from(v).map_err(Error::internal);
        Ok(WaveSchedule {
            id: parse_id(&row.id)?,
            client_id: parse_id(&row.client_id)?,
            input: WaveScheduleInput {
                name: row.name,
                checklist_version_id: parse_id(&row.checklist_version_id)?,
                region: row.region,
                location_ids: from_json(&row.location_ids)?,
                period: Period::parse(&row.period)
                    .ok_or_else(|| Error::internal(format!("unknown period {}", row.period)))?,
                every_weeks: count(row.every_weeks)?,
                starts_at: from_ms(row.starts_at),
                window_offset_days: count(row.window_offset_days)?,
                window_days: count(row.window_days)?,
                scenarios: from_json(&row.scenarios)?,
                terms: from_json(&row.terms)?,
                active: from_flag(row.active),
            },
            created_at: from_ms(row.created_at),
            updated_at: from_ms(row.updated_at),
        })
    }
}

const COLUMNS: &str = "SELECT id, client_id, name, checklist_version_id, region, location_ids, \
    period, every_weeks, starts_at, window_offset_days, window_days, scenarios, terms, active, \
    created_at, updated_at FROM wave_schedules ";

/// Stores a new schedule of `client_id`.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
    input: WaveScheduleInput,
) -> Result<WaveSchedule> {
    let now = from_ms(now_ms());
    let schedule = WaveSchedule {
        id: Uuid::now_v7(),
        client_id,
        input,
        created_at: now,
        updated_at: now,
    };
    let i = &schedule.input;
    sqlx::query(
        "INSERT INTO wave_schedules (id, org_id, client_id, name, checklist_version_id, region, \
         location_ids, period, every_weeks, starts_at, window_offset_days, window_days, \
         scenarios, terms, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
    )
    .bind(schedule.id.to_string())
    .bind(org_id.to_string())
    .bind(client_id.to_string())
    .bind(i.name.trim())
    .bind(i.checklist_version_id.to_string())
    .bind(i.region.trim())
    .bind(to_json(&i.location_ids)?)
    .bind(i.period.as_str())
    .bind(i64::from(i.every_weeks))
    .bind(to_ms(i.starts_at))
    .bind(i64::from(i.window_offset_days))
    .bind(i64::from(i.window_days))
    .bind(to_json(&i.scenarios)?)
    .bind(to_json(&i.terms)?)
    .bind(i64::from(i.active))
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(schedule)
}

/// Replaces a schedule's settings (its client stays).
pub async fn update<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
    i: &WaveScheduleInput,
) -> Result<()> {
    sqlx::query(
        "UPDATE wave_schedules SET name = $3, checklist_version_id = $4, region = $5, \
         location_ids = $6, period = $7, every_weeks = $8, starts_at = $9, \
         window_offset_days = $10, window_days = $11, scenarios = $12, terms = $13, \
         active = $14, updated_at = $15 WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id.to_string())
    .bind(id.to_string())
    .bind(i.name.trim())
    .bind(i.checklist_version_id.to_string())
    .bind(i.region.trim())
    .bind(to_json(&i.location_ids)?)
    .bind(i.period.as_str())
    .bind(i64::from(i.every_weeks))
    .bind(to_ms(i.starts_at))
    .bind(i64::from(i.window_offset_days))
    .bind(i64::from(i.window_days))
    .bind(to_json(&i.scenarios)?)
    .bind(to_json(&i.terms)?)
    .bind(i64::from(i.active))
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(())
}

/// One schedule of the organisation.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
) -> Result<WaveSchedule> {
    let sql = format!("{COLUMNS} WHERE org_id = $1 AND id = $2");
    let query = sqlx::query_as::<_, ScheduleRow>(sqlx::AssertSqlSafe(sql))
        .bind(org_id.to_string())
        .bind(id.to_string());
    super::fetch_one_of(query, ex, "wave schedule").await
}

/// The organisation's schedules (of every organisation with `None`: the background run).
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Option<Uuid>,
) -> Result<Vec<(Uuid, WaveSchedule)>> {
    #[derive(FromRow)]
    struct Row {
        org_id: String,
        #[sqlx(flatten)]
        schedule: ScheduleRow,
    }
    let sql = format!(
        "SELECT org_id, {} WHERE ($1 = '' OR org_id = $1) ORDER BY id",
        COLUMNS.trim_start_matches("SELECT ")
    );
    sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
        .bind(org_id.map(|o| o.to_string()).unwrap_or_default())
        .fetch_all(ex)
        .await?
        .into_iter()
        .map(|r| Ok((parse_id(&r.org_id)?, r.schedule.try_into()?)))
        .collect()
}

/// A job to create.
pub struct NewJob<'a> {
    /// Start of the wave's period.
    pub period_start: i64,
    /// Where.
    pub location_id: Uuid,
    /// The location's position.
    pub lat: f64,
    /// The location's position.
    pub lon: f64,
    /// Window start.
    pub not_before: i64,
    /// Window end.
    pub due: i64,
    /// What to do.
    pub scenario: &'a str,
}

/// Creates a job of a wave unless it exists; answers whether it did (1 or 0). The unique
/// key (schedule, period, location) makes a second run, concurrent or not, create none.
pub async fn insert_job<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    schedule: &WaveSchedule,
    terms: &JobTerms,
    job: &NewJob<'_>,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO panel_jobs (id, org_id, client_id, schedule_id, period_start, location_id, \
         checklist_version_id, lat, lon, not_before, due, scenario, terms, status, late_counted, \
         adjustment_minor, adjustment_reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open', 0, 0, '', $14) \
         ON CONFLICT (schedule_id, period_start, location_id) DO NOTHING",
    )
    .bind(Uuid::now_v7().to_string())
    .bind(org_id.to_string())
    .bind(schedule.client_id.to_string())
    .bind(schedule.id.to_string())
    .bind(job.period_start)
    .bind(job.location_id.to_string())
    .bind(schedule.input.checklist_version_id.to_string())
    .bind(job.lat)
    .bind(job.lon)
    .bind(job.not_before)
    .bind(job.due)
    .bind(job.scenario)
    .bind(to_json(terms)?)
    .bind(now_ms())
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Removes a schedule's jobs nobody has taken in waves that start after `after` (Unix ms),
/// so they are made again from the edited schedule.
pub async fn drop_future_open_jobs<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    schedule_id: Uuid,
    after: i64,
) -> Result<u64> {
    let done = sqlx::query(
        "DELETE FROM panel_jobs WHERE org_id = $1 AND schedule_id = $2 AND status = 'open' \
         AND period_start > $3",
    )
    .bind(org_id.to_string())
    .bind(schedule_id.to_string())
    .bind(after)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// One job of a schedule as wave progress counts it.
#[derive(FromRow)]
pub struct ProgressRow {
    /// Start of its wave's period.
    pub period_start: i64,
    /// Job status.
    pub status: String,
    /// Its audit's status, once one exists.
    pub audit_status: Option<String>,
    /// Window end.
    pub due: i64,
}

/// Every job of a schedule with its audit's status, by wave.
pub async fn progress<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    schedule_id: Uuid,
) -> Result<Vec<ProgressRow>> {
    Ok(sqlx::query_as::<_, ProgressRow>(
        "SELECT j.period_start, j.status, au.status AS audit_status, j.due FROM panel_jobs j \
         LEFT JOIN audits au ON au.assignment_id = j.assignment_id \
         WHERE j.org_id = $1 AND j.schedule_id = $2 ORDER BY j.period_start",
    )
    .bind(org_id.to_string())
    .bind(schedule_id.to_string())
    .fetch_all(ex)
    .await?)
}

/// A location a schedule may visit.
#[derive(FromRow)]
pub struct Target {
    /// Id.
    pub id: String,
    /// Region.
    pub region: String,
    /// Position.
    pub lat: f64,
    /// Position.
    pub lon: f64,
}

/// Every location of a client, in order of code (the order scenarios rotate in).
pub async fn targets<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    client_id: Uuid,
) -> Result<Vec<Target>> {
    Ok(sqlx::query_as::<_, Target>(
        "SELECT id, region, lat, lon FROM locations WHERE org_id = $1 AND client_id = $2 \
         ORDER BY code",
    )
    .bind(org_id.to_string())
    .bind(client_id.to_string())
    .fetch_all(ex)
    .await?)
}
