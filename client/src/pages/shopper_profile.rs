use crate::api;
use crate::components::{AppHeader, RoleGate};
use crate::device::geolocation;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::location::LatLon;
use touchstone_shared::panel::{OwnProfile, ShopperProfile};
use touchstone_shared::panel_profile::{
    ShopperDetails, demographics_from_text, demographics_to_text, languages_from_text,
};
use touchstone_shared::user::Role;

/// A coordinate typed in, if it is a number.
fn coordinate(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse().ok()
}

/// The shopper's profile: rating, certifications, the home area the job board measures from
/// (the phone's position, or coordinates typed in) with its name, and the languages and
/// demographics a client's scenario may ask for (optional; only staff see them).
#[component]
pub fn ShopperProfilePage() -> impl IntoView {
    let profile = RwSignal::new(None::<ShopperProfile>);
    let (lat, lon) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (label, languages, demographics) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let show = move |p: ShopperProfile| {
        lat.set(p.home.map(|h| h.lat.to_string()).unwrap_or_default());
        lon.set(p.home.map(|h| h.lon.to_string()).unwrap_or_default());
        label.set(p.details.home_label.clone());
        languages.set(p.details.languages.join(", "));
        demographics.set(demographics_to_text(&p.details.demographics));
        profile.set(Some(p));
    };
    spawn_local(async move {
        match api::panel::profile().await {
            Ok(p) => show(p),
            Err(e) => status.set(Some(e.message())),
        }
    });
    let save = move |home: Option<LatLon>| {
        let demographics = match demographics_from_text(&demographics.get_untracked()) {
            Ok(d) => d,
            Err(e) => {
                busy.set(false);
                status.set(Some(e.message));
                return;
            }
        };
        let details = ShopperDetails {
            home_label: label.get_untracked(),
            languages: languages_from_text(&languages.get_untracked()),
            demographics,
        };
        busy.set(true);
        spawn_local(async move {
            match api::panel::set_profile(&OwnProfile { home, details }).await {
                Ok(p) => {
                    show(p);
                    status.set(Some("Saved.".into()));
                }
                Err(e) => status.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    let typed = move |_| match (
        coordinate(&lat.get_untracked()),
        coordinate(&lon.get_untracked()),
    ) {
        (Some(lat), Some(lon)) => save(Some(LatLon { lat, lon })),
        _ if lat.get_untracked().trim().is_empty() && lon.get_untracked().trim().is_empty() => {
            save(None)
        }
        _ => status.set(Some(
            "Give a latitude and a longitude as numbers, e.g. 51.5055 and -0.116.".into(),
        )),
    };
    let here = move |_| {
        busy.set(true);
        spawn_local(async move {
            match geolocation::current_position().await {
                Ok(fix) => save(Some(fix.position)),
                Err(e) => {
                    busy.set(false);
                    status.set(Some(e.advice().into()));
                }
            }
        });
    };
    view! {
        <RoleGate roles=Role::SHOPPERS>
            <AppHeader title="Profile" back="/" />
            <main class="page">
                {move || profile.get().map(|p| view! {
                    <p class="whoami">{p.name.clone()}</p>
                    <p data-testid="rating">
                        {format!("Rating {:.1} of 5", p.rating)}
                        {(!p.rating_note.is_empty()).then(|| format!(" \u{b7} {}", p.rating_note))}
                    </p>
                    <p>{format!("Certifications passed: {}", p.certified_checklist_ids.len())}</p>
                })}
                <h2>"Home area"</h2>
                <p class="hint">"The job board lists jobs nearest to it first."</p>
                <button type="button" class="btn" on:click=here disabled=move || busy.get()>"Use my position"</button>
                <label class="field-label" for="home-lat">"Latitude"</label>
                <input id="home-lat" class="field" inputmode="decimal" prop:value=lat on:input=move |e| lat.set(event_target_value(&e)) />
                <label class="field-label" for="home-lon">"Longitude"</label>
                <input id="home-lon" class="field" inputmode="decimal" prop:value=lon on:input=move |e| lon.set(event_target_value(&e)) />
                <label class="field-label" for="home-label">"Name of the area (optional)"</label>
                <input id="home-label" class="field" maxlength="200" placeholder="Camden, London" prop:value=label on:input=move |e| label.set(event_target_value(&e)) />
                <h2>"About you"</h2>
                <p class="hint">"Optional. Only the agency's staff see these, to match you with scenarios that ask for them."</p>
                <label class="field-label" for="languages">"Languages you speak (separated by commas)"</label>
                <input id="languages" class="field" placeholder="English, Portuguese" prop:value=languages on:input=move |e| languages.set(event_target_value(&e)) />
                <label class="field-label" for="demographics">"Other details, one a line as \u{201c}name: value\u{201d}"</label>
                <textarea id="demographics" class="field" rows="3" placeholder="age band: 25-34" prop:value=demographics on:input=move |e| demographics.set(event_target_value(&e))></textarea>
                <button type="button" class="btn primary wide" on:click=typed disabled=move || busy.get()>"Save profile"</button>
                {move || status.get().map(|s| view! { <p class="notice" role="status">{s}</p> })}
            </main>
        </RoleGate>
    }
}
