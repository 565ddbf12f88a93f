//! Assignments: which auditor visits which location with which checklist, and when.

use crate::api_type;
use crate::audit::{Audit, AuditStatus};
use crate::checklist::ChecklistVersion;
use crate::error::{FieldError, Valid, check_date, optional_text};
use crate::journey::Journey;
use crate::location::Location;
use chrono::{DateTime, Utc};
use uuid::Uuid;

api_type! {
    /// A visit to make.
    pub struct Assignment {
        /// Id.
        pub id: Uuid,
        /// The client (from the checklist).
        pub client_id: Uuid,
        /// The checklist version to fill in.
        pub checklist_version_id: Uuid,
        /// The checklist it is a version of.
        pub checklist_id: Uuid,
        /// Where.
        pub location_id: Uuid,
        /// Who.
        pub auditor_id: Uuid,
        /// Not before.
        pub not_before: DateTime<Utc>,
        /// Due.
        pub due: DateTime<Utc>,
        /// What the mystery shopper should do or ask, e.g. "ask about a mortgage".
        pub scenario: String,
        /// The audit made for it, if one has been started.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub audit_id: Option<Uuid>,
        /// Where the visit stands: open until an audit is started, then its audit's status.
        #[serde(default)]
        pub status: AssignmentStatus,
        /// Creation time.
        pub created_at: DateTime<Utc>,
        /// When the journey its checklist refers to last changed ([`Journey::updated_at`]):
        /// a phone whose copy of the checklist carries an older journey fetches it again.
        /// Listings and reads carry it; creation answers and older servers leave it out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub journey_updated_at: Option<DateTime<Utc>>,
    }

    /// Everything an auditor's phone needs to do an assignment offline:
    /// `GET /api/v1/assignments/{id}/detail`.
    pub struct AssignmentDetail {
        /// The assignment.
        pub assignment: Assignment,
        /// Where.
        pub location: Location,
        /// The checklist version to fill in.
        pub checklist: ChecklistVersion,
        /// The journey the checklist's sections refer to.
        pub journey: Journey,
        /// The audit, if one has been started (e.g. a returned one to correct).
        #[serde(default)]
        pub audit: Option<Audit>,
    }

    /// Body of `POST /api/v1/assignments`.
    #[serde(deny_unknown_fields)]
    pub struct AssignmentInput {
        /// The checklist version to fill in.
        pub checklist_version_id: Uuid,
        /// Where.
        pub location_id: Uuid,
        /// Who.
        pub auditor_id: Uuid,
        /// Not before.
        pub not_before: DateTime<Utc>,
        /// Due.
        pub due: DateTime<Utc>,
        /// Scenario.
        #[serde(default)]
        pub scenario: String,
    }

    /// Body of `PUT /api/v1/assignments/{id}/window`: when the visit may be made.
    #[serde(deny_unknown_fields)]
    pub struct AssignmentWindow {
        /// Not before.
        pub not_before: DateTime<Utc>,
        /// Due.
        pub due: DateTime<Utc>,
    }
}

api_type! {
    /// Body of `POST /api/v1/assignments/batch`: several assignments made together, all or
    /// none. A batch with any problem creates nothing; the 422 lists every problem by its
    /// 1-based position in `assignments` (as `row`) and field (as `column`), in the shape of
    /// [`crate::import::ImportErrorBody`].
    #[serde(deny_unknown_fields)]
    pub struct AssignmentBatch {
        /// The assignments, 1 to [`MAX_BATCH`].
        pub assignments: Vec<AssignmentInput>,
    }
}

/// Most assignments one batch may create.
pub const MAX_BATCH: usize = 500;

/// Where an assignment stands, for listing and filtering.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    /// No audit started yet.
    #[default]
    Open,
    /// The auditor has started the audit.
    Draft,
    /// Waiting for review.
    Submitted,
    /// Sent back to the auditor.
    Returned,
    /// Released.
    Approved,
}

impl AssignmentStatus {
    /// Every status, in the order of an assignment's life.
    pub const ALL: [AssignmentStatus; 5] = [
        AssignmentStatus::Open,
        AssignmentStatus::Draft,
        AssignmentStatus::Submitted,
        AssignmentStatus::Returned,
        AssignmentStatus::Approved,
    ];

    /// The name used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentStatus::Open => "open",
            AssignmentStatus::Draft => "draft",
            AssignmentStatus::Submitted => "submitted",
            AssignmentStatus::Returned => "returned",
            AssignmentStatus::Approved => "approved",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<AssignmentStatus> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl From<Option<AuditStatus>> for AssignmentStatus {
    fn from(audit: Option<AuditStatus>) -> Self {
        match audit {
            None => AssignmentStatus::Open,
            Some(AuditStatus::Draft) => AssignmentStatus::Draft,
            Some(AuditStatus::Submitted) => AssignmentStatus::Submitted,
            Some(AuditStatus::Returned) => AssignmentStatus::Returned,
            Some(AuditStatus::Approved) => AssignmentStatus::Approved,
        }
    }
}

impl AssignmentInput {
    /// Checks the fields before anything is stored.
    pub fn validate(&self) -> Valid {
        check_window(&self.not_before, &self.due)?;
        optional_text("scenario", &self.scenario, 2000)
    }
}

impl AssignmentWindow {
    /// Checks the window before anything is stored.
    pub fn validate(&self) -> Valid {
        check_window(&self.not_before, &self.due)
    }
}

/// A visit window: two plausible dates, `due` after `not_before`.
fn check_window(not_before: &DateTime<Utc>, due: &DateTime<Utc>) -> Valid {
    check_date("not_before", not_before)?;
    check_date("due", due)?;
    if due <= not_before {
        return Err(FieldError::new("due", "must be after not_before"));
    }
    Ok(())
}
