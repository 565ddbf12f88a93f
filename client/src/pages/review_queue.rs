use crate::api;
use crate::components::{
    AppHeader, BulkReviewBar, FlagList, RoleGate, SelectField, ZoneNote, flag_list::FLAG_KINDS,
    flag_list::flag_title,
};
use crate::format;
use crate::nav::REVIEWERS;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::{HashMap, HashSet};
use touchstone_shared::audit::{AuditFilter, AuditStatus};
use touchstone_shared::queue::QueueOrder;
use touchstone_shared::user::Role;
use uuid::Uuid;

/// The review queue: submitted audits with their proof-of-visit flags, filterable by
/// client, location, auditor, flag and score range, in a stated order (oldest submitted
/// first unless the reviewer picks another); audits picked with their checkboxes are
/// approved or returned together.
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    view! {
        <RoleGate roles=REVIEWERS>
            <AppHeader title="Review queue" />
            <ReviewQueue />
        </RoleGate>
    }
}

#[component]
fn ReviewQueue() -> impl IntoView {
    let client = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let auditor = RwSignal::new(String::new());
    let flag = RwSignal::new(String::new());
    let order = RwSignal::new(QueueOrder::default().as_str().to_owned());
    let score_min = RwSignal::new(String::new());
    let score_max = RwSignal::new(String::new());
    let picked = RwSignal::new(HashSet::<Uuid>::new());
    // Bumped after a bulk review, to list the queue again.
    let version = RwSignal::new(0u32);

    let clients = LocalResource::new(api::clients);
    let locations = LocalResource::new(move || {
        let client = client.get().parse::<Uuid>().ok();
        api::locations(client)
    });
    let auditors = LocalResource::new(|| api::users(Role::Auditor));
    // The score range typed in (percent, each bound optional).
    let range = Signal::derive(move || {
        let bound = |s: RwSignal<String>| s.get().trim().parse::<f64>().ok();
        (bound(score_min), bound(score_max))
    });
    let queue = LocalResource::new(move || {
        version.track();
        let id = |s: String| s.parse::<Uuid>().ok();
        let flag = flag.get();
        let filter = AuditFilter {
            status: Some(AuditStatus::Submitted),
            client_id: id(client.get()),
            location_id: id(location.get()),
            auditor_id: id(auditor.get()),
            flagged: (flag == "any").then_some(true),
            flag: FLAG_KINDS.into_iter().find(|k| k.as_str() == flag),
            score_min: range.get().0,
            score_max: range.get().1,
            ..AuditFilter::default()
        };
        async move { api::audits(&filter).await }
    });
    // What is listed, in the chosen order: what "select all shown" and a bulk review act on.
    let shown = Memo::new(move |_| match queue.get() {
        Some(Ok(mut list)) => {
            QueueOrder::parse(&order.get()).sort(&mut list);
            list
        }
        _ => Vec::new(),
    });
    // A pick that is no longer listed is dropped.
    Effect::new(move || {
        let listed: HashSet<Uuid> = shown.with(|l| l.iter().map(|a| a.id).collect());
        if picked.with_untracked(|p| p.iter().any(|id| !listed.contains(id))) {
            picked.update(|p| p.retain(|id| listed.contains(id)));
        }
    });
    let order_options = Signal::derive(|| {
        QueueOrder::ALL
            .into_iter()
            .map(|o| (o.as_str().to_owned(), o.label().to_owned()))
            .collect::<Vec<_>>()
    });

    let client_options = Signal::derive(move || match clients.get() {
        Some(Ok(list)) => list
            .into_iter()
            .map(|c| (c.id.to_string(), c.name))
            .collect(),
        _ => Vec::new(),
    });
    let location_names = Signal::derive(move || match locations.get() {
        Some(Ok(list)) => list
            .into_iter()
            .map(|l| (l.id, format!("{} \u{b7} {}", l.code, l.name)))
            .collect::<HashMap<_, _>>(),
        _ => HashMap::new(),
    });
    let location_options = Signal::derive(move || {
        let mut v: Vec<(String, String)> = location_names
            .get()
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    });
    let auditor_names = Signal::derive(move || match auditors.get() {
        Some(Ok(list)) => list
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect::<HashMap<_, _>>(),
        _ => HashMap::new(),
    });
    let auditor_options = Signal::derive(move || {
        let mut v: Vec<(String, String)> = auditor_names
            .get()
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    });
    let flag_options = Signal::derive(|| {
        std::iter::once(("any".to_owned(), "Any flag".to_owned()))
            .chain(
                FLAG_KINDS
                    .into_iter()
                    .map(|k| (k.as_str().to_owned(), flag_title(k).to_owned())),
            )
            .collect::<Vec<_>>()
    });
    // A location of another client makes no sense once the client changes.
    Effect::new(move |prev: Option<String>| {
        let c = client.get();
        if prev.is_some_and(|p| p != c) {
            location.set(String::new());
        }
        c
    });

    view! {
        <main class="page wide">
            <form class="filters" aria-label="Filter the queue" on:submit=|ev| ev.prevent_default()>
                <SelectField id="f-client" label="Client" any="All clients" options=client_options value=client />
                <SelectField id="f-location" label="Location" any="All locations" options=location_options value=location />
                <SelectField id="f-auditor" label="Auditor" any="All auditors" options=auditor_options value=auditor />
                <SelectField id="f-flag" label="Flag" any="Flagged or not" options=flag_options value=flag />
                <SelectField id="f-order" label="Order" options=order_options value=order />
                <div class="filter">
                    <label class="field-label" for="f-score-min">"Score from (%)"</label>
                    <input id="f-score-min" class="field" type="number" min="0" max="100" data-testid="score-min"
                        prop:value=move || score_min.get() on:change=move |ev| score_min.set(event_target_value(&ev)) />
                </div>
                <div class="filter">
                    <label class="field-label" for="f-score-max">"Score to (%)"</label>
                    <input id="f-score-max" class="field" type="number" min="0" max="100" data-testid="score-max"
                        prop:value=move || score_max.get() on:change=move |ev| score_max.set(event_target_value(&ev)) />
                </div>
                <div class="filter"><ZoneNote /></div>
            </form>
            {move || match queue.get() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty" role="status">"Nothing waits for review with these filters."</p>
                }.into_any(),
                Some(Ok(_)) => {
                    let by = QueueOrder::parse(&order.get());
                    let list = shown.get();
                    let locations = location_names.get();
                    let auditors = auditor_names.get();
                    let all_ids: Vec<Uuid> = list.iter().map(|a| a.id).collect();
                    let all_picked = {
                        let all_ids = all_ids.clone();
                        move || picked.with(|p| !all_ids.is_empty() && all_ids.iter().all(|id| p.contains(id)))
                    };
                    view! {
                        <p role="status" class="count" data-testid="queue-count">{format!("{} waiting for review \u{b7} {}", list.len(), by.label().to_lowercase())}</p>
                        <label class="check pick-all">
                            <input type="checkbox" data-testid="select-all" prop:checked=all_picked.clone()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    picked.set(if on { all_ids.iter().copied().collect() } else { HashSet::new() });
                                } />
                            " Select all shown"
                        </label>
                        <ul class="cards" data-testid="review-queue">
                            {list.into_iter().map(|a| {
                                let place = locations.get(&a.location_id).cloned().unwrap_or_else(|| "Location".into());
                                let who = auditors.get(&a.auditor_id).cloned().unwrap_or_else(|| "Auditor".into());
                                let when = a.check_in_at.map(format::when).unwrap_or_else(|| "no check-in".into());
                                let submitted = a.submitted_at.map(|t| format!(" \u{b7} submitted {}", format::when(t))).unwrap_or_default();
                                let flagged = !a.flags.is_empty();
                                let flag_count = match a.flags.len() {
                                    0 => "No flags".to_owned(),
                                    1 => "1 flag".to_owned(),
                                    n => format!("{n} flags"),
                                };
                                let id = a.id;
                                let pick_label = format!("Select {place}, {who}");
                                view! {
                                    <li class="card" class:flagged=flagged data-audit=a.id.to_string()>
                                        <input type="checkbox" class="pick" aria-label=pick_label data-testid="pick"
                                            prop:checked=move || picked.with(|p| p.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                picked.update(|p| { if on { p.insert(id); } else { p.remove(&id); } });
                                            } />
                                        <A href=format!("/audits/{}", a.id) attr:class="card-link">
                                            <span class="card-title">{place}</span>
                                            <span class="card-sub">{format!("{who} \u{b7} visited {when}{submitted}")}</span>
                                            <span class="card-tags">
                                                <span class="tag" data-testid="queue-score">{format!("Score {}", format::score(a.percent))}</span>
                                                {a.critical_failure.then(|| view! { <span class="tag critical">"Critical failure"</span> })}
                                                <span class="tag" class:warn=flagged>
                                                    {flag_count}
                                                </span>
                                            </span>
                                        </A>
                                        <FlagList flags=a.flags />
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <BulkReviewBar shown range picked version places=location_names />
        </main>
    }
}
