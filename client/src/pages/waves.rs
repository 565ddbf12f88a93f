//! Recurring waves (desk): each schedule of the organisation with its waves' progress, the
//! jobs of each wave by state (open, applied, claimed, submitted, approved, late).

use crate::api::waves;
use crate::components::ConsultFrame;
use leptos::prelude::*;
use touchstone_shared::panel::{Period, WaveProgress, WaveSchedule};
use touchstone_shared::pay::format_minor;

/// The waves page.
#[component]
pub fn WavesPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Waves">
            <Waves />
        </ConsultFrame>
    }
}

#[component]
fn Waves() -> impl IntoView {
    let schedules = LocalResource::new(waves::schedules);
    view! {
        <main class="page wide">
            {move || match schedules.get() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(s)) if s.is_empty() => view! {
                    <p class="empty">"No wave schedules yet: create one with POST /api/v1/wave-schedules."</p>
                }.into_any(),
                Some(Ok(s)) => s.into_iter().map(|schedule| view! { <Schedule schedule /> }).collect_view().into_any(),
            }}
        </main>
    }
}

/// "Monthly", "Quarterly", "Every 2 weeks".
fn period_text(s: &WaveSchedule) -> String {
    match s.input.period {
        Period::Monthly => "Monthly".into(),
        Period::Quarterly => "Quarterly".into(),
        Period::Weeks if s.input.every_weeks == 1 => "Weekly".into(),
        Period::Weeks => format!("Every {} weeks", s.input.every_weeks),
    }
}

/// Where a schedule visits: its region or how many locations.
fn places_text(s: &WaveSchedule) -> String {
    match s.input.location_ids.len() {
        0 => format!("region {}", s.input.region),
        1 => "1 location".into(),
        n => format!("{n} locations"),
    }
}

#[component]
fn Schedule(schedule: WaveSchedule) -> impl IntoView {
    let id = schedule.id;
    let progress = LocalResource::new(move || waves::progress(id));
    let heading = format!("schedule-{id}");
    let terms = &schedule.input.terms;
    let summary = format!(
        "{} \u{b7} {} \u{b7} a {}-day window \u{b7} fee {}, receipt up to {}{}",
        period_text(&schedule),
        places_text(&schedule),
        schedule.input.window_days,
        format_minor(terms.fee_minor, &terms.currency),
        format_minor(terms.reimbursement_cap_minor, &terms.currency),
        if schedule.input.active {
            ""
        } else {
            " \u{b7} paused"
        },
    );
    view! {
        <section class="card" aria-labelledby=heading.clone() data-testid="wave-schedule" data-schedule=id.to_string()>
            <h2 id=heading.clone()>{schedule.input.name.clone()}</h2>
            <p class="hint">{summary}</p>
            {move || match progress.get() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(w)) if w.is_empty() => view! { <p class="empty">"No wave created yet."</p> }.into_any(),
                Some(Ok(w)) => view! { <ProgressTable waves=w label=schedule.input.name.clone() /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ProgressTable(waves: Vec<WaveProgress>, label: String) -> impl IntoView {
    let cell = |n: u32, key: &'static str| view! { <td data-count=key>{n}</td> };
    view! {
        // Focusable, so a keyboard can scroll it on a narrow screen (it holds no link).
        <div class="table-wrap" tabindex="0" role="region" aria-label=format!("Waves of {label}")>
            <table class="grid" data-testid="waves">
                <thead>
                    <tr>
                        <th scope="col">"Wave from"</th>
                        <th scope="col">"Jobs"</th>
                        <th scope="col">"Open"</th>
                        <th scope="col">"Applied"</th>
                        <th scope="col">"Claimed"</th>
                        <th scope="col">"Submitted"</th>
                        <th scope="col">"Approved"</th>
                        <th scope="col">"Late"</th>
                    </tr>
                </thead>
                <tbody>
                    {waves.into_iter().map(|w| view! {
                        <tr data-period=w.period_start.format("%Y-%m-%d").to_string()>
                            // Periods are counted in UTC (the first of the month, of the quarter).
                            <th scope="row">{w.period_start.format("%-d %b %Y").to_string()}</th>
                            {cell(w.jobs, "jobs")}
                            {cell(w.open, "open")}
                            {cell(w.applied, "applied")}
                            {cell(w.claimed, "claimed")}
                            {cell(w.submitted, "submitted")}
                            {cell(w.approved, "approved")}
                            {cell(w.late, "late")}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
