//! Answer rows as CSV (UTF-8 with a byte-order mark, which Excel needs to read UTF-8).

use super::answers::{AnswerRow, HEADER};
use super::cells::{Value, neutralise, number};
use chrono::SecondsFormat;

/// The first bytes of the file: the byte-order mark and the header.
pub fn header() -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend_from_slice(HEADER.join(",").as_bytes());
    out.extend_from_slice(b"\r\n");
    out
}

/// Rows as CSV lines.
pub fn encode(rows: &[AnswerRow]) -> Result<Vec<u8>, ::csv::Error> {
    let mut writer = ::csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(::csv::Terminator::CRLF)
        // Every text cell in quotes: a spreadsheet that splits on `;` keeps it one cell.
        .quote_style(::csv::QuoteStyle::NonNumeric)
        .from_writer(Vec::with_capacity(rows.len() * 160));
    for r in rows {
        let opt = |n: Option<f64>| n.map(number).unwrap_or_default();
        let value = match &r.value {
            Value::Empty => String::new(),
            Value::Text(t) => neutralise(t).into_owned(),
            Value::Number(n) => number(*n),
        };
        writer.write_record([
            r.audit_id.to_string().as_str(),
            &neutralise(&r.location_code),
            &neutralise(&r.auditor),
            r.status.as_str(),
            &r.check_in_at
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
                .unwrap_or_default(),
            &neutralise(&r.stage),
            &neutralise(&r.touchpoint),
            &r.item_id.to_string(),
            &neutralise(&r.item),
            &value,
            &opt(r.points),
            &opt(r.possible),
            &neutralise(&r.comment),
            &neutralise(&r.flags),
        ])?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use touchstone_shared::audit::AuditStatus;
    use uuid::Uuid;

    #[test]
    fn rows_are_quoted_and_defused() {
        let row = AnswerRow {
            audit_id: Uuid::nil(),
            location_code: "=1+1".into(),
            auditor: "Ana, \"the\" auditor".into(),
            status: AuditStatus::Approved,
            check_in_at: None,
            stage: "Purchase".into(),
            touchpoint: "Greeting".into(),
            item_id: Uuid::nil(),
            item: "Wait".into(),
            value: Value::Number(-3.5),
            points: Some(1.0),
            possible: Some(2.0),
            comment: "@cmd".into(),
            flags: String::new(),
        };
        let text = String::from_utf8(encode(&[row]).expect("csv")).expect("utf-8");
        assert_eq!(
            text,
            "\"00000000-0000-0000-0000-000000000000\",\"'=1+1\",\"Ana, \"\"the\"\" auditor\",\
             \"approved\",\"\",\"Purchase\",\"Greeting\",\"00000000-0000-0000-0000-000000000000\",\
             \"Wait\",-3.5,1,2,\"'@cmd\",\"\"\r\n"
        );
        assert!(header().starts_with(b"\xEF\xBB\xBFaudit_id,location_code"));
    }
}
