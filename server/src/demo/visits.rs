//! The demo's visits: approved audits over the last 90 days, a review queue (plain,
//! proof-of-visit flagged, returned and resubmitted), audits returned to the auditor, open
//! corrective actions on the worst shop's failures and assignments not started yet.

use super::fake::fake_audit;
use crate::auth::Caller;
use crate::service;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use touchstone_shared::action::ActionInput;
use touchstone_shared::assignment::AssignmentInput;
use touchstone_shared::audit::{Audit, AuditInput, AuditStatus, ReviewDecision, ReviewInput};
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::location::Location;
use uuid::Uuid;

/// Approved audits in the demo.
const APPROVED_AUDITS: usize = 300;
/// Assignments not started yet.
const OPEN_ASSIGNMENTS: usize = 16;
/// Corrective actions opened on the worst shop's recent failures.
const OPEN_ACTIONS: usize = 4;

/// What became of a recent visit.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Recent {
    /// Submitted, waiting for review.
    Waiting,
    /// Submitted from 2 km away: flagged by the geofence check.
    OffSite,
    /// Submitted after six minutes in a shop that asks for fifteen: flagged.
    Rushed,
    /// Returned with comments, corrected and submitted again.
    Resubmitted,
    /// Returned with comments; the auditor has not corrected it yet.
    Returned,
}

const RECENT: [Recent; 8] = [
    Recent::Waiting,
    Recent::Waiting,
    Recent::OffSite,
    Recent::Rushed,
    Recent::Resubmitted,
    Recent::Resubmitted,
    Recent::Returned,
    Recent::Returned,
];

const RETURN_COMMENT: &str =
    "The queue wait is missing and the greeting notes are thin; please add what you timed.";

/// The demo's users.
pub struct Cast {
    /// Reviews and assigns.
    pub consultant: Caller,
    /// Manager of the client: gets the corrective actions.
    pub manager: Caller,
    /// Does every visit.
    pub auditor: Caller,
}

/// Who visits what: the state to load through, the users, and the checklist visits use.
struct Plan<'a> {
    state: &'a AppState,
    cast: &'a Cast,
    content: &'a ChecklistContent,
    checklist_version_id: Uuid,
    scenario: &'static str,
}

/// Loads every visit; returns how many audits it made.
pub async fn load(
    state: &AppState,
    cast: &Cast,
    content: &ChecklistContent,
    checklist_version_id: Uuid,
    locations: &[Location],
) -> anyhow::Result<usize> {
    let plan = Plan {
        state,
        cast,
        content,
        checklist_version_id,
        scenario: "Order a flat white and a pastry; ask which pastries are vegan.",
    };
    let mut rng = fastrand::Rng::with_seed(20_261_123);
    let now = Utc::now();
    let mut approved = Vec::new();
    for _ in 0..APPROVED_AUDITS {
        let location = &locations[rng.usize(..locations.len())];
        let start = now - Duration::days(rng.i64(1..90)) - Duration::hours(rng.i64(1..6));
        let audit = plan.visit(&mut rng, location, start, |_| {}).await?;
        approved.push(plan.decide(audit.id, ReviewDecision::Approve, "").await?);
    }
    for recent in RECENT {
        let location = &locations[rng.usize(..locations.len())];
        let start = now - Duration::hours(rng.i64(1..6));
        plan.recent_visit(&mut rng, location, start, recent).await?;
    }
    open_actions(state, cast, &approved, locations).await?;
    for _ in 0..OPEN_ASSIGNMENTS {
        let location = &locations[rng.usize(..locations.len())];
        let due = now + Duration::days(rng.i64(2..10));
        plan.assign(location, now - Duration::hours(1), due).await?;
    }
    Ok(APPROVED_AUDITS + RECENT.len())
}

impl Plan<'_> {
    async fn assign(
        &self,
        location: &Location,
        not_before: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> anyhow::Result<Uuid> {
        let input = AssignmentInput {
            checklist_version_id: self.checklist_version_id,
            location_id: location.id,
            auditor_id: self.cast.auditor.user_id,
            not_before,
            due,
            scenario: self.scenario.into(),
        };
        let consultant = &self.cast.consultant;
        let assignment = service::assignments::create(self.state, consultant, input).await?;
        Ok(assignment.id)
    }

    /// An assignment around `start` and its submitted audit, checked in then; `adjust`
    /// changes the audit before it is sent.
    async fn visit(
        &self,
        rng: &mut fastrand::Rng,
        location: &Location,
        start: DateTime<Utc>,
        adjust: impl FnOnce(&mut AuditInput),
    ) -> anyhow::Result<Audit> {
        let (not_before, due) = (start - Duration::days(3), start + Duration::days(4));
        let assignment_id = self.assign(location, not_before, due).await?;
        let shop = (location.code.as_str(), location.position);
        let mut input = fake_audit(rng, self.content, shop, assignment_id, start);
        adjust(&mut input);
        let auditor = &self.cast.auditor;
        let (_, audit) = service::audits::put(self.state, auditor, Uuid::now_v7(), input).await?;
        Ok(audit)
    }

    async fn decide(
        &self,
        audit_id: Uuid,
        decision: ReviewDecision,
        comment: &str,
    ) -> anyhow::Result<Audit> {
        let review = ReviewInput {
            decision,
            comment: comment.into(),
            item_comments: Vec::new(),
        };
        let consultant = &self.cast.consultant;
        Ok(service::audits::review(self.state, consultant, audit_id, review).await?)
    }

    async fn recent_visit(
        &self,
        rng: &mut fastrand::Rng,
        location: &Location,
        start: DateTime<Utc>,
        recent: Recent,
    ) -> anyhow::Result<()> {
        let audit = self
            .visit(rng, location, start, |input| {
                let visit = &mut input.visit;
                match recent {
                    Recent::OffSite => {
                        if let Some(position) = &mut visit.position {
                            position.lat += 0.02;
                        }
                    }
                    Recent::Rushed => visit.check_out_at = Some(start + Duration::minutes(6)),
                    _ => {}
                }
            })
            .await?;
        if matches!(recent, Recent::Resubmitted | Recent::Returned) {
            self.decide(audit.id, ReviewDecision::Return, RETURN_COMMENT)
                .await?;
        }
        if recent == Recent::Resubmitted {
            let mut input = AuditInput {
                assignment_id: audit.assignment_id,
                status: AuditStatus::Submitted,
                visit: audit.visit,
                answers: audit.answers,
                touchpoint_notes: audit.touchpoint_notes,
            };
            if let Some(answer) = input.answers.first_mut() {
                answer.comment = "Queue wait timed at four minutes; added as asked.".into();
            }
            let auditor = &self.cast.auditor;
            service::audits::put(self.state, auditor, audit.id, input).await?;
        }
        Ok(())
    }
}

/// Corrective actions on items that failed in the worst shop's latest approved audits,
/// assigned to the manager; the latest one's is already overdue.
async fn open_actions(
    state: &AppState,
    cast: &Cast,
    approved: &[Audit],
    locations: &[Location],
) -> anyhow::Result<()> {
    let worst = super::catalog::SHOPS
        .iter()
        .min_by(|a, b| a.quality.total_cmp(&b.quality))
        .and_then(|shop| locations.iter().find(|l| l.code == shop.code))
        .ok_or_else(|| anyhow::anyhow!("the demo has no shops"))?;
    let mut theirs: Vec<&Audit> = approved
        .iter()
        .filter(|a| a.location_id == worst.id)
        .collect();
    theirs.sort_by_key(|audit| std::cmp::Reverse(audit.visit.check_in_at));
    // A different failed item each time, as a manager's list of actions would be.
    let mut taken = Vec::new();
    let failures = theirs.into_iter().filter_map(|audit| {
        let failed = audit.score.items.iter().find(|item| {
            item.points.earned < item.points.possible && !taken.contains(&item.item_id)
        })?;
        taken.push(failed.item_id);
        Some((audit, failed.item_id))
    });
    for (n, (audit, item_id)) in failures.take(OPEN_ACTIONS).enumerate() {
        let days = i64::try_from(n).unwrap_or(0) * 5 - 3;
        let input = ActionInput {
            audit_id: audit.id,
            item_id,
            assignee_id: cast.manager.user_id,
            due: Utc::now() + Duration::days(days),
            note: format!(
                "{}: brief the team on this item and check it on the next visit.",
                worst.name
            ),
        };
        service::actions::create(state, &cast.consultant, input).await?;
    }
    Ok(())
}
