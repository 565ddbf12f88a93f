//! Pages as lists of drawing operations, and a cursor that flows text and tables down them,
//! starting a new page when one is full. Coordinates are points from the top-left corner.

use super::fonts::Fonts;

/// A4 width in points.
pub const PAGE_W: f32 = 595.28;
/// A4 height in points.
pub const PAGE_H: f32 = 841.89;
/// Margin on every side.
pub const MARGIN: f32 = 50.0;
/// Width between the margins.
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// Lowest baseline of content (room for the footer below).
pub const BOTTOM: f32 = PAGE_H - MARGIN - 10.0;

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Colours of the report.
pub mod colour {
    use super::Rgb;
    /// Body text.
    pub const TEXT: Rgb = Rgb(33, 37, 41);
    /// Secondary text.
    pub const MUTED: Rgb = Rgb(108, 117, 125);
    /// Headings and accents.
    pub const ACCENT: Rgb = Rgb(22, 60, 110);
    /// Light fills.
    pub const LIGHT: Rgb = Rgb(233, 238, 245);
    /// Rules and grid lines.
    pub const RULE: Rgb = Rgb(206, 212, 218);
    /// At or above target, positive emotion.
    pub const GOOD: Rgb = Rgb(46, 139, 87);
    /// Near target, neutral emotion.
    pub const FAIR: Rgb = Rgb(230, 160, 30);
    /// Below target, negative emotion.
    pub const BAD: Rgb = Rgb(200, 55, 55);
    /// White.
    pub const WHITE: Rgb = Rgb(255, 255, 255);
}

/// One drawing operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text with its baseline's left end at (`x`, `y`).
    Text {
        /// Left.
        x: f32,
        /// Baseline.
        y: f32,
        /// Size in points.
        size: f32,
        /// Bold face.
        bold: bool,
        /// Colour.
        colour: Rgb,
        /// The text (one line).
        text: String,
    },
    /// A filled rectangle.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill.
        colour: Rgb,
    },
    /// A stroked polyline.
    Line {
        /// Points in order.
        points: Vec<(f32, f32)>,
        /// Stroke width.
        width: f32,
        /// Colour.
        colour: Rgb,
        /// Dashed.
        dashed: bool,
    },
    /// Image `index` of the document's images, scaled into the box.
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Which image.
        index: usize,
    },
    /// A filled circle.
    Dot {
        /// Centre x.
        x: f32,
        /// Centre y.
        y: f32,
        /// Radius.
        r: f32,
        /// Fill.
        colour: Rgb,
    },
}

/// Horizontal alignment in a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left.
    Left,
    /// Right.
    Right,
}

/// A table column.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// Heading.
    pub title: &'static str,
    /// Width in points.
    pub width: f32,
    /// Alignment.
    pub align: Align,
}

impl Col {
    /// A column: heading, width in points, alignment.
    pub const fn new(title: &'static str, width: f32, align: Align) -> Col {
        Col {
            title,
            width,
            align,
        }
    }
}

/// A table cell: text, or a bar of `fraction` (0–1) of the column in a colour.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A horizontal bar.
    Bar(f32, Rgb),
}

/// A table row.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// Cells, one per column.
    pub cells: Vec<Cell>,
    /// Bold text (group rows such as a stage).
    pub bold: bool,
    /// Indent of the first cell, in points.
    pub indent: f32,
}

/// A document being laid out.
pub struct Doc<'f> {
    /// Fonts, for measuring.
    pub fonts: &'f Fonts,
    /// Pages so far.
    pub pages: Vec<Vec<Op>>,
    /// Cursor: top of the next block on the current page.
    pub y: f32,
}

impl<'f> Doc<'f> {
    /// An empty document with one page.
    pub fn new(fonts: &'f Fonts) -> Self {
        Doc {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` more points fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.new_page();
        }
    }

    /// Adds an operation to the current page.
    pub fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Text at a position, as it is.
    pub fn text_at(&mut self, x: f32, y: f32, size: f32, bold: bool, colour: Rgb, text: &str) {
        self.push(Op::Text {
            x,
            y,
            size,
            bold,
            colour,
            text: text.to_owned(),
        });
    }

    /// Text right-aligned to `right`.
    pub fn text_right(
        &mut self,
        right: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Rgb,
        text: &str,
    ) {
        let w = self.fonts.width(text, size, bold);
        self.text_at(right - w, y, size, bold, colour, text);
    }

    /// Vertical space.
    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    /// A section heading with a rule under it; kept with at least `keep` points of what
    /// follows.
    pub fn heading(&mut self, text: &str, keep: f32) {
        self.ensure(40.0 + keep);
        self.y += 18.0;
        self.text_at(MARGIN, self.y, 16.0, true, colour::ACCENT, text);
        self.y += 7.0;
        self.push(Op::Line {
            points: vec![(MARGIN, self.y), (MARGIN + CONTENT_W, self.y)],
            width: 0.8,
            colour: colour::ACCENT,
            dashed: false,
        });
        self.y += 14.0;
    }

    /// A wrapped paragraph.
    pub fn paragraph(&mut self, text: &str, size: f32, colour: Rgb) {
        let leading = size * 1.45;
        for line in self.fonts.wrap(text, size, false, CONTENT_W) {
            self.ensure(leading);
            self.y += leading;
            self.text_at(MARGIN, self.y - leading * 0.3, size, false, colour, &line);
        }
        self.y += size * 0.6;
    }

    /// A table with a header row, repeated on every page it runs onto.
    pub fn table(&mut self, cols: &[Col], rows: &[TableRow]) {
        const SIZE: f32 = 8.5;
        const ROW_H: f32 = 15.0;
        let header = |doc: &mut Doc<'_>| {
            doc.push(Op::Rect {
                x: MARGIN,
                y: doc.y,
                w: CONTENT_W,
                h: ROW_H,
                colour: colour::ACCENT,
            });
            doc.row(cols, doc.y, ROW_H, SIZE, true, 0.0, colour::WHITE, |c| {
                Cell::Text(c.title.to_owned())
            });
            doc.y += ROW_H;
        };
        self.ensure(ROW_H * 3.0);
        header(self);
        for (i, row) in rows.iter().enumerate() {
            if self.y + ROW_H > BOTTOM {
                self.new_page();
                header(self);
            }
            if i % 2 == 1 {
                self.push(Op::Rect {
                    x: MARGIN,
                    y: self.y,
                    w: CONTENT_W,
                    h: ROW_H,
                    colour: colour::LIGHT,
                });
            }
            let mut cells = row.cells.iter();
            self.row(
                cols,
                self.y,
                ROW_H,
                SIZE,
                row.bold,
                row.indent,
                colour::TEXT,
                |_| cells.next().cloned().unwrap_or(Cell::Text(String::new())),
            );
            self.y += ROW_H;
        }
        self.y += 10.0;
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        cols: &[Col],
        top: f32,
        height: f32,
        size: f32,
        bold: bool,
        indent: f32,
        colour: Rgb,
        mut cell: impl FnMut(&Col) -> Cell,
    ) {
        const PAD: f32 = 4.0;
        let baseline = top + height * 0.5 + size * 0.36;
        let mut x = MARGIN;
        for (i, col) in cols.iter().enumerate() {
            let inner = col.width - 2.0 * PAD - if i == 0 { indent } else { 0.0 };
            match cell(col) {
                Cell::Text(text) => {
                    let text = self.fonts.fit(&text, size, bold, inner);
                    match col.align {
                        Align::Left => {
                            let left = x + PAD + if i == 0 { indent } else { 0.0 };
                            self.text_at(left, baseline, size, bold, colour, &text);
                        }
                        Align::Right => self.text_right(
                            x + col.width - PAD,
                            baseline,
                            size,
                            bold,
                            colour,
                            &text,
                        ),
                    }
                }
                Cell::Bar(fraction, fill) => {
                    let w = inner * fraction.clamp(0.0, 1.0);
                    if w > 0.0 {
                        self.push(Op::Rect {
                            x: x + PAD,
                            y: top + height * 0.25,
                            w,
                            h: height * 0.5,
                            colour: fill,
                        });
                    }
                }
            }
            x += col.width;
        }
    }

    /// Writes "title · page n of N" at the foot of every page but the first (the cover).
    pub fn footers(&mut self, title: &str) {
        let total = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate().skip(1) {
            let text = format!("{title} \u{b7} page {} of {total}", i + 1);
            let size = 7.5;
            let w = self.fonts.width(&text, size, false);
            page.push(Op::Text {
                x: PAGE_W - MARGIN - w,
                y: PAGE_H - MARGIN + 18.0,
                size,
                bold: false,
                colour: colour::MUTED,
                text,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fonts::tests::fonts;

    #[test]
    fn a_long_table_runs_onto_new_pages_with_its_header() {
        let fonts = fonts();
        let mut doc = Doc::new(&fonts);
        let cols = [
            Col {
                title: "Location",
                width: 300.0,
                align: Align::Left,
            },
            Col {
                title: "Score",
                width: CONTENT_W - 300.0,
                align: Align::Right,
            },
        ];
        let rows: Vec<_> = (0..120)
            .map(|i| TableRow {
                cells: vec![Cell::Text(format!("Shop {i}")), Cell::Text("80.0 %".into())],
                bold: false,
                indent: 0.0,
            })
            .collect();
        doc.table(&cols, &rows);
        assert!(doc.pages.len() >= 3);
        for page in &doc.pages {
            let headers = page
                .iter()
                .filter(|op| matches!(op, Op::Text { text, .. } if text == "Location"))
                .count();
            assert_eq!(headers, 1);
            for op in page {
                if let Op::Text { y, .. } = op {
                    assert!(*y <= BOTTOM + 1.0, "text below the bottom margin");
                }
            }
        }
        doc.footers("Report");
        assert!(doc.pages[1].iter().any(
            |op| matches!(op, Op::Text { text, .. } if text.ends_with(&format!("page 2 of {}", doc.pages.len())))
        ));
    }
}
