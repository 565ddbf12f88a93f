use crate::device::geolocation::{self, GeoError};
use crate::form::form_ctx;
use crate::format;
use chrono::Utc;
use geo::{Distance, Haversine, Point};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// Check-in: records the time and the phone's position (with its accuracy); says clearly
/// when the position cannot be had and lets the audit go on regardless. Shows the time
/// on site.
#[component]
pub fn CheckInPanel() -> impl IntoView {
    let form = form_ctx();
    let draft = form.draft;
    let enabled = form.editable();
    let locating = RwSignal::new(false);
    let problem = RwSignal::new(None::<GeoError>);
    let location = form.detail.with_value(|d| d.location.clone());
    let now = RwSignal::new(Utc::now());
    if let Ok(handle) =
        set_interval_with_handle(move || now.set(Utc::now()), Duration::from_secs(20))
    {
        on_cleanup(move || handle.clear());
    }

    let check_in = move || {
        locating.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = geolocation::current_position().await;
            locating.set(false);
            draft.update(|d| {
                let visit = &mut d.input.visit;
                if visit.check_in_at.is_none() {
                    visit.check_in_at = Some(Utc::now());
                }
                match result {
                    Ok(fix) => {
                        visit.position = Some(fix.position);
                        visit.accuracy_m = Some(fix.accuracy_m);
                        visit.position_error = None;
                    }
                    Err(e) => {
                        if visit.position.is_none() {
                            visit.position_error = Some(e.reason().to_owned());
                        }
                    }
                }
            });
            if let Err(e) = result {
                problem.set(Some(e));
            }
        });
    };

    let visit = move || draft.with(|d| d.input.visit.clone());
    let distance = move || {
        visit().position.map(|p| {
            Haversine.distance(
                Point::new(p.lon, p.lat),
                Point::new(location.position.lon, location.position.lat),
            )
        })
    };
    let radius = location.radius_m;

    view! {
        <section class="check-in" id="check-in" aria-labelledby="check-in-title">
            <h2 id="check-in-title" class="sr-only">"Check-in"</h2>
            {move || {
                let v = visit();
                match v.check_in_at {
                    None => view! {
                        <p class="help">"Check in when you arrive: it records the time and your position."</p>
                    }.into_any(),
                    Some(at) => {
                        let end = v.check_out_at.unwrap_or_else(|| now.get());
                        view! {
                            <p class="checked-in" data-testid="checked-in">
                                <strong>"Checked in " {format::clock(at)}</strong>
                                " \u{b7} on site " {format::duration(end - at)}
                                {v.check_out_at.map(|out| format!(" \u{b7} checked out {}", format::clock(out)))}
                            </p>
                        }.into_any()
                    }
                }
            }}
            {move || {
                let v = visit();
                v.position.map(|_| {
                    let accuracy = v.accuracy_m.map(|a| format!("\u{b1}{a:.0}\u{a0}m")).unwrap_or_default();
                    let d = distance().unwrap_or_default();
                    let near = d <= radius + v.accuracy_m.unwrap_or(0.0);
                    view! {
                        <p class="position" class:far=!near data-testid="position">
                            "Position recorded " {accuracy} " \u{b7} "
                            {format!("{d:.0}\u{a0}m from the location")}
                            {(!near).then_some(" (outside the expected area)")}
                        </p>
                    }
                })
            }}
            {move || {
                let advice = match problem.get() {
                    Some(e) => Some(e.advice().to_owned()),
                    None => {
                        let v = visit();
                        match (v.position, v.position_error) {
                            (None, Some(reason)) => Some(format!(
                                "No position was recorded ({reason}). You can still do the audit; \
                                 the reviewer will see it."
                            )),
                            _ => None,
                        }
                    }
                };
                advice.map(|text| view! {
                    <div class="alert" role="alert" data-testid="geo-error">
                        <strong>"No position. "</strong>{text}
                    </div>
                })
            }}
            <Show when=move || enabled.get() && (visit().check_in_at.is_none() || visit().position.is_none())>
                <button
                    type="button"
                    class="btn primary wide"
                    data-testid="check-in"
                    disabled=move || locating.get()
                    on:click=move |_| check_in()
                >
                    {move || {
                        if locating.get() {
                            "Finding your position\u{2026}"
                        } else if visit().check_in_at.is_none() {
                            "Check in here"
                        } else {
                            "Try again to record position"
                        }
                    }}
                </button>
            </Show>
        </section>
    }
}
