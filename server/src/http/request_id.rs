//! Request ids: every request gets an `X-Request-Id` (the one a proxy in front set, or a new
//! UUID v7), the response carries it back, and every log line written while the request is
//! handled names it, so a user's report or a balancer's log finds the server's lines.

use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};
use tracing::Span;

/// Makes a UUID v7 for a request that came without an id.
#[derive(Debug, Clone, Copy, Default)]
pub struct NewRequestId;

impl MakeRequestId for NewRequestId {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let id = uuid::Uuid::now_v7().to_string();
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// The span a request is handled in: at `info`, so that what is logged meanwhile carries
/// the method, the path and the request id.
pub fn request_span<B>(request: &Request<B>) -> Span {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %id,
    )
}
