//! The router and the middleware around it.

pub mod client_ip;
pub mod metrics;
pub mod min_rate;
pub mod request_id;

use crate::config::Config;
use crate::error::error_response;
use crate::routes;
use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Response, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use min_rate::{MinRate, MinRateBody};
use std::sync::Arc;
use std::time::Duration;
use touchstone_shared::error::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::csrf::CsrfLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole application: API, OpenAPI document, and the web client when configured.
pub fn app(state: AppState) -> Router {
    let config = state.config.clone();
    let metrics = state.metrics.clone();
    let (api, mut openapi) = routes::api().split_for_parts();
    routes::document_common_errors(&mut openapi);
    let openapi_json = openapi.to_pretty_json().unwrap_or_default();
    let mut router = api
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || async move {
                ([(header::CONTENT_TYPE, "application/json")], openapi_json)
            }),
        )
        .route("/metrics", axum::routing::get(metrics::get_metrics))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .with_state(state);
    if let Some(dir) = &config.static_dir {
        // The client build writes `.br` and `.gz` next to its files: they are sent as they
        // are (brotli 11 is smaller than what the compression layer makes on the fly, and
        // costs no CPU per request); a response with a content encoding is not compressed
        // again.
        let index = ServeFile::new(dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        let files = ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(index);
        router = router.fallback_service(files);
    }

    let mut csrf = CsrfLayer::new();
    for origin in &config.trusted_origins {
        match csrf.clone().add_trusted_origin(origin) {
            Ok(with) => csrf = with,
            Err(e) => tracing::warn!(%origin, error = %e, "ignoring trusted origin"),
        }
    }
    let csrf = csrf.with_rejection_response(|_| {
        error_response(
            StatusCode::FORBIDDEN,
            ErrorCode::CsrfFailed,
            "cross-site request refused".into(),
            None,
        )
    });

    router
        .layer(csrf)
        .layer(DefaultBodyLimit::max(config.max_json_bytes))
        .layer(middleware::from_fn_with_state(config.clone(), limit_body))
        .layer(middleware::from_fn_with_state(config.clone(), time_limit))
        .layer(middleware::from_fn(envelope_errors))
        .layer(middleware::from_fn(limit_uri))
        .layer(
            CompressionLayer::new().compress_when(
                // PDF and XLSX are compressed already; gzipping them again only costs CPU.
                DefaultPredicate::new()
                    .and(NotForContentType::const_new("application/pdf"))
                    .and(NotForContentType::const_new(
                        "application/vnd.openxmlformats-officedocument",
                    )),
            ),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(CatchPanicLayer::custom(|_| {
            error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error".into(),
                None,
            )
        }))
        .layer(middleware::from_fn_with_state(
            (metrics, config.static_dir.is_some()),
            metrics::record,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_id::request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(request_id::NewRequestId))
}

/// The largest body a path accepts: photos, files for imports, JSON for everything else;
/// and whether the path takes uploads (held to a minimum rate).
fn body_limit(config: &Config, path: &str) -> (usize, bool) {
    if path == "/api/v1/photos" {
        let limit = usize::try_from(config.evidence.max_photo_bytes).unwrap_or(usize::MAX);
        (limit, true)
    } else if path.starts_with("/api/") && path.ends_with("/import") {
        (config.max_import_bytes, true)
    } else {
        (config.max_json_bytes, false)
    }
}

/// Refuses bodies over the path's limit: at once when `Content-Length` says so, otherwise
/// when the stream passes it (the extractors then answer 413). Upload bodies must also keep
/// up the minimum rate (408 otherwise; see [`min_rate`]).
async fn limit_body(
    State(config): State<Arc<Config>>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let (limit, upload) = body_limit(&config, request.uri().path());
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("the request body is larger than this route accepts ({limit} bytes)"),
            None,
        );
    }
    let request = request.map(|body| {
        let limited = http_body_util::Limited::new(body, limit);
        if upload {
            let rate = MinRate {
                grace: Duration::from_secs(config.upload_grace_secs),
                bytes_per_sec: config.upload_min_bytes_per_sec,
            };
            Body::new(MinRateBody::new(limited, rate))
        } else {
            Body::new(limited)
        }
    });
    next.run(request).await
}

/// Abandons a request with 408 when it takes longer than its path allows: uploads get
/// `upload_timeout_secs` (a photo on a weak network may take minutes, and the minimum-rate
/// guard already cuts off stalled bodies), everything else `request_timeout_secs`.
async fn time_limit(
    State(config): State<Arc<Config>>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let (_, upload) = body_limit(&config, request.uri().path());
    let secs = if upload {
        config.upload_timeout_secs
    } else {
        config.request_timeout_secs
    };
    match tokio::time::timeout(Duration::from_secs(secs), next.run(request)).await {
        Ok(response) => response,
        Err(_) => error_response(
            StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Unavailable,
            format!("the request took longer than {secs} s"),
            None,
        ),
    }
}

/// Longest request target (path and query) accepted, in bytes. Below hyper's own limit
/// (64 KiB, answered by hyper without the envelope), so every overlong URI a client is
/// likely to send gets the API's 414.
const MAX_URI_BYTES: usize = 8 * 1024;

/// Refuses overlong URIs with 414 and the error envelope.
async fn limit_uri(request: Request, next: Next) -> Response<Body> {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if length > MAX_URI_BYTES {
        return error_response(
            StatusCode::URI_TOO_LONG,
            ErrorCode::InvalidInput,
            format!("the URI is longer than {MAX_URI_BYTES} bytes"),
            None,
        );
    }
    next.run(request).await
}

async fn api_not_found() -> impl IntoResponse {
    error_response(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "no such API route".into(),
        None,
    )
}

/// Gives API errors produced outside the handlers (405, 408, 413 from middleware) the API's
/// error envelope.
async fn envelope_errors(request: Request, next: Next) -> Response<Body> {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !is_api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::InvalidInput,
            "this route does not accept that method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::PayloadTooLarge,
            "the request body is larger than this route accepts",
        ),
        StatusCode::REQUEST_TIMEOUT => (ErrorCode::Unavailable, "the request took too long"),
        StatusCode::URI_TOO_LONG => (ErrorCode::InvalidInput, "the URI is too long"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            (ErrorCode::UnsupportedMediaType, "unsupported media type")
        }
        s if s.is_server_error() => (ErrorCode::Internal, "internal error"),
        _ => (ErrorCode::InvalidInput, "the request is not valid"),
    };
    error_response(status, code, message.into(), None)
}
