//! Pay periods: staff close one (days in the organisation's time zone) and its payable lines
//! are frozen into a ledger, exported for payroll as CSV or XLSX.

use super::organisation;
use crate::auth::Caller;
use crate::db::{self, ledgers::LedgerRow, pay::LineFilter};
use crate::error::{Error, Result};
use crate::state::AppState;
use chrono::NaiveDate;
use chrono_tz::Tz;
use touchstone_shared::pay::{Ledger, LedgerLine, LedgerSummary, PeriodInput, totals};
use uuid::Uuid;

fn day(s: &str) -> Result<NaiveDate> {
    s.parse()
        .map_err(|e| Error::internal(format!("stored day `{s}`: {e}")))
}

fn summary(row: &LedgerRow, lines: &[LedgerLine]) -> Result<LedgerSummary> {
    let (_, totals) = totals(lines.iter().map(|l| &l.line));
    Ok(LedgerSummary {
        id: db::parse_id(&row.id)?,
        from: day(&row.period_from)?,
        to: day(&row.period_to)?,
        time_zone: row.time_zone.clone(),
        starts_at: db::from_ms(row.starts_at),
        ends_at: db::from_ms(row.ends_at),
        closed_at: db::from_ms(row.closed_at),
        lines: u32::try_from(lines.len()).unwrap_or(u32::MAX),
        totals,
    })
}

async fn read(state: &AppState, org_id: Uuid, row: &LedgerRow) -> Result<Ledger> {
    let id = db::parse_id(&row.id)?;
    let items = db::ledgers::lines(state.db.pool(), org_id, id).await?;
    let (shopper_totals, _) = totals(items.iter().map(|l| &l.line));
    Ok(Ledger {
        summary: summary(row, &items)?,
        items,
        shopper_totals,
    })
}

/// Closes a pay period (staff): every payable line approved between the start of `from` and
/// the end of `to` in the organisation's zone, and not paid in another period, is frozen
/// into the period's ledger. Idempotent: closing it again, or twice at once, answers the one
/// ledger (`false`: it existed). A period overlapping another closed one is refused.
pub async fn close(
    state: &AppState,
    caller: &Caller,
    input: PeriodInput,
) -> Result<(Ledger, bool)> {
    caller.require_staff()?;
    input.validate()?;
    let tz = organisation::time_zone(state, caller).await?;
    let after = input.to.succ_opt().unwrap_or(input.to);
    let starts_at = db::to_ms(organisation::day_start(tz, input.from));
    let ends_at = db::to_ms(organisation::day_start(tz, after));
    let (from, to) = (input.from.to_string(), input.to.to_string());
    let pool = state.db.pool();
    if let Some(row) = db::ledgers::find_period(pool, caller.org_id, &from, &to).await? {
        return Ok((read(state, caller.org_id, &row).await?, false));
    }
    let id = Uuid::now_v7();
    let mut tx = state.db.begin().await?;
    if let Some(other) =
        db::ledgers::overlapping(&mut *tx, caller.org_id, starts_at, ends_at).await?
        && (other.period_from != from || other.period_to != to)
    {
        return Err(Error::Conflict(format!(
            "the period overlaps the one closed from {} to {}",
            other.period_from, other.period_to
        )));
    }
    let ledger = db::ledgers::NewLedger {
        id,
        from: &from,
        to: &to,
        time_zone: tz.name(),
        starts_at,
        ends_at,
        closed_by: caller.user_id,
        closed_at: db::now_ms(),
    };
    let created = db::ledgers::insert(&mut *tx, caller.org_id, &ledger).await?;
    if created {
        let filter = LineFilter {
            payable_only: true,
            unfrozen_only: true,
            approved_between: Some((starts_at, ends_at)),
            ..LineFilter::default()
        };
        for l in db::pay::lines(&mut *tx, caller.org_id, filter).await? {
            let line = LedgerLine {
                approved_at: db::from_ms(l.approved_at.unwrap_or_default()),
                line: l.line,
            };
            db::ledgers::insert_line(&mut *tx, caller.org_id, id, &line).await?;
        }
    }
    tx.commit().await?;
    // A close that lost the race reads the winner's ledger.
    let row = db::ledgers::find_period(pool, caller.org_id, &from, &to)
        .await?
        .ok_or(Error::NotFound("pay period"))?;
    Ok((read(state, caller.org_id, &row).await?, created))
}

/// The organisation's closed periods, newest first (staff).
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<LedgerSummary>> {
    caller.require_staff()?;
    let pool = state.db.pool();
    let mut out = Vec::new();
    for row in db::ledgers::list(pool, caller.org_id).await? {
        let lines = db::ledgers::lines(pool, caller.org_id, db::parse_id(&row.id)?).await?;
        out.push(summary(&row, &lines)?);
    }
    Ok(out)
}

/// One closed period with its lines and totals (staff).
pub async fn get(state: &AppState, caller: &Caller, id: Uuid) -> Result<Ledger> {
    caller.require_staff()?;
    let row = db::ledgers::get(state.db.pool(), caller.org_id, id).await?;
    read(state, caller.org_id, &row).await
}

/// A file of a closed period: its name stem and what the export needs.
pub struct LedgerFile {
    /// `pay-YYYY-MM-DD-YYYY-MM-DD`.
    pub stem: String,
    /// The lines.
    pub lines: Vec<LedgerLine>,
    /// The zone its times are shown in.
    pub tz: Tz,
}

/// A closed period for export (staff).
pub async fn file(state: &AppState, caller: &Caller, id: Uuid) -> Result<LedgerFile> {
    let ledger = get(state, caller, id).await?;
    let tz = organisation::zone(&ledger.summary.time_zone).unwrap_or(Tz::UTC);
    Ok(LedgerFile {
        stem: format!("pay-{}-{}", ledger.summary.from, ledger.summary.to),
        lines: ledger.items,
        tz,
    })
}

/// A closed period as CSV (staff).
pub async fn csv(state: &AppState, caller: &Caller, id: Uuid) -> Result<(String, Vec<u8>)> {
    let f = file(state, caller, id).await?;
    let body = crate::export::pay::csv(&f.lines, f.tz).map_err(Error::internal)?;
    Ok((format!("{}.csv", f.stem), body))
}

/// A closed period as XLSX (staff).
pub async fn xlsx(state: &AppState, caller: &Caller, id: Uuid) -> Result<(String, Vec<u8>)> {
    let f = file(state, caller, id).await?;
    let body = crate::export::pay::xlsx(&f.lines, f.tz).map_err(Error::internal)?;
    Ok((format!("{}.xlsx", f.stem), body))
}
