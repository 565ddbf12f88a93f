//! Builders for the shared crate's tests: items, answers, a three-touchpoint journey.

use crate::audit::{Answer, AnswerValue};
use crate::checklist::{ChecklistContent, Item, ItemKind, Section};
use crate::journey::{Channel, Journey, Stage, Touchpoint};
use chrono::Utc;
use uuid::Uuid;

pub fn item(kind: ItemKind, weight: f64) -> Item {
    Item {
        id: Uuid::now_v7(),
        label: "q".into(),
        help: String::new(),
        kind,
        weight,
        allow_na: true,
        critical: false,
        required: false,
        photo_required: false,
        show_if: None,
        photo_if_failed: false,
        note_if_failed: false,
    }
}

pub fn yes_no() -> ItemKind {
    ItemKind::YesNo { yes_is_good: true }
}

pub fn answer(item: &Item, value: AnswerValue) -> Answer {
    Answer {
        item_id: item.id,
        value,
        comment: String::new(),
        photos: Vec::new(),
    }
}

/// A journey with two stages: stage A has touchpoints 0 and 1, stage B has touchpoint 2.
pub fn journey() -> Journey {
    let tp = |name: &str| Touchpoint {
        id: Uuid::now_v7(),
        name: name.into(),
        channel: Channel::InStore,
    };
    Journey {
        id: Uuid::now_v7(),
        client_id: Uuid::now_v7(),
        name: "j".into(),
        stages: vec![
            Stage {
                id: Uuid::now_v7(),
                name: "A".into(),
                touchpoints: vec![tp("t0"), tp("t1")],
            },
            Stage {
                id: Uuid::now_v7(),
                name: "B".into(),
                touchpoints: vec![tp("t2")],
            },
        ],
        updated_at: Utc::now(),
    }
}

pub fn touchpoint_ids(j: &Journey) -> Vec<Uuid> {
    j.stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(|t| t.id))
        .collect()
}

pub fn checklist(j: &Journey, items: Vec<Vec<Item>>) -> ChecklistContent {
    ChecklistContent {
        name: "c".into(),
        critical_fails_audit: false,
        min_visit_minutes: None,
        sections: touchpoint_ids(j)
            .into_iter()
            .zip(items)
            .map(|(touchpoint_id, items)| Section {
                touchpoint_id,
                title: String::new(),
                show_if: None,
                items,
            })
            .collect(),
    }
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}
