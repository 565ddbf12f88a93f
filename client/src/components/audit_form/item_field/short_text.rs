use super::answering::Answering;
use leptos::prelude::*;
use touchstone_shared::answer_types::MAX_SHORT_TEXT;
use touchstone_shared::audit::AnswerValue;

/// One line (a staff member's name), and "Not given" where the item allows it.
#[component]
pub fn ShortTextField(
    /// The answer.
    at: Answering,
    /// Whether "not given" is an answer.
    not_given: bool,
) -> impl IntoView {
    let initial = at.initial_or(String::new(), |v| match v {
        AnswerValue::ShortText(t) => Some(t.clone()),
        _ => None,
    });
    let is_not_given = move || at.value.with(|v| v == &Some(AnswerValue::NotGiven));
    view! {
        <input
            type="text"
            class="field"
            maxlength=MAX_SHORT_TEXT.to_string()
            prop:value=initial
            aria-labelledby=at.label_id()
            disabled=move || at.locked() || is_not_given()
            on:input=move |ev| {
                let text = event_target_value(&ev);
                match text.trim() {
                    "" => at.clear(),
                    t => at.set(AnswerValue::ShortText(t.to_owned())),
                }
            }
        />
        {not_given.then(|| view! {
            <button
                type="button"
                class="btn na-btn"
                aria-pressed=move || is_not_given().to_string()
                disabled=move || !at.enabled.get()
                on:click=move |_| if is_not_given() { at.clear() } else { at.set(AnswerValue::NotGiven) }
            >
                "Not given"
            </button>
        })}
    }
}
