use crate::api;
use crate::components::{AppHeader, JobCard, RoleGate};
use crate::device::geolocation;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::location::LatLon;
use touchstone_shared::panel::Job;
use touchstone_shared::user::Role;

/// The job board: the shopper's own jobs (to release), then open jobs nearest first from
/// the home area or, once asked, the phone's position, a page at a time.
#[component]
pub fn JobBoardPage() -> impl IntoView {
    let from = RwSignal::new(None::<LatLon>);
    let open = RwSignal::new(None::<Vec<Job>>);
    let mine = RwSignal::new(Vec::<Job>::new());
    let next = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let load_mine = move || async move {
        match api::panel::jobs(None, true, None).await {
            Ok(page) => mine.set(page.items),
            Err(e) => problem.set(Some(e.message())),
        }
    };
    // `cursor`: the next page of open jobs, appended; none reloads both lists.
    let load = move |cursor: Option<String>| {
        busy.set(true);
        spawn_local(async move {
            let more = cursor.is_some();
            if !more {
                load_mine().await;
            }
            match api::panel::jobs(from.get_untracked(), false, cursor).await {
                Ok(page) => {
                    next.set(page.next_cursor);
                    open.update(|shown| match shown {
                        Some(shown) if more => shown.extend(page.items),
                        _ => *shown = Some(page.items),
                    });
                }
                Err(e) => problem.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    load(None);
    // A claim shows its outcome on the card and adds the job to the shopper's own; a
    // release puts it back on the board.
    let changed = Callback::new(move |action: &'static str| {
        if action == "release" {
            load(None);
        } else {
            spawn_local(load_mine());
        }
    });
    let locate = move |_| {
        busy.set(true);
        spawn_local(async move {
            match geolocation::current_position().await {
                Ok(fix) => {
                    problem.set(None);
                    from.set(Some(fix.position));
                    load(None);
                }
                Err(e) => {
                    busy.set(false);
                    problem.set(Some(format!(
                        "No position ({}): nearest from your home area.",
                        e.reason()
                    )));
                }
            }
        });
    };

    let cards = move |jobs: Vec<Job>| {
        jobs.into_iter()
            .map(|job| view! { <JobCard job changed /> })
            .collect_view()
    };
    view! {
        <RoleGate roles=Role::SHOPPERS>
            <AppHeader title="Job board" back="/" />
            <main class="page">
                {move || (!mine.with(Vec::is_empty)).then(|| view! {
                    <h2>"Your jobs"</h2>
                    <ul class="cards" data-testid="my-jobs">{cards(mine.get())}</ul>
                    <h2>"Open jobs"</h2>
                })}
                <div class="toolbar">
                    <button type="button" class="btn" on:click=locate disabled=move || busy.get()>
                        "Use my position"
                    </button>
                </div>
                <p class="hint" data-testid="measured-from">
                    {move || if from.with(Option::is_some) {
                        "Nearest first from where you are now."
                    } else {
                        "Nearest first from your home area (set it in your profile)."
                    }}
                </p>
                {move || problem.get().map(|p| view! { <p class="notice" role="status">{p}</p> })}
                {move || match open.get() {
                    None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(jobs) if jobs.is_empty() => view! {
                        <p class="empty">"No open jobs right now."</p>
                    }.into_any(),
                    Some(jobs) => view! { <ul class="cards" data-testid="open-jobs">{cards(jobs)}</ul> }.into_any(),
                }}
                {move || next.get().map(|cursor| view! {
                    <button type="button" class="btn wide" disabled=move || busy.get()
                        on:click=move |_| load(Some(cursor.clone()))>"More"</button>
                })}
            </main>
        </RoleGate>
    }
}
