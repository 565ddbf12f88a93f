//! Magic-byte sniffing: what the bytes are, whatever the client says they are.

use image::ImageFormat;

/// An image type the pipeline accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// JPEG (JFIF or EXIF).
    Jpeg,
    /// PNG.
    Png,
    /// WebP (lossy or lossless).
    Webp,
}

impl ImageKind {
    /// The media type stored and served for the original.
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    /// Parses a media type written by [`ImageKind::mime`].
    pub fn from_mime(mime: &str) -> Option<ImageKind> {
        [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp]
            .into_iter()
            .find(|k| k.mime() == mime)
    }

    /// The `image` crate's format for the decoder.
    pub fn format(self) -> ImageFormat {
        match self {
            ImageKind::Jpeg => ImageFormat::Jpeg,
            ImageKind::Png => ImageFormat::Png,
            ImageKind::Webp => ImageFormat::WebP,
        }
    }
}

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// An accepted image type.
    Image(ImageKind),
    /// A recognised type the pipeline does not accept, by name (e.g. "HEIC").
    Other(&'static str),
    /// Nothing recognised.
    Unknown,
}

/// Identifies the content by its leading magic bytes only.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Image(ImageKind::Jpeg);
    }
    if bytes.starts_with(PNG) {
        return Sniffed::Image(ImageKind::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Sniffed::Image(ImageKind::Webp);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        return match brand {
            b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"hevc" => {
                Sniffed::Other("HEIC")
            }
            b"avif" | b"avis" => Sniffed::Other("AVIF"),
            _ => Sniffed::Other("video"),
        };
    }
    let other = [
        (&b"GIF87a"[..], "GIF"),
        (b"GIF89a", "GIF"),
        (b"BM", "BMP"),
        (b"II*\0", "TIFF"),
        (b"MM\0*", "TIFF"),
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP"),
    ];
    other
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map_or(Sniffed::Unknown, |(_, name)| Sniffed::Other(name))
}
