use crate::api;
use crate::components::{ActionCard, AppHeader, RoleGate};
use crate::nav::SCORECARD_READERS;
use crate::state::app_state;
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap};
use touchstone_shared::user::Role;

/// Corrective actions per location, overdue ones highlighted and first.
#[component]
pub fn ActionsPage() -> impl IntoView {
    let app = app_state();
    let changed = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        changed.track();
        let me = app
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.user.clone()));
        async move {
            let (actions, locations) =
                futures::future::join(api::actions(None), api::locations(None)).await;
            let mut names: HashMap<_, _> = HashMap::new();
            if let Some(me) = &me {
                names.insert(me.id, me.name.clone());
                if me.role.is_staff() {
                    names.extend(
                        api::users(Role::Manager)
                            .await
                            .unwrap_or_default()
                            .into_iter()
                            .map(|u| (u.id, u.name)),
                    );
                }
            }
            let places: HashMap<_, _> = locations
                .unwrap_or_default()
                .into_iter()
                .map(|l| (l.id, format!("{} \u{b7} {}", l.code, l.name)))
                .collect();
            actions.map(|a| (a, places, names))
        }
    });
    view! {
        <RoleGate roles=SCORECARD_READERS>
            <AppHeader title="Corrective actions" />
            <main class="page wide">
                {move || match data.get() {
                    None => view! { <p role="status">"Loading\u{2026}"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                    Some(Ok((list, _, _))) if list.is_empty() => view! {
                        <p class="empty">"No corrective actions. Open one from a failed item of an approved audit."</p>
                    }.into_any(),
                    Some(Ok((list, places, names))) => {
                        let mut by_place: BTreeMap<String, Vec<_>> = BTreeMap::new();
                        for a in list {
                            by_place.entry(places.get(&a.location_id).cloned().unwrap_or_else(|| "Location".into())).or_default().push(a);
                        }
                        view! {
                            <div data-testid="actions">
                                {by_place.into_iter().map(|(place, mut actions)| {
                                    actions.sort_by_key(|a| (!a.overdue, a.status != touchstone_shared::action::ActionStatus::Open, a.due));
                                    let overdue = actions.iter().filter(|a| a.overdue).count();
                                    view! {
                                        <section class="action-place" aria-label=place.clone()>
                                            <h2>{place.clone()} {(overdue > 0).then(|| view! { <span class="tag due-overdue">{format!(" {overdue} overdue")}</span> })}</h2>
                                            <ul class="cards">
                                                {actions.into_iter().map(|a| {
                                                    let who = names.get(&a.assignee_id).cloned().unwrap_or_else(|| "Manager".into());
                                                    view! { <ActionCard action=a assignee=who changed=changed /> }
                                                }).collect_view()}
                                            </ul>
                                        </section>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                }}
            </main>
        </RoleGate>
    }
}
