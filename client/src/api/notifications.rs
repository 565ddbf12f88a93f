//! The notification centre.

use super::{ApiResult, Body, get, send};
use touchstone_shared::notification::Notification;
use touchstone_shared::page::Page;
use uuid::Uuid;

/// `GET /notifications`: the newest 20.
pub async fn notifications() -> ApiResult<Vec<Notification>> {
    get::<Page<Notification>>("/notifications?limit=20")
        .await
        .map(|p| p.items)
}

/// `POST /notifications/{id}/read`, or `/notifications/read` (all) without an id.
pub async fn mark_read(id: Option<Uuid>) -> ApiResult<()> {
    let path = id.map_or("/notifications/read".to_owned(), |id| {
        format!("/notifications/{id}/read")
    });
    send("POST", &path, Body::None).await.map(|_| ())
}
