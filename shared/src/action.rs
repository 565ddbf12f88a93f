//! Corrective actions: follow-ups on failed items of approved audits.

use crate::api_type;
use crate::error::{FieldError, MAX_TEXT_CHARS, Valid, check_date, optional_text, require_text};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Where an action is: open → done (with a note) → verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// To do.
    Open,
    /// Done by the assignee, awaiting verification.
    Done,
    /// Checked and closed.
    Verified,
}

impl ActionStatus {
    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Verified => "verified",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<ActionStatus> {
        [Self::Open, Self::Done, Self::Verified]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// Whether an action may move from `self` to `to`.
    pub fn can_become(self, to: ActionStatus) -> bool {
        matches!(
            (self, to),
            (ActionStatus::Open, ActionStatus::Done)
                | (ActionStatus::Done, ActionStatus::Verified)
                | (ActionStatus::Done, ActionStatus::Open)
        )
    }
}

api_type! {
    /// A corrective action.
    pub struct CorrectiveAction {
        /// Id.
        pub id: Uuid,
        /// The client.
        pub client_id: Uuid,
        /// The location.
        pub location_id: Uuid,
        /// The approved audit where the item failed.
        pub audit_id: Uuid,
        /// The failed item.
        pub item_id: Uuid,
        /// The item's question, for display.
        pub item_label: String,
        /// The manager who must act.
        pub assignee_id: Uuid,
        /// Due date.
        pub due: DateTime<Utc>,
        /// What to do.
        pub note: String,
        /// Status.
        pub status: ActionStatus,
        /// What was done (with `done`).
        pub resolution: String,
        /// sha256 of photos showing the fix.
        pub resolution_photos: Vec<String>,
        /// Past due and not done.
        pub overdue: bool,
        /// Creation time.
        pub created_at: DateTime<Utc>,
        /// Last change.
        pub updated_at: DateTime<Utc>,
    }

    /// Body of `POST /api/v1/actions`.
    #[serde(deny_unknown_fields)]
    pub struct ActionInput {
        /// The approved audit.
        pub audit_id: Uuid,
        /// The failed item of that audit.
        pub item_id: Uuid,
        /// A manager of the audit's client.
        pub assignee_id: Uuid,
        /// Due date.
        pub due: DateTime<Utc>,
        /// What to do.
        pub note: String,
    }

    /// Body of `PATCH /api/v1/actions/{id}`: move the action on.
    #[serde(deny_unknown_fields)]
    pub struct ActionUpdate {
        /// New status.
        pub status: ActionStatus,
        /// What was done (required for `done`).
        #[serde(default)]
        pub resolution: String,
        /// sha256 of photos of the fix.
        #[serde(default)]
        pub resolution_photos: Vec<String>,
    }
}

impl ActionInput {
    /// Checks the fields before anything is stored.
    pub fn validate(&self) -> Valid {
        check_date("due", &self.due)?;
        require_text("note", &self.note, MAX_TEXT_CHARS)
    }
}

impl ActionUpdate {
    /// Checks the fields before anything is stored.
    pub fn validate(&self) -> Valid {
        optional_text("resolution", &self.resolution, MAX_TEXT_CHARS)?;
        if self.status == ActionStatus::Done && self.resolution.trim().is_empty() {
            return Err(FieldError::new("resolution", "say what was done"));
        }
        if self.resolution_photos.len() > 10
            || !self
                .resolution_photos
                .iter()
                .all(|p| crate::audit::is_sha256_hex(p))
        {
            return Err(FieldError::new(
                "resolution_photos",
                "at most 10 photos, each a sha256 of 64 lowercase hex digits",
            ));
        }
        Ok(())
    }
}
