//! The checklist builder's state and what it does: which client, journey and checklist are
//! open, the content being edited, and starting, adding sections and publishing. The page
//! only renders it.

use super::checklist;
use super::journey::{channel_label, touchpoints};
use crate::api::consult;
use crate::api::per_client::per_client;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::checklist::{Checklist, ChecklistContent, ChecklistInput};
use touchstone_shared::client::{Client, ClientInput, DEFAULT_TARGET_PERCENT};
use touchstone_shared::condition::reach::never_shown;
use touchstone_shared::journey::{Journey, Touchpoint};
use uuid::Uuid;

/// Everything the builder page shows and edits.
#[derive(Clone, Copy)]
pub struct ChecklistSession {
    /// The consultant's clients.
    pub clients: LocalResource<Result<Vec<Client>, crate::api::ApiError>>,
    /// The picked client.
    pub client: RwSignal<Option<Uuid>>,
    /// The picked client's journeys.
    pub journeys: LocalResource<Vec<Journey>>,
    /// The picked client's checklists.
    pub checklists: LocalResource<Vec<Checklist>>,
    /// The picked journey.
    pub journey: RwSignal<Option<Journey>>,
    /// The checklist being edited, once saved.
    pub editing: RwSignal<Option<Uuid>>,
    /// Its version number, once saved.
    pub version: RwSignal<Option<i32>>,
    /// The content being edited.
    pub content: RwSignal<ChecklistContent>,
    /// The client's pass mark in percent.
    pub pass_mark: RwSignal<f64>,
    /// Whether the editor is open.
    pub open: RwSignal<bool>,
    /// The outcome of the last publish: (succeeded, message).
    pub status: RwSignal<Option<(bool, String)>>,
    /// A publish is under way.
    pub busy: RwSignal<bool>,
    /// The touchpoint picked for the next section (empty: the first free one).
    pub new_section: RwSignal<String>,
    /// The items of the content that no answers can show, for a warning on each.
    pub never_shown: Memo<Vec<Uuid>>,
    reload: RwSignal<u32>,
}

impl ChecklistSession {
    /// A builder with nothing picked, loading the clients; the pass mark follows the picked
    /// client.
    pub fn load() -> Self {
        let clients = LocalResource::new(crate::api::clients);
        let client = RwSignal::new(None::<Uuid>);
        let reload = RwSignal::new(0u32);
        let content = RwSignal::new(ChecklistContent::default());
        let session = ChecklistSession {
            clients,
            client,
            journeys: per_client(client, RwSignal::new(0), consult::journeys),
            checklists: per_client(client, reload, consult::checklists),
            journey: RwSignal::new(None),
            editing: RwSignal::new(None),
            version: RwSignal::new(None),
            content,
            pass_mark: RwSignal::new(DEFAULT_TARGET_PERCENT),
            open: RwSignal::new(false),
            status: RwSignal::new(None),
            busy: RwSignal::new(false),
            new_section: RwSignal::new(String::new()),
            never_shown: Memo::new(move |_| content.with(never_shown)),
            reload,
        };
        Effect::new(move |_| {
            let target = client.get().and_then(|id| {
                session
                    .client_list()
                    .with(|cs| cs.iter().find(|c| c.id == id).map(|c| c.target_percent))
            });
            if let Some(t) = target {
                session.pass_mark.set(t);
            }
            session.journey.set(None);
            session.open.set(false);
        });
        session
    }

    /// The clients, empty while loading or on failure.
    pub fn client_list(self) -> Signal<Vec<Client>> {
        let clients = self.clients;
        Signal::derive(move || clients.get().and_then(Result::ok).unwrap_or_default())
    }

    /// Opens the editor on a checklist, or on a new one named after the journey.
    pub fn start(self, existing: Option<Checklist>) {
        self.status.set(None);
        match existing {
            Some(c) => {
                self.editing.set(Some(c.id));
                self.version.set(Some(c.version.number));
                self.content.set(c.version.content);
            }
            None => {
                self.editing.set(None);
                self.version.set(None);
                let name = self
                    .journey
                    .with_untracked(|j| j.as_ref().map(|j| j.name.clone()).unwrap_or_default());
                self.content.set(ChecklistContent {
                    name,
                    ..Default::default()
                });
            }
        }
        self.open.set(true);
    }

    /// Picks the journey with this id (text from a select), closing the editor.
    pub fn pick_journey(self, value: &str) {
        let id: Option<Uuid> = value.parse().ok();
        let found = id.and_then(|id| {
            self.journeys
                .get()
                .and_then(|js| js.into_iter().find(|j| j.id == id))
        });
        self.journey.set(found);
        self.open.set(false);
    }

    /// The journey's touchpoints (with their stage's name) that have no section yet.
    pub fn free_touchpoints(self) -> Vec<(String, Touchpoint)> {
        self.journey.with(|j| {
            j.as_ref()
                .map(|j| touchpoints(&j.stages))
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, t)| {
                    self.content
                        .with(|c| checklist::section_index(c, t.id).is_none())
                })
                .collect()
        })
    }

    /// Adds a section for the picked touchpoint, or the first free one.
    pub fn add_section(self) {
        let chosen: Option<Uuid> = self.new_section.get_untracked().parse().ok();
        let Some(tp) = chosen.or_else(|| self.free_touchpoints().first().map(|(_, t)| t.id)) else {
            return;
        };
        self.content.update(|c| {
            if checklist::section_index(c, tp).is_none() {
                checklist::add_section(c, tp, "");
            }
        });
        self.new_section.set(String::new());
    }

    /// "Stage · touchpoint (channel)" for a section's heading.
    pub fn touchpoint_name(self, tp: Uuid) -> Signal<String> {
        let journey = self.journey;
        Signal::derive(move || {
            journey.with(|j| {
                j.as_ref()
                    .and_then(|j| {
                        let (s, t) = j.touchpoint(tp)?;
                        let channel = channel_label(t.channel);
                        Some(format!(
                            "{} \u{b7} {} ({channel})",
                            j.stages[s].name, t.name
                        ))
                    })
                    .unwrap_or_else(|| "A touchpoint the journey no longer has".into())
            })
        })
    }

    /// Checks and saves the checklist (and the client's pass mark when it changed).
    pub fn publish(self) {
        let (Some(client_id), Some(j)) =
            (self.client.get_untracked(), self.journey.get_untracked())
        else {
            return;
        };
        let body = self.content.get_untracked();
        if let Err(e) = checklist::validate(&body, &j) {
            self.status.set(Some((false, e.to_string())));
            return;
        }
        let input = ChecklistInput {
            client_id,
            journey_id: j.id,
            content: body,
        };
        self.busy.set(true);
        spawn_local(async move {
            let outcome = match self.save_pass_mark(client_id).await {
                Ok(()) => self.save(&input).await,
                Err(e) => Err(e),
            };
            if let Err(message) = outcome {
                self.status.set(Some((false, message)));
            }
            self.busy.set(false);
        });
    }

    async fn save_pass_mark(self, client_id: Uuid) -> Result<(), String> {
        let mark = self.pass_mark.get_untracked();
        let client_now = self
            .client_list()
            .with_untracked(|cs| cs.iter().find(|c| c.id == client_id).cloned());
        let Some(c) = client_now.filter(|c| (c.target_percent - mark).abs() > f64::EPSILON) else {
            return Ok(());
        };
        let update = ClientInput {
            name: c.name,
            target_percent: mark,
        };
        update.validate().map_err(|e| e.to_string())?;
        consult::update_client(client_id, &update)
            .await
            .map_err(|e| e.message())?;
        self.clients.refetch();
        Ok(())
    }

    async fn save(self, input: &ChecklistInput) -> Result<(), String> {
        let saved = consult::save_checklist(self.editing.get_untracked(), input)
            .await
            .map_err(|e| e.message())?;
        self.editing.set(Some(saved.id));
        self.version.set(Some(saved.version.number));
        self.content.set(saved.version.content);
        self.status.set(Some((
            true,
            format!("Published version {}", saved.version.number),
        )));
        self.reload.update(|n| *n += 1);
        Ok(())
    }
}
