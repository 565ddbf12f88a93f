//! Evidence photos: content-addressed by the sha256 of the uploaded bytes.

use crate::api_type;
use chrono::{DateTime, Utc};

api_type! {
    /// A stored photo, as `POST /api/v1/photos` answers. Answers and touchpoint notes refer to
    /// it by `sha256`; `GET /api/v1/photos/{sha256}/{display|thumb|original}` serves it.
    pub struct Photo {
        /// sha256 of the uploaded bytes, 64 lowercase hex digits.
        pub sha256: String,
        /// Media type of the original: `image/jpeg`, `image/png` or `image/webp`.
        pub mime: String,
        /// Width as seen (EXIF orientation applied), in pixels.
        pub width: u32,
        /// Height as seen (EXIF orientation applied), in pixels.
        pub height: u32,
        /// Size of the original, in bytes.
        pub byte_size: u64,
        /// Capture time from the EXIF data, when it names its own offset or has a GPS clock.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub taken_at: Option<DateTime<Utc>>,
        /// When the organisation first received it.
        pub created_at: DateTime<Utc>,
    }
}
