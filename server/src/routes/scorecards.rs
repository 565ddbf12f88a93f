//! Scorecards.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Query};
use crate::service::scorecards::{self, ScorecardQuery};
use crate::state::AppState;
use axum::extract::State;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::scorecard::Scorecard;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Per-touchpoint and per-stage statistics of a client's approved audits over a period.
#[utoipa::path(get, path = "/api/v1/scorecards", tag = "scorecards", params(ScorecardQuery),
    responses((status = 200, body = Scorecard), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn get_scorecard(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ScorecardQuery>,
) -> Result<Json<Scorecard>> {
    Ok(Json(scorecards::scorecard(&state, &caller, q).await?))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_scorecard))
}
