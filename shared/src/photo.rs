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

/// Every photo of an audit, each once, in the order reviewers number them ("Photo 1", …):
/// answers' photos in answer order, then touchpoint notes' photos; with the JSON path of each
/// photo's first mention. Proof-of-visit flags and the audit view name photos by this number.
pub fn audit_photos(
    answers: &[crate::audit::Answer],
    notes: &[crate::audit::TouchpointNote],
) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    let answers = answers.iter().enumerate().flat_map(|(a, answer)| {
        answer
            .photos
            .iter()
            .enumerate()
            .map(move |(p, sha)| (sha, format!("answers[{a}].photos[{p}]")))
    });
    let notes = notes.iter().enumerate().flat_map(|(n, note)| {
        note.photos
            .iter()
            .enumerate()
            .map(move |(p, sha)| (sha, format!("touchpoint_notes[{n}].photos[{p}]")))
    });
    answers
        .chain(notes)
        .filter(|(sha, _)| seen.insert(sha.as_str()))
        .map(|(sha, field)| (sha.clone(), field))
        .collect()
}

/// How a person names the `n`-th photo (from 0) of [`audit_photos`].
pub fn photo_name(n: usize) -> String {
    format!("Photo {}", n + 1)
}
