//! Liveness and readiness.

use crate::error::{Error, Result};
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Health report.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` when the database answers and the server is not shutting down.
    pub status: &'static str,
}

/// Whether the server and its database answer, and the server is not shutting down (503 once
/// it is: see `--drain-secs`).
#[utoipa::path(get, path = "/api/v1/health", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = touchstone_shared::error::ErrorBody)))]
async fn get_health(State(state): State<AppState>) -> Result<Json<Health>> {
    if state.draining.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(Error::Unavailable);
    }
    sqlx::query("SELECT 1")
        .execute(state.db.pool())
        .await
        .map_err(|_| Error::Unavailable)?;
    Ok(Json(Health { status: "ok" }))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_health))
}
