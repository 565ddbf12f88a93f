//! The reviewer's workbench: QA edits of submitted audits with their trail, bulk review and
//! the comment library.

use crate::notifications::{SmtpSink, eventually, fast, free_port};
use crate::reports::poppler;
use reqwest::StatusCode;
use serde_json::{Value, json};
use touchstone_server::evidence::fixtures;
use touchstone_shared::audit::{AnswerValue, Audit, AuditInput, AuditStatus, AuditSummary};
use touchstone_shared::audit_edit::{AuditEdit, EditField};
use touchstone_shared::page::Page;
use touchstone_shared::photo::Photo;
use touchstone_shared::scorecard::Scorecard;
use touchstone_shared::scoring::score_audit;
use touchstone_tests::{Session, TestApp, World};
use uuid::Uuid;

/// The field a 4xx names.
fn field(reply: &touchstone_tests::session::Reply) -> &str {
    reply.body["error"]["field"].as_str().unwrap_or_default()
}

/// The auditor submits a perfect audit of a new assignment; its id and body.
pub(crate) async fn submitted(w: &World) -> (Uuid, AuditInput) {
    submitted_with(w, w.perfect()).await
}

/// The auditor submits an audit of a new assignment with these answers; its id and body.
async fn submitted_with(w: &World, values: [AnswerValue; 7]) -> (Uuid, AuditInput) {
    let id = Uuid::now_v7();
    let input = w.audit(w.new_assignment().await.id, AuditStatus::Submitted, values);
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect::<Audit>(201);
    (id, input)
}

/// An edit body from `audit` as read, with `reason`.
fn edit_of(audit: &Audit, reason: &str) -> Value {
    json!({
        "updated_at": audit.updated_at, "reason": reason, "answers": audit.answers,
        "touchpoint_notes": audit.touchpoint_notes,
    })
}

#[tokio::test]
async fn qa_edits_rescore_keep_a_trail_and_spare_the_evidence() {
    let app = TestApp::new().await;
    let w = World::build(&app, "qa").await;
    let (id, sent) = submitted(&w).await;
    let path = format!("/api/v1/audits/{id}");
    let read: Audit = w.consultant.get(&path).await.expect(200);

    // A mis-tapped critical answer, a narrative and a pain point corrected with a reason.
    let mut answers = read.answers.clone();
    answers[0].value = AnswerValue::YesNo(false);
    answers[4].value = AnswerValue::Text("All good, the barista greeted us".into());
    let mut notes = read.touchpoint_notes.clone();
    notes[0].pain_point = "Queue of six at the door".into();
    let mut body = edit_of(&read, "Photo shows the greeting was missed");
    body["answers"] = json!(answers);
    body["touchpoint_notes"] = json!(notes);
    let edited: Audit = w
        .consultant
        .post(&format!("{path}/edits"), &body)
        .await
        .expect(200);
    let phone = score_audit(&w.checklist.version.content, &w.journey, &answers);
    assert_eq!(edited.score, phone, "re-scored exactly as the phone would");
    assert!(edited.score.total.critical_failure);
    assert_ne!(edited.score, read.score);
    assert!(edited.updated_at > read.updated_at);

    // The same body again is an edit of a version that is no longer the stored one.
    let stale = w.admin.post(&format!("{path}/edits"), &body).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{:?}", stale.body);
    let now: Audit = w.consultant.get(&path).await.expect(200);
    assert_eq!(now.answers, answers, "a stale edit never overwrites");

    // Evidence and reasons.
    let mut bad = edit_of(&now, "Fix");
    bad["visit"] = json!({ "check_in_at": now.visit.check_in_at.map(|t| t - chrono::Duration::hours(1)),
        "check_out_at": now.visit.check_out_at, "position": now.visit.position,
        "accuracy_m": now.visit.accuracy_m });
    let reply = w.consultant.post(&format!("{path}/edits"), &bad).await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "visit.check_in_at")
    );
    let mut bad = edit_of(&now, "Fix");
    bad["flags"] = json!([]);
    let reply = w.consultant.post(&format!("{path}/edits"), &bad).await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "flags")
    );
    let mut bad = edit_of(&now, "Fix");
    bad["answers"][1]["photos"] = json!(["a".repeat(64)]);
    let reply = w.consultant.post(&format!("{path}/edits"), &bad).await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "answers[1].photos")
    );
    let mut bad = edit_of(&now, "  ");
    bad["answers"][5]["comment"] = json!("Checked");
    let reply = w.consultant.post(&format!("{path}/edits"), &bad).await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason")
    );
    let reply = w
        .consultant
        .post(&format!("{path}/edits"), &edit_of(&now, "Nothing"))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut bad = edit_of(&now, "Fix");
    bad["answers"][1]["value"] = json!({"type": "scale", "value": 9});
    let reply = w.consultant.post(&format!("{path}/edits"), &bad).await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "answers[1].value")
    );
    let mut bad = edit_of(&now, "Fix");
    bad["visit"] = json!(now.visit);
    bad["answers"][5]["comment"] = json!("Checked with the manager");
    let second: Audit = w
        .admin
        .post(&format!("{path}/edits"), &bad)
        .await
        .expect(200);
    assert_eq!(second.answers[5].comment, "Checked with the manager");

    // The trail: who, why, before → after, and the scores.
    let trail: Vec<AuditEdit> = w.consultant.get(&format!("{path}/edits")).await.expect(200);
    assert_eq!(trail.len(), 2);
    assert_eq!(trail[0].reason, "Photo shows the greeting was missed");
    assert_eq!(
        trail[0].actor_id,
        w.user(touchstone_shared::user::Role::Consultant).id
    );
    let changed: Vec<(EditField, Uuid)> = trail[0]
        .changes
        .iter()
        .map(|c| (c.field, c.target_id))
        .collect();
    assert_eq!(
        changed,
        [
            (EditField::AnswerValue, w.item(0)),
            (EditField::AnswerValue, w.item(4)),
            (EditField::PainPoint, w.touchpoint(0)),
        ]
    );
    let first = &trail[0].changes[0];
    assert_eq!(
        (first.before.clone(), first.after.clone()),
        (
            json!({"type": "yes_no", "value": true}),
            json!({"type": "yes_no", "value": false})
        )
    );
    assert_eq!(trail[0].changes[2].before, json!("Queue at the door"));
    assert_eq!(trail[0].percent_before, read.score.total.percent());
    assert_eq!(trail[0].percent_after, phone.total.percent());
    assert_eq!(trail[1].changes.len(), 1);
    assert_eq!(trail[1].changes[0].field, EditField::AnswerComment);

    // The auditor sees the corrected audit, what changed, and their own submission.
    let theirs: Audit = w.auditor.get(&path).await.expect(200);
    assert_eq!(theirs.answers[0].value, AnswerValue::YesNo(false));
    assert!(theirs.flags.is_empty());
    let seen: Vec<AuditEdit> = w.auditor.get(&format!("{path}/edits")).await.expect(200);
    assert_eq!(seen, trail);
    let original: Audit = w.auditor.get(&format!("{path}/original")).await.expect(200);
    assert_eq!(original.answers, sent.answers);
    assert_eq!(original.touchpoint_notes, sent.touchpoint_notes);
    assert!(!original.score.total.critical_failure);

    // Managers: nothing before release, then only the released version; never the trail.
    assert_eq!(w.manager.get(&path).await.status, StatusCode::NOT_FOUND);
    let listed: Page<AuditSummary> = w.manager.get("/api/v1/audits").await.expect(200);
    assert!(listed.items.iter().all(|a| a.id != id));
    assert_eq!(
        w.manager.get(&format!("{path}/edits")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.manager.get(&format!("{path}/original")).await.status,
        StatusCode::FORBIDDEN
    );
    w.approve(id).await;
    let released: Audit = w.manager.get(&path).await.expect(200);
    assert_eq!(released.answers, second.answers);
    assert_eq!(released.score, phone);
    let after: Audit = w.consultant.get(&path).await.expect(200);
    let reply = w
        .consultant
        .post(&format!("{path}/edits"), &edit_of(&after, "Late"))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "an approved audit is not edited"
    );

    // Roles and tenancy.
    let (other_id, _) = submitted(&w).await;
    let other_path = format!("/api/v1/audits/{other_id}");
    let fresh: Audit = w.consultant.get(&other_path).await.expect(200);
    let mut body = edit_of(&fresh, "Fix");
    body["answers"][5]["comment"] = json!("x");
    let edits = format!("{other_path}/edits");
    assert_eq!(
        w.auditor.post(&edits, &body).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.manager.post(&edits, &body).await.status,
        StatusCode::FORBIDDEN
    );
    let anonymous = Session::new(&app.base);
    assert_eq!(
        anonymous.post(&edits, &body).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(anonymous.get(&edits).await.status, StatusCode::UNAUTHORIZED);
    let elsewhere = World::build(&app, "qa-other").await;
    for s in [&elsewhere.consultant, &elsewhere.admin] {
        assert_eq!(s.post(&edits, &body).await.status, StatusCode::NOT_FOUND);
        assert_eq!(s.get(&edits).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            s.get(&format!("{other_path}/original")).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        elsewhere.auditor.get(&edits).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        w.consultant.get(&other_path).await.expect::<Audit>(200),
        fresh
    );
}

/// Audits the auditor submitted, `n` of them, created a few at a time.
pub(crate) async fn many_submitted(w: &World, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for _ in (0..n).step_by(10) {
        let batch = (0..10.min(n - ids.len())).map(|_| async { submitted(w).await.0 });
        ids.extend(futures_util::future::join_all(batch).await);
    }
    ids
}

/// The review queue as a reviewer lists it: every submitted audit with its `updated_at`.
pub(crate) async fn listed(session: &Session) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let page: Page<AuditSummary> = session
            .get(&format!(
                "/api/v1/audits?status=submitted&limit=500{cursor}"
            ))
            .await
            .expect(200);
        out.extend(
            page.items
                .iter()
                .map(|a| json!({"id": a.id, "updated_at": a.updated_at})),
        );
        match page.next_cursor {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return out,
        }
    }
}

#[tokio::test]
async fn bulk_review_skips_and_reports_what_changed_and_the_comment_library() {
    let app = TestApp::new().await;
    let w = World::build(&app, "bulk").await;
    let ids = many_submitted(&w, 500).await;
    let queue = listed(&w.consultant).await;
    assert_eq!(queue.len(), 500);

    // Meanwhile one audit is edited, one returned and one approved on their own.
    let one: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{}", ids[7]))
        .await
        .expect(200);
    let mut body = edit_of(&one, "Typo");
    body["answers"][4]["value"] = json!({"type": "text", "value": "All fine"});
    w.consultant
        .post(&format!("/api/v1/audits/{}/edits", ids[7]), &body)
        .await
        .expect::<Audit>(200);
    w.admin
        .post(
            &format!("/api/v1/audits/{}/review", ids[250]),
            &json!({"decision": "return"}),
        )
        .await
        .expect::<Audit>(200);
    w.approve(ids[499]).await;

    let bulk = json!({"decision": "approve", "audits": queue});
    for s in [&w.auditor, &w.manager] {
        assert_eq!(
            s.post("/api/v1/audits/bulk-review", &bulk).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let anonymous = Session::new(&app.base);
    let reply = anonymous.post("/api/v1/audits/bulk-review", &bulk).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let mut twice = queue.clone();
    twice.push(queue[0].clone());
    let reply = w
        .consultant
        .post(
            "/api/v1/audits/bulk-review",
            &json!({"decision": "approve", "audits": twice}),
        )
        .await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "audits[500].id")
    );
    let reply = w
        .consultant
        .post(
            "/api/v1/audits/bulk-review",
            &json!({"decision": "approve", "audits": []}),
        )
        .await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "audits")
    );

    let outcome: Value = w
        .consultant
        .post("/api/v1/audits/bulk-review", &bulk)
        .await
        .expect(200);
    let reviewed = outcome["reviewed"].as_array().expect("reviewed");
    let mut skipped: Vec<Uuid> = outcome["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| serde_json::from_value(s["id"].clone()).expect("id"))
        .collect();
    skipped.sort();
    assert_eq!(reviewed.len(), 497, "{}", outcome["skipped"]);
    assert_eq!(skipped, [ids[7], ids[250], ids[499]]);
    assert_eq!(
        outcome["skipped"][0]["reason"],
        "changed since it was listed"
    );
    let edited: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{}", ids[7]))
        .await
        .expect(200);
    assert_eq!(edited.status, AuditStatus::Submitted, "never overwritten");
    let approved: Page<AuditSummary> = w
        .manager
        .get("/api/v1/audits?status=approved&limit=500")
        .await
        .expect(200);
    assert_eq!(approved.items.len(), 498);
    // The bulk approval counts in the client's scorecard like single ones.
    let card: Scorecard = w
        .manager
        .get(&format!("/api/v1/scorecards?client_id={}", w.client.id))
        .await
        .expect(200);
    assert_eq!(card.overall.n, 498);

    // The comment library, and a bulk return with one of its comments.
    let library = "/api/v1/review-comments";
    let made: Value = w
        .consultant
        .post(
            library,
            &json!({"title": "Photos", "body": "Add a photo of the counter"}),
        )
        .await
        .expect(201);
    let comment_path = format!("{library}/{}", made["id"].as_str().expect("id"));
    let reply = w
        .consultant
        .post(library, &json!({"title": " ", "body": "x"}))
        .await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "title")
    );
    let changed: Value = w
        .admin
        .put(
            &comment_path,
            &json!({"title": "Photos", "body": "Add a photo of the counter, please"}),
        )
        .await
        .expect(200);
    let all: Value = w.admin.get(library).await.expect(200);
    assert_eq!(all, json!([changed]));
    for s in [&w.auditor, &w.manager] {
        assert_eq!(s.get(library).await.status, StatusCode::FORBIDDEN);
        let body = json!({"title": "Mine", "body": "Now"});
        assert_eq!(
            s.put(&comment_path, &body).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(s.post(library, &body).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        anonymous.get(library).await.status,
        StatusCode::UNAUTHORIZED
    );
    let elsewhere = World::build(&app, "bulk-other").await;
    assert_eq!(
        elsewhere.consultant.get(library).await.expect::<Value>(200),
        json!([])
    );
    let body = json!({"title": "Mine", "body": "Now"});
    let reply = elsewhere.consultant.put(&comment_path, &body).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = elsewhere
        .consultant
        .send(reqwest::Method::DELETE, &comment_path, None::<&()>)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // Another organisation's audits are not found by its bulk review, and stay as they were.
    let mine = many_submitted(&w, 2).await;
    let theirs = listed(&elsewhere.consultant).await;
    assert!(theirs.is_empty());
    let foreign = json!({"decision": "approve", "audits": [{"id": mine[0], "updated_at": chrono::Utc::now()}]});
    let outcome: Value = elsewhere
        .consultant
        .post("/api/v1/audits/bulk-review", &foreign)
        .await
        .expect(200);
    assert_eq!(outcome["skipped"][0]["reason"], "not found");
    let queue = listed(&w.consultant).await;
    assert_eq!(queue.len(), 3, "the edited audit and the two new ones");
    let returned: Value = w
        .consultant
        .post(
            "/api/v1/audits/bulk-review",
            &json!({"decision": "return", "comment": changed["body"], "audits": queue}),
        )
        .await
        .expect(200);
    assert_eq!(
        returned["reviewed"].as_array().map(Vec::len),
        Some(3),
        "{returned}"
    );
    let theirs: Audit = w
        .auditor
        .get(&format!("/api/v1/audits/{}", mine[1]))
        .await
        .expect(200);
    assert_eq!(theirs.status, AuditStatus::Returned);
    assert_eq!(
        theirs.review.map(|r| r.comment).as_deref(),
        Some("Add a photo of the counter, please")
    );
    let reply = w
        .admin
        .send(reqwest::Method::DELETE, &comment_path, None::<&()>)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(w.admin.get(library).await.expect::<Value>(200), json!([]));
    score_range_selects_the_queue_and_guards_bulk_review(&app, &w).await;
}

/// The ids of the audits `GET /audits` lists with `query`, sorted.
async fn ids_listed(session: &Session, query: &str) -> Vec<Uuid> {
    let page: Page<AuditSummary> = session
        .get(&format!("/api/v1/audits?limit=500&{query}"))
        .await
        .expect(200);
    let mut ids: Vec<Uuid> = page.items.iter().map(|a| a.id).collect();
    ids.sort();
    ids
}

/// `score_min` / `score_max` on the review queue (inclusive, combined with the other
/// filters) and on bulk review (a listed audit outside the range is skipped and reported).
async fn score_range_selects_the_queue_and_guards_bulk_review(app: &TestApp, w: &World) {
    // Three audits waiting for review (the queue is empty before): full marks, one with a
    // failed critical item and one with a failed item and a poor rating.
    assert!(listed(&w.consultant).await.is_empty());
    let mut poor = w.perfect();
    poor[1] = AnswerValue::Scale(2.0);
    poor[5] = AnswerValue::YesNo(false);
    let mut failed = w.perfect();
    failed[0] = AnswerValue::YesNo(false);
    let mut made = Vec::new();
    for values in [w.perfect(), failed, poor] {
        let (id, input) = submitted_with(w, values).await;
        let percent = score_audit(&w.checklist.version.content, &w.journey, &input.answers)
            .total
            .percent()
            .expect("scored");
        made.push((id, percent));
    }
    let [(top, full), (mid, middle), (low, lowest)] = made[..] else {
        unreachable!()
    };
    assert!(
        full == 100.0 && middle < full && lowest < middle && lowest > 0.0,
        "{full} {middle} {lowest}"
    );
    let sorted = |mut v: Vec<Uuid>| {
        v.sort();
        v
    };
    let c = &w.consultant;
    let q = "status=submitted";
    assert_eq!(ids_listed(c, q).await, sorted(vec![top, mid, low]));
    // Both bounds inclusive, each alone, both together.
    let cases = [
        (format!("score_min={middle}"), vec![top, mid]),
        (format!("score_max={middle}"), vec![mid, low]),
        (format!("score_min={middle}&score_max={middle}"), vec![mid]),
        ("score_min=0&score_max=100".to_owned(), vec![top, mid, low]),
        ("score_min=100".to_owned(), vec![top]),
        (format!("score_max={lowest}"), vec![low]),
        ("score_max=0".to_owned(), vec![]),
        ("score_min=99.5&score_max=99.9".to_owned(), vec![]),
    ];
    for (range, want) in cases {
        assert_eq!(
            ids_listed(c, &format!("{q}&{range}")).await,
            sorted(want),
            "{range}"
        );
    }
    // Combined with the client, location, auditor and flag filters.
    let range = format!("{q}&score_min={middle}");
    let auditor = w.user(touchstone_shared::user::Role::Auditor).id;
    for (other, want) in [
        (format!("client_id={}", w.client.id), vec![top, mid]),
        (format!("client_id={}", Uuid::now_v7()), vec![]),
        (format!("location_id={}", w.location.id), vec![top, mid]),
        (format!("auditor_id={auditor}"), vec![top, mid]),
        (format!("auditor_id={}", Uuid::now_v7()), vec![]),
    ] {
        assert_eq!(
            ids_listed(c, &format!("{range}&{other}")).await,
            sorted(want),
            "{other}"
        );
    }
    let mut flagged = ids_listed(c, &format!("{range}&flagged=true")).await;
    flagged.extend(ids_listed(c, &format!("{range}&flagged=false")).await);
    assert_eq!(sorted(flagged), sorted(vec![top, mid]), "flagged or not");
    // Bad bounds are 422 naming the parameter.
    for (bad, name) in [
        ("score_min=-1", "score_min"),
        ("score_max=100.5", "score_max"),
        ("score_min=high", "score_min"),
        ("score_max=", "score_max"),
        ("score_min=NaN", "score_min"),
        ("score_min=80&score_max=20", "score_min"),
    ] {
        let reply = c.get(&format!("/api/v1/audits?{bad}")).await;
        assert_eq!(
            (reply.status, field(&reply)),
            (StatusCode::UNPROCESSABLE_ENTITY, name),
            "{bad}"
        );
    }
    // A manager's list stays approved-only with a range; an auditor's their own.
    assert!(
        ids_listed(&w.manager, "score_min=0")
            .await
            .iter()
            .all(|id| ![top, mid, low].contains(id))
    );
    assert_eq!(ids_listed(&w.auditor, &range).await, sorted(vec![top, mid]));
    let anonymous = Session::new(&app.base);
    let reply = anonymous.get("/api/v1/audits?score_min=10").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    // Bulk review with the range the audits were selected with: the whole queue is sent,
    // the one below the range is skipped and reported.
    let queue = listed(c).await;
    let bulk = "/api/v1/audits/bulk-review";
    for (bad, name) in [
        (json!({"score_min": 101}), "score_min"),
        (json!({"score_max": "lots"}), "score_max"),
        (json!({"score_min": 60, "score_max": 50}), "score_min"),
    ] {
        let mut body = json!({"decision": "approve", "audits": queue});
        body.as_object_mut()
            .expect("object")
            .extend(bad.as_object().expect("object").clone());
        let reply = c.post(bulk, &body).await;
        assert_eq!(
            (reply.status, field(&reply)),
            (StatusCode::UNPROCESSABLE_ENTITY, name),
            "{bad}"
        );
    }
    let outcome: Value = c
        .post(
            bulk,
            &json!({"decision": "approve", "audits": queue, "score_min": middle, "score_max": 100}),
        )
        .await
        .expect(200);
    let reviewed: Vec<Uuid> =
        serde_json::from_value(outcome["reviewed"].clone()).expect("reviewed");
    assert_eq!(sorted(reviewed), sorted(vec![top, mid]), "{outcome}");
    assert_eq!(
        outcome["skipped"],
        json!([{"id": low, "reason": "score outside the selected range"}])
    );
    assert_eq!(ids_listed(c, q).await, vec![low], "never decided");
}

/// The PDF attached to a raw e-mail (base64, as lettre encodes it).
fn attachment(raw: &str) -> Vec<u8> {
    use base64::Engine;
    let part = raw
        .split("Content-Type: application/pdf")
        .nth(1)
        .expect("a PDF part");
    let body = part.split_once("\n\n").expect("part body").1;
    let encoded: String = body
        .lines()
        .take_while(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .concat();
    base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .expect("base64 attachment")
}

/// The audit's report as the session gets it: status and bytes.
async fn audit_pdf(session: &Session, id: Uuid) -> (StatusCode, Vec<u8>) {
    let response = session
        .request(
            reqwest::Method::GET,
            &format!("/api/v1/audits/{id}/report.pdf"),
        )
        .send()
        .await
        .expect("sent");
    let status = response.status();
    (status, response.bytes().await.expect("body").to_vec())
}

/// The text of a PDF, runs of white space as one space.
fn pdf_text(dir: &std::path::Path, name: &str, pdf: &[u8]) -> String {
    let file = dir.join(name);
    std::fs::write(&file, pdf).expect("written");
    let out = poppler("pdftotext", &[file.to_str().expect("path"), "-"]).stdout;
    let text = String::from_utf8(out).expect("utf-8 text");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn an_audit_report_is_a_pdf_with_flags_for_reviewers_only() {
    let app = TestApp::new().await;
    let w = World::build(&app, "audit-pdf").await;
    let photo: Photo = w
        .auditor
        .send_raw(
            reqwest::Method::POST,
            "/api/v1/photos",
            "image/jpeg",
            fixtures::jpeg(640, 360),
        )
        .await
        .expect(201);
    let id = Uuid::now_v7();
    let mut input = w.audit(
        w.new_assignment().await.id,
        AuditStatus::Submitted,
        w.perfect(),
    );
    input.answers[0].photos = vec![photo.sha256.clone()];
    // Far from the location: a proof-of-visit flag.
    input.visit.position = Some(touchstone_shared::location::LatLon {
        lat: 41.15,
        lon: -8.61,
    });
    w.auditor
        .put(&format!("/api/v1/audits/{id}"), &input)
        .await
        .expect::<Audit>(201);
    let read: Audit = w
        .consultant
        .get(&format!("/api/v1/audits/{id}"))
        .await
        .expect(200);
    assert!(!read.flags.is_empty());
    let mut body = edit_of(&read, "Pain point reworded");
    body["touchpoint_notes"][0]["pain_point"] = json!("Long queue at the entrance");
    w.consultant
        .post(&format!("/api/v1/audits/{id}/edits"), &body)
        .await
        .expect::<Audit>(200);

    let dir = tempfile::tempdir().expect("temp dir");
    let (status, pdf) = audit_pdf(&w.consultant, id).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(dir.path(), "reviewer.pdf", &pdf);
    for expected in [
        "Audit report: Chiado",
        "Score 100.0 %",
        "Greeted within 30 s",
        "Long queue at the entrance",
        "Proof-of-visit flags",
        "outside_geofence",
        "Pain point reworded",
        "Photo 1",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
    let path = dir.path().join("reviewer.pdf");
    let images = poppler("pdfimages", &["-list", path.to_str().expect("path")]).stdout;
    assert_eq!(
        String::from_utf8_lossy(&images).matches(" jpeg ").count(),
        1
    );
    // The first page renders with ink on it.
    let page = dir.path().join("page");
    poppler(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "30",
            "-f",
            "1",
            "-l",
            "1",
            path.to_str().expect("path"),
            page.to_str().expect("path"),
        ],
    );
    let pgm = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(".pgm"))
        .expect("page 1 rendered");
    let pixels = std::fs::read(pgm.path()).expect("pgm");
    let dark = pixels.iter().skip(20).filter(|&&p| p < 128).count();
    assert!(dark > 500, "page 1 is blank: {dark} dark pixels");

    // The auditor's copy has the trail but no flags; managers get nothing before release.
    let (status, pdf) = audit_pdf(&w.auditor, id).await;
    assert_eq!(status, StatusCode::OK);
    let text = pdf_text(dir.path(), "auditor.pdf", &pdf);
    assert!(
        !text.contains("Proof-of-visit flags") && !text.contains("outside_geofence"),
        "{text}"
    );
    assert!(text.contains("Pain point reworded"));
    assert_eq!(audit_pdf(&w.manager, id).await.0, StatusCode::NOT_FOUND);
    w.approve(id).await;
    let (status, pdf) = audit_pdf(&w.manager, id).await;
    assert_eq!(status, StatusCode::OK);
    let text = pdf_text(dir.path(), "manager.pdf", &pdf);
    assert!(text.contains("Long queue at the entrance"));
    assert!(
        !text.contains("outside_geofence") && !text.contains("Pain point reworded"),
        "{text}"
    );
    assert_eq!(
        audit_pdf(&Session::new(&app.base), id).await.0,
        StatusCode::UNAUTHORIZED
    );
    let elsewhere = World::build(&app, "audit-pdf-other").await;
    assert_eq!(
        audit_pdf(&elsewhere.consultant, id).await.0,
        StatusCode::NOT_FOUND
    );
}

/// Opens a shared link anonymously, with a password if given: status and bytes.
async fn open_link(app: &TestApp, path: &str, password: Option<&str>) -> (StatusCode, Vec<u8>) {
    let fresh = Session::new(&app.base);
    let mut request = fresh.request(reqwest::Method::GET, path);
    if let Some(p) = password {
        request = request.header("X-Share-Password", p);
    }
    let response = request.send().await.expect("sent");
    let status = response.status();
    (status, response.bytes().await.expect("body").to_vec())
}

/// Posts the password page's form (`encoded`: the password, form-encoded) without an
/// account, following the redirect a wrong one gets: the final status, and whether the
/// answer is a PDF (else it must be the page again, saying the password was wrong).
async fn post_password(app: &TestApp, open: &str, encoded: &str) -> (StatusCode, bool) {
    let response = Session::new(&app.base)
        .request(reqwest::Method::POST, open)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("password={encoded}"))
        .send()
        .await
        .expect("sent");
    let status = response.status();
    let body = response.bytes().await.expect("body");
    let pdf = body.starts_with(b"%PDF");
    if status == StatusCode::OK && !pdf {
        assert!(String::from_utf8_lossy(&body).contains("not right"));
    }
    (status, pdf)
}

#[tokio::test]
async fn share_links_open_one_report_until_expired_or_revoked() {
    let app = TestApp::new().await;
    let w = World::build(&app, "share").await;
    let (id, _) = submitted(&w).await;
    let (unapproved, _) = submitted(&w).await;
    w.approve(id).await;
    let links = "/api/v1/share-links";
    let soon = chrono::Utc::now() + chrono::Duration::days(7);
    let made: Value = w
        .consultant
        .post(
            links,
            &json!({"audit_id": id, "expires_at": soon, "password": "open sesame"}),
        )
        .await
        .expect(201);
    let path = made["path"].as_str().expect("path").to_owned();
    let link_id = made["link"]["id"].as_str().expect("id").to_owned();
    assert_eq!(made["link"]["has_password"], true);
    let client_link: Value = w
        .admin
        .post(
            links,
            &json!({"client_id": w.client.id, "expires_at": soon}),
        )
        .await
        .expect(201);
    let client_path = client_link["path"].as_str().expect("path").to_owned();

    // Bad input, roles and tenancy.
    for (body, field_name) in [
        (
            json!({"audit_id": unapproved, "expires_at": soon}),
            "audit_id",
        ),
        (json!({"expires_at": soon}), "client_id"),
        (
            json!({"client_id": w.client.id, "audit_id": id, "expires_at": soon}),
            "client_id",
        ),
        (
            json!({"audit_id": id, "expires_at": chrono::Utc::now() - chrono::Duration::days(1)}),
            "expires_at",
        ),
        (
            json!({"audit_id": id, "expires_at": soon, "password": "short"}),
            "password",
        ),
    ] {
        let reply = w.consultant.post(links, &body).await;
        assert_eq!(
            (reply.status, field(&reply)),
            (StatusCode::UNPROCESSABLE_ENTITY, field_name)
        );
    }
    let ok = json!({"audit_id": id, "expires_at": soon});
    for s in [&w.auditor, &w.manager] {
        assert_eq!(s.post(links, &ok).await.status, StatusCode::FORBIDDEN);
        assert_eq!(s.get(links).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        Session::new(&app.base).get(links).await.status,
        StatusCode::UNAUTHORIZED
    );
    let elsewhere = World::build(&app, "share-other").await;
    let reply = elsewhere.consultant.post(links, &ok).await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "audit_id")
    );
    let reply = elsewhere
        .consultant
        .post(
            links,
            &json!({"client_id": w.client.id, "expires_at": soon}),
        )
        .await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "client_id")
    );
    assert_eq!(
        elsewhere.consultant.get(links).await.expect::<Value>(200),
        json!([])
    );
    let other_revoke = format!("{links}/{link_id}");
    let reply = elsewhere
        .consultant
        .send(reqwest::Method::DELETE, &other_revoke, None::<&()>)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // Opened without an account: the password first.
    assert_eq!(open_link(&app, &path, None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        open_link(&app, &path, Some("open sesame!")).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, pdf) = open_link(&app, &path, Some("open sesame")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    let dir = tempfile::tempdir().expect("temp dir");
    let text = pdf_text(dir.path(), "shared.pdf", &pdf);
    assert!(
        text.contains("Audit report: Chiado") && !text.contains("Proof-of-visit flags"),
        "{text}"
    );
    let (status, pdf) = open_link(&app, &client_path, None).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert!(pdf_text(dir.path(), "client.pdf", &pdf).contains(&w.client.name));

    // Nothing else is reachable with the link's secret.
    let secret = path
        .strip_prefix("/api/v1/shared/")
        .and_then(|p| p.strip_suffix("/report.pdf"))
        .expect("secret");
    let bearer = Session::with_bearer(&app.base, secret);
    for route in [
        "/api/v1/auth/me".to_owned(),
        "/api/v1/audits".to_owned(),
        format!("/api/v1/audits/{id}"),
        format!("/api/v1/audits/{id}/report.pdf"),
        format!("/api/v1/audits/{id}/edits"),
        format!("/api/v1/clients/{}", w.client.id),
        format!("/api/v1/scorecards?client_id={}", w.client.id),
        format!("/api/v1/reports/client.pdf?client_id={}", w.client.id),
        "/api/v1/share-links".to_owned(),
        "/api/v1/review-comments".to_owned(),
        "/api/v1/users".to_owned(),
    ] {
        assert_eq!(
            bearer.get(&route).await.status,
            StatusCode::UNAUTHORIZED,
            "{route}"
        );
    }
    for other in [
        format!("/api/v1/shared/{secret}"),
        format!("/api/v1/shared/{secret}/audits/{unapproved}"),
        format!("/api/v1/shared/{secret}x/report.pdf"),
    ] {
        let (status, body) = open_link(&app, &other, Some("open sesame")).await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{other}: {status}"
        );
        assert!(!body.starts_with(b"%PDF"), "{other}");
    }

    // Every open is logged; a revoked link is 404, like an expired one.
    let listed: Value = w.consultant.get(links).await.expect(200);
    let row = listed
        .as_array()
        .and_then(|l| l.iter().find(|l| l["id"] == made["link"]["id"]))
        .expect("listed");
    assert_eq!(row["opens"], 1, "{row}");

    // From a browser: the password page, and its form.
    let open = format!("/api/v1/shared/{secret}/open");
    let page = Session::new(&app.base)
        .request(reqwest::Method::GET, &open)
        .send()
        .await
        .expect("sent");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("page");
    assert!(
        html.contains(r#"name="password""#) && !html.contains("not right"),
        "{html}"
    );
    assert_eq!(
        post_password(&app, &open, "open+sesame%21").await,
        (StatusCode::OK, false)
    );
    assert_eq!(
        post_password(&app, &open, "open+sesame").await,
        (StatusCode::OK, true)
    );
    let reply = w
        .consultant
        .send(
            reqwest::Method::DELETE,
            &format!("{links}/{link_id}"),
            None::<&()>,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        open_link(&app, &path, Some("open sesame")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        post_password(&app, &open, "open+sesame").await,
        (StatusCode::NOT_FOUND, false)
    );
    let short: Value = w
        .consultant
        .post(links, &json!({"audit_id": id, "expires_at": chrono::Utc::now() + chrono::Duration::seconds(1)}))
        .await
        .expect(201);
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let expired = short["path"].as_str().expect("path");
    assert_eq!(
        open_link(&app, expired, None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn scheduled_reports_are_made_monthly_kept_and_mailed() {
    let port = free_port();
    let sink = SmtpSink::start(port).await;
    let app = TestApp::with_config(|c| fast(c, port)).await;
    let w = World::build(&app, "schedule").await;
    let (id, _) = submitted(&w).await;
    w.approve(id).await;
    let schedules = "/api/v1/report-schedules";
    let body =
        json!({"client_id": w.client.id, "recipients": ["ops@brand.example", "ceo@brand.example"]});
    let made: Value = w.consultant.post(schedules, &body).await.expect(201);
    let schedule_id = made["id"].as_str().expect("id").to_owned();
    let next: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(made["next_run_at"].clone()).expect("next_run_at");
    use chrono::Datelike;
    assert_eq!(
        (next.day(), next.format("%H:%M").to_string()),
        (1, "00:00".to_owned())
    );
    assert!(next > chrono::Utc::now());
    for (bad, name) in [
        (
            json!({"client_id": w.client.id, "recipients": []}),
            "recipients",
        ),
        (
            json!({"client_id": w.client.id, "recipients": ["not an address"]}),
            "recipients[0]",
        ),
        (
            json!({"client_id": Uuid::now_v7(), "recipients": ["a@b.example"]}),
            "client_id",
        ),
    ] {
        let reply = w.consultant.post(schedules, &bad).await;
        assert_eq!(
            (reply.status, field(&reply)),
            (StatusCode::UNPROCESSABLE_ENTITY, name)
        );
    }

    // Made at once, then by the server when due: each kept with its file.
    let run = format!("{schedules}/{schedule_id}/run");
    let kept: Value = w.admin.post(&run, &json!({})).await.expect(201);
    assert_eq!(kept["recipients"], body["recipients"]);
    let pool = app.state.db.pool();
    sqlx::query("UPDATE report_schedules SET next_run_at = 1 WHERE id = $1")
        .bind(&schedule_id)
        .execute(pool)
        .await
        .expect("due");
    let state = &app.state;
    use touchstone_server::service::report_schedules::run_due;
    assert_eq!(run_due(state).await.expect("run"), 1);
    assert_eq!(run_due(state).await.expect("run again"), 0, "claimed once");
    let listed: Value = w.consultant.get(schedules).await.expect(200);
    let moved: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(listed[0]["next_run_at"].clone()).expect("next_run_at");
    assert!(moved > chrono::Utc::now());
    let reports: Value = w
        .consultant
        .get("/api/v1/scheduled-reports")
        .await
        .expect(200);
    assert_eq!(reports.as_array().map(Vec::len), Some(2), "{reports}");
    let file = format!(
        "/api/v1/scheduled-reports/{}/file.pdf",
        kept["id"].as_str().expect("id")
    );
    let response = w
        .consultant
        .request(reqwest::Method::GET, &file)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let pdf = response.bytes().await.expect("pdf").to_vec();
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(pdf_text(dir.path(), "monthly.pdf", &pdf).contains(&w.client.name));

    // Each report mailed to each address once, with the PDF attached and no unsubscribe
    // link (the addresses belong to no user).
    let reports_mailed = || {
        let mut mails = sink.messages();
        mails.retain(|m| m.kind() == "scheduled_report");
        mails
    };
    eventually("four report e-mails", || async {
        reports_mailed().len() >= 4
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mails = reports_mailed();
    assert_eq!(mails.len(), 4, "one per report and address");
    let mut to: Vec<&str> = mails.iter().map(|m| m.header("x-envelope-to")).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        [
            "ceo@brand.example",
            "ceo@brand.example",
            "ops@brand.example",
            "ops@brand.example"
        ]
    );
    let mut attached = Vec::new();
    for (n, mail) in mails.iter().enumerate() {
        assert!(
            mail.header("subject").contains(&w.client.name),
            "{}",
            mail.raw
        );
        assert_eq!(mail.header("list-unsubscribe"), "", "{}", mail.raw);
        assert!(
            mail.raw.contains("ask whoever scheduled it"),
            "{}",
            mail.raw
        );
        let file = attachment(&mail.raw);
        assert!(
            pdf_text(dir.path(), &format!("mailed-{n}.pdf"), &file).contains(&w.client.name),
            "the attachment is the report"
        );
        attached.push(file);
    }
    assert!(attached.contains(&pdf), "the kept file is the one mailed");
    let outbox: Value = w.admin.get("/api/v1/outbox?limit=50").await.expect(200);
    let mailed: Vec<&Value> = outbox
        .as_array()
        .expect("outbox")
        .iter()
        .filter(|m| m["kind"] == "scheduled_report")
        .collect();
    assert_eq!(mailed.len(), 4, "{outbox}");
    assert!(
        mailed.iter().all(|m| m["status"] == "delivered"),
        "{outbox}"
    );

    // Roles and tenancy.
    for s in [&w.auditor, &w.manager] {
        assert_eq!(s.get(schedules).await.status, StatusCode::FORBIDDEN);
        assert_eq!(s.post(schedules, &body).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            s.get("/api/v1/scheduled-reports").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(s.get(&file).await.status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        Session::new(&app.base).get(&file).await.status,
        StatusCode::UNAUTHORIZED
    );
    let elsewhere = World::build(&app, "schedule-other").await;
    assert_eq!(
        elsewhere.consultant.get(&file).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        elsewhere.consultant.post(&run, &json!({})).await.status,
        StatusCode::NOT_FOUND
    );
    let theirs: Value = elsewhere
        .consultant
        .get("/api/v1/scheduled-reports")
        .await
        .expect(200);
    assert_eq!(theirs, json!([]));
    let reply = elsewhere.consultant.post(schedules, &body).await;
    assert_eq!(
        (reply.status, field(&reply)),
        (StatusCode::UNPROCESSABLE_ENTITY, "client_id")
    );
    let delete = format!("{schedules}/{schedule_id}");
    let reply = elsewhere
        .consultant
        .send(reqwest::Method::DELETE, &delete, None::<&()>)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = w
        .consultant
        .send(reqwest::Method::DELETE, &delete, None::<&()>)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let reports: Value = w
        .consultant
        .get("/api/v1/scheduled-reports")
        .await
        .expect(200);
    assert_eq!(
        reports.as_array().map(Vec::len),
        Some(2),
        "the reports stay"
    );
}
