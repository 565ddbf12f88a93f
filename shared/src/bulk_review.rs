//! Reviewing many audits at once from the review queue: each audit is decided as it was
//! listed, or skipped and reported, never half-silently.

use crate::api_type;
use crate::audit::ReviewDecision;
use crate::error::{FieldError, MAX_TEXT_CHARS, Valid, optional_text};
use crate::score_range;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use uuid::Uuid;

/// Most audits one bulk review decides.
pub const MAX_BULK_AUDITS: usize = 1000;

api_type! {
    /// An audit as the reviewer listed it.
    #[serde(deny_unknown_fields)]
    pub struct ListedAudit {
        /// The audit.
        pub id: Uuid,
        /// Its `updated_at` in the listing: an audit changed since is skipped.
        pub updated_at: DateTime<Utc>,
    }

    /// Body of `POST /api/v1/audits/bulk-review`.
    #[serde(deny_unknown_fields)]
    pub struct BulkReviewInput {
        /// Approve all, or return all.
        pub decision: ReviewDecision,
        /// One comment for all (sent to the auditors of returned audits).
        #[serde(default)]
        pub comment: String,
        /// The audits, as listed (at most 1,000).
        pub audits: Vec<ListedAudit>,
        /// The lowest score (percent, 0–100, inclusive) the audits were selected with: a
        /// listed audit scoring below it is skipped and reported, never decided.
        #[serde(
            default,
            deserialize_with = "crate::score_range::lenient",
            skip_serializing_if = "Option::is_none"
        )]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>, minimum = 0, maximum = 100))]
        pub score_min: Option<f64>,
        /// The highest score (percent, 0–100, inclusive) the audits were selected with: a
        /// listed audit scoring above it is skipped and reported, never decided.
        #[serde(
            default,
            deserialize_with = "crate::score_range::lenient",
            skip_serializing_if = "Option::is_none"
        )]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>, minimum = 0, maximum = 100))]
        pub score_max: Option<f64>,
    }

    /// An audit a bulk review left as it was, and why.
    pub struct SkippedAudit {
        /// The audit.
        pub id: Uuid,
        /// Why it was skipped.
        pub reason: String,
    }

    /// What a bulk review did: every listed audit is in exactly one of the two lists.
    pub struct BulkReviewOutcome {
        /// The audits approved or returned.
        pub reviewed: Vec<Uuid>,
        /// The audits left as they were.
        pub skipped: Vec<SkippedAudit>,
    }
}

impl BulkReviewInput {
    /// Checks the comment, the score range and the list (not empty, not too long, each
    /// audit once).
    pub fn validate(&self) -> Valid {
        optional_text("comment", &self.comment, MAX_TEXT_CHARS)?;
        score_range::validate(self.score_min, self.score_max)?;
        if self.audits.is_empty() || self.audits.len() > MAX_BULK_AUDITS {
            return Err(FieldError::new(
                "audits",
                format!("list between 1 and {MAX_BULK_AUDITS} audits"),
            ));
        }
        let mut seen = HashSet::new();
        match self.audits.iter().position(|a| !seen.insert(a.id)) {
            Some(i) => Err(FieldError::new(
                format!("audits[{i}].id"),
                "is listed twice",
            )),
            None => Ok(()),
        }
    }
}
