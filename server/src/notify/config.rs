//! Notification options.

use clap::Args;

/// How notifications are delivered.
#[derive(Debug, Clone, Args)]
pub struct NotifyConfig {
    /// SMTP server for e-mail: `smtp://host:25` (plain, e.g. a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS required),
    /// `smtp://host:587?tls=opportunistic` (STARTTLS when offered) or `smtps://host:465`
    /// (implicit TLS). Without it e-mails are written to the log instead of sent.
    #[arg(long, env = "TOUCHSTONE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// Sender of the e-mails.
    #[arg(
        long,
        env = "TOUCHSTONE_SMTP_FROM",
        default_value = "Touchstone <touchstone@localhost>"
    )]
    pub smtp_from: String,

    /// The address people reach the app at, for the links in e-mails.
    #[arg(
        long,
        env = "TOUCHSTONE_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,

    /// Milliseconds the delivery worker waits when the outbox has nothing due.
    #[arg(long, env = "TOUCHSTONE_NOTIFY_POLL_MS", default_value_t = 1000)]
    pub notify_poll_ms: u64,

    /// Milliseconds before the first retry of a failed message; each later one waits twice as
    /// long as the one before (at most 6 hours).
    #[arg(long, env = "TOUCHSTONE_NOTIFY_RETRY_MS", default_value_t = 30_000)]
    pub notify_retry_ms: u64,

    /// Attempts before a message is given up on (12 from 30 s: about a day).
    #[arg(long, env = "TOUCHSTONE_NOTIFY_MAX_ATTEMPTS", default_value_t = 12)]
    pub notify_max_attempts: u32,

    /// Seconds between scans for reminders (visits and corrective actions due within 24 h,
    /// actions overdue); the first runs at start, so a server catches up after downtime.
    #[arg(long, env = "TOUCHSTONE_REMINDER_INTERVAL_SECS", default_value_t = 300)]
    pub reminder_interval_secs: u64,

    /// Lets webhooks post to loopback, private and link-local addresses and over plain
    /// `http://` (for tests and closed networks); refused otherwise, also after DNS resolution.
    #[arg(long, env = "TOUCHSTONE_ALLOW_PRIVATE_WEBHOOKS")]
    pub allow_private_webhooks: bool,

    /// Milliseconds a webhook endpoint may take to answer before the attempt counts as failed.
    #[arg(long, env = "TOUCHSTONE_WEBHOOK_TIMEOUT_MS", default_value_t = 10_000)]
    pub webhook_timeout_ms: u64,
}
