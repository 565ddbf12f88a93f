//! Answer rows as an XLSX workbook written in constant-memory mode: each row goes to a
//! temporary file as it is written, and a sheet that fills up continues on a new one.

use super::answers::{AnswerRow, HEADER};
use super::cells::{Value, neutralise};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::Write;

/// Rows per sheet, header included (Excel's limit).
pub const SHEET_ROWS: u32 = 1_048_576;

/// Adds a constant-memory sheet named `name`: `header` in bold on a frozen first row, and
/// columns widened as `widths` (column, characters) says.
pub fn add_sheet<'a>(
    book: &'a mut Workbook,
    name: &str,
    header: &[&str],
    widths: &[(u16, f64)],
    bold: &Format,
) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(name)?;
    for &(col, width) in widths {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (col, title) in (0u16..).zip(header) {
        sheet.write_string_with_format(0, col, *title, bold)?;
    }
    Ok(sheet)
}

/// Writes text, defused (see [`neutralise`]); nothing for empty text.
pub fn write_text(sheet: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
    if !s.is_empty() {
        sheet.write_string(row, col, neutralise(s))?;
    }
    Ok(())
}

/// Writes a time as the wall-clock time in its zone (Excel has no zones).
pub fn write_local_time<Z: chrono::TimeZone>(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    t: chrono::DateTime<Z>,
    format: &Format,
) -> Result<(), XlsxError> {
    let at = ExcelDateTime::from_timestamp(t.naive_local().and_utc().timestamp())?;
    sheet.write_datetime_with_format(row, col, &at, format)?;
    Ok(())
}

/// The format of [`write_local_time`]'s cells.
pub fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd hh:mm:ss")
}

/// A workbook being written.
pub struct AnswerBook {
    book: Workbook,
    sheets: usize,
    row: u32,
    rows_per_sheet: u32,
    bold: Format,
    date: Format,
}

impl AnswerBook {
    /// A workbook with its first sheet and header.
    pub fn new() -> Result<Self, XlsxError> {
        Self::with_rows_per_sheet(SHEET_ROWS)
    }

    /// A workbook whose sheets hold `rows_per_sheet` rows (for tests of the overflow).
    pub fn with_rows_per_sheet(rows_per_sheet: u32) -> Result<Self, XlsxError> {
        let mut book = AnswerBook {
            book: Workbook::new(),
            sheets: 0,
            row: 0,
            rows_per_sheet: rows_per_sheet.clamp(2, SHEET_ROWS),
            bold: Format::new().set_bold(),
            date: date_format(),
        };
        book.new_sheet()?;
        Ok(book)
    }

    fn new_sheet(&mut self) -> Result<(), XlsxError> {
        let name = match self.sheets {
            0 => "answers".to_owned(),
            n => format!("answers {}", n + 1),
        };
        let widths = [
            (0, 38.0),
            (2, 24.0),
            (5, 20.0),
            (8, 38.0),
            (9, 40.0),
            (13, 30.0),
        ];
        add_sheet(&mut self.book, &name, &HEADER, &widths, &self.bold)?;
        self.sheets += 1;
        self.row = 1;
        Ok(())
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.book.worksheet_from_index(self.sheets - 1)
    }

    /// Appends rows.
    pub fn write(&mut self, rows: &[AnswerRow]) -> Result<(), XlsxError> {
        for r in rows {
            if self.row >= self.rows_per_sheet {
                self.new_sheet()?;
            }
            let row = self.row;
            let date = self.date.clone();
            let sheet = self.sheet()?;
            let text = |sheet: &mut Worksheet, col: u16, s: &str| write_text(sheet, row, col, s);
            text(sheet, 0, &r.audit_id.to_string())?;
            text(sheet, 1, &r.location_code)?;
            text(sheet, 2, &r.location_name)?;
            text(sheet, 3, &r.auditor)?;
            text(sheet, 4, r.status.as_str())?;
            if let Some(t) = r.check_in_at {
                write_local_time(sheet, row, 5, t, &date)?;
            }
            text(sheet, 6, &r.stage)?;
            text(sheet, 7, &r.touchpoint)?;
            text(sheet, 8, &r.item_id.to_string())?;
            text(sheet, 9, &r.item)?;
            match &r.value {
                Value::Empty => {}
                Value::Text(t) => text(sheet, 10, t)?,
                Value::Number(n) => {
                    sheet.write_number(row, 10, *n)?;
                }
            }
            if let Some(p) = r.points {
                sheet.write_number(row, 11, p)?;
            }
            if let Some(p) = r.possible {
                sheet.write_number(row, 12, p)?;
            }
            text(sheet, 13, &r.comment)?;
            text(sheet, 14, &r.flags)?;
            self.row += 1;
        }
        Ok(())
    }

    /// Writes the workbook out.
    pub fn finish<W: Write + Send>(mut self, out: W) -> Result<(), XlsxError> {
        self.book.save_to_writer(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;
    use touchstone_shared::audit::AuditStatus;
    use uuid::Uuid;

    fn row(n: f64) -> AnswerRow {
        AnswerRow {
            audit_id: Uuid::now_v7(),
            location_code: "LIS-01".into(),
            location_name: "Chiado".into(),
            auditor: "Ana".into(),
            status: AuditStatus::Approved,
            check_in_at: chrono::DateTime::from_timestamp(1_700_000_000, 0)
                .map(|t| t.with_timezone(&chrono_tz::Tz::UTC)),
            stage: "Purchase".into(),
            touchpoint: "Greeting".into(),
            item_id: Uuid::now_v7(),
            item: "=cmd".into(),
            value: Value::Number(n),
            points: Some(n),
            possible: Some(2.0),
            comment: String::new(),
            flags: String::new(),
        }
    }

    #[test]
    fn a_full_sheet_continues_on_the_next() {
        let mut book = AnswerBook::with_rows_per_sheet(3).expect("book");
        book.write(&[row(1.0), row(2.0), row(3.0)]).expect("rows");
        let mut out = Cursor::new(Vec::new());
        book.finish(&mut out).expect("saved");
        let mut xlsx: Xlsx<_> = Xlsx::new(Cursor::new(out.into_inner())).expect("xlsx");
        assert_eq!(xlsx.sheet_names(), ["answers", "answers 2"]);
        let first = xlsx.worksheet_range("answers").expect("sheet");
        assert_eq!(first.height(), 3);
        assert_eq!(first.get((1, 9)), Some(&Data::String("'=cmd".into())));
        assert_eq!(first.get((2, 11)), Some(&Data::Float(2.0)));
        let second = xlsx.worksheet_range("answers 2").expect("sheet");
        assert_eq!(second.get((0, 0)), Some(&Data::String("audit_id".into())));
        assert_eq!(second.get((1, 10)), Some(&Data::Float(3.0)));
        assert!(matches!(first.get((1, 5)), Some(Data::DateTime(_))));
    }
}
