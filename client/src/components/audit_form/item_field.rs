//! One checklist item of the form: the shell every kind shares (question, help, reviewer's
//! comment, N/A, photos, comment) and, per kind, its own control from `item_field/`.

mod answering;
mod barcode;
mod choice;
mod comment_box;
mod multi_select;
mod na_button;
mod nps;
mod number;
mod receipt;
mod scale;
mod short_text;
mod signature;
mod stopwatch;
mod text;
mod when;
mod yes_no;

use crate::components::{ChangedMark, PhotoStrip};
use crate::form::form_ctx;
use answering::Answering;
use barcode::BarcodeField;
use choice::ChoiceField;
use comment_box::CommentBox;
use leptos::prelude::*;
use multi_select::MultiSelectField;
use na_button::NaButton;
use nps::NpsField;
use number::NumberField;
use receipt::ReceiptField;
use scale::ScaleField;
use short_text::ShortTextField;
use signature::SignatureField;
use stopwatch::StopwatchField;
use text::TextField;
use touchstone_shared::checklist::{Item, ItemKind};
use when::WhenField;
use yes_no::YesNoField;

/// The control an item's kind needs.
fn kind_control(at: Answering, kind: &ItemKind) -> AnyView {
    match kind {
        ItemKind::YesNo { .. } => view! { <YesNoField at=at /> }.into_any(),
        ItemKind::Scale { min, max } => view! { <ScaleField at=at min=*min max=*max /> }.into_any(),
        ItemKind::Choice { options } => {
            let labels = options.iter().map(|o| o.label.clone()).collect();
            view! { <ChoiceField at=at labels=labels /> }.into_any()
        }
        ItemKind::MultiSelect {
            options,
            none_label,
            ..
        } => {
            let labels = options.iter().map(|o| &o.label).chain(none_label).cloned();
            view! { <MultiSelectField at=at labels=labels.collect() none_label=none_label.clone() /> }
                .into_any()
        }
        ItemKind::Number { .. } => view! { <NumberField at=at /> }.into_any(),
        ItemKind::Nps => view! { <NpsField at=at /> }.into_any(),
        ItemKind::Text => view! { <TextField at=at /> }.into_any(),
        ItemKind::Photo => ().into_any(),
        ItemKind::Date => view! { <WhenField at=at time=false /> }.into_any(),
        ItemKind::Time => view! { <WhenField at=at time=true /> }.into_any(),
        ItemKind::ShortText { not_given } => {
            view! { <ShortTextField at=at not_given=*not_given /> }.into_any()
        }
        ItemKind::Stopwatch { .. } => view! { <StopwatchField at=at /> }.into_any(),
        ItemKind::Receipt => view! { <ReceiptField at=at /> }.into_any(),
        ItemKind::Signature { .. } => {
            view! { <SignatureField at=at kind=kind.clone() /> }.into_any()
        }
        ItemKind::Barcode { pattern } => {
            view! { <BarcodeField at=at pattern=pattern.clone() /> }.into_any()
        }
    }
}

/// One checklist item: its question, the control its kind needs, N/A where allowed, a
/// comment and photos once answered, and the reviewer's comment on a returned audit.
#[component]
pub fn ItemField(
    /// The item.
    item: Item,
    /// Only the question and its control (a certification quiz): no photos, no comment.
    #[prop(optional)]
    bare: bool,
) -> impl IntoView {
    let form = form_ctx();
    let draft = form.draft;
    let id = item.id;
    let at = Answering::new(id);
    let value = at.value;
    let answered = Memo::new(move |_| draft.with(|d| d.is_answered(id)));
    let missing = move || {
        form.show_missing.get()
            && form
                .missing
                .with(|m| m.iter().any(|m| m.item_id == Some(id)))
    };
    let control = kind_control(at, &item.kind);

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
    let is_signature = matches!(item.kind, ItemKind::Signature { .. });
    let photo_wanted = is_photo_item || item.photo_required || item.kind == ItemKind::Receipt;
    let review = move || draft.with(|d| d.review_comment(id).map(str::to_owned));
    let label = item.label.clone();

    view! {
        <div class="item" id=format!("item-{id}") class:missing=missing class:answered=move || answered.get()>
            <h3 class="item-label" id=at.label_id()>
                {item.label.clone()}
                {item.required.then(|| view! { <span class="req" title="required">" *"<span class="sr-only">" (required)"</span></span> })}
                {item.critical.then(|| view! { <span class="badge critical">"Critical"</span> })}
            </h3>
            {(!item.help.is_empty()).then(|| view! { <p class="help" id=at.help_id()>{item.help.clone()}</p> })}
            {move || review().map(|c| view! {
                <p class="review-comment" role="note">
                    <strong>"Reviewer: "</strong>{c}
                </p>
            })}
            <ChangedMark target=id />
            {control}
            {item.allow_na.then(|| view! { <NaButton at=at /> })}
            <Show when=move || !is_signature && !bare && (is_photo_item || value.with(Option::is_some))>
                <PhotoStrip
                    photos=photos
                    on_add=add_photo
                    on_remove=remove_photo
                    enabled=at.enabled
                    label=if photo_wanted { "Take photo" } else { "Add photo" }
                    test_id=format!("photo-input-{id}")
                />
            </Show>
            <Show when=move || !bare && !is_photo_item && photo_wanted && !value.with(Option::is_some)>
                <p class="hint">"Answer first, then take the photo this item needs."</p>
            </Show>
            <Show when=move || !bare && value.with(Option::is_some)>
                <CommentBox id=id label=label.clone() />
            </Show>
        </div>
    }
}
