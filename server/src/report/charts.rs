//! Vector charts: the journey map with its emotion curve, the trend, and headline figures.

use super::layout::{CONTENT_W, Doc, MARGIN, Op, Rgb, colour};

/// One touchpoint on the journey map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// Number shown under the point (1-based, journey order).
    pub number: usize,
    /// Mean emotion, −2..+2.
    pub emotion: Option<f64>,
    /// Mean score, percent.
    pub score: Option<f64>,
}

/// A stage of the journey map with its touchpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct MapStage {
    /// Stage name.
    pub name: String,
    /// Its touchpoints in order.
    pub points: Vec<MapPoint>,
}

/// Colour of a score against the target.
pub fn score_colour(score: f64, target: f64) -> Rgb {
    if score >= target {
        colour::GOOD
    } else if score >= target - 10.0 {
        colour::FAIR
    } else {
        colour::BAD
    }
}

/// Colour of a mean emotion.
pub fn emotion_colour(emotion: f64) -> Rgb {
    if emotion >= 0.5 {
        colour::GOOD
    } else if emotion > -0.5 {
        colour::FAIR
    } else {
        colour::BAD
    }
}

fn line(doc: &mut Doc<'_>, points: Vec<(f32, f32)>, width: f32, colour: Rgb, dashed: bool) {
    doc.push(Op::Line {
        points,
        width,
        colour,
        dashed,
    });
}

/// Chart values are percentages and emotions: far inside `f32`'s range.
fn to_f32(v: f64) -> f32 {
    v as f32
}

/// The journey map: stages across the top, touchpoints as columns, the mean emotion of each
/// touchpoint as a curve, and its mean score as a bar below.
pub fn journey_map(doc: &mut Doc<'_>, stages: &[MapStage], target: f64) {
    const HEIGHT: f32 = 250.0;
    const GUTTER: f32 = 44.0;
    let count: usize = stages.iter().map(|s| s.points.len()).sum();
    if count == 0 {
        doc.paragraph("The journey has no touchpoints yet.", 9.0, colour::MUTED);
        return;
    }
    doc.ensure(HEIGHT);
    let top = doc.y;
    let left = MARGIN + GUTTER;
    let col_w = (CONTENT_W - GUTTER) / count as f32;
    let band = (top, 22.0);
    let plot = (top + 34.0, 120.0);
    let numbers_y = plot.0 + plot.1 + 14.0;
    let bars = (numbers_y + 8.0, 50.0);

    // Stage band.
    let mut x = left;
    for (i, stage) in stages.iter().enumerate() {
        let w = col_w * stage.points.len() as f32;
        if w <= 0.0 {
            continue;
        }
        let fill = if i % 2 == 0 {
            colour::ACCENT
        } else {
            Rgb(52, 96, 150)
        };
        doc.push(Op::Rect {
            x,
            y: band.0,
            w: w - 1.0,
            h: band.1,
            colour: fill,
        });
        let name = doc.fonts.fit(&stage.name, 8.0, true, w - 6.0);
        let tw = doc.fonts.width(&name, 8.0, true);
        doc.text_at(
            x + (w - tw) / 2.0,
            band.0 + 14.5,
            8.0,
            true,
            colour::WHITE,
            &name,
        );
        x += w;
    }

    // Emotion grid, −2..+2.
    let y_of = |e: f64| plot.0 + plot.1 * (1.0 - (to_f32(e.clamp(-2.0, 2.0)) + 2.0) / 4.0);
    for level in [-2.0, -1.0, 0.0, 1.0, 2.0] {
        let y = y_of(level);
        line(
            doc,
            vec![(left, y), (MARGIN + CONTENT_W, y)],
            if level == 0.0 { 0.8 } else { 0.4 },
            colour::RULE,
            level != 0.0,
        );
        let label = if level > 0.0 {
            format!("+{level}")
        } else {
            format!("{level}")
        };
        doc.text_right(left - 6.0, y + 2.5, 7.0, false, colour::MUTED, &label);
    }
    doc.text_at(MARGIN, y_of(0.5) + 2.5, 7.0, true, colour::MUTED, "Emotion");

    let points: Vec<_> = stages.iter().flat_map(|s| &s.points).collect();
    let centre = |i: usize| left + col_w * (i as f32 + 0.5);
    let curve: Vec<(f32, f32)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.emotion.map(|e| (centre(i), y_of(e))))
        .collect();
    if curve.len() > 1 {
        line(doc, curve, 1.6, colour::ACCENT, false);
    }
    for (i, p) in points.iter().enumerate() {
        let x = centre(i);
        if let Some(e) = p.emotion {
            doc.push(Op::Dot {
                x,
                y: y_of(e),
                r: 3.6,
                colour: emotion_colour(e),
            });
        }
        let label = p.number.to_string();
        let w = doc.fonts.width(&label, 7.0, true);
        doc.text_at(x - w / 2.0, numbers_y, 7.0, true, colour::TEXT, &label);
    }

    // Score bars, 0–100 %, with the target as a dashed line and the figures under the bars.
    let base = bars.0 + bars.1;
    doc.text_at(MARGIN, base, 7.0, true, colour::MUTED, "Score");
    let bar_y = |pct: f64| bars.0 + bars.1 * (1.0 - to_f32(pct.clamp(0.0, 100.0)) / 100.0);
    line(
        doc,
        vec![(left, base), (MARGIN + CONTENT_W, base)],
        0.6,
        colour::RULE,
        false,
    );
    for (i, p) in points.iter().enumerate() {
        let Some(score) = p.score else { continue };
        let w = (col_w * 0.6).min(24.0);
        let y = bar_y(score);
        doc.push(Op::Rect {
            x: centre(i) - w / 2.0,
            y,
            w,
            h: base - y,
            colour: score_colour(score, target),
        });
        if col_w >= 18.0 {
            let label = format!("{score:.0}");
            let tw = doc.fonts.width(&label, 6.5, false);
            doc.text_at(
                centre(i) - tw / 2.0,
                base + 9.0,
                6.5,
                false,
                colour::TEXT,
                &label,
            );
        }
    }
    let ty = bar_y(target);
    line(
        doc,
        vec![(left, ty), (MARGIN + CONTENT_W, ty)],
        0.7,
        colour::TEXT,
        true,
    );
    doc.text_right(left - 6.0, ty + 2.5, 6.5, false, colour::MUTED, "target");
    doc.y = base + 24.0;
}

/// A line chart of mean scores over time (0–100 %), with the target dashed.
pub fn trend(doc: &mut Doc<'_>, points: &[(String, Option<f64>)], target: f64) {
    const HEIGHT: f32 = 150.0;
    const GUTTER: f32 = 30.0;
    if points.iter().all(|(_, m)| m.is_none()) {
        return;
    }
    doc.ensure(HEIGHT + 20.0);
    let top = doc.y + 6.0;
    let plot_h = HEIGHT - 30.0;
    let left = MARGIN + GUTTER;
    let width = CONTENT_W - GUTTER;
    let y_of = |pct: f64| top + plot_h * (1.0 - to_f32(pct.clamp(0.0, 100.0)) / 100.0);
    for level in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = y_of(level);
        line(
            doc,
            vec![(left, y), (left + width, y)],
            0.4,
            colour::RULE,
            false,
        );
        doc.text_right(
            left - 6.0,
            y + 2.5,
            7.0,
            false,
            colour::MUTED,
            &format!("{level}"),
        );
    }
    let ty = y_of(target);
    line(
        doc,
        vec![(left, ty), (left + width, ty)],
        0.7,
        colour::TEXT,
        true,
    );
    let step = width / points.len().max(1) as f32;
    let x_of = |i: usize| left + step * (i as f32 + 0.5);
    let curve: Vec<_> = points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, m))| m.map(|m| (x_of(i), y_of(m))))
        .collect();
    if curve.len() > 1 {
        line(doc, curve.clone(), 1.6, colour::ACCENT, false);
    }
    for ((x, y), m) in curve.iter().zip(points.iter().filter_map(|(_, m)| *m)) {
        doc.push(Op::Dot {
            x: *x,
            y: *y,
            r: 2.8,
            colour: score_colour(m, target),
        });
    }
    let every = points.len().div_ceil(8).max(1);
    for (i, (label, _)) in points.iter().enumerate() {
        if i % every == 0 || i + 1 == points.len() {
            let w = doc.fonts.width(label, 6.5, false);
            doc.text_at(
                x_of(i) - w / 2.0,
                top + plot_h + 12.0,
                6.5,
                false,
                colour::MUTED,
                label,
            );
        }
    }
    doc.y = top + HEIGHT;
}

/// A row of headline figures in boxes: (caption, figure, note).
pub fn figures(doc: &mut Doc<'_>, boxes: &[(&str, String, String)]) {
    const HEIGHT: f32 = 70.0;
    const GAP: f32 = 10.0;
    doc.ensure(HEIGHT + 10.0);
    let n = boxes.len().max(1) as f32;
    let w = (CONTENT_W - GAP * (n - 1.0)) / n;
    let top = doc.y;
    for (i, (caption, figure, note)) in boxes.iter().enumerate() {
        let x = MARGIN + (w + GAP) * i as f32;
        doc.push(Op::Rect {
            x,
            y: top,
            w,
            h: HEIGHT,
            colour: colour::LIGHT,
        });
        doc.push(Op::Rect {
            x,
            y: top,
            w: 3.0,
            h: HEIGHT,
            colour: colour::ACCENT,
        });
        let caption = doc.fonts.fit(caption, 8.0, true, w - 16.0);
        doc.text_at(x + 10.0, top + 16.0, 8.0, true, colour::MUTED, &caption);
        let figure = doc.fonts.fit(figure, 20.0, true, w - 16.0);
        doc.text_at(x + 10.0, top + 43.0, 20.0, true, colour::ACCENT, &figure);
        let note = doc.fonts.fit(note, 7.5, false, w - 16.0);
        doc.text_at(x + 10.0, top + 60.0, 7.5, false, colour::TEXT, &note);
    }
    doc.y = top + HEIGHT + 14.0;
}
