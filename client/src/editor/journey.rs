//! Edits of a journey's stages and touchpoints.

use super::list::{self, Direction};
use touchstone_shared::journey::{Channel, Stage, Touchpoint};
use uuid::Uuid;

/// Every channel, in the order the picker lists them.
pub const CHANNELS: [Channel; 7] = [
    Channel::InStore,
    Channel::Web,
    Channel::Phone,
    Channel::Chat,
    Channel::Email,
    Channel::Social,
    Channel::Other,
];

/// The wire name of a channel (the picker's option value).
pub fn channel_value(channel: Channel) -> &'static str {
    match channel {
        Channel::InStore => "in_store",
        Channel::Web => "web",
        Channel::Phone => "phone",
        Channel::Chat => "chat",
        Channel::Email => "email",
        Channel::Social => "social",
        Channel::Other => "other",
    }
}

/// A channel for people.
pub fn channel_label(channel: Channel) -> &'static str {
    match channel {
        Channel::InStore => "In store",
        Channel::Web => "Web",
        Channel::Phone => "Phone",
        Channel::Chat => "Chat",
        Channel::Email => "Email",
        Channel::Social => "Social",
        Channel::Other => "Other",
    }
}

/// Parses a picker value.
pub fn parse_channel(value: &str) -> Option<Channel> {
    CHANNELS.into_iter().find(|c| channel_value(*c) == value)
}

/// Appends a stage; returns its index.
pub fn add_stage(stages: &mut Vec<Stage>, name: &str) -> usize {
    stages.push(Stage {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        touchpoints: Vec::new(),
    });
    stages.len() - 1
}

/// Renames stage `s`.
pub fn rename_stage(stages: &mut [Stage], s: usize, name: &str) {
    if let Some(stage) = stages.get_mut(s) {
        stage.name = name.to_owned();
    }
}

/// Removes stage `s` with its touchpoints.
pub fn remove_stage(stages: &mut Vec<Stage>, s: usize) -> Option<Stage> {
    list::remove(stages, s)
}

/// Moves stage `s` one place.
pub fn shift_stage(stages: &mut [Stage], s: usize, direction: Direction) -> Option<usize> {
    list::shift(stages, s, direction)
}

/// Appends a touchpoint to stage `s`; returns its index in the stage.
pub fn add_touchpoint(
    stages: &mut [Stage],
    s: usize,
    name: &str,
    channel: Channel,
) -> Option<usize> {
    let stage = stages.get_mut(s)?;
    stage.touchpoints.push(Touchpoint {
        id: Uuid::now_v7(),
        name: name.to_owned(),
        channel,
    });
    Some(stage.touchpoints.len() - 1)
}

/// Changes touchpoint `t` of stage `s`.
pub fn edit_touchpoint(
    stages: &mut [Stage],
    s: usize,
    t: usize,
    edit: impl FnOnce(&mut Touchpoint),
) {
    if let Some(tp) = stages.get_mut(s).and_then(|st| st.touchpoints.get_mut(t)) {
        edit(tp);
    }
}

/// Removes touchpoint `t` of stage `s`.
pub fn remove_touchpoint(stages: &mut [Stage], s: usize, t: usize) -> Option<Touchpoint> {
    list::remove(&mut stages.get_mut(s)?.touchpoints, t)
}

/// Moves touchpoint `t` of stage `s` one place; past the first or last place of its stage
/// it goes to the end of the stage before or the start of the stage after. Returns its new
/// (stage, index).
pub fn shift_touchpoint(
    stages: &mut [Stage],
    s: usize,
    t: usize,
    direction: Direction,
) -> Option<(usize, usize)> {
    let len = stages.get(s)?.touchpoints.len();
    if t >= len {
        return None;
    }
    if let Some(to) = list::shift(&mut stages[s].touchpoints, t, direction) {
        return Some((s, to));
    }
    let target = match direction {
        Direction::Up => s.checked_sub(1)?,
        Direction::Down => s + 1,
    };
    if target >= stages.len() {
        return None;
    }
    let tp = stages[s].touchpoints.remove(t);
    let touchpoints = &mut stages[target].touchpoints;
    match direction {
        Direction::Up => {
            touchpoints.push(tp);
            Some((target, touchpoints.len() - 1))
        }
        Direction::Down => {
            touchpoints.insert(0, tp);
            Some((target, 0))
        }
    }
}

/// Every touchpoint with its stage's name, in journey order (for pickers).
pub fn touchpoints(stages: &[Stage]) -> Vec<(String, Touchpoint)> {
    stages
        .iter()
        .flat_map(|s| {
            s.touchpoints
                .iter()
                .map(move |t| (s.name.clone(), t.clone()))
        })
        .collect()
}

/// Index of the stage with this id.
pub fn stage_index(stages: &[Stage], id: Uuid) -> Option<usize> {
    stages.iter().position(|s| s.id == id)
}

/// (stage, index) of the touchpoint with this id.
pub fn touchpoint_at(stages: &[Stage], id: Uuid) -> Option<(usize, usize)> {
    stages.iter().enumerate().find_map(|(s, stage)| {
        stage
            .touchpoints
            .iter()
            .position(|t| t.id == id)
            .map(|t| (s, t))
    })
}
