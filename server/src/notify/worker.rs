//! The delivery worker: leases due outbox messages, sends them, records each attempt and
//! retries failures with exponential backoff; between rounds it runs the reminder scan.

use super::config::NotifyConfig;
use super::mail::Mail;
use super::{events, reminders, webhook_delivery};
use crate::db::outbox::{self, Leased, Outcome};
use crate::db::report_schedules;
use crate::db::{now_ms, parse_id};
use crate::error::Result;
use crate::state::AppState;
use std::time::{Duration, Instant};

/// Messages leased at a time.
const BATCH: i64 = 64;

/// How long a lease keeps other workers off a message: longer than an SMTP exchange may take.
const LEASE_MS: i64 = 120_000;

/// Longest wait between two attempts.
const MAX_BACKOFF_MS: i64 = 6 * 3_600_000;

/// Runs the worker until the task is aborted: e-mails (with the reminder scan) and webhook
/// messages in two loops, so a slow endpoint never holds up e-mail.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let config = state.notifier.config.clone();
        let scan_every = Duration::from_secs(config.reminder_interval_secs.max(1));
        let mut next_scan = Instant::now();
        let emails = drain(&state, "outbox", || {
            let state = state.clone();
            let scan = Instant::now() >= next_scan;
            if scan {
                next_scan = Instant::now() + scan_every;
            }
            async move {
                if scan && let Err(e) = reminders::scan(&state.db).await {
                    tracing::warn!(error = %e, "reminder scan failed");
                }
                deliver_due(&state).await
            }
        });
        let hooks = drain(&state, "webhook", || {
            let state = state.clone();
            async move { webhook_delivery::deliver_due(&state, BATCH, LEASE_MS).await }
        });
        tokio::join!(emails, hooks);
    })
}

/// Runs `round` forever, pausing for the poll interval when it found nothing to do.
async fn drain<F, R>(state: &AppState, what: &str, mut round: R)
where
    R: FnMut() -> F,
    F: Future<Output = Result<usize>>,
{
    let poll = Duration::from_millis(state.notifier.config.notify_poll_ms.max(10));
    loop {
        match round().await {
            Ok(0) => tokio::time::sleep(poll).await,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "{what} delivery round failed");
                tokio::time::sleep(poll).await;
            }
        }
    }
}

/// Leases the e-mails that are due, sends them at once and records the outcomes; returns
/// how many were leased.
pub async fn deliver_due(state: &AppState) -> Result<usize> {
    let leased = outbox::lease(&state.db, BATCH, LEASE_MS).await?;
    let rounds = leased.iter().map(|m| deliver(state, m));
    for done in futures_util::future::join_all(rounds).await {
        done?;
    }
    Ok(leased.len())
}

async fn deliver(state: &AppState, message: &Leased) -> Result<()> {
    let notifier = &state.notifier;
    let sent = match compose(state, message).await? {
        Some(mail) => notifier.mailer.send(mail).await,
        None => Err(GONE.to_owned()),
    };
    let outcome = match sent {
        Ok(()) => Outcome::Delivered,
        Err(error) => {
            let retry_at = (error != GONE)
                .then(|| retry_at(&notifier.config, message.attempts))
                .flatten();
            tracing::warn!(id = %message.id, attempts = message.attempts, %error,
                "e-mail not delivered");
            Outcome::Failed { error, retry_at }
        }
    };
    outbox::finish(&state.db, &message.id, &outcome).await
}

/// Why a message is given up on at once: the report it attaches is no longer stored.
const GONE: &str = "the attached report is no longer stored";

/// The e-mail of a message: with an unsubscribe link for a user, with its report attached
/// for a scheduled report's address; `None` when that report is gone.
async fn compose(state: &AppState, message: &Leased) -> Result<Option<Mail>> {
    let notifier = &state.notifier;
    let token = (message.kind != events::SCHEDULED_REPORT)
        .then(|| -> Result<String> {
            Ok(notifier
                .links
                .token(parse_id(&message.user_id)?, &message.kind))
        })
        .transpose()?;
    let mut mail = notifier.mailer.compose(message, token.as_deref());
    if let Some(id) = &message.attachment_id {
        let file = report_schedules::report_file(
            state.db.pool(),
            parse_id(&message.org_id)?,
            parse_id(id)?,
        )
        .await?;
        let Some(file) = file else {
            return Ok(None);
        };
        mail.attachment = Some(file);
    }
    Ok(Some(mail))
}

/// When to try again after the `attempts`-th failure; `None` when no attempts are left.
pub fn retry_at(config: &NotifyConfig, attempts: i64) -> Option<i64> {
    let attempts = u32::try_from(attempts).unwrap_or(u32::MAX);
    (attempts < config.notify_max_attempts)
        .then(|| now_ms() + backoff_ms(config.notify_retry_ms, attempts))
}

/// The wait after the `attempts`-th failure: `first_ms`, doubling, at most 6 hours.
fn backoff_ms(first_ms: u64, attempts: u32) -> i64 {
    let first = i64::try_from(first_ms).unwrap_or(MAX_BACKOFF_MS);
    let doublings = attempts.saturating_sub(1).min(30);
    first.saturating_mul(1_i64 << doublings).min(MAX_BACKOFF_MS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_six_hours() {
        assert_eq!(super::backoff_ms(1000, 1), 1000);
        assert_eq!(super::backoff_ms(1000, 2), 2000);
        assert_eq!(super::backoff_ms(1000, 4), 8000);
        assert_eq!(super::backoff_ms(1000, 40), 6 * 3_600_000);
    }
}
