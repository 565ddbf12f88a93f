//! `/metrics` for operators, and the middleware that times every request for it.
//!
//! Who may read it: a request bearing the configured `--metrics-token`, or one from the
//! server's own machine that no proxy passed on (a loopback peer and no `X-Forwarded-For` or
//! `Forwarded` header), so a scraper beside the server needs no set-up and the public, coming
//! through the balancer, sees nothing.

use crate::auth::secret_hash;
use crate::error::error_response;
use crate::metrics::{CONTENT_TYPE, Metrics, RequestLabels};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, Response, StatusCode, header};
use axum::middleware::Next;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use touchstone_shared::error::ErrorCode;

/// Methods recorded by name; any other counts as `OTHER`, so made-up methods cannot grow
/// the number of series.
const KNOWN_METHODS: [Method; 7] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
    Method::OPTIONS,
];

/// Times the request and records it under its route template.
pub async fn record(
    State((metrics, serves_files)): State<(Arc<Metrics>, bool)>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let method = if KNOWN_METHODS.contains(request.method()) {
        request.method().as_str().to_owned()
    } else {
        "OTHER".to_owned()
    };
    let route = match request.extensions().get::<MatchedPath>() {
        Some(path) => path.as_str().to_owned(),
        None if serves_files && !request.uri().path().starts_with("/api/") => "static".into(),
        None => "unmatched".into(),
    };
    let start = Instant::now();
    let response = next.run(request).await;
    let labels = RequestLabels {
        method,
        route,
        status: response.status().as_u16(),
    };
    metrics.observe(labels, start.elapsed());
    response
}

/// `GET /metrics`.
pub async fn get_metrics(State(state): State<AppState>, request: Request) -> Response<Body> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr);
    if !may_read(&state, peer, request.headers()) {
        return error_response(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "metrics are served on the server's own machine, or with the metrics token".into(),
            None,
        );
    }
    match state.metrics.render() {
        Ok(text) => Response::builder()
            .header(header::CONTENT_TYPE, CONTENT_TYPE)
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::from(text))
            .unwrap_or_default(),
        Err(e) => {
            tracing::error!(error = %e, "encoding the metrics");
            error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error".into(),
                None,
            )
        }
    }
}

/// The access rule of the module's documentation.
fn may_read(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> bool {
    if let Some(token) = &state.config.metrics_token {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        // Compared as hashes: the time the comparison takes tells nothing of the token.
        let expected = secret_hash(token.expose());
        if presented.is_some_and(|p| secret_hash(p.trim()) == expected) {
            return true;
        }
    }
    let forwarded = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    peer.is_some_and(|p| p.ip().to_canonical().is_loopback()) && !forwarded
}
