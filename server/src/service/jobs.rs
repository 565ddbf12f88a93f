//! The job board: shoppers find open jobs nearest first and claim them under the client's
//! rule; staff assign and take back.

use super::eligibility::Shopper;
use crate::auth::Caller;
use crate::db::{self, Tx, jobs::BoardQuery, jobs::JobRecord, now_ms, to_ms};
use crate::error::{Error, Result, ResultExt};
use crate::notify::events;
use crate::state::AppState;
use touchstone_shared::assignment::AssignmentInput;
use touchstone_shared::location::LatLon;
use touchstone_shared::page::Page;
use touchstone_shared::panel::{AssignJob, ClaimRule, Job, JobStatus, LATE_PENALTY};
use touchstone_shared::user::Role;
use touchstone_shared::verify::distance_m;
use uuid::Uuid;

/// Query of `GET /api/v1/jobs`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    /// Latitude to measure from (with `lon`); a shopper's home area otherwise.
    pub lat: Option<f64>,
    /// Longitude to measure from (with `lat`).
    pub lon: Option<f64>,
    /// Shoppers: their own jobs instead of the open ones.
    #[serde(default)]
    pub mine: bool,
    /// Staff: only jobs in this state.
    pub status: Option<JobStatus>,
    /// Staff: only this schedule's jobs.
    pub schedule_id: Option<Uuid>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
}

/// A page of the board. Shoppers see open jobs (or, with `mine`, their own), each open one
/// with the rule that blocks them, if any; staff see every job.
pub async fn board(state: &AppState, caller: &Caller, q: JobQuery) -> Result<Page<Job>> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    let pool = state.db.pool();
    let from = match (q.lat, q.lon) {
        (Some(lat), Some(lon)) => {
            let p = LatLon { lat, lon };
            p.validate("lat")?;
            Some(p)
        }
        (None, None) => None,
        _ => return Err(Error::invalid("lat", "give both lat and lon, or neither")),
    };
    let offset = match q.cursor.as_deref() {
        None | Some("") => 0,
        Some(c) => c
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| Error::invalid("cursor", "not a cursor of this listing"))?,
    };
    let limit = db::page_limit(q.limit);
    let shopper = caller.role == Role::Auditor;
    let context = if shopper {
        Some(Shopper::load(pool, caller.org_id, caller.user_id).await?)
    } else {
        None
    };
    let from = match from {
        Some(p) => Some(p),
        None if shopper => db::shoppers::get(pool, caller.org_id, caller.user_id)
            .await?
            .home(),
        None => None,
    };
    let query = BoardQuery {
        status: match (shopper, q.mine) {
            (true, false) => Some(JobStatus::Open),
            (true, true) => None,
            (false, _) => q.status,
        },
        shopper_id: (shopper && q.mine).then_some(caller.user_id),
        schedule_id: q.schedule_id,
        due_after: if shopper && !q.mine {
            now_ms()
        } else {
            i64::MIN
        },
        from,
        offset,
        limit: limit + 1,
    };
    let records = db::jobs::board(pool, caller.org_id, &query).await?;
    let more = i64::try_from(records.len()).unwrap_or(i64::MAX) > limit;
    let items = records
        .into_iter()
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(|r| {
            let mut job = r.job.clone();
            job.distance_m = from.map(|p| distance_m(p, job.position).round());
            if job.status == JobStatus::Open {
                job.blocked = context.as_ref().and_then(|c| c.blocked(&r));
            }
            job
        })
        .collect();
    Ok(Page {
        items,
        next_cursor: more.then(|| (offset + limit).to_string()),
    })
}

/// One job: staff any, shoppers open ones and their own.
pub async fn get(state: &AppState, caller: &Caller, id: Uuid) -> Result<Job> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    let record = db::jobs::get(state.db.pool(), caller.org_id, id).await?;
    visible(caller, &record)?;
    Ok(record.job)
}

fn visible(caller: &Caller, record: &JobRecord) -> Result<()> {
    let job = &record.job;
    if caller.role == Role::Auditor
        && job.status != JobStatus::Open
        && job.shopper_id != Some(caller.user_id)
    {
        return Err(Error::NotFound("job"));
    }
    Ok(())
}

/// Gives the job to `shopper_id`: an assignment with the job's visit; returns its id.
async fn hand_over(
    tx: &mut Tx,
    org_id: Uuid,
    record: &JobRecord,
    shopper_id: Uuid,
    now: i64,
) -> Result<Uuid> {
    let job = &record.job;
    let assignment_id = match job.assignment_id {
        Some(a) => {
            db::jobs::reassign(&mut **tx, org_id, a, shopper_id).await?;
            a
        }
        None => {
            let input = AssignmentInput {
                checklist_version_id: record.checklist_version_id,
                location_id: job.location_id,
                auditor_id: shopper_id,
                not_before: job.not_before,
                due: job.due,
                scenario: job.scenario.clone(),
            };
            let checklist = record.checklist_id;
            db::assignments::insert(&mut **tx, org_id, job.client_id, checklist, &input)
                .await?
                .id
        }
    };
    db::jobs::set_claimed(&mut **tx, org_id, job.id, shopper_id, assignment_id, now).await?;
    Ok(assignment_id)
}

/// A shopper claims a job: refused with the rule that blocks them (422 naming it), taken
/// at once (first come, or a rating high enough) or held as an application for staff.
/// Of shoppers claiming one job at once, exactly one gets it; the others get a 409.
pub async fn claim(state: &AppState, caller: &Caller, id: Uuid) -> Result<Job> {
    caller.require(&[Role::Auditor])?;
    let pool = state.db.pool();
    let record = db::jobs::get(pool, caller.org_id, id).await?;
    // A job taken meanwhile is a conflict, whoever took it: it was on the board.
    if record.job.status != JobStatus::Open {
        return Err(Error::Conflict("the job is no longer open".into()));
    }
    let shopper = Shopper::load(pool, caller.org_id, caller.user_id).await?;
    if let Some(blocked) = shopper.blocked(&record) {
        return Err(Error::Invalid(blocked.into()));
    }
    let terms = &record.job.terms;
    let granted = match terms.claim_rule {
        ClaimRule::FirstCome => true,
        ClaimRule::Approval => false,
        ClaimRule::Rating => shopper.rating >= terms.auto_approve_rating,
    };
    let status = if granted {
        JobStatus::Claimed
    } else {
        JobStatus::Applied
    };
    let now = now_ms();
    let mut tx = state.db.begin().await?;
    if !db::jobs::take(&mut *tx, caller.org_id, id, caller.user_id, status, now).await? {
        return Err(Error::Conflict(
            "another shopper took the job first, or it is past due".into(),
        ));
    }
    if granted {
        hand_over(&mut tx, caller.org_id, &record, caller.user_id, now).await?;
    }
    tx.commit().await?;
    Ok(db::jobs::get(pool, caller.org_id, id).await?.job)
}

/// Gives a job back to the board: its shopper until `release_hours` before it is due, staff
/// at any time (refusing an application too); never once an audit has been started.
pub async fn release(state: &AppState, caller: &Caller, id: Uuid) -> Result<Job> {
    caller.require(Role::STAFF_AND_AUDITORS)?;
    let pool = state.db.pool();
    let record = db::jobs::get(pool, caller.org_id, id).await?;
    let job = &record.job;
    let own = job.shopper_id == Some(caller.user_id);
    if caller.role == Role::Auditor && !own {
        return Err(Error::NotFound("job"));
    }
    if job.status == JobStatus::Open {
        return Err(Error::Conflict("the job is not taken".into()));
    }
    let deadline = job.due - chrono::Duration::hours(i64::from(job.terms.release_hours));
    if caller.role == Role::Auditor
        && job.status == JobStatus::Claimed
        && now_ms() > to_ms(deadline)
    {
        return Err(Error::invalid(
            "release_deadline",
            format!(
                "a job can be released until {} hours before it is due; ask the agency",
                job.terms.release_hours
            ),
        ));
    }
    let mut tx = state.db.begin().await?;
    if let Some(assignment) = job.assignment_id {
        if db::jobs::has_audit(&mut *tx, assignment).await? {
            return Err(Error::Conflict(
                "an audit has been started for this job".into(),
            ));
        }
        db::jobs::reopen(&mut *tx, caller.org_id, id).await?;
        db::jobs::delete_assignment(&mut *tx, caller.org_id, assignment).await?;
        // A bonus or deduction was for the shopper who gives the job back.
        db::pay::delete_adjustments(&mut *tx, caller.org_id, id).await?;
        if let Some(shopper) = job.shopper_id.filter(|s| *s != caller.user_id) {
            let why = "taken back by the agency";
            let told = events::assignment_cancelled(assignment, shopper, now_ms(), why);
            events::record(&mut tx, caller.org_id, &[told]).await?;
        }
    } else {
        db::jobs::reopen(&mut *tx, caller.org_id, id).await?;
    }
    tx.commit().await?;
    Ok(db::jobs::get(pool, caller.org_id, id).await?.job)
}

/// Staff give a job to a shopper: approving an application, or reassigning a claimed job
/// whose audit has not been started. The shopper must meet the job's eligibility rules
/// (else 422 naming the rule, as for a claim) unless staff override them, which is logged.
pub async fn assign(state: &AppState, caller: &Caller, id: Uuid, input: AssignJob) -> Result<Job> {
    caller.require_staff()?;
    let pool = state.db.pool();
    let shopper_id = input.shopper_id;
    let record = db::jobs::get(pool, caller.org_id, id).await?;
    db::shoppers::get(pool, caller.org_id, shopper_id)
        .await
        .not_found_as("shopper_id", "must be an auditor of the organisation")?;
    let shopper = Shopper::load(pool, caller.org_id, shopper_id).await?;
    if let Some(blocked) = shopper.blocked(&record) {
        if !input.override_eligibility {
            return Err(Error::Invalid(blocked.into()));
        }
        tracing::warn!(
            org = %caller.org_id, job = %id, shopper = %shopper_id, by = %caller.user_id,
            rule = %blocked.rule, "job assigned overriding an eligibility rule"
        );
    }
    let mut tx = state.db.begin().await?;
    if let Some(assignment) = record.job.assignment_id
        && db::jobs::has_audit(&mut *tx, assignment).await?
    {
        return Err(Error::Conflict(
            "an audit has been started for this job".into(),
        ));
    }
    let now = now_ms();
    let assignment_id = hand_over(&mut tx, caller.org_id, &record, shopper_id, now).await?;
    let assignment = db::assignments::get(&mut *tx, &caller.visibility(), assignment_id).await?;
    let told = match record.job.assignment_id {
        Some(_) => events::assignment_reassigned(&assignment, record.job.shopper_id, now),
        None => vec![events::assignment_created(&assignment)],
    };
    events::record(&mut tx, caller.org_id, &told).await?;
    tx.commit().await?;
    Ok(db::jobs::get(pool, caller.org_id, id).await?.job)
}

/// Counts every claimed job past due without a submitted audit against its shopper's
/// rating, once.
pub async fn count_late(state: &AppState) -> Result<()> {
    for late in db::jobs::late(state.db.pool(), now_ms()).await? {
        let mut tx = state.db.begin().await?;
        if db::jobs::count_late(&mut *tx, &late.id).await? {
            let shopper = db::parse_id(&late.shopper_id)?;
            let org = db::parse_id(&late.org_id)?;
            db::shoppers::ensure(&mut *tx, org, shopper).await?;
            db::shoppers::lower_rating(&mut *tx, shopper, LATE_PENALTY).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}
