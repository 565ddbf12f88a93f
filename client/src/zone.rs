//! The organisation's time zone in the browser: picked days start at midnight there, and
//! pages show times in it. The zone's rules come from the browser's `Intl` (the IANA list is
//! not shipped in the bundle); until the signed-in user is known, the device's zone is used.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, Offset, TimeDelta, Utc};
use js_sys::{Array, Intl, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The zone's name and a formatter giving its wall-clock fields.
    static ZONE: RefCell<Option<(String, Intl::DateTimeFormat)>> = const { RefCell::new(None) };
}

/// Uses the organisation's zone `name` from now on (an unknown name keeps the device's).
pub fn set(name: &str) {
    let formatter = formatter(name);
    ZONE.with(|z| *z.borrow_mut() = formatter.map(|f| (name.to_owned(), f)));
}

/// The zone's name, as pages show it: the organisation's, or the device's until it is known.
pub fn name() -> String {
    ZONE.with(|z| z.borrow().as_ref().map(|(n, _)| n.clone()))
        .or_else(device_zone)
        .unwrap_or_else(|| "the device's time zone".into())
}

/// The zone the browser runs in, e.g. `Europe/London`: the default for a new organisation.
pub fn device_zone() -> Option<String> {
    let options = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into()).ok()?.as_string()
}

fn formatter(name: &str) -> Option<Intl::DateTimeFormat> {
    let options = Object::new();
    let set = |k: &str, v: &str| Reflect::set(&options, &k.into(), &v.into()).is_ok();
    let ok = set("timeZone", name)
        && set("hourCycle", "h23")
        && ["year", "month", "day", "hour", "minute", "second"]
            .iter()
            .all(|k| set(k, "numeric"));
    if !ok {
        return None;
    }
    // An unknown zone makes the constructor throw: construct it through `Reflect`, which
    // turns the exception into an error.
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: js_sys::Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args = Array::of2(&Array::of1(&"en-GB".into()), &options);
    Reflect::construct(&ctor, &args)
        .ok()
        .map(JsCast::unchecked_into)
}

/// The offset from UTC, in seconds, of the zone at `at`.
pub fn offset(at: DateTime<Utc>) -> i32 {
    let wall = ZONE.with(|z| z.borrow().as_ref().and_then(|(_, f)| wall_clock(f, at)));
    match wall {
        Some(local) => i32::try_from((local - at.naive_utc()).num_seconds()).unwrap_or(0),
        None => at.with_timezone(&Local).offset().fix().local_minus_utc(),
    }
}

fn wall_clock(f: &Intl::DateTimeFormat, at: DateTime<Utc>) -> Option<NaiveDateTime> {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let mut fields = [0i64; 6];
    for part in f.format_to_parts(&date).iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let i = ["year", "month", "day", "hour", "minute", "second"]
            .iter()
            .position(|k| *k == kind);
        if let Some(i) = i {
            let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
            fields[i] = value.parse().ok()?;
        }
    }
    let [y, mo, d, h, mi, s] = fields;
    let day = NaiveDate::from_ymd_opt(
        i32::try_from(y).ok()?,
        u32::try_from(mo).ok()?,
        u32::try_from(d).ok()?,
    )?;
    day.and_hms_opt(
        u32::try_from(h).ok()?,
        u32::try_from(mi).ok()?,
        u32::try_from(s).ok()?,
    )
}

/// `at` as the zone's wall clock.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + TimeDelta::seconds(i64::from(offset(at)))
}

/// Today in the zone, `days` later (or earlier), as `<input type=date>` writes it.
pub fn day(days: i64) -> String {
    input_day((local(Utc::now()) + TimeDelta::days(days)).date())
}

/// The day `at` falls on in the zone, as `<input type=date>` writes it.
pub fn day_of(at: DateTime<Utc>) -> String {
    input_day(local(at).date())
}

fn input_day(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}
