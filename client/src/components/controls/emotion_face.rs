use leptos::prelude::*;

/// A face drawn for an emotion (−2..+2): the mouth curves from a frown to a smile. Drawn,
/// not an emoji, so it shows on every device whatever its fonts; the button's text names it.
#[component]
pub fn EmotionFace(
    /// The emotion, −2..+2.
    value: i8,
) -> impl IntoView {
    let v = f32::from(value.clamp(-2, 2));
    // The mouth's ends sit at y 15.5; its middle bends down for a smile, up for a frown.
    let mouth = format!("M7.5 15.5 Q12 {:.1} 16.5 15.5", 15.5 + 2.4 * v);
    view! {
        <svg class="face" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false"
            data-emotion=value.to_string()>
            <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="1.6" />
            <circle cx="8.5" cy="9.5" r="1.3" fill="currentColor" />
            <circle cx="15.5" cy="9.5" r="1.3" fill="currentColor" />
            <path d=mouth fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" />
        </svg>
    }
}

/// The face of an option key (an emotion as text), for [`super::OptionGroup`]'s icons.
pub fn emotion_icon(key: &str) -> AnyView {
    let value = key.parse().unwrap_or(0);
    view! { <EmotionFace value=value /> }.into_any()
}
