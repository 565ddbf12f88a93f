//! Test data: a small checklist with every item kind, on a two-stage journey.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use touchstone_shared::assignment::{Assignment, AssignmentDetail, AssignmentStatus};
use touchstone_shared::audit::{Audit, AuditInput, AuditStatus};
use touchstone_shared::checklist::{
    Band, ChecklistContent, ChecklistVersion, ChoiceOption, Item, ItemKind, Section,
};
use touchstone_shared::journey::{Channel, Journey, Stage, Touchpoint};
use touchstone_shared::location::{LatLon, Location};
use touchstone_shared::scoring::score_audit;
use uuid::Uuid;

pub fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 3, 10, minute, 0)
        .single()
        .expect("valid time")
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub const GREETING: u128 = 0x100;
pub const CHECKOUT: u128 = 0x200;

pub fn item(n: u128, kind: ItemKind) -> Item {
    Item {
        id: id(n),
        label: format!("Item {n}"),
        help: String::new(),
        kind,
        weight: 1.0,
        allow_na: false,
        critical: false,
        required: false,
        photo_required: false,
        show_if: None,
        photo_if_failed: false,
        note_if_failed: false,
    }
}

pub fn detail() -> AssignmentDetail {
    let mut greeted = item(1, ItemKind::YesNo { yes_is_good: true });
    greeted.required = true;
    let friendly = item(2, ItemKind::Scale { min: 1.0, max: 5.0 });
    let mut offer = item(
        3,
        ItemKind::Choice {
            options: vec![
                ChoiceOption {
                    label: "None".into(),
                    points: 0.0,
                },
                ChoiceOption {
                    label: "Some".into(),
                    points: 1.0,
                },
                ChoiceOption {
                    label: "Full".into(),
                    points: 2.0,
                },
            ],
        },
    );
    offer.allow_na = true;
    let mut wait = item(
        4,
        ItemKind::Number {
            bands: vec![
                Band {
                    upto: 60.0,
                    points: 2.0,
                },
                Band {
                    upto: 300.0,
                    points: 1.0,
                },
            ],
        },
    );
    wait.required = true;
    let nps = item(5, ItemKind::Nps);
    let remarks = item(6, ItemKind::Text);
    let mut shelf = item(7, ItemKind::Photo);
    shelf.required = true;
    let content = ChecklistContent {
        name: "Store visit".into(),
        critical_fails_audit: false,
        min_visit_minutes: Some(10),
        sections: vec![
            Section {
                touchpoint_id: id(GREETING),
                title: "Greeting".into(),
                show_if: None,
                items: vec![greeted, friendly, offer],
            },
            Section {
                touchpoint_id: id(CHECKOUT),
                title: "Checkout".into(),
                show_if: None,
                items: vec![wait, nps, remarks, shelf],
            },
        ],
    };
    AssignmentDetail {
        assignment: Assignment {
            id: id(0xA),
            client_id: id(0xC),
            checklist_version_id: id(0xCC),
            checklist_id: id(0xC1),
            location_id: id(0x10),
            auditor_id: id(0x50),
            not_before: at(0),
            due: at(59),
            scenario: "Ask about a mortgage".into(),
            audit_id: None,
            status: AssignmentStatus::Open,
            created_at: at(0),
            journey_updated_at: Some(at(0)),
        },
        location: Location {
            id: id(0x10),
            client_id: id(0xC),
            code: "LIS-1".into(),
            name: "Lisbon Baixa".into(),
            address: "Rua Augusta 1".into(),
            region: "South".into(),
            position: LatLon {
                lat: 38.71,
                lon: -9.137,
            },
            radius_m: 150.0,
            polygon: None,
            time_zone: "Europe/Lisbon".into(),
            created_at: at(0),
        },
        checklist: ChecklistVersion {
            id: id(0xCC),
            number: 1,
            content,
            created_at: at(0),
        },
        journey: Journey {
            id: id(0x30),
            client_id: id(0xC),
            name: "Retail".into(),
            stages: vec![
                Stage {
                    id: id(0x31),
                    name: "Purchase".into(),
                    touchpoints: vec![Touchpoint {
                        id: id(GREETING),
                        name: "Greeting".into(),
                        channel: Channel::InStore,
                    }],
                },
                Stage {
                    id: id(0x32),
                    name: "Retention".into(),
                    touchpoints: vec![Touchpoint {
                        id: id(CHECKOUT),
                        name: "Checkout".into(),
                        channel: Channel::InStore,
                    }],
                },
            ],
            updated_at: at(0),
        },
        audit: None,
    }
}

/// The audit the server would store for `input`.
pub fn stored(audit_id: Uuid, input: &AuditInput, status: AuditStatus, minute: u32) -> Audit {
    let d = detail();
    Audit {
        id: audit_id,
        assignment_id: input.assignment_id,
        checklist_version_id: d.checklist.id,
        client_id: d.assignment.client_id,
        location_id: d.location.id,
        auditor_id: d.assignment.auditor_id,
        status,
        visit: input.visit.clone(),
        answers: input.answers.clone(),
        touchpoint_notes: input.touchpoint_notes.clone(),
        score: score_audit(&d.checklist.content, &d.journey, &input.answers),
        review: None,
        flags: Vec::new(),
        submitted_at: None,
        updated_at: at(minute),
    }
}

pub fn sha(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}
