//! One audit's report: the visit, answers with their points, emotions and pain points,
//! proof-of-visit flags (reviewers' copies only), the trail and the photos.

use super::client::{ReportPhoto, day, decode_photos, percent, photo_grid};
use super::fonts::Fonts;
use super::layout::{Align, CONTENT_W, Cell, Col, Doc, Op, TableRow, colour};
use super::render::{self, Properties};
use crate::error::Result;
use crate::export::answers::value;
use crate::export::cells::{Value, number};
use chrono_tz::Tz;
use std::collections::HashMap;
use touchstone_shared::audit::{Audit, AuditEvent};
use touchstone_shared::audit_edit::AuditEdit;
use touchstone_shared::checklist::ChecklistContent;
use uuid::Uuid;

/// What an audit's report shows.
#[derive(Debug, Clone)]
pub struct AuditReportData {
    /// The agency.
    pub organisation: String,
    /// The client.
    pub client: String,
    /// The location's name.
    pub location: String,
    /// The auditor's name.
    pub auditor: String,
    /// The audit as the reader may see it (flags only on reviewers' copies).
    pub audit: Audit,
    /// Whether the reader reviews audits: the flags section is theirs only.
    pub reviewer: bool,
    /// The checklist version answered.
    pub checklist: ChecklistContent,
    /// Touchpoint names by id.
    pub touchpoints: HashMap<Uuid, String>,
    /// Status changes.
    pub events: Vec<AuditEvent>,
    /// Reviewers' edits.
    pub edits: Vec<AuditEdit>,
    /// Photos of the audit.
    pub photos: Vec<ReportPhoto>,
    /// The organisation's time zone.
    pub time_zone: Tz,
}

/// The audit's report as PDF.
pub fn pdf(fonts: &Fonts, data: &AuditReportData) -> Result<Vec<u8>> {
    let (images, boxes) = decode_photos(&data.photos);
    let mut doc = Doc::new(fonts);
    header(&mut doc, data);
    answers(&mut doc, data);
    touchpoints(&mut doc, data);
    if data.reviewer {
        flags(&mut doc, data);
    }
    trail(&mut doc, data);
    if !boxes.is_empty() {
        doc.heading("Photos", 200.0);
        photo_grid(&mut doc, &boxes);
    }
    doc.footers(&format!("{} \u{b7} {}", data.client, data.location));
    render::pdf(
        fonts,
        &doc.pages,
        &images,
        &Properties {
            title: format!("Audit report: {} \u{b7} {}", data.client, data.location),
            author: data.organisation.clone(),
        },
    )
}

fn header(doc: &mut Doc<'_>, data: &AuditReportData) {
    let audit = &data.audit;
    let tz = data.time_zone;
    doc.push(Op::Text {
        x: super::layout::MARGIN,
        y: doc.y + 22.0,
        size: 20.0,
        bold: true,
        colour: colour::ACCENT,
        text: format!("Audit report: {}", data.location),
    });
    doc.space(34.0);
    let visited = audit
        .visit
        .check_in_at
        .map_or_else(|| "not checked in".to_owned(), |t| day(t, tz));
    doc.paragraph(
        &format!(
            "{} \u{b7} visited {visited} by {} \u{b7} {}",
            data.client,
            data.auditor,
            audit.status.as_str()
        ),
        10.0,
        colour::MUTED,
    );
    let total = &audit.score.total;
    let mut summary = format!(
        "Score {} ({} of {} points)",
        percent(total.percent()),
        number(total.earned),
        number(total.possible)
    );
    if audit.score.failed_by_critical || total.critical_failure {
        summary.push_str(" \u{b7} a critical item failed");
    }
    if let Some(nps) = audit.score.nps {
        summary.push_str(&format!(" \u{b7} NPS answer {nps}"));
    }
    doc.paragraph(&summary, 12.0, colour::TEXT);
    doc.space(6.0);
}

fn answers(doc: &mut Doc<'_>, data: &AuditReportData) {
    doc.heading("Answers", 80.0);
    let cols = [
        Col::new("Item", CONTENT_W - 230.0, Align::Left),
        Col::new("Answer", 160.0, Align::Left),
        Col::new("Points", 70.0, Align::Right),
    ];
    let mut rows = Vec::new();
    for section in &data.checklist.sections {
        rows.push(TableRow {
            cells: vec![Cell::Text(section.title.clone()), text(""), text("")],
            bold: true,
            indent: 0.0,
        });
        for item in &section.items {
            let answer = data.audit.answers.iter().find(|a| a.item_id == item.id);
            let shown = answer.map_or_else(
                || "not asked".to_owned(),
                |a| {
                    let mut v = cell_text(value(&a.value, a.photos.len()));
                    if !a.comment.is_empty() {
                        v.push_str(&format!(" ({})", a.comment));
                    }
                    v
                },
            );
            let score = data.audit.score.items.iter().find(|s| s.item_id == item.id);
            let earned = score.map_or_else(String::new, |s| {
                format!(
                    "{} / {}",
                    number(s.points.earned),
                    number(s.points.possible)
                )
            });
            rows.push(TableRow {
                cells: vec![text(&item.label), Cell::Text(shown), Cell::Text(earned)],
                bold: false,
                indent: 10.0,
            });
        }
    }
    doc.table(&cols, &rows);
}

fn cell_text(v: Value) -> String {
    match v {
        Value::Text(s) => s,
        Value::Number(n) => number(n),
        Value::Empty => String::new(),
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn touchpoints(doc: &mut Doc<'_>, data: &AuditReportData) {
    doc.heading("Emotions and pain points", 60.0);
    if data.audit.touchpoint_notes.is_empty() {
        doc.paragraph("No touchpoint was noted.", 9.0, colour::MUTED);
        return;
    }
    let cols = [
        Col::new("Touchpoint", 150.0, Align::Left),
        Col::new("Emotion", 60.0, Align::Right),
        Col::new("Pain point", CONTENT_W - 210.0, Align::Left),
    ];
    let rows: Vec<TableRow> = data
        .audit
        .touchpoint_notes
        .iter()
        .map(|n| TableRow {
            cells: vec![
                text(
                    data.touchpoints
                        .get(&n.touchpoint_id)
                        .map_or("", String::as_str),
                ),
                Cell::Text(n.emotion.map_or_else(String::new, |e| format!("{e:+}"))),
                text(&n.pain_point),
            ],
            bold: false,
            indent: 0.0,
        })
        .collect();
    doc.table(&cols, &rows);
}

fn flags(doc: &mut Doc<'_>, data: &AuditReportData) {
    doc.heading("Proof-of-visit flags", 40.0);
    if data.audit.flags.is_empty() {
        doc.paragraph("No flags.", 9.0, colour::MUTED);
    }
    for flag in &data.audit.flags {
        doc.paragraph(
            &format!("{}: {}", flag.kind.as_str(), flag.message),
            9.0,
            colour::BAD,
        );
    }
}

fn trail(doc: &mut Doc<'_>, data: &AuditReportData) {
    doc.heading("Trail", 40.0);
    let tz = data.time_zone;
    for e in &data.events {
        let from = e.from.map_or("created", |s| s.as_str());
        let mut line = format!(
            "{} \u{b7} {}: {from} \u{2192} {}",
            day(e.at, tz),
            e.actor_name,
            e.to.as_str()
        );
        if !e.comment.is_empty() {
            line.push_str(&format!(" \u{b7} \u{201c}{}\u{201d}", e.comment));
        }
        doc.paragraph(&line, 9.0, colour::TEXT);
    }
    for e in &data.edits {
        doc.paragraph(
            &format!(
                "{} \u{b7} {} edited {} field(s): {} (score {} \u{2192} {})",
                day(e.at, tz),
                e.actor_name,
                e.changes.len(),
                e.reason,
                percent(e.percent_before),
                percent(e.percent_after)
            ),
            9.0,
            colour::TEXT,
        );
    }
}
