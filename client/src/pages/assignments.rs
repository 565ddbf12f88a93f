use crate::api;
use crate::components::{AppHeader, SignInRedirect};
use crate::draft::Draft;
use crate::format;
use crate::refresh;
use crate::session;
use crate::state::app_state;
use crate::store::assignments::{self, CachedAssignment};
use crate::store::{self, drafts};
use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use uuid::Uuid;

/// A row of the list.
#[derive(Clone, PartialEq)]
struct Row {
    record: CachedAssignment,
    status: &'static str,
}

fn due_label(
    now: DateTime<Utc>,
    not_before: DateTime<Utc>,
    due: DateTime<Utc>,
) -> (&'static str, String) {
    if now < not_before {
        ("later", format!("Opens {}", format::when(not_before)))
    } else if now > due {
        ("overdue", format!("Overdue since {}", format::when(due)))
    } else if due - now < TimeDelta::hours(24) {
        ("soon", format!("Due {}", format::when(due)))
    } else {
        ("open", format!("Due {}", format::when(due)))
    }
}

/// The assignments the phone keeps, without their checklists.
async fn cached() -> Result<Vec<CachedAssignment>, String> {
    let db = store::app_db().await.map_err(|e| e.to_string())?;
    assignments::all(&db).await.map_err(|e| e.to_string())
}

/// The rows of the assignments the phone keeps (`records`: the cached ones, or those just
/// refreshed), with the phone's drafts.
async fn rows_of(user_id: Uuid, records: Vec<CachedAssignment>) -> Result<Vec<Row>, String> {
    let db = store::app_db().await.map_err(|e| e.to_string())?;
    let local = drafts::all(&db).await.map_err(|e| e.to_string())?;
    let mut rows: Vec<(bool, Row)> = records
        .into_iter()
        // The phone may hold another auditor's cache from before a sign-out.
        .filter(|record| record.assignment.auditor_id == user_id)
        .map(|record| {
            let mine = local
                .iter()
                .find(|d| d.input.assignment_id == record.assignment.id);
            let (status, editable) = Draft::listed_status(mine, record.audit.as_ref());
            (!editable, Row { status, record })
        })
        .collect();
    // What is still to do first, soonest due first; then what was sent. Ties in the order
    // the cache keeps, whatever order `records` came in, so a refresh that changed nothing
    // finds the list as it is.
    rows.sort_by_key(|(done, row)| (*done, row.record.assignment.due, row.record.assignment.id));
    Ok(rows.into_iter().map(|(_, row)| row).collect())
}

/// Shows `r` unless the list shows it already: a refresh that changed nothing redraws no
/// card (work for the phone, and cards moving under the auditor's finger).
fn show(rows: RwSignal<Option<Vec<Row>>>, r: Vec<Row>) {
    if rows.with_untracked(|shown| shown.as_ref() != Some(&r)) {
        rows.set(Some(r));
    }
}

/// "My assignments": location, window, scenario, due status and audit status. Shows the
/// device's copy at once, then refreshes it from the server when there is a network.
#[component]
pub fn AssignmentsPage() -> impl IntoView {
    let app = app_state();
    let rows = RwSignal::new(None::<Vec<Row>>);
    let refreshing = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);

    let load = move || {
        // One load at a time: a second one would redraw the list with the copy the first
        // is replacing.
        if refreshing.get_untracked() {
            return;
        }
        refreshing.set(true);
        spawn_local(async move {
            let Some(user_id) = app.user_id() else {
                refreshing.set(false);
                return;
            };
            let records = match cached().await {
                Ok(records) => records,
                Err(e) => {
                    problem.set(Some(e));
                    Vec::new()
                }
            };
            match rows_of(user_id, records.clone()).await {
                Ok(r) => show(rows, r),
                Err(e) => problem.set(Some(e)),
            }
            match refresh::refresh_from_server(records).await {
                Ok(records) => {
                    problem.set(None);
                    if let Ok(r) = rows_of(user_id, records).await {
                        show(rows, r);
                    }
                }
                Err(e) if e.is_unauthenticated() => session::confirm_with_server(app).await,
                Err(api::ApiError::Network(_)) => {
                    problem.set(Some(
                        "Offline: showing the assignments saved on this phone.".into(),
                    ));
                }
                Err(e) => problem.set(Some(e.message())),
            }
            refreshing.set(false);
        });
    };
    load();
    // Statuses change as the outbox drains.
    Effect::new(move |prev: Option<u64>| {
        let n = app.sync.drafts_changed.get();
        if prev.is_some_and(|p| p != n)
            && let Some(user_id) = app.user_id()
        {
            spawn_local(async move {
                if let Ok(records) = cached().await
                    && let Ok(r) = rows_of(user_id, records).await
                {
                    show(rows, r);
                }
            });
        }
        n
    });

    let logout = move |_| {
        spawn_local(async move { session::logout(app).await });
    };

    view! {
        <Show when=move || app.me.with(Option::is_some) fallback=|| view! { <SignInRedirect /> }>
            <AppHeader title="My assignments" />
            <main class="page">
                <p class="whoami">
                    {move || app.me.with(|m| m.as_ref().map(|m| format!("{} \u{b7} {}", m.user.name, m.organisation_name)))}
                </p>
                <div class="toolbar">
                    <button type="button" class="btn" on:click=move |_| load() disabled=move || refreshing.get()>
                        {move || if refreshing.get() { "Refreshing\u{2026}" } else { "Refresh" }}
                    </button>
                    <button type="button" class="btn subtle" on:click=logout>"Sign out"</button>
                </div>
                <nav class="toolbar" aria-label="Shopper">
                    <a href="/jobs" class="btn" rel="external">"Job board"</a>
                    <a href="/earnings" class="btn" rel="external">"Earnings"</a>
                    <a href="/profile" class="btn" rel="external">"Profile"</a>
                </nav>
                {move || problem.get().map(|p| view! { <p class="notice" role="status">{p}</p> })}
                {move || match rows.get() {
                    None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(r) if r.is_empty() => view! {
                        <p class="empty">"No assignments yet. Pull to refresh when you have a network."</p>
                    }.into_any(),
                    Some(r) => view! {
                        <ul class="cards" data-testid="assignments">
                            {r.into_iter().map(|row| {
                                let a = row.record.assignment;
                                let l = row.record.location;
                                let (due_class, due_text) = due_label(Utc::now(), a.not_before, a.due);
                                view! {
                                    <li class="card">
                                        <A href=format!("/assignments/{}", a.id) attr:class="card-link">
                                            <span class="card-title">{l.name.clone()}</span>
                                            <span class="card-sub">{format!("{} \u{b7} {}", l.code, l.address)}</span>
                                            <span class="card-window">
                                                {format!("{} \u{2013} {}", format::when(a.not_before), format::when(a.due))}
                                            </span>
                                            {(!a.scenario.is_empty()).then(|| view! { <span class="card-scenario">{a.scenario.clone()}</span> })}
                                            <span class="card-tags">
                                                <span class=format!("tag due-{due_class}")>{due_text}</span>
                                                <span class="tag status" data-testid="audit-status">{row.status}</span>
                                            </span>
                                        </A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </main>
        </Show>
    }
}
