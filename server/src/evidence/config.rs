//! Photo settings, flattened into the server's one [`Config`](crate::config::Config).

use super::{Limits, PhotoStore, Pipeline, S3Config};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Where photos are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreKind {
    /// A folder on local disk (`--photo-dir`).
    Disk,
    /// An S3-compatible bucket (`--s3-*`).
    S3,
}

/// A secret from the command line or environment; never printed.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

/// Photo upload limits, processing and storage.
#[derive(Debug, Clone, clap::Args)]
pub struct EvidenceConfig {
    /// Largest photo upload accepted, in bytes.
    #[arg(long, env = "TOUCHSTONE_MAX_PHOTO_BYTES", default_value_t = 15 * 1024 * 1024)]
    pub max_photo_bytes: u64,

    /// Photos decoded at once (default: the number of CPUs); each may use up to 256 MiB.
    #[arg(long, env = "TOUCHSTONE_PHOTO_WORKERS")]
    pub photo_workers: Option<usize>,

    /// Photo uploads read at once (default: four per photo worker); more wait, then get 503.
    #[arg(long, env = "TOUCHSTONE_PHOTO_UPLOADS")]
    pub photo_uploads: Option<usize>,

    /// Photo uploads one user may have in progress at once; more get 503.
    #[arg(long, env = "TOUCHSTONE_PHOTO_UPLOADS_PER_USER", default_value_t = 4)]
    pub photo_uploads_per_user: usize,

    /// Photo uploads one user may have in progress at once from one address; more get 503.
    #[arg(
        long,
        env = "TOUCHSTONE_PHOTO_UPLOADS_PER_ADDRESS",
        default_value_t = 2
    )]
    pub photo_uploads_per_address: usize,

    /// Where photos are kept: `disk` (a folder) or `s3` (an S3-compatible bucket).
    #[arg(long, env = "TOUCHSTONE_PHOTO_STORE", value_enum, default_value_t = StoreKind::Disk)]
    pub photo_store: StoreKind,

    /// Photo folder of the disk store (default: `photos` in the data directory).
    #[arg(long, env = "TOUCHSTONE_PHOTO_DIR")]
    pub photo_dir: Option<PathBuf>,

    /// Bucket of the S3 store.
    #[arg(long, env = "TOUCHSTONE_S3_BUCKET")]
    pub s3_bucket: Option<String>,

    /// Endpoint of an S3-compatible server (MinIO, R2, …); AWS when absent.
    #[arg(long, env = "TOUCHSTONE_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,

    /// Region of the S3 store.
    #[arg(long, env = "TOUCHSTONE_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,

    /// Access key id of the S3 store.
    #[arg(long, env = "AWS_ACCESS_KEY_ID", hide_env_values = true)]
    pub s3_access_key_id: Option<String>,

    /// Secret access key of the S3 store.
    #[arg(long, env = "AWS_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<Secret>,

    /// Allow a plain-http S3 endpoint (local test servers only).
    #[arg(long, env = "TOUCHSTONE_S3_ALLOW_HTTP", default_value_t = false)]
    pub s3_allow_http: bool,
}

impl EvidenceConfig {
    /// The upload limits.
    pub fn limits(&self) -> Limits {
        Limits {
            max_bytes: self.max_photo_bytes,
            ..Limits::default()
        }
    }

    /// Photos decoded at once.
    pub fn workers(&self) -> usize {
        self.photo_workers
            .unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
            })
            .max(1)
    }

    /// Uploads read at once.
    pub fn upload_slots(&self) -> usize {
        self.photo_uploads.unwrap_or(4 * self.workers()).max(1)
    }

    /// The processing pipeline.
    pub fn pipeline(&self) -> Pipeline {
        Pipeline::new(self.limits(), self.workers())
    }

    /// Opens the configured store; `data_dir` holds the disk store by default.
    pub fn store(&self, data_dir: &Path) -> Result<PhotoStore, String> {
        match self.photo_store {
            StoreKind::Disk => {
                let dir = self
                    .photo_dir
                    .clone()
                    .unwrap_or_else(|| data_dir.join("photos"));
                PhotoStore::local(&dir).map_err(|e| format!("photo folder {}: {e}", dir.display()))
            }
            StoreKind::S3 => {
                let missing = |what: &str| format!("the S3 photo store needs {what}");
                let config = S3Config {
                    bucket: self
                        .s3_bucket
                        .clone()
                        .ok_or_else(|| missing("--s3-bucket"))?,
                    region: self.s3_region.clone(),
                    endpoint: self.s3_endpoint.clone(),
                    access_key_id: self
                        .s3_access_key_id
                        .clone()
                        .ok_or_else(|| missing("AWS_ACCESS_KEY_ID"))?,
                    secret_access_key: self
                        .s3_secret_access_key
                        .as_ref()
                        .map(|s| s.expose().to_owned())
                        .ok_or_else(|| missing("AWS_SECRET_ACCESS_KEY"))?,
                    allow_http: self.s3_allow_http,
                };
                PhotoStore::s3(&config).map_err(|e| format!("S3 photo store: {e}"))
            }
        }
    }
}
