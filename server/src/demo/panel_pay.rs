//! The demo panel's pay: shoppers who did this month's visits to the Scottish shops (far
//! from the demo auditor, whose board keeps the London ones), their audits approved, so the
//! pay desk has payable lines (fee, receipt up to the cap) to close into a ledger.

use super::fake::fake_audit;
use crate::auth::Caller;
use crate::db;
use crate::service;
use crate::state::AppState;
use chrono::{Duration, Utc};
use touchstone_shared::audit::{ReviewDecision, ReviewInput};
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::location::Location;
use touchstone_shared::panel::{AssignJob, JobStatus, Receipt};
use uuid::Uuid;

/// Receipts of the paid visits, in pence (the cap is £8.00: the second is reimbursed £8.00).
const RECEIPTS: [i64; 3] = [645, 910, 380];

/// Shops whose visits of the wave under way are done and approved.
const DONE: [&str; 3] = ["SCO-01", "SCO-02", "SCO-03"];

/// Gives the jobs at [`DONE`] of the schedule's wave under way to `shoppers` in turn
/// (staff's assignment: they have not taken the certification), each visited earlier today,
/// its receipt recorded and its audit approved.
pub async fn load(
    state: &AppState,
    consultant: &Caller,
    shoppers: &[Caller],
    schedule_id: Uuid,
    content: &ChecklistContent,
    locations: &[Location],
) -> anyhow::Result<()> {
    let query = db::jobs::BoardQuery {
        status: Some(JobStatus::Open),
        shopper_id: None,
        schedule_id: Some(schedule_id),
        due_after: i64::MIN,
        from: None,
        offset: 0,
        limit: 500,
    };
    let now = Utc::now();
    let code = |id: Uuid| {
        locations
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.code.as_str())
    };
    let under_way: Vec<_> = db::jobs::board(state.db.pool(), consultant.org_id, &query)
        .await?
        .into_iter()
        .filter(|r| r.job.not_before <= now && now < r.job.due)
        .filter(|r| code(r.job.location_id).is_some_and(|c| DONE.contains(&c)))
        .collect();
    let mut rng = fastrand::Rng::with_seed(20_261_206);
    for ((record, receipt), shopper) in under_way.iter().zip(RECEIPTS).zip(shoppers.iter().cycle())
    {
        let job = &record.job;
        let assign = AssignJob {
            shopper_id: shopper.user_id,
            override_eligibility: true,
        };
        let job = service::jobs::assign(state, consultant, job.id, assign).await?;
        let assignment_id = job
            .assignment_id
            .ok_or_else(|| anyhow::anyhow!("an assigned job has an assignment"))?;
        let location = locations
            .iter()
            .find(|l| l.id == job.location_id)
            .ok_or_else(|| anyhow::anyhow!("the job's shop is a demo shop"))?;
        let receipt = Receipt {
            amount_minor: receipt,
        };
        service::pay::set_receipt(state, shopper, job.id, receipt).await?;
        let start =
            (now - Duration::minutes(rng.i64(60..180))).max(job.not_before + Duration::minutes(5));
        let shop = (location.code.as_str(), location.position);
        let input = fake_audit(&mut rng, content, shop, assignment_id, start);
        let (_, audit) = service::audits::put(state, shopper, Uuid::now_v7(), input).await?;
        let review = ReviewInput {
            decision: ReviewDecision::Approve,
            comment: String::new(),
            item_comments: Vec::new(),
        };
        service::audits::review(state, consultant, audit.id, review).await?;
    }
    Ok(())
}
