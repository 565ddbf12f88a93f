//! Container walk: finds where the image really ends, so a truncated file is refused even when
//! a lenient decoder would paint the missing part grey, and data hidden after the image (the
//! usual way to make a polyglot) is refused too.

use super::error::EvidenceError;
use super::sniff::ImageKind;

/// Checks that the container is complete and that nothing but tolerated trailers follows it.
///
/// Tolerated after a JPEG: zero padding, a second JPEG (MPF secondary images, Ultra HDR gain
/// maps) and an MP4 (Motion Photos), which phones append to ordinary photos.
pub fn check(kind: ImageKind, bytes: &[u8]) -> Result<(), EvidenceError> {
    let end = match kind {
        ImageKind::Jpeg => jpeg_end(bytes)?,
        ImageKind::Png => png_end(bytes)?,
        ImageKind::Webp => webp_end(bytes)?,
    };
    let trailer = bytes.get(end..).unwrap_or_default();
    if trailer.iter().all(|b| *b == 0) {
        return Ok(());
    }
    let phone_trailer = kind == ImageKind::Jpeg
        && (trailer.starts_with(&[0xFF, 0xD8, 0xFF])
            || trailer.get(4..8).is_some_and(|t| t == b"ftyp"));
    if phone_trailer {
        return Ok(());
    }
    Err(EvidenceError::TrailingData {
        bytes: trailer.len(),
    })
}

fn corrupt(what: &str) -> EvidenceError {
    EvidenceError::Corrupt(what.to_owned())
}

/// Offset just past the JPEG's EOI marker.
fn jpeg_end(b: &[u8]) -> Result<usize, EvidenceError> {
    let mut pos = 2; // after SOI
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        while b.get(pos) == Some(&0xFF) && b.get(pos + 1) == Some(&0xFF) {
            pos += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (b.get(pos), b.get(pos + 1)) else {
            return Err(if pos + 1 >= b.len() {
                EvidenceError::Truncated
            } else {
                corrupt("a JPEG marker was expected")
            });
        };
        pos += 2;
        match marker {
            0xD9 => return Ok(pos),
            0x01 | 0xD0..=0xD7 => continue,
            0xD8 | 0x00 => return Err(corrupt("unexpected JPEG marker")),
            _ => {}
        }
        let (Some(&hi), Some(&lo)) = (b.get(pos), b.get(pos + 1)) else {
            return Err(EvidenceError::Truncated);
        };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        if len < 2 {
            return Err(corrupt("a JPEG segment has an impossible length"));
        }
        pos += len;
        if pos > b.len() {
            return Err(EvidenceError::Truncated);
        }
        if marker == 0xDA {
            pos = entropy_end(b, pos)?;
        }
    }
}

/// After a scan header, skips the entropy-coded data to the next real marker.
fn entropy_end(b: &[u8], mut pos: usize) -> Result<usize, EvidenceError> {
    loop {
        let Some(ff) = b
            .get(pos..)
            .and_then(|rest| rest.iter().position(|x| *x == 0xFF))
        else {
            return Err(EvidenceError::Truncated);
        };
        pos += ff;
        match b.get(pos + 1) {
            None => return Err(EvidenceError::Truncated),
            // Stuffed byte, restart marker or fill byte: still inside the scan.
            Some(0x00 | 0xD0..=0xD7) => pos += 2,
            Some(0xFF) => pos += 1,
            Some(_) => return Ok(pos),
        }
    }
}

/// Offset just past the PNG's IEND chunk.
fn png_end(b: &[u8]) -> Result<usize, EvidenceError> {
    let mut pos = 8; // after the signature
    loop {
        let Some(header) = b.get(pos..pos + 8) else {
            return Err(EvidenceError::Truncated);
        };
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        if len > 0x7FFF_FFFF {
            return Err(corrupt("a PNG chunk has an impossible length"));
        }
        let chunk_end = pos + 12 + len as usize; // length, type, data, CRC
        if chunk_end > b.len() {
            return Err(EvidenceError::Truncated);
        }
        if &header[4..8] == b"IEND" {
            return Ok(chunk_end);
        }
        pos = chunk_end;
    }
}

/// Offset just past the RIFF container (with its pad byte).
fn webp_end(b: &[u8]) -> Result<usize, EvidenceError> {
    let Some(size) = b.get(4..8) else {
        return Err(EvidenceError::Truncated);
    };
    let size = u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
    let end = 8 + size + size % 2;
    if size < 4 || 8 + size > b.len() {
        return Err(EvidenceError::Truncated);
    }
    Ok(end.min(b.len()))
}
