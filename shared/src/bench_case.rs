//! The checklist the scoring benchmarks time: 200 items with 50 conditions, every item
//! answered. One case for the native bench (`shared/benches/scoring.rs`) and the phone's
//! wasm (`client/tests/scoring_speed.rs`), so the two figures are of the same work.

use crate::audit::{Answer, AnswerValue};
use crate::checklist::{ChecklistContent, Item, ItemKind, Section};
use crate::condition::{Condition, ConditionValue};
use crate::journey::{Channel, Journey, Stage, Touchpoint};
use uuid::Uuid;

/// Items in the checklist.
pub const ITEMS: usize = 200;
/// At least this many of them carry a condition.
pub const CONDITIONS: usize = 50;

fn item(n: usize, show_if: Option<Condition>) -> Item {
    let kind = match n % 3 {
        0 => ItemKind::YesNo { yes_is_good: true },
        1 => ItemKind::Scale { min: 1.0, max: 5.0 },
        _ => ItemKind::Text,
    };
    let json = serde_json::json!({
        "id": Uuid::now_v7(), "label": format!("Item {n}"), "kind": kind, "required": n.is_multiple_of(7),
    });
    let mut item: Item = serde_json::from_value(json).expect("item");
    item.show_if = show_if;
    item
}

/// Ten touchpoints of twenty items; every fourth item is asked only after "yes" to the
/// nearest yes/no item before it.
pub fn checklist() -> (ChecklistContent, Journey) {
    let touchpoints: Vec<Touchpoint> = (0..10)
        .map(|n| Touchpoint {
            id: Uuid::now_v7(),
            name: format!("T{n}"),
            channel: Channel::InStore,
        })
        .collect();
    let mut items: Vec<Item> = Vec::with_capacity(ITEMS);
    for n in 0..ITEMS {
        let trigger = items
            .iter()
            .rev()
            .find(|t| matches!(t.kind, ItemKind::YesNo { .. }))
            .filter(|_| n % 4 == 3);
        let condition = trigger.map(|t| Condition::Equals {
            item_id: t.id,
            value: ConditionValue::Bool(true),
        });
        items.push(item(n, condition));
    }
    let conditions = items.iter().filter(|i| i.show_if.is_some()).count();
    debug_assert!(conditions >= CONDITIONS, "{conditions} conditions");
    let sections = touchpoints
        .iter()
        .zip(items.chunks(ITEMS / 10))
        .map(|(t, chunk)| Section {
            touchpoint_id: t.id,
            title: String::new(),
            show_if: None,
            items: chunk.to_vec(),
        })
        .collect();
    let content = ChecklistContent {
        name: "bench".into(),
        critical_fails_audit: false,
        min_visit_minutes: None,
        sections,
    };
    let journey = Journey {
        id: Uuid::now_v7(),
        client_id: Uuid::now_v7(),
        name: "bench".into(),
        stages: vec![Stage {
            id: Uuid::now_v7(),
            name: "S".into(),
            touchpoints,
        }],
        updated_at: chrono::Utc::now(),
    };
    (content, journey)
}

/// Every item answered: yes and no alternating, 4 on the scales, a word in the texts.
pub fn answers(content: &ChecklistContent) -> Vec<Answer> {
    content
        .items()
        .enumerate()
        .map(|(n, (_, item))| Answer {
            item_id: item.id,
            value: match item.kind {
                ItemKind::YesNo { .. } => AnswerValue::YesNo(n.is_multiple_of(2)),
                ItemKind::Scale { .. } => AnswerValue::Scale(4.0),
                _ => AnswerValue::Text("fine".into()),
            },
            comment: String::new(),
            photos: Vec::new(),
        })
        .collect()
}
