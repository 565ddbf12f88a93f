//! Why a photo was refused, and how each reason maps to an HTTP status.

use touchstone_shared::error::ErrorCode;

/// A photo the pipeline refused, or a fault while storing it.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// The body is larger than the configured limit.
    #[error("the photo is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The body is empty.
    #[error("the body is empty; send the photo's bytes")]
    Empty,
    /// The bytes are not a JPEG, PNG or WebP image (whatever the file name or header says).
    #[error("{}", unsupported_message(.detected))]
    Unsupported {
        /// What the bytes look like, when recognised (e.g. "HEIC", "PDF").
        detected: Option<&'static str>,
    },
    /// The image declares more pixels than the server decodes.
    #[error(
        "the image is {width}×{height} pixels; the limit is {max_width}×{max_height} and {max_pixels} pixels in all"
    )]
    TooManyPixels {
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
        /// Widest accepted.
        max_width: u32,
        /// Tallest accepted.
        max_height: u32,
        /// Most pixels accepted.
        max_pixels: u64,
    },
    /// The file ends before the image does.
    #[error("the image is truncated; upload the complete file")]
    Truncated,
    /// Unrelated data follows the end of the image (e.g. an archive or a script).
    #[error("{bytes} bytes of other data follow the end of the image; upload the photo on its own")]
    TrailingData {
        /// How many bytes follow the image.
        bytes: usize,
    },
    /// The image data is corrupt or cannot be decoded.
    #[error("the image cannot be decoded: {0}")]
    Corrupt(String),
    /// Storage failed; details are logged, not shown.
    #[error("the photo could not be stored")]
    Storage(#[from] object_store::Error),
    /// An unexpected fault in the pipeline; details are logged, not shown.
    #[error("the photo could not be processed")]
    Internal(String),
}

fn unsupported_message(detected: &Option<&'static str>) -> String {
    match detected {
        Some(kind) => format!("this is a {kind} file; send a JPEG, PNG or WebP photo"),
        None => "this is not an image the server accepts; send a JPEG, PNG or WebP photo".into(),
    }
}

impl EvidenceError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            EvidenceError::TooLarge { .. } => 413,
            EvidenceError::Empty => 400,
            EvidenceError::Unsupported { .. } => 415,
            EvidenceError::TooManyPixels { .. }
            | EvidenceError::Truncated
            | EvidenceError::TrailingData { .. }
            | EvidenceError::Corrupt(_) => 422,
            EvidenceError::Storage(_) | EvidenceError::Internal(_) => 500,
        }
    }

    /// The machine-readable code of the error envelope.
    pub fn code(&self) -> ErrorCode {
        match self {
            EvidenceError::TooLarge { .. } => ErrorCode::PayloadTooLarge,
            EvidenceError::Unsupported { .. } => ErrorCode::UnsupportedMediaType,
            EvidenceError::Empty
            | EvidenceError::TooManyPixels { .. }
            | EvidenceError::Truncated
            | EvidenceError::TrailingData { .. }
            | EvidenceError::Corrupt(_) => ErrorCode::InvalidInput,
            EvidenceError::Storage(_) | EvidenceError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Whether the client sent something wrong (4xx) rather than the server failing.
    pub fn is_client_error(&self) -> bool {
        self.status() < 500
    }
}
