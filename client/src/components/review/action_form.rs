use crate::api;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::action::ActionInput;
use touchstone_shared::user::User;
use uuid::Uuid;

/// Opens a corrective action on a failed item of an approved audit: assignee among the
/// client's managers, due date, note.
#[component]
pub fn ActionForm(
    /// The approved audit.
    audit_id: Uuid,
    /// The failed item.
    item_id: Uuid,
    /// Managers of the audit's client.
    managers: Vec<User>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let assignee = RwSignal::new(
        managers
            .first()
            .map(|m| m.id.to_string())
            .unwrap_or_default(),
    );
    // Two weeks from today, in the organisation's zone.
    let due = RwSignal::new(crate::zone::day(14));
    let note = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let prefix = format!("act-{item_id}");
    let (assignee_id, due_id, note_id) = (
        format!("{prefix}-assignee"),
        format!("{prefix}-due"),
        format!("{prefix}-note"),
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(assignee_id) = assignee.get_untracked().parse::<Uuid>() else {
            status.set(Some(Err("Pick who must act.".into())));
            return;
        };
        let Some(due_at) = NaiveDate::parse_from_str(&due.get_untracked(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(23, 59, 0))
            .map(|d| d.and_utc())
        else {
            status.set(Some(Err("Give a due date.".into())));
            return;
        };
        let input = ActionInput {
            audit_id,
            item_id,
            assignee_id,
            due: due_at,
            note: note.get_untracked().trim().to_owned(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::create_action(&input).await {
                Ok(_) => {
                    status.set(Some(Ok("Corrective action opened.".into())));
                    open.set(false);
                }
                Err(e) => status.set(Some(Err(e.message()))),
            }
            busy.set(false);
        });
    };

    let options = managers
        .into_iter()
        .map(|m| view! { <option value=m.id.to_string()>{m.name}</option> })
        .collect_view();
    view! {
        <div class="action-open">
            <button
                type="button"
                class="btn subtle"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Open corrective action"
            </button>
            {move || status.get().map(|s| match s {
                Ok(m) => view! { <p class="notice" role="status">{m}</p> }.into_any(),
                Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            })}
            <form class="action-form" on:submit=submit hidden=move || !open.get()>
                <label class="field-label" for=assignee_id.clone()>"Assignee"</label>
                <select id=assignee_id class="field" on:change=move |ev| assignee.set(event_target_value(&ev))>
                    {options}
                </select>
                <label class="field-label" for=due_id.clone()>"Due date"</label>
                <input id=due_id class="field" type="date" required=true
                    prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                <label class="field-label" for=note_id.clone()>"What to do"</label>
                <textarea id=note_id class="field" required=true rows="3"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <button type="submit" class="btn primary" disabled=move || busy.get()>"Open action"</button>
            </form>
        </div>
    }
}
