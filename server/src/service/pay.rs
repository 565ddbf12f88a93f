//! Shoppers' pay: payable lines for staff (JSON or CSV), bonus and deduction lines,
//! earnings for a shopper.

use crate::auth::Caller;
use crate::db::{self, pay::LineFilter};
use crate::error::{Error, Result};
use crate::state::AppState;
use touchstone_shared::audit::{Answer, AnswerValue};
use touchstone_shared::panel::{PayLine, Receipt};
use touchstone_shared::pay::{Adjustment, AdjustmentInput, LedgerLine};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// The organisation's payable lines not yet in a closed period, with their approval times
/// (staff).
async fn open_lines(state: &AppState, caller: &Caller) -> Result<Vec<LedgerLine>> {
    caller.require_staff()?;
    let filter = LineFilter {
        payable_only: true,
        unfrozen_only: true,
        ..LineFilter::default()
    };
    let lines = db::pay::lines(state.db.pool(), caller.org_id, filter).await?;
    Ok(lines
        .into_iter()
        .map(|l| LedgerLine {
            approved_at: db::from_ms(l.approved_at.unwrap_or_default()),
            line: l.line,
        })
        .collect())
}

/// Every payable line of the organisation not yet in a closed pay period (staff).
pub async fn payable(state: &AppState, caller: &Caller) -> Result<Vec<PayLine>> {
    Ok(open_lines(state, caller)
        .await?
        .into_iter()
        .map(|l| l.line)
        .collect())
}

/// The payable lines as CSV, one row per line then one total per shopper and currency.
pub async fn payable_csv(state: &AppState, caller: &Caller) -> Result<Vec<u8>> {
    let lines = open_lines(state, caller).await?;
    let tz = super::organisation::time_zone(state, caller).await?;
    crate::export::pay::csv(&lines, tz).map_err(Error::internal)
}

/// Adds a bonus or deduction line to a claimed job's pay (staff), in the job's currency;
/// refused once the job's pay is in a closed period.
pub async fn adjust(
    state: &AppState,
    caller: &Caller,
    job_id: Uuid,
    input: AdjustmentInput,
) -> Result<Adjustment> {
    caller.require_staff()?;
    input.validate()?;
    let pool = state.db.pool();
    let job = db::jobs::get(pool, caller.org_id, job_id).await?.job;
    if job.assignment_id.is_none() {
        return Err(Error::Conflict("the job has not been claimed".into()));
    }
    if input.currency != job.terms.currency {
        return Err(Error::invalid(
            "currency",
            format!("the job is paid in {}", job.terms.currency),
        ));
    }
    let adjustment = Adjustment {
        id: Uuid::now_v7(),
        job_id,
        amount_minor: input.amount_minor,
        currency: input.currency,
        reason: input.reason.trim().to_owned(),
        created_by: caller.user_id,
        created_at: db::from_ms(db::now_ms()),
    };
    let mut tx = state.db.begin().await?;
    if db::ledgers::is_frozen(&mut *tx, job_id).await? {
        return Err(Error::Conflict(
            "the job's pay is in a closed pay period".into(),
        ));
    }
    db::pay::insert_adjustment(&mut *tx, caller.org_id, &adjustment).await?;
    tx.commit().await?;
    Ok(adjustment)
}

/// The caller's pay lines, pending, payable and paid (shoppers).
pub async fn earnings(state: &AppState, caller: &Caller) -> Result<Vec<PayLine>> {
    caller.require(&[Role::Auditor])?;
    let filter = LineFilter {
        shopper_id: Some(caller.user_id),
        ..LineFilter::default()
    };
    let lines = db::pay::lines(state.db.pool(), caller.org_id, filter).await?;
    Ok(lines.into_iter().map(|l| l.line).collect())
}

/// Records a claimed job's receipt: its shopper or staff; refused (409) once the job is
/// paid.
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
    let mut tx = state.db.begin().await?;
    if db::ledgers::is_frozen(&mut *tx, job_id).await? {
        return Err(Error::Conflict(
            "the job is paid: its pay is in a closed pay period".into(),
        ));
    }
    db::pay::set_receipt(&mut *tx, caller.org_id, job_id, receipt.amount_minor).await?;
    tx.commit().await?;
    Ok(())
}

/// At an audit's submission: when its assignment is a claimed panel job and the audit has a
/// receipt answer in the job's currency, its amount is the job's receipt (reimbursed up to
/// the job's cap), unless the job is already paid (a returned and resubmitted audit leaves
/// the paid amount alone). `PUT /jobs/{id}/receipt` stays for checklists without a receipt
/// item.
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
            let mut tx = state.db.begin().await?;
            if !db::ledgers::is_frozen(&mut *tx, job_id).await? {
                db::pay::set_receipt(&mut *tx, org_id, job_id, receipt.amount_minor).await?;
            }
            tx.commit().await?;
            Ok(())
        }
        _ => Ok(()),
    }
}
