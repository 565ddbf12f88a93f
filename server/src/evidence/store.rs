//! Photo storage over `object_store`: a local folder by default, S3-compatible storage by
//! configuration. Objects are keyed by the original's sha256
//! (`photos/ab/abcdef…/original|display|thumb`) and written put-if-absent, so a retried upload
//! stores nothing twice and never overwrites.

use super::ProcessedPhoto;
use super::error::EvidenceError;
use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use std::sync::Arc;
use touchstone_shared::audit::is_sha256_hex;

/// One of the stored forms of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rendition {
    /// The bytes as uploaded (EXIF included); never served to managers.
    Original,
    /// Re-encoded JPEG, long edge ≤ 1600 px, no metadata.
    Display,
    /// Re-encoded JPEG, long edge ≤ 320 px, no metadata.
    Thumb,
}

impl Rendition {
    /// The name used in keys and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Rendition::Original => "original",
            Rendition::Display => "display",
            Rendition::Thumb => "thumb",
        }
    }

    /// Parses a name written by [`Rendition::as_str`].
    pub fn parse(s: &str) -> Option<Rendition> {
        [Rendition::Original, Rendition::Display, Rendition::Thumb]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// Connection settings of an S3-compatible bucket.
#[derive(Clone)]
pub struct S3Config {
    /// Bucket name.
    pub bucket: String,
    /// Region (any value for most S3-compatible servers).
    pub region: String,
    /// Endpoint URL for S3-compatible servers (MinIO, moto, R2…); `None` for AWS.
    pub endpoint: Option<String>,
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Allow plain `http://` endpoints (local test servers).
    pub allow_http: bool,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[redacted]")
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// Whether a put wrote the photo or found it already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// The photo was written now.
    New,
    /// The same photo was already stored; nothing was written.
    AlreadyThere,
}

/// Where photos live.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    inner: Arc<dyn ObjectStore>,
}

impl PhotoStore {
    /// Wraps any object store.
    pub fn new(inner: Arc<dyn ObjectStore>) -> PhotoStore {
        PhotoStore { inner }
    }

    /// A folder on local disk, created if missing. Every file is written to a staging name,
    /// fsynced, then linked into place and its folder fsynced before the put returns: the
    /// photo's database row, written after the put, never outlives its file in a power cut.
    pub fn local(root: &std::path::Path) -> Result<PhotoStore, object_store::Error> {
        std::fs::create_dir_all(root).map_err(|e| object_store::Error::Generic {
            store: "LocalFileSystem",
            source: Box::new(e),
        })?;
        let disk = LocalFileSystem::new_with_prefix(root)?.with_fsync(true);
        Ok(PhotoStore::new(Arc::new(disk)))
    }

    /// An S3-compatible bucket. Conditional puts (`If-None-Match: *`) give put-if-absent.
    pub fn s3(config: &S3Config) -> Result<PhotoStore, object_store::Error> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(&config.bucket)
            .with_region(&config.region)
            .with_access_key_id(&config.access_key_id)
            .with_secret_access_key(&config.secret_access_key)
            .with_allow_http(config.allow_http);
        if let Some(endpoint) = &config.endpoint {
            builder = builder
                .with_endpoint(endpoint)
                .with_virtual_hosted_style_request(false);
        }
        Ok(PhotoStore::new(Arc::new(builder.build()?)))
    }

    /// Memory only, for tests.
    pub fn in_memory() -> PhotoStore {
        PhotoStore::new(Arc::new(InMemory::new()))
    }

    /// The key of a rendition: `photos/ab/<sha256>/<rendition>`. `None` unless `sha256` is 64
    /// lowercase hex digits, so no caller-supplied text ever reaches a path.
    pub fn key(sha256: &str, rendition: Rendition) -> Option<Path> {
        is_sha256_hex(sha256).then(|| {
            Path::from(format!(
                "photos/{}/{sha256}/{}",
                &sha256[..2],
                rendition.as_str()
            ))
        })
    }

    /// Stores the original and its renditions unless already there. The original is written
    /// last, so its presence means the whole set is.
    pub async fn put(&self, photo: &ProcessedPhoto) -> Result<Stored, EvidenceError> {
        if self.contains(&photo.sha256).await? {
            return Ok(Stored::AlreadyThere);
        }
        self.put_if_absent(&photo.sha256, Rendition::Display, photo.display.clone())
            .await?;
        self.put_if_absent(&photo.sha256, Rendition::Thumb, photo.thumb.clone())
            .await?;
        let fresh = self
            .put_if_absent(&photo.sha256, Rendition::Original, photo.original.clone())
            .await?;
        Ok(if fresh {
            Stored::New
        } else {
            Stored::AlreadyThere
        })
    }

    /// Whether the photo (its original) is stored.
    pub async fn contains(&self, sha256: &str) -> Result<bool, EvidenceError> {
        let key = key_or_internal(sha256, Rendition::Original)?;
        match self.inner.head(&key).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Reads a rendition; `None` when it is not stored (or `sha256` is malformed).
    pub async fn get(
        &self,
        sha256: &str,
        rendition: Rendition,
    ) -> Result<Option<Bytes>, EvidenceError> {
        let Some(key) = PhotoStore::key(sha256, rendition) else {
            return Ok(None);
        };
        match self.inner.get(&key).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes every rendition of a photo (missing ones are ignored).
    pub async fn delete(&self, sha256: &str) -> Result<(), EvidenceError> {
        for rendition in [Rendition::Original, Rendition::Display, Rendition::Thumb] {
            let key = key_or_internal(sha256, rendition)?;
            match self.inner.delete(&key).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Writes unless present; `true` when this call wrote it.
    pub(super) async fn put_if_absent(
        &self,
        sha256: &str,
        rendition: Rendition,
        bytes: Bytes,
    ) -> Result<bool, EvidenceError> {
        let key = key_or_internal(sha256, rendition)?;
        let options = PutOptions::from(PutMode::Create);
        match self
            .inner
            .put_opts(&key, PutPayload::from(bytes), options)
            .await
        {
            Ok(_) => Ok(true),
            // Someone (a retry, another instance) stored the same content first.
            Err(
                object_store::Error::AlreadyExists { .. }
                | object_store::Error::Precondition { .. },
            ) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

fn key_or_internal(sha256: &str, rendition: Rendition) -> Result<Path, EvidenceError> {
    PhotoStore::key(sha256, rendition)
        .ok_or_else(|| EvidenceError::Internal(format!("malformed sha256 {sha256:?}")))
}
