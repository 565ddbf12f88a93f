//! The organisation's settings admins keep: webhook endpoints and their delivery logs.

mod webhook_log;
mod webhooks;

pub use webhook_log::WebhookLog;
pub use webhooks::Webhooks;
