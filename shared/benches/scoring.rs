//! Scoring speed with branching: a 200-item checklist with 50 conditions, scored with every
//! item answered, as the phone does on each tap and the server on each save. Prints the
//! median and the 99th percentile of one `score_audit` + `missing` over many runs.
//!
//! Target: under 1 ms per call (issue 18). `cargo bench -p touchstone-shared`.

use std::hint::black_box;
use std::time::{Duration, Instant};
use touchstone_shared::audit::{Answer, AnswerValue};
use touchstone_shared::checklist::{ChecklistContent, Item, ItemKind, Section};
use touchstone_shared::condition::{Condition, ConditionValue};
use touchstone_shared::journey::{Channel, Journey, Stage, Touchpoint};
use touchstone_shared::requirement::missing;
use touchstone_shared::scoring::score_audit;
use uuid::Uuid;

const ITEMS: usize = 200;
const CONDITIONS: usize = 50;
const RUNS: usize = 2_000;

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
fn checklist() -> (ChecklistContent, Journey) {
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
    assert!(conditions >= CONDITIONS, "{conditions} conditions");
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

fn answers(content: &ChecklistContent) -> Vec<Answer> {
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

fn main() {
    let (content, journey) = checklist();
    let answers = answers(&content);
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(score_audit(&content, &journey, black_box(&answers)));
            black_box(missing(&content, true, &answers));
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((RUNS as f64 - 1.0) * q) as usize];
    println!(
        "score + missing, {ITEMS} items, {} conditions: median {:.1} µs, p99 {:.1} µs (target < 1000 µs)",
        content.items().filter(|(_, i)| i.show_if.is_some()).count(),
        at(0.5).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
    );
}
