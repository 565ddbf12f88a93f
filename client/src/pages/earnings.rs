use crate::api;
use crate::components::{AppHeader, RoleGate};
use crate::format;
use leptos::prelude::*;
use std::collections::BTreeMap;
use touchstone_shared::panel::PayLine;
use touchstone_shared::pay::PayStatus;
use touchstone_shared::user::Role;

/// Totals per currency: (paid, payable, pending) in minor units.
fn totals(lines: &[PayLine]) -> BTreeMap<String, [i64; 3]> {
    let mut out: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    for line in lines {
        let t = out.entry(line.currency.clone()).or_default();
        let slot = match line.status {
            PayStatus::Paid => 0,
            PayStatus::Payable => 1,
            PayStatus::Pending => 2,
        };
        t[slot] += line.total_minor;
    }
    out
}

/// One job's pay: fee, reimbursement, any bonus or deduction, and its status.
#[component]
fn PayLineCard(line: PayLine) -> impl IntoView {
    let money = |minor: i64| format::money(minor, &line.currency);
    let status = match line.status {
        PayStatus::Pending => "Pending approval",
        other => other.label(),
    };
    let state = line.status.as_str();
    view! {
        <li class="card pay-line" data-testid="pay-line">
            <span class="card-title">{line.location_name.clone()}</span>
            <dl class="pay">
                <dt>"Fee"</dt><dd data-testid="fee">{money(line.fee_minor)}</dd>
                <dt>"Reimbursement"</dt><dd data-testid="reimbursement">{money(line.reimbursement_minor)}</dd>
                {(line.adjustment_minor != 0).then(|| view! {
                    <dt>"Bonus or deduction"</dt><dd>{money(line.adjustment_minor)}</dd>
                })}
                <dt>"Total"</dt><dd><strong>{money(line.total_minor)}</strong></dd>
            </dl>
            <span class="card-tags"><span class="tag status" data-testid="pay-status" data-status=state>{status}</span></span>
        </li>
    }
}

/// The shopper's earnings: each job's pay line (pending until its audit is approved, then
/// payable, then paid once a closed pay period holds it) and the totals.
#[component]
pub fn EarningsPage() -> impl IntoView {
    let lines =
        LocalResource::new(|| async { api::panel::earnings().await.map_err(|e| e.message()) });
    view! {
        <RoleGate roles=Role::SHOPPERS>
            <AppHeader title="Earnings" back="/" />
            <main class="page">
                {move || match lines.get() {
                    None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="alert" role="alert">{e}</p> }.into_any(),
                    Some(Ok(lines)) if lines.is_empty() => view! {
                        <p class="empty">"No earnings yet: claim a job on the job board."</p>
                    }.into_any(),
                    Some(Ok(lines)) => view! {
                        <ul class="totals" data-testid="totals">
                            {totals(&lines).into_iter().map(|(currency, [paid, payable, pending])| view! {
                                <li>
                                    <strong>{format!("Payable {}", format::money(payable, &currency))}</strong>
                                    {format!(
                                        " \u{b7} pending {} \u{b7} paid {}",
                                        format::money(pending, &currency),
                                        format::money(paid, &currency),
                                    )}
                                </li>
                            }).collect_view()}
                        </ul>
                        <ul class="cards">
                            {lines.into_iter().map(|line| view! { <PayLineCard line /> }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </main>
        </RoleGate>
    }
}
