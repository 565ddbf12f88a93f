//! Typed calls to the Touchstone API (`/api/v1`) on the shared wire types.
//!
//! Every call goes through [`send`], which gives up after a timeout (a phone on a bad
//! network can hang for minutes) and turns failures into an [`ApiError`] the outbox can
//! classify. Writes need no CSRF token: the server checks `Sec-Fetch-Site` / `Origin`, which
//! the browser sets on these same-origin requests.
//!
//! [`consult`] holds the consultant's calls (setup, planning, imports, reports).

pub mod consult;
pub mod pay;
pub mod per_client;
pub mod waves;

use leptos::prelude::set_timeout_with_handle;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;
use touchstone_shared::assignment::{Assignment, AssignmentDetail};
use touchstone_shared::audit::{Audit, AuditInput};
use touchstone_shared::error::{ErrorBody, ErrorCode, ErrorDetail};
use touchstone_shared::page::Page;
use touchstone_shared::user::Me;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Blob, Headers, Request, RequestCredentials, RequestInit, Response};

mod actions;
mod directory;
mod notifications;
pub mod panel;
mod review;
mod scorecards;
mod tokens;
mod webhooks;
mod workbench;

pub use actions::{actions, create_action, update_action};
pub use directory::{
    checklist_version, client_managers, clients, journey, locations, locations_one, users,
};
pub use notifications::{mark_read, notifications};
pub use review::{audit_events, audits, review_audit};
pub use scorecards::{cell_audits, cell_pain_points, scorecard};
pub use tokens::{create_token, revoke_token, tokens};
pub use webhooks::{
    create_webhook, delete_webhook, enable_webhook, test_webhook, webhook_deliveries, webhooks,
};
pub use workbench::*;

/// Where the API lives, relative to the page.
pub const API_BASE: &str = "/api/v1";

const JSON_TIMEOUT: Duration = Duration::from_secs(30);
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(180);

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, timed out, or the server is unreachable.
    Network(String),
    /// The server answered with an error status.
    Status {
        /// HTTP status.
        status: u16,
        /// The error envelope, when the body was one.
        detail: Option<ErrorDetail>,
    },
    /// The answer was not what the API promises.
    Decode(String),
}

impl ApiError {
    /// HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The machine-readable code, when the body was an error envelope.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Status {
                detail: Some(d), ..
            } => Some(d.code),
            _ => None,
        }
    }

    /// Worth retrying later: no answer, a timeout, rate limiting or a server fault.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Status { status, .. } => matches!(status, 408 | 425 | 429 | 500..=599),
            // A proxy's HTML error page, most likely; try again.
            ApiError::Decode(_) => true,
        }
    }

    /// The session is gone: sign in again.
    pub fn is_unauthenticated(&self) -> bool {
        self.status() == Some(401)
    }

    /// A sentence for the auditor.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(_) => "No connection to the server".into(),
            ApiError::Status {
                detail: Some(d), ..
            } => match &d.field {
                Some(field) => format!("{} ({field})", d.message),
                None => d.message.clone(),
            },
            ApiError::Status {
                status: 401,
                detail: None,
            } => "Your session has ended; sign in again".into(),
            ApiError::Status { status, .. } => format!("The server answered {status}"),
            ApiError::Decode(e) => format!("Unexpected answer from the server: {e}"),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

/// Result of an API call.
pub type ApiResult<T> = Result<T, ApiError>;

/// A request body.
pub(crate) enum Body<'a> {
    /// None.
    None,
    /// JSON text.
    Json(String),
    /// A JPEG photo.
    Jpeg(&'a Blob),
    /// A file with its media type (imports).
    File(&'a Blob, &'a str),
}

/// A JavaScript failure as a network error.
pub(crate) fn js_err(e: JsValue) -> ApiError {
    ApiError::Network(
        e.as_string()
            .or_else(|| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            })
            .unwrap_or_else(|| format!("{e:?}")),
    )
}

/// Sends a request and answers the response if it is a success, the error otherwise.
pub(crate) async fn send(method: &str, path: &str, body: Body<'_>) -> ApiResult<Response> {
    let response = fetch(method, path, body, None).await?;
    if response.ok() {
        return Ok(response);
    }
    Err(status_error(&response).await)
}

/// The error of a response with an error status.
pub(crate) async fn status_error(response: &Response) -> ApiError {
    let status = response.status();
    let detail = text(response)
        .await
        .ok()
        .and_then(|t| serde_json::from_str::<ErrorBody>(&t).ok())
        .map(|b| b.error);
    ApiError::Status { status, detail }
}

/// Sends a request and answers the response whatever its status; `timeout` (until the
/// headers arrive) defaults to one that suits the body.
pub(crate) async fn fetch(
    method: &str,
    path: &str,
    body: Body<'_>,
    timeout: Option<Duration>,
) -> ApiResult<Response> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let headers = Headers::new().map_err(js_err)?;
    headers.set("Accept", "application/json").map_err(js_err)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    let timeout_for_body = match body {
        Body::None => JSON_TIMEOUT,
        Body::Json(text) => {
            headers
                .set("Content-Type", "application/json")
                .map_err(js_err)?;
            init.set_body(&JsValue::from_str(&text));
            JSON_TIMEOUT
        }
        Body::Jpeg(blob) => {
            headers.set("Content-Type", "image/jpeg").map_err(js_err)?;
            init.set_body(blob);
            UPLOAD_TIMEOUT
        }
        Body::File(blob, media_type) => {
            headers.set("Content-Type", media_type).map_err(js_err)?;
            init.set_body(blob);
            UPLOAD_TIMEOUT
        }
    };
    let timeout = timeout.unwrap_or(timeout_for_body);
    init.set_headers(&headers);
    let abort = AbortController::new().map_err(js_err)?;
    init.set_signal(Some(&abort.signal()));
    let request =
        Request::new_with_str_and_init(&format!("{API_BASE}{path}"), &init).map_err(js_err)?;
    let timer = set_timeout_with_handle(move || abort.abort(), timeout).ok();
    let result = JsFuture::from(window.fetch_with_request(&request)).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    result.map_err(js_err)?.dyn_into().map_err(js_err)
}

/// The body as text.
pub(crate) async fn text(response: &Response) -> ApiResult<String> {
    let value = JsFuture::from(response.text().map_err(js_err)?)
        .await
        .map_err(js_err)?;
    value
        .as_string()
        .ok_or_else(|| ApiError::Decode("the body is not text".into()))
}

/// The body as JSON.
pub(crate) async fn json<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let body = text(&response).await?;
    serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A value as JSON text.
pub(crate) fn to_json<T: Serialize>(value: &T) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|e| ApiError::Decode(e.to_string()))
}

// `POST /auth/login` is sent by the sign-in page, `static/signin.js`, outside the app.

/// `POST /auth/logout`: ends the session.
pub async fn logout() -> ApiResult<()> {
    send("POST", "/auth/logout", Body::None).await?;
    Ok(())
}

/// `GET /auth/me`: the signed-in user, or 401.
pub async fn me() -> ApiResult<Me> {
    json(send("GET", "/auth/me", Body::None).await?).await
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// `?a=1&b=2` of the pairs that have a non-empty value (empty when none has).
pub fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", encode(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The query string of a serializable query type (a flat struct of optional scalars).
pub fn query_of<T: Serialize>(value: &T) -> String {
    let pairs: Vec<(String, Option<String>)> = match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::Null => None,
                    serde_json::Value::String(s) => Some(s),
                    other => Some(other.to_string()),
                };
                (k, v)
            })
            .collect(),
        _ => Vec::new(),
    };
    let borrowed: Vec<(&str, Option<String>)> =
        pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    query(&borrowed)
}

/// `GET` of a paginated listing, every page (`path` may carry a query already).
pub(crate) async fn all_pages<T: DeserializeOwned>(path: &str) -> ApiResult<Vec<T>> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit=500&cursor={}", encode(c)),
            None => format!("{path}{sep}limit=500"),
        };
        let page: Page<T> = json(send("GET", &url, Body::None).await?).await?;
        all.extend(page.items);
        match page.next_cursor {
            Some(next) if Some(&next) != cursor.as_ref() => cursor = Some(next),
            _ => return Ok(all),
        }
    }
}

/// `GET` of one JSON resource.
async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    json(send("GET", path, Body::None).await?).await
}

/// `GET /assignments`, every page: the auditor's own assignments.
pub async fn assignments() -> ApiResult<Vec<Assignment>> {
    all_pages("/assignments").await
}

/// `GET /assignments/{id}/detail`: everything needed to do it offline.
pub async fn assignment_detail(id: Uuid) -> ApiResult<AssignmentDetail> {
    json(send("GET", &format!("/assignments/{id}/detail"), Body::None).await?).await
}

/// `PUT /audits/{id}`: the audit's full state; the same body twice is one audit.
pub async fn put_audit(id: Uuid, input: &AuditInput) -> ApiResult<Audit> {
    json(send("PUT", &format!("/audits/{id}"), Body::Json(to_json(input)?)).await?).await
}

/// `GET /audits/{id}`.
pub async fn audit(id: Uuid) -> ApiResult<Audit> {
    json(send("GET", &format!("/audits/{id}"), Body::None).await?).await
}

/// `POST /photos` with the JPEG bytes; the server keys it by their sha256, so a retry
/// stores nothing twice.
pub async fn upload_photo(jpeg: &Blob) -> ApiResult<()> {
    send("POST", "/photos", Body::Jpeg(jpeg)).await?;
    Ok(())
}

/// URL of a stored photo's thumbnail.
pub fn photo_thumb_url(sha256: &str) -> String {
    format!("{API_BASE}/photos/{sha256}/thumb")
}

/// URL of a stored photo's display rendition (≤ 1600 px).
pub fn photo_display_url(sha256: &str) -> String {
    format!("{API_BASE}/photos/{sha256}/display")
}
