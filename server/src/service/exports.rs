//! Exports of a client's audits, one row per answer, streamed a page of audits at a time.

use crate::auth::Caller;
use crate::db::exports::{ExportAudit, ExportFilter};
use crate::db::{self, Db, Visibility, to_ms};
use crate::error::{Error, Result};
use crate::export;
use crate::export::answers::{self, AnswerRow};
use crate::export::xlsx::AnswerBook;
use crate::service::organisation;
use crate::state::AppState;
use axum::body::Bytes;
use chrono::{DateTime, Utc};
use futures_util::stream::{self, Stream, StreamExt};
use std::collections::HashMap;
use std::io::{Seek, SeekFrom};
use std::sync::Arc;
use tokio::io::AsyncReadExt;
use touchstone_shared::audit::AuditStatus;
use touchstone_shared::checklist::ChecklistContent;
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Audits per database round trip.
pub const PAGE: i64 = 200;

/// Which audits an export covers.
#[derive(Debug, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// The client.
    pub client_id: Uuid,
    /// Check-in at or after (RFC 3339); from the beginning when absent.
    pub from: Option<DateTime<Utc>>,
    /// Check-in before (RFC 3339); until now when absent.
    pub to: Option<DateTime<Utc>>,
    /// Only audits in this status (staff); managers always get approved audits only.
    pub status: Option<AuditStatus>,
}

/// An export the caller may have, ready to stream.
#[derive(Debug, Clone)]
pub struct Export {
    /// What it covers.
    pub filter: ExportFilter,
    /// File name without extension, e.g. `answers-brand-2026-11-23`.
    pub file_stem: String,
}

/// Checks the caller may export the client's audits and settles the filter.
pub async fn prepare(state: &AppState, caller: &Caller, query: ExportQuery) -> Result<Export> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    let client = db::clients::get(state.db.pool(), &caller.visibility(), query.client_id).await?;
    let status = match (caller.role, query.status) {
        (Role::Manager, Some(s)) if s != AuditStatus::Approved => {
            return Err(Error::Forbidden("managers may export approved audits only"));
        }
        (Role::Manager, _) => Some(AuditStatus::Approved),
        (_, s) => s,
    };
    let tz = organisation::time_zone(state, caller).await?;
    let from_ms = query.from.map_or(i64::MIN, to_ms);
    let to_ms = query.to.map_or(i64::MAX, to_ms);
    if from_ms >= to_ms {
        return Err(Error::invalid("from", "must be before `to`"));
    }
    let slug: String = client
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    Ok(Export {
        filter: ExportFilter {
            org_id: caller.org_id,
            client_id: client.id,
            from_ms,
            to_ms,
            status,
            with_flags: caller.role != Role::Manager,
            time_zone: tz,
        },
        file_stem: format!(
            "answers-{slug}-{}",
            Utc::now().with_timezone(&tz).format("%Y-%m-%d")
        ),
    })
}

type Labels = (Arc<ChecklistContent>, Arc<HashMap<Uuid, (String, String)>>);

struct Pager {
    db: Db,
    filter: ExportFilter,
    page: i64,
    after: String,
    done: bool,
    labels: HashMap<Uuid, Labels>,
}

impl Pager {
    async fn labels(&mut self, audit: &ExportAudit) -> Result<Labels> {
        if let Some(found) = self.labels.get(&audit.checklist_version_id) {
            return Ok(found.clone());
        }
        let org = Visibility::organisation(self.filter.org_id);
        let pool = self.db.pool();
        let checklist = db::checklists::get_version(pool, &org, audit.checklist_version_id).await?;
        let names = match db::journeys::get(pool, &org, checklist.journey_id).await {
            Ok(journey) => answers::touchpoint_names(&journey),
            Err(Error::NotFound(_)) => HashMap::new(),
            Err(e) => return Err(e),
        };
        let labels = (Arc::new(checklist.version.content), Arc::new(names));
        self.labels
            .insert(audit.checklist_version_id, labels.clone());
        Ok(labels)
    }

    async fn next_page(&mut self) -> Result<Option<Vec<AnswerRow>>> {
        if self.done {
            return Ok(None);
        }
        let audits =
            db::exports::page(self.db.pool(), &self.filter, &self.after, self.page).await?;
        self.done = i64::try_from(audits.len()).unwrap_or(0) < self.page;
        let Some(last) = audits.last() else {
            return Ok(None);
        };
        self.after = last.id.to_string();
        let mut rows = Vec::new();
        for audit in &audits {
            let (checklist, names) = self.labels(audit).await?;
            rows.extend(answers::rows(
                audit,
                &checklist,
                &names,
                self.filter.time_zone,
            ));
        }
        Ok(Some(rows))
    }
}

/// The answer rows, `page` audits at a time; a failure ends the stream with the error.
pub fn rows(
    db: Db,
    filter: ExportFilter,
    page: i64,
) -> impl Stream<Item = Result<Vec<AnswerRow>>> + Send {
    let pager = Pager {
        db,
        filter,
        page: page.max(1),
        after: String::new(),
        done: false,
        labels: HashMap::new(),
    };
    stream::try_unfold(pager, |mut pager| async move {
        Ok(pager.next_page().await?.map(|rows| (rows, pager)))
    })
}

fn logged(e: Error) -> Error {
    tracing::error!(error = %e, "export failed part-way");
    e
}

/// The export as CSV bytes, header first.
pub fn csv(db: Db, filter: ExportFilter) -> impl Stream<Item = Result<Bytes>> + Send {
    let header = stream::once(async { Ok(Bytes::from(export::csv::header())) });
    let body = rows(db, filter, PAGE).map(|page| {
        let rows = page?;
        export::csv::encode(&rows)
            .map(Bytes::from)
            .map_err(Error::internal)
    });
    header.chain(body).map(|r| r.map_err(logged))
}

/// The export as an XLSX workbook. The workbook is written on a blocking thread to a
/// temporary file as pages arrive, then the file is streamed; nothing is sent until it is
/// complete, but the response headers go out at once, so no request timeout cuts it short.
pub fn xlsx(db: Db, filter: ExportFilter) -> impl Stream<Item = Result<Bytes>> + Send {
    /// What the writer thread receives: pages, then `Done` once all are sent. A channel that
    /// closes without `Done` means the download was abandoned: nothing is saved.
    enum Message {
        Rows(Vec<AnswerRow>),
        Done,
    }
    let build = async move {
        let (pages, mut received) = tokio::sync::mpsc::channel::<Message>(2);
        let writer = tokio::task::spawn_blocking(move || -> Result<Option<std::fs::File>> {
            let mut book = AnswerBook::new().map_err(Error::internal)?;
            loop {
                match received.blocking_recv() {
                    Some(Message::Rows(rows)) => book.write(&rows).map_err(Error::internal)?,
                    Some(Message::Done) => break,
                    None => return Ok(None),
                }
            }
            let mut file = tempfile::tempfile().map_err(Error::internal)?;
            book.finish(&mut file).map_err(Error::internal)?;
            file.seek(SeekFrom::Start(0)).map_err(Error::internal)?;
            Ok(Some(file))
        });
        let mut source = Box::pin(rows(db, filter, PAGE));
        while let Some(page) = source.next().await {
            if pages.send(Message::Rows(page?)).await.is_err() {
                break;
            }
        }
        let _ = pages.send(Message::Done).await;
        drop(pages);
        let file = writer
            .await
            .map_err(Error::internal)??
            .ok_or_else(|| Error::internal("the workbook writer stopped early"))?;
        Ok::<_, Error>(tokio::fs::File::from_std(file))
    };
    stream::once(build)
        .map(|opened| match opened {
            Ok(file) => file_chunks(file).boxed(),
            Err(e) => stream::once(async move { Err(e) }).boxed(),
        })
        .flatten()
        .map(|r| r.map_err(logged))
}

fn file_chunks(file: tokio::fs::File) -> impl Stream<Item = Result<Bytes>> + Send {
    stream::try_unfold(file, |mut file| async move {
        let mut buf = vec![0u8; 64 * 1024];
        let n = file.read(&mut buf).await.map_err(Error::internal)?;
        if n == 0 {
            return Ok(None);
        }
        buf.truncate(n);
        Ok(Some((Bytes::from(buf), file)))
    })
}
