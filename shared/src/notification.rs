//! Notifications: the in-app centre and the delivery log of the messages sent.

use crate::api_type;
use chrono::{DateTime, Utc};
use uuid::Uuid;

api_type! {
    /// One entry of a user's notification centre.
    pub struct Notification {
        /// Id.
        pub id: Uuid,
        /// What happened (`audit_returned`, `action_overdue`, …).
        pub kind: String,
        /// One line.
        pub title: String,
        /// A few more words.
        pub body: String,
        /// Where in the app it leads (a path such as `/assignments/…`).
        pub link: String,
        /// When.
        pub created_at: DateTime<Utc>,
        /// Whether the user has read it.
        pub read: bool,
    }

    /// How many notifications the caller has not read.
    pub struct UnreadCount {
        /// Unread notifications.
        pub unread: u64,
    }

    /// A message of the outbox and what became of it (admins' delivery log).
    pub struct OutboxMessage {
        /// Id.
        pub id: Uuid,
        /// Recipient.
        pub user_id: Uuid,
        /// Event kind.
        pub kind: String,
        /// Channel (`email`).
        pub channel: String,
        /// Sent with the message; the same for every attempt.
        pub idempotency_key: String,
        /// Subject.
        pub subject: String,
        /// `pending`, `delivered` or `failed` (no attempts left).
        pub status: String,
        /// Attempts so far.
        pub attempts: u32,
        /// When the next attempt is due (pending messages).
        pub next_attempt_at: DateTime<Utc>,
        /// Written.
        pub created_at: DateTime<Utc>,
        /// Delivered.
        pub delivered_at: Option<DateTime<Utc>>,
        /// Every attempt, oldest first.
        pub log: Vec<DeliveryAttempt>,
    }

    /// One attempt to deliver a message.
    pub struct DeliveryAttempt {
        /// When.
        pub at: DateTime<Utc>,
        /// Whether the message was accepted.
        pub ok: bool,
        /// What went wrong (empty when it worked).
        pub error: String,
        /// The HTTP status code a webhook endpoint answered with (absent for e-mail, and
        /// when no answer came).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status_code: Option<u16>,
    }
}

/// Every kind of event a user can be told about, in the order settings list them.
pub const KINDS: &[&str] = &[
    "assignment_created",
    "assignment_changed",
    "assignment_cancelled",
    "visit_opens",
    "visit_due",
    "audit_submitted",
    "audit_returned",
    "audit_approved",
    "audit_alert",
    "score_drop",
    "action_assigned",
    "action_due",
    "action_overdue",
    "action_escalated",
    "action_done",
    "action_verified",
    "action_reopened",
    "import_finished",
    "report_finished",
    "webhook_disabled",
];
