//! Assignments: which auditor visits which location with which checklist, and when.

use crate::api_type;
use crate::audit::Audit;
use crate::checklist::ChecklistVersion;
use crate::error::{FieldError, Valid, optional_text};
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
        /// Creation time.
        pub created_at: DateTime<Utc>,
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
}

impl AssignmentInput {
    /// Checks the fields before anything is stored.
    pub fn validate(&self) -> Valid {
        if self.due <= self.not_before {
            return Err(FieldError::new("due", "must be after not_before"));
        }
        optional_text("scenario", &self.scenario, 2000)
    }
}
