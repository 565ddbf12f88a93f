//! The comment library: an organisation's reusable review comments.

use crate::api_type;
use crate::error::{MAX_TEXT_CHARS, Valid, require_name, require_text};
use chrono::{DateTime, Utc};
use uuid::Uuid;

api_type! {
    /// Body of `POST /api/v1/review-comments` and `PUT /api/v1/review-comments/{id}`.
    #[serde(deny_unknown_fields)]
    pub struct ReviewCommentInput {
        /// Short name shown in the picker.
        pub title: String,
        /// The comment inserted.
        pub body: String,
    }

    /// A reusable review comment.
    pub struct ReviewComment {
        /// Id.
        pub id: Uuid,
        /// Short name shown in the picker.
        pub title: String,
        /// The comment inserted.
        pub body: String,
        /// Last change.
        pub updated_at: DateTime<Utc>,
    }
}

impl ReviewCommentInput {
    /// Checks the title and the body.
    pub fn validate(&self) -> Valid {
        require_name("title", &self.title, 120)?;
        require_text("body", &self.body, MAX_TEXT_CHARS)
    }
}
