//! Photo fixtures for tests: real JPEG/PNG/WebP files made on the fly, an EXIF writer (a
//! minimal little-endian TIFF with the tags the pipeline reads) and hostile files.
//! Compiled for unit tests and with the `fixtures` feature only.

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

/// A synthetic "photo": a diagonal gradient with a few discs whose places depend on `seed`, so
/// different seeds give perceptually different pictures.
pub fn picture(width: u32, height: u32, seed: u32) -> RgbImage {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let discs: Vec<(f64, f64, f64, [u8; 3])> = (0..6)
        .map(|_| {
            let x = f64::from(next() % 1000) / 1000.0;
            let y = f64::from(next() % 1000) / 1000.0;
            let r = 0.08 + f64::from(next() % 200) / 1000.0;
            let c = next().to_le_bytes();
            (x, y, r, [c[0], c[1], c[2]])
        })
        .collect();
    let angle = f64::from(next() % 360).to_radians();
    let (ca, sa) = (angle.cos(), angle.sin());
    let bands = 1.0 + f64::from(next() % 4);
    let (w, h) = (f64::from(width), f64::from(height));
    RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (f64::from(x) / w, f64::from(y) / h);
        for (cx, cy, r, colour) in &discs {
            let (dx, dy) = ((u - cx) * w / h.max(w) * 2.0, (v - cy) * h / h.max(w) * 2.0);
            if dx * dx + dy * dy < r * r {
                return Rgb(*colour);
            }
        }
        // A background whose direction and frequency depend on the seed.
        let t = ((u - 0.5) * ca + (v - 0.5) * sa) * bands * std::f64::consts::PI;
        let g = (t.sin() * 120.0 + 128.0) as u8;
        Rgb([g, g, g / 2 + 64])
    })
}

/// A JPEG of `image` at the given quality, with no metadata.
pub fn encode_jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            ExtendedColorType::Rgb8,
        )
        .expect("encode JPEG");
    out
}

/// A JPEG of [`picture`].
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encode_jpeg(&picture(width, height, 1), 90)
}

/// A PNG of [`picture`]; with `alpha`, RGBA with a transparent left half.
pub fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = PngEncoder::new(&mut out);
    let rgb = picture(width, height, 2);
    if alpha {
        let rgba = RgbaImage::from_fn(width, height, |x, y| {
            let p = rgb.get_pixel(x, y);
            Rgba([p[0], p[1], p[2], if x < width / 2 { 0 } else { 255 }])
        });
        encoder
            .write_image(rgba.as_raw(), width, height, ExtendedColorType::Rgba8)
            .expect("encode PNG");
    } else {
        encoder
            .write_image(rgb.as_raw(), width, height, ExtendedColorType::Rgb8)
            .expect("encode PNG");
    }
    out
}

/// A lossless WebP of [`picture`].
pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let rgb = picture(width, height, 3);
    WebPEncoder::new_lossless(&mut out)
        .write_image(rgb.as_raw(), width, height, ExtendedColorType::Rgb8)
        .expect("encode WebP");
    out
}

/// The EXIF tags to write.
#[derive(Debug, Clone, Default)]
pub struct ExifSpec {
    /// `DateTimeOriginal` (camera wall clock).
    pub taken_at: Option<NaiveDateTime>,
    /// `OffsetTimeOriginal`, e.g. `"+01:00"`.
    pub offset: Option<String>,
    /// GPS latitude and longitude in degrees.
    pub gps: Option<(f64, f64)>,
    /// `GPSDateStamp` + `GPSTimeStamp`.
    pub gps_time: Option<DateTime<Utc>>,
    /// `GPSHPositioningError` in metres.
    pub accuracy_m: Option<f64>,
    /// `Orientation`, 1–8.
    pub orientation: Option<u16>,
}

/// Inserts an EXIF APP1 segment right after the SOI marker of `jpeg`.
pub fn with_exif(jpeg: &[u8], spec: &ExifSpec) -> Vec<u8> {
    let tiff = tiff(spec);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    with_segment(jpeg, 0xE1, &app1)
}

/// Inserts a segment with the given marker and payload right after the SOI marker.
pub fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len() + 2).expect("segment fits 64 KiB");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A JPEG whose frame header declares `width`×`height` (up to 65 535 each) over the scan data
/// of a small image: a decompression bomb as far as the header goes.
pub fn jpeg_bomb(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = jpeg(64, 64);
    let sof = (2..bytes.len() - 1)
        .find(|&i| bytes[i] == 0xFF && matches!(bytes[i + 1], 0xC0 | 0xC2))
        .expect("SOF marker");
    // FF Cx, length (2), precision (1), height (2), width (2)
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

/// A PNG whose IHDR declares `width`×`height` over the data of a small image (CRC fixed).
pub fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(16, 16, false);
    // Signature (8), length (4), "IHDR" (4), then width, height.
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in data {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

// TIFF field types.
const BYTE: u16 = 1;
const ASCII: u16 = 2;
const SHORT: u16 = 3;
const LONG: u16 = 4;
const RATIONAL: u16 = 5;

struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    data: Vec<u8>,
}

fn ascii(tag: u16, text: &str) -> Entry {
    let mut data = text.as_bytes().to_vec();
    data.push(0);
    Entry {
        tag,
        kind: ASCII,
        count: u32::try_from(data.len()).expect("short text"),
        data,
    }
}

fn rationals(tag: u16, values: &[(u32, u32)]) -> Entry {
    let mut data = Vec::new();
    for (n, d) in values {
        data.extend_from_slice(&n.to_le_bytes());
        data.extend_from_slice(&d.to_le_bytes());
    }
    Entry {
        tag,
        kind: RATIONAL,
        count: u32::try_from(values.len()).expect("few values"),
        data,
    }
}

fn long(tag: u16, value: u32) -> Entry {
    Entry {
        tag,
        kind: LONG,
        count: 1,
        data: value.to_le_bytes().to_vec(),
    }
}

/// Degrees as degrees, minutes and hundredths of seconds.
fn dms(degrees: f64) -> [(u32, u32); 3] {
    let d = degrees.abs();
    let whole = d.trunc();
    let minutes = ((d - whole) * 60.0).trunc();
    let seconds = ((d - whole) * 60.0 - minutes) * 60.0;
    [
        (whole as u32, 1),
        (minutes as u32, 1),
        ((seconds * 10_000.0).round() as u32, 10_000),
    ]
}

fn ifd_len(entries: &[Entry]) -> usize {
    let external: usize = entries
        .iter()
        .filter(|e| e.data.len() > 4)
        .map(|e| e.data.len() + e.data.len() % 2)
        .sum();
    2 + 12 * entries.len() + 4 + external
}

/// Writes one IFD at the end of `out` (offsets are relative to the start of `out`, the TIFF
/// header), its out-of-line values right after it.
fn write_ifd(out: &mut Vec<u8>, entries: &mut [Entry]) {
    entries.sort_by_key(|e| e.tag);
    let start = out.len();
    let mut data_at = start + 2 + 12 * entries.len() + 4;
    let mut external = Vec::new();
    out.extend_from_slice(&u16::try_from(entries.len()).expect("few").to_le_bytes());
    for e in entries.iter() {
        out.extend_from_slice(&e.tag.to_le_bytes());
        out.extend_from_slice(&e.kind.to_le_bytes());
        out.extend_from_slice(&e.count.to_le_bytes());
        if e.data.len() <= 4 {
            let mut inline = e.data.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            out.extend_from_slice(&u32::try_from(data_at).expect("small").to_le_bytes());
            external.extend_from_slice(&e.data);
            if e.data.len() % 2 == 1 {
                external.push(0);
            }
            data_at += e.data.len() + e.data.len() % 2;
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&external);
}

/// A little-endian TIFF structure with IFD0, an Exif IFD and a GPS IFD as `spec` asks.
pub fn tiff(spec: &ExifSpec) -> Vec<u8> {
    let mut exif = Vec::new();
    if let Some(t) = spec.taken_at {
        exif.push(ascii(0x9003, &t.format("%Y:%m:%d %H:%M:%S").to_string()));
    }
    if let Some(offset) = &spec.offset {
        exif.push(ascii(0x9011, offset));
    }
    let mut gps = Vec::new();
    if let Some((lat, lon)) = spec.gps {
        gps.push(Entry {
            tag: 0x0000,
            kind: BYTE,
            count: 4,
            data: vec![2, 3, 0, 0],
        });
        gps.push(ascii(0x0001, if lat >= 0.0 { "N" } else { "S" }));
        gps.push(rationals(0x0002, &dms(lat)));
        gps.push(ascii(0x0003, if lon >= 0.0 { "E" } else { "W" }));
        gps.push(rationals(0x0004, &dms(lon)));
    }
    if let Some(t) = spec.gps_time {
        gps.push(rationals(
            0x0007,
            &[(t.hour(), 1), (t.minute(), 1), (t.second(), 1)],
        ));
        gps.push(ascii(
            0x001D,
            &format!("{:04}:{:02}:{:02}", t.year(), t.month(), t.day()),
        ));
    }
    if let Some(a) = spec.accuracy_m {
        gps.push(rationals(0x001F, &[((a * 100.0).round() as u32, 100)]));
    }
    let mut ifd0 = Vec::new();
    if let Some(o) = spec.orientation {
        ifd0.push(Entry {
            tag: 0x0112,
            kind: SHORT,
            count: 1,
            data: o.to_le_bytes().to_vec(),
        });
    }
    // Pointer values do not change the IFD's length, so offsets can be computed up front.
    let pointers = usize::from(!exif.is_empty()) + usize::from(!gps.is_empty());
    let ifd0_len = ifd_len(&ifd0) + 12 * pointers;
    let exif_at = 8 + ifd0_len;
    let gps_at = exif_at + if exif.is_empty() { 0 } else { ifd_len(&exif) };
    if !exif.is_empty() {
        ifd0.push(long(0x8769, u32::try_from(exif_at).expect("small")));
    }
    if !gps.is_empty() {
        ifd0.push(long(0x8825, u32::try_from(gps_at).expect("small")));
    }
    let mut out = b"II\x2A\x00\x08\x00\x00\x00".to_vec();
    write_ifd(&mut out, &mut ifd0);
    if !exif.is_empty() {
        write_ifd(&mut out, &mut exif);
    }
    if !gps.is_empty() {
        write_ifd(&mut out, &mut gps);
    }
    out
}
