//! The consultant's calls on recurring waves: the schedules and each wave's progress.

use super::get;
use touchstone_shared::panel::{WaveProgress, WaveSchedule};
use uuid::Uuid;

/// `GET /wave-schedules`.
pub async fn schedules() -> super::ApiResult<Vec<WaveSchedule>> {
    get("/wave-schedules").await
}

/// `GET /wave-schedules/{id}/waves`: each wave's jobs by state.
pub async fn progress(schedule_id: Uuid) -> super::ApiResult<Vec<WaveProgress>> {
    get(&format!("/wave-schedules/{schedule_id}/waves")).await
}
