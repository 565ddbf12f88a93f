//! The role × route × tenant matrix. Every API route of the OpenAPI document must have a row
//! here, so a new route cannot be added without deciding who may call it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use touchstone_shared::audit::{Audit, AuditStatus};
use touchstone_shared::user::Role;
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// Routes anybody may call.
const PUBLIC: &[(&str, &str)] = &[
    ("POST", "/api/v1/auth/login"),
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/openapi.json"),
    // Its signed token is the credential (tests/api/notifications.rs).
    ("GET", "/api/v1/notifications/unsubscribe"),
    ("POST", "/api/v1/notifications/unsubscribe"),
    // A shared link's secret is its credential (tested in `workbench` and `share_links`).
    ("GET", "/api/v1/shared/{secret}/report.pdf"),
    ("GET", "/api/v1/shared/{secret}/open"),
    ("POST", "/api/v1/shared/{secret}/open"),
];

/// One row: a request, and the status expected for admin, consultant, manager, auditor.
struct Case {
    method: Method,
    template: &'static str,
    path: String,
    body: Option<Value>,
    /// A file body with its media type, sent instead of JSON (imports).
    raw: Option<(&'static str, String)>,
    expected: [u16; 4],
}

fn case(
    method: Method,
    template: &'static str,
    path: String,
    body: Option<Value>,
    expected: [u16; 4],
) -> Case {
    Case {
        method,
        template,
        path,
        body,
        raw: None,
        expected,
    }
}

/// A row whose body is a CSV file.
fn upload(template: &'static str, path: String, csv: &str, expected: [u16; 4]) -> Case {
    Case {
        raw: Some(("text/csv", csv.to_owned())),
        ..case(Method::POST, template, path, None, expected)
    }
}

fn unique() -> String {
    Uuid::now_v7().simple().to_string()
}

#[rustfmt::skip]
async fn cases(w: &World) -> Vec<Case> {
    use Method as M;
    let client = w.client.id;
    let location = w.location.id;
    let journey = &w.journey;
    let checklist = &w.checklist;
    let auditor = w.user(Role::Auditor).id;
    let admin_id = w.user(Role::Admin).id;
    let draft_id = Uuid::now_v7();
    let draft_assignment = w.new_assignment().await;
    w.auditor
        .put(
            &format!("/api/v1/audits/{draft_id}"),
            &w.audit(draft_assignment.id, AuditStatus::Draft, w.perfect()),
        )
        .await
        .expect::<Audit>(201);
    let photo: touchstone_shared::photo::Photo = w
        .auditor
        .send_raw(M::POST, "/api/v1/photos", "image/jpeg", touchstone_server::evidence::fixtures::jpeg(64, 48))
        .await
        .expect(201);
    let submitted_id = Uuid::now_v7();
    let mut submitted_body = w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect());
    submitted_body.answers.push(touchstone_shared::audit::Answer {
        item_id: w.item(7),
        value: touchstone_shared::audit::AnswerValue::Photo,
        comment: String::new(),
        photos: vec![photo.sha256.clone()],
    });
    w.auditor
        .put(&format!("/api/v1/audits/{submitted_id}"), &submitted_body)
        .await
        .expect::<Audit>(201);
    let now = chrono::Utc::now();
    let location_body = |code: &str| json!({"client_id": client, "code": code, "name": "Baixa", "position": {"lat": 38.71, "lon": -9.14}});
    let checklist_body = json!({"client_id": client, "journey_id": journey.id, "content": checklist.version.content});
    let journey_body =
        json!({"client_id": client, "name": "Renamed journey", "stages": journey.stages});
    let schedule_body = json!({"name": "Weekly", "checklist_version_id": checklist.version.id,
        "location_ids": [location], "period": "weeks", "every_weeks": 1,
        "starts_at": now - chrono::Duration::days(1), "window_days": 7, "scenarios": ["Browse"],
        "terms": {"fee_minor": 2000, "reimbursement_cap_minor": 500, "currency": "EUR", "claim_rule": "first_come"}});
    // One schedule to edit (an edit makes later waves' jobs again), one whose jobs are claimed.
    let edited: Value = w.consultant.post("/api/v1/wave-schedules", &schedule_body).await.expect(201);
    let edited = edited["id"].as_str().expect("id").to_owned();
    let with_jobs: Value = w.consultant.post("/api/v1/wave-schedules", &schedule_body).await.expect(201);
    let board: Value = w.consultant
        .get(&format!("/api/v1/jobs?schedule_id={}", with_jobs["id"].as_str().expect("id")))
        .await
        .expect(200);
    let mut jobs: Vec<(String, String)> = board["items"].as_array().expect("jobs").iter()
        .map(|j| (j["not_before"].as_str().expect("date").to_owned(), j["id"].as_str().expect("id").to_owned()))
        .collect();
    jobs.sort();
    let (current_job, next_job) = (jobs[0].1.clone(), jobs[1].1.clone());
    let ledger: Value = w.consultant
        .post("/api/v1/pay-periods", &json!({"from": "2031-01-01", "to": "2031-01-31"}))
        .await
        .expect(201);
    let ledger = ledger["id"].as_str().expect("id").to_owned();
    vec![
        case(M::GET, "/api/v1/auth/me", "/api/v1/auth/me".into(), None, [200, 200, 200, 200]),
        case(M::GET, "/api/v1/organisation", "/api/v1/organisation".into(), None, [200, 200, 200, 200]),
        case(M::PUT, "/api/v1/organisation", "/api/v1/organisation".into(), Some(json!({"time_zone": "UTC"})), [200, 403, 403, 403]),
        case(M::GET, "/api/v1/users", "/api/v1/users".into(), None, [200, 200, 403, 403]),
        case(M::POST, "/api/v1/users", "/api/v1/users".into(),
            Some(json!({"email": "{unique}@example.test", "name": "N", "role": "auditor", "password": "long enough password"})),
            [201, 403, 403, 403]),
        case(M::GET, "/api/v1/users/{id}", format!("/api/v1/users/{admin_id}"), None, [200, 200, 403, 403]),
        case(M::PATCH, "/api/v1/users/{id}", format!("/api/v1/users/{auditor}"), Some(json!({"name": "Renamed"})), [200, 403, 403, 403]),
        case(M::POST, "/api/v1/tokens", "/api/v1/tokens".into(), Some(json!({"name": "ci"})), [201, 201, 201, 201]),
        case(M::GET, "/api/v1/tokens", "/api/v1/tokens".into(), None, [200, 200, 200, 200]),
        case(M::DELETE, "/api/v1/tokens/{id}", format!("/api/v1/tokens/{}", Uuid::now_v7()), None, [404, 404, 404, 404]),
        case(M::GET, "/api/v1/users/{id}/tokens", format!("/api/v1/users/{auditor}/tokens"), None, [200, 403, 403, 403]),
        case(M::DELETE, "/api/v1/users/{id}/tokens/{token_id}", format!("/api/v1/users/{auditor}/tokens/{}", Uuid::now_v7()), None, [404, 403, 403, 403]),
        case(M::GET, "/api/v1/clients", "/api/v1/clients".into(), None, [200, 200, 200, 403]),
        case(M::POST, "/api/v1/clients", "/api/v1/clients".into(), Some(json!({"name": "New brand"})), [201, 201, 403, 403]),
        case(M::GET, "/api/v1/clients/{id}", format!("/api/v1/clients/{client}"), None, [200, 200, 200, 403]),
        case(M::PUT, "/api/v1/clients/{id}", format!("/api/v1/clients/{client}"), Some(json!({"name": "Brand", "target_percent": 75})), [200, 200, 403, 403]),
        case(M::GET, "/api/v1/clients/{id}/managers", format!("/api/v1/clients/{client}/managers"), None, [200, 200, 200, 403]),
        case(M::GET, "/api/v1/locations", format!("/api/v1/locations?client_id={client}"), None, [200, 200, 200, 403]),
        case(M::POST, "/api/v1/locations", "/api/v1/locations".into(), Some(location_body("{unique}")), [201, 201, 403, 403]),
        case(M::GET, "/api/v1/locations/{id}", format!("/api/v1/locations/{location}"), None, [200, 200, 200, 403]),
        case(M::PUT, "/api/v1/locations/{id}", format!("/api/v1/locations/{location}"), Some(location_body("LIS-01")), [200, 200, 403, 403]),
        case(M::GET, "/api/v1/journeys", "/api/v1/journeys".into(), None, [200, 200, 200, 403]),
        case(M::POST, "/api/v1/journeys", "/api/v1/journeys".into(), Some(json!({"client_id": client, "name": "Web"})), [201, 201, 403, 403]),
        case(M::GET, "/api/v1/journeys/{id}", format!("/api/v1/journeys/{}", journey.id), None, [200, 200, 200, 403]),
        case(M::PUT, "/api/v1/journeys/{id}", format!("/api/v1/journeys/{}", journey.id), Some(journey_body), [200, 200, 403, 403]),
        case(M::GET, "/api/v1/checklists", "/api/v1/checklists".into(), None, [200, 200, 200, 403]),
        case(M::POST, "/api/v1/checklists", "/api/v1/checklists".into(), Some(checklist_body.clone()), [201, 201, 403, 403]),
        case(M::GET, "/api/v1/checklists/{id}", format!("/api/v1/checklists/{}", checklist.id), None, [200, 200, 200, 403]),
        case(M::PUT, "/api/v1/checklists/{id}", format!("/api/v1/checklists/{}", checklist.id), Some(checklist_body), [200, 200, 403, 403]),
        case(M::GET, "/api/v1/checklist-versions/{id}", format!("/api/v1/checklist-versions/{}", checklist.version.id), None, [200, 200, 200, 403]),
        case(M::GET, "/api/v1/assignments", "/api/v1/assignments".into(), None, [200, 200, 403, 200]),
        case(M::POST, "/api/v1/assignments", "/api/v1/assignments".into(),
            Some(json!({"checklist_version_id": checklist.version.id, "location_id": location, "auditor_id": auditor,
                "not_before": now, "due": now + chrono::Duration::days(2)})),
            [201, 201, 403, 403]),
        case(M::POST, "/api/v1/assignments/batch", "/api/v1/assignments/batch".into(),
            Some(json!({"assignments": [{"checklist_version_id": checklist.version.id, "location_id": location, "auditor_id": auditor,
                "not_before": now, "due": now + chrono::Duration::days(2)}]})),
            [201, 201, 403, 403]),
        case(M::GET, "/api/v1/assignments/{id}", format!("/api/v1/assignments/{}", w.assignment.id), None, [200, 200, 403, 200]),
        case(M::GET, "/api/v1/assignments/{id}/detail", format!("/api/v1/assignments/{}/detail", w.assignment.id), None, [200, 200, 403, 200]),
        case(M::PUT, "/api/v1/assignments/{id}/window", format!("/api/v1/assignments/{}/window", Uuid::now_v7()),
            Some(json!({"not_before": now, "due": now + chrono::Duration::days(2)})), [404, 404, 403, 403]),
        case(M::GET, "/api/v1/audits", "/api/v1/audits".into(), None, [200, 200, 200, 200]),
        // Managers see approved audits only: this one is submitted.
        case(M::GET, "/api/v1/audits/{id}", format!("/api/v1/audits/{submitted_id}"), None, [200, 200, 404, 200]),
        case(M::PUT, "/api/v1/audits/{id}", format!("/api/v1/audits/{submitted_id}"), Some(serde_json::to_value(&submitted_body).expect("json")), [403, 403, 403, 200]),
        // Staff pass the role check and meet the state check: a draft cannot be reviewed.
        case(M::POST, "/api/v1/audits/{id}/review", format!("/api/v1/audits/{draft_id}/review"), Some(json!({"decision": "approve"})), [409, 409, 403, 403]),
        case(M::GET, "/api/v1/audits/{id}/events", format!("/api/v1/audits/{submitted_id}/events"), None, [200, 200, 404, 200]),
        // Reviewers pass the role check and meet the state check: a draft cannot be edited.
        case(M::POST, "/api/v1/audits/{id}/edits", format!("/api/v1/audits/{draft_id}/edits"),
            Some(json!({"updated_at": now, "reason": "Typo", "answers": []})), [409, 409, 403, 403]),
        case(M::GET, "/api/v1/audits/{id}/edits", format!("/api/v1/audits/{submitted_id}/edits"), None, [200, 200, 403, 200]),
        case(M::GET, "/api/v1/audits/{id}/original", format!("/api/v1/audits/{submitted_id}/original"), None, [200, 200, 403, 200]),
        case(M::GET, "/api/v1/audits/{id}/report.pdf", format!("/api/v1/audits/{submitted_id}/report.pdf"), None, [200, 200, 404, 200]),
        // A draft in a bulk review is skipped and reported.
        case(M::POST, "/api/v1/audits/bulk-review", "/api/v1/audits/bulk-review".into(),
            Some(json!({"decision": "approve", "audits": [{"id": draft_id, "updated_at": now}]})), [200, 200, 403, 403]),
        case(M::GET, "/api/v1/review-comments", "/api/v1/review-comments".into(), None, [200, 200, 403, 403]),
        case(M::POST, "/api/v1/review-comments", "/api/v1/review-comments".into(),
            Some(json!({"title": "Photos {unique}", "body": "Add a photo"})), [201, 201, 403, 403]),
        case(M::PUT, "/api/v1/review-comments/{id}", format!("/api/v1/review-comments/{}", Uuid::now_v7()),
            Some(json!({"title": "Photos", "body": "Add a photo"})), [404, 404, 403, 403]),
        case(M::DELETE, "/api/v1/review-comments/{id}", format!("/api/v1/review-comments/{}", Uuid::now_v7()), None, [404, 404, 403, 403]),
        case(M::GET, "/api/v1/share-links", "/api/v1/share-links".into(), None, [200, 200, 403, 403]),
        case(M::POST, "/api/v1/share-links", "/api/v1/share-links".into(),
            Some(json!({"client_id": client, "expires_at": now + chrono::Duration::days(1)})), [201, 201, 403, 403]),
        case(M::GET, "/api/v1/report-schedules", "/api/v1/report-schedules".into(), None, [200, 200, 403, 403]),
        case(M::POST, "/api/v1/report-schedules", "/api/v1/report-schedules".into(),
            Some(json!({"client_id": client, "recipients": ["ops@brand.example"]})), [201, 201, 403, 403]),
        case(M::DELETE, "/api/v1/report-schedules/{id}", format!("/api/v1/report-schedules/{}", Uuid::now_v7()), None, [404, 404, 403, 403]),
        case(M::POST, "/api/v1/report-schedules/{id}/run", format!("/api/v1/report-schedules/{}/run", Uuid::now_v7()), None, [404, 404, 403, 403]),
        case(M::GET, "/api/v1/scheduled-reports", "/api/v1/scheduled-reports".into(), None, [200, 200, 403, 403]),
        case(M::GET, "/api/v1/scheduled-reports/{id}/file.pdf", format!("/api/v1/scheduled-reports/{}/file.pdf", Uuid::now_v7()), None, [404, 404, 403, 403]),
        case(M::DELETE, "/api/v1/share-links/{id}", format!("/api/v1/share-links/{}", Uuid::now_v7()), None, [404, 404, 403, 403]),
        // The body is sniffed after the role check: JSON is no photo.
        case(M::POST, "/api/v1/photos", "/api/v1/photos".into(), Some(json!({"not": "a photo"})), [415, 415, 415, 415]),
        // A photo of the submitted audit: managers see photos of approved audits only.
        case(M::GET, "/api/v1/photos/{sha256}/{rendition}", format!("/api/v1/photos/{}/display", photo.sha256), None, [200, 200, 404, 200]),
        case(M::GET, "/api/v1/scorecards", format!("/api/v1/scorecards?client_id={client}"), None, [200, 200, 200, 403]),
        case(M::GET, "/api/v1/scorecards/audits", format!("/api/v1/scorecards/audits?client_id={client}"), None, [200, 200, 200, 403]),
        case(M::GET, "/api/v1/scorecards/pain-points", format!("/api/v1/scorecards/pain-points?client_id={client}"), None, [200, 200, 200, 403]),
        case(M::GET, "/api/v1/notifications", "/api/v1/notifications".into(), None, [200, 200, 200, 200]),
        case(M::GET, "/api/v1/notifications/unread", "/api/v1/notifications/unread".into(), None, [200, 200, 200, 200]),
        case(M::POST, "/api/v1/notifications/{id}/read", format!("/api/v1/notifications/{}/read", Uuid::now_v7()), None, [404, 404, 404, 404]),
        case(M::POST, "/api/v1/notifications/read", "/api/v1/notifications/read".into(), None, [204, 204, 204, 204]),
        case(M::GET, "/api/v1/outbox", "/api/v1/outbox".into(), None, [200, 403, 403, 403]),
        case(M::GET, "/api/v1/webhooks", "/api/v1/webhooks".into(), None, [200, 403, 403, 403]),
        // An unknown kind: admins get past the role check to the 422.
        case(M::POST, "/api/v1/webhooks", "/api/v1/webhooks".into(),
            Some(json!({"url": "https://example.com/hook", "kinds": ["nonsense"]})), [422, 403, 403, 403]),
        case(M::DELETE, "/api/v1/webhooks/{id}", format!("/api/v1/webhooks/{}", Uuid::now_v7()), None, [404, 403, 403, 403]),
        case(M::POST, "/api/v1/webhooks/{id}/test", format!("/api/v1/webhooks/{}/test", Uuid::now_v7()), None, [404, 403, 403, 403]),
        case(M::POST, "/api/v1/webhooks/{id}/enable", format!("/api/v1/webhooks/{}/enable", Uuid::now_v7()), None, [404, 403, 403, 403]),
        case(M::GET, "/api/v1/webhooks/{id}/deliveries", format!("/api/v1/webhooks/{}/deliveries", Uuid::now_v7()), None, [404, 403, 403, 403]),
        case(M::GET, "/api/v1/actions", "/api/v1/actions".into(), None, [200, 200, 200, 403]),
        // The audit is not approved: allowed roles get past the role check to the 422.
        case(M::POST, "/api/v1/actions", "/api/v1/actions".into(),
            Some(json!({"audit_id": submitted_id, "item_id": w.item(0), "assignee_id": w.user(Role::Manager).id,
                "due": now + chrono::Duration::days(7), "note": "Retrain the door team"})),
            [422, 422, 422, 403]),
        case(M::GET, "/api/v1/actions/{id}", format!("/api/v1/actions/{}", Uuid::now_v7()), None, [404, 404, 404, 403]),
        case(M::PATCH, "/api/v1/actions/{id}", format!("/api/v1/actions/{}", Uuid::now_v7()), Some(json!({"status": "verified"})), [404, 404, 404, 403]),
        upload("/api/v1/clients/{id}/locations/import", format!("/api/v1/clients/{client}/locations/import"),
            "code,name,lat,lon\n{unique},Imported,38.7,-9.1\n", [201, 201, 403, 403]),
        upload("/api/v1/journeys/{id}/checklists/import", format!("/api/v1/journeys/{}/checklists/import", journey.id),
            "touchpoint,label,type\nGreeting,Smiled,yes_no\n", [201, 201, 403, 403]),
        case(M::GET, "/api/v1/exports/answers.csv", format!("/api/v1/exports/answers.csv?client_id={client}"), None, [200, 200, 200, 403]),
        case(M::GET, "/api/v1/exports/answers.xlsx", format!("/api/v1/exports/answers.xlsx?client_id={client}"), None, [200, 200, 200, 403]),
        case(M::GET, "/api/v1/reports/client.pdf", format!("/api/v1/reports/client.pdf?client_id={client}"), None, [200, 200, 200, 403]),
        case(M::GET, "/api/v1/wave-schedules", "/api/v1/wave-schedules".into(), None, [200, 200, 403, 403]),
        case(M::POST, "/api/v1/wave-schedules", "/api/v1/wave-schedules".into(), Some(schedule_body.clone()), [201, 201, 403, 403]),
        case(M::PUT, "/api/v1/wave-schedules/{id}", format!("/api/v1/wave-schedules/{edited}"), Some(schedule_body), [200, 200, 403, 403]),
        case(M::POST, "/api/v1/wave-schedules/{id}/generate", format!("/api/v1/wave-schedules/{edited}/generate"), None, [200, 200, 403, 403]),
        case(M::GET, "/api/v1/wave-schedules/{id}/waves", format!("/api/v1/wave-schedules/{edited}/waves"), None, [200, 200, 403, 403]),
        case(M::GET, "/api/v1/jobs", "/api/v1/jobs".into(), None, [200, 200, 403, 200]),
        case(M::GET, "/api/v1/jobs/{id}", format!("/api/v1/jobs/{next_job}"), None, [200, 200, 403, 200]),
        // Staff give the job to the auditor and take it back; the auditor, last, finds it
        // back on the board and not theirs to release.
        case(M::POST, "/api/v1/jobs/{id}/assign", format!("/api/v1/jobs/{current_job}/assign"), Some(json!({"shopper_id": auditor})), [200, 200, 403, 403]),
        case(M::POST, "/api/v1/jobs/{id}/adjustments", format!("/api/v1/jobs/{current_job}/adjustments"),
            Some(json!({"amount_minor": -250, "currency": "EUR", "reason": "Late receipt"})), [201, 201, 403, 403]),
        case(M::POST, "/api/v1/jobs/{id}/release", format!("/api/v1/jobs/{current_job}/release"), None, [200, 200, 403, 404]),
        case(M::POST, "/api/v1/jobs/{id}/claim", format!("/api/v1/jobs/{next_job}/claim"), None, [403, 403, 403, 200]),
        case(M::GET, "/api/v1/shopper-profile", "/api/v1/shopper-profile".into(), None, [403, 403, 403, 200]),
        case(M::PUT, "/api/v1/shopper-profile", "/api/v1/shopper-profile".into(), Some(json!({"home": {"lat": 38.7, "lon": -9.1}})), [403, 403, 403, 200]),
        case(M::GET, "/api/v1/shoppers", "/api/v1/shoppers".into(), None, [200, 200, 403, 403]),
        case(M::GET, "/api/v1/shoppers/{id}", format!("/api/v1/shoppers/{auditor}"), None, [200, 200, 403, 403]),
        case(M::PATCH, "/api/v1/shoppers/{id}", format!("/api/v1/shoppers/{auditor}"), Some(json!({"rating": 4.2, "rating_note": "steady"})), [200, 200, 403, 403]),
        case(M::PUT, "/api/v1/checklists/{id}/certification", format!("/api/v1/checklists/{}/certification", checklist.id),
            Some(json!({"quiz_version_id": checklist.version.id, "pass_percent": 50})), [200, 200, 403, 403]),
        case(M::GET, "/api/v1/checklists/{id}/certification", format!("/api/v1/checklists/{}/certification", checklist.id), None, [403, 403, 403, 200]),
        case(M::POST, "/api/v1/checklists/{id}/certification/attempts", format!("/api/v1/checklists/{}/certification/attempts", checklist.id),
            Some(json!({"answers": []})), [403, 403, 403, 201]),
        case(M::PUT, "/api/v1/jobs/{id}/receipt", format!("/api/v1/jobs/{next_job}/receipt"), Some(json!({"amount_minor": 900})), [409, 409, 403, 204]),
        case(M::GET, "/api/v1/payments", "/api/v1/payments".into(), None, [200, 200, 403, 403]),
        case(M::GET, "/api/v1/payments.csv", "/api/v1/payments.csv".into(), None, [200, 200, 403, 403]),
        case(M::GET, "/api/v1/earnings", "/api/v1/earnings".into(), None, [403, 403, 403, 200]),
        case(M::GET, "/api/v1/pay-periods", "/api/v1/pay-periods".into(), None, [200, 200, 403, 403]),
        // Closing the same period again answers its ledger.
        case(M::POST, "/api/v1/pay-periods", "/api/v1/pay-periods".into(), Some(json!({"from": "2030-01-01", "to": "2030-01-31"})), [201, 200, 403, 403]),
        case(M::GET, "/api/v1/pay-periods/{id}", format!("/api/v1/pay-periods/{ledger}"), None, [200, 200, 403, 403]),
        case(M::GET, "/api/v1/pay-periods/{id}/ledger.csv", format!("/api/v1/pay-periods/{ledger}/ledger.csv"), None, [200, 200, 403, 403]),
        case(M::GET, "/api/v1/pay-periods/{id}/ledger.xlsx", format!("/api/v1/pay-periods/{ledger}/ledger.xlsx"), None, [200, 200, 403, 403]),
        case(M::POST, "/api/v1/auth/logout", "/api/v1/auth/logout".into(), None, [204, 204, 204, 204]),
    ]
}

/// Sends a case; `{unique}` in its body becomes a fresh value each time, so creating the
/// same thing as several roles does not collide.
async fn call(session: &Session, c: &Case) -> touchstone_tests::session::Reply {
    if let Some((content_type, file)) = &c.raw {
        let file = file.replace("{unique}", &unique());
        return session
            .send_raw(c.method.clone(), &c.path, content_type, file.into_bytes())
            .await;
    }
    let body = c.body.as_ref().map(|b| {
        serde_json::from_str::<Value>(&b.to_string().replace("{unique}", &unique())).expect("json")
    });
    session.send(c.method.clone(), &c.path, body.as_ref()).await
}

#[tokio::test]
async fn every_route_answers_each_role_as_the_matrix_says() {
    let app = TestApp::new().await;
    let w = World::build(&app, "matrix").await;
    let cases = cases(&w).await;

    let anonymous = app.session();
    for c in &cases {
        let reply = call(&anonymous, c).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "anonymous {} {}: {}",
            c.method,
            c.path,
            reply.body
        );
        assert_eq!(reply.error_code(), "unauthenticated");
    }

    for (i, role) in Role::ALL.into_iter().enumerate() {
        // Logout ends the session, so each role signs in afresh for the matrix.
        let session = app.session();
        session
            .login(&w.user(role).email, touchstone_tests::world::PASSWORD)
            .await;
        for c in &cases {
            let reply = call(&session, c).await;
            assert_eq!(
                reply.status.as_u16(),
                c.expected[i],
                "{} {} {}: {}",
                role.as_str(),
                c.method,
                c.path,
                reply.body
            );
            if reply.status.is_client_error() {
                assert!(
                    reply.body["error"]["message"].is_string(),
                    "error envelope: {}",
                    reply.body
                );
            }
        }
    }
}

#[tokio::test]
async fn nothing_crosses_organisations() {
    let app = TestApp::new().await;
    let w = World::build(&app, "home").await;
    let other = World::build(&app, "away").await;
    let cases = cases(&w).await;
    let home_ids = [
        w.client.id,
        w.location.id,
        w.journey.id,
        w.checklist.id,
        w.assignment.id,
        w.user(Role::Auditor).id,
    ];

    for role in Role::ALL {
        let session = app.session();
        session
            .login(&other.user(role).email, touchstone_tests::world::PASSWORD)
            .await;
        for c in cases.iter().filter(|c| c.template != "/api/v1/auth/logout") {
            let reply = call(&session, c).await;
            let text = reply.body.to_string();
            for id in home_ids {
                assert!(
                    !text.contains(&id.to_string()),
                    "{} {} {} leaked {id}: {text}",
                    role.as_str(),
                    c.method,
                    c.path
                );
            }
            let by_id = c.template.contains("{id}") || c.template.contains("{sha256}");
            let writes_into_home = c.body.as_ref().is_some_and(|b| {
                let b = b.to_string();
                home_ids.iter().any(|id| b.contains(&id.to_string()))
            });
            if by_id && c.template != "/api/v1/tokens/{id}" {
                assert!(
                    matches!(reply.status.as_u16(), 403 | 404 | 422),
                    "{} {} {}: {} {}",
                    role.as_str(),
                    c.method,
                    c.path,
                    reply.status,
                    reply.body
                );
            } else if writes_into_home {
                assert!(
                    matches!(reply.status.as_u16(), 403 | 422),
                    "{} {} {}: {}",
                    role.as_str(),
                    c.method,
                    c.path,
                    reply.status
                );
            }
        }
    }
}

#[tokio::test]
async fn the_matrix_covers_every_route_of_the_openapi_document() {
    let app = TestApp::new().await;
    let w = World::build(&app, "cover").await;
    let doc = app.session().get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let mut documented = BTreeSet::new();
    for (path, item) in doc.body["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("methods").keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let mut covered: BTreeSet<(String, String)> = cases(&w)
        .await
        .iter()
        .map(|c| (c.method.to_string(), c.template.to_owned()))
        .collect();
    covered.extend(
        PUBLIC
            .iter()
            .map(|(m, p)| ((*m).to_owned(), (*p).to_owned())),
    );
    let missing: Vec<_> = documented.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the access matrix: {missing:?}"
    );
    assert!(
        documented.len() >= 30,
        "the document lists {} operations",
        documented.len()
    );
}
