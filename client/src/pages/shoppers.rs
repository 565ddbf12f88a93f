//! The shopper panel (desk): shoppers with rating, certifications, jobs done and lateness;
//! one shopper's profile (home area, languages, demographics) and a rating override with a
//! note.

use crate::api::pay;
use crate::components::ConsultFrame;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::panel::{ShopperPatch, ShopperProfile};
use touchstone_shared::panel_roster::ShopperSummary;
use uuid::Uuid;

/// The panel page.
#[component]
pub fn ShoppersPage() -> impl IntoView {
    view! {
        <ConsultFrame title="Shoppers">
            <Shoppers />
        </ConsultFrame>
    }
}

#[component]
fn Shoppers() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let picked = RwSignal::new(None::<Uuid>);
    let list = LocalResource::new(move || {
        changed.track();
        pay::shoppers()
    });
    view! {
        <main class="page wide">
            {move || match list.get() {
                None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(l)) if l.is_empty() => view! { <p class="empty">"No shoppers yet: add users with the auditor role."</p> }.into_any(),
                Some(Ok(l)) => view! { <ShopperTable shoppers=l picked /> }.into_any(),
            }}
            {move || picked.get().map(|id| view! { <Profile id changed /> })}
        </main>
    }
}

#[component]
fn ShopperTable(shoppers: Vec<ShopperSummary>, picked: RwSignal<Option<Uuid>>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="grid" data-testid="shoppers">
                <thead>
                    <tr>
                        <th scope="col">"Shopper"</th>
                        <th scope="col">"Rating"</th>
                        <th scope="col">"Certifications"</th>
                        <th scope="col">"Jobs done"</th>
                        <th scope="col">"Late"</th>
                    </tr>
                </thead>
                <tbody>
                    {shoppers.into_iter().map(|s| {
                        let id = s.user_id;
                        view! {
                            <tr data-shopper=id.to_string()>
                                <td><button type="button" class="btn subtle" on:click=move |_| picked.set(Some(id))>{s.name}</button></td>
                                <td data-testid="rating">{format!("{:.1}", s.rating)}</td>
                                <td>{s.certifications}</td>
                                <td>{s.jobs_done}</td>
                                <td>{s.late}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Profile(id: Uuid, changed: RwSignal<u32>) -> impl IntoView {
    let profile = LocalResource::new(move || {
        changed.track();
        pay::shopper(id)
    });
    let rating = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(value) = rating
            .get_untracked()
            .trim()
            .replace(',', ".")
            .parse::<f64>()
        else {
            message.set(Some(Err("Give a rating from 0 to 5".into())));
            return;
        };
        let patch = ShopperPatch {
            rating: Some(value),
            rating_note: Some(note.get_untracked()),
            ..ShopperPatch::default()
        };
        spawn_local(async move {
            match pay::patch_shopper(id, &patch).await {
                Ok(p) => {
                    message.set(Some(Ok(format!("Rating set to {:.1}", p.rating))));
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(Err(e.message()))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="profile-title" data-testid="shopper-profile">
            {move || profile.get().map(|p| match p {
                Err(e) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                Ok(p) => view! {
                    <h2 id="profile-title">{p.name.clone()}</h2>
                    <p>{format!("Rating {:.1}", p.rating)}
                        {(!p.rating_note.is_empty()).then(|| format!(" \u{b7} \u{201c}{}\u{201d}", p.rating_note))}</p>
                    <p data-testid="home-area">{home_text(&p)}</p>
                    <p data-testid="languages">{match p.details.languages.is_empty() {
                        true => "No languages given".to_owned(),
                        false => format!("Speaks {}", p.details.languages.join(", ")),
                    }}</p>
                    {(!p.details.demographics.is_empty()).then(|| view! {
                        <dl class="pay" data-testid="demographics">
                            {p.details.demographics.iter().map(|(k, v)| view! {
                                <dt>{k.clone()}</dt><dd>{v.clone()}</dd>
                            }).collect_view()}
                        </dl>
                    })}
                    <p>{format!("{} certifications passed \u{b7} {} locations excluded", p.certified_checklist_ids.len(), p.excluded_location_ids.len())}</p>
                }.into_any(),
            })}
            <form class="stack" on:submit=submit data-testid="rating-form">
                <h3>"Override the rating"</h3>
                <label for="rating-value">"Rating (0 to 5)"</label>
                <input id="rating-value" class="field" inputmode="decimal" required=true
                    prop:value=move || rating.get() on:input=move |ev| rating.set(event_target_value(&ev)) />
                <label for="rating-note">"Note"</label>
                <input id="rating-note" class="field" maxlength="1000"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                <button type="submit" class="btn primary">"Save the rating"</button>
                {move || message.get().map(|m| match m {
                    Ok(t) => view! { <p class="notice" role="status">{t}</p> }.into_any(),
                    Err(t) => view! { <p class="error" role="alert">{t}</p> }.into_any(),
                })}
            </form>
        </section>
    }
}

/// "Home area Camden (51.539, -0.143)", or that none is set.
fn home_text(p: &ShopperProfile) -> String {
    match (p.home, p.details.home_label.as_str()) {
        (Some(h), "") => format!("Home area {:.3}, {:.3}", h.lat, h.lon),
        (Some(h), label) => format!("Home area {label} ({:.3}, {:.3})", h.lat, h.lon),
        (None, _) => "No home area set".into(),
    }
}
