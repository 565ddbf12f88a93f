use crate::api::consult;
use crate::components::{ApiTokens, ConsultFrame, Webhooks};
use crate::state::{AppState, app_state};
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::organisation::OrganisationSettings;
use touchstone_shared::user::Role;

/// The organisation's settings: its time zone, in which picked days start and times show
/// (admins change it; consultants read it); the signed-in user's API tokens; and, for
/// admins, the organisation's webhook endpoints.
#[component]
pub fn OrganisationSettingsPage() -> impl IntoView {
    let admin = admin(app_state());
    view! {
        <ConsultFrame title="Organisation">
            <TimeZoneForm />
            <ApiTokens />
            <Show when=admin>
                <Webhooks />
            </Show>
        </ConsultFrame>
    }
}

/// Whether the signed-in user is an admin (tracked).
fn admin(app: AppState) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    move || {
        app.me
            .with(|m| m.as_ref().is_some_and(|m| m.user.role == Role::Admin))
    }
}

#[component]
fn TimeZoneForm() -> impl IntoView {
    let app = app_state();
    let stored = move || {
        app.me
            .with(|m| m.as_ref().map(|m| m.time_zone.clone()).unwrap_or_default())
    };
    let admin = admin(app);
    let zone = RwSignal::new(stored());
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let browser = crate::zone::device_zone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let settings = OrganisationSettings {
            time_zone: zone.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            match consult::update_organisation(&settings).await {
                Ok(org) => {
                    crate::zone::set(&org.time_zone);
                    app.me.update(|m| {
                        if let Some(m) = m {
                            m.time_zone = org.time_zone.clone();
                        }
                    });
                    message.set(Some((
                        true,
                        format!("Days and times are now in {}.", org.time_zone),
                    )));
                }
                Err(e) => message.set(Some((false, e.message()))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="panel" aria-labelledby="tz-title" on:submit=save>
            <h2 id="tz-title">"Time zone"</h2>
            <p class="hint">"Report periods, visit windows and scorecard ranges are whole days in this zone; pages, reports and exports show times in it."</p>
            <label class="field-label" for="org-tz">"IANA time zone"</label>
            <input id="org-tz" class="field" type="text" autocomplete="off" placeholder="Europe/London"
                prop:value=move || zone.get() on:input=move |ev| zone.set(event_target_value(&ev))
                prop:readOnly=move || !admin() />
            {browser.clone().map(|b| {
                let b2 = b.clone();
                view! {
                    <p class="hint">{format!("This browser is in {b}. ")}
                        <Show when=admin>
                            <button type="button" class="btn" data-testid="use-browser-zone" on:click={
                                let b = b2.clone();
                                move |_| zone.set(b.clone())
                            }>"Use this browser's zone"</button>
                        </Show>
                    </p>
                }
            })}
            <Show when=admin fallback=|| view! { <p class="hint">"Only admins change it."</p> }>
                <button type="submit" class="btn primary" prop:disabled=move || busy.get() data-testid="save-zone">"Save"</button>
            </Show>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice" } else { "error" } role=if ok { "status" } else { "alert" }>{text}</p>
            })}
        </form>
    }
}
