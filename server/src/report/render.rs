//! Pages of drawing operations into a PDF, with krilla: fonts are embedded as subsets with
//! their Unicode mapping, so the text can be searched and copied.

use super::fonts::Fonts;
use super::layout::{Op, PAGE_H, PAGE_W, Rgb};
use crate::error::{Error, Result};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// Document properties.
#[derive(Debug, Clone)]
pub struct Properties {
    /// Title.
    pub title: String,
    /// Author (the organisation).
    pub author: String,
}

fn paint(c: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(c.0, c.1, c.2).into()
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: paint(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// Renders the pages to PDF bytes.
pub fn pdf(fonts: &Fonts, pages: &[Vec<Op>], properties: &Properties) -> Result<Vec<u8>> {
    let font = |bytes: &std::sync::Arc<Vec<u8>>| {
        Font::new(bytes.as_ref().clone().into(), 0)
            .ok_or_else(|| Error::internal("the report font cannot be used"))
    };
    let regular = font(&fonts.regular)?;
    let bold = font(&fonts.bold)?;
    let settings =
        PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| Error::internal("page size"))?;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(properties.title.clone())
            .authors(vec![properties.author.clone()])
            .creator("Touchstone".into())
            .language("en".into()),
    );
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, op, &regular, &bold);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| Error::internal(format!("PDF: {e:?}")))
}

fn draw(surface: &mut Surface<'_>, op: &Op, regular: &Font, bold: &Font) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold: is_bold,
            colour,
            text,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*colour)));
            let font = if *is_bold { bold } else { regular };
            surface.draw_text(
                Point::from_xy(*x, *y),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::LeftToRight,
            );
        }
        Op::Rect { x, y, w, h, colour } => {
            let Some(rect) = krilla::geom::Rect::from_xywh(*x, *y, *w, *h) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*colour)));
                surface.draw_path(&path);
            }
        }
        Op::Line {
            points,
            width,
            colour,
            dashed,
        } => {
            let mut pb = PathBuilder::new();
            let mut iter = points.iter();
            let Some((x0, y0)) = iter.next() else { return };
            pb.move_to(*x0, *y0);
            for (x, y) in iter {
                pb.line_to(*x, *y);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: paint(*colour),
                    width: *width,
                    dash: dashed.then(|| StrokeDash {
                        array: vec![3.0, 2.0],
                        offset: 0.0,
                    }),
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Dot { x, y, r, colour } => {
            // A circle as four cubic arcs (k ≈ 0.5523 places the control points).
            let k = 0.552_284_8 * r;
            let mut pb = PathBuilder::new();
            pb.move_to(x + r, *y);
            pb.cubic_to(x + r, y + k, x + k, y + r, *x, y + r);
            pb.cubic_to(x - k, y + r, x - r, y + k, x - r, *y);
            pb.cubic_to(x - r, y - k, x - k, y - r, *x, y - r);
            pb.cubic_to(x + k, y - r, x + r, y - k, x + r, *y);
            pb.close();
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*colour)));
                surface.draw_path(&path);
            }
        }
    }
}
