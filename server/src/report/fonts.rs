//! The report's fonts, loaded from disk, and text measurement for layout.

use crate::error::{Error, Result};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use std::path::Path;
use std::sync::Arc;

/// Regular and bold DejaVu Sans.
#[derive(Clone)]
pub struct Fonts {
    /// Regular face.
    pub regular: Arc<Vec<u8>>,
    /// Bold face.
    pub bold: Arc<Vec<u8>>,
}

/// File names looked for in the font directory.
pub const REGULAR: &str = "DejaVuSans.ttf";
/// File name of the bold face.
pub const BOLD: &str = "DejaVuSans-Bold.ttf";

impl Fonts {
    /// Reads both faces from `dir`; a missing or unreadable font says what to install.
    pub fn load(dir: &Path) -> Result<Fonts> {
        let read = |name: &str| -> Result<Arc<Vec<u8>>> {
            let path = dir.join(name);
            let bytes = std::fs::read(&path).map_err(|e| {
                Error::NotInstalled(format!(
                    "client reports need the font {} ({e}); install Debian's `fonts-dejavu-core` \
                     or set TOUCHSTONE_REPORT_FONT_DIR to a directory holding {REGULAR} and {BOLD}",
                    path.display()
                ))
            })?;
            FontRef::new(&bytes).map_err(|e| {
                Error::NotInstalled(format!("{} is not a usable font: {e}", path.display()))
            })?;
            Ok(Arc::new(bytes))
        };
        Ok(Fonts {
            regular: read(REGULAR)?,
            bold: read(BOLD)?,
        })
    }

    fn face(&self, bold: bool) -> &[u8] {
        if bold { &self.bold } else { &self.regular }
    }

    /// Width of `text` at `size` points (advance widths, no kerning: a hair wider than set).
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let Ok(font) = FontRef::new(self.face(bold)) else {
            return 0.0;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.6)
            })
            .sum()
    }

    /// `text` cut to fit `width`, with an ellipsis when cut.
    pub fn fit(&self, text: &str, size: f32, bold: bool, width: f32) -> String {
        if self.width(text, size, bold) <= width {
            return text.to_owned();
        }
        let mut out = String::new();
        for c in text.chars() {
            out.push(c);
            if self.width(&format!("{out}\u{2026}"), size, bold) > width {
                out.pop();
                break;
            }
        }
        format!("{}\u{2026}", out.trim_end())
    }

    /// `text` broken into lines no wider than `width`, at spaces where possible.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, bold) <= width || line.is_empty() {
                    line = candidate;
                } else {
                    lines.push(std::mem::take(&mut line));
                    line = word.to_owned();
                }
                // A single word wider than the line is cut rather than overflowing.
                if self.width(&line, size, bold) > width {
                    line = self.fit(&line, size, bold, width);
                }
            }
            lines.push(line);
        }
        lines
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The fonts of a Debian machine with `fonts-dejavu-core`.
    pub(crate) fn fonts() -> Fonts {
        Fonts::load(Path::new("/usr/share/fonts/truetype/dejavu"))
            .expect("fonts-dejavu-core is installed")
    }

    #[test]
    fn text_is_measured_wrapped_and_fitted() {
        let f = fonts();
        let w = f.width("Touchstone", 10.0, false);
        assert!(w > 40.0 && w < 70.0, "{w}");
        assert!(f.width("Touchstone", 10.0, true) > w);
        let lines = f.wrap(
            "the quick brown fox jumps over the lazy dog",
            10.0,
            false,
            80.0,
        );
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| f.width(l, 10.0, false) <= 80.0));
        let cut = f.fit("A very long location name indeed", 10.0, false, 60.0);
        assert!(cut.ends_with('\u{2026}') && f.width(&cut, 10.0, false) <= 60.0);
    }

    #[test]
    fn a_missing_font_says_what_to_install() {
        let Err(Error::NotInstalled(message)) = Fonts::load(Path::new("/nonexistent")) else {
            panic!("expected NotInstalled");
        };
        assert!(message.contains("fonts-dejavu-core"), "{message}");
    }
}
