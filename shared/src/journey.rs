//! Customer journeys: ordered stages, each with ordered touchpoints.

use crate::api_type;
use crate::error::{FieldError, Valid, require_name};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use uuid::Uuid;

/// Stages a new journey starts with.
pub const DEFAULT_STAGES: [&str; 5] = [
    "Awareness",
    "Consideration",
    "Purchase",
    "Retention",
    "Advocacy",
];

/// Where a touchpoint happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// In the shop or branch.
    InStore,
    /// Website or app.
    Web,
    /// Telephone.
    Phone,
    /// Live chat.
    Chat,
    /// Email.
    Email,
    /// Social media.
    Social,
    /// Anything else.
    Other,
}

api_type! {
    /// A client's customer journey.
    pub struct Journey {
        /// Id.
        pub id: Uuid,
        /// The client it belongs to.
        pub client_id: Uuid,
        /// Name.
        pub name: String,
        /// Stages in journey order.
        pub stages: Vec<Stage>,
        /// Last change.
        pub updated_at: DateTime<Utc>,
    }

    /// A stage of the journey, such as Purchase.
    pub struct Stage {
        /// Id, stable across edits.
        pub id: Uuid,
        /// Name.
        pub name: String,
        /// Touchpoints in journey order.
        pub touchpoints: Vec<Touchpoint>,
    }

    /// A moment where the customer meets the brand, such as "Greeting at the door".
    pub struct Touchpoint {
        /// Id, stable across edits.
        pub id: Uuid,
        /// Name.
        pub name: String,
        /// Channel.
        pub channel: Channel,
    }

    /// Body of `POST /api/v1/journeys` and `PUT /api/v1/journeys/{id}`. Stage and touchpoint
    /// ids are chosen by the caller (UUID v7) so that edits keep them stable.
    #[serde(deny_unknown_fields)]
    pub struct JourneyInput {
        /// The client it belongs to.
        pub client_id: Uuid,
        /// Name.
        pub name: String,
        /// Stages in order; the five default stages when absent.
        #[serde(default)]
        pub stages: Option<Vec<Stage>>,
    }
}

/// The ids of every touchpoint of these stages.
pub fn touchpoint_ids(stages: &[Stage]) -> std::collections::HashSet<Uuid> {
    stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().map(|t| t.id))
        .collect()
}

impl Journey {
    /// Finds a touchpoint and the index of its stage.
    pub fn touchpoint(&self, id: Uuid) -> Option<(usize, &Touchpoint)> {
        self.stages.iter().enumerate().find_map(|(s, stage)| {
            stage
                .touchpoints
                .iter()
                .find(|t| t.id == id)
                .map(|t| (s, t))
        })
    }
}

impl JourneyInput {
    /// The stages to store: the given ones, or the five default stages without touchpoints.
    pub fn stages_or_default(&self) -> Vec<Stage> {
        self.stages.clone().unwrap_or_else(|| {
            DEFAULT_STAGES
                .iter()
                .map(|name| Stage {
                    id: Uuid::now_v7(),
                    name: (*name).to_owned(),
                    touchpoints: Vec::new(),
                })
                .collect()
        })
    }

    /// Checks names and that every id is unique.
    pub fn validate(&self) -> Valid {
        require_name("name", &self.name, 200)?;
        let Some(stages) = &self.stages else {
            return Ok(());
        };
        if stages.is_empty() || stages.len() > 20 {
            return Err(FieldError::new("stages", "a journey has 1 to 20 stages"));
        }
        let mut ids = HashSet::new();
        for (s, stage) in stages.iter().enumerate() {
            require_name(&format!("stages[{s}].name"), &stage.name, 200)?;
            if !ids.insert(stage.id) {
                return Err(FieldError::new(format!("stages[{s}].id"), "duplicate id"));
            }
            if stage.touchpoints.len() > 50 {
                return Err(FieldError::new(
                    format!("stages[{s}].touchpoints"),
                    "a stage has at most 50 touchpoints",
                ));
            }
            for (t, tp) in stage.touchpoints.iter().enumerate() {
                let field = format!("stages[{s}].touchpoints[{t}]");
                require_name(&format!("{field}.name"), &tp.name, 200)?;
                if !ids.insert(tp.id) {
                    return Err(FieldError::new(format!("{field}.id"), "duplicate id"));
                }
            }
        }
        Ok(())
    }
}
