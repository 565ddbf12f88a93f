//! XLSX workbooks: the first sheet, read cell by cell.
//!
//! A workbook is a ZIP archive of XML, so a small upload can unpack to gigabytes, and a sheet
//! whose used range reaches row 1 048 576 would make a dense grid of a billion cells. So the
//! archive is first unpacked into nothing with a cap on its total size, and the sheet is then
//! read cell by cell (never as a range) up to [`MAX_ROWS`] rows and [`MAX_COLUMNS`] columns.

use super::table::{Row, Table};
use super::{MAX_ROWS, Problems, column_letter};
use calamine::{DataRef, Reader, Xlsx};
use std::io::{Cursor, Read};
use touchstone_shared::import::RowProblem;

/// Most bytes a workbook may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// Columns past this one are ignored.
pub const MAX_COLUMNS: usize = 64;

const MAX_ENTRIES: usize = 10_000;

fn whole_file(problem: impl Into<String>) -> Vec<RowProblem> {
    vec![RowProblem::new(1, None, problem)]
}

/// Reads the first sheet of a workbook; its first non-blank row is the header.
pub fn read(bytes: &[u8]) -> Result<Table, Vec<RowProblem>> {
    check_unpacked_size(bytes).map_err(whole_file)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| whole_file(format!("the workbook cannot be read: {e}")))?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| whole_file("the workbook has no sheet"))?;
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(|e| whole_file(format!("the sheet `{sheet}` cannot be read: {e}")))?;

    let mut problems = Problems::default();
    let mut grid: Vec<(u32, Vec<String>)> = Vec::new();
    let mut too_many = false;
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => {
                let row = grid.last().map_or(1, |(r, _)| r + 1);
                problems.push(row, None, format!("the sheet cannot be read: {e}"));
                break;
            }
        };
        let (r, c) = cell.get_position();
        let col = usize::try_from(c).unwrap_or(usize::MAX);
        let row = r.saturating_add(1);
        let text = match text(cell.get_value()) {
            Ok(text) => text,
            Err(problem) => {
                problems.push(row, Some(&column_letter(col)), problem);
                String::new()
            }
        };
        if text.is_empty() || col >= MAX_COLUMNS {
            continue;
        }
        if grid.last().is_none_or(|(last, _)| *last != row) {
            // Rows hold data only past the header, so the header is grid[0].
            if grid.len() > MAX_ROWS {
                too_many = true;
                problems.push(
                    row,
                    None,
                    format!(
                        "too many rows: an import takes at most {MAX_ROWS} rows under the header"
                    ),
                );
                break;
            }
            grid.push((row, Vec::new()));
        }
        if let Some((_, cells)) = grid.last_mut() {
            if cells.len() <= col {
                cells.resize(col + 1, String::new());
            }
            cells[col] = text;
        }
    }
    drop(cells);
    if too_many {
        return problems.finish(Table::default());
    }
    let mut rows = grid.into_iter();
    let Some((header_row, header)) = rows.next() else {
        return Err(whole_file("the first sheet is empty"));
    };
    // Name a column in a problem by its header, now that the header is known.
    let problems = problems.finish(()).err().map(|found| {
        found
            .into_iter()
            .map(|mut p| {
                if let Some(letter) = &p.column
                    && let Some(name) = (0..header.len())
                        .find(|&i| column_letter(i) == *letter)
                        .and_then(|i| header.get(i))
                        .filter(|h| !h.is_empty())
                {
                    p.column = Some(name.clone());
                }
                p
            })
            .collect::<Vec<_>>()
    });
    if let Some(problems) = problems {
        return Err(problems);
    }
    Ok(Table {
        header_row,
        header,
        rows: rows.map(|(number, cells)| Row { number, cells }).collect(),
    })
}

/// A cell as the text an import parses; error cells (`#REF!`, `#DIV/0!`) are problems.
fn text(value: &DataRef<'_>) -> Result<String, String> {
    Ok(match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            s.trim().to_owned()
        }
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        // Rust prints the shortest text that reads back as the same f64, so coordinates
        // survive exactly; whole numbers lose the `.0`.
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d.as_f64().to_string(),
        DataRef::Error(e) => return Err(format!("the cell holds a spreadsheet error ({e})")),
    })
}

/// Unpacks every entry into nothing, refusing archives that grow past
/// [`MAX_UNPACKED_BYTES`] whatever sizes their headers declare.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "the file is not an XLSX workbook (it is not a ZIP archive)".to_owned())?;
    if archive.len() > MAX_ENTRIES {
        return Err("the workbook has too many parts".into());
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index(i)
            .map_err(|e| format!("the workbook is damaged: {e}"))?;
        let budget = MAX_UNPACKED_BYTES - total;
        let read = std::io::copy(&mut entry.take(budget + 1), &mut std::io::sink())
            .map_err(|e| format!("the workbook is damaged: {e}"))?;
        total += read;
        if total > MAX_UNPACKED_BYTES {
            return Err(format!(
                "the workbook unpacks to more than {} MiB; split it into smaller files",
                MAX_UNPACKED_BYTES / 1024 / 1024
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook;

    fn workbook(fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut book = Workbook::new();
        fill(book.add_worksheet());
        book.save_to_buffer().expect("xlsx")
    }

    #[test]
    fn reads_text_and_numbers_exactly() {
        let bytes = workbook(|ws| {
            ws.write(0, 0, "Name").expect("cell");
            ws.write(0, 1, "Lat").expect("cell");
            ws.write(0, 2, "Radius").expect("cell");
            ws.write(1, 0, " Chiado ").expect("cell");
            ws.write(1, 1, 38.710_712_345).expect("cell");
            ws.write(1, 2, 150).expect("cell");
            ws.write(3, 0, "Baixa").expect("cell");
        });
        let t = read(&bytes).expect("table");
        assert_eq!(t.header_row, 1);
        assert_eq!(t.header, ["Name", "Lat", "Radius"]);
        assert_eq!(t.rows[0].cells, ["Chiado", "38.710712345", "150"]);
        assert_eq!(t.rows[1].number, 4);
        assert_eq!(t.rows[1].cells, ["Baixa"]);
    }

    #[test]
    fn a_header_below_blank_rows_keeps_its_row_number() {
        let bytes = workbook(|ws| {
            ws.write(2, 1, "code").expect("cell");
            ws.write(3, 1, "A").expect("cell");
        });
        let t = read(&bytes).expect("table");
        assert_eq!(t.header_row, 3);
        assert_eq!(t.header, ["", "code"]);
        assert_eq!(t.rows[0].number, 4);
    }

    #[test]
    fn a_far_away_cell_does_not_make_a_huge_grid() {
        let bytes = workbook(|ws| {
            ws.write(0, 0, "name").expect("cell");
            ws.write(1, 0, "a").expect("cell");
            ws.write(1_048_575, 16_383, "far").expect("cell");
        });
        let t = read(&bytes).expect("table");
        assert_eq!(t.rows.len(), 1, "the far cell is past the last column read");
    }

    #[test]
    fn too_many_rows_are_refused() {
        let bytes = workbook(|ws| {
            ws.write(0, 0, "name").expect("cell");
            for r in 1..=u32::try_from(MAX_ROWS).expect("fits") + 1 {
                ws.write(r, 0, "x").expect("cell");
            }
        });
        let err = read(&bytes).expect_err("too many");
        assert!(err[0].problem.contains("too many rows"), "{err:?}");
    }

    #[test]
    fn not_a_workbook_is_said_plainly() {
        let err = read(b"name,code\n").expect_err("not zip");
        assert!(err[0].problem.contains("not an XLSX"));
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_parsed() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(
            "xl/sharedStrings.xml",
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .expect("entry");
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..=MAX_UNPACKED_BYTES / (1024 * 1024) {
            zip.write_all(&zeros).expect("write");
        }
        let bytes = zip.finish().expect("zip").into_inner();
        assert!(bytes.len() < 1024 * 1024);
        let err = read(&bytes).expect_err("bomb");
        assert!(err[0].problem.contains("unpacks to more than"), "{err:?}");
    }
}
