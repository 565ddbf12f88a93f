use crate::components::{ChangedMark, OptionGroup, PhotoStrip, emotion_icon};
use crate::form::form_ctx;
use leptos::prelude::*;
use uuid::Uuid;

const EMOTIONS: [(i8, &str); 5] = [
    (-2, "Very bad"),
    (-1, "Bad"),
    (0, "Neutral"),
    (1, "Good"),
    (2, "Very good"),
];

/// How the touchpoint felt (−2..+2), the pain point noticed, and photos of the
/// touchpoint as a whole.
#[component]
pub fn TouchpointNoteField(
    /// The touchpoint.
    touchpoint_id: Uuid,
) -> impl IntoView {
    let form = form_ctx();
    let draft = form.draft;
    let enabled = form.editable();
    let emotion_id = format!("emotion-{touchpoint_id}");
    let pain_id = format!("pain-{touchpoint_id}");
    let initial_pain = draft.with_untracked(|d| {
        d.note(touchpoint_id)
            .map(|n| n.pain_point.clone())
            .unwrap_or_default()
    });
    let photos = Signal::derive(move || {
        draft.with(|d| {
            d.note(touchpoint_id)
                .map(|n| n.photos.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <fieldset class="note">
            <legend>"How did it feel?"</legend>
            <ChangedMark target=touchpoint_id />
            <p class="help" id=emotion_id.clone()>"The customer\u{2019}s emotion at this touchpoint"</p>
            <OptionGroup
                labelled_by=emotion_id
                options=EMOTIONS.iter().map(|(v, t)| (v.to_string(), (*t).to_owned())).collect()
                selected=Signal::derive(move || {
                    draft.with(|d| d.note(touchpoint_id).and_then(|n| n.emotion).map(|e| e.to_string()))
                })
                on_select=Callback::new(move |k: String| {
                    let chosen = k.parse::<i8>().ok();
                    draft.update(|d| {
                        let current = d.note(touchpoint_id).and_then(|n| n.emotion);
                        // Tapping the chosen face again clears it.
                        d.set_emotion(touchpoint_id, if current == chosen { None } else { chosen });
                    });
                })
                enabled=enabled
                class="emotion"
                icon=emotion_icon
            />
            <label class="field-label" for=pain_id.clone()>"Pain point (optional)"</label>
            <textarea
                id=pain_id
                class="field"
                rows="2"
                placeholder="What got in the customer\u{2019}s way?"
                prop:value=initial_pain
                disabled=move || !enabled.get()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.update(|d| d.set_pain_point(touchpoint_id, text));
                }
            ></textarea>
            <PhotoStrip
                photos=photos
                on_add=Callback::new(move |sha: String| draft.update(|d| d.add_note_photo(touchpoint_id, sha)))
                on_remove=Callback::new(move |sha: String| {
                    draft.update(|d| d.remove_note_photo(touchpoint_id, &sha))
                })
                enabled=enabled
                label="Photo of this touchpoint"
                test_id=format!("photo-input-touchpoint-{touchpoint_id}")
            />
        </fieldset>
    }
}
