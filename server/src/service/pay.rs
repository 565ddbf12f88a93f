//! Shoppers' pay: payable lines for staff (JSON or CSV), earnings for a shopper.

use crate::auth::Caller;
use crate::db;
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::audit::{Answer, AnswerValue};
use touchstone_shared::panel::{PayLine, Receipt};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Every payable line of the organisation (staff).
pub async fn payable(state: &AppState, caller: &Caller) -> Result<Vec<PayLine>> {
    caller.require_staff()?;
    db::pay::lines(state.db.pool(), caller.org_id, None, true).await
}

/// The payable lines as CSV, one row per line then one total per shopper and currency.
pub async fn payable_csv(state: &AppState, caller: &Caller) -> Result<Vec<u8>> {
    let lines = payable(state, caller).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "job_id",
        "shopper_id",
        "shopper",
        "location",
        "fee",
        "reimbursement",
        "adjustment",
        "total",
        "currency",
    ];
    let csv_err = |e: csv::Error| Error::internal(e);
    out.write_record(header).map_err(csv_err)?;
    let mut totals: std::collections::BTreeMap<(String, Uuid, String), i64> = Default::default();
    for l in &lines {
        out.write_record([
            l.job_id.to_string(),
            l.shopper_id.to_string(),
            l.shopper_name.clone(),
            l.location_name.clone(),
            l.fee_minor.to_string(),
            l.reimbursement_minor.to_string(),
            l.adjustment_minor.to_string(),
            l.total_minor.to_string(),
            l.currency.clone(),
        ])
        .map_err(csv_err)?;
        *totals
            .entry((l.shopper_name.clone(), l.shopper_id, l.currency.clone()))
            .or_default() += l.total_minor;
    }
    for ((name, id, currency), total) in totals {
        let (id, total) = (id.to_string(), total.to_string());
        let row = ["total", &id, &name, "", "", "", "", &total, &currency];
        out.write_record(row).map_err(csv_err)?;
    }
    out.into_inner().map_err(|e| Error::internal(e.to_string()))
}

/// The caller's pay lines, pending and payable (shoppers).
pub async fn earnings(state: &AppState, caller: &Caller) -> Result<Vec<PayLine>> {
    caller.require(&[Role::Auditor])?;
    db::pay::lines(state.db.pool(), caller.org_id, Some(caller.user_id), false).await
}

/// Records a claimed job's receipt: its shopper or staff.
pub async fn set_receipt(
    state: &AppState,
    caller: &Caller,
    job_id: Uuid,
    receipt: Receipt,
) -> Result<()> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    receipt.validate()?;
    let pool = state.db.pool();
    let job = db::jobs::get(pool, caller.org_id, job_id).await?.job;
    if caller.role == Role::Auditor && job.shopper_id != Some(caller.user_id) {
        return Err(Error::NotFound("job"));
    }
    if job.assignment_id.is_none() {
        return Err(Error::Conflict("the job has not been claimed".into()));
    }
    db::pay::set_receipt(pool, caller.org_id, job_id, receipt.amount_minor).await
}

/// At an audit's submission: when its assignment is a claimed panel job and the audit has a
/// receipt answer in the job's currency, its amount is the job's receipt (reimbursed up to
/// the job's cap). `PUT /jobs/{id}/receipt` stays for checklists without a receipt item.
pub async fn receipt_from_audit(
    state: &AppState,
    org_id: Uuid,
    assignment_id: Uuid,
    answers: &[Answer],
) -> Result<()> {
    let Some(receipt) = answers.iter().find_map(|a| match &a.value {
        AnswerValue::Receipt(r) => Some(r),
        _ => None,
    }) else {
        return Ok(());
    };
    let pool = state.db.pool();
    match db::pay::job_of_assignment(pool, org_id, assignment_id).await? {
        Some((job_id, terms)) if terms.currency == receipt.currency => {
            db::pay::set_receipt(pool, org_id, job_id, receipt.amount_minor).await
        }
        _ => Ok(()),
    }
}
