use super::answering::Answering;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::answer_types::check_barcode;
use touchstone_shared::audit::AnswerValue;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The browser's `BarcodeDetector` constructor, where it has one.
fn detector_class() -> Option<js_sys::Function> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str("BarcodeDetector"))
        .ok()?
        .dyn_into()
        .ok()
}

/// The first code `BarcodeDetector` finds in an image file.
async fn detect(file: web_sys::File) -> Option<String> {
    let class = detector_class()?;
    let detector = js_sys::Reflect::construct(&class, &js_sys::Array::new()).ok()?;
    let detect: js_sys::Function = js_sys::Reflect::get(&detector, &"detect".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let found = JsFuture::from(js_sys::Promise::from(detect.call1(&detector, &file).ok()?))
        .await
        .ok()?;
    let first = js_sys::Array::from(&found).get(0);
    js_sys::Reflect::get(&first, &"rawValue".into())
        .ok()?
        .as_string()
}

/// A code typed in, or scanned from a photo where the browser reads barcodes; checked
/// against the item's pattern as the server will.
#[component]
pub fn BarcodeField(
    /// The answer.
    at: Answering,
    /// What the code must look like.
    pattern: Option<String>,
) -> impl IntoView {
    let text = RwSignal::new(at.initial_or(String::new(), |v| match v {
        AnswerValue::Barcode(c) => Some(c.clone()),
        _ => None,
    }));
    let problem = RwSignal::new(None::<String>);
    let accept = Callback::new(move |code: String| {
        text.set(code.clone());
        let code = code.trim();
        let checked = check_barcode("code", code, pattern.as_deref());
        problem.set(
            checked
                .as_ref()
                .err()
                .filter(|_| !code.is_empty())
                .map(|e| e.message.clone()),
        );
        match checked {
            Ok(()) => at.set(AnswerValue::Barcode(code.to_owned())),
            Err(_) => at.clear(),
        }
    });
    let scan = move |ev: web_sys::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            return;
        };
        spawn_local(async move {
            match detect(file).await {
                Some(code) => accept.run(code),
                None => problem.set(Some("No code found in the photo; type it in".into())),
            }
        });
    };
    view! {
        <input
            type="text"
            class="field"
            prop:value=move || text.get()
            aria-labelledby=at.label_id()
            disabled=move || at.locked()
            on:input=move |ev| accept.run(event_target_value(&ev))
        />
        {detector_class().is_some().then(|| view! {
            <label class="btn">
                <input type="file" accept="image/*" capture="environment" class="sr-only" on:change=scan />
                "Scan"
            </label>
        })}
        {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
    }
}
