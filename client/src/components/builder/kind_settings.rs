use super::multi_select_settings::MultiSelectSettings;
use super::other_kind_settings::OtherKindSettings;
use crate::editor::checklist::{self, parse_number};
use leptos::prelude::For;
use leptos::prelude::*;
use touchstone_shared::checklist::{ChecklistContent, Item, ItemKind};
use uuid::Uuid;

/// The settings of an item's kind: which answer is good (yes/no), the ends of a scale, the
/// options of a choice or multi-select with their points (and a multi-select's cap and
/// "none of these"), the bands of a number or stopwatch, and the switches and pattern of the
/// short text, signature and barcode kinds.
#[component]
pub fn KindSettings(
    /// The checklist being edited.
    content: RwSignal<ChecklistContent>,
    /// The item's id.
    id: Uuid,
) -> impl IntoView {
    let kind = Memo::new(move |_| {
        content
            .with(|c| checklist::item_at(c, id).map(|(s, i)| c.sections[s].items[i].kind.clone()))
    });
    let edit = move |f: &dyn Fn(&mut Item)| {
        content.update(|c| {
            if let Some((s, i)) = checklist::item_at(c, id)
                && let Some(item) = checklist::item_mut(c, s, i)
            {
                f(item);
            }
        });
    };
    // Which settings to show changes only with the kind's variant, not its values, so the
    // fields keep their focus while they are typed in.
    let variant = Memo::new(move |_| {
        kind.with(|k| k.as_ref().map(checklist::kind_value).unwrap_or_default())
    });
    let number_field = move |label: &'static str,
                             key: String,
                             get: fn(&ItemKind) -> Option<f64>,
                             set: fn(&mut ItemKind, f64)| {
        view! {
            <label class="field-label" for=key.clone()>{label}</label>
            <input
                id=key
                class="field narrow-number"
                type="number"
                step="any"
                prop:value=move || kind.with(|k| k.as_ref().and_then(get).map(|v| v.to_string()).unwrap_or_default())
                on:change=move |ev| {
                    if let Some(v) = parse_number(&event_target_value(&ev)) {
                        edit(&|i| set(&mut i.kind, v));
                    }
                }
            />
        }
    };
    let entries = move || {
        kind.with(|k| match k {
            Some(ItemKind::Choice { options } | ItemKind::MultiSelect { options, .. }) => {
                options.len()
            }
            Some(ItemKind::Number { bands } | ItemKind::Stopwatch { bands }) => bands.len(),
            _ => 0,
        })
    };
    let entry_field = move |n: usize, first: bool| {
        let key = format!("item-{id}-entry-{n}-{}", if first { "a" } else { "b" });
        let label = move || match (variant.get(), first) {
            ("choice" | "multi_select", true) => format!("Option {} label", n + 1),
            ("choice" | "multi_select", false) => format!("Option {} points", n + 1),
            (_, true) => format!("Band {} up to", n + 1),
            (_, false) => format!("Band {} points", n + 1),
        };
        let text = first && !matches!(variant.get_untracked(), "number" | "stopwatch");
        view! {
            <label class="visually-hidden" for=key.clone()>{label}</label>
            <input
                id=key
                class="field"
                class:narrow-number=!text
                type=if text { "text" } else { "number" }
                step="any"
                prop:value=move || {
                    kind.with(|k| match k {
                        Some(ItemKind::Choice { options } | ItemKind::MultiSelect { options, .. }) => options.get(n).map(|o| if first { o.label.clone() } else { o.points.to_string() }),
                        Some(ItemKind::Number { bands } | ItemKind::Stopwatch { bands }) => bands.get(n).map(|b| if first { b.upto } else { b.points }.to_string()),
                        _ => None,
                    })
                    .unwrap_or_default()
                }
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    edit(&|i| match &mut i.kind {
                        ItemKind::Choice { options } | ItemKind::MultiSelect { options, .. } => {
                            if let Some(o) = options.get_mut(n) {
                                if first {
                                    o.label = value.trim().to_owned();
                                } else if let Some(p) = parse_number(&value) {
                                    o.points = p;
                                }
                            }
                        }
                        ItemKind::Number { bands } | ItemKind::Stopwatch { bands } => {
                            if let Some(b) = bands.get_mut(n)
                                && let Some(v) = parse_number(&value)
                            {
                                if first {
                                    b.upto = v;
                                } else {
                                    b.points = v;
                                }
                            }
                        }
                        _ => {}
                    });
                }
            />
        }
    };
    move || {
        match variant.get() {
        "yes_no" => {
            let key = format!("item-{id}-yes-is-good");
            view! {
                <div class="kind-settings">
                    <label class="switch" for=key.clone()>
                        <input
                            id=key.clone()
                            type="checkbox"
                            prop:checked=move || kind.with(|k| matches!(k, Some(ItemKind::YesNo { yes_is_good: true })))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                edit(&|i| i.kind = ItemKind::YesNo { yes_is_good: on });
                            }
                        />
                        "\u{201c}Yes\u{201d} is the good answer"
                    </label>
                </div>
            }
            .into_any()
        }
        "scale" => view! {
            <div class="kind-settings row wrap">
                {number_field("Lowest", format!("item-{id}-min"), |k| match k { ItemKind::Scale { min, .. } => Some(*min), _ => None }, |k, v| if let ItemKind::Scale { min, .. } = k { *min = v })}
                {number_field("Highest", format!("item-{id}-max"), |k| match k { ItemKind::Scale { max, .. } => Some(*max), _ => None }, |k, v| if let ItemKind::Scale { max, .. } = k { *max = v })}
            </div>
        }
        .into_any(),
        "choice" | "number" | "multi_select" | "stopwatch" => {
            let is_choice = matches!(variant.get_untracked(), "choice" | "multi_select");
            let multi = (variant.get_untracked() == "multi_select").then(|| view! { <MultiSelectSettings content=content id=id /> });
            view! {
                <div class="kind-settings">
                    <ol class="entries">
                        <For each=move || 0..entries() key=|n| *n let:n>
                            <li class="row">
                                {entry_field(n, true)}
                                {entry_field(n, false)}
                                <button
                                    type="button"
                                    class="btn icon danger"
                                    aria-label=format!("Remove {} {}", if is_choice { "option" } else { "band" }, n + 1)
                                    on:click=move |_| edit(&|i| checklist::remove_entry(i, n))
                                >
                                    "\u{d7}"
                                </button>
                            </li>
                        </For>
                    </ol>
                    <button
                        type="button"
                        class="btn subtle"
                        on:click=move |_| edit(&|i| if is_choice { checklist::add_option(i) } else { checklist::add_band(i) })
                    >
                        {if is_choice { "Add option" } else { "Add band" }}
                    </button>
                    {multi}
                </div>
            }
            .into_any()
        }
        "short_text" | "signature" | "barcode" => view! { <OtherKindSettings content=content id=id /> }.into_any(),
        _ => ().into_any(),
    }
    }
}
