//! Who may claim a job: the rules of its terms checked against what is known of the shopper.

use crate::db::{self, jobs::JobRecord, now_ms};
use crate::error::Result;
use chrono::{Datelike, Duration};
use sqlx::{Any, Executor};
use std::collections::HashSet;
use touchstone_shared::panel::Blocked;
use uuid::Uuid;

/// How far back visits count for lockouts (the longest lockout allowed).
const LOOKBACK_DAYS: i64 = 3660;

/// What the rules need to know of a shopper.
pub struct Shopper {
    /// Rating.
    pub rating: f64,
    certified: HashSet<Uuid>,
    excluded: HashSet<Uuid>,
    /// Location and window start (Unix ms) of each visit the shopper has or applied for,
    /// by the id of its assignment or job.
    visits: Vec<(String, String, i64)>,
}

impl Shopper {
    /// Reads it for `user_id` (an auditor of the organisation).
    pub async fn load<'c, E>(ex: E, org_id: Uuid, user_id: Uuid) -> Result<Shopper>
    where
        E: Executor<'c, Database = Any> + Copy,
    {
        let profile = db::shoppers::get(ex, org_id, user_id).await?;
        let since = now_ms() - Duration::days(LOOKBACK_DAYS).num_milliseconds();
        Ok(Shopper {
            rating: profile.rating(),
            certified: db::shoppers::certified(ex, org_id, user_id)
                .await?
                .into_iter()
                .collect(),
            excluded: db::shoppers::exclusions(ex, org_id, user_id)
                .await?
                .into_iter()
                .collect(),
            visits: db::jobs::visits_since(ex, org_id, user_id, since)
                .await?
                .into_iter()
                .map(|v| (v.id, v.location_id, v.not_before))
                .collect(),
        })
    }

    /// The first rule that stops the shopper claiming the job, if any. The job itself (an
    /// application being approved, a visit reassigned) does not count against it.
    pub fn blocked(&self, record: &JobRecord) -> Option<Blocked> {
        let job = &record.job;
        let terms = &job.terms;
        let own = [Some(job.id), job.assignment_id].map(|id| id.map(|i| i.to_string()));
        let visits: Vec<(&str, i64)> = self
            .visits
            .iter()
            .filter(|(id, _, _)| !own.iter().flatten().any(|o| o == id))
            .map(|(_, location, at)| (location.as_str(), *at))
            .collect();
        if self.excluded.contains(&job.location_id) {
            return Some(Blocked::new(
                "exclusion",
                "you are on this location's exclusion list (you are known there)",
            ));
        }
        if terms.certification_required && !self.certified.contains(&record.checklist_id) {
            return Some(Blocked::new(
                "certification",
                "pass this checklist's certification before claiming its jobs",
            ));
        }
        if let Some(min) = terms.min_rating
            && self.rating < min
        {
            return Some(Blocked::new(
                "rating",
                format!(
                    "this job needs a rating of at least {min:.1}; yours is {:.1}",
                    self.rating
                ),
            ));
        }
        let start = db::to_ms(job.not_before);
        let location = job.location_id.to_string();
        let lockout = Duration::days(i64::from(terms.lockout_days)).num_milliseconds();
        if terms.lockout_days > 0
            && visits
                .iter()
                .any(|(l, at)| *l == location && (start - at).abs() < lockout)
        {
            return Some(Blocked::new(
                "lockout",
                format!(
                    "you have a visit to this location within {} days of this job",
                    terms.lockout_days
                ),
            ));
        }
        if let Some(max) = terms.max_jobs_per_week {
            let week = job.not_before.iso_week();
            let that_week = visits
                .iter()
                .filter(|(_, at)| db::from_ms(*at).iso_week() == week)
                .count();
            if that_week >= usize::try_from(max).unwrap_or(usize::MAX) {
                return Some(Blocked::new(
                    "weekly_limit",
                    format!("you already have {that_week} jobs that week; the limit is {max}"),
                ));
            }
        }
        None
    }
}
