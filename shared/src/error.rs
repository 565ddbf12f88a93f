//! The error envelope every API error uses: `{"error":{"code":"…","message":"…","field":"…"}}`.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes; the client matches on these, people read the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body or a parameter is malformed or fails validation.
    InvalidInput,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// The media type of the body is not one the route accepts.
    UnsupportedMediaType,
    /// No valid session or token.
    Unauthenticated,
    /// Signed in, but the role or scope does not allow this.
    Forbidden,
    /// Cross-site write without a valid CSRF proof.
    CsrfFailed,
    /// Nothing with that id is visible to the caller.
    NotFound,
    /// The change conflicts with the current state (e.g. editing a submitted audit).
    Conflict,
    /// Too many attempts; retry later.
    RateLimited,
    /// The service is temporarily unavailable (e.g. the database is restarting).
    Unavailable,
    /// An unexpected server fault; details are in the server log only.
    Internal,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong, for a program (`code`) and a person (`message`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// A sentence a person can act on.
    pub message: String,
    /// The offending field, as a JSON path such as `answers[3].value`, when one is to blame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A validation failure found in `shared` before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// JSON path of the offending field.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl FieldError {
    /// A failure on `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// Result of a validation.
pub type Valid = Result<(), FieldError>;

/// Checks that a required text field is present and not too long.
pub fn require_text(field: &str, value: &str, max_chars: usize) -> Valid {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    optional_text(field, value, max_chars)
}

/// Checks that an optional text field is not too long.
pub fn optional_text(field: &str, value: &str, max_chars: usize) -> Valid {
    if value.chars().count() > max_chars {
        return Err(FieldError::new(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    }
    Ok(())
}
