//! Checklists that branch: conditions refused when they refer forward, nowhere or to
//! themselves; hidden items neither scored nor stored; evidence asked for when an answer fails.

use serde_json::{Value, json};
use touchstone_shared::assignment::Assignment;
use touchstone_shared::audit::{AnswerValue, Audit, AuditStatus};
use touchstone_shared::checklist::{Checklist, ChecklistContent, ChecklistInput};
use touchstone_shared::condition::{Condition, ConditionValue};
use touchstone_shared::user::Role;
use touchstone_tests::session::Reply;
use touchstone_tests::{TestApp, World, world::assign};
use uuid::Uuid;

/// The world's checklist with "Tone" (item 2) asked only when the greeting (item 0) failed,
/// the farewell section only when the tone was not cold, and a failed greeting asking for a
/// photo and a note.
fn branching(w: &World) -> ChecklistContent {
    let mut content = w.checklist.version.content.clone();
    let greeting = &mut content.sections[0].items[0];
    greeting.photo_if_failed = true;
    greeting.note_if_failed = true;
    content.sections[1].items[0].show_if = Some(Condition::Equals {
        item_id: w.item(0),
        value: ConditionValue::Bool(false),
    });
    content.sections[2].show_if = Some(Condition::NotOneOf {
        item_id: w.item(2),
        values: vec![ConditionValue::Text("Cold".into())],
    });
    content
}

/// A world whose checklist is [`branching`], and an assignment of its new version.
async fn branching_world(app: &TestApp, prefix: &str) -> (World, Assignment) {
    let w = World::build(app, prefix).await;
    let saved: Checklist = save(&w, branching(&w)).await.expect(200);
    let auditor = w.user(Role::Auditor).id;
    let assignment = assign(&w.consultant, &saved, &w.location, auditor).await;
    (w, assignment)
}

/// Saves `content` as the world's checklist.
pub(crate) async fn save(w: &World, content: ChecklistContent) -> Reply {
    let input = ChecklistInput {
        client_id: w.client.id,
        journey_id: w.journey.id,
        content,
    };
    w.consultant
        .put(&format!("/api/v1/checklists/{}", w.checklist.id), &input)
        .await
}

#[tokio::test]
async fn conditions_that_refer_forward_nowhere_to_themselves_or_to_impossible_answers_are_refused()
{
    let app = TestApp::new().await;
    let w = World::build(&app, "branch-refuse").await;
    let cases: [(usize, usize, Condition, &str); 5] = [
        (
            0,
            0,
            Condition::Answered { item_id: w.item(1) },
            "not an earlier item",
        ),
        (
            0,
            1,
            Condition::Answered { item_id: w.item(1) },
            "not an earlier item",
        ),
        (
            1,
            0,
            Condition::Answered {
                item_id: Uuid::now_v7(),
            },
            "not an earlier item",
        ),
        (
            1,
            0,
            Condition::Equals {
                item_id: w.item(0),
                value: ConditionValue::Text("Warm".into()),
            },
            "can never be an answer",
        ),
        (
            2,
            0,
            Condition::InRange {
                item_id: w.item(2),
                min: Some(1.0),
                max: None,
            },
            "has no range",
        ),
    ];
    for (section, item, condition, message) in cases {
        let mut content = w.checklist.version.content.clone();
        content.sections[section].items[item].show_if = Some(condition);
        let reply = save(&w, content).await;
        assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
        let field = format!("content.sections[{section}].items[{item}].show_if");
        assert_eq!(reply.body["error"]["field"], json!(field));
        let text = reply.body["error"]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{text}");
    }
    // A cycle: two items that each show only when the other is answered. The later one's
    // reference is backward, so the earlier one's is refused, by name.
    let mut content = w.checklist.version.content.clone();
    content.sections[0].items[0].show_if = Some(Condition::Answered { item_id: w.item(1) });
    content.sections[0].items[1].show_if = Some(Condition::Answered { item_id: w.item(0) });
    let (first, second) = (
        content.sections[0].items[0].label.clone(),
        content.sections[0].items[1].label.clone(),
    );
    let reply = save(&w, content).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert_eq!(
        reply.body["error"]["field"],
        json!("content.sections[0].items[0].show_if")
    );
    let text = reply.body["error"]["message"].as_str().unwrap_or_default();
    assert!(text.contains("not an earlier item"), "{text}");
    // Both items are named: the one to fix, and the later one it looks at.
    assert!(text.contains(&format!("\"{first}\": ")), "{text}");
    assert!(text.contains(&format!("(\"{second}\")")), "{text}");

    // A section's condition may not refer to its own items.
    let mut content = w.checklist.version.content.clone();
    content.sections[1].show_if = Some(Condition::Answered { item_id: w.item(2) });
    let reply = save(&w, content).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert_eq!(
        reply.body["error"]["field"],
        json!("content.sections[1].show_if")
    );
}

#[tokio::test]
async fn hidden_items_are_not_scored_not_required_and_their_answers_are_dropped_at_submission() {
    let app = TestApp::new().await;
    let (w, assignment) = branching_world(&app, "branch-hide").await;

    // Greeted (so "Tone" is hidden, and the farewell section with it: its condition refers
    // to the hidden "Tone"); the phone still holds answers to both from before.
    let body = w.audit(assignment.id, AuditStatus::Submitted, w.perfect());
    let id = Uuid::now_v7();
    let url = format!("/api/v1/audits/{id}");
    let audit: Audit = w.auditor.put(&url, &body).await.expect(201);
    let kept: Vec<Uuid> = audit.answers.iter().map(|a| a.item_id).collect();
    assert_eq!(kept, vec![w.item(0), w.item(1), w.item(3), w.item(4)]);
    // Greeting 2/2, warmth 4/4, wait 2/2: tone (3) and thanked (1) are not possible.
    assert_eq!(audit.score.total.possible, 8.0);
    assert_eq!(audit.score.total.earned, 8.0);
    // The same body again is the same audit.
    let again: Audit = w.auditor.put(&url, &body).await.expect(200);
    assert_eq!(again.answers, audit.answers);

    // Approved, the export shows the items it did not ask as "not asked", with no points.
    w.approve(id).await;
    let rows = crate::exports::csv_rows(&w.consultant, &format!("client_id={}", w.client.id)).await;
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let tone = rows
        .iter()
        .find(|r| r[col("item")] == "Tone")
        .expect("a row for the hidden item");
    assert_eq!(tone[col("value")], "not asked");
    assert_eq!(tone[col("points")], "");
    let thanked = rows
        .iter()
        .find(|r| r[col("item")] == "Thanked")
        .expect("row");
    assert_eq!(thanked[col("value")], "not asked");
}

#[tokio::test]
async fn a_failed_answer_needs_its_photo_and_note_before_submission() {
    let app = TestApp::new().await;
    let (w, assignment) = branching_world(&app, "branch-evidence").await;
    let mut answers = w.perfect();
    answers[0] = AnswerValue::YesNo(false);
    let mut body = w.audit(assignment.id, AuditStatus::Submitted, answers);
    let url = format!("/api/v1/audits/{}", Uuid::now_v7());

    let reply = w.auditor.put(&url, &body).await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert_eq!(reply.body["error"]["field"], json!("answers"));
    let text = |reply: &Value| {
        reply["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(
        text(&reply.body).contains("needs a photo"),
        "{}",
        reply.body
    );

    // A draft may still lack them.
    body.status = AuditStatus::Draft;
    w.auditor.put(&url, &body).await.expect::<Audit>(201);
}
