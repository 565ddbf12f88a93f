//! Proof of visit: the flags a reviewer sees next to an audit.
//!
//! [`check_visit`] looks at the check-in (where, how precisely, when, for how long) and at the
//! photos' EXIF time and position and reuse, and returns a [`Flag`] for everything that looks
//! wrong. Flags inform a reviewer; they never reject a submission. Pure functions, no I/O.

use crate::api_type;
use crate::audit::Visit;
use crate::location::{LatLon, Location};
use chrono::{DateTime, Duration, Utc};
use geo::{Distance, Euclidean, Geodesic, Intersects, LineString, Point, Polygon};
use uuid::Uuid;

/// GPS accuracy beyond which a check-in is flagged, in metres.
pub const MAX_ACCURACY_M: f64 = 100.0;

/// Largest Hamming distance between two 64-bit perceptual hashes that still counts as the same
/// picture (re-encoded, resized or lightly cropped).
pub const REUSE_MAX_DISTANCE: u32 = 6;

/// How far a photo's EXIF time may fall outside the visit before it is flagged: camera clocks
/// drift and a shopfront is often shot just before walking in.
pub const PHOTO_TIME_GRACE: Duration = Duration::minutes(5);

/// Mean Earth radius used for the local projection of polygon geofences, in metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// What a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// The audit has no check-in time.
    NoCheckIn,
    /// The check-in has no position (e.g. location permission denied).
    NoPosition,
    /// The check-in position is outside the location's geofence, even allowing for accuracy.
    OutsideGeofence,
    /// The check-in position is less precise than [`MAX_ACCURACY_M`].
    PoorAccuracy,
    /// The check-in is before the assignment's window opened or after it was due.
    OutsideWindow,
    /// The visit is shorter than the checklist's minimum.
    ShortVisit,
    /// A photo's EXIF capture time is outside the visit.
    PhotoTimeOutsideVisit,
    /// A photo's EXIF position is outside the location's geofence.
    PhotoOutsideGeofence,
    /// A photo is the same as, or looks like, a photo of another audit.
    PhotoReused,
    /// A receipt's printed time is outside the visit.
    ReceiptTimeOutsideVisit,
}

impl FlagKind {
    /// The name used on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::NoCheckIn => "no_check_in",
            FlagKind::NoPosition => "no_position",
            FlagKind::OutsideGeofence => "outside_geofence",
            FlagKind::PoorAccuracy => "poor_accuracy",
            FlagKind::OutsideWindow => "outside_window",
            FlagKind::ShortVisit => "short_visit",
            FlagKind::PhotoTimeOutsideVisit => "photo_time_outside_visit",
            FlagKind::PhotoOutsideGeofence => "photo_outside_geofence",
            FlagKind::PhotoReused => "photo_reused",
            FlagKind::ReceiptTimeOutsideVisit => "receipt_time_outside_visit",
        }
    }
}

api_type! {
    /// Something a reviewer should look at before approving an audit.
    pub struct Flag {
        /// What it is about.
        pub kind: FlagKind,
        /// A sentence with the figures, e.g. "412 m from the location, accuracy 35 m, radius 150 m".
        pub message: String,
        /// The figures behind the message, for display and filtering.
        #[serde(default)]
        pub figures: Figures,
    }

    /// The figures behind a flag; which ones are present depends on the flag's kind.
    #[derive(Default)]
    pub struct Figures {
        /// sha256 of the photo the flag is about.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub photo: Option<String>,
        /// Distance from the location (radius geofence) or from the polygon's edge, in metres.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub distance_m: Option<f64>,
        /// Reported accuracy of the position, in metres.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub accuracy_m: Option<f64>,
        /// Geofence radius, in metres (absent for polygon geofences).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub radius_m: Option<f64>,
        /// The limit that was exceeded (accuracy), in metres.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub limit_m: Option<f64>,
        /// The position in question (check-in or photo).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub position: Option<LatLon>,
        /// Why the device gave no position.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub position_error: Option<String>,
        /// The instant in question (check-in or photo capture).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub at: Option<DateTime<Utc>>,
        /// Start of the expected interval (assignment's not-before, or check-in).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub from: Option<DateTime<Utc>>,
        /// End of the expected interval (assignment's due time, or check-out).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub until: Option<DateTime<Utc>>,
        /// Length of the visit, in minutes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub minutes: Option<f64>,
        /// The checklist's minimum visit length, in minutes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub min_minutes: Option<u32>,
        /// The other audit a reused photo appears in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub other_audit_id: Option<Uuid>,
        /// sha256 of the matching photo in the other audit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub other_photo: Option<String>,
        /// Hamming distance between the perceptual hashes (0 for the same file).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub hamming_distance: Option<u32>,
        /// How many other audits have a matching photo.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub matches: Option<u32>,
    }
}

/// A photo of another audit that resembles one of this audit's photos, found by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoMatch {
    /// The other audit.
    pub audit_id: Uuid,
    /// sha256 of the other photo.
    pub sha256: String,
    /// Hamming distance between the two perceptual hashes.
    pub distance: u32,
}

/// What the server knows about one of the audit's photos.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PhotoEvidence {
    /// sha256 of the stored photo.
    pub sha256: String,
    /// EXIF capture time, already resolved to UTC; `None` when the photo has none.
    pub taken_at: Option<DateTime<Utc>>,
    /// EXIF GPS position; `None` when the photo has none.
    pub position: Option<LatLon>,
    /// EXIF GPS horizontal error in metres, when the camera wrote one.
    pub accuracy_m: Option<f64>,
    /// Photos of other audits with the same sha256 or a perceptual hash within
    /// [`REUSE_MAX_DISTANCE`]; candidates further away or of this audit are ignored.
    pub matches: Vec<PhotoMatch>,
}

/// Everything [`check_visit`] looks at.
#[derive(Debug, Clone, Copy)]
pub struct VisitContext<'a> {
    /// The audit being checked (its own photos never count as reuse).
    pub audit_id: Uuid,
    /// The visit as the auditor's phone recorded it.
    pub visit: &'a Visit,
    /// The location visited.
    pub location: &'a Location,
    /// The assignment's window: not before, due.
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// The checklist's minimum visit length.
    pub min_visit_minutes: Option<u32>,
    /// The audit's photos, each once, in [`crate::photo::audit_photos`] order: flags name a
    /// photo by its place in it ("Photo 2").
    pub photos: &'a [PhotoEvidence],
}

/// Computes every proof-of-visit flag for an audit, visit flags first, then photo flags in
/// the order of `ctx.photos`.
pub fn check_visit(ctx: &VisitContext<'_>) -> Vec<Flag> {
    let mut flags = Vec::new();
    check_position(ctx, &mut flags);
    check_times(ctx, &mut flags);
    let mut seen = std::collections::HashSet::new();
    for (n, photo) in ctx.photos.iter().enumerate() {
        if seen.insert(photo.sha256.as_str()) {
            check_photo(ctx, photo, &crate::photo::photo_name(n), &mut flags);
        }
    }
    flags
}

/// Hamming distance between two 64-bit perceptual hashes (stored as `i64` in databases).
pub fn hamming_distance(a: i64, b: i64) -> u32 {
    (a ^ b).count_ones()
}

/// Whether two perceptual hashes are close enough to be the same picture.
pub fn is_reuse(a: i64, b: i64) -> bool {
    hamming_distance(a, b) <= REUSE_MAX_DISTANCE
}

/// Bits of the hash per band in [`hash_bands`] (the last band takes the remaining 10).
const BAND_BITS: u32 = 9;
/// Bands a hash is cut into: one more than [`REUSE_MAX_DISTANCE`].
pub const HASH_BANDS: usize = REUSE_MAX_DISTANCE as usize + 1;

/// A perceptual hash cut into [`HASH_BANDS`] bands, each tagged with its number
/// (`band << 10 | bits`). Two hashes that [`is_reuse`] agree on at least one band: six
/// differing bits cannot touch all seven (the pigeonhole principle), so candidates for reuse
/// are found by equal bands in an index instead of by comparing with every photo. The
/// migration `0019_photo_hash_bands.sql` computes the same keys in SQL for the photos it
/// finds: keep the two in step.
pub fn hash_bands(phash: i64) -> [i64; HASH_BANDS] {
    let bits = phash as u64;
    std::array::from_fn(|band| {
        let shift = BAND_BITS * band as u32;
        let width = if band + 1 == HASH_BANDS {
            64 - shift
        } else {
            BAND_BITS
        };
        let chunk = (bits >> shift) & ((1u64 << width) - 1);
        ((band as i64) << 10) | chunk as i64
    })
}

/// Where a position lies with respect to a geofence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fence {
    /// Within `distance_m` of the centre, for a radius geofence.
    Radius {
        /// Geodesic distance from the location's position, in metres.
        distance_m: f64,
        /// The geofence radius, in metres.
        radius_m: f64,
    },
    /// Relative to a polygon geofence.
    Polygon {
        /// Distance to the polygon (0 inside or on the boundary), in metres.
        distance_m: f64,
    },
}

impl Fence {
    /// How far outside the geofence the position is, in metres (0 or less when inside).
    pub fn excess_m(&self) -> f64 {
        match *self {
            Fence::Radius {
                distance_m,
                radius_m,
            } => distance_m - radius_m,
            Fence::Polygon { distance_m } => distance_m,
        }
    }

    /// Whether the position is outside the geofence even if the true position were
    /// `accuracy_m` closer.
    pub fn is_outside(&self, accuracy_m: f64) -> bool {
        self.excess_m() - accuracy_m > 0.0
    }
}

/// Where a check-in was, in one sentence with its figures: "412 m from the location,
/// accuracy 35 m, radius 150 m". The geofence flag and the audit view both say it this way,
/// so a reviewer reads one distance.
pub fn check_in_distance(fence: &Fence, accuracy_m: Option<f64>) -> String {
    let acc_text = match accuracy(accuracy_m) {
        Some(a) => format!("accuracy {}", metres(a)),
        None => "accuracy unknown".to_owned(),
    };
    match *fence {
        Fence::Radius {
            distance_m,
            radius_m,
        } => format!(
            "{} from the location, {acc_text}, radius {}",
            metres(distance_m),
            metres(radius_m)
        ),
        Fence::Polygon { distance_m } if distance_m > 0.0 => format!(
            "{} outside the location's boundary, {acc_text}",
            metres(distance_m)
        ),
        Fence::Polygon { .. } => format!("inside the location's boundary, {acc_text}"),
    }
}

/// Measures `position` against the location's geofence: the polygon when there is a usable
/// one (holes honoured), otherwise the radius around the location's position.
pub fn measure_fence(location: &Location, position: LatLon) -> Fence {
    if let Some(polygon) = location
        .polygon
        .as_deref()
        .and_then(|r| local_polygon(r, position))
    {
        let origin = Point::new(0.0, 0.0);
        let distance_m = if polygon.intersects(&origin) {
            0.0
        } else {
            Euclidean.distance(&origin, &polygon)
        };
        return Fence::Polygon { distance_m };
    }
    Fence::Radius {
        distance_m: distance_m(location.position, position),
        radius_m: location.radius_m,
    }
}

/// Geodesic distance in metres between two positions.
pub fn distance_m(a: LatLon, b: LatLon) -> f64 {
    Geodesic.distance(to_point(a), to_point(b))
}

fn to_point(p: LatLon) -> Point<f64> {
    geo::point!(x: p.lon, y: p.lat)
}

/// Projects the rings into a local equirectangular frame in metres centred on `origin`.
/// Longitude differences are wrapped to ±180°, so a fence across the antimeridian stays in one
/// piece; over the size of a geofence the projection's error is negligible.
fn local_polygon(rings: &[Vec<LatLon>], origin: LatLon) -> Option<Polygon<f64>> {
    let cos_lat = origin.lat.to_radians().cos();
    let project = |p: &LatLon| {
        let mut dlon = p.lon - origin.lon;
        dlon = (dlon + 180.0).rem_euclid(360.0) - 180.0;
        (
            EARTH_RADIUS_M * dlon.to_radians() * cos_lat,
            EARTH_RADIUS_M * (p.lat - origin.lat).to_radians(),
        )
    };
    let mut rings = rings
        .iter()
        .filter(|r| r.len() >= 3)
        .map(|r| LineString::from(r.iter().map(project).collect::<Vec<_>>()));
    let exterior = rings.next()?;
    Some(Polygon::new(exterior, rings.collect()))
}

/// A usable accuracy figure: finite and non-negative.
fn accuracy(a: Option<f64>) -> Option<f64> {
    a.filter(|a| a.is_finite() && *a >= 0.0)
}

fn check_position(ctx: &VisitContext<'_>, flags: &mut Vec<Flag>) {
    let visit = ctx.visit;
    let Some(position) = visit.position else {
        let reason = visit
            .position_error
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let message = match reason {
            Some(r) => format!("No position at check-in; the auditor's phone said: {r}"),
            None => "No position at check-in, and no reason given".to_owned(),
        };
        flags.push(Flag {
            kind: FlagKind::NoPosition,
            message,
            figures: Figures {
                position_error: reason.map(str::to_owned),
                ..Figures::default()
            },
        });
        return;
    };
    let acc = accuracy(visit.accuracy_m);
    let fence = measure_fence(ctx.location, position);
    if fence.is_outside(acc.unwrap_or(0.0)) {
        let message = format!("Checked in {}", check_in_distance(&fence, acc));
        let figures = match fence {
            Fence::Radius {
                distance_m,
                radius_m,
            } => Figures {
                distance_m: Some(distance_m),
                radius_m: Some(radius_m),
                ..Figures::default()
            },
            Fence::Polygon { distance_m } => Figures {
                distance_m: Some(distance_m),
                ..Figures::default()
            },
        };
        flags.push(Flag {
            kind: FlagKind::OutsideGeofence,
            message,
            figures: Figures {
                accuracy_m: acc,
                position: Some(position),
                ..figures
            },
        });
    }
    if let Some(a) = acc
        && a > MAX_ACCURACY_M
    {
        flags.push(Flag {
            kind: FlagKind::PoorAccuracy,
            message: format!(
                "GPS accuracy at check-in was {}, worse than {}",
                metres(a),
                metres(MAX_ACCURACY_M)
            ),
            figures: Figures {
                accuracy_m: Some(a),
                limit_m: Some(MAX_ACCURACY_M),
                position: Some(position),
                ..Figures::default()
            },
        });
    }
}

fn check_times(ctx: &VisitContext<'_>, flags: &mut Vec<Flag>) {
    let visit = ctx.visit;
    let Some(check_in) = visit.check_in_at else {
        flags.push(Flag {
            kind: FlagKind::NoCheckIn,
            message: "The audit has no check-in time".to_owned(),
            figures: Figures::default(),
        });
        return;
    };
    // The check-in decides: a visit started inside the window that runs past the due time by
    // a few minutes is not suspicious.
    if let Some((not_before, due)) = ctx.window {
        let message = if check_in < not_before {
            Some(format!(
                "Checked in {} before the assignment window opened ({})",
                age(not_before - check_in),
                stamp(not_before)
            ))
        } else if check_in > due {
            Some(format!(
                "Checked in {} after the assignment was due ({})",
                age(check_in - due),
                stamp(due)
            ))
        } else {
            None
        };
        if let Some(message) = message {
            flags.push(Flag {
                kind: FlagKind::OutsideWindow,
                message,
                figures: Figures {
                    at: Some(check_in),
                    from: Some(not_before),
                    until: Some(due),
                    ..Figures::default()
                },
            });
        }
    }
    if let (Some(min), Some(check_out)) = (ctx.min_visit_minutes, visit.check_out_at) {
        let length = check_out - check_in;
        if length < Duration::minutes(i64::from(min)) {
            let minutes = length.num_seconds() as f64 / 60.0;
            flags.push(Flag {
                kind: FlagKind::ShortVisit,
                message: format!(
                    "The visit lasted {}; the checklist expects at least {min} min",
                    duration(length)
                ),
                figures: Figures {
                    minutes: Some(minutes),
                    min_minutes: Some(min),
                    from: Some(check_in),
                    until: Some(check_out),
                    ..Figures::default()
                },
            });
        }
    }
}

/// Where an instant lies outside a visit, by more than a grace.
enum Outside {
    /// So long before the check-in.
    Before(Duration),
    /// So long after the check-out.
    After(Duration),
}

/// Whether `at` falls more than `grace` before the check-in or after the check-out.
fn outside_visit(visit: &Visit, at: DateTime<Utc>, grace: Duration) -> Option<Outside> {
    let check_in = visit.check_in_at?;
    let check_out = visit.check_out_at.filter(|o| *o >= check_in);
    let early = check_in - at;
    let late = check_out.map(|o| at - o).filter(|l| *l > grace);
    if early > grace {
        Some(Outside::Before(early))
    } else {
        late.map(Outside::After)
    }
}

/// How `what` ("Photo 2 was taken", "The receipt was issued") lies outside the visit.
fn outside_message(what: &str, outside: &Outside, at: DateTime<Utc>) -> String {
    match outside {
        Outside::Before(d) => format!("{what} {} before check-in ({})", age(*d), stamp(at)),
        Outside::After(d) => format!("{what} {} after check-out ({})", age(*d), stamp(at)),
    }
}

/// How long a receipt's printed time may fall outside the visit before it is flagged: tills'
/// clocks drift too, and one may pay just before leaving.
pub const RECEIPT_TIME_GRACE: Duration = Duration::minutes(10);

/// A flag for each receipt (its item's label, its printed time) issued outside the visit.
pub fn check_receipts(visit: &Visit, receipts: &[(String, DateTime<Utc>)]) -> Vec<Flag> {
    receipts
        .iter()
        .filter_map(|(label, at)| {
            let outside = outside_visit(visit, *at, RECEIPT_TIME_GRACE)?;
            let what = format!("The receipt of \u{201c}{label}\u{201d} was issued");
            Some(Flag {
                kind: FlagKind::ReceiptTimeOutsideVisit,
                message: outside_message(&what, &outside, *at),
                figures: Figures {
                    at: Some(*at),
                    from: visit.check_in_at,
                    until: visit.check_out_at,
                    ..Figures::default()
                },
            })
        })
        .collect()
}

fn check_photo(ctx: &VisitContext<'_>, photo: &PhotoEvidence, name: &str, flags: &mut Vec<Flag>) {
    if let (Some(taken), Some(check_in)) = (photo.taken_at, ctx.visit.check_in_at) {
        let check_out = ctx.visit.check_out_at.filter(|o| *o >= check_in);
        let message = outside_visit(ctx.visit, taken, PHOTO_TIME_GRACE)
            .map(|o| outside_message(&format!("{name} was taken"), &o, taken));
        if let Some(message) = message {
            flags.push(Flag {
                kind: FlagKind::PhotoTimeOutsideVisit,
                message,
                figures: Figures {
                    photo: Some(photo.sha256.clone()),
                    at: Some(taken),
                    from: Some(check_in),
                    until: check_out,
                    ..Figures::default()
                },
            });
        }
    }
    if let Some(position) = photo.position {
        let acc = accuracy(photo.accuracy_m);
        let fence = measure_fence(ctx.location, position);
        if fence.is_outside(acc.unwrap_or(0.0)) {
            let (message, distance_m, radius_m) = match fence {
                Fence::Radius {
                    distance_m,
                    radius_m,
                } => (
                    format!(
                        "{name} was taken {} from the location (radius {})",
                        metres(distance_m),
                        metres(radius_m)
                    ),
                    distance_m,
                    Some(radius_m),
                ),
                Fence::Polygon { distance_m } => (
                    format!(
                        "{name} was taken {} outside the location's boundary",
                        metres(distance_m)
                    ),
                    distance_m,
                    None,
                ),
            };
            flags.push(Flag {
                kind: FlagKind::PhotoOutsideGeofence,
                message,
                figures: Figures {
                    photo: Some(photo.sha256.clone()),
                    distance_m: Some(distance_m),
                    radius_m,
                    accuracy_m: acc,
                    position: Some(position),
                    ..Figures::default()
                },
            });
        }
    }
    check_reuse(ctx, photo, name, flags);
}

fn check_reuse(ctx: &VisitContext<'_>, photo: &PhotoEvidence, name: &str, flags: &mut Vec<Flag>) {
    let mut matches: Vec<&PhotoMatch> = photo
        .matches
        .iter()
        .filter(|m| m.audit_id != ctx.audit_id)
        .filter(|m| m.sha256 == photo.sha256 || m.distance <= REUSE_MAX_DISTANCE)
        .collect();
    if matches.is_empty() {
        return;
    }
    let distance = |m: &PhotoMatch| {
        if m.sha256 == photo.sha256 {
            0
        } else {
            m.distance
        }
    };
    // Closest first; identical files before look-alikes; then a stable order by audit.
    matches.sort_by_key(|m| (distance(m), m.sha256 != photo.sha256, m.audit_id));
    let mut audits: Vec<Uuid> = matches.iter().map(|m| m.audit_id).collect();
    audits.sort_unstable();
    audits.dedup();
    let best = matches[0];
    let best_distance = distance(best);
    let mut message = if best.sha256 == photo.sha256 {
        format!("{name} is the same file as a photo of another audit")
    } else {
        format!("{name} looks like a photo of another audit (hash distance {best_distance} of 64)")
    };
    if audits.len() > 1 {
        message.push_str(&format!(
            "; it matches photos in {} other audits",
            audits.len()
        ));
    }
    flags.push(Flag {
        kind: FlagKind::PhotoReused,
        message,
        figures: Figures {
            photo: Some(photo.sha256.clone()),
            other_audit_id: Some(best.audit_id),
            other_photo: Some(best.sha256.clone()),
            hamming_distance: Some(best_distance),
            matches: Some(u32::try_from(audits.len()).unwrap_or(u32::MAX)),
            ..Figures::default()
        },
    });
}

/// "412 m" below a kilometre, "2.3 km" above.
fn metres(m: f64) -> String {
    if m.abs() < 999.5 {
        format!("{} m", m.round())
    } else if m.abs() < 99_950.0 {
        format!("{:.1} km", m / 1000.0)
    } else {
        format!("{} km", (m / 1000.0).round())
    }
}

/// "45 s", "12 min", "2 h 5 min", "3 d 4 h".
fn duration(d: Duration) -> String {
    let s = d.num_seconds().abs();
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

/// How long before or after: [`duration`] up to 60 days, then months, then (from two years)
/// years: "17 years", not "6616 d".
pub fn age(d: Duration) -> String {
    let days = d.num_days().abs();
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match days {
        0..60 => duration(d),
        // Rounded months; whole years from two full years (730.5 days) on.
        60..731 => plural((days * 12 + 182) / 365, "month"),
        _ => plural(days * 100 / 36_525, "year"),
    }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
