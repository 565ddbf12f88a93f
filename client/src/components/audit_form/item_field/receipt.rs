use super::answering::Answering;
use super::when::{date_text, local, time_text};
use chrono::Local;
use leptos::prelude::*;
use touchstone_shared::answer_types::{ReceiptAnswer, is_currency};
use touchstone_shared::audit::AnswerValue;

/// `12.50` or `12,5` as minor units (1250); `None` when it is not an amount.
fn minor_units(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (units, cents) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if units.is_empty() || !digits(units) || !digits(cents) || cents.len() > 2 {
        return None;
    }
    let cents = format!("{cents:0<2}");
    Some(units.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?)
}

/// A receipt's amount, currency and printed date and time; its photo goes in the strip
/// below, as for any answer.
#[component]
pub fn ReceiptField(
    /// The answer.
    at: Answering,
) -> impl IntoView {
    let now = Local::now().fixed_offset();
    let (amount, currency, issued) =
        at.initial_or((String::new(), "EUR".to_owned(), now), |v| match v {
            AnswerValue::Receipt(r) => Some((
                format!("{}.{:02}", r.amount_minor / 100, r.amount_minor % 100),
                r.currency.clone(),
                r.issued_at,
            )),
            _ => None,
        });
    let amount = RwSignal::new(amount);
    let currency = RwSignal::new(currency);
    let day = RwSignal::new(date_text(&issued));
    let hour = RwSignal::new(time_text(&issued));
    let update = move || {
        let code = currency.get_untracked().trim().to_uppercase();
        let issued_at = local(Some(&day.get_untracked()), Some(&hour.get_untracked()));
        match (minor_units(&amount.get_untracked()), issued_at) {
            (Some(amount_minor), Some(issued_at)) if is_currency(&code) => {
                at.set(AnswerValue::Receipt(ReceiptAnswer {
                    amount_minor,
                    currency: code,
                    issued_at,
                }))
            }
            _ => at.clear(),
        }
    };
    let input = move |kind: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <label class="receipt-part">
                <span>{label}</span>
                <input
                    type=kind
                    class="field"
                    inputmode=if label == "Amount" { "decimal" } else { "text" }
                    prop:value=move || value.get()
                    disabled=move || at.locked()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        update();
                    }
                />
            </label>
        }
    };
    view! {
        <div class="receipt">
            {input("text", "Amount", amount)}
            {input("text", "Currency", currency)}
            {input("date", "Date", day)}
            {input("time", "Time", hour)}
        </div>
    }
}
