use super::*;
use chrono::TimeZone;
use geo::Destination;

const SHA_A: &str = "aaaaaaaa00000000000000000000000000000000000000000000000000000000";
const SHA_B: &str = "bbbbbbbb00000000000000000000000000000000000000000000000000000000";
const SHA_C: &str = "cccccccc00000000000000000000000000000000000000000000000000000000";

/// A position from its latitude and longitude.
fn at(lat: f64, lon: f64) -> LatLon {
    LatLon { lat, lon }
}

fn store() -> LatLon {
    at(38.7223, -9.1393)
}

fn location(position: LatLon) -> Location {
    Location {
        id: Uuid::now_v7(),
        client_id: Uuid::now_v7(),
        code: "LX01".into(),
        name: "Lisbon Baixa".into(),
        address: String::new(),
        region: "Lisbon".into(),
        position,
        radius_m: 150.0,
        polygon: None,
        time_zone: "Europe/Lisbon".into(),
        created_at: t(0),
    }
}

/// 2026-03-14 10:00 UTC plus `minutes`.
fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 14, 10, 0, 0)
        .single()
        .expect("valid time")
        + Duration::minutes(minutes)
}

/// The point `metres` from `from` on the given bearing (degrees from north).
fn offset(from: LatLon, bearing: f64, metres: f64) -> LatLon {
    let p = Geodesic.destination(to_point(from), bearing, metres);
    LatLon {
        lat: p.y(),
        lon: p.x(),
    }
}

/// A good visit: at the store, 10 m accuracy, 10:00–10:30.
fn visit() -> Visit {
    Visit {
        check_in_at: Some(t(0)),
        check_out_at: Some(t(30)),
        position: Some(store()),
        accuracy_m: Some(10.0),
        position_error: None,
    }
}

struct Case {
    audit_id: Uuid,
    visit: Visit,
    location: Location,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    min_visit_minutes: Option<u32>,
    photos: Vec<PhotoEvidence>,
}

impl Case {
    fn new() -> Case {
        Case {
            audit_id: Uuid::now_v7(),
            visit: visit(),
            location: location(store()),
            window: Some((t(-60), t(8 * 60))),
            min_visit_minutes: Some(15),
            photos: Vec::new(),
        }
    }

    fn flags(&self) -> Vec<Flag> {
        check_visit(&VisitContext {
            audit_id: self.audit_id,
            visit: &self.visit,
            location: &self.location,
            window: self.window,
            min_visit_minutes: self.min_visit_minutes,
            photos: &self.photos,
        })
    }

    fn kinds(&self) -> Vec<FlagKind> {
        self.flags().iter().map(|f| f.kind).collect()
    }

    fn only(&self, kind: FlagKind) -> Flag {
        let flags = self.flags();
        assert_eq!(
            flags.iter().map(|f| f.kind).collect::<Vec<_>>(),
            vec![kind],
            "{flags:#?}"
        );
        flags.into_iter().next().expect("one flag")
    }

    /// How far outside the fence the only flag, an outside-geofence one, says the visit was.
    fn outside_by(&self) -> f64 {
        let flag = self.only(FlagKind::OutsideGeofence);
        flag.figures.distance_m.expect("distance")
    }
}

fn photo(sha: &str) -> PhotoEvidence {
    PhotoEvidence {
        sha256: sha.into(),
        ..PhotoEvidence::default()
    }
}

/// A square of `half` metres around `centre`, as a ring.
/// A photo taken at [`t`]`(minutes)`.
fn taken(sha: &str, minutes: i64) -> PhotoEvidence {
    PhotoEvidence {
        taken_at: Some(t(minutes)),
        ..photo(sha)
    }
}

/// A photo taken at `position`.
fn placed(sha: &str, position: LatLon) -> PhotoEvidence {
    PhotoEvidence {
        position: Some(position),
        ..photo(sha)
    }
}

fn square(centre: LatLon, half: f64) -> Vec<LatLon> {
    let n = offset(centre, 0.0, half).lat;
    let s = offset(centre, 180.0, half).lat;
    let e = offset(centre, 90.0, half).lon;
    let w = offset(centre, 270.0, half).lon;
    vec![
        LatLon { lat: s, lon: w },
        LatLon { lat: s, lon: e },
        LatLon { lat: n, lon: e },
        LatLon { lat: n, lon: w },
    ]
}

#[test]
fn a_clean_visit_has_no_flags() {
    assert!(Case::new().flags().is_empty());
}

#[test]
fn check_in_far_from_the_store_is_flagged_with_its_figures() {
    let mut case = Case::new();
    case.visit.position = Some(offset(store(), 45.0, 412.0));
    case.visit.accuracy_m = Some(35.0);
    let flag = case.only(FlagKind::OutsideGeofence);
    assert_eq!(
        flag.message,
        "Checked in 412 m from the location, accuracy 35 m, radius 150 m"
    );
    let distance = flag.figures.distance_m.expect("distance");
    assert!((distance - 412.0).abs() < 0.01, "{distance}");
    assert_eq!(flag.figures.accuracy_m, Some(35.0));
    assert_eq!(flag.figures.radius_m, Some(150.0));
    assert_eq!(flag.figures.position, case.visit.position);
}

#[test]
fn accuracy_gives_the_auditor_the_benefit_of_the_doubt() {
    let mut case = Case::new();
    case.visit.position = Some(offset(store(), 90.0, 180.0));
    case.visit.accuracy_m = Some(35.0);
    assert!(case.flags().is_empty(), "180 − 35 ≤ 150");
    case.visit.accuracy_m = Some(25.0);
    assert_eq!(
        case.kinds(),
        vec![FlagKind::OutsideGeofence],
        "180 − 25 > 150"
    );
}

#[test]
fn missing_accuracy_counts_as_exact() {
    let mut case = Case::new();
    case.visit.position = Some(offset(store(), 0.0, 160.0));
    case.visit.accuracy_m = None;
    let flag = case.only(FlagKind::OutsideGeofence);
    assert!(
        flag.message.contains("accuracy unknown"),
        "{}",
        flag.message
    );
    assert_eq!(flag.figures.accuracy_m, None);
}

#[test]
fn accuracy_larger_than_the_radius_is_flagged_as_poor_not_as_outside() {
    let mut case = Case::new();
    case.visit.position = Some(offset(store(), 200.0, 400.0));
    case.visit.accuracy_m = Some(500.0);
    let flag = case.only(FlagKind::PoorAccuracy);
    assert_eq!(
        flag.message,
        "GPS accuracy at check-in was 500 m, worse than 100 m"
    );
    assert_eq!(flag.figures.limit_m, Some(MAX_ACCURACY_M));
}

#[test]
fn accuracy_of_exactly_100_m_is_accepted() {
    let mut case = Case::new();
    case.visit.accuracy_m = Some(100.0);
    assert!(case.flags().is_empty());
    case.visit.accuracy_m = Some(100.5);
    assert_eq!(case.kinds(), vec![FlagKind::PoorAccuracy]);
}

#[test]
fn far_and_imprecise_gets_both_flags() {
    let mut case = Case::new();
    case.visit.position = Some(offset(store(), 0.0, 3000.0));
    case.visit.accuracy_m = Some(400.0);
    assert_eq!(
        case.kinds(),
        vec![FlagKind::OutsideGeofence, FlagKind::PoorAccuracy]
    );
    assert!(
        case.flags()[0]
            .message
            .starts_with("Checked in 3.0 km from")
    );
}

#[test]
fn distances_are_geodesic_across_the_antimeridian() {
    let mut case = Case::new();
    case.location = location(at(-16.5, 179.9995));
    case.visit.position = Some(at(-16.5, -179.9995));
    // 0.001° of longitude at 16.5° S is about 107 m, not 40 000 km.
    assert!(case.flags().is_empty(), "{:#?}", case.flags());
    case.visit.position = Some(at(-16.5, -179.997));
    let d = case.outside_by();
    assert!((300.0..400.0).contains(&d), "{d}");
}

#[test]
fn polygon_replaces_the_radius() {
    let mut case = Case::new();
    case.location.polygon = Some(vec![square(store(), 300.0)]);
    case.location.radius_m = 50.0;
    case.visit.position = Some(offset(store(), 90.0, 250.0));
    assert!(
        case.flags().is_empty(),
        "inside the polygon, outside the radius"
    );
    case.visit.position = Some(offset(store(), 90.0, 400.0));
    case.visit.accuracy_m = Some(20.0);
    let flag = case.only(FlagKind::OutsideGeofence);
    let d = flag.figures.distance_m.expect("distance");
    assert!((d - 100.0).abs() < 1.0, "{d}");
    assert_eq!(flag.figures.radius_m, None);
    assert_eq!(
        flag.message,
        "Checked in 100 m outside the location's boundary, accuracy 20 m"
    );
}

#[test]
fn polygon_honours_accuracy() {
    let mut case = Case::new();
    case.location.polygon = Some(vec![square(store(), 300.0)]);
    case.visit.position = Some(offset(store(), 0.0, 330.0));
    case.visit.accuracy_m = Some(50.0);
    assert!(case.flags().is_empty());
    case.visit.accuracy_m = Some(10.0);
    assert_eq!(case.kinds(), vec![FlagKind::OutsideGeofence]);
}

#[test]
fn a_point_in_a_polygon_hole_is_outside() {
    let mut case = Case::new();
    // A ring-shaped fence: a 300 m square with a 100 m square courtyard cut out.
    case.location.polygon = Some(vec![square(store(), 300.0), square(store(), 100.0)]);
    case.visit.position = Some(store());
    case.visit.accuracy_m = Some(5.0);
    let d = case.outside_by();
    assert!((d - 100.0).abs() < 1.0, "distance to the hole's edge: {d}");
    case.visit.position = Some(offset(store(), 0.0, 200.0));
    assert!(
        case.flags().is_empty(),
        "between the hole and the outer ring"
    );
}

#[test]
fn polygon_across_the_antimeridian() {
    let mut case = Case::new();
    let centre = at(-17.0, 180.0);
    case.location = location(centre);
    case.location.polygon = Some(vec![vec![
        at(-17.01, 179.99),
        at(-17.01, -179.99),
        at(-16.99, -179.99),
        at(-16.99, 179.99),
    ]]);
    for lon in [179.995, -179.995, 180.0, -180.0] {
        case.visit.position = Some(LatLon { lat: -17.0, lon });
        assert!(case.flags().is_empty(), "lon {lon}: {:#?}", case.flags());
    }
    case.visit.position = Some(at(-17.0, -179.98));
    let d = case.outside_by();
    // 0.01° of longitude at 17° S ≈ 1064 m.
    assert!((1000.0..1100.0).contains(&d), "{d}");
}

#[test]
fn a_degenerate_polygon_falls_back_to_the_radius() {
    let mut case = Case::new();
    case.location.polygon = Some(vec![vec![store(), store()]]);
    case.visit.position = Some(offset(store(), 0.0, 100.0));
    assert!(case.flags().is_empty());
}

#[test]
fn no_position_is_flagged_with_the_phone_s_reason() {
    let mut case = Case::new();
    case.visit.position = None;
    case.visit.accuracy_m = None;
    case.visit.position_error = Some("User denied Geolocation".into());
    let flag = case.only(FlagKind::NoPosition);
    assert_eq!(
        flag.message,
        "No position at check-in; the auditor's phone said: User denied Geolocation"
    );
    assert_eq!(
        flag.figures.position_error.as_deref(),
        Some("User denied Geolocation")
    );
    case.visit.position_error = Some("  ".into());
    let flag = case.only(FlagKind::NoPosition);
    assert_eq!(flag.message, "No position at check-in, and no reason given");
    assert_eq!(flag.figures.position_error, None);
}

#[test]
fn no_check_in_is_flagged_and_skips_the_time_checks() {
    let mut case = Case::new();
    case.visit.check_in_at = None;
    case.window = Some((t(60), t(120)));
    case.photos = vec![taken(SHA_A, -600)];
    assert_eq!(case.kinds(), vec![FlagKind::NoCheckIn]);
}

#[test]
fn check_in_before_the_window_is_flagged() {
    let mut case = Case::new();
    case.window = Some((t(125), t(600)));
    let flag = case.only(FlagKind::OutsideWindow);
    assert_eq!(
        flag.message,
        "Checked in 2 h 5 min before the assignment window opened (2026-03-14 12:05 UTC)"
    );
    assert_eq!(flag.figures.at, Some(t(0)));
    assert_eq!(flag.figures.from, Some(t(125)));
    assert_eq!(flag.figures.until, Some(t(600)));
}

#[test]
fn check_in_after_the_due_time_is_flagged() {
    let mut case = Case::new();
    case.window = Some((t(-3 * 24 * 60), t(-2 * 24 * 60 - 180)));
    let flag = case.only(FlagKind::OutsideWindow);
    assert_eq!(
        flag.message,
        "Checked in 2 d 3 h after the assignment was due (2026-03-12 07:00 UTC)"
    );
}

#[test]
fn window_bounds_are_inclusive_and_checkout_may_run_past_due() {
    let mut case = Case::new();
    case.window = Some((t(0), t(0)));
    assert!(case.flags().is_empty(), "{:#?}", case.flags());
    case.window = None;
    assert!(case.flags().is_empty());
}

#[test]
fn a_short_visit_is_flagged() {
    let mut case = Case::new();
    case.visit.check_out_at = Some(t(6));
    let flag = case.only(FlagKind::ShortVisit);
    assert_eq!(
        flag.message,
        "The visit lasted 6 min; the checklist expects at least 15 min"
    );
    assert_eq!(flag.figures.minutes, Some(6.0));
    assert_eq!(flag.figures.min_minutes, Some(15));
}

#[test]
fn visit_length_edge_cases() {
    let mut case = Case::new();
    case.visit.check_out_at = Some(t(15));
    assert!(case.flags().is_empty(), "exactly the minimum");
    case.visit.check_out_at = Some(t(0));
    let flag = case.only(FlagKind::ShortVisit);
    assert_eq!(
        flag.message,
        "The visit lasted 0 s; the checklist expects at least 15 min"
    );
    case.visit.check_out_at = None;
    assert!(case.flags().is_empty(), "no check-out: length unknown");
    case.visit.check_out_at = Some(t(1));
    case.min_visit_minutes = None;
    assert!(case.flags().is_empty(), "no minimum");
}

#[test]
fn photo_taken_before_check_in_is_flagged() {
    let mut case = Case::new();
    case.photos = vec![taken(SHA_A, -24 * 60)];
    let flag = case.only(FlagKind::PhotoTimeOutsideVisit);
    assert_eq!(
        flag.message,
        "Photo 1 was taken 1 d before check-in (2026-03-13 10:00 UTC)"
    );
    assert_eq!(flag.figures.photo.as_deref(), Some(SHA_A));
    assert_eq!(flag.figures.at, Some(t(-24 * 60)));
}

#[test]
fn photo_taken_after_check_out_is_flagged() {
    let mut case = Case::new();
    case.photos = vec![taken(SHA_A, 30 + 47)];
    let flag = case.only(FlagKind::PhotoTimeOutsideVisit);
    assert_eq!(
        flag.message,
        "Photo 1 was taken 47 min after check-out (2026-03-14 11:17 UTC)"
    );
}

#[test]
fn photo_time_has_a_grace_period() {
    let mut case = Case::new();
    case.photos = vec![taken(SHA_A, -5), taken(SHA_B, 35)];
    assert!(case.flags().is_empty());
}

#[test]
fn photo_time_without_check_out_only_checks_the_start() {
    let mut case = Case::new();
    case.visit.check_out_at = None;
    case.photos = vec![taken(SHA_A, 600)];
    assert!(case.flags().is_empty());
}

#[test]
fn photos_without_exif_raise_nothing() {
    // Photos downscaled on the phone lose their EXIF; that alone is not suspicious.
    let mut case = Case::new();
    case.photos = vec![photo(SHA_A), photo(SHA_B)];
    assert!(case.flags().is_empty());
}

#[test]
fn photo_gps_outside_the_geofence_is_flagged() {
    let mut case = Case::new();
    let far = offset(store(), 10.0, 2345.0);
    case.photos = vec![
        placed(SHA_A, far),
        placed(SHA_B, offset(store(), 10.0, 120.0)),
    ];
    let flag = case.only(FlagKind::PhotoOutsideGeofence);
    assert_eq!(
        flag.message,
        "Photo 1 was taken 2.3 km from the location (radius 150 m)"
    );
    assert_eq!(flag.figures.position, Some(far));
    assert_eq!(flag.figures.photo.as_deref(), Some(SHA_A));
}

#[test]
fn photo_gps_honours_its_error_and_the_polygon() {
    let mut case = Case::new();
    case.photos = vec![PhotoEvidence {
        position: Some(offset(store(), 0.0, 200.0)),
        accuracy_m: Some(60.0),
        ..photo(SHA_A)
    }];
    assert!(case.flags().is_empty());
    case.location.polygon = Some(vec![square(store(), 300.0), square(store(), 100.0)]);
    case.visit.position = Some(offset(store(), 0.0, 200.0));
    case.photos[0].position = Some(store());
    case.photos[0].accuracy_m = None;
    let flag = case.only(FlagKind::PhotoOutsideGeofence);
    assert_eq!(
        flag.message,
        "Photo 1 was taken 100 m outside the location's boundary"
    );
}

#[test]
fn the_same_file_in_another_audit_is_reuse() {
    let mut case = Case::new();
    let other = Uuid::now_v7();
    case.photos = vec![PhotoEvidence {
        matches: vec![PhotoMatch {
            audit_id: other,
            sha256: SHA_A.into(),
            distance: 0,
        }],
        ..photo(SHA_A)
    }];
    let flag = case.only(FlagKind::PhotoReused);
    assert_eq!(
        flag.message,
        "Photo 1 is the same file as a photo of another audit"
    );
    assert_eq!(flag.figures.other_audit_id, Some(other));
    assert_eq!(flag.figures.hamming_distance, Some(0));
    assert_eq!(flag.figures.matches, Some(1));
}

#[test]
fn a_look_alike_within_the_threshold_is_reuse() {
    let mut case = Case::new();
    let (a1, a2) = (Uuid::now_v7(), Uuid::now_v7());
    case.photos = vec![PhotoEvidence {
        matches: vec![
            PhotoMatch {
                audit_id: a1,
                sha256: SHA_C.into(),
                distance: 6,
            },
            PhotoMatch {
                audit_id: a2,
                sha256: SHA_B.into(),
                distance: 3,
            },
            PhotoMatch {
                audit_id: a2,
                sha256: SHA_C.into(),
                distance: 5,
            },
        ],
        ..photo(SHA_A)
    }];
    let flag = case.only(FlagKind::PhotoReused);
    assert_eq!(
        flag.message,
        "Photo 1 looks like a photo of another audit (hash distance 3 of 64); \
         it matches photos in 2 other audits"
    );
    assert_eq!(flag.figures.other_audit_id, Some(a2));
    assert_eq!(flag.figures.hamming_distance, Some(3));
    assert_eq!(flag.figures.matches, Some(2));
}

#[test]
fn distant_hashes_and_the_audit_s_own_photos_are_not_reuse() {
    let mut case = Case::new();
    let own = case.audit_id;
    case.photos = vec![PhotoEvidence {
        matches: vec![
            PhotoMatch {
                audit_id: Uuid::now_v7(),
                sha256: SHA_B.into(),
                distance: REUSE_MAX_DISTANCE + 1,
            },
            PhotoMatch {
                audit_id: own,
                sha256: SHA_A.into(),
                distance: 0,
            },
        ],
        ..photo(SHA_A)
    }];
    assert!(case.flags().is_empty());
}

#[test]
fn a_photo_attached_twice_is_checked_once() {
    let mut case = Case::new();
    let reused = PhotoEvidence {
        taken_at: Some(t(-600)),
        matches: vec![PhotoMatch {
            audit_id: Uuid::now_v7(),
            sha256: SHA_A.into(),
            distance: 0,
        }],
        ..photo(SHA_A)
    };
    case.photos = vec![reused.clone(), reused];
    assert_eq!(
        case.kinds(),
        vec![FlagKind::PhotoTimeOutsideVisit, FlagKind::PhotoReused]
    );
}

#[test]
fn everything_wrong_at_once_comes_in_a_stable_order() {
    let mut case = Case::new();
    case.visit.position = Some(offset(store(), 0.0, 5000.0));
    case.visit.accuracy_m = Some(150.0);
    case.visit.check_out_at = Some(t(2));
    case.window = Some((t(60), t(120)));
    case.photos = vec![PhotoEvidence {
        taken_at: Some(t(-60)),
        position: Some(offset(store(), 0.0, 5000.0)),
        accuracy_m: None,
        matches: vec![PhotoMatch {
            audit_id: Uuid::now_v7(),
            sha256: SHA_B.into(),
            distance: 1,
        }],
        ..photo(SHA_A)
    }];
    assert_eq!(
        case.kinds(),
        vec![
            FlagKind::OutsideGeofence,
            FlagKind::PoorAccuracy,
            FlagKind::OutsideWindow,
            FlagKind::ShortVisit,
            FlagKind::PhotoTimeOutsideVisit,
            FlagKind::PhotoOutsideGeofence,
            FlagKind::PhotoReused,
        ]
    );
}

#[test]
fn hamming_distance_counts_differing_bits() {
    assert_eq!(hamming_distance(0, 0), 0);
    assert_eq!(hamming_distance(0, -1), 64);
    assert_eq!(hamming_distance(0b1011, 0b0001), 2);
    assert!(is_reuse(i64::MIN, i64::MIN | 0b11_1111));
    assert!(!is_reuse(0, 0b111_1111));
}

#[test]
fn flags_serialise_with_only_their_figures() {
    let mut case = Case::new();
    case.visit.check_out_at = Some(t(6));
    let flag = case.only(FlagKind::ShortVisit);
    let json = serde_json::to_value(&flag).expect("serialise");
    assert_eq!(json["kind"], "short_visit");
    let figures = json["figures"].as_object().expect("figures");
    let mut keys: Vec<&str> = figures.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, vec!["from", "min_minutes", "minutes", "until"]);
    let back: Flag = serde_json::from_value(json).expect("deserialise");
    assert_eq!(back, flag);
}

#[test]
fn flag_kind_names_match_the_wire() {
    for kind in [
        FlagKind::NoCheckIn,
        FlagKind::NoPosition,
        FlagKind::OutsideGeofence,
        FlagKind::PoorAccuracy,
        FlagKind::OutsideWindow,
        FlagKind::ShortVisit,
        FlagKind::PhotoTimeOutsideVisit,
        FlagKind::PhotoOutsideGeofence,
        FlagKind::PhotoReused,
    ] {
        assert_eq!(
            serde_json::to_value(kind).expect("serialise"),
            serde_json::Value::from(kind.as_str())
        );
    }
}

#[test]
fn figures_are_formatted_for_people() {
    assert_eq!(metres(0.4), "0 m");
    assert_eq!(metres(999.4), "999 m");
    assert_eq!(metres(999.6), "1.0 km");
    assert_eq!(metres(123_456.0), "123 km");
    assert_eq!(duration(Duration::seconds(59)), "59 s");
    assert_eq!(duration(Duration::minutes(60)), "1 h");
    assert_eq!(duration(Duration::minutes(-61)), "1 h 1 min");
}

#[test]
fn long_ages_read_as_months_and_years() {
    let days = |d: i64| age(Duration::days(d));
    assert_eq!(age(Duration::minutes(47)), "47 min");
    assert_eq!(days(1), "1 d");
    assert_eq!(days(59), "59 d");
    assert_eq!(days(60), "2 months");
    assert_eq!(days(400), "13 months");
    assert_eq!(days(730), "24 months");
    assert_eq!(days(731), "2 years");
    assert_eq!(days(6616), "18 years");
    assert_eq!(age(Duration::days(-6616)), "18 years");
}

#[test]
fn photos_are_named_by_their_place_in_the_audit() {
    let mut case = Case::new();
    case.photos = vec![photo(SHA_B), taken(SHA_A, -6616 * 24 * 60)];
    let flag = case.only(FlagKind::PhotoTimeOutsideVisit);
    assert!(
        flag.message
            .starts_with("Photo 2 was taken 18 years before check-in"),
        "{}",
        flag.message
    );
}

proptest::proptest! {
    /// Pictures close enough to count as reused always share a band, so the index that looks
    /// candidates up by band misses none of them.
    #[test]
    fn hashes_within_the_reuse_distance_share_a_band(
        hash in proptest::prelude::any::<i64>(),
        flips in proptest::collection::btree_set(0u32..64, 0..=REUSE_MAX_DISTANCE as usize),
    ) {
        let other = flips.iter().fold(hash, |h, bit| h ^ (1i64 << bit));
        proptest::prop_assert!(is_reuse(hash, other));
        let (a, b) = (hash_bands(hash), hash_bands(other));
        proptest::prop_assert!(a.iter().zip(&b).any(|(x, y)| x == y));
    }
}

#[test]
fn every_bit_of_the_hash_is_in_exactly_one_band() {
    for bit in 0..64 {
        let (zero, one) = (hash_bands(0), hash_bands(1i64 << bit));
        let differing = zero.iter().zip(&one).filter(|(a, b)| a != b).count();
        assert_eq!(differing, 1, "bit {bit}");
    }
    let keys = hash_bands(-1);
    assert_eq!(
        keys[6],
        (6 << 10) | 1023,
        "the last band holds the top 10 bits"
    );
    assert!(
        keys.iter()
            .enumerate()
            .all(|(band, key)| key >> 10 == band as i64)
    );
}
