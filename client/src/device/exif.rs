//! Keeps a photo's EXIF (time, GPS) through the on-device downscale.
//!
//! The canvas that downscales a photo writes a JPEG without metadata, but the server's
//! proof-of-visit checks need the capture time and position. The original's APP1 Exif
//! segment is copied into the downscaled JPEG with its orientation reset to "upright",
//! because the browser already applied the rotation when it drew the photo.

const SOI: [u8; 2] = [0xFF, 0xD8];
const APP0: u8 = 0xE0;
const APP1: u8 = 0xE1;
const SOS: u8 = 0xDA;
const EOI: u8 = 0xD9;
const EXIF_HEADER: &[u8] = b"Exif\0\0";
const ORIENTATION_TAG: u16 = 0x0112;

/// Segments before the image data: (marker, start of the marker, end of the segment).
fn segments(jpeg: &[u8]) -> impl Iterator<Item = (u8, usize, usize)> + '_ {
    let mut pos = if jpeg.starts_with(&SOI) {
        2
    } else {
        jpeg.len()
    };
    std::iter::from_fn(move || {
        while pos + 4 <= jpeg.len() {
            if jpeg[pos] != 0xFF {
                return None;
            }
            let marker = jpeg[pos + 1];
            if marker == 0xFF {
                pos += 1; // fill byte
                continue;
            }
            if marker == SOS || marker == EOI {
                return None;
            }
            if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
                pos += 2;
                continue;
            }
            let len = usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
            let end = pos + 2 + len;
            if len < 2 || end > jpeg.len() {
                return None;
            }
            let start = pos;
            pos = end;
            return Some((marker, start, end));
        }
        None
    })
}

/// The APP1 Exif segment of a JPEG, marker included.
pub fn exif_segment(jpeg: &[u8]) -> Option<&[u8]> {
    segments(jpeg)
        .find(|&(marker, start, end)| {
            marker == APP1 && jpeg[start + 4..end].starts_with(EXIF_HEADER)
        })
        .map(|(_, start, end)| &jpeg[start..end])
}

/// Sets the Orientation tag of IFD0 to 1 (upright) in an APP1 Exif segment, if present.
pub fn reset_orientation(segment: &mut [u8]) {
    let tiff_start = 4 + EXIF_HEADER.len();
    let Some(tiff) = segment.get_mut(tiff_start..) else {
        return;
    };
    let big_endian = match tiff.get(..2) {
        Some(b"MM") => true,
        Some(b"II") => false,
        _ => return,
    };
    let read16 = |b: &[u8], at: usize| -> Option<u16> {
        let bytes = [*b.get(at)?, *b.get(at + 1)?];
        Some(if big_endian {
            u16::from_be_bytes(bytes)
        } else {
            u16::from_le_bytes(bytes)
        })
    };
    let read32 = |b: &[u8], at: usize| -> Option<usize> {
        let bytes = [
            *b.get(at)?,
            *b.get(at + 1)?,
            *b.get(at + 2)?,
            *b.get(at + 3)?,
        ];
        let v = if big_endian {
            u32::from_be_bytes(bytes)
        } else {
            u32::from_le_bytes(bytes)
        };
        usize::try_from(v).ok()
    };
    let Some(ifd0) = read32(tiff, 4) else {
        return;
    };
    let Some(count) = read16(tiff, ifd0) else {
        return;
    };
    for i in 0..usize::from(count) {
        let entry = ifd0 + 2 + 12 * i;
        if read16(tiff, entry) != Some(ORIENTATION_TAG) {
            continue;
        }
        // SHORT (type 3), one value, stored left-aligned in the value field.
        if read16(tiff, entry + 2) == Some(3) {
            let one = if big_endian { [0, 1] } else { [1, 0] };
            if let Some(value) = tiff.get_mut(entry + 8..entry + 10) {
                value.copy_from_slice(&one);
            }
        }
        return;
    }
}

/// `jpeg` with the Exif `segment` inserted after its JFIF header; unchanged when it already
/// has Exif or is not a JPEG.
pub fn with_exif(jpeg: &[u8], segment: &[u8]) -> Vec<u8> {
    if !jpeg.starts_with(&SOI) || exif_segment(jpeg).is_some() {
        return jpeg.to_vec();
    }
    let at = segments(jpeg)
        .next()
        .filter(|&(marker, _, _)| marker == APP0)
        .map_or(2, |(_, _, end)| end);
    let mut out = Vec::with_capacity(jpeg.len() + segment.len());
    out.extend_from_slice(&jpeg[..at]);
    out.extend_from_slice(segment);
    out.extend_from_slice(&jpeg[at..]);
    out
}

/// Copies the original's Exif into the downscaled JPEG, orientation reset.
pub fn carry_over(original: &[u8], downscaled: &[u8]) -> Vec<u8> {
    match exif_segment(original) {
        Some(segment) => {
            let mut segment = segment.to_vec();
            reset_orientation(&mut segment);
            with_exif(downscaled, &segment)
        }
        None => downscaled.to_vec(),
    }
}
