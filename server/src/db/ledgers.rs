//! Closed pay periods and the lines frozen into them.

use super::{from_ms, parse_id, to_ms};
use crate::error::{Error, Result};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::panel::PayLine;
use touchstone_shared::pay::{LedgerLine, PayStatus};
use uuid::Uuid;

/// A ledger as stored, without its lines.
#[derive(FromRow)]
pub struct LedgerRow {
    /// Id.
    pub id: String,
    /// First day, `YYYY-MM-DD`.
    pub period_from: String,
    /// Last day.
    pub period_to: String,
    /// The zone its days were counted in.
    pub time_zone: String,
    /// Start of the first day (Unix ms).
    pub starts_at: i64,
    /// Start of the day after the last.
    pub ends_at: i64,
    /// When it was closed.
    pub closed_at: i64,
}

/// A new ledger.
pub struct NewLedger<'a> {
    /// Id.
    pub id: Uuid,
    /// First day, `YYYY-MM-DD`.
    pub from: &'a str,
    /// Last day.
    pub to: &'a str,
    /// Zone name.
    pub time_zone: &'a str,
    /// Start of the first day (Unix ms).
    pub starts_at: i64,
    /// Start of the day after the last.
    pub ends_at: i64,
    /// Who closes it.
    pub closed_by: Uuid,
    /// When.
    pub closed_at: i64,
}

/// Inserts the ledger unless the organisation already closed this period; answers whether
/// this call did. Concurrent closes of one period insert one row (the unique key).
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    l: &NewLedger<'_>,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO pay_ledgers (id, org_id, period_from, period_to, time_zone, starts_at, \
         ends_at, closed_by, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (org_id, period_from, period_to) DO NOTHING",
    )
    .bind(l.id.to_string())
    .bind(org_id.to_string())
    .bind(l.from)
    .bind(l.to)
    .bind(l.time_zone)
    .bind(l.starts_at)
    .bind(l.ends_at)
    .bind(l.closed_by.to_string())
    .bind(l.closed_at)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

macro_rules! columns {
    () => {
        "SELECT id, period_from, period_to, time_zone, starts_at, ends_at, closed_at \
         FROM pay_ledgers "
    };
}

/// The ledger of a period, if it was closed.
pub async fn find_period<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    from: &str,
    to: &str,
) -> Result<Option<LedgerRow>> {
    Ok(sqlx::query_as::<_, LedgerRow>(concat!(
        columns!(),
        "WHERE org_id = $1 AND period_from = $2 AND period_to = $3"
    ))
    .bind(org_id.to_string())
    .bind(from)
    .bind(to)
    .fetch_optional(ex)
    .await?)
}

/// Another ledger of the organisation whose instants overlap `[starts_at, ends_at)`.
pub async fn overlapping<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    starts_at: i64,
    ends_at: i64,
) -> Result<Option<LedgerRow>> {
    Ok(sqlx::query_as::<_, LedgerRow>(concat!(
        columns!(),
        "WHERE org_id = $1 AND starts_at < $3 AND ends_at > $2 LIMIT 1"
    ))
    .bind(org_id.to_string())
    .bind(starts_at)
    .bind(ends_at)
    .fetch_optional(ex)
    .await?)
}

/// A ledger of the organisation.
pub async fn get<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    id: Uuid,
) -> Result<LedgerRow> {
    let query =
        sqlx::query_as::<_, LedgerRow>(concat!(columns!(), "WHERE org_id = $1 AND id = $2"));
    query
        .bind(org_id.to_string())
        .bind(id.to_string())
        .fetch_optional(ex)
        .await?
        .ok_or(Error::NotFound("pay period"))
}

/// The organisation's ledgers, newest period first.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
) -> Result<Vec<LedgerRow>> {
    Ok(sqlx::query_as::<_, LedgerRow>(concat!(
        columns!(),
        "WHERE org_id = $1 ORDER BY starts_at DESC, id LIMIT 500"
    ))
    .bind(org_id.to_string())
    .fetch_all(ex)
    .await?)
}

/// Freezes a line into a ledger, unless its job is already paid in one (a concurrent close
/// of an overlapping period); answers whether it did.
pub async fn insert_line<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    ledger_id: Uuid,
    l: &LedgerLine,
) -> Result<bool> {
    let p = &l.line;
    let done = sqlx::query(
        "INSERT INTO pay_ledger_lines (job_id, ledger_id, org_id, shopper_id, shopper_name, \
         location_name, approved_at, fee_minor, reimbursement_minor, adjustment_minor, \
         total_minor, currency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (job_id) DO NOTHING",
    )
    .bind(p.job_id.to_string())
    .bind(ledger_id.to_string())
    .bind(org_id.to_string())
    .bind(p.shopper_id.to_string())
    .bind(&p.shopper_name)
    .bind(&p.location_name)
    .bind(to_ms(l.approved_at))
    .bind(p.fee_minor)
    .bind(p.reimbursement_minor)
    .bind(p.adjustment_minor)
    .bind(p.total_minor)
    .bind(&p.currency)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(FromRow)]
struct LineRow {
    job_id: String,
    shopper_id: String,
    shopper_name: String,
    location_name: String,
    approved_at: i64,
    fee_minor: i64,
    reimbursement_minor: i64,
    adjustment_minor: i64,
    total_minor: i64,
    currency: String,
}

/// A ledger's lines, by shopper.
pub async fn lines<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    ledger_id: Uuid,
) -> Result<Vec<LedgerLine>> {
    sqlx::query_as::<_, LineRow>(
        "SELECT job_id, shopper_id, shopper_name, location_name, approved_at, fee_minor, \
         reimbursement_minor, adjustment_minor, total_minor, currency FROM pay_ledger_lines \
         WHERE org_id = $1 AND ledger_id = $2 ORDER BY shopper_name, shopper_id, job_id",
    )
    .bind(org_id.to_string())
    .bind(ledger_id.to_string())
    .fetch_all(ex)
    .await?
    .into_iter()
    .map(|r| {
        Ok(LedgerLine {
            approved_at: from_ms(r.approved_at),
            line: PayLine {
                job_id: parse_id(&r.job_id)?,
                shopper_id: parse_id(&r.shopper_id)?,
                shopper_name: r.shopper_name,
                location_name: r.location_name,
                fee_minor: r.fee_minor,
                reimbursement_minor: r.reimbursement_minor,
                adjustment_minor: r.adjustment_minor,
                total_minor: r.total_minor,
                currency: r.currency,
                payable: true,
                status: PayStatus::Paid,
            },
        })
    })
    .collect()
}

/// Whether a job's pay is frozen in a ledger.
pub async fn is_frozen<'e>(ex: impl Executor<'e, Database = Any>, job_id: Uuid) -> Result<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM pay_ledger_lines WHERE job_id = $1")
            .bind(job_id.to_string())
            .fetch_one(ex)
            .await?
            > 0,
    )
}
