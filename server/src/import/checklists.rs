//! Checklists from a sheet: one row per item, grouped into one section per touchpoint in the
//! order the touchpoints first appear. See `docs/import-formats.md`.

use super::Problems;
use super::table::{Column, Columns, Row, Table, normalise_header};
use std::collections::HashMap;
use touchstone_shared::checklist::{Band, ChecklistContent, ChoiceOption, Item, ItemKind, Section};
use touchstone_shared::condition::{self, Condition};
use touchstone_shared::import::RowProblem;
use touchstone_shared::journey::Journey;
use uuid::Uuid;

/// The columns of a checklist file.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "stage",
        aliases: &["journey_stage"],
        required: false,
    },
    Column {
        name: "touchpoint",
        aliases: &["touch_point"],
        required: true,
    },
    Column {
        name: "label",
        aliases: &["item", "question"],
        required: true,
    },
    Column {
        name: "type",
        aliases: &["kind", "item_type"],
        required: true,
    },
    Column {
        name: "weight",
        aliases: &["points", "max_points"],
        required: false,
    },
    Column {
        name: "options",
        aliases: &["options_bands", "bands", "range"],
        required: false,
    },
    Column {
        name: "help",
        aliases: &["guidance", "hint"],
        required: false,
    },
    Column {
        name: "na",
        aliases: &["n_a", "allow_na"],
        required: false,
    },
    Column {
        name: "critical",
        aliases: &[],
        required: false,
    },
    Column {
        name: "required",
        aliases: &["mandatory"],
        required: false,
    },
    Column {
        name: "photo_required",
        aliases: &["photo", "photo_req"],
        required: false,
    },
    Column {
        name: "key",
        aliases: &["item_key", "code", "ref"],
        required: false,
    },
    Column {
        name: "show_if",
        aliases: &["condition", "only_if", "ask_if"],
        required: false,
    },
    Column {
        name: "photo_if_failed",
        aliases: &["photo_on_fail", "photo_if_fail"],
        required: false,
    },
    Column {
        name: "note_if_failed",
        aliases: &["note_on_fail", "note_if_fail", "comment_if_failed"],
        required: false,
    },
];

/// The sections of a checklist read from a sheet, with the spreadsheet row of each item
/// (`rows[s][i]` for `sections[s].items[i]`) to report later checks against.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedChecklist {
    /// Sections in order of first appearance.
    pub sections: Vec<Section>,
    /// Rows of the items.
    pub rows: Vec<Vec<u32>>,
    /// The sheet's keys of the items that have one, to name them in messages.
    pub keys: HashMap<Uuid, String>,
}

impl ParsedChecklist {
    /// The row of the item a validation path such as `content.sections[1].items[3].weight`
    /// names, and the column its last part stands for.
    pub fn locate(&self, field: &str) -> (u32, Option<&'static str>) {
        let index = |key: &str| -> Option<usize> {
            let start = field.find(key)? + key.len();
            let end = field[start..].find(']')? + start;
            field[start..end].parse().ok()
        };
        let row = index("sections[")
            .zip(index("items["))
            .and_then(|(s, i)| self.rows.get(s)?.get(i).copied())
            .or_else(|| index("sections[").and_then(|s| self.rows.get(s)?.first().copied()))
            .unwrap_or(1);
        (row, item_column(field))
    }

    /// `message` with item ids replaced by the keys the sheet gave them.
    pub fn readable(&self, message: &str) -> String {
        self.keys.iter().fold(message.to_owned(), |m, (id, key)| {
            m.replace(&format!("item {id}"), &format!("`{key}`"))
        })
    }
}

/// The column an item's validation path (`item.weight`, `content.sections[0].items[2].kind`)
/// points at.
pub fn item_column(field: &str) -> Option<&'static str> {
    let rest = match field.find("items[") {
        Some(at) => field[at..].split_once("].")?.1,
        None => field.strip_prefix("item.")?,
    };
    Some(match rest.split(['.', '[']).next().unwrap_or(rest) {
        "label" => "label",
        "help" => "help",
        "weight" => "weight",
        "kind" => "options",
        "critical" => "critical",
        "show_if" => "show_if",
        "photo_if_failed" => "photo_if_failed",
        "note_if_failed" => "note_if_failed",
        _ => return None,
    })
}

/// Reads every row into an item of the touchpoint it names in `journey`.
pub fn parse(table: &Table, journey: &Journey) -> Result<ParsedChecklist, Vec<RowProblem>> {
    let columns = table.columns(COLUMNS)?;
    let mut problems = Problems::default();
    let mut parsed = ParsedChecklist {
        sections: Vec::new(),
        rows: Vec::new(),
        keys: HashMap::new(),
    };
    let mut earlier: HashMap<String, (Uuid, ItemKind)> = HashMap::new();
    if table.rows.is_empty() {
        problems.push(
            table.header_row,
            None,
            "the file has no items under the header",
        );
    }
    for row in &table.rows {
        let touchpoint = touchpoint(&columns, row, journey, &mut problems);
        let item = item(&columns, row, &mut problems);
        let (Some(touchpoint_id), Some(mut item)) = (touchpoint, item) else {
            continue;
        };
        // Read against the rows above, then remembered even when wrong, so that the rows
        // below are checked against every key.
        let show_if = condition(&columns, row, &earlier);
        let key = remember_key(&columns, row, &item, &mut earlier, &mut parsed.keys);
        let checked = show_if
            .map_err(|p| ("show_if", p))
            .and_then(|c| key.map(|()| c).map_err(|p| ("key", p)));
        match checked {
            Ok(show_if) => item.show_if = show_if,
            Err((column, problem)) => {
                problems.push(row.number, Some(column), problem);
                continue;
            }
        }
        if let Err(e) = item.validate("item") {
            problems.push(row.number, item_column(&e.field), e.message);
            continue;
        }
        let s = match parsed
            .sections
            .iter()
            .position(|s| s.touchpoint_id == touchpoint_id)
        {
            Some(s) => s,
            None => {
                parsed.sections.push(Section {
                    touchpoint_id,
                    title: String::new(),
                    show_if: None,
                    items: Vec::new(),
                });
                parsed.rows.push(Vec::new());
                parsed.sections.len() - 1
            }
        };
        parsed.sections[s].items.push(item);
        parsed.rows[s].push(row.number);
    }
    problems.finish(parsed)
}

/// The row's `show_if`, read against the keys of the rows above it.
fn condition(
    columns: &Columns,
    row: &Row,
    earlier: &HashMap<String, (Uuid, ItemKind)>,
) -> Result<Option<Condition>, String> {
    let text = columns.get(row, "show_if").trim();
    if text.is_empty() {
        return Ok(None);
    }
    let resolve = |key: &str| {
        earlier
            .get(&key.trim().to_lowercase())
            .map(|(id, kind)| (*id, kind))
    };
    condition::text::parse(text, resolve).map(Some)
}

/// Records the row's key (if any) for the rows below it; a key is unique in the sheet.
fn remember_key(
    columns: &Columns,
    row: &Row,
    item: &Item,
    earlier: &mut HashMap<String, (Uuid, ItemKind)>,
    keys: &mut HashMap<Uuid, String>,
) -> Result<(), String> {
    let key = columns.get(row, "key").trim();
    if key.is_empty() {
        return Ok(());
    }
    if earlier.contains_key(&key.to_lowercase()) {
        return Err(format!("the key `{key}` is used by an earlier row"));
    }
    earlier.insert(key.to_lowercase(), (item.id, item.kind.clone()));
    keys.insert(item.id, key.to_owned());
    Ok(())
}

/// Builds the content to store from what was parsed.
pub fn content(
    parsed: &ParsedChecklist,
    name: &str,
    critical_fails_audit: bool,
    min_visit_minutes: Option<u32>,
) -> ChecklistContent {
    ChecklistContent {
        name: name.to_owned(),
        critical_fails_audit,
        min_visit_minutes,
        sections: parsed.sections.clone(),
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn touchpoint(
    columns: &Columns,
    row: &Row,
    journey: &Journey,
    problems: &mut Problems,
) -> Option<Uuid> {
    let name = columns.get(row, "touchpoint");
    let stage = columns.get(row, "stage");
    if name.is_empty() {
        problems.push(
            row.number,
            Some("touchpoint"),
            "name the touchpoint of the item",
        );
        return None;
    }
    let stages: Vec<_> = journey
        .stages
        .iter()
        .filter(|s| stage.is_empty() || same(&s.name, stage))
        .collect();
    if stages.is_empty() {
        let names: Vec<_> = journey.stages.iter().map(|s| s.name.as_str()).collect();
        problems.push(
            row.number,
            Some("stage"),
            format!(
                "the journey has no stage `{stage}`; its stages are: {}",
                names.join(", ")
            ),
        );
        return None;
    }
    let found: Vec<_> = stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(move |t| (s, t)))
        .filter(|(_, t)| same(&t.name, name))
        .collect();
    match found.as_slice() {
        [(_, t)] => Some(t.id),
        [] => {
            let names: Vec<_> = stages
                .iter()
                .flat_map(|s| s.touchpoints.iter().map(|t| t.name.as_str()))
                .take(30)
                .collect();
            problems.push(
                row.number,
                Some("touchpoint"),
                format!(
                    "the journey has no touchpoint `{name}`{}; its touchpoints are: {}",
                    if stage.is_empty() {
                        String::new()
                    } else {
                        format!(" in stage `{stage}`")
                    },
                    names.join(", ")
                ),
            );
            None
        }
        several => {
            let in_stages: Vec<_> = several.iter().map(|(s, _)| s.name.as_str()).collect();
            problems.push(
                row.number,
                Some("touchpoint"),
                format!(
                    "`{name}` is a touchpoint of several stages ({}); add a `stage` column to \
                     say which",
                    in_stages.join(", ")
                ),
            );
            None
        }
    }
}

fn item(columns: &Columns, row: &Row, problems: &mut Problems) -> Option<Item> {
    let n = row.number;
    let mut ok = true;
    let mut flag = |name: &str| -> bool {
        match parse_flag(columns.get(row, name)) {
            Some(v) => v,
            None => {
                problems.push(n, Some(name), "write yes or no (or leave it empty for no)");
                ok = false;
                false
            }
        }
    };
    let allow_na = flag("na");
    let critical = flag("critical");
    let required = flag("required");
    let photo_required = flag("photo_required");
    let photo_if_failed = flag("photo_if_failed");
    let note_if_failed = flag("note_if_failed");
    let weight = match columns.get(row, "weight") {
        "" => 1.0,
        text => text.parse::<f64>().unwrap_or_else(|_| {
            problems.push(n, Some("weight"), format!("`{text}` is not a number"));
            ok = false;
            1.0
        }),
    };
    let label = columns.get(row, "label");
    if label.is_empty() {
        problems.push(n, Some("label"), "the item needs a label");
        ok = false;
    }
    let kind = match kind(columns.get(row, "type"), columns.get(row, "options")) {
        Ok(kind) => Some(kind),
        Err((column, problem)) => {
            problems.push(n, Some(column), problem);
            None
        }
    };
    let kind = kind.filter(|_| ok)?;
    Some(Item {
        id: Uuid::now_v7(),
        label: label.to_owned(),
        help: columns.get(row, "help").to_owned(),
        kind,
        weight,
        allow_na,
        critical,
        required,
        photo_required,
        show_if: None,
        photo_if_failed,
        note_if_failed,
    })
}

/// A yes/no cell: empty is no.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "-" => Some(false),
        "yes" | "y" | "true" | "1" | "x" | "\u{2713}" | "\u{2714}" => Some(true),
        _ => None,
    }
}

const TYPES: &str = "yes_no, scale, choice, multi_select, number, nps, text, photo, date, time, \
     short_text, stopwatch, receipt, signature or barcode";

/// An item's kind from its `type` and `options` cells.
pub fn kind(kind: &str, options: &str) -> Result<ItemKind, (&'static str, String)> {
    let bad = |problem: String| Err(("options", problem));
    let no_options = |k: ItemKind| {
        if options.is_empty() {
            Ok(k)
        } else {
            Err((
                "options",
                "this type takes no options; leave the cell empty".to_owned(),
            ))
        }
    };
    match normalise_header(kind).as_str() {
        "yes_no" | "yesno" | "boolean" | "bool" => match normalise_header(options).as_str() {
            "" | "yes" => Ok(ItemKind::YesNo { yes_is_good: true }),
            "no" => Ok(ItemKind::YesNo { yes_is_good: false }),
            _ => bad("for yes_no, write the good answer, `yes` or `no` (empty means yes)".into()),
        },
        "scale" | "rating" => {
            let (min, max) = options
                .split_once("..")
                .or_else(|| {
                    // `1-5`: the first `-` after a leading sign separates the ends.
                    let at = options.get(1..)?.find('-')? + 1;
                    Some((&options[..at], &options[at + 1..]))
                })
                .ok_or(())
                .and_then(|(a, b)| {
                    Ok((
                        a.trim().parse::<f64>().map_err(|_| ())?,
                        b.trim().parse::<f64>().map_err(|_| ())?,
                    ))
                })
                .map_err(|()| {
                    (
                        "options",
                        format!(
                            "a scale needs its range as `min..max`, e.g. `1..5`; got `{options}`"
                        ),
                    )
                })?;
            Ok(ItemKind::Scale { min, max })
        }
        "choice" | "multiple_choice" | "select" => {
            let options = pairs(options)
                .map(|(label, points)| ChoiceOption { label, points })
                .collect::<Vec<_>>();
            if options.is_empty() {
                return bad(
                    "a choice needs its options as `label=points; label=points`, e.g. \
                     `Warm=3; Neutral=1; Cold=0`"
                        .into(),
                );
            }
            parsed_points(options.iter().map(|o| o.points), "choice")?;
            Ok(ItemKind::Choice { options })
        }
        "multi_select" | "multi" | "checkboxes" => multi_select(options),
        "number" | "numeric" => Ok(ItemKind::Number {
            bands: bands(options)?,
        }),
        "stopwatch" | "timer" | "timed" => Ok(ItemKind::Stopwatch {
            bands: bands(options)?,
        }),
        "date" => no_options(ItemKind::Date),
        "time" => no_options(ItemKind::Time),
        "short_text" | "staff_name" | "name" => match normalise_header(options).as_str() {
            "" => Ok(ItemKind::ShortText { not_given: false }),
            "not_given" => Ok(ItemKind::ShortText { not_given: true }),
            _ => bad("for short_text, leave the options empty or write `not_given`".into()),
        },
        "receipt" => no_options(ItemKind::Receipt),
        "signature" => match normalise_header(options).as_str() {
            "" => Ok(ItemKind::Signature {
                show_to_managers: false,
            }),
            "managers" | "show_to_managers" => Ok(ItemKind::Signature {
                show_to_managers: true,
            }),
            _ => bad("for signature, leave the options empty or write `managers` to show it to the client's managers".into()),
        },
        "barcode" | "qr" | "qr_code" => Ok(ItemKind::Barcode {
            pattern: (!options.is_empty()).then(|| options.to_owned()),
        }),
        "nps" => no_options(ItemKind::Nps),
        "text" | "free_text" => no_options(ItemKind::Text),
        "photo" | "picture" => no_options(ItemKind::Photo),
        "" => Err(("type", format!("the item needs a type: {TYPES}"))),
        _ => Err(("type", format!("`{kind}` is not a type; use {TYPES}"))),
    }
}

/// The bands of a number or stopwatch item: `upto=points` pairs, e.g. `60=2; 180=1`.
fn bands(options: &str) -> Result<Vec<Band>, (&'static str, String)> {
    let mut bands = Vec::new();
    for (upto, points) in pairs(options) {
        match upto.parse::<f64>() {
            Ok(upto) => bands.push(Band { upto, points }),
            Err(_) => {
                return Err(("options", format!("`{upto}` is not a number in the bands")));
            }
        }
    }
    if bands.is_empty() {
        return Err((
            "options",
            "a number or stopwatch item needs bands as `upto=points; upto=points`, e.g. \
             `60=2; 180=1`"
                .into(),
        ));
    }
    parsed_points(bands.iter().map(|b| b.points), "band")?;
    Ok(bands)
}

/// A multi-select's options cell: `label=points` pairs as for a choice, one `label=none` for
/// the exclusive "none of these" option and one `cap=points` for the most it earns.
fn multi_select(text: &str) -> Result<ItemKind, (&'static str, String)> {
    let mut options = Vec::new();
    let (mut cap, mut none_label) = (None, None);
    for (label, points) in raw_pairs(text) {
        if points.eq_ignore_ascii_case("none") && none_label.is_none() {
            none_label = Some(label);
        } else if label.eq_ignore_ascii_case("cap") && cap.is_none() {
            cap = Some(points.parse::<f64>().unwrap_or(f64::NAN));
        } else {
            let points = points.parse().unwrap_or(f64::NAN);
            options.push(ChoiceOption { label, points });
        }
    }
    if options.is_empty() {
        return Err((
            "options",
            "a multi-select needs its options as `label=points; label=points`, with \
             `label=none` for \"none of these\" and `cap=points` for a cap, e.g. \
             `Cup=1; Lid=1; None of these=none; cap=2`"
                .into(),
        ));
    }
    parsed_points(options.iter().map(|o| o.points).chain(cap), "option")?;
    Ok(ItemKind::MultiSelect {
        options,
        cap,
        none_label,
    })
}

/// `a=1; b=2` (or with `|` or new lines between pairs) as trimmed (text, points text).
fn raw_pairs(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.split([';', '|', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.rsplit_once('=') {
            Some((label, points)) => (label.trim().to_owned(), points.trim().to_owned()),
            None => (pair.to_owned(), String::new()),
        })
}

/// [`raw_pairs`] with the points read; points that are not numbers come out as NaN for
/// [`parsed_points`] to report.
fn pairs(text: &str) -> impl Iterator<Item = (String, f64)> + '_ {
    raw_pairs(text).map(|(label, points)| (label, points.parse().unwrap_or(f64::NAN)))
}

fn parsed_points(
    mut points: impl Iterator<Item = f64>,
    what: &str,
) -> Result<(), (&'static str, String)> {
    if points.any(f64::is_nan) {
        return Err((
            "options",
            format!("every {what} needs `=points` with a number after it"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::csv;
    use crate::import::fixtures::journey;

    fn parse_csv(j: &Journey, text: &str) -> Result<ParsedChecklist, Vec<RowProblem>> {
        parse(&csv::read(text.as_bytes()).expect("csv"), j)
    }

    #[test]
    fn every_item_type_is_read() {
        let j = journey();
        let parsed = parse_csv(
            &j,
            "Touchpoint,Label,Type,Weight,Options,N/A,Critical,Required,Photo required\n\
             Greeting,Greeted within 30 s,yes/no,2,,,yes,yes,\n\
             Greeting,Warmth,scale,4,1..5,x,,,\n\
             Farewell,Rude?,yes_no,1,no,,,,\n\
             Farewell,Tone,choice,,Warm=3; Neutral=1; Cold=0,,,,\n\
             Farewell,Wait (s),number,,60=2; 180=1,,,,\n\
             Farewell,Recommend?,NPS,,,,,,\n\
             Farewell,What did you order?,text,,,,,yes,\n\
             Farewell,Counter photo,photo,,,,,,yes\n",
        )
        .expect("checklist");
        assert_eq!(parsed.sections.len(), 2);
        assert_eq!(parsed.rows, [vec![2, 3], vec![4, 5, 6, 7, 8, 9]]);
        let greeting = &parsed.sections[0].items;
        assert!(greeting[0].critical && greeting[0].required && !greeting[0].allow_na);
        assert_eq!(greeting[0].weight, 2.0);
        assert_eq!(greeting[1].kind, ItemKind::Scale { min: 1.0, max: 5.0 });
        assert!(greeting[1].allow_na);
        let farewell = &parsed.sections[1].items;
        assert_eq!(farewell[0].kind, ItemKind::YesNo { yes_is_good: false });
        assert!(
            matches!(&farewell[1].kind, ItemKind::Choice { options } if options.len() == 3 && options[0].points == 3.0)
        );
        assert!(matches!(&farewell[2].kind, ItemKind::Number { bands } if bands[1].upto == 180.0));
        assert_eq!(farewell[3].kind, ItemKind::Nps);
        assert!(farewell[5].photo_required);
    }

    #[test]
    fn a_multi_select_reads_its_none_option_and_cap_and_refuses_bad_points() {
        let kind =
            kind("multi_select", "Napkin=1; Lid=2; None of these=none; cap=2").expect("kind");
        let ItemKind::MultiSelect {
            options,
            cap,
            none_label,
        } = kind
        else {
            panic!("not a multi-select: {kind:?}");
        };
        let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels, ["Napkin", "Lid"]);
        assert_eq!(
            (cap, none_label.as_deref()),
            (Some(2.0), Some("None of these"))
        );
        for bad in ["", "Napkin=lots", "Napkin=1; cap=many"] {
            assert_eq!(kind_error(bad).0, "options", "{bad}");
        }
    }

    fn kind_error(options: &str) -> (&'static str, String) {
        kind("multi", options).expect_err("refused")
    }

    #[test]
    fn an_ambiguous_touchpoint_needs_its_stage() {
        let j = journey();
        let err =
            parse_csv(&j, "touchpoint,label,type\nCounter,Clean,yes_no\n").expect_err("ambiguous");
        assert!(err[0].problem.contains("several stages"), "{err:?}");
        let ok = parse_csv(
            &j,
            "stage,touchpoint,label,type\nadvocacy,counter,Clean,yes_no\n",
        )
        .expect("with stage");
        assert_eq!(ok.sections[0].touchpoint_id, j.stages[1].touchpoints[1].id);
    }

    #[test]
    fn problems_are_reported_row_by_row() {
        let j = journey();
        let err = parse_csv(
            &j,
            "touchpoint,label,type,weight,options,critical\n\
             Lobby,Clean,yes_no,,,\n\
             Greeting,Smile,emoji,,,\n\
             Greeting,Tone,choice,,Warm;Cold=0,\n\
             Greeting,Quick,yes_no,much,,\n\
             Greeting,Said hi,text,,,yes\n\
             Greeting,Scale,scale,,5..1,\n",
        )
        .expect_err("problems");
        let found: Vec<_> = err
            .iter()
            .map(|p| (p.row, p.column.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            found,
            [
                (2, "touchpoint"),
                (3, "type"),
                (4, "options"),
                (5, "weight"),
                (6, "critical"),
                (7, "options")
            ],
            "{err:#?}"
        );
        assert!(err[0].problem.contains("Greeting, Counter, Farewell"));
    }

    #[test]
    fn validation_paths_point_back_at_rows() {
        let parsed = ParsedChecklist {
            sections: Vec::new(),
            rows: vec![vec![2, 3], vec![4]],
            keys: HashMap::new(),
        };
        assert_eq!(
            parsed.locate("content.sections[1].items[0].weight"),
            (4, Some("weight"))
        );
        assert_eq!(
            parsed.locate("content.sections[0].items[1].kind.options[0].label"),
            (3, Some("options"))
        );
        assert_eq!(parsed.locate("content.sections[0].items"), (2, None));
        assert_eq!(parsed.locate("content.name"), (1, None));
    }

    #[test]
    fn flags_and_ranges_read_leniently() {
        assert_eq!(parse_flag(" YES "), Some(true));
        assert_eq!(parse_flag(""), Some(false));
        assert_eq!(parse_flag("maybe"), None);
        assert_eq!(
            kind("Scale", "1-5"),
            Ok(ItemKind::Scale { min: 1.0, max: 5.0 })
        );
        assert_eq!(
            kind("scale", "-2..2"),
            Ok(ItemKind::Scale {
                min: -2.0,
                max: 2.0
            })
        );
    }
}
