use crate::components::PhotoThumb;
use crate::state::{AppState, app_state};
use crate::{api, sync};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// Thumbnails of attached photos and a camera button. A captured photo is downscaled, kept
/// on the device and queued for upload before it is attached (or, with `upload_now`, sent at
/// once and attached when the server has it).
#[component]
pub fn PhotoStrip(
    /// sha256 of the attached photos.
    #[prop(into)]
    photos: Signal<Vec<String>>,
    /// Attach a kept photo.
    on_add: Callback<String>,
    /// Detach a photo.
    on_remove: Callback<String>,
    /// Whether photos can be added or removed.
    #[prop(into)]
    enabled: Signal<bool>,
    /// Text of the camera button, e.g. "Add photo".
    #[prop(into)]
    label: String,
    /// `data-testid` of the file input.
    #[prop(optional, into)]
    test_id: String,
    /// Upload at once instead of through the outbox: for online pages whose next request
    /// refers to the photo (a corrective action's fix).
    #[prop(optional)]
    upload_now: bool,
) -> impl IntoView {
    let app = app_state();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_change = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        // Lets the same file be picked again.
        input.set_value("");
        if files.is_empty() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            for file in files {
                match keep(app, &file, upload_now).await {
                    Ok(sha) => on_add.run(sha),
                    Err(e) => error.set(Some(format!("The photo could not be kept: {e}"))),
                }
            }
            busy.set(false);
        });
    };
    view! {
        <div class="photos">
            <ul class="thumbs">
                <For each=move || photos.get() key=|sha| sha.clone() let:sha>
                    <li>
                        <PhotoThumb sha256=sha.clone() />
                        <Show when=move || enabled.get()>
                            <button
                                type="button"
                                class="thumb-remove"
                                aria-label="Remove photo"
                                on:click={
                                    let sha = sha.clone();
                                    move |_| on_remove.run(sha.clone())
                                }
                            >
                                "\u{d7}"
                            </button>
                        </Show>
                    </li>
                </For>
            </ul>
            <Show when=move || enabled.get()>
                <label class="btn photo-btn" class:busy=move || busy.get()>
                    <input
                        type="file"
                        accept="image/*"
                        capture="environment"
                        class="sr-only"
                        data-testid=test_id.clone()
                        on:change=on_change
                        disabled=move || busy.get()
                    />
                    <svg class="icon" aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
                        <path
                            fill="currentColor"
                            d="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z"
                        ></path>
                    </svg>
                    {
                        let label = label.clone();
                        move || if busy.get() { "Saving photo\u{2026}".to_owned() } else { label.clone() }
                    }
                </label>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

/// Keeps a captured photo: queued on the device, or uploaded at once; returns its sha256.
async fn keep(app: AppState, file: &web_sys::Blob, upload_now: bool) -> Result<String, String> {
    if !upload_now {
        return sync::queue_photo(app, file).await;
    }
    let photo = crate::device::photo::prepare(file).await?;
    api::upload_photo(&photo.jpeg)
        .await
        .map_err(|e| e.message())?;
    Ok(photo.sha256)
}
