//! Monthly client reports for a list of addresses: each month's PDF is made on the first of
//! the month (organisation's time zone), kept for the tools page and mailed, attached, to
//! every address through the outbox; a reviewer may also make one at once.

use crate::auth::Caller;
use crate::db::outbox::ReportMail;
use crate::db::{self, from_ms, now_ms, report_schedules::ScheduleRecord, to_ms};
use crate::error::{Error, Result, ResultExt};
use crate::notify::events;
use crate::service::organisation;
use crate::service::reports::{self, Report, ReportQuery};
use crate::state::AppState;
use chrono::{DateTime, Datelike, Months, TimeZone, Utc};
use chrono_tz::Tz;
use touchstone_shared::report_schedule::{ReportSchedule, ReportScheduleInput, ScheduledReport};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// How often the server looks for due schedules.
const TICK: std::time::Duration = std::time::Duration::from_secs(600);

/// Makes a schedule (reviewers); its first report is made on the first of next month.
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: ReportScheduleInput,
) -> Result<ReportSchedule> {
    caller.require(Role::STAFF)?;
    input.validate()?;
    let pool = state.db.pool();
    db::clients::get(pool, &caller.visibility(), input.client_id)
        .await
        .not_found_as("client_id", "is not one of your clients")?;
    let tz = zone_of(state, caller.org_id).await?;
    let now = now_ms();
    let record = ScheduleRecord {
        schedule: ReportSchedule {
            id: Uuid::now_v7(),
            client_id: input.client_id,
            recipients: input.recipients,
            next_run_at: month_start(from_ms(now), tz, 1),
            created_at: from_ms(now),
        },
        org_id: caller.org_id,
        created_by: caller.user_id,
    };
    db::report_schedules::insert(pool, &record).await?;
    Ok(record.schedule)
}

/// The organisation's schedules (reviewers).
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<ReportSchedule>> {
    caller.require(Role::STAFF)?;
    db::report_schedules::list(state.db.pool(), caller.org_id).await
}

/// Deletes a schedule (reviewers); the reports it made stay.
pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> Result<()> {
    caller.require(Role::STAFF)?;
    if !db::report_schedules::delete(state.db.pool(), caller.org_id, id).await? {
        return Err(Error::NotFound("report schedule"));
    }
    Ok(())
}

/// Makes the schedule's report of last month now (reviewers), and mails it.
pub async fn run_now(state: &AppState, caller: &Caller, id: Uuid) -> Result<ScheduledReport> {
    caller.require(Role::STAFF)?;
    let record = db::report_schedules::get(state.db.pool(), caller.org_id, id)
        .await?
        .ok_or(Error::NotFound("report schedule"))?;
    make(state, &record, Utc::now(), None, caller.user_id)
        .await?
        .ok_or_else(|| Error::internal("an unclaimed run made no report"))
}

/// The reports the organisation's schedules made, newest first (reviewers).
pub async fn reports(state: &AppState, caller: &Caller) -> Result<Vec<ScheduledReport>> {
    caller.require(Role::STAFF)?;
    db::report_schedules::reports(state.db.pool(), caller.org_id).await
}

/// A kept report's PDF (reviewers).
pub async fn file(state: &AppState, caller: &Caller, id: Uuid) -> Result<Report> {
    caller.require(Role::STAFF)?;
    let (file_name, pdf) = db::report_schedules::report_file(state.db.pool(), caller.org_id, id)
        .await?
        .ok_or(Error::NotFound("scheduled report"))?;
    Ok(Report { file_name, pdf })
}

/// Looks for due schedules every [`TICK`] while the server runs.
pub fn run_in_background(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(TICK);
        loop {
            tick.tick().await;
            if let Err(e) = run_due(&state).await {
                tracing::warn!(error = %e, "scheduled reports");
            }
        }
    });
}

/// Makes and mails the report of every due schedule this server claims first; a schedule
/// whose report cannot be made is logged and tried again on the next round.
pub async fn run_due(state: &AppState) -> Result<usize> {
    let pool = state.db.pool();
    let now = now_ms();
    let mut made = 0;
    for record in db::report_schedules::due(pool, now).await? {
        let tz = zone_of(state, record.org_id).await?;
        let at = record.schedule.next_run_at;
        let next = month_start(at.max(from_ms(now)), tz, 1);
        let claim = Some((to_ms(at), to_ms(next)));
        match make(state, &record, at, claim, record.created_by).await {
            Ok(Some(_)) => made += 1,
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(schedule = %record.schedule.id, error = %e, "scheduled report");
            }
        }
    }
    Ok(made)
}

/// Makes the client report of the calendar month before `at`, then, in one transaction,
/// keeps it and queues an e-mail with the PDF attached to each of the schedule's addresses
/// (with `claim`: moves the schedule's next run from `.0` to `.1` first; `None` when another
/// server did); `starter` is told when it is done.
async fn make(
    state: &AppState,
    record: &ScheduleRecord,
    at: DateTime<Utc>,
    claim: Option<(i64, i64)>,
    starter: Uuid,
) -> Result<Option<ScheduledReport>> {
    let tz = zone_of(state, record.org_id).await?;
    let to = month_start(at, tz, 0);
    let from = to
        .with_timezone(&tz)
        .checked_sub_months(Months::new(1))
        .map_or(to, |t| t.with_timezone(&Utc));
    // Made as its maker would make it, for the schedule's client only.
    let maker = Caller {
        user_id: record.created_by,
        org_id: record.org_id,
        role: Role::Consultant,
        session_hash: None,
    };
    let query = ReportQuery {
        client_id: record.schedule.client_id,
        from: Some(from),
        to: Some(to),
        photos: None,
    };
    let report = reports::client_pdf(state, &maker, query).await?;
    let client = db::clients::get(
        state.db.pool(),
        &maker.visibility(),
        record.schedule.client_id,
    )
    .await?;
    let kept = ScheduledReport {
        id: Uuid::now_v7(),
        schedule_id: record.schedule.id,
        client_id: record.schedule.client_id,
        from,
        to,
        recipients: record.schedule.recipients.clone(),
        file_name: report.file_name,
        created_at: Utc::now(),
    };
    let month = from.with_timezone(&tz).format("%B %Y");
    let subject = format!("{}: report for {month}", client.name);
    let body = format!(
        "The Touchstone report of {} for {month} is attached ({}).",
        client.name, kept.file_name
    );
    let mut tx = state.db.begin().await?;
    if let Some((from, to)) = claim
        && !db::report_schedules::claim(&mut *tx, record.schedule.id, from, to).await?
    {
        return Ok(None);
    }
    db::report_schedules::insert_report(&mut *tx, record.org_id, &kept, &report.pdf).await?;
    let now = now_ms();
    for address in &kept.recipients {
        let mail = ReportMail {
            org_id: record.org_id,
            sender_id: record.created_by,
            report_id: kept.id,
            kind: events::SCHEDULED_REPORT,
            address,
            subject: &subject,
            body: &body,
        };
        db::outbox::enqueue_report(&mut tx, &mail, now).await?;
    }
    let told = events::report_finished(starter, kept.id, &subject);
    events::record(&mut tx, record.org_id, &[told]).await?;
    tx.commit().await?;
    Ok(Some(kept))
}

async fn zone_of(state: &AppState, org_id: Uuid) -> Result<Tz> {
    let org = db::organisations::get(state.db.pool(), org_id).await?;
    Ok(organisation::zone(&org.time_zone).unwrap_or(Tz::UTC))
}

/// Midnight of the first day of the month `months_on` months after the one `t` falls in,
/// in `tz`.
fn month_start(t: DateTime<Utc>, tz: Tz, months_on: u32) -> DateTime<Utc> {
    let local = t.with_timezone(&tz);
    let first = tz
        .with_ymd_and_hms(local.year(), local.month(), 1, 0, 0, 0)
        .earliest()
        .unwrap_or(local);
    first
        .checked_add_months(Months::new(months_on))
        .unwrap_or(first)
        .with_timezone(&Utc)
}
