//! Demo data: an agency, a coffee-chain client, its journey, twenty shops, a 40-item
//! checklist, one user per role and a few hundred approved audits over the last 90 days.
//!
//! Audits go through the same application logic as real ones (validation, scoring,
//! review), so the demo's scorecards are computed exactly as production ones.

mod catalog;

use crate::auth::Caller;
use crate::db;
use crate::service;
use crate::state::AppState;
use chrono::{Duration, Utc};
use touchstone_shared::assignment::AssignmentInput;
use touchstone_shared::audit::{
    Answer, AnswerValue, AuditInput, AuditStatus, ReviewDecision, ReviewInput, TouchpointNote,
    Visit,
};
use touchstone_shared::checklist::{ChecklistContent, ChecklistInput, Item, ItemKind, Section};
use touchstone_shared::client::ClientInput;
use touchstone_shared::journey::{DEFAULT_STAGES, Stage, Touchpoint};
use touchstone_shared::location::{LatLon, LocationInput};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Password of every demo user.
pub const DEMO_PASSWORD: &str = "touchstone-demo";
/// Approved audits in the demo.
const APPROVED_AUDITS: usize = 300;
/// Submitted audits waiting for review.
const PENDING_AUDITS: usize = 4;
/// Assignments not started yet.
const OPEN_ASSIGNMENTS: usize = 16;

/// Demo user emails by role.
pub fn demo_email(role: Role) -> String {
    format!("{}@demo.touchstone.test", role.as_str())
}

/// Loads the demo when the database has no organisation yet, and prints how to sign in.
pub async fn load_if_empty(state: &AppState) -> anyhow::Result<()> {
    if !db::users::any_organisation(state.db.pool()).await? {
        load(state).await?;
    }
    println!("Demo users (password: {DEMO_PASSWORD}):");
    for role in Role::ALL {
        println!("  {:<11} {}", role.as_str(), demo_email(role));
    }
    Ok(())
}

async fn load(state: &AppState) -> anyhow::Result<()> {
    tracing::info!("loading demo data");
    let org_id = Uuid::now_v7();
    let hash = state.passwords.hash(DEMO_PASSWORD.to_owned()).await?;
    let mut users = Vec::new();
    let mut tx = state.db.begin().await?;
    db::users::insert_organisation(
        &mut tx,
        org_id,
        "Meridian Customer Insight",
        "Europe/London",
    )
    .await?;
    for role in Role::ALL {
        let id = Uuid::now_v7();
        let email = demo_email(role);
        let name = match role {
            Role::Admin => "Ada Admin",
            Role::Consultant => "Cora Consultant",
            Role::Manager => "Milo Manager",
            Role::Auditor => "Ari Auditor",
        };
        db::users::insert_user(
            &mut tx,
            &db::users::NewUserRow {
                id,
                org_id,
                email: &email,
                name,
                role,
                password_hash: &hash,
            },
        )
        .await?;
        users.push(Caller {
            user_id: id,
            org_id,
            role,
            session_hash: None,
        });
    }
    tx.commit().await?;
    let [_, consultant, manager, auditor] = [0, 1, 2, 3].map(|i| users[i].clone());

    let client = db::clients::insert(
        state.db.pool(),
        org_id,
        &ClientInput {
            name: "Halcyon Coffee".into(),
            target_percent: 80.0,
        },
    )
    .await?;
    let mut tx = state.db.begin().await?;
    db::users::set_user_clients(&mut tx, manager.user_id, &[client.id]).await?;
    tx.commit().await?;

    let specs = catalog::touchpoints();
    let mut stages: Vec<Stage> = DEFAULT_STAGES
        .iter()
        .map(|name| Stage {
            id: Uuid::now_v7(),
            name: (*name).to_owned(),
            touchpoints: Vec::new(),
        })
        .collect();
    let mut sections = Vec::new();
    for spec in &specs {
        let touchpoint = Touchpoint {
            id: Uuid::now_v7(),
            name: spec.name.to_owned(),
            channel: spec.channel,
        };
        sections.push(Section {
            touchpoint_id: touchpoint.id,
            title: spec.name.to_owned(),
            show_if: None,
            items: spec
                .items
                .iter()
                .map(|(label, kind, weight, critical)| Item {
                    id: Uuid::now_v7(),
                    label: (*label).to_owned(),
                    help: String::new(),
                    kind: kind.clone(),
                    weight: *weight,
                    allow_na: !critical,
                    critical: *critical,
                    required: kind.is_scored() && *critical,
                    photo_required: false,
                    show_if: None,
                    photo_if_failed: false,
                    note_if_failed: false,
                })
                .collect(),
        });
        stages[spec.stage].touchpoints.push(touchpoint);
    }
    let journey = db::journeys::insert(
        state.db.pool(),
        org_id,
        client.id,
        "In-store coffee journey",
        stages,
    )
    .await?;

    let mut locations = Vec::new();
    for (code, name, region, lat, lon) in catalog::LOCATIONS {
        let input = LocationInput {
            client_id: client.id,
            code: code.into(),
            name: name.into(),
            address: format!("{name}, {region}"),
            region: region.into(),
            position: LatLon { lat, lon },
            radius_m: 150.0,
            polygon: None,
            time_zone: "Europe/London".into(),
        };
        locations.push(db::locations::insert(state.db.pool(), org_id, &input).await?);
    }

    let content = ChecklistContent {
        name: "Halcyon shop visit".into(),
        critical_fails_audit: false,
        min_visit_minutes: Some(15),
        sections,
    };
    let checklist = service::checklists::create(
        state,
        &consultant,
        ChecklistInput {
            client_id: client.id,
            journey_id: journey.id,
            content: content.clone(),
        },
    )
    .await?;

    let mut rng = fastrand::Rng::with_seed(20_261_123);
    let now = Utc::now();
    let total = APPROVED_AUDITS + PENDING_AUDITS;
    for n in 0..total + OPEN_ASSIGNMENTS {
        let location = &locations[rng.usize(..locations.len())];
        let (not_before, due) = if n < total {
            let days_ago = if n < APPROVED_AUDITS {
                rng.i64(1..90)
            } else {
                0
            };
            let start = now - Duration::days(days_ago) - Duration::hours(rng.i64(1..6));
            (start - Duration::days(3), start + Duration::days(4))
        } else {
            (
                now - Duration::hours(1),
                now + Duration::days(rng.i64(2..10)),
            )
        };
        let assignment = service::assignments::create(
            state,
            &consultant,
            AssignmentInput {
                checklist_version_id: checklist.version.id,
                location_id: location.id,
                auditor_id: auditor.user_id,
                not_before,
                due,
                scenario: "Order a flat white and a pastry; ask which pastries are vegan.".into(),
            },
        )
        .await?;
        if n >= total {
            continue;
        }
        let check_in = not_before + Duration::days(3);
        let shop = (location.code.as_str(), location.position);
        let input = fake_audit(&mut rng, &content, shop, assignment.id, check_in);
        let audit_id = Uuid::now_v7();
        service::audits::put(state, &auditor, audit_id, input).await?;
        if n < APPROVED_AUDITS {
            let review = ReviewInput {
                decision: ReviewDecision::Approve,
                comment: String::new(),
                item_comments: Vec::new(),
            };
            service::audits::review(state, &consultant, audit_id, review).await?;
        }
    }
    tracing::info!(audits = total, "demo data loaded");
    Ok(())
}

/// Quality of a shop in [0.55, 0.95], derived from its code, so scorecards and rankings
/// differ from shop to shop in the same way on every run.
pub fn shop_quality(code: &str) -> f64 {
    0.55 + 0.4 * f64::from(code.bytes().map(u32::from).sum::<u32>() % 17) / 16.0
}

/// A plausible submitted audit of `content` at the shop with this `code` and `position`:
/// every answerable item answered (photo items have none), now and then a comment, an
/// emotion per touchpoint and, when it went badly, a pain point. The demo and the
/// benchmarks' load generators make their audits with it.
pub fn fake_audit(
    rng: &mut fastrand::Rng,
    content: &ChecklistContent,
    (code, position): (&str, LatLon),
    assignment_id: Uuid,
    check_in: chrono::DateTime<Utc>,
) -> AuditInput {
    let quality = shop_quality(code) + 0.2 * (rng.f64() - 0.5);
    let good = |rng: &mut fastrand::Rng| rng.f64() < quality;
    let mut answers = Vec::new();
    let mut notes = Vec::new();
    for section in &content.sections {
        let mut ok = 0i8;
        for item in &section.items {
            let value = match &item.kind {
                ItemKind::YesNo { yes_is_good } => AnswerValue::YesNo(good(rng) == *yes_is_good),
                ItemKind::Scale { min, max } => {
                    let v = min + (max - min) * (quality + 0.3 * (rng.f64() - 0.5)).clamp(0.0, 1.0);
                    AnswerValue::Scale(v.round())
                }
                ItemKind::Choice { options } => {
                    let i = if good(rng) {
                        0
                    } else {
                        rng.usize(..options.len())
                    };
                    AnswerValue::Choice(options[i].label.clone())
                }
                ItemKind::Number { .. } => {
                    AnswerValue::Number((rng.f64() * 400.0 * (1.2 - quality)).round())
                }
                ItemKind::Nps => AnswerValue::Nps(
                    ((quality * 10.0) + rng.f64() * 4.0 - 2.0).clamp(0.0, 10.0) as u8,
                ),
                ItemKind::Text => AnswerValue::Text(
                    "Clean frontage; A-board slightly faded; queue moved quickly.".into(),
                ),
                ItemKind::Photo => continue,
            };
            let comment = if rng.f64() < 0.15 {
                "Staff member was helpful but seemed rushed at the till.".into()
            } else {
                String::new()
            };
            ok += i8::from(matches!(value, AnswerValue::YesNo(true)));
            answers.push(Answer {
                item_id: item.id,
                value,
                comment,
                photos: Vec::new(),
            });
        }
        let emotion = (ok - 1 + i8::from(quality > 0.8) - i8::from(quality < 0.65)).clamp(-2, 2);
        let pain_point = if emotion < 0 {
            catalog::PAIN_POINTS[rng.usize(..catalog::PAIN_POINTS.len())]
        } else {
            ""
        };
        notes.push(TouchpointNote {
            touchpoint_id: section.touchpoint_id,
            emotion: Some(emotion),
            pain_point: pain_point.into(),
            photos: Vec::new(),
        });
    }
    let jitter = |rng: &mut fastrand::Rng| (rng.f64() - 0.5) * 0.0008;
    AuditInput {
        assignment_id,
        status: AuditStatus::Submitted,
        visit: Visit {
            check_in_at: Some(check_in),
            check_out_at: Some(check_in + Duration::minutes(rng.i64(16..40))),
            position: Some(LatLon {
                lat: position.lat + jitter(rng),
                lon: position.lon + jitter(rng),
            }),
            accuracy_m: Some(rng.f64() * 40.0 + 5.0),
            position_error: None,
        },
        answers,
        touchpoint_notes: notes,
    }
}
