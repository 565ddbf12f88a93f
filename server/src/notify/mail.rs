//! E-mail over SMTP (lettre): a plain-text and an HTML part, a link into the app and an
//! unsubscribe link per kind. Without an SMTP server, messages are written to the log.

use super::config::NotifyConfig;
use crate::db::outbox::Leased;
use lettre::message::header::ContentType;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How long one SMTP exchange may take before the attempt counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// The footer of a message to an address that belongs to no user (a scheduled report's).
const NOT_A_USER: &str =
    "This report was scheduled for this address; to stop it, ask whoever scheduled it.";

/// Sends e-mails, or logs them when no SMTP server is configured.
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    public_url: String,
}

/// A message ready to go: its parts, for the transport or the log.
pub struct Mail {
    /// Recipient.
    pub to: String,
    /// Subject.
    pub subject: String,
    /// Plain text.
    pub text: String,
    /// HTML.
    pub html: String,
    /// The unsubscribe link (none for addresses that belong to no user).
    pub unsubscribe: Option<String>,
    /// Sent as `Idempotency-Key` and in the Message-ID.
    pub key: String,
    /// A PDF attached: its file name and bytes.
    pub attachment: Option<(String, Vec<u8>)>,
}

impl Mailer {
    /// The transport the configuration names.
    pub fn from_config(config: &NotifyConfig) -> anyhow::Result<Mailer> {
        let transport = match &config.smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            None => None,
        };
        let from = config
            .smtp_from
            .parse()
            .map_err(|e| anyhow::anyhow!("--smtp-from `{}`: {e}", config.smtp_from))?;
        Ok(Mailer {
            transport,
            from,
            public_url: config.public_url.trim_end_matches('/').to_owned(),
        })
    }

    /// Whether e-mails go to an SMTP server (or only to the log).
    pub fn sends(&self) -> bool {
        self.transport.is_some()
    }

    /// The e-mail of a leased outbox message, with its unsubscribe `token` when its
    /// recipient is a user (an address given for a scheduled report has no opt-outs: the
    /// footer says who to ask instead). A message without a link has no "Open" line.
    pub fn compose(&self, message: &Leased, token: Option<&str>) -> Mail {
        let link =
            (!message.link.is_empty()).then(|| format!("{}{}", self.public_url, message.link));
        let unsubscribe = token.map(|token| {
            format!(
                "{}/api/v1/notifications/unsubscribe?token={token}",
                self.public_url
            )
        });
        let open_text = link
            .as_ref()
            .map(|l| format!("Open: {l}\n\n"))
            .unwrap_or_default();
        let open_html = link
            .as_ref()
            .map(|l| format!("<p><a href=\"{}\">Open in Touchstone</a></p>", escape(l)))
            .unwrap_or_default();
        let (stop_text, stop_html) = match &unsubscribe {
            Some(u) => (
                format!("To stop e-mails like this one: {u}"),
                format!("<a href=\"{}\">Stop e-mails like this one</a>", escape(u)),
            ),
            None => (NOT_A_USER.to_owned(), escape(NOT_A_USER)),
        };
        let text = format!(
            "{}\n\n{}\n\n{open_text}-- \nTouchstone. {stop_text}\n",
            message.subject, message.body
        );
        let html = format!(
            "<!doctype html><html><body><h1 style=\"font-size:1.2em\">{}</h1><p>{}</p>\
             {open_html}<hr><p style=\"font-size:0.8em\">{stop_html}</p></body></html>",
            escape(&message.subject),
            escape(&message.body),
        );
        Mail {
            to: message.address.clone(),
            subject: message.subject.clone(),
            text,
            html,
            unsubscribe,
            key: message.idempotency_key.clone(),
            attachment: None,
        }
    }

    /// Sends `mail` (or logs it); the error says why it was not accepted.
    pub async fn send(&self, mail: Mail) -> Result<(), String> {
        let Some(transport) = &self.transport else {
            tracing::info!(to = %mail.to, subject = %mail.subject, text = %mail.text,
                "e-mail (no SMTP server configured: logged, not sent)");
            return Ok(());
        };
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| format!("address `{}`: {e}", mail.to))?;
        let message_id = format!("<{}@touchstone>", hex::encode(sha2_of(&mail.key)));
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .message_id(Some(message_id))
            .header(IdempotencyKey(mail.key));
        if let Some(unsubscribe) = mail.unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{unsubscribe}>")))
                .header(ListUnsubscribePost("List-Unsubscribe=One-Click".to_owned()));
        }
        let body = MultiPart::alternative_plain_html(mail.text, mail.html);
        let message = match mail.attachment {
            Some((file_name, pdf)) => {
                builder.multipart(MultiPart::mixed().multipart(body).singlepart(
                    Attachment::new(file_name).body(
                        pdf,
                        ContentType::parse("application/pdf").map_err(|e| e.to_string())?,
                    ),
                ))
            }
            None => builder.multipart(body),
        }
        .map_err(|e| e.to_string())?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

fn sha2_of(s: &str) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(s.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// Text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

macro_rules! text_header {
    ($name:ident, $header:literal) => {
        #[derive(Clone)]
        struct $name(String);

        impl Header for $name {
            fn name() -> HeaderName {
                HeaderName::new_from_ascii_str($header)
            }

            fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
                Ok($name(s.to_owned()))
            }

            fn display(&self) -> HeaderValue {
                HeaderValue::new(Self::name(), self.0.clone())
            }
        }
    };
}

text_header!(IdempotencyKey, "Idempotency-Key");
text_header!(ListUnsubscribe, "List-Unsubscribe");
text_header!(ListUnsubscribePost, "List-Unsubscribe-Post");
