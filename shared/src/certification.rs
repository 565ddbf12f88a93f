//! A checklist's certification as the shopper takes it: the quiz, its pass mark and where
//! the shopper stands.

use crate::api_type;
use crate::checklist::ChecklistVersion;
use crate::journey::Journey;
use chrono::{DateTime, Utc};
use uuid::Uuid;

api_type! {
    /// Answer of `GET /api/v1/checklists/{id}/certification`.
    pub struct CertificationQuiz {
        /// The checklist whose jobs the certification opens.
        pub checklist_id: Uuid,
        /// The quiz: a checklist version, scored like an audit.
        pub quiz: ChecklistVersion,
        /// The journey the quiz's sections refer to.
        pub journey: Journey,
        /// Score (percent) that passes.
        pub pass_percent: f64,
        /// Days a shopper waits after failing before trying again.
        pub retake_days: i64,
        /// Whether the shopper has passed it.
        pub passed: bool,
        /// While a failure's wait lasts: when the shopper may try again.
        #[serde(default)]
        pub retake_from: Option<DateTime<Utc>>,
    }
}
