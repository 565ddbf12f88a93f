//! Photos: decoded, downscaled on the device (long edge ≈ 2048 px), re-encoded as JPEG and
//! hashed, so the outbox can refer to a photo by sha256 before it is uploaded.

use crate::device::exif;
use sha2::{Digest, Sha256};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

/// Longest edge of a stored photo, in pixels.
pub const LONG_EDGE: u32 = 2048;
const JPEG_QUALITY: f64 = 0.85;

/// A photo ready to store and queue.
#[derive(Debug, Clone)]
pub struct PreparedPhoto {
    /// sha256 of `jpeg`, lowercase hex.
    pub sha256: String,
    /// The downscaled JPEG.
    pub jpeg: Blob,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Size in bytes.
    pub bytes: usize,
}

/// Size that fits `long_edge`, keeping the aspect ratio; never upscales.
pub fn fit(width: u32, height: u32, long_edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= long_edge || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(long_edge) / f64::from(long);
    let w = (f64::from(width) * scale).round().max(1.0);
    let h = (f64::from(height) * scale).round().max(1.0);
    // Both are at most long_edge here.
    (w as u32, h as u32)
}

/// sha256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn js_message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// The bytes of a blob.
pub async fn blob_bytes(blob: &Blob) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(js_message)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A JPEG blob of bytes.
pub fn jpeg_blob(bytes: &[u8]) -> Result<Blob, String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type("image/jpeg");
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(js_message)
}

/// Decodes an image file, downscales it and re-encodes it as JPEG with the original's EXIF.
pub async fn prepare(file: &Blob) -> Result<PreparedPhoto, String> {
    let window = web_sys::window().ok_or("no window")?;
    let original = blob_bytes(file).await?;
    let bitmap: ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob(file)
            .map_err(js_message)?,
    )
    .await
    .map_err(|_| "this file is not a photo the browser can read".to_string())?
    .dyn_into()
    .map_err(js_message)?;
    let (width, height) = fit(bitmap.width(), bitmap.height(), LONG_EDGE);
    let document = window.document().ok_or("no document")?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(js_message)?
        .dyn_into()
        .map_err(|_| "no canvas")?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js_message)?
        .ok_or("no 2d canvas")?
        .dyn_into()
        .map_err(|_| "no 2d canvas")?;
    context.set_image_smoothing_enabled(true);
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            &bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(js_message)?;
    bitmap.close();
    let encoded = canvas_blob(&canvas, "image/jpeg", JPEG_QUALITY).await?;
    // Free the pixels now rather than at the next garbage collection.
    canvas.set_width(0);
    canvas.set_height(0);
    let downscaled = blob_bytes(&encoded).await?;
    let bytes = exif::carry_over(&original, &downscaled);
    Ok(PreparedPhoto {
        sha256: sha256_hex(&bytes),
        jpeg: jpeg_blob(&bytes)?,
        width,
        height,
        bytes: bytes.len(),
    })
}

/// The canvas encoded as `mime` (`image/jpeg` at `quality`, or `image/png`).
pub async fn canvas_blob(
    canvas: &HtmlCanvasElement,
    mime: &'static str,
    quality: f64,
) -> Result<Blob, String> {
    let mut failed = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let on_blob = Closure::once_into_js(move |blob: JsValue| {
            if blob.is_null() {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("encoding failed"));
            } else {
                let _ = resolve.call1(&JsValue::NULL, &blob);
            }
        });
        if let Err(e) = canvas.to_blob_with_type_and_encoder_options(
            on_blob.unchecked_ref(),
            mime,
            &JsValue::from_f64(quality),
        ) {
            failed = Some(js_message(e));
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    JsFuture::from(promise)
        .await
        .map_err(js_message)?
        .dyn_into()
        .map_err(js_message)
}
