//! Scorecards and their drill-down.

use super::{ApiResult, get, query_of};
use touchstone_shared::scorecard::{CellAudit, CellQuery, PainPoint, Scorecard, ScorecardQuery};

/// `GET /scorecards`.
pub async fn scorecard(q: &ScorecardQuery) -> ApiResult<Scorecard> {
    get(&format!("/scorecards{}", query_of(q))).await
}

/// `GET /scorecards/audits`: the approved audits behind one cell, lowest score first.
pub async fn cell_audits(q: &CellQuery) -> ApiResult<Vec<CellAudit>> {
    get(&format!("/scorecards/audits{}", query_of(q))).await
}

/// `GET /scorecards/pain-points`: the pain points noted in the approved audits behind one
/// cell, newest first (the server's default number of them).
pub async fn cell_pain_points(q: &CellQuery) -> ApiResult<Vec<PainPoint>> {
    get(&format!("/scorecards/pain-points{}", query_of(q))).await
}
