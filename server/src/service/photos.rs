//! Uploading photos and serving them to those allowed to see them.

use crate::auth::Caller;
use crate::db::{self, Visibility, now_ms};
use crate::error::{Error, Result};
use crate::evidence::{EvidenceError, Rendition, sha256_hex};
use crate::state::AppState;
use bytes::Bytes;
use touchstone_shared::audit::is_sha256_hex;
use touchstone_shared::photo::Photo;
use touchstone_shared::user::Role;

/// Whether an upload added a photo or found it already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploaded {
    /// The organisation did not have it.
    New,
    /// The same bytes were uploaded before (a retry): nothing was stored twice.
    Existing,
}

/// Checks, processes and stores an uploaded photo (every role: auditors' evidence, managers'
/// photos of a corrective action's fix). Idempotent: the same bytes again answer the photo
/// already stored.
pub async fn upload(state: &AppState, caller: &Caller, bytes: Bytes) -> Result<(Uploaded, Photo)> {
    let pool = state.db.pool();
    let evidence = &state.evidence;
    // A retry of a finished upload is answered without decoding again.
    let hashing = bytes.clone();
    let sha = tokio::task::spawn_blocking(move || sha256_hex(&hashing))
        .await
        .map_err(Error::internal)?;
    if let Some(existing) = db::photos::find(pool, caller.org_id, &sha).await?
        && evidence.store.contains(&sha).await.map_err(from_evidence)?
    {
        db::photos::record_upload(pool, caller.org_id, &sha, caller.user_id).await?;
        return Ok((Uploaded::Existing, existing.to_photo()));
    }
    let processed = evidence
        .pipeline
        .ingest(bytes)
        .await
        .map_err(from_evidence)?;
    evidence
        .store
        .put(&processed)
        .await
        .map_err(from_evidence)?;
    let mut tx = state.db.begin().await?;
    let created = db::photos::insert(
        &mut *tx,
        caller.org_id,
        &processed,
        caller.user_id,
        now_ms(),
    )
    .await?;
    if created {
        db::photos::insert_bands(&mut *tx, caller.org_id, &processed.sha256, processed.phash)
            .await?;
    }
    tx.commit().await?;
    db::photos::record_upload(pool, caller.org_id, &processed.sha256, caller.user_id).await?;
    let record = db::photos::find(pool, caller.org_id, &processed.sha256)
        .await?
        .ok_or_else(|| Error::internal("photo row missing right after insert"))?;
    let uploaded = if created {
        Uploaded::New
    } else {
        Uploaded::Existing
    };
    Ok((uploaded, record.to_photo()))
}

/// A photo's rendition and its media type, if the caller may see it: its uploader, anyone
/// who may see an audit that uses it, or (staff and managers) a corrective action that shows
/// it. Managers get renditions, never the original.
pub async fn read(
    state: &AppState,
    caller: &Caller,
    sha256: &str,
    rendition: Rendition,
) -> Result<(&'static str, Bytes)> {
    if !is_sha256_hex(sha256) {
        return Err(Error::NotFound("photo"));
    }
    let pool = state.db.pool();
    let record = db::photos::find(pool, caller.org_id, sha256)
        .await?
        .ok_or(Error::NotFound("photo"))?;
    let allowed = record.uploaded_by == caller.user_id
        || match caller.role {
            Role::Admin | Role::Consultant => {
                let org = Visibility::organisation(caller.org_id);
                db::photos::in_visible_audit(pool, &org, sha256, false).await?
            }
            // An auditor's audits cite only their own uploads.
            Role::Auditor => {
                db::photos::uploaded_by(pool, caller.org_id, sha256, caller.user_id).await?
            }
            Role::Manager => {
                db::photos::in_visible_audit(pool, &caller.visibility(), sha256, true).await?
            }
        }
        || (caller.role != Role::Auditor
            && db::actions::shows_photo(pool, &caller.visibility(), sha256).await?);
    if !allowed {
        return Err(Error::NotFound("photo"));
    }
    if caller.role == Role::Manager && rendition == Rendition::Original {
        return Err(Error::Forbidden(
            "managers see photos as display and thumbnail renditions only",
        ));
    }
    let bytes = state
        .evidence
        .store
        .get(sha256, rendition)
        .await
        .map_err(from_evidence)?
        .ok_or_else(|| Error::internal(format!("photo {sha256} is not in the store")))?;
    let mime = match rendition {
        Rendition::Original => record.kind.mime(),
        Rendition::Display | Rendition::Thumb => "image/jpeg",
    };
    Ok((mime, bytes))
}

/// The API error of a refused or failed photo.
pub fn from_evidence(e: EvidenceError) -> Error {
    match e.status() {
        413 => Error::PayloadTooLarge,
        415 => Error::UnsupportedMediaType(e.to_string()),
        400 => Error::bad_request(e.to_string()),
        s if s < 500 => Error::invalid("body", e.to_string()),
        _ => Error::internal(format!("{e}: {e:?}")),
    }
}
