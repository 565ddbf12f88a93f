//! The client report: a valid PDF whose text says what the scorecard says, whose pages
//! render, for staff and the client's managers only.

use crate::exports::approved;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::process::Command;
use touchstone_server::evidence::fixtures;
use touchstone_shared::audit::{AnswerValue, Audit, AuditStatus};
use touchstone_shared::client::Client;
use touchstone_shared::photo::Photo;
use touchstone_shared::scorecard::Scorecard;
use touchstone_tests::{Session, TestApp, World};

async fn fetch_pdf(
    session: &Session,
    query: &str,
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let response = session
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/reports/client.pdf?{query}"),
        )
        .send()
        .await
        .expect("sent");
    let status = response.status();
    let headers = response.headers().clone();
    (
        status,
        headers,
        response.bytes().await.expect("body").to_vec(),
    )
}

/// Runs a poppler tool; the suite needs Debian's `poppler-utils` and fails without it.
pub(crate) fn poppler(tool: &str, args: &[&str]) -> std::process::Output {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("`{tool}` from Debian's poppler-utils must be installed to check reports: {e}")
    });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[tokio::test]
async fn the_client_report_is_a_pdf_with_the_scorecard_in_it() {
    let app = TestApp::new().await;
    let w = World::build(&app, "report").await;
    approved(&w, w.perfect()).await;
    let mut weaker = w.perfect();
    weaker[0] = AnswerValue::YesNo(false);
    weaker[2] = AnswerValue::Choice("Cold".into());
    approved(&w, weaker.clone()).await;
    // The third weak audit has a photo of the empty door and one of the queue.
    let mut photos = Vec::new();
    for width in [640, 480] {
        let photo: Photo = w
            .auditor
            .send_raw(
                Method::POST,
                "/api/v1/photos",
                "image/jpeg",
                fixtures::jpeg(width, 360),
            )
            .await
            .expect(201);
        photos.push(photo.sha256);
    }
    let assignment = w.new_assignment().await;
    let mut input = w.audit(assignment.id, AuditStatus::Submitted, weaker);
    input.answers[0].photos = vec![photos[0].clone()];
    input.answers[0].comment = "Nobody at the door".into();
    input.touchpoint_notes[0].photos = vec![photos[1].clone()];
    let id = uuid::Uuid::now_v7();
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect::<Audit>(201);
    w.approve(id).await;
    let card: Scorecard = w
        .manager
        .get(&format!("/api/v1/scorecards?client_id={}", w.client.id))
        .await
        .expect(200);
    let overall = card.overall.mean.expect("a score");

    let (status, headers, pdf) = fetch_pdf(&w.manager, &format!("client_id={}", w.client.id)).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert_eq!(headers[reqwest::header::CONTENT_TYPE], "application/pdf");
    assert!(
        headers[reqwest::header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .contains(".pdf")
    );
    assert!(pdf.starts_with(b"%PDF-"), "a PDF header");
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"), "a PDF trailer");

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, &pdf).expect("written");
    let path = file.to_str().expect("utf-8 path");

    let info = String::from_utf8(poppler("pdfinfo", &[path]).stdout).expect("utf-8");
    assert!(
        info.contains(&format!(
            "Title:           Client report: {}",
            w.client.name
        )),
        "{info}"
    );
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert!(pages >= 3, "{pages} pages");

    let text = String::from_utf8(poppler("pdftotext", &[path, "-"]).stdout).expect("utf-8 text");
    // Paragraphs wrap where the layout chose: compare with runs of white space as one space.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "CLIENT REPORT".to_owned(),
        w.client.name.clone(),
        "Executive summary".into(),
        "Overall score".into(),
        format!("{overall:.1} %"),
        "Across 3 approved audits".into(),
        "Net Promoter Score was +100".into(),
        "Scorecard by stage and touchpoint".into(),
        "Purchase".into(),
        "Advocacy".into(),
        "Greeting".into(),
        "Counter".into(),
        "Farewell".into(),
        "Journey map".into(),
        "Location ranking".into(),
        "LIS-01".into(),
        "Chiado".into(),
        "Worst items".into(),
        "Greeted within 30 s".into(),
        "Photo evidence".into(),
        "Greeting \u{2014} Greeted within 30 s".into(),
        "\u{201c}Nobody at the door\u{201d}".into(),
        "Greeting \u{2014} pain point".into(),
        "\u{201c}Queue at the door\u{201d}".into(),
        "Methodology".into(),
        "Audits counted: 3 approved audits".into(),
        "Scoring rules".into(),
        format!("page 2 of {pages}"),
    ] {
        assert!(
            text.contains(&expected),
            "the report lacks `{expected}`:\n{text}"
        );
    }

    let images = String::from_utf8(poppler("pdfimages", &["-list", path]).stdout).expect("utf-8");
    let jpegs = images.lines().filter(|l| l.contains(" jpeg ")).count();
    assert_eq!(jpegs, 2, "both photos embedded as JPEG:\n{images}");

    // Every page renders; page 1 at a readable resolution.
    let out = dir.path().join("page");
    let rendered = poppler(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            path,
            out.to_str().expect("path"),
        ],
    );
    assert!(
        rendered.stderr.is_empty(),
        "pdftoppm complained: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let png = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(".png"))
        .expect("page 1 rendered");
    let bytes = std::fs::read(png.path()).expect("png");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 1000);
    let all = poppler(
        "pdftoppm",
        &["-png", "-r", "20", path, out.to_str().expect("path")],
    );
    assert!(
        all.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
}

#[tokio::test]
async fn a_report_covers_only_the_callers_clients() {
    let app = TestApp::new().await;
    let w = World::build(&app, "report-acl").await;
    let other: Client = w
        .consultant
        .post("/api/v1/clients", &json!({"name": "Other brand"}))
        .await
        .expect(201);
    let (status, _, _) = fetch_pdf(&w.manager, &format!("client_id={}", other.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Staff may report on any client, even one without audits.
    let (status, _, pdf) = fetch_pdf(&w.consultant, &format!("client_id={}", other.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF-"));
    let reply = w
        .consultant
        .get(&format!(
            "/api/v1/reports/client.pdf?client_id={}&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            w.client.id
        ))
        .await;
    assert_eq!(reply.status.as_u16(), 422);
    let reply = w
        .consultant
        .get(&format!(
            "/api/v1/reports/client.pdf?client_id={}&photos=25",
            w.client.id
        ))
        .await;
    assert_eq!(reply.status.as_u16(), 422);
    assert_eq!(reply.body["error"]["field"], "photos");
}

#[tokio::test]
async fn a_missing_font_is_a_503_that_says_what_to_install() {
    let app = TestApp::with_config(|c| c.report_font_dir = "/nonexistent/fonts".into()).await;
    let w = World::build(&app, "report-font").await;
    let reply = w
        .consultant
        .get(&format!(
            "/api/v1/reports/client.pdf?client_id={}",
            w.client.id
        ))
        .await;
    assert_eq!(reply.status.as_u16(), 503);
    assert_eq!(reply.error_code(), "unavailable");
    let message = reply.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("fonts-dejavu-core"), "{message}");
}

#[tokio::test]
async fn a_report_names_the_days_picked_in_the_organisations_zone() {
    let app = TestApp::new().await;
    let w = World::build(&app, "report-tz").await;
    w.admin
        .put(
            "/api/v1/organisation",
            &json!({"time_zone": "Europe/London"}),
        )
        .await
        .expect::<touchstone_shared::organisation::Organisation>(200);
    // 5 Sep to 11 Sep picked in London: midnight there is 23:00 UTC the day before.
    let (status, headers, pdf) = fetch_pdf(
        &w.consultant,
        &format!(
            "client_id={}&from=2026-09-04T23:00:00Z&to=2026-09-11T23:00:00Z&photos=0",
            w.client.id
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    let disposition = headers[reqwest::header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii");
    assert!(
        disposition.contains("2026-09-05-2026-09-11.pdf"),
        "the file name says the days picked: {disposition}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, &pdf).expect("written");
    let path = file.to_str().expect("utf-8 path");
    let first = String::from_utf8(poppler("pdftotext", &["-f", "1", "-l", "1", path, "-"]).stdout)
        .expect("text");
    let first = first.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        first.contains("5 Sep 2026 to 11 Sep 2026"),
        "the cover says the days picked:\n{first}"
    );
    assert!(
        first.contains("Europe/London"),
        "the cover names the zone:\n{first}"
    );
    let second = String::from_utf8(poppler("pdftotext", &["-f", "2", "-l", "2", path, "-"]).stdout)
        .expect("text");
    let second = second.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        second.contains(&format!(
            "{} \u{b7} 5 Sep 2026 to 11 Sep 2026",
            w.client.name
        )),
        "the footer says the days picked:\n{second}"
    );
    assert!(!second.contains("4 Sep 2026 to"), "{second}");
    assert!(
        second.contains("vs 29 Aug to 4 Sep"),
        "the previous period ends the day before the first day picked:\n{second}"
    );
}
