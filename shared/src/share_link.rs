//! Shareable links: a read-only link to one report, opened without an account.

use crate::api_type;
use crate::error::{FieldError, Valid};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// Longest a link may live.
pub const MAX_LINK_DAYS: i64 = 365;
/// Shortest password a link may have.
pub const MIN_LINK_PASSWORD_CHARS: usize = 8;

api_type! {
    /// Body of `POST /api/v1/share-links`: what the link shows (a client's report, or one
    /// approved audit's), until when, and its password if any.
    #[serde(deny_unknown_fields)]
    pub struct ShareLinkInput {
        /// The client whose report the link shows (or `audit_id`).
        #[serde(default)]
        pub client_id: Option<Uuid>,
        /// Start of the client report's period (default 90 days before `to`).
        #[serde(default)]
        pub from: Option<DateTime<Utc>>,
        /// End of the client report's period (default: when the link is opened).
        #[serde(default)]
        pub to: Option<DateTime<Utc>>,
        /// The approved audit whose report the link shows (or `client_id`).
        #[serde(default)]
        pub audit_id: Option<Uuid>,
        /// When the link stops working (at most a year away).
        pub expires_at: DateTime<Utc>,
        /// Password asked when the link is opened (at least 8 characters).
        #[serde(default)]
        pub password: Option<String>,
    }

    /// A shareable link as its organisation's reviewers see it.
    pub struct ShareLink {
        /// Id.
        pub id: Uuid,
        /// The client whose report it shows.
        pub client_id: Option<Uuid>,
        /// Start of the report's period.
        pub from: Option<DateTime<Utc>>,
        /// End of the report's period.
        pub to: Option<DateTime<Utc>>,
        /// The audit whose report it shows.
        pub audit_id: Option<Uuid>,
        /// When it stops working.
        pub expires_at: DateTime<Utc>,
        /// Whether opening it asks for a password.
        pub has_password: bool,
        /// When it was revoked.
        pub revoked_at: Option<DateTime<Utc>>,
        /// When it was made.
        pub created_at: DateTime<Utc>,
        /// How many times it was opened.
        pub opens: i64,
        /// When it was last opened.
        pub last_opened_at: Option<DateTime<Utc>>,
    }

    /// Answer to `POST /api/v1/share-links`: the link, and its path, shown only now.
    pub struct ShareLinkCreated {
        /// The link.
        pub link: ShareLink,
        /// Path of the report: `/api/v1/shared/{secret}/report.pdf`.
        pub path: String,
    }
}

impl ShareLinkInput {
    /// Checks that the link shows exactly one report, expires within a year and, with a
    /// password, a long enough one.
    pub fn validate(&self, now: DateTime<Utc>) -> Valid {
        match (self.client_id, self.audit_id) {
            (Some(_), None) | (None, Some(_)) => {}
            _ => {
                return Err(FieldError::new(
                    "client_id",
                    "name either a client (its report) or an audit (its report)",
                ));
            }
        }
        if self.audit_id.is_some() && (self.from.is_some() || self.to.is_some()) {
            return Err(FieldError::new("from", "a period is for a client report"));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from >= to
        {
            return Err(FieldError::new("to", "must be after from"));
        }
        if self.expires_at <= now || self.expires_at > now + Duration::days(MAX_LINK_DAYS) {
            return Err(FieldError::new(
                "expires_at",
                format!("must be in the next {MAX_LINK_DAYS} days"),
            ));
        }
        if let Some(p) = &self.password
            && p.chars().count() < MIN_LINK_PASSWORD_CHARS
        {
            return Err(FieldError::new(
                "password",
                format!("must be at least {MIN_LINK_PASSWORD_CHARS} characters"),
            ));
        }
        Ok(())
    }
}
