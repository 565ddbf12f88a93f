//! A sheet as rows of text cells, and its columns found by header name.

use super::{Problems, column_letter};
use std::collections::HashMap;
use touchstone_shared::import::RowProblem;

/// A sheet: the header row and the data rows under it, all text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Spreadsheet row number of the header (1 unless rows above it are blank).
    pub header_row: u32,
    /// Header cells as written.
    pub header: Vec<String>,
    /// Data rows that are not blank.
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Spreadsheet row number (the header is row 1).
    pub number: u32,
    /// Cells, trimmed, as text.
    pub cells: Vec<String>,
}

/// A column an import understands.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name in reports and in the documentation.
    pub name: &'static str,
    /// Other header names accepted for it (normalised, see [`normalise_header`]).
    pub aliases: &'static [&'static str],
    /// Whether a file without it is refused.
    pub required: bool,
}

/// Where each known column is in a table.
#[derive(Debug, Clone)]
pub struct Columns {
    at: HashMap<&'static str, usize>,
}

/// A header as compared: lower case, runs of anything but letters and digits made one `_`,
/// so that `Photo required`, `photo-required` and `PHOTO_REQUIRED` are the same, and
/// `N/A` is `n_a`.
pub fn normalise_header(header: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

impl Table {
    /// Finds `known` columns by header; a required column that is missing, or a column named
    /// twice, is a problem of the header row. Other columns are ignored.
    pub fn columns(&self, known: &[Column]) -> Result<Columns, Vec<RowProblem>> {
        let mut problems = Problems::default();
        let mut at = HashMap::new();
        for (index, header) in self.header.iter().enumerate() {
            let normal = normalise_header(header);
            let Some(column) = known
                .iter()
                .find(|c| c.name == normal || c.aliases.contains(&normal.as_str()))
            else {
                continue;
            };
            if let Some(first) = at.insert(column.name, index) {
                problems.push(
                    self.header_row,
                    Some(column.name),
                    format!(
                        "the column is named twice, in {} and {}",
                        column_letter(first),
                        column_letter(index)
                    ),
                );
            }
        }
        for column in known.iter().filter(|c| c.required) {
            if !at.contains_key(column.name) {
                problems.push(
                    self.header_row,
                    Some(column.name),
                    format!(
                        "missing column: the header row must have a `{}` column",
                        column.name
                    ),
                );
            }
        }
        problems.finish(Columns { at })
    }
}

impl Columns {
    /// Whether the table has the column.
    pub fn has(&self, name: &str) -> bool {
        self.at.contains_key(name)
    }

    /// The row's cell of a column; empty when the table lacks the column or the row is short.
    pub fn get<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.at
            .get(name)
            .and_then(|&i| row.cells.get(i))
            .map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[Column] = &[
        Column {
            name: "lat",
            aliases: &["latitude"],
            required: true,
        },
        Column {
            name: "photo_required",
            aliases: &["photo"],
            required: false,
        },
    ];

    fn table(header: &[&str]) -> Table {
        Table {
            header_row: 1,
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: vec![Row {
                number: 2,
                cells: vec!["1".into(), "2".into()],
            }],
        }
    }

    #[test]
    fn headers_match_whatever_their_case_and_punctuation() {
        assert_eq!(normalise_header("  Photo Required "), "photo_required");
        assert_eq!(normalise_header("N/A"), "n_a");
        assert_eq!(normalise_header("\u{feff}Radius (m)"), "radius_m");
        let t = table(&["Photo-required", "LATITUDE"]);
        let cols = t.columns(KNOWN).expect("columns");
        assert_eq!(cols.get(&t.rows[0], "lat"), "2");
        assert_eq!(cols.get(&t.rows[0], "photo_required"), "1");
    }

    #[test]
    fn a_missing_required_column_is_reported_on_row_one() {
        let err = table(&["photo"]).columns(KNOWN).expect_err("missing");
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].row, 1);
        assert_eq!(err[0].column.as_deref(), Some("lat"));
        assert!(err[0].problem.contains("missing column"));
    }

    #[test]
    fn a_column_named_twice_is_reported() {
        let err = table(&["lat", "Latitude"])
            .columns(KNOWN)
            .expect_err("twice");
        assert!(err[0].problem.contains("A and B"), "{err:?}");
    }
}
