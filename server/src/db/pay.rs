//! Shoppers' pay, read from claimed jobs and their audits.

use super::{from_json, parse_id, to_ms};
use crate::error::{Error, Result};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::panel::{JobTerms, PayLine};
use touchstone_shared::pay::{Adjustment, PayStatus};
use uuid::Uuid;

#[derive(FromRow)]
struct PayRow {
    id: String,
    shopper_id: String,
    shopper_name: String,
    location_name: String,
    terms: String,
    receipt_minor: Option<i64>,
    adjustment_minor: i64,
    audit_status: Option<String>,
    approved_at: Option<i64>,
    paid_fee_minor: Option<i64>,
    paid_reimbursement_minor: Option<i64>,
    paid_adjustment_minor: Option<i64>,
    paid_total_minor: Option<i64>,
    paid_currency: Option<String>,
    paid_approved_at: Option<i64>,
}

impl TryFrom<PayRow> for PayLine {
    type Error = Error;

    /// The line as its job reads now, or, once paid, as its ledger froze it.
    fn try_from(row: PayRow) -> Result<Self> {
        let approved = row.audit_status.as_deref() == Some("approved");
        let (fee_minor, reimbursement_minor, adjustment_minor, total_minor, currency, status) =
            match (
                row.paid_fee_minor,
                row.paid_reimbursement_minor,
                row.paid_adjustment_minor,
                row.paid_total_minor,
                row.paid_currency,
            ) {
                (Some(fee), Some(reimbursement), Some(adjustment), Some(total), Some(currency)) => {
                    (
                        fee,
                        reimbursement,
                        adjustment,
                        total,
                        currency,
                        PayStatus::Paid,
                    )
                }
                _ => {
                    let terms: JobTerms = from_json(&row.terms)?;
                    let reimbursement = row
                        .receipt_minor
                        .unwrap_or(0)
                        .clamp(0, terms.reimbursement_cap_minor);
                    (
                        terms.fee_minor,
                        reimbursement,
                        row.adjustment_minor,
                        terms.fee_minor + reimbursement + row.adjustment_minor,
                        terms.currency,
                        PayStatus::of(false, approved),
                    )
                }
            };
        Ok(PayLine {
            job_id: parse_id(&row.id)?,
            shopper_id: parse_id(&row.shopper_id)?,
            shopper_name: row.shopper_name,
            location_name: row.location_name,
            fee_minor,
            reimbursement_minor,
            adjustment_minor,
            total_minor,
            currency,
            payable: status != PayStatus::Pending,
            status,
        })
    }
}

/// Which pay lines to read.
#[derive(Debug, Default, Clone, Copy)]
pub struct LineFilter {
    /// One shopper's, or (`None`) all.
    pub shopper_id: Option<Uuid>,
    /// Only lines whose audit is approved (paid lines whose audit was since returned are
    /// left out too).
    pub payable_only: bool,
    /// Only lines not yet frozen into a ledger.
    pub unfrozen_only: bool,
    /// Only lines approved in `[from, to)` (Unix ms).
    pub approved_between: Option<(i64, i64)>,
}

/// A pay line and when its audit was approved.
pub struct DatedLine {
    /// The line.
    pub line: PayLine,
    /// Approval (Unix ms), when approved.
    pub approved_at: Option<i64>,
}

/// Pay lines of claimed jobs as `filter` selects them: the fee, the receipt up to the cap
/// and the adjustments (the job's own and every bonus or deduction line); a paid line as its
/// ledger holds it.
pub async fn lines<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    filter: LineFilter,
) -> Result<Vec<DatedLine>> {
    let (from, to) = filter.approved_between.unwrap_or((i64::MIN, i64::MAX));
    let rows = sqlx::query_as::<_, PayRow>(
        "SELECT j.id, j.shopper_id, u.name AS shopper_name, l.name AS location_name, j.terms, \
         j.receipt_minor, j.adjustment_minor + CAST(COALESCE((SELECT SUM(a.amount_minor) \
         FROM pay_adjustments a WHERE a.org_id = j.org_id AND a.job_id = j.id), 0) AS BIGINT) \
         AS adjustment_minor, au.status AS audit_status, au.approved_at, \
         p.fee_minor AS paid_fee_minor, p.reimbursement_minor AS paid_reimbursement_minor, \
         p.adjustment_minor AS paid_adjustment_minor, p.total_minor AS paid_total_minor, \
         p.currency AS paid_currency, p.approved_at AS paid_approved_at FROM panel_jobs j \
         JOIN users u ON u.id = j.shopper_id JOIN locations l ON l.id = j.location_id \
         LEFT JOIN audits au ON au.assignment_id = j.assignment_id \
         LEFT JOIN pay_ledger_lines p ON p.job_id = j.id \
         WHERE j.org_id = $1 AND j.status = 'claimed' AND ($2 = '' OR j.shopper_id = $2) \
         AND ($3 = 0 OR au.status = 'approved') AND ($4 = 0 OR p.job_id IS NULL) \
         AND ($5 = 0 OR (au.approved_at >= $6 AND au.approved_at < $7)) ORDER BY u.name, j.id",
    )
    .bind(org_id.to_string())
    .bind(filter.shopper_id.map(|s| s.to_string()).unwrap_or_default())
    .bind(i64::from(filter.payable_only))
    .bind(i64::from(filter.unfrozen_only))
    .bind(i64::from(filter.approved_between.is_some()))
    .bind(from)
    .bind(to)
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|row| {
            let approved_at = row.paid_approved_at.or(row.approved_at);
            Ok(DatedLine {
                line: PayLine::try_from(row)?,
                approved_at,
            })
        })
        .collect()
}

/// Adds a bonus or deduction line to a job.
pub async fn insert_adjustment<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    a: &Adjustment,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO pay_adjustments (id, org_id, job_id, amount_minor, currency, reason, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(a.id.to_string())
    .bind(org_id.to_string())
    .bind(a.job_id.to_string())
    .bind(a.amount_minor)
    .bind(&a.currency)
    .bind(&a.reason)
    .bind(a.created_by.to_string())
    .bind(to_ms(a.created_at))
    .execute(ex)
    .await?;
    Ok(())
}

/// Drops a job's bonus and deduction lines (the job went back to the board).
pub async fn delete_adjustments<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    job_id: Uuid,
) -> Result<()> {
    sqlx::query("DELETE FROM pay_adjustments WHERE org_id = $1 AND job_id = $2")
        .bind(org_id.to_string())
        .bind(job_id.to_string())
        .execute(ex)
        .await?;
    Ok(())
}

/// Records a job's receipt amount.
pub async fn set_receipt<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    job_id: Uuid,
    amount_minor: i64,
) -> Result<()> {
    sqlx::query("UPDATE panel_jobs SET receipt_minor = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id.to_string())
        .bind(job_id.to_string())
        .bind(amount_minor)
        .execute(ex)
        .await?;
    Ok(())
}

/// The claimed job an assignment fulfils, with its terms, if it is one.
pub async fn job_of_assignment<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    assignment_id: Uuid,
) -> Result<Option<(Uuid, JobTerms)>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT id, terms FROM panel_jobs WHERE org_id = $1 AND assignment_id = $2 \
         AND status = 'claimed'",
    )
    .bind(org_id.to_string())
    .bind(assignment_id.to_string())
    .fetch_optional(ex)
    .await?;
    row.map(|(id, terms)| Ok((parse_id(&id)?, from_json(&terms)?)))
        .transpose()
}
