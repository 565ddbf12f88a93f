//! Shoppers' pay, read from claimed jobs and their audits.

use super::{from_json, parse_id};
use crate::error::{Error, Result};
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::panel::{JobTerms, PayLine};
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
}

impl TryFrom<PayRow> for PayLine {
    type Error = Error;

    fn try_from(row: PayRow) -> Result<Self> {
        let terms: JobTerms = from_json(&row.terms)?;
        let reimbursement_minor = row
            .receipt_minor
            .unwrap_or(0)
            .clamp(0, terms.reimbursement_cap_minor);
        Ok(PayLine {
            job_id: parse_id(&row.id)?,
            shopper_id: parse_id(&row.shopper_id)?,
            shopper_name: row.shopper_name,
            location_name: row.location_name,
            fee_minor: terms.fee_minor,
            reimbursement_minor,
            adjustment_minor: row.adjustment_minor,
            total_minor: terms.fee_minor + reimbursement_minor + row.adjustment_minor,
            currency: terms.currency,
            payable: row.audit_status.as_deref() == Some("approved"),
        })
    }
}

/// Pay lines of claimed jobs, of one shopper or (`None`) all, only payable ones if asked.
pub async fn lines<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
    shopper_id: Option<Uuid>,
    payable_only: bool,
) -> Result<Vec<PayLine>> {
    sqlx::query_as::<_, PayRow>(
        "SELECT j.id, j.shopper_id, u.name AS shopper_name, l.name AS location_name, j.terms, \
         j.receipt_minor, j.adjustment_minor, au.status AS audit_status FROM panel_jobs j \
         JOIN users u ON u.id = j.shopper_id JOIN locations l ON l.id = j.location_id \
         LEFT JOIN audits au ON au.assignment_id = j.assignment_id \
         WHERE j.org_id = $1 AND j.status = 'claimed' AND ($2 = '' OR j.shopper_id = $2) \
         AND ($3 = 0 OR au.status = 'approved') ORDER BY u.name, j.id",
    )
    .bind(org_id.to_string())
    .bind(shopper_id.map(|s| s.to_string()).unwrap_or_default())
    .bind(i64::from(payable_only))
    .fetch_all(ex)
    .await?
    .into_iter()
    .map(PayLine::try_from)
    .collect()
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
