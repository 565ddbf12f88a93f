//! Scorecards of a client over a period.

use crate::auth::Caller;
use crate::db::{self, ms, scorecards::CardFilter};
use crate::error::{Error, Result};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use touchstone_shared::scorecard::{Scorecard, StageCard, Stats, TouchpointCard};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Default length of a scorecard's period.
const DEFAULT_DAYS: i64 = 90;

/// Which audits a scorecard covers.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
pub struct ScorecardQuery {
    /// The client.
    pub client_id: Uuid,
    /// Start of the period (inclusive, RFC 3339); default 90 days before `to`.
    pub from: Option<DateTime<Utc>>,
    /// End of the period (exclusive, RFC 3339); default now.
    pub to: Option<DateTime<Utc>>,
    /// Only locations of this region.
    pub region: Option<String>,
    /// Only this location.
    pub location_id: Option<Uuid>,
}

/// The scorecard per touchpoint and per stage over approved audits.
pub async fn scorecard(
    state: &AppState,
    caller: &Caller,
    query: ScorecardQuery,
) -> Result<Scorecard> {
    caller.require(&[Role::Admin, Role::Consultant, Role::Manager])?;
    let pool = state.db.pool();
    let vis = caller.visibility();
    let client = db::clients::get(pool, &vis, query.client_id).await?;
    let to = query.to.unwrap_or_else(Utc::now);
    let from = query.from.unwrap_or(to - Duration::days(DEFAULT_DAYS));
    if from >= to {
        return Err(Error::invalid("from", "must be before `to`"));
    }
    let filter = CardFilter {
        org_id: caller.org_id,
        client_id: client.id,
        from_ms: ms(from),
        to_ms: ms(to),
        region: query.region.filter(|r| !r.is_empty()),
        location_id: query.location_id,
        target_percent: client.target_percent,
    };
    let overall = db::scorecards::overall(pool, &filter).await?;
    let stage_sums: HashMap<Uuid, _> = db::scorecards::by_stage(pool, &filter)
        .await?
        .into_iter()
        .collect();
    let touchpoint_sums: HashMap<Uuid, _> = db::scorecards::by_touchpoint(pool, &filter)
        .await?
        .into_iter()
        .map(|(t, _, sums)| (t, sums))
        .collect();
    let (journeys, _) = db::journeys::list(pool, &vis, Some(client.id), None, 500).await?;

    let mut stages = Vec::new();
    let mut touchpoints = Vec::new();
    for stage in journeys.iter().flat_map(|j| &j.stages) {
        stages.push(StageCard {
            stage_id: stage.id,
            name: stage.name.clone(),
            stats: stage_sums
                .get(&stage.id)
                .copied()
                .map(Stats::from)
                .unwrap_or_default(),
        });
        for tp in &stage.touchpoints {
            touchpoints.push(TouchpointCard {
                touchpoint_id: tp.id,
                stage_id: stage.id,
                name: tp.name.clone(),
                channel: tp.channel,
                stats: touchpoint_sums
                    .get(&tp.id)
                    .copied()
                    .map(Stats::from)
                    .unwrap_or_default(),
            });
        }
    }
    Ok(Scorecard {
        client_id: client.id,
        from,
        to,
        target_percent: client.target_percent,
        overall: Stats::from(overall),
        stages,
        touchpoints,
    })
}
