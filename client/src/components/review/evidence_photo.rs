use crate::api;
use leptos::prelude::*;
use std::collections::HashMap;

/// How the audit view names a photo and which proof-of-visit flags are about it.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoMark {
    /// "Photo 3": the name the flags use.
    pub name: String,
    /// Titles of the flags about this photo.
    pub flags: Vec<&'static str>,
}

/// The marks of an audit's photos by sha256, provided as context by the page showing the
/// audit; thumbnails without it (or not in it) show no name.
#[derive(Debug, Clone, Default)]
pub struct PhotoMarks(pub HashMap<String, PhotoMark>);

/// A photo's thumbnail that opens its display rendition; named, and marked when a flag is
/// about it, where the page provides [`PhotoMarks`].
#[component]
pub fn EvidencePhoto(
    /// sha256 of the photo.
    sha256: String,
    /// What it shows, for screen readers.
    #[prop(into)]
    caption: String,
) -> impl IntoView {
    let mark = use_context::<PhotoMarks>().and_then(|m| m.0.get(&sha256).cloned());
    let flagged = mark.as_ref().is_some_and(|m| !m.flags.is_empty());
    let name = mark.as_ref().map(|m| m.name.clone());
    let alt = match &mark {
        Some(m) => format!("{}: {caption}", m.name),
        None => caption,
    };
    view! {
        <figure class="evidence-photo" class:flagged=flagged data-photo-name=name>
            <a
                class="evidence"
                href=api::photo_display_url(&sha256)
                target="_blank"
                rel="noopener"
                data-sha256=sha256.clone()
            >
                <img class="thumb" src=api::photo_thumb_url(&sha256) alt=alt loading="lazy" />
            </a>
            {mark.map(|m| view! {
                <figcaption>
                    <span class="photo-name">{m.name.clone()}</span>
                    {(!m.flags.is_empty()).then(|| view! {
                        <span class="photo-flag" data-testid="photo-flag">{format!("Flagged: {}", m.flags.join(", "))}</span>
                    })}
                </figcaption>
            })}
        </figure>
    }
}
