//! Drives the outbox: drains it on start, on the `online` event, on a timer with backoff,
//! and after every submission; applies what the server answered to the local drafts.

use crate::api::ApiError;
use crate::draft::{Draft, Phase};
use crate::state::AppState;
use crate::store::outbox::{DrainReport, Http, Job, Outbox};
use crate::store::{self, drafts, meta};
use chrono::Utc;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::time::Duration;
use touchstone_shared::audit::AuditStatus;

/// Safety net: look at the outbox this often even without events.
const TICK: Duration = Duration::from_secs(30);

thread_local! {
    static DRAINING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static RETRY: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
}

/// Starts the sync loop; call once, after the session is restored.
pub fn start(app: AppState) {
    // The listeners live as long as the page; their handles are not needed.
    let _ = window_event_listener(ev::online, move |_| {
        app.sync.online.set(true);
        send_now(app);
    });
    let _ = window_event_listener(ev::offline, move |_| app.sync.online.set(false));
    // Runs for the life of the page; the handle is not needed.
    let _ = set_interval_with_handle(move || kick(app), TICK);
    spawn_local(async move {
        if let Ok(db) = store::app_db().await
            && let Ok(Some(at)) = meta::last_sync(&db).await
        {
            app.sync.last_sync.set(Some(at));
        }
    });
    kick(app);
}

/// Sends everything waiting now, without waiting out any backoff (the network is back, or
/// the auditor asked).
pub fn send_now(app: AppState) {
    spawn_local(async move {
        if let (Some(user_id), Ok(db)) = (app.user_id(), store::app_db().await) {
            let _ = Outbox::new(db).make_due(user_id, Utc::now()).await;
        }
        kick(app);
    });
}

/// Drains the outbox now (or right after the drain under way).
pub fn kick(app: AppState) {
    if DRAINING.with(Cell::get) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    DRAINING.with(|d| d.set(true));
    spawn_local(async move {
        loop {
            AGAIN.with(|a| a.set(false));
            if let Err(e) = drain_once(app).await {
                app.sync.error.set(Some(e));
            }
            if !AGAIN.with(Cell::get) {
                break;
            }
        }
        DRAINING.with(|d| d.set(false));
    });
}

/// Recounts the user's waiting jobs.
pub async fn refresh_pending(app: AppState) {
    let Some(user_id) = app.user_id() else {
        return;
    };
    if let Ok(db) = store::app_db().await
        && let Ok(entries) = Outbox::new(db).entries_of(user_id).await
    {
        app.sync.pending.set(entries.len());
    }
}

async fn drain_once(app: AppState) -> Result<(), String> {
    let Some(user_id) = app.user_id() else {
        return Ok(());
    };
    let db = store::app_db().await.map_err(|e| e.to_string())?;
    let outbox = Outbox::new(db.clone());
    let waiting = outbox
        .entries_of(user_id)
        .await
        .map_err(|e| e.to_string())?;
    app.sync.pending.set(waiting.len());
    if waiting.is_empty() {
        app.sync.error.set(None);
        return Ok(());
    }
    // The browser knows it has no network: trying would only push the backoff further.
    if !app.sync.online.get_untracked() {
        return Ok(());
    }
    app.sync.busy.set(true);
    let report = outbox.drain(&Http, user_id, Utc::now()).await;
    app.sync.busy.set(false);
    let report = report.map_err(|e| e.to_string())?;
    apply(app, &db, &report).await.map_err(|e| e.to_string())?;
    app.sync.pending.set(report.remaining);
    app.sync.needs_login.set(report.unauthenticated);
    app.sync.error.set(report.error.clone());
    if report.reached_server {
        let now = Utc::now();
        app.sync.last_sync.set(Some(now));
        meta::set_last_sync(&db, now)
            .await
            .map_err(|e| e.to_string())?;
    }
    schedule_retry(app, &report);
    Ok(())
}

async fn apply(
    app: AppState,
    db: &store::Db,
    report: &DrainReport,
) -> Result<(), store::StoreError> {
    let mut changed = false;
    for audit in &report.audits {
        if let Some(mut draft) = drafts::get(db, audit.assignment_id).await?
            && draft.audit_id == audit.id
        {
            draft.server = Some(audit.clone());
            if draft.phase == Phase::Queued && audit.status != AuditStatus::Draft {
                draft.phase = Phase::Synced;
                draft.rejection = None;
            }
            drafts::put(db, &draft).await?;
            changed = true;
        }
    }
    for rejection in &report.rejected {
        let Job::PutAudit { input, audit_id } = &rejection.job else {
            continue;
        };
        if let Some(mut draft) = drafts::get(db, input.assignment_id).await?
            && draft.audit_id == *audit_id
        {
            reopen(&mut draft, &rejection.error);
            drafts::put(db, &draft).await?;
            changed = true;
        }
    }
    if changed {
        app.sync.drafts_changed.update(|n| *n += 1);
    }
    Ok(())
}

/// A refused submission goes back to the auditor with the server's reason.
fn reopen(draft: &mut Draft, error: &ApiError) {
    draft.phase = Phase::Editing;
    draft.input.status = AuditStatus::Draft;
    draft.rejection = Some(match error.status() {
        Some(409) => format!(
            "The server already holds a different submitted version of this audit: {}",
            error.message()
        ),
        _ => error.message(),
    });
}

fn schedule_retry(app: AppState, report: &DrainReport) {
    RETRY.with(|r| {
        if let Some(handle) = r.borrow_mut().take() {
            handle.clear();
        }
    });
    let Some(at) = report.retry_at else {
        return;
    };
    let wait = (at - Utc::now()).to_std().unwrap_or_default() + Duration::from_millis(100);
    if let Ok(handle) = set_timeout_with_handle(move || kick(app), wait) {
        RETRY.with(|r| *r.borrow_mut() = Some(handle));
    }
}

/// Downscales a captured photo, keeps it on the device and queues its upload; returns its
/// sha256 for the answer to refer to.
pub async fn queue_photo(app: AppState, file: &web_sys::Blob) -> Result<String, String> {
    let photo = crate::device::photo::prepare(file).await?;
    let jpeg = crate::device::photo::blob_bytes(&photo.jpeg).await?;
    queue_image(app, jpeg).await
}

/// Keeps an image as it is (a signature's PNG) on the device and queues its upload;
/// returns its sha256.
pub async fn queue_image(app: AppState, bytes: Vec<u8>) -> Result<String, String> {
    let user_id = app.user_id().ok_or("sign in first")?;
    let sha256 = crate::device::photo::sha256_hex(&bytes);
    let db = store::app_db().await.map_err(|e| e.to_string())?;
    Outbox::new(db)
        .enqueue_with(
            user_id,
            Job::UploadPhoto {
                sha256: sha256.clone(),
            },
            Utc::now(),
            vec![store::photos::put_op(&sha256, &bytes)],
        )
        .await
        .map_err(|e| e.to_string())?;
    refresh_pending(app).await;
    kick(app);
    Ok(sha256)
}

/// Marks the draft submitted and queues its full state, in one transaction; returns the
/// draft as saved.
pub async fn queue_submission(app: AppState, draft: &Draft) -> Result<Draft, String> {
    let now = Utc::now();
    let mut queued = draft.clone();
    queued.input = draft.submission(now);
    queued.phase = Phase::Queued;
    queued.rejection = None;
    queued.updated_at = now;
    let db = store::app_db().await.map_err(|e| e.to_string())?;
    Outbox::new(db)
        .enqueue_with(
            queued.user_id,
            Job::PutAudit {
                audit_id: queued.audit_id,
                input: queued.input.clone(),
            },
            now,
            vec![drafts::put_op(&queued).map_err(|e| e.to_string())?],
        )
        .await
        .map_err(|e| e.to_string())?;
    refresh_pending(app).await;
    kick(app);
    Ok(queued)
}
