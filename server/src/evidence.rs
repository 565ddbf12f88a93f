//! The evidence pipeline: from an uploaded body to a stored, hashed, metadata-free photo.
//!
//! [`Pipeline::ingest`] runs [`process`] on the blocking pool under a semaphore:
//! magic-byte sniff → container walk (truncation, trailing data) → declared dimensions →
//! decode under `image::Limits` → EXIF (time, GPS, orientation) → renditions with orientation
//! applied and no metadata → perceptual hash. [`PhotoStore`] then keeps the original and the
//! renditions under the original's sha256. Size limits on the body are the HTTP layer's job
//! (before buffering); [`process`] checks the size again.

pub mod config;
mod decode;
mod error;
mod exif;
mod phash;
mod render;
pub mod slots;
mod sniff;
mod store;
mod structure;

pub use error::EvidenceError;
pub use exif::ExifData;
pub use render::{DISPLAY_MAX_EDGE, THUMB_MAX_EDGE};
pub use sniff::{ImageKind, Sniffed, sniff};
pub use store::{PhotoStore, Rendition, S3Config, Stored};

use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Semaphore;

/// The pipeline and the store, as the application state holds them.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// Processing, bounded in concurrency.
    pub pipeline: Pipeline,
    /// Where photos are kept.
    pub store: PhotoStore,
    /// Upload bodies buffered at once, shared fairly: with the body limit, this bounds the
    /// memory uploads hold before processing.
    pub uploads: slots::UploadSlots,
}

impl Evidence {
    /// Builds both from the configuration; `grace` and `min_bytes_per_sec` are the minimum
    /// rate uploads are held to (the slowest may be cut when the slots are full).
    pub fn from_config(
        config: &config::EvidenceConfig,
        data_dir: &std::path::Path,
        grace: std::time::Duration,
        min_bytes_per_sec: u64,
    ) -> Result<Evidence, String> {
        Ok(Evidence {
            pipeline: config.pipeline(),
            store: config.store(data_dir)?,
            uploads: slots::UploadSlots::new(slots::Sharing {
                total: config.upload_slots(),
                per_user: config.photo_uploads_per_user,
                per_address: config.photo_uploads_per_address,
                grace,
                min_bytes_per_sec,
            }),
        })
    }
}

/// Bounds on what an upload may cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Widest image decoded, in pixels.
    pub max_width: u32,
    /// Tallest image decoded, in pixels.
    pub max_height: u32,
    /// Most pixels decoded (width × height).
    pub max_pixels: u64,
    /// Most memory a decoder may allocate, in bytes.
    pub max_alloc: u64,
}

impl Default for Limits {
    /// 15 MB bodies; up to 12 000 px a side and 50 megapixels (a 48 MP phone photo fits);
    /// decoders capped at 256 MiB.
    fn default() -> Limits {
        Limits {
            max_bytes: 15 * 1024 * 1024,
            max_width: 12_000,
            max_height: 12_000,
            max_pixels: 50_000_000,
            max_alloc: 256 * 1024 * 1024,
        }
    }
}

/// A photo that passed every check, with what the database and the store need.
#[derive(Debug, Clone)]
pub struct ProcessedPhoto {
    /// sha256 of the original bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// What the bytes are.
    pub kind: ImageKind,
    /// Width as seen (orientation applied), in pixels.
    pub width: u32,
    /// Height as seen (orientation applied), in pixels.
    pub height: u32,
    /// Size of the original, in bytes.
    pub byte_size: u64,
    /// What the EXIF said.
    pub exif: ExifData,
    /// 64-bit perceptual hash of the picture as seen.
    pub phash: i64,
    /// The bytes as uploaded.
    pub original: Bytes,
    /// Display rendition: JPEG, long edge ≤ [`DISPLAY_MAX_EDGE`], no metadata.
    pub display: Bytes,
    /// Thumbnail: JPEG, long edge ≤ [`THUMB_MAX_EDGE`], no metadata.
    pub thumb: Bytes,
}

/// sha256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Checks, decodes and renders one upload. CPU-heavy and blocking: call it through
/// [`Pipeline::ingest`] from async code.
pub fn process(bytes: Bytes, limits: &Limits) -> Result<ProcessedPhoto, EvidenceError> {
    if bytes.is_empty() {
        return Err(EvidenceError::Empty);
    }
    let byte_size = bytes.len() as u64;
    if byte_size > limits.max_bytes {
        return Err(EvidenceError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let kind = match sniff(&bytes) {
        Sniffed::Image(kind) => kind,
        Sniffed::Other(name) => {
            return Err(EvidenceError::Unsupported {
                detected: Some(name),
            });
        }
        Sniffed::Unknown => return Err(EvidenceError::Unsupported { detected: None }),
    };
    structure::check(kind, &bytes)?;
    let image = decode::decode(kind, &bytes, limits)?;
    let exif = exif::read(&bytes);
    let renditions = render::render(image, exif.orientation)?;
    Ok(ProcessedPhoto {
        sha256: sha256_hex(&bytes),
        kind,
        width: renditions.width,
        height: renditions.height,
        byte_size,
        phash: phash::phash(&renditions.display_pixels),
        exif,
        original: bytes,
        display: renditions.display,
        thumb: renditions.thumb,
    })
}

/// Runs [`process`] off the async runtime, at most `concurrency` photos at a time, so a burst
/// of uploads can neither stall request handling nor use more than about
/// `concurrency × max_alloc` of memory for decoding.
#[derive(Debug, Clone)]
pub struct Pipeline {
    limits: Arc<Limits>,
    permits: Arc<Semaphore>,
    workers: usize,
    queued: Arc<AtomicUsize>,
}

impl Pipeline {
    /// A pipeline with the given limits and number of photos processed at once (at least 1).
    pub fn new(limits: Limits, concurrency: usize) -> Pipeline {
        Pipeline {
            limits: Arc::new(limits),
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            workers: concurrency.max(1),
            queued: Arc::default(),
        }
    }

    /// Photos waiting for a permit now.
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// Photos being processed now.
    pub fn in_progress(&self) -> usize {
        self.workers
            .saturating_sub(self.permits.available_permits())
    }

    /// The limits uploads are held to.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Processes one upload on the blocking pool once a permit is free.
    pub async fn ingest(&self, bytes: Bytes) -> Result<ProcessedPhoto, EvidenceError> {
        let waiting = crate::metrics::InFlight::enter(&self.queued);
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| EvidenceError::Internal("the pipeline is shut down".into()))?;
        drop(waiting);
        let limits = Arc::clone(&self.limits);
        let job = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            process(bytes, &limits)
        });
        match job.await {
            Ok(result) => result,
            Err(e) => {
                tracing::error!(error = %e, "photo processing panicked");
                Err(EvidenceError::Internal("photo processing failed".into()))
            }
        }
    }
}

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
#[cfg(test)]
mod tests;
