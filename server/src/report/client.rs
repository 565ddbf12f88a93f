//! The client report: cover, executive summary, scorecard by stage and touchpoint, journey
//! map with the emotion curve, location ranking, worst items and methodology.

use super::charts::{self, MapPoint, MapStage, score_colour};
use super::fonts::Fonts;
use super::layout::{Align, CONTENT_W, Cell, Col, Doc, MARGIN, Op, PAGE_W, TableRow, colour};
use super::render::{self, Properties};
use crate::error::Result;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use krilla::image::Image;
use std::collections::HashMap;
use touchstone_shared::scorecard::{Scorecard, Stats};

/// What a client report shows.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The organisation preparing it.
    pub organisation: String,
    /// The client's name.
    pub client: String,
    /// The scorecard of the period, with the previous period's means.
    pub card: Scorecard,
    /// When it was made.
    pub generated_at: DateTime<Utc>,
    /// The organisation's zone: the period's days and every time are shown in it.
    pub time_zone: Tz,
    /// Photo evidence, in the order shown.
    pub photos: Vec<ReportPhoto>,
}

/// A photo of the report: a JPEG and its captions.
#[derive(Debug, Clone)]
pub struct ReportPhoto {
    /// The JPEG (the stored display rendition).
    pub jpeg: Vec<u8>,
    /// What it shows.
    pub caption: String,
    /// Answer, comment, location, date.
    pub detail: String,
}

/// A photo as laid out: its size in pixels and its captions; the n-th box is image n.
#[derive(Debug, Clone)]
pub struct PhotoBox {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// What it shows.
    pub caption: String,
    /// Answer, comment, location, date.
    pub detail: String,
}

/// `82.4 %`, or `n/a`.
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), |v| format!("{v:.1} %"))
}

/// `+3.1 pts`, `-2.0 pts`, or `n/a`.
pub fn points(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), |v| format!("{v:+.1} pts"))
}

/// `5 Sep 2026`: the day `t` falls on in `tz` (a period picked as days starts at midnight
/// there; in UTC it would read as the day before, east of Greenwich).
pub fn day(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%-d %b %Y").to_string()
}

/// `5 Sep`, in `tz`.
fn short_day(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%-d %b").to_string()
}

/// The last day of a period that ends (exclusive) at `to`.
fn last_day(to: DateTime<Utc>) -> DateTime<Utc> {
    to - Duration::milliseconds(1)
}

/// Lays the report out and renders it; a photo that is not a readable JPEG is left out.
pub fn pdf(fonts: &Fonts, data: &ReportData) -> Result<Vec<u8>> {
    let (images, boxes) = decode_photos(&data.photos);
    let pages = layout(fonts, data, &boxes);
    render::pdf(
        fonts,
        &pages,
        &images,
        &Properties {
            title: format!("Client report: {}", data.client),
            author: data.organisation.clone(),
        },
    )
}

/// The photos that can be read, as images and the boxes that place them (image `n` is box
/// `n`).
pub fn decode_photos(photos: &[ReportPhoto]) -> (Vec<Image>, Vec<PhotoBox>) {
    let mut images = Vec::new();
    let mut boxes = Vec::new();
    for photo in photos {
        if let Some(image) = render::jpeg(photo.jpeg.clone()) {
            let (width, height) = image.size();
            boxes.push(PhotoBox {
                width,
                height,
                caption: photo.caption.clone(),
                detail: photo.detail.clone(),
            });
            images.push(image);
        }
    }
    (images, boxes)
}

/// The report's pages; `photos` are the photos that could be read, image `n` being box `n`.
pub fn layout(fonts: &Fonts, data: &ReportData, photos: &[PhotoBox]) -> Vec<Vec<Op>> {
    let mut doc = Doc::new(fonts);
    let card = &data.card;
    let tz = data.time_zone;
    let period = format!("{} to {}", day(card.from, tz), day(last_day(card.to), tz));
    cover(&mut doc, data, &period);
    doc.new_page();
    summary(&mut doc, card, &period, tz);
    scorecard(&mut doc, card);
    journey_map(&mut doc, card);
    locations(&mut doc, card);
    worst_items(&mut doc, card);
    photo_evidence(&mut doc, photos);
    methodology(&mut doc, card, tz);
    doc.footers(&format!("{} \u{b7} {period}", data.client));
    doc.pages
}

fn cover(doc: &mut Doc<'_>, data: &ReportData, period: &str) {
    doc.push(Op::Rect {
        x: 0.0,
        y: 0.0,
        w: PAGE_W,
        h: 300.0,
        colour: colour::ACCENT,
    });
    doc.text_at(MARGIN, 120.0, 11.0, true, colour::LIGHT, "CLIENT REPORT");
    let name = doc.fonts.fit(&data.client, 32.0, true, CONTENT_W);
    doc.text_at(MARGIN, 170.0, 32.0, true, colour::WHITE, &name);
    doc.text_at(MARGIN, 205.0, 14.0, false, colour::WHITE, period);
    doc.text_at(
        MARGIN,
        232.0,
        10.0,
        false,
        colour::LIGHT,
        "Mystery-shopping and touchpoint audit results",
    );
    doc.y = 360.0;
    let facts = [
        ("Prepared by", data.organisation.clone()),
        ("Audits counted", data.card.overall.n.to_string()),
        ("Target score", format!("{:.0} %", data.card.target_percent)),
        (
            "Generated",
            data.generated_at
                .with_timezone(&data.time_zone)
                .format("%-d %b %Y, %H:%M")
                .to_string(),
        ),
        ("Days and times in", data.time_zone.name().to_owned()),
    ];
    for (label, value) in facts {
        doc.text_at(MARGIN, doc.y, 9.0, true, colour::MUTED, label);
        let value = doc.fonts.fit(&value, 11.0, false, CONTENT_W - 130.0);
        doc.text_at(MARGIN + 130.0, doc.y, 11.0, false, colour::TEXT, &value);
        doc.y += 24.0;
    }
    doc.y += 20.0;
    doc.paragraph(
        "Scores are computed from approved audits only. The figures compare this period with \
         the previous period of equal length. Confidential: prepared for the client named above.",
        8.5,
        colour::MUTED,
    );
}

fn summary(doc: &mut Doc<'_>, card: &Scorecard, period: &str, tz: Tz) {
    let o = &card.overall;
    let span = card.to - card.from;
    let short = |t: DateTime<Utc>| short_day(t, tz);
    let previous = format!(
        "vs {} to {}",
        short(card.from - span),
        short(last_day(card.from))
    );
    doc.heading("Executive summary", 90.0);
    let nps = card.nps.as_ref();
    charts::figures(
        doc,
        &[
            (
                "Overall score",
                percent(o.mean),
                format!("target {:.0} %", card.target_percent),
            ),
            ("Change", points(o.change), previous),
            (
                "NPS",
                nps.map_or_else(|| "n/a".into(), |n| format!("{:+.0}", n.score)),
                nps.map_or_else(|| "no NPS answers".into(), |n| format!("{} answers", n.n)),
            ),
            (
                "Audits",
                o.n.to_string(),
                format!("{} met the target", percent(o.pass_rate)),
            ),
        ],
    );
    let mut text = Vec::new();
    if o.n == 0 {
        text.push(format!(
            "There were no approved audits from {period}, so this report has no scores yet."
        ));
    } else {
        text.push(format!(
            "Across {} approved audits from {period}, the overall score was {} against a \
             target of {:.0} %; {} of audits met the target.",
            o.n,
            percent(o.mean),
            card.target_percent,
            percent(o.pass_rate)
        ));
        text.push(match (o.change, o.previous_mean) {
            (Some(c), Some(p)) if c.abs() < 0.05 => {
                format!(
                    "That is level with the previous period ({}).",
                    percent(Some(p))
                )
            }
            (Some(c), Some(p)) => format!(
                "That is {} {:.1} points on the previous period ({}).",
                if c > 0.0 { "up" } else { "down" },
                c.abs(),
                percent(Some(p))
            ),
            _ => "There were no approved audits in the previous period to compare with.".into(),
        });
        let scored: Vec<_> = card
            .stages
            .iter()
            .filter_map(|s| s.stats.mean.map(|m| (s.name.as_str(), m)))
            .collect();
        let best = scored.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        let worst = scored.iter().min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(best), Some(worst)) = (best, worst)
            && scored.len() > 1
        {
            text.push(format!(
                "The strongest stage was {} ({}); the weakest was {} ({}).",
                best.0,
                percent(Some(best.1)),
                worst.0,
                percent(Some(worst.1))
            ));
        }
        text.push(match o.critical_failures {
            0 => "No audit had a critical failure.".into(),
            1 => "One audit had a critical failure.".into(),
            n => format!("{n} audits had a critical failure."),
        });
        if let Some(n) = nps {
            text.push(format!(
                "The Net Promoter Score was {:+.0} from {} answers ({} promoters, {} passives, \
                 {} detractors).",
                n.score, n.n, n.promoters, n.passives, n.detractors
            ));
        }
    }
    doc.paragraph(&text.join(" "), 10.0, colour::TEXT);
    let trend: Vec<_> = card
        .trend
        .iter()
        .map(|t| (short_day(t.start, tz), t.mean))
        .collect();
    if trend.iter().any(|(_, m)| m.is_some()) {
        doc.ensure(190.0);
        doc.space(6.0);
        doc.text_at(
            MARGIN,
            doc.y,
            10.0,
            true,
            colour::ACCENT,
            "Score over the period",
        );
        doc.space(6.0);
        charts::trend(doc, &trend, card.target_percent);
    }
}

fn stats_cells(stats: &Stats, target: f64) -> Vec<Cell> {
    vec![
        Cell::Text(stats.n.to_string()),
        Cell::Text(percent(stats.mean)),
        stats.mean.map_or(Cell::Text(String::new()), |m| {
            Cell::Bar((m / 100.0) as f32, score_colour(m, target))
        }),
        Cell::Text(points(stats.change)),
        Cell::Text(percent(stats.pass_rate)),
        Cell::Text(stats.critical_failures.to_string()),
    ]
}

const STATS_COLS: [Col; 6] = [
    Col::new("Audits", 40.0, Align::Right),
    Col::new("Score", 50.0, Align::Right),
    Col::new("", 70.0, Align::Left),
    Col::new("Change", 55.0, Align::Right),
    Col::new("Pass rate", 55.0, Align::Right),
    Col::new("Critical", 45.0, Align::Right),
];

fn scorecard(doc: &mut Doc<'_>, card: &Scorecard) {
    doc.heading("Scorecard by stage and touchpoint", 80.0);
    doc.paragraph(
        "Mean audit score per journey stage (bold) and per touchpoint, with the change against \
         the previous period in percentage points, the share of audits at or above target, and \
         the audits with a critical failure there.",
        8.5,
        colour::MUTED,
    );
    let used: f32 = STATS_COLS.iter().map(|c| c.width).sum();
    let mut cols = vec![Col::new(
        "Stage / touchpoint",
        CONTENT_W - used,
        Align::Left,
    )];
    cols.extend(STATS_COLS);
    let mut rows = Vec::new();
    for stage in &card.stages {
        let mut cells = vec![Cell::Text(stage.name.clone())];
        cells.extend(stats_cells(&stage.stats, card.target_percent));
        rows.push(TableRow {
            cells,
            bold: true,
            indent: 0.0,
        });
        for tp in card
            .touchpoints
            .iter()
            .filter(|t| t.stage_id == stage.stage_id)
        {
            let mut cells = vec![Cell::Text(tp.name.clone())];
            cells.extend(stats_cells(&tp.stats, card.target_percent));
            rows.push(TableRow {
                cells,
                bold: false,
                indent: 12.0,
            });
        }
    }
    let mut all = vec![Cell::Text("All audits".into())];
    all.extend(stats_cells(&card.overall, card.target_percent));
    rows.push(TableRow {
        cells: all,
        bold: true,
        indent: 0.0,
    });
    doc.table(&cols, &rows);
}

fn journey_map(doc: &mut Doc<'_>, card: &Scorecard) {
    doc.heading("Journey map", 280.0);
    doc.paragraph(
        "How each touchpoint felt to the auditors (mean emotion from -2, very negative, to +2, \
         very positive) along the journey, and its mean score against the target (dashed).",
        8.5,
        colour::MUTED,
    );
    let mut number = 0;
    let mut legend = Vec::new();
    let stages: Vec<MapStage> = card
        .stages
        .iter()
        .map(|stage| MapStage {
            name: stage.name.clone(),
            points: card
                .touchpoints
                .iter()
                .filter(|t| t.stage_id == stage.stage_id)
                .map(|t| {
                    number += 1;
                    legend.push(TableRow {
                        cells: vec![
                            Cell::Text(number.to_string()),
                            Cell::Text(stage.name.clone()),
                            Cell::Text(t.name.clone()),
                            Cell::Text(
                                t.emotion
                                    .map_or_else(|| "n/a".into(), |e| format!("{e:+.1}")),
                            ),
                            Cell::Text(percent(t.stats.mean)),
                            Cell::Text(t.stats.n.to_string()),
                        ],
                        bold: false,
                        indent: 0.0,
                    });
                    MapPoint {
                        number,
                        emotion: t.emotion,
                        score: t.stats.mean,
                    }
                })
                .collect(),
        })
        .collect();
    charts::journey_map(doc, &stages, card.target_percent);
    if !legend.is_empty() {
        let cols = [
            Col::new("#", 25.0, Align::Right),
            Col::new("Stage", 120.0, Align::Left),
            Col::new("Touchpoint", CONTENT_W - 25.0 - 120.0 - 160.0, Align::Left),
            Col::new("Emotion", 55.0, Align::Right),
            Col::new("Score", 55.0, Align::Right),
            Col::new("Audits", 50.0, Align::Right),
        ];
        doc.table(&cols, &legend);
    }
}

fn locations(doc: &mut Doc<'_>, card: &Scorecard) {
    doc.heading("Location ranking", 60.0);
    if card.locations.is_empty() {
        doc.paragraph(
            "No location has approved audits in the period.",
            9.0,
            colour::MUTED,
        );
        return;
    }
    let cols = [
        Col::new("#", 25.0, Align::Right),
        Col::new("Code", 60.0, Align::Left),
        Col::new(
            "Location",
            CONTENT_W - 25.0 - 60.0 - 80.0 - 40.0 - 50.0 - 70.0 - 55.0,
            Align::Left,
        ),
        Col::new("Region", 80.0, Align::Left),
        Col::new("Audits", 40.0, Align::Right),
        Col::new("Score", 50.0, Align::Right),
        Col::new("", 70.0, Align::Left),
        Col::new("Change", 55.0, Align::Right),
    ];
    let rows: Vec<_> = card
        .locations
        .iter()
        .enumerate()
        .map(|(i, l)| TableRow {
            cells: vec![
                Cell::Text((i + 1).to_string()),
                Cell::Text(l.code.clone()),
                Cell::Text(l.name.clone()),
                Cell::Text(l.region.clone()),
                Cell::Text(l.stats.n.to_string()),
                Cell::Text(percent(l.stats.mean)),
                l.stats.mean.map_or(Cell::Text(String::new()), |m| {
                    Cell::Bar((m / 100.0) as f32, score_colour(m, card.target_percent))
                }),
                Cell::Text(points(l.stats.change)),
            ],
            bold: false,
            indent: 0.0,
        })
        .collect();
    doc.table(&cols, &rows);
}

fn worst_items(doc: &mut Doc<'_>, card: &Scorecard) {
    doc.heading("Worst items", 60.0);
    if card.worst_items.is_empty() {
        doc.paragraph(
            "No checklist item has enough answers (at least 3) in the period to rank.",
            9.0,
            colour::MUTED,
        );
        return;
    }
    doc.paragraph(
        "The checklist items with the lowest mean share of their points, among items answered \
         at least 3 times.",
        8.5,
        colour::MUTED,
    );
    let touchpoints: HashMap<_, _> = card
        .touchpoints
        .iter()
        .map(|t| (t.touchpoint_id, t.name.as_str()))
        .collect();
    let cols = [
        Col::new("#", 25.0, Align::Right),
        Col::new(
            "Item",
            CONTENT_W - 25.0 - 140.0 - 55.0 - 50.0 - 70.0,
            Align::Left,
        ),
        Col::new("Touchpoint", 140.0, Align::Left),
        Col::new("Answers", 55.0, Align::Right),
        Col::new("Mean", 50.0, Align::Right),
        Col::new("", 70.0, Align::Left),
    ];
    let rows: Vec<_> = card
        .worst_items
        .iter()
        .enumerate()
        .map(|(i, item)| TableRow {
            cells: vec![
                Cell::Text((i + 1).to_string()),
                Cell::Text(item.label.clone()),
                Cell::Text(
                    touchpoints
                        .get(&item.touchpoint_id)
                        .copied()
                        .unwrap_or("(removed touchpoint)")
                        .to_owned(),
                ),
                Cell::Text(item.n.to_string()),
                Cell::Text(percent(Some(item.mean))),
                Cell::Bar(
                    (item.mean / 100.0) as f32,
                    score_colour(item.mean, card.target_percent),
                ),
            ],
            bold: false,
            indent: 0.0,
        })
        .collect();
    doc.table(&cols, &rows);
}

fn photo_evidence(doc: &mut Doc<'_>, photos: &[PhotoBox]) {
    const IMAGE_H: f32 = 150.0;
    doc.heading("Photo evidence", IMAGE_H + 40.0);
    if photos.is_empty() {
        doc.paragraph(
            "No photos were attached to approved audits in the period.",
            9.0,
            colour::MUTED,
        );
        return;
    }
    doc.paragraph(
        "Photos taken by the auditors, those of the answers that lost the most points and of \
         the pain points they noted first.",
        8.5,
        colour::MUTED,
    );
    photo_grid(doc, photos);
}

/// Photos two by two, each with its caption and detail under it; image `n` is box `n`.
pub fn photo_grid(doc: &mut Doc<'_>, photos: &[PhotoBox]) {
    const GAP: f32 = 16.0;
    const IMAGE_H: f32 = 150.0;
    let col_w = (CONTENT_W - GAP) / 2.0;
    for (row, pair) in photos.chunks(2).enumerate() {
        let captions: Vec<(Vec<String>, Vec<String>)> = pair
            .iter()
            .map(|p| {
                let mut caption = doc.fonts.wrap(&p.caption, 8.5, true, col_w);
                caption.truncate(2);
                let mut detail = doc.fonts.wrap(&p.detail, 7.5, false, col_w);
                detail.truncate(3);
                (caption, detail)
            })
            .collect();
        let text_h = captions
            .iter()
            .map(|(c, d)| c.len() as f32 * 11.0 + d.len() as f32 * 9.5)
            .fold(0.0, f32::max);
        doc.ensure(IMAGE_H + 8.0 + text_h + 12.0);
        let top = doc.y;
        for (i, (photo, (caption, detail))) in pair.iter().zip(&captions).enumerate() {
            let index = row * 2 + i;
            let left = MARGIN + (col_w + GAP) * i as f32;
            let (pw, ph) = (photo.width.max(1) as f32, photo.height.max(1) as f32);
            let scale = (col_w / pw).min(IMAGE_H / ph);
            let (w, h) = (pw * scale, ph * scale);
            doc.push(Op::Rect {
                x: left,
                y: top,
                w: col_w,
                h: IMAGE_H,
                colour: colour::LIGHT,
            });
            doc.push(Op::Image {
                x: left + (col_w - w) / 2.0,
                y: top + (IMAGE_H - h) / 2.0,
                w,
                h,
                index,
            });
            let mut y = top + IMAGE_H + 8.0;
            for line in caption {
                y += 11.0;
                doc.text_at(left, y - 2.0, 8.5, true, colour::TEXT, line);
            }
            for line in detail {
                y += 9.5;
                doc.text_at(left, y - 2.0, 7.5, false, colour::MUTED, line);
            }
        }
        doc.y = top + IMAGE_H + 8.0 + text_h + 12.0;
    }
}

fn methodology(doc: &mut Doc<'_>, card: &Scorecard, tz: Tz) {
    doc.heading("Methodology", 120.0);
    let span = card.to - card.from;
    let paragraphs = [
        format!(
            "Audits counted: {} approved audits with a check-in from {} to {}, compared with \
             the previous period of equal length, {} to {}. Audits still in draft, submitted \
             for review or returned to the auditor are not counted; audits where no scored item \
             was answered have no score and are left out of the means.",
            card.overall.n,
            day(card.from, tz),
            day(last_day(card.to), tz),
            day(card.from - span, tz),
            day(last_day(card.from), tz),
        ),
        "Scoring rules: each scored checklist item earns points out of a possible. A yes/no item \
         earns its weight for the good answer and 0 otherwise; a scale item earns its weight in \
         proportion to the value between its ends; a choice earns the points of the option \
         picked, out of the best option; a measured number earns the points of the first band \
         it falls in. Items answered N/A, and unscored items (NPS, text, photo), count in \
         neither earned nor possible points."
            .to_owned(),
        format!(
            "A touchpoint's, stage's or audit's score is earned / possible x 100 over its items. \
             The figures are the means of the per-audit scores; the pass rate is the share of \
             audits at or above the client's target of {:.0} %. A critical item earning less \
             than its full points is a critical failure, and where the checklist says so it \
             scores the whole audit 0.",
            card.target_percent
        ),
        "Emotion is the auditor's feeling at each touchpoint from -2 (very negative) to +2 \
         (very positive), averaged over the audits that recorded one. The Net Promoter Score \
         is the percentage of promoters (9-10) minus the percentage of detractors (0-6) among \
         the answers to the checklist's NPS question. Worst items rank items answered at least \
         3 times by their mean share of points."
            .to_owned(),
    ];
    for p in paragraphs {
        doc.paragraph(&p, 9.0, colour::TEXT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fonts::tests::fonts;
    use touchstone_shared::journey::Channel;
    use touchstone_shared::scorecard::{
        ItemCard, LocationCard, NpsCard, StageCard, TouchpointCard, TrendPoint,
    };
    use uuid::Uuid;

    fn stats(mean: f64) -> Stats {
        Stats {
            n: 4,
            mean: Some(mean),
            pass_rate: Some(50.0),
            change: Some(-2.5),
            previous_mean: Some(mean + 2.5),
            ..Stats::default()
        }
    }

    fn card() -> Scorecard {
        let stage = Uuid::now_v7();
        let tp = Uuid::now_v7();
        let to = Utc::now();
        Scorecard {
            client_id: Uuid::now_v7(),
            from: to - Duration::days(90),
            to,
            target_percent: 80.0,
            overall: stats(77.5),
            stages: vec![StageCard {
                stage_id: stage,
                name: "Purchase".into(),
                stats: stats(70.0),
            }],
            touchpoints: vec![TouchpointCard {
                touchpoint_id: tp,
                stage_id: stage,
                name: "Greeting".into(),
                channel: Channel::InStore,
                stats: stats(70.0),
                emotion: Some(1.5),
            }],
            locations: vec![LocationCard {
                location_id: Uuid::now_v7(),
                code: "LIS-01".into(),
                name: "Chiado".into(),
                region: "Lisbon".into(),
                stats: stats(77.5),
            }],
            regions: Vec::new(),
            worst_items: vec![ItemCard {
                item_id: Uuid::now_v7(),
                label: "Greeted within 30 s".into(),
                touchpoint_id: tp,
                n: 4,
                mean: 50.0,
            }],
            trend: vec![TrendPoint {
                start: to - Duration::days(90),
                n: 4,
                mean: Some(77.5),
            }],
            nps: NpsCard::from_counts(&[0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2]),
        }
    }

    fn texts(pages: &[Vec<Op>]) -> String {
        pages
            .iter()
            .flatten()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_section_is_laid_out() {
        let fonts = fonts();
        let data = ReportData {
            organisation: "Agency".into(),
            client: "Brand".into(),
            card: card(),
            generated_at: Utc::now(),
            time_zone: Tz::UTC,
            photos: Vec::new(),
        };
        let pages = layout(&fonts, &data, &[]);
        let text = texts(&pages);
        for expected in [
            "CLIENT REPORT",
            "Brand",
            "Executive summary",
            "77.5 %",
            "-2.5 pts",
            "Scorecard by stage and touchpoint",
            "Journey map",
            "Greeting",
            "Location ranking",
            "LIS-01",
            "Worst items",
            "Greeted within 30 s",
            "Methodology",
        ] {
            assert!(text.contains(expected), "missing {expected}");
        }
        let pdf = pdf(&fonts, &data).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
    }

    #[test]
    fn photos_are_embedded_with_their_captions() {
        let fonts = fonts();
        let photo = |caption: &str, w: u32| ReportPhoto {
            jpeg: crate::evidence::fixtures::jpeg(w, 480),
            caption: caption.into(),
            detail: "no \u{b7} 0/2 points \u{b7} LIS-01".into(),
        };
        let data = ReportData {
            organisation: "Agency".into(),
            client: "Brand".into(),
            card: card(),
            generated_at: Utc::now(),
            time_zone: Tz::UTC,
            photos: vec![
                photo("Greeting \u{2014} Greeted", 640),
                photo("Counter \u{2014} Tone", 360),
                photo("Farewell \u{2014} Thanked", 800),
                ReportPhoto {
                    jpeg: b"not a jpeg".to_vec(),
                    caption: "Broken".into(),
                    detail: String::new(),
                },
            ],
        };
        let boxes: Vec<PhotoBox> = (0..3)
            .map(|i| PhotoBox {
                width: 640,
                height: 480,
                caption: format!("Photo {i}"),
                detail: String::new(),
            })
            .collect();
        let pages = layout(&fonts, &data, &boxes);
        let images: Vec<_> = pages
            .iter()
            .flatten()
            .filter_map(|op| match op {
                Op::Image { index, w, h, .. } => Some((*index, *w / *h)),
                _ => None,
            })
            .collect();
        assert_eq!(images.len(), 3);
        assert!(
            images
                .iter()
                .all(|(_, ratio)| (ratio - 640.0 / 480.0).abs() < 0.01)
        );
        let pdf = pdf(&fonts, &data).expect("pdf");
        let marker = b"/Subtype/Image";
        let count = pdf.windows(marker.len()).filter(|w| w == marker).count();
        assert_eq!(count, 3, "three readable photos, the broken one left out");
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("/Filter/DCTDecode"),
            "JPEGs are embedded as they are"
        );
    }

    #[test]
    fn an_empty_period_still_makes_a_report() {
        let fonts = fonts();
        let mut empty = card();
        empty.overall = Stats::default();
        empty.stages.clear();
        empty.touchpoints.clear();
        empty.locations.clear();
        empty.worst_items.clear();
        empty.trend.clear();
        empty.nps = None;
        let data = ReportData {
            organisation: "Agency".into(),
            client: "Brand".into(),
            card: empty,
            generated_at: Utc::now(),
            time_zone: Tz::UTC,
            photos: Vec::new(),
        };
        let text = texts(&layout(&fonts, &data, &[]));
        assert!(text.contains("no approved audits"));
    }
}
