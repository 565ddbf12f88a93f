use crate::editor::checklist;
use leptos::prelude::*;
use touchstone_shared::checklist::{ChecklistContent, ItemKind};
use uuid::Uuid;

/// A short text's "not given" switch, a signature's "show to managers" switch, a barcode's
/// pattern.
#[component]
pub fn OtherKindSettings(
    /// The checklist being edited.
    content: RwSignal<ChecklistContent>,
    /// The item's id.
    id: Uuid,
) -> impl IntoView {
    let kind = move || {
        content
            .with(|c| checklist::item_at(c, id).map(|(s, i)| c.sections[s].items[i].kind.clone()))
    };
    let edit = move |f: &dyn Fn(&mut ItemKind)| {
        content.update(|c| {
            if let Some((s, i)) = checklist::item_at(c, id) {
                f(&mut c.sections[s].items[i].kind);
            }
        });
    };
    let key = format!("item-{id}-kind-setting");
    let switch = move |text: &'static str| {
        let (key, id) = (key.clone(), key.clone());
        view! {
            <label class="switch" for=key>
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || matches!(
                        kind(),
                        Some(ItemKind::ShortText { not_given: true } | ItemKind::Signature { show_to_managers: true })
                    )
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit(&|k| match k {
                            ItemKind::ShortText { not_given } => *not_given = on,
                            ItemKind::Signature { show_to_managers } => *show_to_managers = on,
                            _ => {}
                        });
                    }
                />
                {text}
            </label>
        }
        .into_any()
    };
    let pattern_id = format!("item-{id}-pattern");
    let control = match kind() {
        Some(ItemKind::ShortText { .. }) => {
            switch("The auditor may answer \u{201c}not given\u{201d}")
        }
        Some(ItemKind::Signature { .. }) => switch("The client's managers may see the signature"),
        _ => view! {
            <label class="field-label" for=pattern_id.clone()>"Pattern"</label>
            <input
                id=pattern_id
                class="field"
                placeholder="any code (# digit, @ letter, ? any, * any run)"
                prop:value=move || match kind() {
                    Some(ItemKind::Barcode { pattern }) => pattern.unwrap_or_default(),
                    _ => String::new(),
                }
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let text = text.trim();
                    edit(&|k| if let ItemKind::Barcode { pattern } = k {
                        *pattern = (!text.is_empty()).then(|| text.to_owned());
                    });
                }
            />
        }
        .into_any(),
    };
    view! { <div class="kind-settings row wrap">{control}</div> }
}
