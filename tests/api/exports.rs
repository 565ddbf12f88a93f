//! Exports of audits and answers: one row per answer, the same in CSV and XLSX, formulas
//! defused, managers limited to approved audits, and any number of audits paged through.

use calamine::{Data, Reader, Xlsx};
use futures_util::StreamExt;
use reqwest::StatusCode;
use std::io::Cursor;
use touchstone_server::db::exports::ExportFilter;
use touchstone_shared::audit::{AnswerValue, Audit, AuditInput, AuditStatus};
use touchstone_shared::location::LatLon;
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// Saves an audit of a new assignment as the auditor, and returns its id.
pub(crate) async fn save(w: &World, status: AuditStatus, values: [AnswerValue; 7]) -> Uuid {
    let assignment = w.new_assignment().await;
    let id = Uuid::now_v7();
    w.auditor
        .put(
            &format!("/api/v1/audits/{id}"),
            &w.audit(assignment.id, status, values),
        )
        .await
        .expect::<Audit>(201);
    id
}

/// An approved audit with these answers.
pub(crate) async fn approved(w: &World, values: [AnswerValue; 7]) -> Uuid {
    let id = save(w, AuditStatus::Submitted, values).await;
    w.approve(id).await;
    id
}

async fn download(session: &Session, path: &str) -> (StatusCode, String, Vec<u8>) {
    let response = session
        .request(reqwest::Method::GET, path)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.bytes().await.expect("body").to_vec();
    (status, content_type, bytes)
}

/// The CSV export as records (header first), after checking the response.
pub(crate) async fn csv_rows(session: &Session, query: &str) -> Vec<Vec<String>> {
    let (status, content_type, bytes) =
        download(session, &format!("/api/v1/exports/answers.csv?{query}")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a UTF-8 byte-order mark for Excel");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("record").iter().map(str::to_owned).collect())
        .collect()
}

pub(crate) fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        // Excel's serial days since 1899-12-30, back to whole seconds.
        Data::DateTime(d) => {
            let seconds = ((d.as_f64() - 25_569.0) * 86_400.0).round() as i64;
            chrono::DateTime::from_timestamp(seconds, 0)
                .expect("date")
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        }
        other => panic!("unexpected cell {other:?}"),
    }
}

#[tokio::test]
async fn the_csv_export_has_one_row_per_answer() {
    let app = TestApp::new().await;
    let w = World::build(&app, "exp-csv").await;
    let audit = approved(&w, w.perfect()).await;
    let rows = csv_rows(&w.consultant, &format!("client_id={}", w.client.id)).await;
    let header = &rows[0];
    assert_eq!(
        header.join(","),
        "audit_id,location_code,location_name,auditor,status,check_in_at,stage,touchpoint,item_id,item,value,\
         points,possible,comment,flags"
    );
    let body = &rows[1..];
    assert_eq!(body.len(), 7, "seven answers");
    let get = |row: &Vec<String>, name: &str| row[column(header, name)].clone();
    let first = &body[0];
    assert_eq!(get(first, "audit_id"), audit.to_string());
    assert_eq!(get(first, "location_code"), "LIS-01");
    assert_eq!(
        get(first, "location_name"),
        "Chiado",
        "the name beside the code"
    );
    assert_eq!(get(first, "status"), "approved");
    assert_eq!(get(first, "stage"), "Purchase");
    assert_eq!(get(first, "touchpoint"), "Greeting");
    assert_eq!(get(first, "item_id"), w.item(0).to_string());
    assert_eq!(get(first, "item"), "Greeted within 30 s");
    assert_eq!(get(first, "value"), "yes");
    assert_eq!(
        (get(first, "points"), get(first, "possible")),
        ("2".into(), "2".into())
    );
    assert_eq!(get(first, "flags"), "");
    assert!(get(first, "check_in_at").ends_with('Z'));
    // Unscored answers have no points; the NPS answer is a number.
    let nps = body
        .iter()
        .find(|r| get(r, "item") == "Recommend?")
        .expect("nps row");
    assert_eq!(
        (get(nps, "stage"), get(nps, "value"), get(nps, "points")),
        ("Advocacy".into(), "10".into(), String::new())
    );
}

#[tokio::test]
async fn the_xlsx_export_round_trips_the_csv_values() {
    let app = TestApp::new().await;
    let w = World::build(&app, "exp-xlsx").await;
    approved(&w, w.perfect()).await;
    let mut values = w.perfect();
    values[1] = AnswerValue::Scale(2.5);
    values[3] = AnswerValue::Number(95.0);
    values[4] = AnswerValue::Text("Flat white, \"très bon\"".into());
    approved(&w, values).await;
    let query = format!("client_id={}", w.client.id);
    let csv = csv_rows(&w.admin, &query).await;

    let (status, content_type, bytes) =
        download(&w.admin, &format!("/api/v1/exports/answers.xlsx?{query}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        content_type,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("calamine opens it");
    let sheet = book.worksheet_range("answers").expect("answers sheet");
    let xlsx: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(xlsx.len(), 15, "header and 14 answers");
    assert_eq!(xlsx, csv, "the same values in both formats");
    // Numbers are numbers in the workbook.
    let header = &csv[0];
    let scale = sheet
        .rows()
        .find(|r| cell_text(&r[column(header, "value")]) == "2.5")
        .expect("scale row");
    assert_eq!(scale[column(header, "value")], Data::Float(2.5));
    assert_eq!(scale[column(header, "points")], Data::Float(1.5));
    assert!(matches!(
        scale[column(header, "check_in_at")],
        Data::DateTime(_)
    ));
}

#[tokio::test]
async fn formulas_in_text_are_defused_in_both_formats() {
    let app = TestApp::new().await;
    let w = World::build(&app, "exp-inj").await;
    let mut values = w.perfect();
    values[4] = AnswerValue::Text("=HYPERLINK(\"http://evil.example\",\"click\")".into());
    let assignment = w.new_assignment().await;
    let mut input: AuditInput = w.audit(assignment.id, AuditStatus::Submitted, values);
    input.answers[0].comment = "@SUM(1+1)*cmd|' /C calc'!A0".into();
    input.answers[1].comment = "-2+3".into();
    input.answers[2].comment = "\tTabbed".into();
    let id = Uuid::now_v7();
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect::<Audit>(201);
    let query = format!("client_id={}", w.client.id);
    let csv = csv_rows(&w.consultant, &query).await;
    let header = &csv[0];
    let by_item = |item: &str| {
        csv.iter()
            .find(|r| r[column(header, "item")] == item)
            .expect("row")
            .clone()
    };
    let text = by_item("What did you order?");
    assert_eq!(
        text[column(header, "value")],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );
    let comment = column(header, "comment");
    assert_eq!(
        by_item("Greeted within 30 s")[comment],
        "'@SUM(1+1)*cmd|' /C calc'!A0"
    );
    assert_eq!(by_item("Warmth")[comment], "'-2+3");
    assert_eq!(by_item("Tone")[comment], "'\tTabbed");

    let (_, _, bytes) = download(
        &w.consultant,
        &format!("/api/v1/exports/answers.xlsx?{query}"),
    )
    .await;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("xlsx");
    let sheet = book.worksheet_range("answers").expect("sheet");
    let formulas = book.worksheet_formula("answers").expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
    let cells: Vec<String> = sheet.used_cells().map(|(_, _, c)| cell_text(c)).collect();
    assert!(cells.contains(&"'=HYPERLINK(\"http://evil.example\",\"click\")".to_owned()));
    assert!(cells.contains(&"'@SUM(1+1)*cmd|' /C calc'!A0".to_owned()));
    assert!(
        !cells
            .iter()
            .any(|c| c.starts_with(['=', '+', '-', '@', '\t']))
    );
}

#[tokio::test]
async fn managers_export_approved_audits_only() {
    let app = TestApp::new().await;
    let w = World::build(&app, "exp-mgr").await;
    let done = approved(&w, w.perfect()).await;
    let pending = save(&w, AuditStatus::Submitted, w.perfect()).await;
    let query = format!("client_id={}", w.client.id);
    let audit_ids = |rows: &[Vec<String>]| {
        let mut ids: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
        ids.dedup();
        ids
    };
    let staff = csv_rows(&w.consultant, &query).await;
    assert_eq!(audit_ids(&staff), [done.to_string(), pending.to_string()]);
    let staff_submitted = csv_rows(&w.consultant, &format!("{query}&status=submitted")).await;
    assert_eq!(audit_ids(&staff_submitted), [pending.to_string()]);
    let manager = csv_rows(&w.manager, &query).await;
    assert_eq!(audit_ids(&manager), [done.to_string()]);
    let refused = w
        .manager
        .get(&format!(
            "/api/v1/exports/answers.xlsx?{query}&status=submitted"
        ))
        .await;
    assert_eq!(refused.status.as_u16(), 403);
    // A period with nothing in it is a header only.
    let empty = csv_rows(
        &w.consultant,
        &format!("{query}&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z"),
    )
    .await;
    assert_eq!(empty.len(), 1);
    let reversed = w
        .consultant
        .get(&format!(
            "/api/v1/exports/answers.csv?{query}&from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z"
        ))
        .await;
    assert_eq!(reversed.status.as_u16(), 422);
}

#[tokio::test]
async fn exports_page_through_the_audits_in_order() {
    let app = TestApp::new().await;
    let w = World::build(&app, "exp-page").await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(approved(&w, w.perfect()).await);
    }
    ids.sort();
    let filter = ExportFilter {
        org_id: w.org_id,
        client_id: w.client.id,
        from_ms: i64::MIN,
        to_ms: i64::MAX,
        status: None,
        with_flags: true,
        time_zone: "UTC".parse().expect("zone"),
    };
    let pages: Vec<_> = touchstone_server::service::exports::rows(app.state.db.clone(), filter, 2)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(|page| page.expect("page"))
        .collect();
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        [14, 14, 7],
        "two audits of seven answers a page"
    );
    let mut seen: Vec<Uuid> = pages.iter().flatten().map(|r| r.audit_id).collect();
    seen.dedup();
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn csv_is_compressed_for_clients_that_ask_and_xlsx_is_not_compressed_twice() {
    let app = TestApp::new().await;
    let w = World::build(&app, "exp-gzip").await;
    approved(&w, w.perfect()).await;
    let encoding = |ext: &'static str| {
        let request = w
            .consultant
            .request(
                reqwest::Method::GET,
                &format!("/api/v1/exports/answers.{ext}?client_id={}", w.client.id),
            )
            .header(reqwest::header::ACCEPT_ENCODING, "gzip");
        async move {
            let response = request.send().await.expect("sent");
            assert_eq!(response.status(), StatusCode::OK);
            response
                .headers()
                .get(reqwest::header::CONTENT_ENCODING)
                .map(|v| v.to_str().expect("ascii").to_owned())
        }
    };
    assert_eq!(encoding("csv").await.as_deref(), Some("gzip"));
    assert_eq!(encoding("xlsx").await, None);
}

#[tokio::test]
async fn reviewers_see_proof_of_visit_flags_and_managers_do_not() {
    let app = TestApp::new().await;
    let w = World::build(&app, "exp-flags").await;
    let assignment = w.new_assignment().await;
    let mut input = w.audit(assignment.id, AuditStatus::Submitted, w.perfect());
    // Checked in in Porto for a shop in Lisbon.
    input.visit.position = Some(LatLon {
        lat: 41.1496,
        lon: -8.6109,
    });
    let id = Uuid::now_v7();
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect::<Audit>(201);
    w.approve(id).await;
    let query = format!("client_id={}", w.client.id);
    let flags_of = |rows: &[Vec<String>]| {
        let at = column(&rows[0], "flags");
        rows[1..].iter().map(|r| r[at].clone()).collect::<Vec<_>>()
    };
    let staff = flags_of(&csv_rows(&w.consultant, &query).await);
    assert_eq!(staff.len(), 7);
    assert!(
        staff.iter().all(|f| f.contains("outside_geofence")),
        "{staff:?}"
    );
    let manager = flags_of(&csv_rows(&w.manager, &query).await);
    assert_eq!(manager.len(), 7);
    assert!(manager.iter().all(String::is_empty), "{manager:?}");
}
