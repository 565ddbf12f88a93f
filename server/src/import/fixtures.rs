//! A journey to import checklists against, for tests and fuzzing.

use touchstone_shared::journey::{Channel, Journey, Stage, Touchpoint};
use uuid::Uuid;

/// Two stages: Purchase (Greeting, Counter) and Advocacy (Farewell, and another Counter, so
/// a touchpoint name can be ambiguous).
pub fn journey() -> Journey {
    let touchpoint = |name: &str| Touchpoint {
        id: Uuid::now_v7(),
        name: name.into(),
        channel: Channel::InStore,
    };
    let stage = |name: &str, touchpoints: [&str; 2]| Stage {
        id: Uuid::now_v7(),
        name: name.into(),
        touchpoints: touchpoints.map(touchpoint).into(),
    };
    Journey {
        id: Uuid::now_v7(),
        client_id: Uuid::nil(),
        name: "Shop".into(),
        stages: vec![
            stage("Purchase", ["Greeting", "Counter"]),
            stage("Advocacy", ["Farewell", "Counter"]),
        ],
        updated_at: chrono::Utc::now(),
    }
}
