//! The server's copy of each cached assignment's audit, kept apart from the assignment's
//! record: a submitted audit is tens of kilobytes of JSON, and the start page's list needs
//! only its [`AuditStamp`]. The audit page reads the whole audit from here.

use crate::store::db::{AUDITS, Db, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use touchstone_shared::audit::{Audit, AuditStatus};
use uuid::Uuid;

/// What the list of assignments needs of an audit: enough to tell its status and to choose
/// between it and the phone's own copy ([`crate::draft::Draft::listed_status`]).
///
/// A whole audit does not read as a stamp (unknown fields are refused): a record that still
/// held one would fail loudly rather than show a wrong status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditStamp {
    /// The audit's id.
    pub id: Uuid,
    /// Its status on the server.
    pub status: AuditStatus,
    /// Its last change on the server.
    pub updated_at: DateTime<Utc>,
    /// When the auditor checked in, if they did.
    pub check_in_at: Option<DateTime<Utc>>,
}

impl From<&Audit> for AuditStamp {
    fn from(audit: &Audit) -> Self {
        AuditStamp {
            id: audit.id,
            status: audit.status,
            updated_at: audit.updated_at,
            check_in_at: audit.visit.check_in_at,
        }
    }
}

/// The cached audit of an assignment.
pub async fn get(db: &Db, assignment_id: Uuid) -> Result<Option<Audit>> {
    db.get_json(AUDITS, &assignment_id.to_string()).await
}
