//! The server's one error type and how each case is answered.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use touchstone_shared::error::{ErrorBody, ErrorCode, ErrorDetail, FieldError};
use touchstone_shared::import::{ImportErrorBody, ImportErrorDetail, RowProblem};

/// Handler result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Malformed request (bad JSON, wrong type, bad parameter).
    #[error("{message}")]
    BadRequest {
        /// What is wrong.
        message: String,
        /// The offending field.
        field: Option<String>,
    },
    /// Well-formed but invalid content.
    #[error("{0}")]
    Invalid(#[from] FieldError),
    /// An imported file (or a batch) with problems, every one of them by row; nothing was
    /// imported.
    #[error("{} problem(s) found; nothing was imported", .0.len())]
    Rows(Vec<RowProblem>),
    /// No valid credentials.
    #[error("sign in to continue")]
    Unauthenticated,
    /// Sign-in with a wrong email or password (or a disabled account: the same answer).
    #[error("the email or password is wrong")]
    BadCredentials,
    /// Credentials valid but not allowed.
    #[error("{0}")]
    Forbidden(&'static str),
    /// Nothing visible with that id.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// Body too large.
    #[error("the request body is larger than this route accepts")]
    PayloadTooLarge,
    /// The body arrived slower than the server accepts (a trickle).
    #[error("the request body arrived too slowly; retry on a better connection")]
    TooSlow,
    /// Wrong media type.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Too many attempts.
    #[error("too many attempts; try again in {0} seconds")]
    RateLimited(u64),
    /// A dependency (the database) is unavailable; retry.
    #[error("the service is busy or restarting; retry shortly")]
    Unavailable,
    /// The server lacks something it needs for this request (e.g. a font for reports); the
    /// message tells the operator what to install or configure.
    #[error("{0}")]
    NotInstalled(String),
    /// A fault of ours; logged with its chain of causes, answered generically.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// A 400 with a message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Error::BadRequest {
            message: message.into(),
            field: None,
        }
    }

    /// A 422 on a field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid(FieldError::new(field, message))
    }

    /// An internal fault with its cause (an error, kept with its own sources, or a message),
    /// for the log.
    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Error::Internal(cause.into())
    }

    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        match self {
            Error::BadRequest { .. } => (StatusCode::BAD_REQUEST, ErrorCode::InvalidInput),
            Error::Invalid(_) | Error::Rows(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidInput)
            }
            Error::Unauthenticated | Error::BadCredentials => {
                (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated)
            }
            Error::Forbidden(_) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            Error::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            Error::Conflict(_) => (StatusCode::CONFLICT, ErrorCode::Conflict),
            Error::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            Error::TooSlow => (StatusCode::REQUEST_TIMEOUT, ErrorCode::Unavailable),
            Error::UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            Error::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            Error::Unavailable | Error::NotInstalled(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable)
            }
            Error::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }
}

/// The remaps services and the database layer make again and again, named once.
pub trait ResultExt<T> {
    /// A `NotFound` becomes a 422 on `field`: an id in the body that names nothing the caller
    /// may see is bad input, not a missing page.
    fn not_found_as(self, field: &'static str, message: &'static str) -> Result<T>;

    /// A unique-constraint conflict gets a message that says which value is taken.
    fn on_constraint(self, message: &'static str) -> Result<T>;
}

impl<T, E: Into<Error>> ResultExt<T> for std::result::Result<T, E> {
    fn not_found_as(self, field: &'static str, message: &'static str) -> Result<T> {
        self.map_err(|e| match e.into() {
            Error::NotFound(_) => Error::invalid(field, message),
            other => other,
        })
    }

    fn on_constraint(self, message: &'static str) -> Result<T> {
        self.map_err(|e| match e.into() {
            Error::Conflict(_) => Error::Conflict(message.into()),
            other => other,
        })
    }
}

/// Builds an error response from its parts; also used by middleware that rejects requests.
pub fn error_response(
    status: StatusCode,
    code: ErrorCode,
    message: String,
    field: Option<String>,
) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code,
            message,
            field,
        },
    };
    (status, axum::Json(body)).into_response()
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match &self {
            Error::Internal(cause) => {
                let cause = causes(cause.as_ref());
                tracing::error!(%cause, "internal error");
            }
            Error::NotInstalled(what) => tracing::error!(%what, "server set-up incomplete"),
            Error::Rows(errors) => {
                let body = ImportErrorBody {
                    error: ImportErrorDetail {
                        code,
                        message: self.to_string(),
                        errors: errors.clone(),
                    },
                };
                return (status, axum::Json(body)).into_response();
            }
            _ => {}
        }
        let field = match &self {
            Error::BadRequest { field, .. } => field.clone(),
            Error::Invalid(e) => Some(e.field.clone()),
            _ => None,
        };
        let message = match &self {
            Error::Invalid(e) => format!("{}: {}", e.field, e.message),
            other => other.to_string(),
        };
        let mut response = error_response(status, code, message, field);
        let retry_after = match self {
            Error::RateLimited(secs) => Some(secs),
            Error::Unavailable => Some(2),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// An error and its sources, outermost first: `a: b: c`.
fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => Error::NotFound("record"),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Error::Conflict("a record with the same unique value already exists".into())
            }
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                Error::invalid("id", "refers to a record that does not exist")
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::warn!(error = %e, "database unavailable");
                Error::Unavailable
            }
            sqlx::Error::Database(db) if is_busy(db.as_ref()) => {
                tracing::warn!(error = %e, "database busy");
                Error::Unavailable
            }
            _ => Error::internal(e),
        }
    }
}

fn is_busy(e: &dyn sqlx::error::DatabaseError) -> bool {
    // SQLite: SQLITE_BUSY (5) / SQLITE_LOCKED (6); PostgreSQL: admin shutdown, cannot connect now.
    matches!(
        e.code().as_deref(),
        Some("5" | "6" | "517" | "57P01" | "57P02" | "57P03")
    )
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::internal(format!("stored JSON: {e}"))
    }
}
