//! Bad input gets a 4xx with the error envelope, never a 500, and changes nothing.

use reqwest::Method;
use serde_json::json;
use touchstone_shared::audit::{AnswerValue, AuditStatus, AuditSummary};
use touchstone_shared::page::Page;
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

async fn raw(
    session: &Session,
    method: Method,
    path: &str,
    content_type: &str,
    body: &str,
) -> touchstone_tests::session::Reply {
    session
        .send_raw(method, path, content_type, body.as_bytes().to_vec())
        .await
}

fn assert_error(reply: &touchstone_tests::session::Reply, status: u16, code: &str) {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.body);
    assert_eq!(reply.error_code(), code, "{}", reply.body);
    assert!(
        !reply.body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn malformed_and_mistyped_bodies_are_400_with_the_field() {
    let app = TestApp::new().await;
    let w = World::build(&app, "malformed").await;
    let post = |content_type: &'static str, body: String| {
        let w = &w;
        async move {
            let url = "/api/v1/clients";
            raw(&w.consultant, Method::POST, url, content_type, &body).await
        }
    };
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for body in ["{\"name\": ", "{\"name\": \"a\"} trailing", &deep] {
        let reply = post("application/json", body.to_owned()).await;
        assert_error(&reply, 400, "invalid_input");
    }
    let reply = post("application/json", "{\"name\": 42}".into()).await;
    assert_error(&reply, 400, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "name");
    let reply = post("text/plain", "{\"name\": \"x\"}".into()).await;
    assert_error(&reply, 415, "unsupported_media_type");
}

#[tokio::test]
async fn invalid_values_are_422_with_the_field() {
    let app = TestApp::new().await;
    let w = World::build(&app, "invalid").await;
    let reply = w
        .consultant
        .post("/api/v1/clients", &json!({"name": "  "}))
        .await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "name");
    let reply = w
        .consultant
        .post("/api/v1/locations", &json!({"client_id": w.client.id, "code": "X", "name": "X", "position": {"lat": 91.0, "lon": 0.0}}))
        .await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "position.lat");
    let reply = w
        .consultant
        .post("/api/v1/locations", &json!({"client_id": w.client.id, "code": "LIS-01", "name": "Dup", "position": {"lat": 1.0, "lon": 1.0}}))
        .await;
    assert_error(&reply, 409, "conflict");
    let reply = w
        .consultant
        .post("/api/v1/locations", &json!({"client_id": w.client.id, "code": "TZ", "name": "TZ", "position": {"lat": 1.0, "lon": 1.0}, "time_zone": "Europe/Lisbn"}))
        .await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "time_zone");
    let l = &w.location;
    let moved = json!({"client_id": l.client_id, "code": l.code, "name": l.name,
        "position": {"lat": l.position.lat, "lon": l.position.lon}, "time_zone": "Mars/Olympus_Mons"});
    let reply = w
        .consultant
        .put(&format!("/api/v1/locations/{}", w.location.id), &moved)
        .await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "time_zone");
    let reply = w
        .consultant
        .post("/api/v1/locations", &json!({"client_id": Uuid::now_v7(), "code": "Z", "name": "Z", "position": {"lat": 1.0, "lon": 1.0}}))
        .await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "client_id");
}

#[tokio::test]
async fn bad_audits_are_refused_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let w = World::build(&app, "badaudit").await;
    let path = format!("/api/v1/audits/{}", Uuid::now_v7());

    let mut unknown_item = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    unknown_item.answers[0].item_id = Uuid::now_v7();
    let reply = w.auditor.put(&path, &unknown_item).await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "answers[0].item_id");

    let mut out_of_range = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    out_of_range.answers[1].value = AnswerValue::Scale(7.0);
    let reply = w.auditor.put(&path, &out_of_range).await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "answers[1].value");

    let mut wrong_kind = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    wrong_kind.answers[0].value = AnswerValue::Scale(1.0);
    assert_error(
        &w.auditor.put(&path, &wrong_kind).await,
        422,
        "invalid_input",
    );

    let mut no_na = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    no_na.answers[0].value = AnswerValue::Na;
    assert_error(&w.auditor.put(&path, &no_na).await, 422, "invalid_input");

    let mut emotion = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    emotion.touchpoint_notes[0].emotion = Some(3);
    let reply = w.auditor.put(&path, &emotion).await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "touchpoint_notes[0].emotion");

    let mut photo = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    photo.answers[0].photos = vec!["../../etc/passwd".into()];
    assert_error(&w.auditor.put(&path, &photo).await, 422, "invalid_input");

    let wrong_type = json!({"assignment_id": w.assignment.id, "status": "draft", "answers": [{"item_id": w.item(1), "value": {"type": "scale", "value": "high"}}]});
    assert_error(
        &w.auditor.put(&path, &wrong_type).await,
        400,
        "invalid_input",
    );
    let approve_self = json!({"assignment_id": w.assignment.id, "status": "approved"});
    assert_error(
        &w.auditor.put(&path, &approve_self).await,
        422,
        "invalid_input",
    );

    let page: Page<AuditSummary> = w.consultant.get("/api/v1/audits").await.expect(200);
    assert!(page.items.is_empty(), "nothing was stored");
}

#[tokio::test]
async fn oversized_bodies_are_413_and_unknown_routes_404() {
    let app = TestApp::with_config(|c| c.max_json_bytes = 64 * 1024).await;
    let w = World::build(&app, "huge").await;
    let huge = json!({"name": "x".repeat(200 * 1024)});
    let reply = w.consultant.post("/api/v1/clients", &huge).await;
    assert_error(&reply, 413, "payload_too_large");

    let reply = w.consultant.get("/api/v1/no-such-thing").await;
    assert_error(&reply, 404, "not_found");
    let reply = w.consultant.get("/api/v1/clients/not-a-uuid").await;
    assert_error(&reply, 404, "not_found");
    let reply = w
        .consultant
        .send::<()>(Method::DELETE, "/api/v1/clients", None)
        .await;
    assert_error(&reply, 405, "invalid_input");
    let reply = w.consultant.get("/api/v1/audits?status=lost").await;
    assert_error(&reply, 400, "invalid_input");
    let reply = w.consultant.get("/api/v1/scorecards?client_id=nope").await;
    assert_error(&reply, 400, "invalid_input");
}

#[tokio::test]
async fn control_characters_bidi_overrides_and_far_dates_are_422_with_the_field() {
    let app = TestApp::new().await;
    let w = World::build(&app, "text").await;
    for name in [
        "\u{7}\u{8}",
        "Brand\u{1b}[31m",
        "evil\u{202E}gpj.exe",
        "\u{2066}x",
    ] {
        let reply = w
            .consultant
            .post("/api/v1/clients", &json!({"name": name}))
            .await;
        assert_error(&reply, 422, "invalid_input");
        assert_eq!(reply.body["error"]["field"], "name", "{name:?}");
    }
    let auditor = w.user(touchstone_shared::user::Role::Auditor).id;
    let reply = w
        .admin
        .patch(
            &format!("/api/v1/users/{auditor}"),
            &json!({"name": "Ana\u{202E}"}),
        )
        .await;
    assert_error(&reply, 422, "invalid_input");

    for (field, not_before, due) in [
        ("due", "2026-01-01T00:00:00Z", "+99999-01-02T00:00:00Z"),
        ("not_before", "1999-12-31T00:00:00Z", "2026-01-01T00:00:00Z"),
    ] {
        let body = json!({"checklist_version_id": w.checklist.version.id, "location_id": w.location.id,
            "auditor_id": auditor, "not_before": not_before, "due": due});
        let reply = w.consultant.post("/api/v1/assignments", &body).await;
        assert_error(&reply, 422, "invalid_input");
        assert_eq!(reply.body["error"]["field"], field);
    }

    let path = format!("/api/v1/audits/{}", Uuid::now_v7());
    let mut bell = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    bell.answers[0].comment = "ding\u{7}".into();
    let reply = w.auditor.put(&path, &bell).await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "answers[0].comment");
    let mut far = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    far.visit.check_in_at = Some("+99999-01-02T00:00:00Z".parse().expect("a date"));
    far.visit.check_out_at = None;
    let reply = w.auditor.put(&path, &far).await;
    assert_error(&reply, 422, "invalid_input");
    assert_eq!(reply.body["error"]["field"], "visit.check_in_at");
    // Line breaks and tabs stay allowed in free text.
    let mut lines = w.audit(w.assignment.id, AuditStatus::Draft, w.perfect());
    lines.answers[0].comment = "one\r\ntwo\tthree".into();
    w.auditor
        .put(&path, &lines)
        .await
        .expect::<serde_json::Value>(201);
}

#[tokio::test]
async fn an_overlong_uri_is_414_with_the_error_envelope() {
    let app = TestApp::new().await;
    let w = World::build(&app, "uri").await;
    let reply = w
        .consultant
        .get(&format!("/api/v1/clients?cursor={}", "a".repeat(20_000)))
        .await;
    assert_error(&reply, 414, "invalid_input");
}

#[tokio::test]
async fn the_openapi_document_lists_the_errors_every_route_can_give() {
    let app = TestApp::new().await;
    let doc = app.session().get("/api/v1/openapi.json").await;
    let mut missing = Vec::new();
    for (path, item) in doc.body["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("methods") {
            let responses = &operation["responses"];
            let params = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let located = |place: &str| params.iter().any(|p| p["in"] == place);
            for p in params.iter().filter(|p| p["in"] == "path") {
                let name = p["name"].as_str().unwrap_or_default();
                if !path.contains(&format!("{{{name}}}")) {
                    missing.push(format!("{method} {path}: `{name}` is no path parameter"));
                }
            }
            let mut expected = Vec::new();
            if operation.get("requestBody").is_some() {
                expected.extend(["400", "413", "415"]);
            }
            if located("path") {
                expected.push("404");
            }
            if located("query") {
                expected.extend(["400", "414"]);
            }
            for status in expected {
                if responses.get(status).is_none() {
                    missing.push(format!("{method} {path} {status}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented answers: {missing:#?}");
}
