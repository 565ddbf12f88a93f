//! New answer types through the API: a multi-select's settings refused when they cannot
//! work, answers that do not fit it refused naming the answer, points per option up to the
//! cap, a condition on one of its options, and its cell in the answers export.

use crate::branching::save;
use serde_json::json;
use touchstone_shared::audit::{Answer, AnswerValue, Audit, AuditStatus};
use touchstone_shared::checklist::{Checklist, ChoiceOption, Item, ItemKind};
use touchstone_shared::condition::{Condition, ConditionValue};
use touchstone_shared::user::Role;
use touchstone_tests::{TestApp, World, world::assign};
use uuid::Uuid;

const NONE: &str = "None of these";

fn extras(cap: Option<f64>, none_label: Option<&str>) -> ItemKind {
    ItemKind::MultiSelect {
        options: ["Cup", "Lid", "Napkin"]
            .iter()
            .map(|l| ChoiceOption {
                label: (*l).into(),
                points: 1.0,
            })
            .collect(),
        cap,
        none_label: none_label.map(str::to_owned),
    }
}

/// A new optional item like `base` (the world's last yes/no), asking `label` with `kind`.
fn item(base: &Item, label: &str, kind: ItemKind) -> Item {
    Item {
        id: Uuid::now_v7(),
        label: label.into(),
        kind,
        required: false,
        show_if: None,
        ..base.clone()
    }
}

#[tokio::test]
async fn a_multi_select_is_checked_scored_up_to_its_cap_branched_on_and_exported() {
    let app = TestApp::new().await;
    let w = World::build(&app, "types-multi").await;
    let base = w.checklist.version.content.clone();
    let yes_no = base.items().nth(5).map(|(_, i)| i.clone()).expect("item 5");

    // Settings that cannot work are refused, naming the setting.
    for (kind, field, message) in [
        (extras(Some(0.0), None), "kind.cap", "above zero"),
        (
            extras(None, Some("Lid")),
            "kind.none_label",
            "already one of",
        ),
    ] {
        let mut content = base.clone();
        content.sections[0]
            .items
            .push(item(&yes_no, "Extras offered", kind));
        let reply = save(&w, content).await;
        assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
        let at = format!("content.sections[0].items[2].{field}");
        assert_eq!(reply.body["error"]["field"], json!(at));
        let text = reply.body["error"]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{text}");
    }

    // "Why no extras?" is asked only when "none of these" was picked.
    let multi = item(&yes_no, "Extras offered", extras(Some(2.0), Some(NONE)));
    let mut why = item(&yes_no, "Why no extras?", ItemKind::Text);
    why.show_if = Some(Condition::OneOf {
        item_id: multi.id,
        values: vec![ConditionValue::Text(NONE.into())],
    });
    let mut content = base.clone();
    content.sections[0].items.push(multi.clone());
    content.sections[1].items.push(why.clone());
    let saved: Checklist = save(&w, content).await.expect(200);
    let auditor = w.user(Role::Auditor).id;
    let assignment = assign(&w.consultant, &saved, &w.location, auditor).await;
    let url = format!("/api/v1/audits/{}", Uuid::now_v7());
    let body = |picked: &[&str]| {
        let mut input = w.audit(assignment.id, AuditStatus::Submitted, w.perfect());
        let answer = |item_id, value| Answer {
            item_id,
            value,
            comment: String::new(),
            photos: Vec::new(),
        };
        let picked = picked.iter().map(|p| (*p).to_owned()).collect();
        input
            .answers
            .push(answer(multi.id, AnswerValue::MultiSelect(picked)));
        input
            .answers
            .push(answer(why.id, AnswerValue::Text("left over".into())));
        input
    };

    // Answers that do not fit are refused, naming the answer.
    for (picked, message) in [
        (&[][..], "at least one"),
        (&["Cup", NONE], "cannot be picked with"),
        (&["Straw"], "not one of the item's options"),
        (&["Cup", "Cup"], "twice"),
    ] {
        let reply = w.auditor.put(&url, &body(picked)).await;
        assert_eq!(reply.status.as_u16(), 422, "{picked:?}: {}", reply.body);
        assert_eq!(reply.body["error"]["field"], json!("answers[7].value"));
        let text = reply.body["error"]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{text}");
    }

    // Three options at a point each, capped at 2: 2 of 2. "Why" is hidden, so dropped.
    let audit: Audit = w
        .auditor
        .put(&url, &body(&["Cup", "Lid", "Napkin"]))
        .await
        .expect(201);
    let points = audit
        .score
        .items
        .iter()
        .find(|i| i.item_id == multi.id)
        .map(|i| i.points)
        .expect("the multi-select is scored");
    assert_eq!((points.earned, points.possible), (2.0, 2.0));
    assert!(!audit.answers.iter().any(|a| a.item_id == why.id));

    // "None of these" alone earns nothing and asks "why"; a draft keeps it.
    let other = assign(&w.consultant, &saved, &w.location, auditor).await;
    let mut none = body(&[NONE]);
    none.assignment_id = other.id;
    none.status = AuditStatus::Draft;
    let draft: Audit = w
        .auditor
        .put(&format!("/api/v1/audits/{}", Uuid::now_v7()), &none)
        .await
        .expect(201);
    assert!(draft.answers.iter().any(|a| a.item_id == why.id));
    let earned = draft.score.items.iter().find(|i| i.item_id == multi.id);
    assert_eq!(earned.map(|i| i.points.earned), Some(0.0));

    // The export writes the picked options in one cell.
    w.approve(audit.id).await;
    let rows = crate::exports::csv_rows(&w.consultant, &format!("client_id={}", w.client.id)).await;
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    let row = rows
        .iter()
        .find(|r| r[col("item")] == "Extras offered")
        .expect("a row for the multi-select");
    assert_eq!(row[col("value")], "Cup; Lid; Napkin");
    assert_eq!(row[col("points")], "2");
}
