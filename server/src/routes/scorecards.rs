//! Scorecards and their drill-down.

use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Query};
use crate::service::scorecards::{self, CellQuery, PainPointLimit, ScorecardQuery};
use crate::state::AppState;
use axum::extract::State;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::scorecard::{CellAudit, PainPoint, Scorecard};
use utoipa_axum::{router::OpenApiRouter, routes};

/// Statistics of a client's approved audits over a period: per touchpoint, stage, location
/// and region, with change against the previous period, worst items, trend and NPS.
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

/// The approved audits behind one cell of a scorecard (a touchpoint, a stage, or whole
/// audits), lowest score first.
#[utoipa::path(get, path = "/api/v1/scorecards/audits", tag = "scorecards", params(CellQuery),
    responses((status = 200, body = Vec<CellAudit>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn list_cell_audits(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<CellQuery>,
) -> Result<Json<Vec<CellAudit>>> {
    Ok(Json(scorecards::cell_audits(&state, &caller, q).await?))
}

/// The pain points auditors noted in the approved audits behind one cell of a scorecard (a
/// touchpoint, a stage, or whole audits), newest first: what the journey map lists.
#[utoipa::path(get, path = "/api/v1/scorecards/pain-points", tag = "scorecards",
    params(CellQuery, PainPointLimit),
    responses((status = 200, body = Vec<PainPoint>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_cell_pain_points(
    State(state): State<AppState>,
    caller: Caller,
    // The same query string read twice: the cell, and how many.
    (Query(cell), Query(limit)): (Query<CellQuery>, Query<PainPointLimit>),
) -> Result<Json<Vec<PainPoint>>> {
    let points = scorecards::cell_pain_points(&state, &caller, cell, limit).await?;
    Ok(Json(points))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_scorecard))
        .routes(routes!(list_cell_audits))
        .routes(routes!(list_cell_pain_points))
}
