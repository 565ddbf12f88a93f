//! Assignments: batches made all or none, the listing's filters (location, status,
//! window), and the journey's last change that tells phones to fetch it again.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use touchstone_shared::assignment::{Assignment, AssignmentDetail, AssignmentStatus};
use touchstone_shared::audit::{Audit, AuditStatus};
use touchstone_shared::import::ImportErrorBody;
use touchstone_shared::journey::Journey;
use touchstone_shared::location::Location;
use touchstone_shared::page::Page;
use touchstone_shared::user::Role;
use touchstone_tests::{TestApp, World};
use uuid::Uuid;

async fn listing(w: &World, query: &str) -> Vec<Assignment> {
    w.consultant
        .get(&format!("/api/v1/assignments?limit=500&{query}"))
        .await
        .expect::<Page<Assignment>>(200)
        .items
}

async fn second_location(w: &World) -> Location {
    w.consultant
        .post(
            "/api/v1/locations",
            &json!({"client_id": w.client.id, "code": "POR-01", "name": "Porto",
                "position": {"lat": 41.15, "lon": -8.61}}),
        )
        .await
        .expect(201)
}

fn row(w: &World, location: Uuid, days_from_now: i64) -> Value {
    let start = Utc::now() + Duration::days(days_from_now);
    json!({"checklist_version_id": w.checklist.version.id, "location_id": location,
        "auditor_id": w.user(Role::Auditor).id, "not_before": start,
        "due": start + Duration::days(3), "scenario": "Ask for a refund"})
}

#[tokio::test]
async fn a_batch_creates_every_assignment_and_the_listing_filters_them() {
    let app = TestApp::new().await;
    let w = World::build(&app, "batch").await;
    let porto = second_location(&w).await;
    let created: Vec<Assignment> = w
        .consultant
        .post(
            "/api/v1/assignments/batch",
            &json!({"assignments": [row(&w, w.location.id, 10), row(&w, porto.id, 10)]}),
        )
        .await
        .expect(201);
    assert_eq!(created.len(), 2);
    assert!(created.iter().all(|a| a.status == AssignmentStatus::Open));
    assert_eq!(created[1].location_id, porto.id);
    assert_eq!(created[1].client_id, w.client.id);

    let at_porto = listing(&w, &format!("location_id={}", porto.id)).await;
    assert_eq!(at_porto.len(), 1);
    assert_eq!(at_porto[0].id, created[1].id);

    // The window filter keeps assignments whose window overlaps [from, to).
    let later = Utc::now() + Duration::days(9);
    let window = format!(
        "from={}&to={}",
        urlencode(&later.to_rfc3339()),
        urlencode(&(later + Duration::days(1)).to_rfc3339())
    );
    let ids: Vec<Uuid> = listing(&w, &window).await.iter().map(|a| a.id).collect();
    assert_eq!(ids, created.iter().map(|a| a.id).collect::<Vec<_>>());
    let past = format!(
        "to={}",
        urlencode(&(Utc::now() - Duration::days(5)).to_rfc3339())
    );
    assert!(listing(&w, &past).await.is_empty());
    let auditor_and_client = format!(
        "client_id={}&auditor_id={}&status=open",
        w.client.id,
        w.user(Role::Auditor).id
    );
    assert_eq!(listing(&w, &auditor_and_client).await.len(), 3);
}

#[tokio::test]
async fn a_batch_with_bad_rows_creates_nothing_and_names_each_row() {
    let app = TestApp::new().await;
    let w = World::build(&app, "badbatch").await;
    let before = listing(&w, "").await.len();
    let mut backwards = row(&w, w.location.id, 1);
    backwards["due"] = json!(Utc::now() - Duration::days(3));
    let reply = w
        .consultant
        .post(
            "/api/v1/assignments/batch",
            &json!({"assignments": [
                row(&w, w.location.id, 1),
                backwards,
                row(&w, Uuid::now_v7(), 1),
            ]}),
        )
        .await;
    let body: ImportErrorBody = reply.expect(422);
    assert_eq!(reply.error_code(), "invalid_input");
    let problems: Vec<(u32, Option<String>)> = body
        .error
        .errors
        .iter()
        .map(|p| (p.row, p.column.clone()))
        .collect();
    assert_eq!(
        problems,
        vec![(2, Some("due".into())), (3, Some("location_id".into()))]
    );
    assert!(body.error.errors[1].problem.contains("no such location"));
    assert_eq!(listing(&w, "").await.len(), before, "nothing was created");

    let empty = w
        .consultant
        .post("/api/v1/assignments/batch", &json!({"assignments": []}))
        .await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.error_code(), "invalid_input");
    assert_eq!(empty.body["error"]["errors"][0]["row"], 1, "{}", empty.body);
    let too_many: Vec<Value> = (0..501).map(|_| row(&w, w.location.id, 1)).collect();
    let reply = w
        .consultant
        .post(
            "/api/v1/assignments/batch",
            &json!({"assignments": too_many}),
        )
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.body["error"]["errors"][0]["row"], 501,
        "{}",
        reply.body
    );
    assert_eq!(listing(&w, "").await.len(), before);
}

#[tokio::test]
async fn the_listing_follows_the_audit_status_and_refuses_an_empty_window() {
    let app = TestApp::new().await;
    let w = World::build(&app, "status").await;
    assert_eq!(listing(&w, "status=submitted").await.len(), 0);
    let open = listing(&w, "status=open").await;
    assert!(open.iter().any(|a| a.id == w.assignment.id));

    w.auditor
        .put(
            &format!("/api/v1/audits/{}", Uuid::now_v7()),
            &w.audit(w.assignment.id, AuditStatus::Submitted, w.perfect()),
        )
        .await
        .expect::<Audit>(201);
    let submitted = listing(&w, "status=submitted").await;
    assert_eq!(
        submitted.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![w.assignment.id]
    );
    assert_eq!(submitted[0].status, AssignmentStatus::Submitted);
    assert!(
        !listing(&w, "status=open")
            .await
            .iter()
            .any(|a| a.id == w.assignment.id)
    );

    let now = Utc::now();
    let reply = w
        .consultant
        .get(&format!(
            "/api/v1/assignments?from={}&to={}",
            urlencode(&now.to_rfc3339()),
            urlencode(&now.to_rfc3339())
        ))
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(reply.error_code(), "invalid_input");
    let reply = w.consultant.get("/api/v1/assignments?status=lost").await;
    assert_eq!(reply.status, 400);
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

#[tokio::test]
async fn the_listing_tells_the_phone_when_the_journey_last_changed() {
    let app = TestApp::new().await;
    let w = World::build(&app, "journey").await;
    let mine = |page: Page<Assignment>| {
        page.items
            .into_iter()
            .find(|a| a.id == w.assignment.id)
            .expect("listed")
    };
    let listed = mine(w.auditor.get("/api/v1/assignments").await.expect(200));
    assert_eq!(listed.journey_updated_at, Some(w.journey.updated_at));

    // Timestamps are in milliseconds: the edit is at least one later.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut body = serde_json::to_value(&w.journey).expect("journey");
    body = json!({"client_id": body["client_id"], "name": "Shop visit, edited",
        "stages": body["stages"]});
    let edited: Journey = w
        .consultant
        .put(&format!("/api/v1/journeys/{}", w.journey.id), &body)
        .await
        .expect(200);
    assert!(edited.updated_at > w.journey.updated_at);

    let listed = mine(w.auditor.get("/api/v1/assignments").await.expect(200));
    assert_eq!(listed.journey_updated_at, Some(edited.updated_at));
    let bundle: AssignmentDetail = w
        .auditor
        .get(&format!("/api/v1/assignments/{}/detail", w.assignment.id))
        .await
        .expect(200);
    assert_eq!(bundle.journey, edited);
    assert_eq!(bundle.assignment, listed);
}
