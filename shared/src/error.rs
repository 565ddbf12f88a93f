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

    /// The same failure, its message starting with the question it is about, so the person
    /// fixing it knows which item of a long checklist to look at.
    pub fn about(self, label: &str) -> Self {
        Self {
            message: format!("\"{label}\": {}", self.message),
            field: self.field,
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

/// Longest free text accepted (comments, notes, pain points, text answers), in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// Earliest year a date on the wire may have.
pub const MIN_YEAR: i32 = 2000;
/// Latest year a date on the wire may have.
pub const MAX_YEAR: i32 = 2100;

/// Checks that a required text field is present, not too long, and holds no control
/// characters but tab and line breaks.
pub fn require_text(field: &str, value: &str, max_chars: usize) -> Valid {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    optional_text(field, value, max_chars)
}

/// [`require_text`] for a name (of a user, a client, a place, a checklist item…): also free
/// of bidirectional overrides and isolates, which make a name display as something else
/// than it is (`abc\u{202E}gpj.exe` shows as `abcexe.jpg`).
pub fn require_name(field: &str, value: &str, max_chars: usize) -> Valid {
    require_text(field, value, max_chars)?;
    if value.chars().any(is_bidi_override) {
        return Err(FieldError::new(
            field,
            "must not contain bidirectional overrides (U+202A to U+202E, U+2066 to U+2069)",
        ));
    }
    Ok(())
}

/// Checks that an optional text field is not too long and holds no control characters but
/// tab and line breaks.
pub fn optional_text(field: &str, value: &str, max_chars: usize) -> Valid {
    if value.chars().count() > max_chars {
        return Err(FieldError::new(
            field,
            format!("must be at most {max_chars} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(FieldError::new(
            field,
            "must not contain control characters (other than tab and line breaks)",
        ));
    }
    Ok(())
}

/// Whether `c` overrides, embeds or isolates the direction of text (Unicode's explicit
/// bidi formatting characters; the plain marks U+200E/U+200F that right-to-left text needs
/// are allowed).
pub fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks that a date lies in the years [`MIN_YEAR`]–[`MAX_YEAR`] (anything else is a typo
/// or an attack, and far years do not even print as RFC 3339).
pub fn check_date(field: &str, value: &chrono::DateTime<chrono::Utc>) -> Valid {
    use chrono::Datelike;
    if (MIN_YEAR..=MAX_YEAR).contains(&value.year()) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("must be a date in the years {MIN_YEAR} to {MAX_YEAR}"),
        ))
    }
}

/// [`check_date`] for an optional date.
pub fn check_optional_date(field: &str, value: &Option<chrono::DateTime<chrono::Utc>>) -> Valid {
    value.as_ref().map_or(Ok(()), |v| check_date(field, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_refused() {
        for bad in ["\u{7}\u{8}", "a\u{0}b", "x\u{1b}[31m"] {
            assert!(require_name("name", bad, 200).is_err(), "{bad:?}");
            assert!(optional_text("note", bad, 200).is_err(), "{bad:?}");
        }
        assert!(require_name("name", "abc\u{202E}gpj.exe", 200).is_err());
        assert!(require_name("name", "\u{2066}x", 200).is_err());
        assert_eq!(require_text("note", "abc\u{202E}", 200), Ok(()));
        for good in ["Café Chiado", "Line one\nline two\ttab\r\n", "مقهى"] {
            assert_eq!(optional_text("note", good, 200), Ok(()));
        }
        assert_eq!(require_name("name", "Café Chiado", 200), Ok(()));
        assert_eq!(require_name("name", "\u{200F}مقهى", 200), Ok(()));
    }

    #[test]
    fn dates_are_bounded_to_two_centuries() {
        use chrono::TimeZone;
        let at = |y| {
            chrono::Utc
                .with_ymd_and_hms(y, 1, 2, 0, 0, 0)
                .single()
                .expect("date")
        };
        assert_eq!(check_date("due", &at(2000)), Ok(()));
        assert_eq!(check_date("due", &at(2100)), Ok(()));
        for year in [1999, 2101, 99_999] {
            let err = check_date("due", &at(year)).expect_err("out of range");
            assert_eq!(err.field, "due");
        }
    }
}
