//! Monthly report schedules and the reports they made.

use super::{from_json, from_ms, parse_id, to_json, to_ms};
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::report_schedule::{ReportSchedule, ScheduledReport};
use uuid::Uuid;

/// A schedule as stored.
#[derive(Debug, Clone)]
pub struct ScheduleRecord {
    /// The schedule.
    pub schedule: ReportSchedule,
    /// Organisation.
    pub org_id: Uuid,
    /// Who made it.
    pub created_by: Uuid,
}

#[derive(FromRow)]
struct ScheduleRow {
    id: String,
    org_id: String,
    created_by: String,
    client_id: String,
    recipients: String,
    next_run_at: i64,
    created_at: i64,
}

impl TryFrom<ScheduleRow> for ScheduleRecord {
    type Error = crate::error::Error;

    fn try_from(r: ScheduleRow) -> Result<Self> {
        Ok(ScheduleRecord {
            schedule: ReportSchedule {
                id: parse_id(&r.id)?,
                client_id: parse_id(&r.client_id)?,
                recipients: from_json(&r.recipients)?,
                next_run_at: from_ms(r.next_run_at),
                created_at: from_ms(r.created_at),
            },
            org_id: parse_id(&r.org_id)?,
            created_by: parse_id(&r.created_by)?,
        })
    }
}

const SCHEDULE_COLUMNS: &str = "SELECT id, org_id, created_by, client_id, recipients, next_run_at, created_at FROM report_schedules";

/// Stores a schedule.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    record: &ScheduleRecord,
) -> Result<()> {
    let s = &record.schedule;
    sqlx::query(
        "INSERT INTO report_schedules (id, org_id, created_by, client_id, recipients, \
         next_run_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(s.id.to_string())
    .bind(record.org_id.to_string())
    .bind(record.created_by.to_string())
    .bind(s.client_id.to_string())
    .bind(to_json(&s.recipients)?)
    .bind(to_ms(s.next_run_at))
    .bind(to_ms(s.created_at))
    .execute(ex)
    .await?;
    Ok(())
}

/// The organisation's schedules, newest first.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
) -> Result<Vec<ReportSchedule>> {
    let sql = format!("{SCHEDULE_COLUMNS} WHERE org_id = $1 ORDER BY created_at DESC, id");
    let rows: Vec<ScheduleRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id.to_string())
        .fetch_all(ex)
        .await?;
    rows.into_iter()
        .map(|r| Ok(ScheduleRecord::try_from(r)?.schedule))
        .collect()
}

/// A schedule of the organisation.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<ScheduleRecord>> {
    let sql = format!("{SCHEDULE_COLUMNS} WHERE org_id = $1 AND id = $2");
    let row: Option<ScheduleRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org_id.to_string())
        .bind(id.to_string())
        .fetch_optional(ex)
        .await?;
    row.map(ScheduleRecord::try_from).transpose()
}

/// Every schedule due at `now`, of any organisation.
pub async fn due<'e>(
    ex: impl Executor<'e, Database = Any>,
    now: i64,
) -> Result<Vec<ScheduleRecord>> {
    let sql = format!("{SCHEDULE_COLUMNS} WHERE next_run_at <= $1 ORDER BY next_run_at, id");
    let rows: Vec<ScheduleRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .fetch_all(ex)
        .await?;
    rows.into_iter().map(ScheduleRecord::try_from).collect()
}

/// Moves a schedule's next run from `from` to `to`; false when another server did first.
pub async fn claim<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: Uuid,
    from: i64,
    to: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE report_schedules SET next_run_at = $3 WHERE id = $1 AND next_run_at = $2",
    )
    .bind(id.to_string())
    .bind(from)
    .bind(to)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes a schedule of the organisation (the reports it made stay); false when it has
/// none with the id.
pub async fn delete<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
) -> Result<bool> {
    super::delete_of_org(ex, "report_schedules", org_id, id).await
}

/// Keeps a report a schedule made.
pub async fn insert_report<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    report: &ScheduledReport,
    pdf: &[u8],
) -> Result<()> {
    sqlx::query(
        "INSERT INTO scheduled_reports (id, schedule_id, org_id, client_id, period_from, \
         period_to, recipients, file_name, pdf, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(report.id.to_string())
    .bind(report.schedule_id.to_string())
    .bind(org_id.to_string())
    .bind(report.client_id.to_string())
    .bind(to_ms(report.from))
    .bind(to_ms(report.to))
    .bind(to_json(&report.recipients)?)
    .bind(report.file_name.clone())
    .bind(pdf.to_vec())
    .bind(to_ms(report.created_at))
    .execute(ex)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct ReportRow {
    id: String,
    schedule_id: String,
    client_id: String,
    period_from: i64,
    period_to: i64,
    recipients: String,
    file_name: String,
    created_at: i64,
}

/// The organisation's kept reports, newest first (without their files).
pub async fn reports<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
) -> Result<Vec<ScheduledReport>> {
    let rows: Vec<ReportRow> = sqlx::query_as(
        "SELECT id, schedule_id, client_id, period_from, period_to, recipients, file_name, \
         created_at FROM scheduled_reports WHERE org_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(org_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ScheduledReport {
                id: parse_id(&r.id)?,
                schedule_id: parse_id(&r.schedule_id)?,
                client_id: parse_id(&r.client_id)?,
                from: from_ms(r.period_from),
                to: from_ms(r.period_to),
                recipients: from_json(&r.recipients)?,
                file_name: r.file_name,
                created_at: from_ms(r.created_at),
            })
        })
        .collect()
}

/// A kept report's file name and PDF.
pub async fn report_file<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<(String, Vec<u8>)>> {
    let row: Option<(String, Vec<u8>)> = sqlx::query_as(
        "SELECT file_name, pdf FROM scheduled_reports WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id.to_string())
    .bind(id.to_string())
    .fetch_optional(ex)
    .await?;
    Ok(row)
}
