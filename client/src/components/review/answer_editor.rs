use crate::format;
use leptos::prelude::*;
use touchstone_shared::audit::{Answer, AnswerValue};
use touchstone_shared::checklist::{Item, ItemKind};
use uuid::Uuid;

/// A reviewer's control for one item's answer (value and remark) in an audit being
/// corrected. Photos are evidence: shown on the page, never changed here; an answer that
/// holds photos cannot be cleared.
#[component]
pub fn AnswerEditor(
    /// The item.
    item: Item,
    /// Every answer of the audit as being corrected.
    answers: RwSignal<Vec<Answer>>,
) -> impl IntoView {
    let id = item.id;
    let value =
        move || answers.with(|a| a.iter().find(|x| x.item_id == id).map(|x| x.value.clone()));
    let has_photos =
        answers.with_untracked(|a| a.iter().any(|x| x.item_id == id && !x.photos.is_empty()));
    let set = move |v: Option<AnswerValue>| answers.update(|list| set_value(list, id, v));
    let control_id = format!("edit-{id}");
    let remark_id = format!("edit-remark-{id}");
    let control = match &item.kind {
        ItemKind::Number { .. } | ItemKind::Scale { .. } => {
            let scale = matches!(item.kind, ItemKind::Scale { .. });
            view! {
                <input id=control_id.clone() class="field" type="number" step="any" data-testid="edit-value"
                    prop:value=move || match value() { Some(AnswerValue::Number(v) | AnswerValue::Scale(v)) => v.to_string(), _ => String::new() }
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        match text.trim().parse::<f64>() {
                            Ok(v) if scale => set(Some(AnswerValue::Scale(v))),
                            Ok(v) => set(Some(AnswerValue::Number(v))),
                            Err(_) if !has_photos => set(None),
                            Err(_) => {}
                        }
                    } />
            }.into_any()
        }
        ItemKind::Text => view! {
            <input id=control_id.clone() class="field" type="text" data-testid="edit-value"
                prop:value=move || match value() { Some(AnswerValue::Text(t)) => t, _ => String::new() }
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    set((!text.trim().is_empty() || has_photos).then_some(AnswerValue::Text(text)));
                } />
        }.into_any(),
        ItemKind::MultiSelect { options, none_label, .. } => {
            let labels: Vec<String> = options.iter().map(|o| o.label.clone()).chain(none_label.clone()).collect();
            view! {
                <fieldset id=control_id.clone() class="options" data-testid="edit-value">
                    <legend class="visually-hidden">{item.label.clone()}</legend>
                    {labels.into_iter().map(|label| {
                        let l = label.clone();
                        let picked = move || matches!(value(), Some(AnswerValue::MultiSelect(p)) if p.contains(&l));
                        let label_for_change = label.clone();
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=picked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let mut list = match value() { Some(AnswerValue::MultiSelect(p)) => p, _ => Vec::new() };
                                    list.retain(|x| x != &label_for_change);
                                    if on { list.push(label_for_change.clone()); }
                                    set((!list.is_empty() || has_photos).then_some(AnswerValue::MultiSelect(list)));
                                } />
                                " " {label}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
        ItemKind::Photo => view! { <span id=control_id.clone()>"Photo (evidence, not editable)"</span> }.into_any(),
        kind => {
            let choices = StoredValue::new(choices(kind, item.allow_na));
            view! {
                <select id=control_id.clone() class="field" data-testid="edit-value"
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        let v = choices.with_value(|c| c.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()));
                        if v.is_some() || !has_photos { set(v); }
                    }>
                    {(!has_photos).then(|| view! { <option value="" selected=move || value().is_none()>"Not answered"</option> })}
                    {choices.with_value(|c| c.iter().map(|(key, v)| {
                        let v = v.clone();
                        let text = format::answer(&v);
                        view! { <option value=key.clone() selected=move || value().as_ref() == Some(&v)>{text}</option> }
                    }).collect_view())}
                </select>
            }.into_any()
        }
    };
    view! {
        <li class="answer editing" data-item=id.to_string()>
            <label class="field-label item-label" for=control_id>{item.label.clone()}</label>
            {control}
            <label class="field-label" for=remark_id.clone()>"Remark"</label>
            <textarea id=remark_id class="field" rows="2" data-testid="edit-remark"
                prop:value=move || answers.with(|a| a.iter().find(|x| x.item_id == id).map(|x| x.comment.clone()).unwrap_or_default())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    answers.update(|list| {
                        if let Some(a) = list.iter_mut().find(|x| x.item_id == id) {
                            a.comment = text;
                        }
                    });
                }
                disabled=move || value().is_none()
            ></textarea>
        </li>
    }
}

/// The answers a select offers for a discretely answered item, keyed for `<option value>`.
fn choices(kind: &ItemKind, allow_na: bool) -> Vec<(String, AnswerValue)> {
    let mut out: Vec<AnswerValue> = match kind {
        ItemKind::YesNo { .. } => vec![AnswerValue::YesNo(true), AnswerValue::YesNo(false)],
        ItemKind::Choice { options } => options
            .iter()
            .map(|o| AnswerValue::Choice(o.label.clone()))
            .collect(),
        ItemKind::Nps => (0..=10).map(AnswerValue::Nps).collect(),
        _ => Vec::new(),
    };
    if allow_na {
        out.push(AnswerValue::Na);
    }
    out.into_iter()
        .enumerate()
        .map(|(n, v)| (n.to_string(), v))
        .collect()
}

/// Sets (or clears) the value of `item`'s answer, keeping its remark and photos.
fn set_value(list: &mut Vec<Answer>, item: Uuid, value: Option<AnswerValue>) {
    match (list.iter_mut().find(|a| a.item_id == item), value) {
        (Some(a), Some(v)) => a.value = v,
        (None, Some(value)) => list.push(Answer {
            item_id: item,
            value,
            comment: String::new(),
            photos: Vec::new(),
        }),
        (_, None) => list.retain(|a| a.item_id != item || !a.photos.is_empty()),
    }
}
