use crate::api;
use leptos::prelude::*;

/// A photo's thumbnail that opens its display rendition.
#[component]
pub fn EvidencePhoto(
    /// sha256 of the photo.
    sha256: String,
    /// What it shows, for screen readers.
    #[prop(into)]
    caption: String,
) -> impl IntoView {
    view! {
        <a
            class="evidence"
            href=api::photo_display_url(&sha256)
            target="_blank"
            rel="noopener"
            data-sha256=sha256.clone()
        >
            <img class="thumb" src=api::photo_thumb_url(&sha256) alt=caption loading="lazy" />
        </a>
    }
}
