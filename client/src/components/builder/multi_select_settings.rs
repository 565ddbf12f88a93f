use crate::editor::checklist::{self, parse_number};
use leptos::prelude::*;
use touchstone_shared::checklist::{ChecklistContent, ItemKind};
use uuid::Uuid;

/// A multi-select's cap on its points and its exclusive "none of these" option (both
/// optional: emptied, they go).
#[component]
pub fn MultiSelectSettings(
    /// The checklist being edited.
    content: RwSignal<ChecklistContent>,
    /// The item's id.
    id: Uuid,
) -> impl IntoView {
    let read = move |f: fn(&ItemKind) -> Option<String>| {
        move || {
            content.with(|c| {
                checklist::item_at(c, id)
                    .and_then(|(s, i)| f(&c.sections[s].items[i].kind))
                    .unwrap_or_default()
            })
        }
    };
    let edit = move |text: String, cap: bool| {
        content.update(|c| {
            let Some((s, i)) = checklist::item_at(c, id) else {
                return;
            };
            if let ItemKind::MultiSelect {
                cap: c_cap,
                none_label,
                ..
            } = &mut c.sections[s].items[i].kind
            {
                let text = text.trim();
                if cap {
                    *c_cap = parse_number(text);
                } else {
                    *none_label = (!text.is_empty()).then(|| text.to_owned());
                }
            }
        });
    };
    let cap_id = format!("item-{id}-cap");
    let none_id = format!("item-{id}-none");
    view! {
        <div class="row wrap">
            <label class="field-label" for=cap_id.clone()>"Most points"</label>
            <input
                id=cap_id
                class="field narrow-number"
                type="number"
                min="0"
                step="any"
                placeholder="no cap"
                prop:value=read(|k| match k {
                    ItemKind::MultiSelect { cap, .. } => cap.map(|c| c.to_string()),
                    _ => None,
                })
                on:change=move |ev| edit(event_target_value(&ev), true)
            />
            <label class="field-label" for=none_id.clone()>"\u{201c}None\u{201d} option"</label>
            <input
                id=none_id
                class="field"
                placeholder="none"
                prop:value=read(|k| match k {
                    ItemKind::MultiSelect { none_label, .. } => none_label.clone(),
                    _ => None,
                })
                on:change=move |ev| edit(event_target_value(&ev), false)
            />
        </div>
    }
}
