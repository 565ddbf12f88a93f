//! Webhooks: an organisation's endpoints, the event kinds each receives and its delivery log.

use crate::api_type;
use crate::error::{FieldError, Valid};
use crate::notification::{DeliveryAttempt, KINDS};
use chrono::{DateTime, Utc};
use uuid::Uuid;

api_type! {
    /// An endpoint to register: where to post and which event kinds.
    pub struct NewWebhook {
        /// `https://…` (plain `http://` only where private endpoints are allowed).
        pub url: String,
        /// Event kinds to receive (see the notification kinds); at least one.
        pub kinds: Vec<String>,
    }

    /// A registered endpoint.
    pub struct Webhook {
        /// Id.
        pub id: Uuid,
        /// Where deliveries are posted.
        pub url: String,
        /// Event kinds it receives.
        pub kinds: Vec<String>,
        /// The signing secret (`whsec_…`, Standard Webhooks); only in the creation response.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub secret: Option<String>,
        /// Registered.
        pub created_at: DateTime<Utc>,
        /// When it was disabled after failing for a day; active when absent.
        #[serde(default)]
        pub disabled_at: Option<DateTime<Utc>>,
        /// Why it was disabled (empty when active).
        #[serde(default)]
        pub disabled_reason: String,
    }

    /// One message to an endpoint and what became of it.
    pub struct WebhookDelivery {
        /// Id; also the `webhook-id` header (the same for every attempt).
        pub id: Uuid,
        /// Event kind (`webhook_test` for a test event).
        pub kind: String,
        /// `pending`, `delivered` or `failed` (no attempts left).
        pub status: String,
        /// Attempts so far.
        pub attempts: u32,
        /// When the next attempt is due (pending messages).
        pub next_attempt_at: DateTime<Utc>,
        /// Written.
        pub created_at: DateTime<Utc>,
        /// Delivered.
        #[serde(default)]
        pub delivered_at: Option<DateTime<Utc>>,
        /// Every attempt, oldest first.
        pub log: Vec<DeliveryAttempt>,
    }
}

/// The kind of the event "send test event" posts.
pub const TEST_KIND: &str = "webhook_test";

/// Longest endpoint address.
const MAX_URL: usize = 2000;

impl NewWebhook {
    /// Checks the fields that need no network: the address's form and the kinds.
    pub fn validate(&self) -> Valid {
        let url = self.url.trim();
        if url.is_empty() || url.len() > MAX_URL {
            return Err(FieldError::new(
                "url",
                format!("must be an address of 1 to {MAX_URL} characters"),
            ));
        }
        if self.kinds.is_empty() {
            return Err(FieldError::new("kinds", "choose at least one event kind"));
        }
        if let Some(k) = self.kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
            return Err(FieldError::new(
                "kinds",
                format!("unknown event kind `{k}`"),
            ));
        }
        Ok(())
    }
}
