//! Setting up clients, journeys, locations and versioned checklists.

use reqwest::StatusCode;
use serde_json::json;
use touchstone_shared::assignment::AssignmentDetail;
use touchstone_shared::audit::{Audit, AuditStatus};
use touchstone_shared::checklist::Checklist;
use touchstone_shared::journey::{Channel, DEFAULT_STAGES, Journey, Stage, Touchpoint};
use touchstone_shared::page::Page;
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

#[tokio::test]
async fn a_new_journey_gets_the_five_default_stages() {
    let app = TestApp::new().await;
    let w = World::build(&app, "stages").await;
    let journey: Journey = w
        .consultant
        .post(
            "/api/v1/journeys",
            &json!({"client_id": w.client.id, "name": "Web journey"}),
        )
        .await
        .expect(201);
    let names: Vec<&str> = journey.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, DEFAULT_STAGES);
}

#[tokio::test]
async fn editing_a_used_checklist_makes_a_new_version_and_keeps_the_old_one() {
    let app = TestApp::new().await;
    let w = World::build(&app, "versions").await;
    let path = format!("/api/v1/checklists/{}", w.checklist.id);
    let mut content = w.checklist.version.content.clone();
    content.name = "Shop visit v2".into();
    let body = json!({"client_id": w.client.id, "journey_id": w.journey.id, "content": content});
    // The world's assignment uses version 1.
    let edited: Checklist = w.consultant.put(&path, &body).await.expect(200);
    assert_eq!(edited.version.number, 2);
    assert_ne!(edited.version.id, w.checklist.version.id);
    let old: Checklist = w
        .consultant
        .get(&format!(
            "/api/v1/checklist-versions/{}",
            w.checklist.version.id
        ))
        .await
        .expect(200);
    assert_eq!(old.version.content.name, "Shop visit");
    // Version 2 is unused, so a second edit changes it in place.
    content.name = "Shop visit v2b".into();
    let body = json!({"client_id": w.client.id, "journey_id": w.journey.id, "content": content});
    let again: Checklist = w.consultant.put(&path, &body).await.expect(200);
    assert_eq!(again.version.number, 2);
    assert_eq!(again.version.id, edited.version.id);
    let listed: Page<Checklist> = w
        .manager
        .get(&format!("/api/v1/checklists?client_id={}", w.client.id))
        .await
        .expect(200);
    assert_eq!(listed.items[0].version.content.name, "Shop visit v2b");
}

#[tokio::test]
async fn checklists_must_refer_to_their_journey() {
    let app = TestApp::new().await;
    let w = World::build(&app, "refs").await;
    let mut content = w.checklist.version.content.clone();
    content.sections[0].touchpoint_id = Uuid::now_v7();
    let reply = w
        .consultant
        .post(
            "/api/v1/checklists",
            &json!({"client_id": w.client.id, "journey_id": w.journey.id, "content": content}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.body["error"]["field"],
        "content.sections[0].touchpoint_id"
    );
}

#[tokio::test]
async fn a_touchpoint_its_checklist_scores_cannot_be_removed_from_the_journey() {
    let app = TestApp::new().await;
    let w = World::build(&app, "tp-in-use").await;
    let path = format!("/api/v1/journeys/{}", w.journey.id);
    let put = |stages: &[Stage]| json!({"client_id": w.client.id, "name": w.journey.name, "stages": stages});
    // A touchpoint no checklist scores comes and goes freely.
    let mut stages = w.journey.stages.clone();
    stages[1].touchpoints.push(Touchpoint {
        id: Uuid::now_v7(),
        name: "Parking".into(),
        channel: Channel::InStore,
    });
    let grown: Journey = w.consultant.put(&path, &put(&stages)).await.expect(200);
    assert_eq!(grown.stages[1].touchpoints.len(), 2);
    let back: Journey = w
        .consultant
        .put(&path, &put(&w.journey.stages))
        .await
        .expect(200);
    assert_eq!(back.stages, w.journey.stages);

    // The checklist scores touchpoint 0: removing it is refused, and nothing changes.
    let scored = &w.journey.stages[0].touchpoints[0];
    assert!(
        w.checklist
            .version
            .content
            .sections
            .iter()
            .any(|s| s.touchpoint_id == scored.id)
    );
    let mut stages = w.journey.stages.clone();
    stages[0].touchpoints.remove(0);
    let reply = w.consultant.put(&path, &put(&stages)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(reply.body["error"]["field"], "stages");
    let message = reply.body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains(&scored.name) && message.contains(&w.checklist.version.content.name),
        "{message}"
    );
    let kept: Journey = w.consultant.get(&path).await.expect(200);
    assert_eq!(kept.stages, w.journey.stages);
}

#[tokio::test]
async fn the_assignment_detail_carries_everything_for_offline_work() {
    let app = TestApp::new().await;
    let w = World::build(&app, "detail").await;
    let path = format!("/api/v1/assignments/{}/detail", w.assignment.id);
    let detail: AssignmentDetail = w.auditor.get(&path).await.expect(200);
    assert_eq!(detail.location.id, w.location.id);
    assert_eq!(detail.checklist.id, w.checklist.version.id);
    assert_eq!(detail.journey.id, w.journey.id);
    assert!(detail.audit.is_none());
    let id = Uuid::now_v7();
    w.auditor
        .put(
            &format!("/api/v1/audits/{id}"),
            &w.audit(w.assignment.id, AuditStatus::Draft, w.perfect()),
        )
        .await
        .expect::<Audit>(201);
    let detail: AssignmentDetail = w.auditor.get(&path).await.expect(200);
    assert_eq!(detail.audit.map(|a| a.id), Some(id));
    assert_eq!(detail.assignment.audit_id, Some(id));
}

#[tokio::test]
async fn pages_follow_cursors_to_the_end() {
    let app = TestApp::new().await;
    let w = World::build(&app, "pages").await;
    for n in 0..5 {
        w.consultant
            .post("/api/v1/clients", &json!({"name": format!("Brand {n}")}))
            .await
            .expect::<serde_json::Value>(201);
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/clients?limit=2".to_owned();
    loop {
        let page: Page<touchstone_shared::client::Client> =
            w.consultant.get(&path).await.expect(200);
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|c| c.id));
        match page.next_cursor {
            Some(cursor) => path = format!("/api/v1/clients?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(seen.len(), 6);
    assert_eq!(unique.len(), 6);
}

#[tokio::test]
async fn openapi_document_is_served() {
    let app = TestApp::new().await;
    let doc = app.session().get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(
        doc.body["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with('3')
    );
    assert!(doc.body["components"]["schemas"]["AuditInput"].is_object());
}
