//! CSV files: UTF-8 (with or without a byte-order mark), separated by commas, semicolons
//! (as Excel saves them in much of Europe) or tabs, whichever the header row uses.

use super::table::{Row, Table};
use super::{MAX_ROWS, Problems, column_letter};
use touchstone_shared::import::RowProblem;

const NOT_UTF8: &str =
    "the text is not UTF-8: save the file as \u{201c}CSV UTF-8\u{201d} and import it again";

/// Reads a CSV file into a table; the first record is the header.
pub fn read(bytes: &[u8]) -> Result<Table, Vec<RowProblem>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(vec![RowProblem::new(
            1,
            None,
            "the file is UTF-16 text: save it as \u{201c}CSV UTF-8\u{201d} and import it again",
        )]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(bytes))
        .from_reader(bytes);
    let mut problems = Problems::default();
    let mut table = Table::default();
    let mut record = ::csv::ByteRecord::new();
    let mut records: usize = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e
                    .position()
                    .map_or(1, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
                problems.push(row, None, format!("the CSV is malformed: {e}"));
                break;
            }
        }
        // Text editors and spreadsheets number lines alike unless a quoted cell spans lines.
        let row = record
            .position()
            .map_or(1, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        records += 1;
        if records > MAX_ROWS + 1 {
            problems.push(
                row,
                None,
                format!("too many rows: an import takes at most {MAX_ROWS} rows under the header"),
            );
            break;
        }
        let mut cells = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(text) => cells.push(text.trim().to_owned()),
                Err(_) => {
                    let column = table
                        .header
                        .get(i)
                        .filter(|h| !h.is_empty())
                        .cloned()
                        .unwrap_or_else(|| column_letter(i));
                    problems.push(row, Some(&column), NOT_UTF8);
                    cells.push(String::new());
                }
            }
        }
        if records == 1 {
            table.header_row = row;
            table.header = cells;
        } else if cells.iter().any(|c| !c.is_empty()) {
            table.rows.push(Row { number: row, cells });
        }
    }
    problems.finish(table)
}

/// The separator the header line uses most, outside quotes; a comma when it has none.
fn delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_their_spreadsheet_numbers() {
        let t = read(b"\xEF\xBB\xBFname,code\nChiado , LIS-01\n,\n\"Baixa, Lisboa\",LIS-02\n")
            .expect("table");
        assert_eq!(t.header, ["name", "code"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[0].cells, ["Chiado", "LIS-01"]);
        // The blank row 3 is skipped but keeps its number.
        assert_eq!(t.rows[1].number, 4);
        assert_eq!(t.rows[1].cells[0], "Baixa, Lisboa");
    }

    #[test]
    fn semicolons_and_tabs_are_recognised() {
        let t = read(b"name;lat\nA;38.7\n").expect("table");
        assert_eq!(t.rows[0].cells, ["A", "38.7"]);
        let t = read(b"name\tlat\nA\t38.7\n").expect("table");
        assert_eq!(t.rows[0].cells, ["A", "38.7"]);
    }

    #[test]
    fn latin1_text_is_reported_by_row_and_column() {
        let err = read(b"name,code\nCaf\xE9,A\nOk,B\nNa\xEFve,C\n").expect_err("encoding");
        assert_eq!(err.len(), 2);
        assert_eq!((err[0].row, err[0].column.as_deref()), (2, Some("name")));
        assert_eq!(err[1].row, 4);
        assert!(err[0].problem.contains("UTF-8"));
    }

    #[test]
    fn utf16_is_refused_at_once() {
        let err = read(b"\xFF\xFEn\x00a\x00").expect_err("utf-16");
        assert!(err[0].problem.contains("UTF-16"));
    }

    #[test]
    fn too_many_rows_are_refused() {
        let mut file = b"name\n".to_vec();
        for i in 0..=MAX_ROWS {
            file.extend_from_slice(format!("n{i}\n").as_bytes());
        }
        let err = read(&file).expect_err("too many");
        assert!(err[0].problem.contains("too many rows"));
        assert_eq!(err[0].row, u32::try_from(MAX_ROWS).expect("fits") + 2);
    }
}
