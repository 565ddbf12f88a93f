//! Demo data: an agency, a coffee-chain client, its journey, twenty shops, a 40-item
//! checklist, one user per role, three hundred approved audits over the last 90 days, a
//! review queue and open corrective actions.
//!
//! It tells a story a newcomer finds in five minutes: South Bank is the best shop and
//! Liverpool Bold Street the worst, the Midlands improve over the 90 days, the greeting at
//! the door is the chain's pain point (with the notes to match), critical failures are rare.
//! Audits go through the same application logic as real ones (validation, scoring, proof of
//! visit, review), so the demo's scorecards are computed exactly as production ones.

mod branching;
mod catalog;
mod fake;
mod panel;
mod panel_pay;
mod visits;

pub use fake::{fake_audit, shop_quality};

use crate::auth::Caller;
use crate::db;
use crate::service;
use crate::state::AppState;
use touchstone_shared::checklist::{ChecklistContent, ChecklistInput, Item, Section};
use touchstone_shared::client::ClientInput;
use touchstone_shared::journey::{DEFAULT_STAGES, Stage, Touchpoint};
use touchstone_shared::location::{LatLon, Location, LocationInput};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Password of every demo user.
pub const DEMO_PASSWORD: &str = "touchstone-demo";

/// Demo user emails by role.
pub fn demo_email(role: Role) -> String {
    format!("{}@demo.touchstone.test", role.as_str())
}

/// Loads the demo when the database has no organisation yet, and prints how to sign in.
pub async fn load_if_empty(state: &AppState) -> anyhow::Result<()> {
    if !db::organisations::any(state.db.pool()).await? {
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
    let [_, consultant, manager, auditor] = create_users(state).await?;
    let org_id = consultant.org_id;
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
    db::users::set_clients(&mut tx, manager.user_id, &[client.id]).await?;
    tx.commit().await?;

    let (stages, sections) = journey_and_sections();
    let journey = db::journeys::insert(
        state.db.pool(),
        org_id,
        client.id,
        "In-store coffee journey",
        stages,
    )
    .await?;
    let locations = create_locations(state, org_id, client.id).await?;
    let content = ChecklistContent {
        name: "Halcyon shop visit".into(),
        critical_fails_audit: false,
        min_visit_minutes: Some(15),
        sections,
    };
    let input = ChecklistInput {
        client_id: client.id,
        journey_id: journey.id,
        content: content.clone(),
    };
    let checklist = service::checklists::create(state, &consultant, input).await?;

    let cast = visits::Cast {
        consultant,
        manager,
        auditor,
    };
    let audits = visits::load(state, &cast, &content, checklist.version.id, &locations).await?;
    let setting = panel::Setting {
        consultant: &cast.consultant,
        auditor: &cast.auditor,
        client_id: client.id,
        checklist_id: checklist.id,
        checklist_version_id: checklist.version.id,
        journey: &journey,
        content: &content,
        locations: &locations,
    };
    panel::load(state, &setting).await?;
    tracing::info!(audits, "demo data loaded");
    Ok(())
}

/// The organisation and one user per role, in the order of [`Role::ALL`].
async fn create_users(state: &AppState) -> anyhow::Result<[Caller; 4]> {
    let org_id = Uuid::now_v7();
    let hash = state.passwords.hash(DEMO_PASSWORD.to_owned()).await?;
    let mut tx = state.db.begin().await?;
    let name = "Meridian Customer Insight";
    db::organisations::insert(&mut tx, org_id, name, "Europe/London").await?;
    let mut users = Vec::new();
    for role in Role::ALL {
        let id = Uuid::now_v7();
        let email = demo_email(role);
        let name = match role {
            Role::Admin => "Ada Admin",
            Role::Consultant => "Cora Consultant",
            Role::Manager => "Milo Manager",
            Role::Auditor => "Ari Auditor",
        };
        let row = db::users::NewUserRow {
            id,
            org_id,
            email: &email,
            name,
            role,
            password_hash: &hash,
        };
        db::users::insert(&mut tx, &row).await?;
        users.push(Caller {
            user_id: id,
            org_id,
            role,
            session_hash: None,
        });
    }
    tx.commit().await?;
    users
        .try_into()
        .map_err(|_| anyhow::anyhow!("one demo user per role"))
}

/// The journey's stages with the catalog's touchpoints, and a checklist section for each.
fn journey_and_sections() -> (Vec<Stage>, Vec<Section>) {
    let mut stages: Vec<Stage> = DEFAULT_STAGES
        .iter()
        .map(|name| Stage {
            id: Uuid::now_v7(),
            name: (*name).to_owned(),
            touchpoints: Vec::new(),
        })
        .collect();
    let mut sections = Vec::new();
    for spec in catalog::touchpoints() {
        let touchpoint = Touchpoint {
            id: Uuid::now_v7(),
            name: spec.name.to_owned(),
            channel: spec.channel,
        };
        let items = spec
            .items
            .into_iter()
            .map(|(label, kind, weight, critical)| Item {
                id: Uuid::now_v7(),
                label: label.to_owned(),
                help: String::new(),
                required: kind.is_scored() && critical,
                kind,
                weight,
                allow_na: !critical,
                critical,
                photo_required: false,
                show_if: None,
                photo_if_failed: false,
                note_if_failed: false,
            });
        sections.push(Section {
            touchpoint_id: touchpoint.id,
            title: spec.name.to_owned(),
            show_if: None,
            items: items.collect(),
        });
        stages[spec.stage].touchpoints.push(touchpoint);
    }
    branching::add_conditions(&mut sections);
    (stages, sections)
}

async fn create_locations(
    state: &AppState,
    org_id: Uuid,
    client_id: Uuid,
) -> anyhow::Result<Vec<Location>> {
    let mut locations = Vec::new();
    for shop in &catalog::SHOPS {
        let input = LocationInput {
            client_id,
            code: shop.code.into(),
            name: shop.name.into(),
            address: format!("{}, {}", shop.name, shop.region),
            region: shop.region.into(),
            position: LatLon {
                lat: shop.lat,
                lon: shop.lon,
            },
            radius_m: 150.0,
            polygon: None,
            time_zone: "Europe/London".into(),
        };
        locations.push(db::locations::insert(state.db.pool(), org_id, &input).await?);
    }
    Ok(locations)
}
