use super::answering::Answering;
use crate::components::PhotoThumb;
use crate::device::photo::{blob_bytes, canvas_blob};
use crate::form::form_ctx;
use crate::state::app_state;
use crate::sync;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use touchstone_shared::audit::AnswerValue;
use touchstone_shared::checklist::ItemKind;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, PointerEvent};

fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Where a pointer is on the canvas, in the canvas's own pixels.
fn point(canvas: &web_sys::HtmlCanvasElement, ev: &PointerEvent) -> (f64, f64) {
    let scale = f64::from(canvas.width()) / f64::from(canvas.client_width().max(1));
    (
        f64::from(ev.offset_x()) * scale,
        f64::from(ev.offset_y()) * scale,
    )
}

/// A signature drawn with a finger or a pen, kept as a PNG through the photo queue.
#[component]
pub fn SignatureField(
    /// The answer.
    at: Answering,
    /// The item's kind, for attaching the drawing.
    kind: ItemKind,
) -> impl IntoView {
    let app = app_state();
    let draft = form_ctx().draft;
    let id = at.id;
    let canvas = NodeRef::<Canvas>::new();
    let drawing = RwSignal::new(false);
    let drawn = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let signed =
        Memo::new(move |_| draft.with(|d| d.answer(id).and_then(|a| a.photos.first().cloned())));
    let down = move |ev: PointerEvent| {
        let Some(c) = canvas.get() else { return };
        let _ = c.set_pointer_capture(ev.pointer_id());
        if let Some(ctx) = context(&c) {
            let (x, y) = point(&c, &ev);
            ctx.set_line_width(3.0);
            ctx.set_line_cap("round");
            ctx.begin_path();
            ctx.move_to(x, y);
            drawing.set(true);
        }
    };
    let moved = move |ev: PointerEvent| {
        let Some(c) = canvas.get().filter(|_| drawing.get_untracked()) else {
            return;
        };
        if let Some(ctx) = context(&c) {
            let (x, y) = point(&c, &ev);
            ctx.line_to(x, y);
            ctx.stroke();
            drawn.set(true);
        }
    };
    let clear = move |_| {
        if let Some(c) = canvas.get()
            && let Some(ctx) = context(&c)
        {
            ctx.clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
        }
        drawn.set(false);
    };
    let keep = move |_| {
        let Some(c) = canvas.get() else { return };
        let kind = kind.clone();
        spawn_local(async move {
            let kept = match canvas_blob(&c, "image/png", 1.0).await {
                Ok(blob) => match blob_bytes(&blob).await {
                    Ok(bytes) => sync::queue_image(app, bytes).await,
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            };
            match kept {
                Ok(sha) => draft.update(|d| {
                    d.set_value(id, AnswerValue::Signature);
                    d.add_item_photo(id, &kind, sha);
                }),
                Err(e) => error.set(Some(format!("The signature could not be kept: {e}"))),
            }
        });
    };
    let again = move |_| {
        if let Some(sha) = signed.get_untracked() {
            draft.update(|d| d.remove_item_photo(id, &sha));
        }
        drawn.set(false);
    };
    view! {
        {move || match signed.get() {
            Some(sha) => view! {
                <div class="signature">
                    <PhotoThumb sha256=sha />
                    <button type="button" class="btn" disabled=move || at.locked() on:click=again>
                        "Sign again"
                    </button>
                </div>
            }
            .into_any(),
            None => view! {
                <div class="signature">
                    <canvas
                        node_ref=canvas
                        class="signature-pad"
                        width="600"
                        height="240"
                        aria-label="Sign here"
                        data-testid=format!("signature-{id}")
                        on:pointerdown=down
                        on:pointermove=moved
                        on:pointerup=move |_| drawing.set(false)
                    ></canvas>
                    <button type="button" class="btn" on:click=clear>"Clear"</button>
                    <button
                        type="button"
                        class="btn primary"
                        disabled=move || !drawn.get() || at.locked()
                        on:click=keep.clone()
                    >
                        "Keep signature"
                    </button>
                </div>
            }
            .into_any(),
        }}
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}
