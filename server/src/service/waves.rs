//! Recurring waves: schedules per client that create each wave's jobs ahead of time, once.

use crate::auth::Caller;
use crate::db::{self, Visibility, from_ms, now_ms, to_ms, waves::NewJob};
use crate::error::{Error, Result, ResultExt};
use crate::state::AppState;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use std::collections::{BTreeMap, HashSet};
use touchstone_shared::audit::AuditStatus;
use touchstone_shared::panel::{
    Generated, JobStatus, Period, WaveProgress, WaveSchedule, WaveScheduleInput,
};
use uuid::Uuid;

/// The periods of a schedule a run creates: the one under way and the next.
const PERIODS_AHEAD: usize = 2;

/// A period: its start and its ordinal (which rotates the scenarios).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PeriodAt {
    start: DateTime<Utc>,
    ordinal: i64,
}

fn month_start(ordinal: i64) -> DateTime<Utc> {
    let year = i32::try_from(ordinal.div_euclid(12)).unwrap_or(i32::MAX);
    let month = u32::try_from(ordinal.rem_euclid(12)).unwrap_or(0) + 1;
    Utc.with_ymd_and_hms(year, month, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The period of `schedule` that contains `t`, and the `n - 1` after it.
fn periods_from(schedule: &WaveScheduleInput, t: DateTime<Utc>, n: usize) -> Vec<PeriodAt> {
    let months = |step: i64| {
        let first = (i64::from(t.year()) * 12 + i64::from(t.month0())).div_euclid(step);
        (first..)
            .take(n)
            .map(|k| PeriodAt {
                start: month_start(k * step),
                ordinal: k,
            })
            .collect()
    };
    match schedule.period {
        Period::Monthly => months(1),
        Period::Quarterly => months(3),
        Period::Weeks => {
            let length = Duration::weeks(i64::from(schedule.every_weeks.max(1)));
            let first = (t - schedule.starts_at)
                .num_milliseconds()
                .div_euclid(length.num_milliseconds());
            (first..)
                .take(n)
                .map(|k| PeriodAt {
                    start: schedule.starts_at + length * i32::try_from(k).unwrap_or(0),
                    ordinal: k,
                })
                .collect()
        }
    }
}

/// The periods a run at `now` creates: from the one containing `starts_at` (or `now`, if
/// later), [`PERIODS_AHEAD`] of them, none starting later than a period after `now`.
fn due_periods(schedule: &WaveScheduleInput, now: DateTime<Utc>) -> Vec<PeriodAt> {
    let from = schedule.starts_at.max(now);
    let horizon = periods_from(schedule, now, PERIODS_AHEAD)
        .last()
        .map_or(now, |p| p.start);
    periods_from(schedule, from, PERIODS_AHEAD)
        .into_iter()
        .filter(|p| p.start <= horizon)
        .collect()
}

/// Creates the jobs of the schedule's due waves that do not exist yet; answers how many.
async fn generate_for(state: &AppState, org_id: Uuid, schedule: &WaveSchedule) -> Result<u32> {
    let input = &schedule.input;
    if !input.active {
        return Ok(0);
    }
    let now = from_ms(now_ms());
    let pool = state.db.pool();
    let wanted: HashSet<String> = input.location_ids.iter().map(Uuid::to_string).collect();
    let region = input.region.trim();
    let targets: Vec<_> = db::waves::targets(pool, org_id, schedule.client_id)
        .await?
        .into_iter()
        .filter(|t| {
            if region.is_empty() {
                wanted.contains(&t.id)
            } else {
                t.region == region
            }
        })
        .collect();
    let mut tx = state.db.begin().await?;
    let mut created = 0;
    for period in due_periods(input, now) {
        let not_before = period.start + Duration::days(i64::from(input.window_offset_days));
        let due = not_before + Duration::days(i64::from(input.window_days));
        if due <= now {
            continue;
        }
        for (n, target) in targets.iter().enumerate() {
            let rotation = period.ordinal + i64::try_from(n).unwrap_or(0);
            let count = i64::try_from(input.scenarios.len()).unwrap_or(1).max(1);
            let scenario = usize::try_from(rotation.rem_euclid(count))
                .ok()
                .and_then(|i| input.scenarios.get(i))
                .map_or("", String::as_str);
            let job = NewJob {
                period_start: to_ms(period.start),
                location_id: db::parse_id(&target.id)?,
                lat: target.lat,
                lon: target.lon,
                not_before: to_ms(not_before),
                due: to_ms(due),
                scenario,
            };
            created +=
                db::waves::insert_job(&mut *tx, org_id, schedule, &input.terms, &job).await?;
        }
    }
    tx.commit().await?;
    Ok(u32::try_from(created).unwrap_or(u32::MAX))
}

/// Checks a schedule's checklist version and locations; answers the client they belong to.
async fn check(caller: &Caller, state: &AppState, input: &WaveScheduleInput) -> Result<Uuid> {
    input.validate()?;
    let vis = Visibility::organisation(caller.org_id);
    let pool = state.db.pool();
    let version = db::checklists::get_version(pool, &vis, input.checklist_version_id)
        .await
        .not_found_as("checklist_version_id", "no such checklist version")?;
    let client_id = version.client_id;
    let known: HashSet<String> = db::waves::targets(pool, caller.org_id, client_id)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    if input
        .location_ids
        .iter()
        .any(|l| !known.contains(&l.to_string()))
    {
        return Err(Error::invalid(
            "location_ids",
            "every location must be one of the checklist's client",
        ));
    }
    Ok(client_id)
}

/// Creates a schedule and its due waves (staff).
pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: WaveScheduleInput,
) -> Result<WaveSchedule> {
    caller.require_staff()?;
    let client_id = check(caller, state, &input).await?;
    let schedule = db::waves::insert(state.db.pool(), caller.org_id, client_id, input).await?;
    generate_for(state, caller.org_id, &schedule).await?;
    Ok(schedule)
}

/// Edits a schedule (staff). Waves under way keep their jobs as they were made; jobs of
/// later waves nobody has taken yet are made again from the new settings.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    input: WaveScheduleInput,
) -> Result<WaveSchedule> {
    caller.require_staff()?;
    let old = db::waves::get(state.db.pool(), caller.org_id, id).await?;
    let client_id = check(caller, state, &input).await?;
    if client_id != old.client_id {
        return Err(Error::invalid(
            "checklist_version_id",
            "must be a checklist of the schedule's client",
        ));
    }
    let mut tx = state.db.begin().await?;
    db::waves::update(&mut *tx, caller.org_id, id, &input).await?;
    db::waves::drop_future_open_jobs(&mut *tx, caller.org_id, id, now_ms()).await?;
    tx.commit().await?;
    let schedule = db::waves::get(state.db.pool(), caller.org_id, id).await?;
    generate_for(state, caller.org_id, &schedule).await?;
    Ok(schedule)
}

/// The organisation's schedules (staff).
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<WaveSchedule>> {
    caller.require_staff()?;
    let all = db::waves::list(state.db.pool(), Some(caller.org_id)).await?;
    Ok(all.into_iter().map(|(_, s)| s).collect())
}

/// Creates the schedule's due waves now (staff); a second run creates nothing.
pub async fn generate(state: &AppState, caller: &Caller, id: Uuid) -> Result<Generated> {
    caller.require_staff()?;
    let schedule = db::waves::get(state.db.pool(), caller.org_id, id).await?;
    let created = generate_for(state, caller.org_id, &schedule).await?;
    Ok(Generated { created })
}

/// What the background run does: every active schedule's due waves, and late visits
/// counted against their shoppers' ratings.
pub async fn run_all(state: &AppState) -> Result<u32> {
    let mut created = 0;
    for (org_id, schedule) in db::waves::list(state.db.pool(), None).await? {
        created += generate_for(state, org_id, &schedule).await?;
    }
    super::jobs::count_late(state).await?;
    Ok(created)
}

/// How often the background run looks for due waves and late visits.
const RUN_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Runs [`run_all`] now and every [`RUN_EVERY`]; every server of a cluster may, since a
/// run creates nothing that exists and counts each late visit once.
pub async fn run_in_background(state: AppState) {
    let mut ticks = tokio::time::interval(RUN_EVERY);
    loop {
        ticks.tick().await;
        match run_all(&state).await {
            Ok(created) if created > 0 => tracing::info!(created, "wave jobs created"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "wave run failed; retrying at the next tick"),
        }
    }
}

/// Each wave of a schedule with its jobs counted by where they stand (staff).
pub async fn progress(state: &AppState, caller: &Caller, id: Uuid) -> Result<Vec<WaveProgress>> {
    caller.require_staff()?;
    let pool = state.db.pool();
    db::waves::get(pool, caller.org_id, id).await?;
    let now = now_ms();
    let mut waves: BTreeMap<i64, WaveProgress> = BTreeMap::new();
    for row in db::waves::progress(pool, caller.org_id, id).await? {
        let wave = waves
            .entry(row.period_start)
            .or_insert_with(|| WaveProgress {
                period_start: from_ms(row.period_start),
                jobs: 0,
                open: 0,
                applied: 0,
                claimed: 0,
                submitted: 0,
                approved: 0,
                late: 0,
            });
        wave.jobs += 1;
        let audit = row.audit_status.as_deref().and_then(AuditStatus::parse);
        let counter = match (JobStatus::parse(&row.status), audit) {
            (Some(JobStatus::Open), _) => &mut wave.open,
            (Some(JobStatus::Applied), _) => &mut wave.applied,
            (_, Some(AuditStatus::Approved)) => &mut wave.approved,
            (_, Some(AuditStatus::Submitted | AuditStatus::Returned)) => &mut wave.submitted,
            _ if row.due < now => &mut wave.late,
            _ => &mut wave.claimed,
        };
        *counter += 1;
    }
    Ok(waves.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use touchstone_shared::panel::{ClaimRule, JobTerms};

    fn schedule(period: Period, starts_at: DateTime<Utc>) -> WaveScheduleInput {
        WaveScheduleInput {
            name: "w".into(),
            checklist_version_id: Uuid::nil(),
            region: "North".into(),
            location_ids: Vec::new(),
            period,
            every_weeks: 2,
            starts_at,
            window_offset_days: 0,
            window_days: 7,
            scenarios: vec!["a".into()],
            terms: JobTerms {
                fee_minor: 0,
                reimbursement_cap_minor: 0,
                currency: "EUR".into(),
                claim_rule: ClaimRule::FirstCome,
                auto_approve_rating: 4.0,
                min_rating: None,
                lockout_days: 0,
                max_jobs_per_week: None,
                certification_required: false,
                release_hours: 0,
            },
            active: true,
        }
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn a_run_makes_the_current_and_the_next_period() {
        let starts: Vec<_> =
            due_periods(&schedule(Period::Monthly, at(2026, 1, 1)), at(2026, 12, 5))
                .iter()
                .map(|p| p.start)
                .collect();
        assert_eq!(starts, [at(2026, 12, 1), at(2027, 1, 1)]);
        let quarters = due_periods(&schedule(Period::Quarterly, at(2026, 1, 1)), at(2026, 5, 9));
        assert_eq!(quarters[0].start, at(2026, 4, 1));
        assert_eq!(quarters[1].start, at(2026, 7, 1));
        let weeks = due_periods(&schedule(Period::Weeks, at(2026, 1, 5)), at(2026, 1, 20));
        assert_eq!(weeks[0].start, at(2026, 1, 19));
        assert_eq!(weeks[1].start, at(2026, 2, 2));
        // A schedule starting later than the next period makes nothing yet.
        assert!(
            due_periods(&schedule(Period::Monthly, at(2027, 6, 1)), at(2026, 12, 5)).is_empty()
        );
    }
}
