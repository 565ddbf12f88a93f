//! Decoding under limits: the declared size is checked before a pixel is allocated, and the
//! decoder runs under `image::Limits` as a second line.

use super::Limits;
use super::error::EvidenceError;
use super::sniff::ImageKind;
use image::error::{ImageError, LimitErrorKind};
use image::{DynamicImage, ImageDecoder, ImageReader};
use std::io::Cursor;

/// Reads the header, checks the declared dimensions against `limits`, then decodes.
pub fn decode(
    kind: ImageKind,
    bytes: &[u8],
    limits: &Limits,
) -> Result<DynamicImage, EvidenceError> {
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_width);
    image_limits.max_image_height = Some(limits.max_height);
    image_limits.max_alloc = Some(limits.max_alloc);

    // Building the decoder parses the header only. Dimensions are checked by hand first so the
    // refusal can name them; the full limits are set on the decoder right after.
    let mut header_limits = image::Limits::default();
    header_limits.max_alloc = Some(limits.max_alloc);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), kind.format());
    reader.limits(header_limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| map_error(e, limits, None))?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, limits)?;
    let total = decoder.total_bytes();
    if total > limits.max_alloc {
        return Err(too_many(width, height, limits));
    }
    // What `ImageReader::decode` does: count the output buffer against the allocation limit.
    image_limits
        .reserve(total)
        .map_err(|e| map_error(e, limits, Some((width, height))))?;
    decoder
        .set_limits(image_limits)
        .map_err(|e| map_error(e, limits, Some((width, height))))?;
    DynamicImage::from_decoder(decoder).map_err(|e| map_error(e, limits, Some((width, height))))
}

/// Refuses declared dimensions beyond the limits, or an empty image.
pub fn check_dimensions(width: u32, height: u32, limits: &Limits) -> Result<(), EvidenceError> {
    if width == 0 || height == 0 {
        return Err(EvidenceError::Corrupt("the image has no pixels".into()));
    }
    if width > limits.max_width
        || height > limits.max_height
        || u64::from(width) * u64::from(height) > limits.max_pixels
    {
        return Err(too_many(width, height, limits));
    }
    Ok(())
}

fn too_many(width: u32, height: u32, limits: &Limits) -> EvidenceError {
    EvidenceError::TooManyPixels {
        width,
        height,
        max_width: limits.max_width,
        max_height: limits.max_height,
        max_pixels: limits.max_pixels,
    }
}

fn map_error(e: ImageError, limits: &Limits, dims: Option<(u32, u32)>) -> EvidenceError {
    match e {
        ImageError::Limits(l) => match (l.kind(), dims) {
            (LimitErrorKind::DimensionError | LimitErrorKind::InsufficientMemory, Some((w, h))) => {
                too_many(w, h, limits)
            }
            _ => EvidenceError::Corrupt("the image is larger than the server decodes".to_owned()),
        },
        ImageError::Unsupported(u) => {
            EvidenceError::Corrupt(format!("unsupported image feature: {u}"))
        }
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            EvidenceError::Truncated
        }
        ImageError::IoError(io) => EvidenceError::Corrupt(io.to_string()),
        ImageError::Decoding(d) => EvidenceError::Corrupt(d.to_string()),
        ImageError::Parameter(p) => EvidenceError::Corrupt(p.to_string()),
        ImageError::Encoding(e) => EvidenceError::Internal(e.to_string()),
    }
}
