//! Shoppers' pay (desk): the payable lines, a bonus or deduction with its reason, closing a
//! pay period and downloading its ledger.

use crate::api::pay;
use crate::components::ConsultFrame;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::panel::PayLine;
use touchstone_shared::pay::{
    AdjustmentInput, LedgerSummary, PeriodInput, format_minor, parse_minor,
};
use uuid::Uuid;

/// The pay desk.
#[component]
pub fn PayPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Pay">
            <Pay />
        </ConsultFrame>
    }
}

#[component]
fn Pay() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let lines = LocalResource::new(move || {
        changed.track();
        pay::payments()
    });
    let periods = LocalResource::new(move || {
        changed.track();
        pay::periods()
    });
    view! {
        <main class="page wide">
            <section aria-labelledby="payable-title">
                <h2 id="payable-title">"Payable lines"</h2>
                <p class="hint">"Approved visits not yet in a closed pay period."</p>
                {move || match lines.get() {
                    None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                    Some(Ok(l)) if l.is_empty() => view! { <p class="empty" data-testid="pay-empty">"Nothing payable."</p> }.into_any(),
                    Some(Ok(l)) => view! {
                        <PayTable lines=l.clone() />
                        <AdjustmentForm lines=l changed />
                    }.into_any(),
                }}
            </section>
            <ClosePeriod changed />
            <section aria-labelledby="periods-title">
                <h2 id="periods-title">"Closed periods"</h2>
                {move || match periods.get() {
                    None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                    Some(Ok(p)) if p.is_empty() => view! { <p class="empty">"No period closed yet."</p> }.into_any(),
                    Some(Ok(p)) => view! { <Periods periods=p /> }.into_any(),
                }}
            </section>
        </main>
    }
}

#[component]
fn PayTable(lines: Vec<PayLine>) -> impl IntoView {
    view! {
        // Focusable, so a keyboard can scroll it on a narrow screen (it holds no link).
        <div class="table-wrap" tabindex="0" role="region" aria-label="Pay lines">
            <table class="grid" data-testid="pay-lines">
                <thead>
                    <tr>
                        <th scope="col">"Shopper"</th>
                        <th scope="col">"Location"</th>
                        <th scope="col">"Fee"</th>
                        <th scope="col">"Receipt"</th>
                        <th scope="col">"Bonus / deduction"</th>
                        <th scope="col">"Total"</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|l| {
                        let m = |n: i64| format_minor(n, &l.currency);
                        view! {
                            <tr data-job=l.job_id.to_string()>
                                <td>{l.shopper_name.clone()}</td>
                                <td>{l.location_name.clone()}</td>
                                <td>{m(l.fee_minor)}</td>
                                <td>{m(l.reimbursement_minor)}</td>
                                <td>{m(l.adjustment_minor)}</td>
                                <td><strong>{m(l.total_minor)}</strong></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AdjustmentForm(lines: Vec<PayLine>, changed: RwSignal<u32>) -> impl IntoView {
    let job = RwSignal::new(lines.first().map(|l| l.job_id));
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let currencies: std::collections::HashMap<Uuid, String> = lines
        .iter()
        .map(|l| (l.job_id, l.currency.clone()))
        .collect();
    let currencies = StoredValue::new(currencies);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(job_id) = job.get_untracked() else {
            return;
        };
        let Some(amount_minor) = parse_minor(&amount.get_untracked()) else {
            message.set(Some(Err(
                "Give the amount as a number with up to two decimals, negative for a deduction"
                    .into(),
            )));
            return;
        };
        let currency = currencies.with_value(|c| c.get(&job_id).cloned().unwrap_or_default());
        let input = AdjustmentInput {
            amount_minor,
            currency: currency.clone(),
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match pay::adjust(job_id, &input).await {
                Ok(a) => {
                    message.set(Some(Ok(format!(
                        "Added {} ({})",
                        format_minor(a.amount_minor, &currency),
                        a.reason
                    ))));
                    amount.set(String::new());
                    reason.set(String::new());
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <form class="stack" on:submit=submit data-testid="adjustment-form">
            <h3>"Add a bonus or deduction"</h3>
            <label for="adj-job">"Visit"</label>
            <select id="adj-job" class="field" on:change=move |ev| job.set(event_target_value(&ev).parse().ok())>
                {lines.iter().map(|l| view! {
                    <option value=l.job_id.to_string()>{format!("{} \u{b7} {}", l.shopper_name, l.location_name)}</option>
                }).collect_view()}
            </select>
            <label for="adj-amount">"Amount (negative for a deduction)"</label>
            <input id="adj-amount" class="field" inputmode="decimal" required=true
                prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
            <label for="adj-reason">"Reason"</label>
            <input id="adj-reason" class="field" required=true maxlength="500"
                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
            <button type="submit" class="btn primary">"Add"</button>
            {move || message.get().map(|m| match m {
                Ok(t) => view! { <p class="notice" role="status">{t}</p> }.into_any(),
                Err(t) => view! { <p class="error" role="alert">{t}</p> }.into_any(),
            })}
        </form>
    }
}

#[component]
fn ClosePeriod(changed: RwSignal<u32>) -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(f), Ok(t)) = (from.get_untracked().parse(), to.get_untracked().parse()) else {
            message.set(Some(Err("Pick the first and last day".into())));
            return;
        };
        spawn_local(async move {
            match pay::close_period(&PeriodInput { from: f, to: t }).await {
                Ok(l) => {
                    let totals = totals_text(&l.summary);
                    message.set(Some(Ok(format!(
                        "Closed {} to {}: {} lines, {totals}",
                        l.summary.from, l.summary.to, l.summary.lines
                    ))));
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <section aria-labelledby="close-title">
            <h2 id="close-title">"Close a pay period"</h2>
            <p class="hint">"Days in the organisation's time zone. The payable lines approved in them are frozen into the period's ledger."</p>
            <form class="stack" on:submit=submit data-testid="close-period">
                <label for="period-from">"First day"</label>
                <input id="period-from" class="field" type="date" required=true on:change=move |ev| from.set(event_target_value(&ev)) />
                <label for="period-to">"Last day"</label>
                <input id="period-to" class="field" type="date" required=true on:change=move |ev| to.set(event_target_value(&ev)) />
                <button type="submit" class="btn primary">"Close the period"</button>
                {move || message.get().map(|m| match m {
                    Ok(t) => view! { <p class="notice" role="status" data-testid="period-closed">{t}</p> }.into_any(),
                    Err(t) => view! { <p class="error" role="alert">{t}</p> }.into_any(),
                })}
            </form>
        </section>
    }
}

fn totals_text(s: &LedgerSummary) -> String {
    if s.totals.is_empty() {
        return "nothing to pay".into();
    }
    s.totals
        .iter()
        .map(|t| format_minor(t.total_minor, &t.currency))
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn Periods(periods: Vec<LedgerSummary>) -> impl IntoView {
    view! {
        <ul class="cards" data-testid="pay-periods">
            {periods.into_iter().map(|p| view! {
                <li class="card" data-period=p.id.to_string()>
                    <h3>{format!("{} to {}", p.from, p.to)}</h3>
                    <p>{format!("{} lines \u{b7} {} \u{b7} closed {}", p.lines, totals_text(&p), format::when(p.closed_at))}</p>
                    <p>
                        <a class="btn subtle" href=pay::ledger_url(p.id, "csv") download data-testid="ledger-csv">"Ledger as CSV"</a>
                        " "
                        <a class="btn subtle" href=pay::ledger_url(p.id, "xlsx") download data-testid="ledger-xlsx">"Ledger as XLSX"</a>
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
}
