//! Checklists: versioned templates of scored items, grouped in sections per touchpoint.

use crate::api_type;
use crate::condition::{Condition, validate_conditions};
use crate::error::{FieldError, Valid, optional_text, require_name};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use uuid::Uuid;

api_type! {
    /// A checklist with its current version.
    pub struct Checklist {
        /// Id of the checklist (all versions share it).
        pub id: Uuid,
        /// The client it belongs to.
        pub client_id: Uuid,
        /// The journey its sections refer to.
        pub journey_id: Uuid,
        /// The current version.
        pub version: ChecklistVersion,
    }

    /// One immutable version of a checklist's content.
    pub struct ChecklistVersion {
        /// Id of this version; assignments and audits refer to it.
        pub id: Uuid,
        /// 1 for the first version, then 2, 3, …
        pub number: i32,
        /// Content.
        pub content: ChecklistContent,
        /// When this version was made.
        pub created_at: DateTime<Utc>,
    }

    /// What an auditor fills in.
    #[derive(Default)]
    pub struct ChecklistContent {
        /// Name.
        pub name: String,
        /// A critical failure scores the whole audit 0.
        #[serde(default)]
        pub critical_fails_audit: bool,
        /// Shortest plausible visit, in minutes; shorter visits are flagged.
        #[serde(default)]
        pub min_visit_minutes: Option<u32>,
        /// Sections, each tied to a touchpoint of the journey.
        pub sections: Vec<Section>,
    }

    /// The items scored at one touchpoint.
    pub struct Section {
        /// The touchpoint of the journey this section scores.
        pub touchpoint_id: Uuid,
        /// Heading shown to the auditor (defaults to the touchpoint's name).
        #[serde(default)]
        pub title: String,
        /// Asked only when this holds on answers to items of earlier sections.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub show_if: Option<Condition>,
        /// Items in order.
        pub items: Vec<Item>,
    }

    /// One question of the checklist.
    pub struct Item {
        /// Id, stable across versions so trends follow the item.
        pub id: Uuid,
        /// The question.
        pub label: String,
        /// Guidance for the auditor.
        #[serde(default)]
        pub help: String,
        /// How it is answered and scored.
        pub kind: ItemKind,
        /// Points for a perfect answer (`yes_no` and `scale`).
        #[serde(default = "default_weight")]
        pub weight: f64,
        /// The auditor may answer N/A, which leaves the item out of the score.
        #[serde(default)]
        pub allow_na: bool,
        /// Earning less than the full points is a critical failure.
        #[serde(default)]
        pub critical: bool,
        /// Must be answered before the audit can be submitted.
        #[serde(default)]
        pub required: bool,
        /// A photo must be attached to this item.
        #[serde(default)]
        pub photo_required: bool,
        /// Asked only when this holds on answers to earlier items.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub show_if: Option<Condition>,
        /// An answer earning less than the full points needs a photo.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub photo_if_failed: bool,
        /// An answer earning less than the full points needs a comment saying why.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        pub note_if_failed: bool,
    }

    /// An option of a `choice` item.
    pub struct ChoiceOption {
        /// What the auditor picks.
        pub label: String,
        /// Points it earns.
        pub points: f64,
    }

    /// A band of a `number` item: values up to `upto` (inclusive) earn `points`.
    pub struct Band {
        /// Upper bound of the band.
        pub upto: f64,
        /// Points earned.
        pub points: f64,
    }

    /// Body of `POST /api/v1/checklists` and `PUT /api/v1/checklists/{id}`.
    #[serde(deny_unknown_fields)]
    pub struct ChecklistInput {
        /// The client it belongs to.
        pub client_id: Uuid,
        /// The journey its sections refer to.
        pub journey_id: Uuid,
        /// Content.
        pub content: ChecklistContent,
    }
}

/// How an item is answered and scored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ItemKind {
    /// Yes earns the weight, no earns 0 (inverted when `yes_is_good` is false).
    YesNo {
        /// Whether "yes" is the good answer.
        #[serde(default = "yes")]
        yes_is_good: bool,
    },
    /// A value between `min` and `max` earns weight × (v − min)/(max − min).
    Scale {
        /// Lowest value.
        min: f64,
        /// Highest value.
        max: f64,
    },
    /// The picked option's points; the largest option is what is possible.
    Choice {
        /// Options.
        options: Vec<ChoiceOption>,
    },
    /// A measured number (e.g. queue wait in seconds) scored by the first band with
    /// `upto` ≥ the value; values above every band earn 0.
    Number {
        /// Bands in ascending `upto`.
        bands: Vec<Band>,
    },
    /// Any number of options: the picked options' points add up, to at most `cap`; the
    /// most is every option with points (or `cap`). `none_label`, when set, is an extra
    /// option meaning "none of these": picked alone, it earns 0.
    MultiSelect {
        /// Options.
        options: Vec<ChoiceOption>,
        /// Most points the item can earn, whatever is picked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cap: Option<f64>,
        /// The label of the exclusive "none of these" option, when the item has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        none_label: Option<String>,
    },
    /// Net Promoter question, 0–10; unscored, feeds the NPS.
    Nps,
    /// A date, answered with the phone's local date and its UTC offset; unscored.
    Date,
    /// A time of day, answered with the phone's local time and its UTC offset; unscored.
    Time,
    /// One line of text, e.g. the name of the staff member who served; unscored. With
    /// `not_given`, the auditor may answer that it could not be learnt.
    ShortText {
        /// Whether "not given" is an answer.
        #[serde(default)]
        not_given: bool,
    },
    /// A timed observation (e.g. queue wait): the auditor starts and stops a timer in the
    /// form; the seconds between are scored by bands, as for `number`.
    Stopwatch {
        /// Bands in ascending `upto` (seconds).
        bands: Vec<Band>,
    },
    /// A purchase receipt: its photo, amount, currency and printed date and time; unscored.
    /// Proof of visit compares its time with the visit; a panel job reimburses its amount.
    Receipt,
    /// A signature drawn on the phone, kept as a PNG photo; unscored. Managers see it only
    /// when `show_to_managers`.
    Signature {
        /// Whether the client's managers may see the signature.
        #[serde(default)]
        show_to_managers: bool,
    },
    /// A barcode or QR code, scanned or typed; unscored. `pattern`, when set, is what the
    /// code must look like: `#` a digit, `@` a letter, `?` any one character, `*` any run.
    Barcode {
        /// The pattern the code must match.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pattern: Option<String>,
    },
    /// Free text; unscored.
    Text,
    /// A photo; unscored.
    Photo,
}

fn yes() -> bool {
    true
}

fn default_weight() -> f64 {
    1.0
}

impl ItemKind {
    /// Whether answers to this item earn points.
    pub fn is_scored(&self) -> bool {
        matches!(
            self,
            ItemKind::YesNo { .. }
                | ItemKind::Scale { .. }
                | ItemKind::Choice { .. }
                | ItemKind::Number { .. }
                | ItemKind::MultiSelect { .. }
                | ItemKind::Stopwatch { .. }
        )
    }
}

impl ChecklistContent {
    /// Every item with the touchpoint of its section.
    pub fn items(&self) -> impl Iterator<Item = (Uuid, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s.touchpoint_id, i)))
    }

    /// Finds an item by id.
    pub fn item(&self, id: Uuid) -> Option<(Uuid, &Item)> {
        self.items().find(|(_, i)| i.id == id)
    }

    /// Whether the checklist has an NPS question.
    pub fn has_nps(&self) -> bool {
        self.items().any(|(_, i)| i.kind == ItemKind::Nps)
    }

    /// Checks the content; `touchpoints` are the ids of the journey's touchpoints.
    pub fn validate(&self, touchpoints: &HashSet<Uuid>) -> Valid {
        require_name("content.name", &self.name, 200)?;
        if self.sections.is_empty() {
            return Err(FieldError::new(
                "content.sections",
                "a checklist needs at least one section",
            ));
        }
        if self.min_visit_minutes.is_some_and(|m| m > 24 * 60) {
            return Err(FieldError::new(
                "content.min_visit_minutes",
                "must be at most 1440 minutes",
            ));
        }
        let mut ids = HashSet::new();
        for (s, section) in self.sections.iter().enumerate() {
            let field = format!("content.sections[{s}]");
            if !touchpoints.contains(&section.touchpoint_id) {
                return Err(FieldError::new(
                    format!("{field}.touchpoint_id"),
                    "is not a touchpoint of the checklist's journey",
                ));
            }
            optional_text(&format!("{field}.title"), &section.title, 200)?;
            if section.items.len() > 200 {
                return Err(FieldError::new(
                    format!("{field}.items"),
                    "a section has at most 200 items",
                ));
            }
            for (i, item) in section.items.iter().enumerate() {
                let field = format!("{field}.items[{i}]");
                if !ids.insert(item.id) {
                    return Err(FieldError::new(format!("{field}.id"), "duplicate item id"));
                }
                item.validate(&field)?;
            }
        }
        validate_conditions(self)
    }
}

/// Checks the options of a choice or multi-select at `kind`: at least `least`, each with a
/// unique label and points of zero or more.
fn validate_options(kind: &str, options: &[ChoiceOption], least: usize) -> Valid {
    if options.len() < least {
        return Err(FieldError::new(
            kind,
            format!(
                "needs at least {least} option{}",
                if least == 1 { "" } else { "s" }
            ),
        ));
    }
    let mut labels = HashSet::new();
    for (o, option) in options.iter().enumerate() {
        require_name(&format!("{kind}.options[{o}].label"), &option.label, 200)?;
        if !labels.insert(option.label.as_str()) {
            return Err(FieldError::new(
                format!("{kind}.options[{o}].label"),
                "duplicate option label",
            ));
        }
        if !option.points.is_finite() || option.points < 0.0 {
            return Err(FieldError::new(
                format!("{kind}.options[{o}].points"),
                "must be zero or more",
            ));
        }
    }
    Ok(())
}

impl Item {
    /// Checks one item; `field` is its JSON path, which prefixes the path of any failure.
    pub fn validate(&self, field: &str) -> Valid {
        require_name(&format!("{field}.label"), &self.label, 500)?;
        optional_text(&format!("{field}.help"), &self.help, 2000)?;
        if !self.weight.is_finite() || !(0.0..=1000.0).contains(&self.weight) {
            return Err(FieldError::new(
                format!("{field}.weight"),
                "must be between 0 and 1000",
            ));
        }
        let kind = format!("{field}.kind");
        match &self.kind {
            ItemKind::Scale { min, max } if !(min.is_finite() && max.is_finite() && min < max) => {
                return Err(FieldError::new(kind, "a scale needs finite min < max"));
            }
            ItemKind::Choice { options } => validate_options(&kind, options, 2)?,
            ItemKind::MultiSelect {
                options,
                cap,
                none_label,
            } => {
                validate_options(&kind, options, 1)?;
                if cap.is_some_and(|c| !c.is_finite() || c <= 0.0) {
                    return Err(FieldError::new(
                        format!("{kind}.cap"),
                        "must be a number above zero",
                    ));
                }
                if let Some(none) = none_label {
                    let field = format!("{kind}.none_label");
                    require_name(&field, none, 200)?;
                    if options.iter().any(|o| &o.label == none) {
                        return Err(FieldError::new(field, "is already one of the options"));
                    }
                }
            }
            ItemKind::Number { bands } | ItemKind::Stopwatch { bands } => {
                if bands.is_empty() {
                    return Err(FieldError::new(
                        kind,
                        "a number or stopwatch item needs at least one band",
                    ));
                }
                let ascending = bands.windows(2).all(|w| w[0].upto < w[1].upto);
                let finite = bands
                    .iter()
                    .all(|b| b.upto.is_finite() && b.points.is_finite() && b.points >= 0.0);
                if !ascending || !finite {
                    return Err(FieldError::new(
                        kind,
                        "bands need finite, strictly ascending `upto` and points of zero or more",
                    ));
                }
            }
            ItemKind::Barcode {
                pattern: Some(pattern),
            } => crate::answer_types::check_pattern(&format!("{kind}.pattern"), pattern)?,
            _ => {}
        }
        let scored_only = [
            ("critical", self.critical),
            ("photo_if_failed", self.photo_if_failed),
            ("note_if_failed", self.note_if_failed),
        ];
        if let Some((name, _)) = scored_only
            .iter()
            .find(|(_, on)| *on && !self.kind.is_scored())
        {
            return Err(FieldError::new(
                format!("{field}.{name}"),
                "only scored items can fail, so only they can be critical or ask for evidence of a failure",
            ));
        }
        Ok(())
    }
}
