use leptos::prelude::*;
use touchstone_shared::checklist::ChecklistContent;

/// Settings of the whole checklist: its name, whether a critical failure fails the audit,
/// the shortest plausible visit, and the client's pass mark.
#[component]
pub fn ChecklistSettings(
    /// The checklist being edited.
    content: RwSignal<ChecklistContent>,
    /// The client's pass mark in percent (a setting of the client, saved with it).
    pass_mark: RwSignal<f64>,
) -> impl IntoView {
    view! {
        <fieldset class="settings" data-testid="checklist-settings">
            <legend>"Checklist settings"</legend>
            <label class="field-label" for="checklist-name">"Name"</label>
            <input
                id="checklist-name"
                class="field"
                prop:value=move || content.with(|c| c.name.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    content.update(|c| c.name = text);
                }
            />
            <label class="switch" for="critical-fails-audit">
                <input
                    id="critical-fails-audit"
                    type="checkbox"
                    prop:checked=move || content.with(|c| c.critical_fails_audit)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        content.update(|c| c.critical_fails_audit = on);
                    }
                />
                "A critical failure scores the whole audit 0"
            </label>
            <label class="field-label" for="min-visit">"Shortest plausible visit (minutes)"</label>
            <input
                id="min-visit"
                class="field narrow-number"
                type="number"
                min="0"
                max="1440"
                prop:value=move || content.with(|c| c.min_visit_minutes.map(|m| m.to_string()).unwrap_or_default())
                on:change=move |ev| {
                    let minutes = event_target_value(&ev).trim().parse::<u32>().ok();
                    content.update(|c| c.min_visit_minutes = minutes);
                }
            />
            <label class="field-label" for="pass-mark">"Pass mark of the client (%)"</label>
            <input
                id="pass-mark"
                class="field narrow-number"
                type="number"
                min="0"
                max="100"
                step="any"
                prop:value=move || pass_mark.get().to_string()
                on:change=move |ev| {
                    if let Some(v) = crate::editor::checklist::parse_number(&event_target_value(&ev)) {
                        pass_mark.set(v);
                    }
                }
            />
        </fieldset>
    }
}
