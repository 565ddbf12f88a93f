//! The organisation's shoppers with what staff weigh when they pick one.

use super::parse_id;
use crate::error::Result;
use sqlx::{Any, Executor, FromRow};
use touchstone_shared::panel::START_RATING;
use touchstone_shared::panel_roster::ShopperSummary;
use uuid::Uuid;

#[derive(FromRow)]
struct Row {
    id: String,
    name: String,
    rating: Option<f64>,
    rating_note: Option<String>,
    certifications: i64,
    jobs_done: i64,
    late: i64,
}

/// Every auditor of the organisation, by name (at most 1,000).
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    org_id: Uuid,
) -> Result<Vec<ShopperSummary>> {
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    sqlx::query_as::<_, Row>(
        "SELECT u.id, u.name, p.rating, p.rating_note, \
         (SELECT COUNT(DISTINCT c.checklist_id) FROM certification_attempts c \
          WHERE c.org_id = u.org_id AND c.user_id = u.id AND c.passed = 1) AS certifications, \
         (SELECT COUNT(*) FROM panel_jobs j JOIN audits a ON a.assignment_id = j.assignment_id \
          WHERE j.org_id = u.org_id AND j.shopper_id = u.id AND a.status = 'approved') AS jobs_done, \
         (SELECT COUNT(*) FROM panel_jobs j WHERE j.org_id = u.org_id AND j.shopper_id = u.id \
          AND j.late_counted = 1) AS late \
         FROM users u LEFT JOIN shopper_profiles p ON p.user_id = u.id \
         WHERE u.org_id = $1 AND u.role = 'auditor' ORDER BY u.name, u.id LIMIT 1000",
    )
    .bind(org_id.to_string())
    .fetch_all(ex)
    .await?
    .into_iter()
    .map(|r| {
        Ok(ShopperSummary {
            user_id: parse_id(&r.id)?,
            name: r.name,
            rating: r.rating.unwrap_or(START_RATING),
            rating_note: r.rating_note.unwrap_or_default(),
            certifications: count(r.certifications),
            jobs_done: count(r.jobs_done),
            late: count(r.late),
        })
    })
    .collect()
}
