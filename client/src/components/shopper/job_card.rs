//! One job of the shopper's board: where, how far, the pay, the window and the scenario,
//! and what the shopper can do with it (claim or apply, release) or why they cannot.

use crate::api::{self, ApiError};
use crate::components::ReceiptForm;
use crate::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use touchstone_shared::panel::{Blocked, ClaimRule, Job, JobStatus};

/// What came of the shopper's last tap on the card.
#[derive(Clone, PartialEq)]
enum Outcome {
    /// The job is the shopper's now.
    Taken(JobStatus),
    /// The server refused, naming the rule.
    Refused(Blocked),
    /// Another failure, in words.
    Failed(String),
}

/// A refusal as the board shows it: a 422 names its rule in `field` (its message may repeat
/// the rule first).
fn refusal(e: ApiError) -> Outcome {
    if let ApiError::Status {
        status: 422,
        detail: Some(d),
    } = &e
        && let Some(rule) = &d.field
    {
        let message = d
            .message
            .strip_prefix(&format!("{rule}: "))
            .unwrap_or(&d.message);
        return Outcome::Refused(Blocked::new(rule, message));
    }
    Outcome::Failed(match e.status() {
        Some(409) => "Someone else took this job first, or it has closed.".into(),
        _ => e.message(),
    })
}

/// Why the shopper may not claim the job, with a way round when there is one.
#[component]
fn BlockedNote(blocked: Blocked, checklist_id: uuid::Uuid) -> impl IntoView {
    let quiz = (blocked.rule == "certification").then(|| {
        view! {
            <A href=format!("/certification/{checklist_id}") attr:class="btn">"Take the certification quiz"</A>
        }
    });
    let mut message = blocked.message;
    if let Some(first) = message.get(..1) {
        message = first.to_uppercase() + &message[1..];
    }
    view! {
        <p class="blocked" data-testid="blocked" data-rule=blocked.rule>{message}"."</p>
        {quiz}
    }
}

/// A job card; `changed` runs with the action (`claim`, `release`) once it went through.
#[component]
pub fn JobCard(job: Job, changed: Callback<&'static str>) -> impl IntoView {
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let (id, checklist_id) = (job.id, job.checklist_id);
    let act = move |action: &'static str| {
        busy.set(true);
        spawn_local(async move {
            let result = api::panel::job_action(id, action).await;
            busy.set(false);
            confirming.set(false);
            match result {
                Ok(got) => {
                    outcome.set(Some(Outcome::Taken(got.status)));
                    changed.run(action);
                }
                Err(e) => outcome.set(Some(refusal(e))),
            }
        });
    };
    let terms = &job.terms;
    let pay = format!(
        "Fee {} \u{b7} receipt up to {}",
        format::money(terms.fee_minor, &terms.currency),
        format::money(terms.reimbursement_cap_minor, &terms.currency)
    );
    let verb = if terms.claim_rule == ClaimRule::Approval {
        "Apply"
    } else {
        "Claim"
    };
    let status = job.status;
    let currency = terms.currency.clone();
    let blocked = job.blocked.clone();
    let actions = move || {
        match outcome.get() {
        Some(Outcome::Taken(JobStatus::Claimed)) => view! {
            <p class="notice ok" role="status">"Yours: it is in "<A href="/">"My assignments"</A>"."</p>
        }
        .into_any(),
        Some(Outcome::Taken(JobStatus::Applied)) => {
            view! { <p class="notice" role="status">"Applied, waiting for approval."</p> }.into_any()
        }
        Some(Outcome::Taken(JobStatus::Open)) => {
            view! { <p class="notice" role="status">"Released: it is back on the board."</p> }.into_any()
        }
        Some(Outcome::Refused(b)) => view! { <BlockedNote blocked=b checklist_id /> }.into_any(),
        Some(Outcome::Failed(text)) => view! { <p class="alert" role="alert">{text}</p> }.into_any(),
        None => match (&blocked, status) {
            (Some(b), _) => view! { <BlockedNote blocked=b.clone() checklist_id /> }.into_any(),
            (None, JobStatus::Open) => view! {
                <button type="button" class="btn primary" disabled=move || busy.get() on:click=move |_| act("claim")>
                    {verb}
                </button>
            }
            .into_any(),
            (None, _) if confirming.get() => view! {
                <p>"Release this job? It goes back on the board."</p>
                <span class="toolbar">
                    <button type="button" class="btn danger" disabled=move || busy.get() on:click=move |_| act("release")>
                        "Yes, release it"
                    </button>
                    <button type="button" class="btn subtle" on:click=move |_| confirming.set(false)>"Keep it"</button>
                </span>
            }
            .into_any(),
            (None, mine) => view! {
                <span class="tag status">{if mine == JobStatus::Claimed { "Yours" } else { "Applied, waiting for approval" }}</span>
                {(mine == JobStatus::Claimed).then(|| view! { <ReceiptForm job_id=id currency=currency.clone() /> })}
                <button type="button" class="btn subtle" on:click=move |_| confirming.set(true)>"Release"</button>
            }
            .into_any(),
        },
    }
    };
    view! {
        <li class="card job" data-testid="job" data-job=id.to_string()>
            <span class="card-title">{job.location_name.clone()}</span>
            <span class="card-sub">
                {job.distance_m.map(|d| format!("{} away \u{b7} ", format::distance(d)))}
                {job.address.clone()}
            </span>
            <span class="card-pay">{pay}</span>
            <span class="card-window">
                {format!("{} \u{2013} {}", format::when(job.not_before), format::when(job.due))}
            </span>
            {(!job.scenario.is_empty()).then(|| view! { <span class="card-scenario">{job.scenario.clone()}</span> })}
            <div class="card-actions">{actions}</div>
        </li>
    }
}
