//! One position fix from the browser's Geolocation API.

use chrono::{DateTime, Utc};
use touchstone_shared::location::LatLon;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::PositionOptions;

/// A position fix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    /// Where.
    pub position: LatLon,
    /// Radius of uncertainty in metres.
    pub accuracy_m: f64,
    /// When the fix was taken.
    pub at: DateTime<Utc>,
}

/// Why no position could be had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoError {
    /// The auditor or the browser refused location access.
    Denied,
    /// The device could not work out where it is.
    Unavailable,
    /// No fix in time.
    Timeout,
    /// The browser has no Geolocation API (or not over plain http).
    Unsupported,
}

impl GeoError {
    /// Short reason stored with the visit (`Visit::position_error`) for the reviewer.
    pub fn reason(self) -> &'static str {
        match self {
            GeoError::Denied => "location permission denied",
            GeoError::Unavailable => "position unavailable",
            GeoError::Timeout => "no position fix in time",
            GeoError::Unsupported => "geolocation not supported by the browser",
        }
    }

    /// What the auditor should know and can do.
    pub fn advice(self) -> &'static str {
        match self {
            GeoError::Denied => {
                "Location access is blocked for this app. You can still do the audit: the \
                 reviewer will see that no position was recorded. To record it, allow \
                 location for this site in your browser settings, then tap \u{201c}Try again\u{201d}."
            }
            GeoError::Unavailable => {
                "Your phone could not find its position (no GPS signal?). You can still do \
                 the audit; step outside or near a window and tap \u{201c}Try again\u{201d}."
            }
            GeoError::Timeout => {
                "Finding your position took too long. You can still do the audit; tap \
                 \u{201c}Try again\u{201d} to retry."
            }
            GeoError::Unsupported => {
                "This browser cannot share its position. You can still do the audit; the \
                 reviewer will see that no position was recorded."
            }
        }
    }
}

/// Gives up waiting for the browser even if it never answers (a permission prompt left
/// open, some headless browsers).
const HARD_TIMEOUT_MS: i32 = 30_000;

/// Asks the browser for one high-accuracy fix.
pub async fn current_position() -> Result<Fix, GeoError> {
    let window = web_sys::window().ok_or(GeoError::Unsupported)?;
    let geolocation = window
        .navigator()
        .geolocation()
        .map_err(|_| GeoError::Unsupported)?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let options = PositionOptions::new();
        options.set_enable_high_accuracy(true);
        options.set_timeout(20_000);
        options.set_maximum_age(30_000);
        let reject_later = reject.clone();
        let on_ok = Closure::once_into_js(move |p: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &p);
        });
        let on_err = Closure::once_into_js(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        let started = geolocation.get_current_position_with_error_callback_and_options(
            on_ok.unchecked_ref(),
            Some(on_err.unchecked_ref()),
            &options,
        );
        if started.is_err() {
            let _ = reject_later.call1(&JsValue::NULL, &JsValue::from_str("unsupported"));
            return;
        }
        let give_up = Closure::once_into_js(move || {
            let _ = reject_later.call1(&JsValue::NULL, &JsValue::from_str("timeout"));
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                give_up.unchecked_ref(),
                HARD_TIMEOUT_MS,
            );
        }
    });
    // Read through properties: the stable web-sys bindings name the classes `Position` and
    // `PositionError`, which browsers no longer expose, so `instanceof` checks would fail.
    match JsFuture::from(promise).await {
        Ok(position) => {
            let coords = get(&position, "coords");
            let number = |name: &str| get(&coords, name).as_f64();
            match (number("latitude"), number("longitude"), number("accuracy")) {
                (Some(lat), Some(lon), Some(accuracy_m)) => Ok(Fix {
                    position: LatLon { lat, lon },
                    accuracy_m,
                    at: Utc::now(),
                }),
                _ => Err(GeoError::Unavailable),
            }
        }
        Err(error) => Err(match get(&error, "code").as_f64() {
            // GeolocationPositionError: 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT.
            Some(1.0) => GeoError::Denied,
            Some(2.0) => GeoError::Unavailable,
            Some(3.0) => GeoError::Timeout,
            _ if error.as_string().as_deref() == Some("unsupported") => GeoError::Unsupported,
            _ => GeoError::Timeout,
        }),
    }
}

fn get(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}
