//! Renditions: orientation applied, shrunk with `fast_image_resize`, re-encoded as baseline
//! JPEG. The encoder is given pixels only, so no EXIF, XMP, ICC or comment survives.

use super::error::EvidenceError;
use bytes::Bytes;
use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, RgbImage};

/// Longest edge of the display rendition, in pixels.
pub const DISPLAY_MAX_EDGE: u32 = 1600;
/// Longest edge of the thumbnail, in pixels.
pub const THUMB_MAX_EDGE: u32 = 320;
/// JPEG quality of both renditions.
const JPEG_QUALITY: u8 = 82;

/// The two renditions of a photo.
#[derive(Debug, Clone)]
pub struct Renditions {
    /// Display rendition (≤ [`DISPLAY_MAX_EDGE`]), JPEG.
    pub display: Bytes,
    /// Thumbnail (≤ [`THUMB_MAX_EDGE`]), JPEG.
    pub thumb: Bytes,
    /// The display rendition's pixels, for the perceptual hash.
    pub display_pixels: RgbImage,
    /// Width of the photo as seen (orientation applied), full size.
    pub width: u32,
    /// Height of the photo as seen (orientation applied), full size.
    pub height: u32,
}

/// Makes both renditions. Shrinking comes before rotating, so the full-size image is never
/// copied to be turned.
pub fn render(image: DynamicImage, orientation: Option<u16>) -> Result<Renditions, EvidenceError> {
    let orientation = orientation
        .and_then(|o| u8::try_from(o).ok())
        .and_then(Orientation::from_exif)
        .unwrap_or(Orientation::NoTransforms);
    let rgb = flatten(image);
    let (mut width, mut height) = rgb.dimensions();
    if matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    ) {
        std::mem::swap(&mut width, &mut height);
    }
    let display = shrink(&rgb, DISPLAY_MAX_EDGE)?.unwrap_or(rgb);
    let display = orient(display, orientation);
    let thumb = shrink(&display, THUMB_MAX_EDGE)?;
    let thumb_bytes = encode_jpeg(thumb.as_ref().unwrap_or(&display))?;
    Ok(Renditions {
        display: encode_jpeg(&display)?,
        thumb: thumb_bytes,
        display_pixels: display,
        width,
        height,
    })
}

/// 8-bit RGB; transparency is composed over white (a JPEG has no alpha, and black would hide
/// dark content).
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
        let alpha = u32::from(p[3]);
        for c in 0..3 {
            let v = (u32::from(p[c]) * alpha + 255 * (255 - alpha) + 127) / 255;
            o[c] = u8::try_from(v).unwrap_or(u8::MAX);
        }
    }
    out
}

/// The size that fits `max_edge`, keeping the aspect ratio; `None` when it already fits.
pub fn fitted(width: u32, height: u32, max_edge: u32) -> Option<(u32, u32)> {
    let long = width.max(height);
    if long <= max_edge {
        return None;
    }
    let scale = f64::from(max_edge) / f64::from(long);
    let w = (f64::from(width) * scale).round().max(1.0) as u32;
    let h = (f64::from(height) * scale).round().max(1.0) as u32;
    Some((w.min(max_edge), h.min(max_edge)))
}

fn shrink(image: &RgbImage, max_edge: u32) -> Result<Option<RgbImage>, EvidenceError> {
    let Some((w, h)) = fitted(image.width(), image.height(), max_edge) else {
        return Ok(None);
    };
    let mut out = RgbImage::new(w, h);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(image, &mut out, &options)
        .map_err(|e| EvidenceError::Internal(format!("resize: {e}")))?;
    Ok(Some(out))
}

fn orient(image: RgbImage, orientation: Orientation) -> RgbImage {
    if orientation == Orientation::NoTransforms {
        return image;
    }
    let mut dynamic = DynamicImage::ImageRgb8(image);
    dynamic.apply_orientation(orientation);
    dynamic.into_rgb8()
}

fn encode_jpeg(image: &RgbImage) -> Result<Bytes, EvidenceError> {
    let mut out = Vec::with_capacity(image.as_raw().len() / 8);
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .map_err(|e| EvidenceError::Internal(format!("encode: {e}")))?;
    Ok(Bytes::from(out))
}
