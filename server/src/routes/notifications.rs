//! The notification centre, unsubscribe links and the delivery log.

use super::page;
use crate::auth::Caller;
use crate::error::Result;
use crate::extract::{Json, Path, Query};
use crate::notify::mail::escape;
use crate::service::notifications;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Html;
use touchstone_shared::error::ErrorBody;
use touchstone_shared::notification::{Notification, OutboxMessage, UnreadCount};
use touchstone_shared::page::Page;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// Query of the notification listing.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Cursor from the previous page (older notifications).
    pub cursor: Option<Uuid>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
}

/// The caller's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(NotificationQuery),
    responses((status = 200, body = Page<Notification>), (status = 401, body = ErrorBody)))]
async fn list_notifications(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<NotificationQuery>,
) -> Result<Json<Page<Notification>>> {
    Ok(Json(page(
        notifications::list(&state, &caller, q.cursor, q.limit).await?,
    )))
}

/// How many of the caller's notifications are unread.
#[utoipa::path(get, path = "/api/v1/notifications/unread", tag = "notifications",
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody)))]
async fn unread_count(State(state): State<AppState>, caller: Caller) -> Result<Json<UnreadCount>> {
    Ok(Json(notifications::unread(&state, &caller).await?))
}

/// Marks one notification read.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = Uuid, Path, description = "Notification id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<Uuid>,
) -> Result<StatusCode> {
    notifications::mark_read(&state, &caller, Some(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks all the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn read_all(State(state): State<AppState>, caller: Caller) -> Result<StatusCode> {
    notifications::mark_read(&state, &caller, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Query of an unsubscribe link.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnsubscribeQuery {
    /// The signed token of the e-mail's link.
    pub token: String,
}

/// The page an e-mail's unsubscribe link opens: it names the kind and asks to confirm (a
/// button posting back); opening it changes nothing, so mail scanners that follow links do
/// not unsubscribe anybody. Needs no sign-in.
#[utoipa::path(get, path = "/api/v1/notifications/unsubscribe", tag = "notifications",
    params(UnsubscribeQuery), security(()),
    responses((status = 200, description = "a confirmation page (HTML)", content_type = "text/html"),
        (status = 422, body = ErrorBody)))]
async fn unsubscribe_page(
    State(state): State<AppState>,
    Query(q): Query<UnsubscribeQuery>,
) -> Result<Html<String>> {
    let kind = notifications::unsubscribe_kind(&state, &q.token)?;
    let token = escape(&q.token);
    Ok(Html(format!(
        "<!doctype html><html><head><meta name=\"viewport\" content=\"width=device-width\">\
         <title>Unsubscribe</title></head><body><p>Stop e-mails of the kind <code>{kind}</code> \
         from Touchstone? The app still shows them.</p><form method=\"post\" \
         action=\"/api/v1/notifications/unsubscribe?token={token}\"><button type=\"submit\">\
         Unsubscribe</button></form></body></html>"
    )))
}

/// Stops one kind of e-mail for the user an e-mail's signed link names (the confirmation
/// page's button, or a mail program's one-click unsubscribe, RFC 8058); needs no sign-in.
#[utoipa::path(post, path = "/api/v1/notifications/unsubscribe", tag = "notifications",
    params(UnsubscribeQuery), security(()),
    responses((status = 200, description = "unsubscribed (an HTML page)", content_type = "text/html"),
        (status = 422, body = ErrorBody)))]
async fn unsubscribe(
    State(state): State<AppState>,
    Query(q): Query<UnsubscribeQuery>,
) -> Result<Html<String>> {
    let kind = notifications::unsubscribe(&state, &q.token).await?;
    Ok(Html(format!(
        "<!doctype html><html><head><meta name=\"viewport\" content=\"width=device-width\">\
         <title>Unsubscribed</title></head><body><p>You will no longer get e-mails of the kind \
         <code>{kind}</code> from Touchstone. The app still shows them.</p></body></html>"
    )))
}

/// Query of the delivery log.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// Only messages with this status: `pending`, `delivered` or `failed`.
    pub status: Option<String>,
    /// How many of the newest (default 50, at most 500).
    pub limit: Option<u32>,
}

/// The organisation's outgoing messages with every delivery attempt (admins).
#[utoipa::path(get, path = "/api/v1/outbox", tag = "notifications", params(OutboxQuery),
    responses((status = 200, body = Vec<OutboxMessage>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_outbox(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<OutboxQuery>,
) -> Result<Json<Vec<OutboxMessage>>> {
    Ok(Json(
        notifications::outbox(&state, &caller, q.status.as_deref(), q.limit).await?,
    ))
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(unread_count))
        .routes(routes!(read_one))
        .routes(routes!(read_all))
        .routes(routes!(unsubscribe_page, unsubscribe))
        .routes(routes!(list_outbox))
}
