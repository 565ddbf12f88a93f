use crate::components::{OptionGroup, PhotoStrip};
use crate::form::form_ctx;
use leptos::prelude::*;
use touchstone_shared::audit::AnswerValue;
use touchstone_shared::checklist::{Item, ItemKind};

/// Scale items with at most this many steps get a button per point; others a slider.
const MAX_SCALE_BUTTONS: f64 = 10.0;

fn number_text(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// One checklist item: its question, the control its kind needs, N/A where allowed, a
/// comment and photos once answered, and the reviewer's comment on a returned audit.
#[component]
pub fn ItemField(
    /// The item.
    item: Item,
) -> impl IntoView {
    let form = form_ctx();
    let draft = form.draft;
    let id = item.id;
    let enabled = form.editable();
    let value = Memo::new(move |_| draft.with(|d| d.answer(id).map(|a| a.value.clone())));
    let answered = Memo::new(move |_| draft.with(|d| d.is_answered(id)));
    let is_na = move || value.with(|v| v.as_ref() == Some(&AnswerValue::Na));
    let set = move |v: AnswerValue| draft.update(|d| d.set_value(id, v));
    let label_id = format!("item-{id}-label");
    let help_id = format!("item-{id}-help");
    let missing = move || {
        form.show_missing.get()
            && form
                .missing
                .with(|m| m.iter().any(|m| m.item_id == Some(id)))
    };

    let control = match item.kind.clone() {
        ItemKind::YesNo { .. } => view! {
            <OptionGroup
                labelled_by=label_id.clone()
                options=vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())]
                selected=Signal::derive(move || match value.get() {
                    Some(AnswerValue::YesNo(true)) => Some("yes".to_owned()),
                    Some(AnswerValue::YesNo(false)) => Some("no".to_owned()),
                    _ => None,
                })
                on_select=Callback::new(move |k: String| set(AnswerValue::YesNo(k == "yes")))
                enabled=enabled
                class="two"
            />
        }
        .into_any(),
        ItemKind::Scale { min, max }
            if min.fract() == 0.0 && max.fract() == 0.0 && max - min <= MAX_SCALE_BUTTONS =>
        {
            let mut points = Vec::new();
            let mut v = min;
            while v <= max {
                points.push((number_text(v), number_text(v)));
                v += 1.0;
            }
            view! {
                <OptionGroup
                    labelled_by=label_id.clone()
                    options=points
                    selected=Signal::derive(move || match value.get() {
                        Some(AnswerValue::Scale(v)) => Some(number_text(v)),
                        _ => None,
                    })
                    on_select=Callback::new(move |k: String| {
                        if let Ok(v) = k.parse::<f64>() {
                            set(AnswerValue::Scale(v));
                        }
                    })
                    enabled=enabled
                    class="scale"
                />
                <p class="scale-ends" aria-hidden="true">
                    <span>{number_text(min)}" = worst"</span>
                    <span>{number_text(max)}" = best"</span>
                </p>
            }
            .into_any()
        }
        ItemKind::Scale { min, max } => {
            let initial = match value.get_untracked() {
                Some(AnswerValue::Scale(v)) => v,
                _ => min,
            };
            view! {
                <div class="slider">
                    <input
                        type="range"
                        min=min
                        max=max
                        step=(max - min) / 100.0
                        prop:value=initial
                        aria-labelledby=label_id.clone()
                        disabled=move || !enabled.get()
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                                set(AnswerValue::Scale(v));
                            }
                        }
                    />
                    <output>
                        {move || match value.get() {
                            Some(AnswerValue::Scale(v)) => format!("{v:.1}"),
                            _ => "not set".into(),
                        }}
                    </output>
                </div>
            }
            .into_any()
        }
        ItemKind::Choice { options } => view! {
            <OptionGroup
                labelled_by=label_id.clone()
                options=options.iter().map(|o| (o.label.clone(), o.label.clone())).collect()
                selected=Signal::derive(move || match value.get() {
                    Some(AnswerValue::Choice(label)) => Some(label),
                    _ => None,
                })
                on_select=Callback::new(move |k: String| set(AnswerValue::Choice(k)))
                enabled=enabled
                class="stack"
            />
        }
        .into_any(),
        ItemKind::Number { .. } => {
            let initial = match value.get_untracked() {
                Some(AnswerValue::Number(v)) => number_text(v),
                _ => String::new(),
            };
            view! {
                <input
                    type="number"
                    class="field"
                    inputmode="decimal"
                    step="any"
                    prop:value=initial
                    aria-labelledby=label_id.clone()
                    aria-describedby=help_id.clone()
                    disabled=move || !enabled.get() || is_na()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        match text.trim().replace(',', ".").parse::<f64>() {
                            Ok(v) if v.is_finite() => set(AnswerValue::Number(v)),
                            _ if text.trim().is_empty() => draft.update(|d| d.clear_value(id)),
                            _ => {}
                        }
                    }
                />
            }
            .into_any()
        }
        ItemKind::Nps => view! {
            <OptionGroup
                labelled_by=label_id.clone()
                options=(0u8..=10).map(|n| (n.to_string(), n.to_string())).collect()
                selected=Signal::derive(move || match value.get() {
                    Some(AnswerValue::Nps(n)) => Some(n.to_string()),
                    _ => None,
                })
                on_select=Callback::new(move |k: String| {
                    if let Ok(n) = k.parse::<u8>() {
                        set(AnswerValue::Nps(n));
                    }
                })
                enabled=enabled
                class="nps"
            />
            <p class="scale-ends" aria-hidden="true">
                <span>"0 = not at all likely"</span>
                <span>"10 = extremely likely"</span>
            </p>
        }
        .into_any(),
        ItemKind::Text => {
            let initial = match value.get_untracked() {
                Some(AnswerValue::Text(t)) => t,
                _ => String::new(),
            };
            view! {
                <textarea
                    class="field"
                    rows="3"
                    prop:value=initial
                    aria-labelledby=label_id.clone()
                    aria-describedby=help_id.clone()
                    disabled=move || !enabled.get() || is_na()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        if text.is_empty() {
                            draft.update(|d| d.clear_value(id));
                        } else {
                            set(AnswerValue::Text(text));
                        }
                    }
                ></textarea>
            }
            .into_any()
        }
        ItemKind::Photo => ().into_any(),
    };

    let photos = Signal::derive(move || {
        draft.with(|d| d.answer(id).map(|a| a.photos.clone()).unwrap_or_default())
    });
    let kind = item.kind.clone();
    let add_photo = Callback::new(move |sha: String| {
        let kind = kind.clone();
        draft.update(|d| {
            d.add_item_photo(id, &kind, sha);
        });
    });
    let remove_photo = Callback::new(move |sha: String| {
        draft.update(|d| d.remove_item_photo(id, &sha));
    });
    let is_photo_item = item.kind == ItemKind::Photo;
    let photo_wanted = is_photo_item || item.photo_required;
    let initial_comment =
        draft.with_untracked(|d| d.answer(id).map(|a| a.comment.clone()).unwrap_or_default());
    let comment_label = format!("Comment on: {}", item.label);
    let review = move || draft.with(|d| d.review_comment(id).map(str::to_owned));

    view! {
        <div class="item" id=format!("item-{id}") class:missing=missing class:answered=move || answered.get()>
            <h3 class="item-label" id=label_id.clone()>
                {item.label.clone()}
                {item.required.then(|| view! { <span class="req" title="required">" *"<span class="sr-only">" (required)"</span></span> })}
                {item.critical.then(|| view! { <span class="badge critical">"Critical"</span> })}
            </h3>
            {(!item.help.is_empty()).then(|| view! { <p class="help" id=help_id.clone()>{item.help.clone()}</p> })}
            {move || review().map(|c| view! {
                <p class="review-comment" role="note">
                    <strong>"Reviewer: "</strong>{c}
                </p>
            })}
            {control}
            {item.allow_na.then(|| view! {
                <button
                    type="button"
                    class="option na"
                    class:selected=is_na
                    aria-pressed=move || is_na().to_string()
                    disabled=move || !enabled.get()
                    on:click=move |_| {
                        if is_na() {
                            draft.update(|d| d.clear_value(id));
                        } else {
                            set(AnswerValue::Na);
                        }
                    }
                >
                    "N/A \u{2013} not applicable"
                </button>
            })}
            <Show when=move || is_photo_item || value.with(Option::is_some)>
                <PhotoStrip
                    photos=photos
                    on_add=add_photo
                    on_remove=remove_photo
                    enabled=enabled
                    label=if photo_wanted { "Take photo" } else { "Add photo" }
                    test_id=format!("photo-input-{id}")
                />
            </Show>
            <Show when=move || !is_photo_item && photo_wanted && !value.with(Option::is_some)>
                <p class="hint">"Answer first, then take the photo this item needs."</p>
            </Show>
            <Show when=move || value.with(Option::is_some)>
                <details class="comment" open=!initial_comment.is_empty()>
                    <summary>"Comment"</summary>
                    <textarea
                        class="field"
                        rows="2"
                        aria-label=comment_label.clone()
                        prop:value=initial_comment.clone()
                        disabled=move || !enabled.get()
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            draft.update(|d| d.set_comment(id, text));
                        }
                    ></textarea>
                </details>
            </Show>
        </div>
    }
}
