//! Certification: a quiz per checklist, scored with the audits' scoring, with a pass mark
//! and a wait before a retake; passing lets a shopper claim the checklist's jobs.

use crate::auth::Caller;
use crate::db::{self, Visibility, from_ms, now_ms};
use crate::error::{Error, Result, ResultExt};
use crate::state::AppState;
use chrono::Duration;
use chrono::{DateTime, Utc};
use touchstone_shared::certification::CertificationQuiz;
use touchstone_shared::panel::{Attempt, AttemptInput, CertificationInput};
use touchstone_shared::scoring::score_audit;
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Sets a checklist's certification quiz and pass mark (staff).
pub async fn set(
    state: &AppState,
    caller: &Caller,
    checklist_id: Uuid,
    input: CertificationInput,
) -> Result<CertificationInput> {
    caller.require_staff()?;
    input.validate()?;
    let pool = state.db.pool();
    let vis = Visibility::organisation(caller.org_id);
    let checklist = db::checklists::get(pool, &vis, checklist_id).await?;
    let quiz = db::checklists::get_version(pool, &vis, input.quiz_version_id)
        .await
        .not_found_as("quiz_version_id", "no such checklist version")?;
    if quiz.client_id != checklist.client_id {
        return Err(Error::invalid(
            "quiz_version_id",
            "must be a checklist of the same client",
        ));
    }
    db::shoppers::set_certification(
        pool,
        caller.org_id,
        checklist_id,
        input.quiz_version_id,
        input.pass_percent,
        input.retake_days,
    )
    .await?;
    Ok(input)
}

/// A shopper takes the quiz: scored, recorded, and refused while a retake must wait
/// (422 `retake`) or once passed (409).
pub async fn attempt(
    state: &AppState,
    caller: &Caller,
    checklist_id: Uuid,
    input: AttemptInput,
) -> Result<Attempt> {
    caller.require(&[Role::Auditor])?;
    let pool = state.db.pool();
    let org = caller.org_id;
    let certification = db::shoppers::certification(pool, org, checklist_id)
        .await?
        .ok_or(Error::NotFound("certification"))?;
    if db::shoppers::certified(pool, org, caller.user_id)
        .await?
        .contains(&checklist_id)
    {
        return Err(Error::Conflict("you have passed this certification".into()));
    }
    let wait = Duration::days(certification.retake_days);
    if let Some(from) = retake_from(state, caller, checklist_id, wait).await? {
        return Err(Error::invalid(
            "retake",
            format!(
                "you may try again from {}",
                from.format("%Y-%m-%d %H:%M UTC")
            ),
        ));
    }
    let vis = Visibility::organisation(org);
    let quiz_id = db::parse_id(&certification.quiz_version_id)?;
    let quiz = db::checklists::get_version(pool, &vis, quiz_id).await?;
    let journey = db::journeys::get(pool, &vis, quiz.journey_id).await?;
    let score = score_audit(&quiz.version.content, &journey, &input.answers);
    let percent = score.total.percent().unwrap_or(0.0);
    let passed = percent >= certification.pass_percent;
    db::shoppers::insert_attempt(pool, org, caller.user_id, checklist_id, percent, passed).await?;
    Ok(Attempt {
        percent,
        passed,
        retake_from: (!passed).then(|| from_ms(now_ms()) + wait),
    })
}

/// While the wait after the caller's last failure lasts: when they may try again.
async fn retake_from(
    state: &AppState,
    caller: &Caller,
    checklist_id: Uuid,
    wait: Duration,
) -> Result<Option<DateTime<Utc>>> {
    let pool = state.db.pool();
    let failed =
        db::shoppers::last_failure(pool, caller.org_id, caller.user_id, checklist_id).await?;
    Ok(failed
        .map(|at| from_ms(at) + wait)
        .filter(|from| from_ms(now_ms()) < *from))
}

/// The checklist's certification as the caller takes it: the quiz to answer, its pass mark
/// and whether they passed or must wait (shoppers).
pub async fn quiz(
    state: &AppState,
    caller: &Caller,
    checklist_id: Uuid,
) -> Result<CertificationQuiz> {
    caller.require(&[Role::Auditor])?;
    let pool = state.db.pool();
    let org = caller.org_id;
    let certification = db::shoppers::certification(pool, org, checklist_id)
        .await?
        .ok_or(Error::NotFound("certification"))?;
    let vis = Visibility::organisation(org);
    let quiz_id = db::parse_id(&certification.quiz_version_id)?;
    let quiz = db::checklists::get_version(pool, &vis, quiz_id).await?;
    let journey = db::journeys::get(pool, &vis, quiz.journey_id).await?;
    let passed = db::shoppers::certified(pool, org, caller.user_id)
        .await?
        .contains(&checklist_id);
    let wait = Duration::days(certification.retake_days);
    Ok(CertificationQuiz {
        checklist_id,
        quiz: quiz.version,
        journey,
        pass_percent: certification.pass_percent,
        retake_days: certification.retake_days,
        passed,
        retake_from: if passed {
            None
        } else {
            retake_from(state, caller, checklist_id, wait).await?
        },
    })
}
