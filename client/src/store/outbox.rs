//! The outbox: submissions and photos waiting to reach the server.
//!
//! Jobs are kept in IndexedDB in the order they were made, so a photo is always sent before
//! the audit that refers to it. [`Outbox::drain`] sends what is due, stops at the first job
//! that cannot go now (offline, server down) and schedules it again with backoff, drops jobs
//! the server refuses for good (reporting them, so the audit can be fixed), and stops
//! altogether when the session has ended. Every job is idempotent: an audit is a `PUT` of
//! its full state, a photo is keyed by its sha256.

use crate::api::{self, ApiError, ApiResult};
use crate::store::db::{Db, OUTBOX, Op, Result};
use crate::store::photos;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::future::Future;
use touchstone_shared::audit::{Audit, AuditInput};
use uuid::Uuid;
use web_sys::Blob;

/// Something to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Job {
    /// Upload the photo stored on the device under this sha256.
    UploadPhoto {
        /// sha256 of the JPEG, lowercase hex.
        sha256: String,
    },
    /// `PUT` an audit's full state.
    PutAudit {
        /// The audit.
        audit_id: Uuid,
        /// Its full state.
        input: AuditInput,
    },
}

/// A job in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Key in the store; keys sort in the order jobs were made.
    pub key: String,
    /// Whose session may send it.
    pub user_id: Uuid,
    /// What to send.
    pub job: Job,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Not before.
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// A job the server refused for good; it has left the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The job.
    pub job: Job,
    /// The server's reason.
    pub error: ApiError,
}

/// What one drain did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrainReport {
    /// Jobs sent and removed.
    pub sent: u32,
    /// Audits as the server stored them.
    pub audits: Vec<Audit>,
    /// Jobs refused for good.
    pub rejected: Vec<Rejection>,
    /// When to try again, if a job is waiting.
    pub retry_at: Option<DateTime<Utc>>,
    /// Why the drain stopped early.
    pub error: Option<String>,
    /// The session has ended; nothing more goes until the auditor signs in.
    pub unauthenticated: bool,
    /// Whether the server answered at all (for "last sync").
    pub reached_server: bool,
    /// The user's jobs still waiting.
    pub remaining: usize,
}

/// How jobs reach the server; the app uses [`Http`], tests a fake.
pub trait Transport {
    /// Uploads a JPEG.
    fn upload_photo(&self, jpeg: &Blob) -> impl Future<Output = ApiResult<()>>;
    /// Stores an audit's full state.
    fn put_audit(&self, id: Uuid, input: &AuditInput) -> impl Future<Output = ApiResult<Audit>>;
}

/// The real API.
pub struct Http;

impl Transport for Http {
    async fn upload_photo(&self, jpeg: &Blob) -> ApiResult<()> {
        api::upload_photo(jpeg).await
    }

    async fn put_audit(&self, id: Uuid, input: &AuditInput) -> ApiResult<Audit> {
        api::put_audit(id, input).await
    }
}

/// Wait before retry number `attempts` (1 = first retry): 5 s doubling up to 5 minutes.
pub fn backoff(attempts: u32) -> TimeDelta {
    let secs = 5i64.saturating_mul(1i64 << attempts.saturating_sub(1).min(10));
    TimeDelta::seconds(secs.min(300))
}

/// The outbox of a database.
#[derive(Clone)]
pub struct Outbox {
    db: Db,
}

impl Outbox {
    /// The outbox kept in `db`.
    pub fn new(db: Db) -> Outbox {
        Outbox { db }
    }

    /// Every job, oldest first.
    pub async fn entries(&self) -> Result<Vec<Entry>> {
        Ok(self
            .db
            .all_json::<Entry>(OUTBOX)
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect())
    }

    /// The user's jobs, oldest first.
    pub async fn entries_of(&self, user_id: Uuid) -> Result<Vec<Entry>> {
        let mut entries = self.entries().await?;
        entries.retain(|e| e.user_id == user_id);
        Ok(entries)
    }

    /// Queues a job, together with `extra` writes in the same transaction (e.g. the draft
    /// marked as submitted). A newer state of an audit replaces a queued older one; a photo
    /// already queued is not queued twice.
    pub async fn enqueue_with(
        &self,
        user_id: Uuid,
        job: Job,
        now: DateTime<Utc>,
        extra: Vec<Op>,
    ) -> Result<()> {
        let existing = self.entries().await?;
        let mut ops = extra;
        match &job {
            Job::UploadPhoto { sha256 } => {
                let queued = existing.iter().any(|e| {
                    e.user_id == user_id
                        && matches!(&e.job, Job::UploadPhoto { sha256: s } if s == sha256)
                });
                if queued {
                    return self.db.write(ops).await;
                }
            }
            Job::PutAudit { audit_id, .. } => {
                for e in &existing {
                    if matches!(&e.job, Job::PutAudit { audit_id: a, .. } if a == audit_id) {
                        ops.push(Op::Delete {
                            store: OUTBOX,
                            key: e.key.clone(),
                        });
                    }
                }
            }
        }
        let entry = Entry {
            key: Uuid::now_v7().to_string(),
            user_id,
            job,
            created_at: now,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
        };
        ops.push(Op::put_json(OUTBOX, entry.key.clone(), &entry)?);
        self.db.write(ops).await
    }

    /// Queues a job.
    pub async fn enqueue(&self, user_id: Uuid, job: Job, now: DateTime<Utc>) -> Result<()> {
        self.enqueue_with(user_id, job, now, Vec::new()).await
    }

    /// Makes every waiting job of the user due now (the network is back: no reason to wait
    /// out a backoff earned while offline).
    pub async fn make_due(&self, user_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let mut ops = Vec::new();
        for mut entry in self.entries_of(user_id).await? {
            if entry.next_attempt_at > now {
                entry.next_attempt_at = now;
                ops.push(Op::put_json(OUTBOX, entry.key.clone(), &entry)?);
            }
        }
        self.db.write(ops).await
    }

    /// Sends the user's due jobs in order; see the module documentation.
    pub async fn drain(
        &self,
        transport: &impl Transport,
        user_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<DrainReport> {
        let mut report = DrainReport::default();
        let entries = self.entries_of(user_id).await?;
        let mut left = entries.len();
        for mut entry in entries {
            if entry.next_attempt_at > now {
                report.retry_at = Some(entry.next_attempt_at);
                break;
            }
            let result = self.send(transport, &entry.job).await;
            match result {
                Ok(audit) => {
                    report.reached_server = true;
                    report.sent += 1;
                    report.audits.extend(audit);
                    self.db.delete_key(OUTBOX, &entry.key).await?;
                    left -= 1;
                }
                Err(error) if error.is_unauthenticated() => {
                    report.reached_server = true;
                    report.unauthenticated = true;
                    report.error = Some(error.message());
                    break;
                }
                Err(error) if error.is_transient() => {
                    report.reached_server |= error.status().is_some();
                    entry.attempts += 1;
                    entry.next_attempt_at = now + backoff(entry.attempts);
                    entry.last_error = Some(error.message());
                    self.db.put_json(OUTBOX, &entry.key, &entry).await?;
                    report.retry_at = Some(entry.next_attempt_at);
                    report.error = Some(error.message());
                    break;
                }
                Err(error) => {
                    report.reached_server |= error.status().is_some();
                    report.error = Some(error.message());
                    self.db.delete_key(OUTBOX, &entry.key).await?;
                    left -= 1;
                    report.rejected.push(Rejection {
                        job: entry.job,
                        error,
                    });
                }
            }
        }
        report.remaining = left;
        Ok(report)
    }

    async fn send(&self, transport: &impl Transport, job: &Job) -> ApiResult<Option<Audit>> {
        match job {
            Job::UploadPhoto { sha256 } => {
                let blob = photos::get(&self.db, sha256)
                    .await
                    .map_err(|e| ApiError::Network(e.to_string()))?;
                let Some(blob) = blob else {
                    return Err(ApiError::Status {
                        status: 410,
                        detail: Some(touchstone_shared::error::ErrorDetail {
                            code: touchstone_shared::error::ErrorCode::NotFound,
                            message: "the photo is no longer on this device; take it again".into(),
                            field: None,
                        }),
                    });
                };
                transport.upload_photo(&blob).await.map(|()| None)
            }
            Job::PutAudit { audit_id, input } => {
                transport.put_audit(*audit_id, input).await.map(Some)
            }
        }
    }
}
