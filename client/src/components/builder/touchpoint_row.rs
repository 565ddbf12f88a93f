use crate::components::MoveButtons;
use crate::components::move_buttons::focus_later;
use crate::editor::journey::{self, CHANNELS, channel_label, channel_value, parse_channel};
use crate::editor::list::Direction;
use leptos::prelude::*;
use touchstone_shared::journey::{Stage, Touchpoint};
use uuid::Uuid;

/// One touchpoint of a stage being edited: name, channel, place.
#[component]
pub fn TouchpointRow(
    /// The journey's stages.
    stages: RwSignal<Vec<Stage>>,
    /// The touchpoint's id.
    id: Uuid,
) -> impl IntoView {
    let current = Memo::new(move |_| {
        stages.with(|v| journey::touchpoint_at(v, id).map(|(s, t)| v[s].touchpoints[t].clone()))
    });
    let name = move || current.get().map(|t| t.name).unwrap_or_default();
    let channel = move || {
        current
            .get()
            .map(|t| channel_value(t.channel))
            .unwrap_or_default()
    };
    let what = Signal::derive(move || format!("touchpoint {}", name()));
    let edit = move |f: &dyn Fn(&mut Touchpoint)| {
        stages.update(|v| {
            if let Some((s, t)) = journey::touchpoint_at(v, id) {
                journey::edit_touchpoint(v, s, t, f);
            }
        });
    };
    let on_move = Callback::new(move |d: Direction| {
        stages.update(|v| {
            if let Some((s, t)) = journey::touchpoint_at(v, id) {
                journey::shift_touchpoint(v, s, t, d);
            }
        });
        focus_later(format!(
            "touchpoint-{id}-{}",
            if d == Direction::Up { "up" } else { "down" }
        ));
    });
    let on_remove = Callback::new(move |()| {
        stages.update(|v| {
            if let Some((s, t)) = journey::touchpoint_at(v, id) {
                journey::remove_touchpoint(v, s, t);
            }
        });
    });
    let name_id = format!("touchpoint-{id}-name");
    let channel_id = format!("touchpoint-{id}-channel");
    view! {
        <li class="touchpoint row" data-testid="touchpoint">
            <label class="visually-hidden" for=name_id.clone()>"Touchpoint name"</label>
            <input
                id=name_id
                class="field"
                placeholder="Touchpoint name"
                prop:value=name
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    edit(&|t| t.name = text.clone());
                }
            />
            <label class="visually-hidden" for=channel_id.clone()>"Channel"</label>
            <select
                id=channel_id
                class="field channel"
                on:change=move |ev| {
                    if let Some(c) = parse_channel(&event_target_value(&ev)) {
                        edit(&|t| t.channel = c);
                    }
                }
            >
                {CHANNELS
                    .iter()
                    .map(|c| {
                        let value = channel_value(*c);
                        view! {
                            <option value=value selected=move || channel() == value>
                                {channel_label(*c)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <MoveButtons what=what id_prefix=format!("touchpoint-{id}") on_move=on_move on_remove=on_remove />
        </li>
    }
}
