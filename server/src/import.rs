//! Spreadsheet imports: CSV and XLSX files read into a [`table::Table`], then turned into
//! locations or checklist items. Pure functions, no I/O: the service runs them and stores the
//! result in one transaction.
//!
//! Problems are collected, not returned at the first one, so that a person can fix a file in
//! one go; the layouts are documented in `docs/import-formats.md`.

pub mod checklists;
pub mod csv;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
pub mod locations;
pub mod table;
pub mod xlsx;

use table::Table;
use touchstone_shared::import::RowProblem;

/// Most data rows one import takes.
pub const MAX_ROWS: usize = 10_000;

/// Most problems reported for one file; past it the report says that there are more.
pub const MAX_PROBLEMS: usize = 500;

/// Media type of XLSX workbooks.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The file formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma- (or semicolon-, or tab-) separated text in UTF-8.
    Csv,
    /// Excel workbook (first sheet).
    Xlsx,
}

impl Format {
    /// The format a `Content-Type` names; `application/octet-stream` is told apart by the
    /// file's first bytes (an XLSX workbook is a ZIP archive). The media types a cross-site
    /// form may send without a CORS preflight (`text/plain`, `multipart/form-data`,
    /// `application/x-www-form-urlencoded`) are none of these, so a forged request cannot
    /// reach an import even where `Origin` headers are missing.
    pub fn from_media_type(content_type: &str, bytes: &[u8]) -> Option<Format> {
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match mime.as_str() {
            "text/csv" | "application/csv" => Some(Format::Csv),
            XLSX_MEDIA_TYPE => Some(Format::Xlsx),
            "application/octet-stream" if bytes.starts_with(b"PK\x03\x04") => Some(Format::Xlsx),
            "application/octet-stream" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Reads a file of `format` into a table of rows.
pub fn read(format: Format, bytes: &[u8]) -> Result<Table, Vec<RowProblem>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(vec![RowProblem::new(1, None, "the file is empty")]);
    }
    match format {
        Format::Csv => csv::read(bytes),
        Format::Xlsx => xlsx::read(bytes),
    }
}

/// Collects problems up to [`MAX_PROBLEMS`].
#[derive(Debug, Default)]
pub struct Problems(Vec<RowProblem>);

impl Problems {
    /// Adds a problem (dropped past the limit, which [`Problems::finish`] reports).
    pub fn push(&mut self, row: u32, column: Option<&str>, problem: impl Into<String>) {
        if self.0.len() <= MAX_PROBLEMS {
            self.0.push(RowProblem::new(row, column, problem));
        }
    }

    /// Adds problems found elsewhere.
    pub fn extend(&mut self, problems: impl IntoIterator<Item = RowProblem>) {
        for p in problems {
            if self.0.len() > MAX_PROBLEMS {
                break;
            }
            self.0.push(p);
        }
    }

    /// Whether nothing is wrong so far.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing is wrong, else every problem in row order.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<RowProblem>> {
        let mut problems = self.0;
        if problems.is_empty() {
            return Ok(value);
        }
        problems.sort_by_key(|p| p.row);
        if problems.len() > MAX_PROBLEMS {
            problems.truncate(MAX_PROBLEMS);
            let last = problems.last().map_or(1, |p| p.row);
            problems.push(RowProblem::new(
                last,
                None,
                format!("more than {MAX_PROBLEMS} problems; fix these and import again"),
            ));
        }
        Err(problems)
    }
}

/// Spreadsheet name of a 0-based column: A, B, …, Z, AA, …
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_like_a_spreadsheet() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn formats_follow_the_media_type_or_the_magic_bytes() {
        assert_eq!(
            Format::from_media_type("text/csv; charset=utf-8", b"a,b"),
            Some(Format::Csv)
        );
        assert_eq!(
            Format::from_media_type(XLSX_MEDIA_TYPE, b"PK\x03\x04"),
            Some(Format::Xlsx)
        );
        assert_eq!(
            Format::from_media_type("application/octet-stream", b"PK\x03\x04..."),
            Some(Format::Xlsx)
        );
        assert_eq!(Format::from_media_type("application/json", b"{}"), None);
        for cors_simple in [
            "text/plain",
            "text/plain; charset=utf-8",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded",
        ] {
            assert_eq!(
                Format::from_media_type(cors_simple, b"a,b"),
                None,
                "{cors_simple}"
            );
        }
    }

    #[test]
    fn problems_are_sorted_by_row_and_capped() {
        let mut p = Problems::default();
        p.push(5, Some("lat"), "x");
        p.push(2, None, "y");
        let err = p.finish(()).expect_err("problems");
        assert_eq!(err[0].row, 2);
        let mut many = Problems::default();
        for row in 0..2000 {
            many.push(row, None, "bad");
        }
        let err = many.finish(()).expect_err("problems");
        assert_eq!(err.len(), MAX_PROBLEMS + 1);
        assert!(err[MAX_PROBLEMS].problem.contains("more than"));
    }
}
