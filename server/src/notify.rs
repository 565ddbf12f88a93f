//! Notifications leave the server: the events services record, the e-mails the delivery
//! worker sends from the outbox, the signed unsubscribe links and the reminder scan.

pub mod config;
pub mod events;
pub mod mail;
pub mod reminders;
pub mod unsubscribe;
pub mod webhook;
pub mod webhook_delivery;
pub mod worker;

use crate::db::Db;
use crate::error::Result;
use std::sync::Arc;

/// What delivering needs: the configuration, the SMTP transport (absent: messages are logged)
/// and the key the unsubscribe links are signed with.
#[derive(Clone)]
pub struct Notifier {
    /// Options.
    pub config: Arc<config::NotifyConfig>,
    /// Sends the e-mails.
    pub mailer: Arc<mail::Mailer>,
    /// Signs and checks unsubscribe tokens.
    pub links: unsubscribe::Signer,
}

impl Notifier {
    /// Sets up delivery on `db` (whose servers share the signing key).
    pub async fn new(config: config::NotifyConfig, db: &Db) -> anyhow::Result<Notifier> {
        let secret = shared_key(db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let mailer = mail::Mailer::from_config(&config)?;
        Ok(Notifier {
            config: Arc::new(config),
            mailer: Arc::new(mailer),
            links: unsubscribe::Signer::new(secret.as_bytes()),
        })
    }
}

async fn shared_key(db: &Db) -> Result<String> {
    crate::db::notifications::shared_secret(db.pool(), "unsubscribe").await
}
