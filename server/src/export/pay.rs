//! Pay lines for payroll as CSV and XLSX: one row per payable line, then one total row per
//! shopper and currency. Amounts are integer minor units.

use super::cells::neutralise;
use super::xlsx::{add_sheet, date_format, write_local_time, write_text};
use chrono::SecondsFormat;
use chrono_tz::Tz;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use touchstone_shared::pay::{LedgerLine, ShopperTotal, totals};

/// The columns.
pub const HEADER: [&str; 10] = [
    "job_id",
    "shopper_id",
    "shopper",
    "location",
    "approved_at",
    "fee",
    "reimbursement",
    "adjustment",
    "total",
    "currency",
];

/// One row as text cells: a line's, or (no job) a shopper's total.
fn rows(lines: &[LedgerLine], tz: Tz) -> Vec<[String; 10]> {
    let (shoppers, _) = totals(lines.iter().map(|l| &l.line));
    let mut out: Vec<[String; 10]> = lines
        .iter()
        .map(|l| {
            let p = &l.line;
            [
                p.job_id.to_string(),
                p.shopper_id.to_string(),
                neutralise(&p.shopper_name).into_owned(),
                neutralise(&p.location_name).into_owned(),
                l.approved_at
                    .with_timezone(&tz)
                    .to_rfc3339_opts(SecondsFormat::Secs, true),
                p.fee_minor.to_string(),
                p.reimbursement_minor.to_string(),
                p.adjustment_minor.to_string(),
                p.total_minor.to_string(),
                p.currency.clone(),
            ]
        })
        .collect();
    out.extend(shoppers.iter().map(total_row));
    out
}

fn total_row(t: &ShopperTotal) -> [String; 10] {
    let blank = String::new;
    [
        "total".into(),
        t.shopper_id.to_string(),
        neutralise(&t.shopper_name).into_owned(),
        blank(),
        blank(),
        blank(),
        blank(),
        blank(),
        t.total_minor.to_string(),
        t.currency.clone(),
    ]
}

/// The lines as UTF-8 CSV with a byte-order mark (which Excel needs to read UTF-8).
pub fn csv(lines: &[LedgerLine], tz: Tz) -> Result<Vec<u8>, ::csv::Error> {
    let mut out = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(HEADER)?;
    for row in rows(lines, tz) {
        out.write_record(&row)?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// The lines as an XLSX workbook: a `ledger` sheet, amounts and times as numbers and dates.
pub fn xlsx(lines: &[LedgerLine], tz: Tz) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = date_format();
    let widths = [(0, 38.0), (1, 38.0), (2, 24.0), (3, 24.0), (4, 20.0)];
    let sheet = add_sheet(&mut book, "ledger", &HEADER, &widths, &bold)?;
    let money = |n: &str| n.parse::<i64>().ok();
    for (row, (cells, line)) in (1u32..).zip(
        rows(lines, tz)
            .into_iter()
            .zip(lines.iter().map(Some).chain(std::iter::repeat(None))),
    ) {
        for (col, cell) in (0u16..).zip(&cells) {
            match (col, line) {
                (4, Some(l)) => {
                    write_local_time(sheet, row, col, l.approved_at.with_timezone(&tz), &date)?
                }
                // Minor units are whole numbers well inside a double's exact range.
                #[allow(clippy::cast_precision_loss)]
                (5..=8, _) if money(cell).is_some() => {
                    sheet.write_number(row, col, money(cell).unwrap_or_default() as f64)?;
                }
                _ => write_text(sheet, row, col, cell)?,
            }
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;
    use touchstone_shared::panel::PayLine;
    use uuid::Uuid;

    fn line(name: &str, total: i64) -> LedgerLine {
        LedgerLine {
            line: PayLine {
                job_id: Uuid::now_v7(),
                shopper_id: Uuid::nil(),
                shopper_name: name.into(),
                location_name: "Chiado".into(),
                fee_minor: total,
                reimbursement_minor: 0,
                adjustment_minor: 0,
                total_minor: total,
                currency: "EUR".into(),
                payable: true,
                status: touchstone_shared::pay::PayStatus::Paid,
            },
            approved_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("time"),
        }
    }

    #[test]
    fn lines_then_totals_defused_in_both_formats() {
        let lines = [line("=Ana", 2501), line("=Ana", 1199)];
        let text = String::from_utf8(csv(&lines, Tz::Europe__Lisbon).expect("csv")).expect("utf-8");
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 4, "{text}");
        assert!(rows[1].contains(",'=Ana,Chiado,2023-11-14T22:13:20Z,2501,0,0,2501,EUR"));
        assert!(
            rows[3].starts_with("total,") && rows[3].ends_with(",3700,EUR"),
            "{text}"
        );
        let bytes = xlsx(&lines, Tz::UTC).expect("xlsx");
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("xlsx");
        let sheet = book.worksheet_range("ledger").expect("sheet");
        assert_eq!(sheet.get((0, 8)), Some(&Data::String("total".into())));
        assert_eq!(sheet.get((2, 2)), Some(&Data::String("'=Ana".into())));
        assert_eq!(sheet.get((3, 0)), Some(&Data::String("total".into())));
        assert_eq!(sheet.get((3, 8)), Some(&Data::Float(3700.0)));
        assert!(matches!(sheet.get((1, 4)), Some(Data::DateTime(_))));
    }
}
