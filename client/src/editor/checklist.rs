//! Edits of a checklist's content: sections per touchpoint, items of every kind with their
//! settings, and the answers of the live preview.

use super::list::{self, Direction};
use std::collections::HashSet;
use touchstone_shared::audit::{Answer, AnswerValue};
use touchstone_shared::checklist::{Band, ChecklistContent, ChoiceOption, Item, ItemKind, Section};
use touchstone_shared::error::Valid;
use touchstone_shared::journey::Journey;
use uuid::Uuid;

/// Every kind's wire name with a label for the picker.
pub const KINDS: [(&str, &str); 15] = [
    ("yes_no", "Yes / no"),
    ("scale", "Scale"),
    ("choice", "Choice"),
    ("multi_select", "Multi-select"),
    ("number", "Number (bands)"),
    ("nps", "NPS (0\u{2013}10)"),
    ("text", "Text"),
    ("photo", "Photo"),
    ("date", "Date"),
    ("time", "Time"),
    ("short_text", "Short text / staff name"),
    ("stopwatch", "Stopwatch (bands)"),
    ("receipt", "Receipt"),
    ("signature", "Signature"),
    ("barcode", "Barcode / QR"),
];

/// The wire name of a kind.
pub fn kind_value(kind: &ItemKind) -> &'static str {
    match kind {
        ItemKind::YesNo { .. } => "yes_no",
        ItemKind::Scale { .. } => "scale",
        ItemKind::Choice { .. } => "choice",
        ItemKind::MultiSelect { .. } => "multi_select",
        ItemKind::Number { .. } => "number",
        ItemKind::Nps => "nps",
        ItemKind::Text => "text",
        ItemKind::Photo => "photo",
        ItemKind::Date => "date",
        ItemKind::Time => "time",
        ItemKind::ShortText { .. } => "short_text",
        ItemKind::Stopwatch { .. } => "stopwatch",
        ItemKind::Receipt => "receipt",
        ItemKind::Signature { .. } => "signature",
        ItemKind::Barcode { .. } => "barcode",
    }
}

/// A minute is best, three still earn a point.
fn default_bands() -> Vec<Band> {
    vec![
        Band {
            upto: 60.0,
            points: 2.0,
        },
        Band {
            upto: 180.0,
            points: 1.0,
        },
    ]
}

/// What a new item of a kind starts with: settings that pass validation.
pub fn default_kind(value: &str) -> Option<ItemKind> {
    Some(match value {
        "yes_no" => ItemKind::YesNo { yes_is_good: true },
        "scale" => ItemKind::Scale { min: 1.0, max: 5.0 },
        "choice" => ItemKind::Choice {
            options: vec![
                ChoiceOption {
                    label: "Good".into(),
                    points: 2.0,
                },
                ChoiceOption {
                    label: "Poor".into(),
                    points: 0.0,
                },
            ],
        },
        "number" => ItemKind::Number {
            bands: default_bands(),
        },
        "stopwatch" => ItemKind::Stopwatch {
            bands: default_bands(),
        },
        "date" => ItemKind::Date,
        "time" => ItemKind::Time,
        "short_text" => ItemKind::ShortText { not_given: true },
        "receipt" => ItemKind::Receipt,
        "signature" => ItemKind::Signature {
            show_to_managers: false,
        },
        "barcode" => ItemKind::Barcode { pattern: None },
        "multi_select" => ItemKind::MultiSelect {
            options: vec![
                ChoiceOption {
                    label: "Option 1".into(),
                    points: 1.0,
                },
                ChoiceOption {
                    label: "Option 2".into(),
                    points: 1.0,
                },
            ],
            cap: None,
            none_label: Some("None of these".into()),
        },
        "nps" => ItemKind::Nps,
        "text" => ItemKind::Text,
        "photo" => ItemKind::Photo,
        _ => return None,
    })
}

/// A new item of a kind.
pub fn new_item(kind: &str, label: &str) -> Option<Item> {
    Some(Item {
        id: Uuid::now_v7(),
        label: label.to_owned(),
        help: String::new(),
        kind: default_kind(kind)?,
        weight: 1.0,
        allow_na: false,
        critical: false,
        required: false,
        photo_required: false,
        show_if: None,
        photo_if_failed: false,
        note_if_failed: false,
    })
}

/// Changes an item's kind, keeping the rest; an unscored kind cannot be critical.
pub fn set_kind(item: &mut Item, kind: &str) {
    if kind_value(&item.kind) == kind {
        return;
    }
    if let Some(new) = default_kind(kind) {
        item.kind = new;
        if !item.kind.is_scored() {
            item.critical = false;
            item.allow_na = false;
        }
    }
}

/// Adds a section for a touchpoint; returns its index.
pub fn add_section(content: &mut ChecklistContent, touchpoint_id: Uuid, title: &str) -> usize {
    content.sections.push(Section {
        touchpoint_id,
        title: title.to_owned(),
        show_if: None,
        items: Vec::new(),
    });
    content.sections.len() - 1
}

/// Removes section `s` with its items.
pub fn remove_section(content: &mut ChecklistContent, s: usize) -> Option<Section> {
    list::remove(&mut content.sections, s)
}

/// Moves section `s` one place.
pub fn shift_section(content: &mut ChecklistContent, s: usize, d: Direction) -> Option<usize> {
    list::shift(&mut content.sections, s, d)
}

/// Appends an item to section `s`; returns its index.
pub fn add_item(content: &mut ChecklistContent, s: usize, item: Item) -> Option<usize> {
    let section = content.sections.get_mut(s)?;
    section.items.push(item);
    Some(section.items.len() - 1)
}

/// Item `i` of section `s`, to change.
pub fn item_mut(content: &mut ChecklistContent, s: usize, i: usize) -> Option<&mut Item> {
    content.sections.get_mut(s)?.items.get_mut(i)
}

/// Removes item `i` of section `s`.
pub fn remove_item(content: &mut ChecklistContent, s: usize, i: usize) -> Option<Item> {
    list::remove(&mut content.sections.get_mut(s)?.items, i)
}

/// Moves item `i` of section `s` one place within its section.
pub fn shift_item(
    content: &mut ChecklistContent,
    s: usize,
    i: usize,
    d: Direction,
) -> Option<usize> {
    list::shift(&mut content.sections.get_mut(s)?.items, i, d)
}

/// The options of a choice or multi-select item, to change.
pub fn options_mut(kind: &mut ItemKind) -> Option<&mut Vec<ChoiceOption>> {
    match kind {
        ItemKind::Choice { options } | ItemKind::MultiSelect { options, .. } => Some(options),
        _ => None,
    }
}

/// Appends an option to a choice or multi-select item: the next free "Option n" worth 0
/// points.
pub fn add_option(item: &mut Item) {
    if let Some(options) = options_mut(&mut item.kind) {
        let label = (options.len() + 1..)
            .map(|n| format!("Option {n}"))
            .find(|l| !options.iter().any(|o| &o.label == l))
            .unwrap_or_default();
        options.push(ChoiceOption { label, points: 0.0 });
    }
}

/// The bands of a number or stopwatch item, to change.
pub fn bands_mut(kind: &mut ItemKind) -> Option<&mut Vec<Band>> {
    match kind {
        ItemKind::Number { bands } | ItemKind::Stopwatch { bands } => Some(bands),
        _ => None,
    }
}

/// Appends a band to a number or stopwatch item, above the highest one.
pub fn add_band(item: &mut Item) {
    if let Some(bands) = bands_mut(&mut item.kind) {
        let upto = bands.last().map_or(60.0, |b| b.upto * 2.0 + 1.0);
        bands.push(Band { upto, points: 0.0 });
    }
}

/// Removes option or band `n` of a choice, multi-select, number or stopwatch item.
pub fn remove_entry(item: &mut Item, n: usize) {
    if let Some(bands) = bands_mut(&mut item.kind) {
        list::remove(bands, n);
    } else if let Some(options) = options_mut(&mut item.kind) {
        list::remove(options, n);
    }
}

/// Checks the content against the journey, as the server will.
pub fn validate(content: &ChecklistContent, journey: &Journey) -> Valid {
    let touchpoints: HashSet<Uuid> = journey
        .stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(|t| t.id))
        .collect();
    content.validate(&touchpoints)
}

/// Sets (or, with `None`, clears) the preview's answer to an item.
pub fn set_answer(answers: &mut Vec<Answer>, item_id: Uuid, value: Option<AnswerValue>) {
    answers.retain(|a| a.item_id != item_id);
    if let Some(value) = value {
        answers.push(Answer {
            item_id,
            value,
            comment: String::new(),
            photos: Vec::new(),
        });
    }
}

/// Parses a number typed into a settings field ("2,5" as in many locales, too).
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// Index of the section scoring this touchpoint.
pub fn section_index(content: &ChecklistContent, touchpoint_id: Uuid) -> Option<usize> {
    content
        .sections
        .iter()
        .position(|s| s.touchpoint_id == touchpoint_id)
}

/// (section, index) of the item with this id.
pub fn item_at(content: &ChecklistContent, item_id: Uuid) -> Option<(usize, usize)> {
    content
        .sections
        .iter()
        .enumerate()
        .find_map(|(s, section)| {
            section
                .items
                .iter()
                .position(|i| i.id == item_id)
                .map(|i| (s, i))
        })
}
