//! Scheduled reports: a client's report made every month for a list of addresses.

use crate::api_type;
use crate::error::{FieldError, Valid};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Most addresses one schedule sends to.
pub const MAX_RECIPIENTS: usize = 20;

api_type! {
    /// Body of `POST /api/v1/report-schedules`.
    #[serde(deny_unknown_fields)]
    pub struct ReportScheduleInput {
        /// The client whose report is made.
        pub client_id: Uuid,
        /// E-mail addresses it is for.
        pub recipients: Vec<String>,
    }

    /// A monthly report schedule.
    pub struct ReportSchedule {
        /// Id.
        pub id: Uuid,
        /// The client.
        pub client_id: Uuid,
        /// E-mail addresses.
        pub recipients: Vec<String>,
        /// When the next report is made (the first of next month, in the organisation's
        /// time zone), covering the month before.
        pub next_run_at: DateTime<Utc>,
        /// When it was made.
        pub created_at: DateTime<Utc>,
    }

    /// A report a schedule made, kept for download.
    pub struct ScheduledReport {
        /// Id.
        pub id: Uuid,
        /// The schedule.
        pub schedule_id: Uuid,
        /// The client.
        pub client_id: Uuid,
        /// Start of the period covered.
        pub from: DateTime<Utc>,
        /// End of the period covered (exclusive).
        pub to: DateTime<Utc>,
        /// Who it is for.
        pub recipients: Vec<String>,
        /// File name.
        pub file_name: String,
        /// When it was made.
        pub created_at: DateTime<Utc>,
    }
}

impl ReportScheduleInput {
    /// Checks the addresses: 1 to 20, each once, each shaped like an address.
    pub fn validate(&self) -> Valid {
        if self.recipients.is_empty() || self.recipients.len() > MAX_RECIPIENTS {
            return Err(FieldError::new(
                "recipients",
                format!("list 1 to {MAX_RECIPIENTS} addresses"),
            ));
        }
        for (i, r) in self.recipients.iter().enumerate() {
            let shaped = r.len() <= 254
                && r.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty() && domain.contains('.') && !r.chars().any(char::is_whitespace)
                });
            if !shaped || self.recipients[..i].contains(r) {
                return Err(FieldError::new(
                    format!("recipients[{i}]"),
                    "must be an e-mail address, listed once",
                ));
            }
        }
        Ok(())
    }
}
