use super::fixtures::{self, ExifSpec};
use super::*;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use std::time::{Duration, Instant};
use touchstone_shared::verify::hamming_distance;

fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|d| d.and_hms_opt(h, mi, s))
        .expect("valid date")
}

fn full_spec() -> ExifSpec {
    ExifSpec {
        taken_at: Some(local(2026, 3, 14, 11, 5, 30)),
        offset: Some("+01:00".into()),
        gps: Some((38.722_3, -9.139_3)),
        gps_time: Utc.with_ymd_and_hms(2026, 3, 14, 10, 5, 29).single(),
        accuracy_m: Some(12.5),
        orientation: Some(1),
    }
}

fn ok(bytes: Vec<u8>) -> ProcessedPhoto {
    process(Bytes::from(bytes), &Limits::default()).expect("accepted")
}

fn refused(bytes: Vec<u8>) -> EvidenceError {
    refused_with(bytes, &Limits::default())
}

fn refused_with(bytes: Vec<u8>, limits: &Limits) -> EvidenceError {
    match process(Bytes::from(bytes), limits) {
        Ok(p) => panic!("accepted a {}×{} {:?}", p.width, p.height, p.kind),
        Err(e) => e,
    }
}

fn decoded(bytes: &Bytes) -> image::RgbImage {
    image::load_from_memory(bytes).expect("decodes").into_rgb8()
}

/// True when the bytes contain an EXIF, XMP or ICC marker anywhere.
fn has_metadata(bytes: &[u8]) -> bool {
    let needles: [&[u8]; 4] = [
        b"Exif\0\0",
        b"http://ns.adobe.com/xap",
        b"ICC_PROFILE",
        b"II\x2A\0",
    ];
    needles
        .iter()
        .any(|n| bytes.windows(n.len()).any(|w| w == *n))
}

// ── accepted photos ─────────────────────────────────────────────────────────────────────

#[test]
fn a_jpeg_with_exif_is_read_rendered_and_hashed() {
    let bytes = fixtures::with_exif(&fixtures::jpeg(1700, 1275), &full_spec());
    let photo = ok(bytes.clone());
    assert_eq!(photo.kind, ImageKind::Jpeg);
    assert_eq!((photo.width, photo.height), (1700, 1275));
    assert_eq!(photo.byte_size, bytes.len() as u64);
    assert_eq!(photo.sha256, sha256_hex(&bytes));
    assert_eq!(photo.sha256.len(), 64);
    assert_eq!(photo.original.as_ref(), bytes.as_slice());

    let exif = &photo.exif;
    assert_eq!(exif.taken_at_local, Some(local(2026, 3, 14, 11, 5, 30)));
    assert_eq!(exif.taken_offset, FixedOffset::east_opt(3600));
    assert_eq!(
        exif.gps_time,
        Utc.with_ymd_and_hms(2026, 3, 14, 10, 5, 29).single()
    );
    let position = exif.position.expect("GPS");
    assert!((position.lat - 38.722_3).abs() < 1e-6, "{position:?}");
    assert!((position.lon + 9.139_3).abs() < 1e-6, "{position:?}");
    assert_eq!(exif.accuracy_m, Some(12.5));
    assert_eq!(exif.orientation, Some(1));
    assert_eq!(
        exif.taken_at(|_| None),
        Utc.with_ymd_and_hms(2026, 3, 14, 10, 5, 30).single(),
        "the written offset wins"
    );

    let display = decoded(&photo.display);
    assert_eq!(display.dimensions(), (1600, 1200));
    let thumb = decoded(&photo.thumb);
    assert_eq!(thumb.dimensions(), (320, 240));
}

#[test]
fn renditions_carry_no_metadata() {
    let bytes = fixtures::with_exif(&fixtures::jpeg(800, 600), &full_spec());
    assert!(has_metadata(&bytes), "the fixture itself has EXIF");
    let photo = ok(bytes);
    for rendition in [&photo.display, &photo.thumb] {
        assert!(!has_metadata(rendition));
        assert_eq!(exif::read(rendition), ExifData::default());
    }
}

#[test]
fn orientation_is_applied_to_the_renditions() {
    // Left half red, right half blue; orientation 6 means "rotate 90° clockwise to view",
    // so the viewer sees red on top.
    let image = image::RgbImage::from_fn(400, 200, |x, _| {
        if x < 200 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let spec = ExifSpec {
        orientation: Some(6),
        ..ExifSpec::default()
    };
    let photo = ok(fixtures::with_exif(
        &fixtures::encode_jpeg(&image, 95),
        &spec,
    ));
    assert_eq!((photo.width, photo.height), (200, 400));
    let display = decoded(&photo.display);
    assert_eq!(display.dimensions(), (200, 400));
    let top = display.get_pixel(100, 50);
    let bottom = display.get_pixel(100, 350);
    assert!(top[0] > 180 && top[2] < 80, "top is red: {top:?}");
    assert!(
        bottom[2] > 180 && bottom[0] < 80,
        "bottom is blue: {bottom:?}"
    );
    assert_eq!(decoded(&photo.thumb).dimensions(), (160, 320));
}

#[test]
fn small_photos_are_not_enlarged() {
    let photo = ok(fixtures::jpeg(300, 200));
    assert_eq!(decoded(&photo.display).dimensions(), (300, 200));
    assert_eq!(decoded(&photo.thumb).dimensions(), (300, 200));
}

#[test]
fn png_and_webp_are_accepted_and_rendered_as_jpeg() {
    let png = ok(fixtures::png(640, 480, false));
    assert_eq!(png.kind, ImageKind::Png);
    assert_eq!(png.kind.mime(), "image/png");
    let webp = ok(fixtures::webp(500, 1000));
    assert_eq!(webp.kind, ImageKind::Webp);
    assert_eq!((webp.width, webp.height), (500, 1000));
    for photo in [&png, &webp] {
        assert_eq!(sniff(&photo.display), Sniffed::Image(ImageKind::Jpeg));
        assert_eq!(sniff(&photo.thumb), Sniffed::Image(ImageKind::Jpeg));
    }
    assert_eq!(decoded(&webp.thumb).dimensions(), (160, 320));
}

#[test]
fn transparency_is_composed_over_white() {
    let photo = ok(fixtures::png(200, 100, true));
    let display = decoded(&photo.display);
    let p = display.get_pixel(10, 50);
    assert!(
        p.0.iter().all(|c| *c > 240),
        "transparent becomes white: {p:?}"
    );
}

#[test]
fn a_photo_without_exif_is_fine() {
    let photo = ok(fixtures::jpeg(320, 240));
    assert_eq!(photo.exif, ExifData::default());
}

#[test]
fn broken_exif_is_ignored_not_fatal() {
    let mut app1 = b"Exif\0\0II\x2A\0\xFF\xFF\xFF\x7F".to_vec();
    app1.extend_from_slice(&[0xAB; 40]);
    let photo = ok(fixtures::with_segment(
        &fixtures::jpeg(320, 240),
        0xE1,
        &app1,
    ));
    assert_eq!(photo.exif, ExifData::default());
}

#[test]
fn exif_time_without_offset_uses_gps_time_then_the_location_zone() {
    let spec = ExifSpec {
        taken_at: Some(local(2026, 7, 1, 9, 0, 0)),
        gps: Some((-33.86, 151.2)),
        ..ExifSpec::default()
    };
    let photo = ok(fixtures::with_exif(&fixtures::jpeg(64, 64), &spec));
    let exif = photo.exif;
    assert_eq!(exif.taken_offset, None);
    assert_eq!(exif.gps_time, None);
    assert_eq!(exif.taken_at(|_| None), None, "no zone, no instant");
    let sydney = FixedOffset::east_opt(10 * 3600);
    assert_eq!(
        exif.taken_at(|_| sydney),
        Utc.with_ymd_and_hms(2026, 6, 30, 23, 0, 0).single()
    );
    let position = exif.position.expect("GPS");
    assert!(position.lat < 0.0 && position.lon > 0.0, "south and east");

    let with_gps_time = ExifData {
        gps_time: Utc.with_ymd_and_hms(2026, 6, 30, 23, 0, 5).single(),
        ..exif
    };
    assert_eq!(
        with_gps_time.taken_at(|_| sydney),
        with_gps_time.gps_time,
        "the GPS clock beats a guessed zone"
    );
}

#[test]
fn gps_at_null_island_is_treated_as_missing() {
    let spec = ExifSpec {
        gps: Some((0.0, 0.0)),
        accuracy_m: Some(5.0),
        ..ExifSpec::default()
    };
    let photo = ok(fixtures::with_exif(&fixtures::jpeg(64, 64), &spec));
    assert_eq!(photo.exif.position, None);
    assert_eq!(photo.exif.accuracy_m, None);
}

#[test]
fn phone_trailers_after_a_jpeg_are_tolerated() {
    let mut gain_map = fixtures::jpeg(400, 300);
    gain_map.extend_from_slice(&fixtures::jpeg(100, 75));
    ok(gain_map);
    let mut motion = fixtures::jpeg(400, 300);
    motion.extend_from_slice(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom");
    ok(motion);
    let mut padded = fixtures::jpeg(400, 300);
    padded.extend_from_slice(&[0; 512]);
    ok(padded);
}

// ── perceptual hash ─────────────────────────────────────────────────────────────────────

#[test]
fn the_same_picture_re_encoded_or_resized_keeps_its_hash() {
    let picture = fixtures::picture(1200, 900, 7);
    let a = ok(fixtures::encode_jpeg(&picture, 92));
    let b = ok(fixtures::encode_jpeg(&picture, 60));
    let small = image::imageops::resize(&picture, 600, 450, image::imageops::FilterType::Triangle);
    let c = ok(fixtures::encode_jpeg(&small, 80));
    assert_ne!(a.sha256, b.sha256);
    assert!(
        hamming_distance(a.phash, b.phash) <= 2,
        "{}",
        hamming_distance(a.phash, b.phash)
    );
    assert!(
        hamming_distance(a.phash, c.phash) <= 4,
        "{}",
        hamming_distance(a.phash, c.phash)
    );
}

#[test]
fn different_pictures_have_distant_hashes() {
    let hashes: Vec<i64> = (10..16)
        .map(|seed| {
            ok(fixtures::encode_jpeg(
                &fixtures::picture(640, 480, seed),
                85,
            ))
            .phash
        })
        .collect();
    for (i, a) in hashes.iter().enumerate() {
        for b in &hashes[i + 1..] {
            let d = hamming_distance(*a, *b);
            assert!(
                d > touchstone_shared::verify::REUSE_MAX_DISTANCE,
                "distance {d} between different pictures"
            );
        }
    }
}

#[test]
fn an_orientation_tag_does_not_change_the_hash_of_what_is_seen() {
    let picture = fixtures::picture(800, 600, 21);
    let upright = ok(fixtures::encode_jpeg(&picture, 90));
    let turned = image::imageops::rotate270(&picture);
    let tagged = ExifSpec {
        orientation: Some(6),
        ..ExifSpec::default()
    };
    let restored = ok(fixtures::with_exif(
        &fixtures::encode_jpeg(&turned, 90),
        &tagged,
    ));
    let d = hamming_distance(upright.phash, restored.phash);
    assert!(d <= 2, "{d}");
}

// ── hostile and broken inputs ───────────────────────────────────────────────────────────

#[test]
fn an_empty_body_is_a_bad_request() {
    let e = refused(Vec::new());
    assert!(matches!(e, EvidenceError::Empty));
    assert_eq!(e.status(), 400);
}

#[test]
fn a_body_over_the_limit_is_413() {
    let limits = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    let e = refused_with(fixtures::jpeg(200, 200), &limits);
    assert!(matches!(e, EvidenceError::TooLarge { limit: 1000 }));
    assert_eq!(e.status(), 413);
}

#[test]
fn a_text_file_named_jpg_is_415() {
    let e = refused(b"<html><script>alert(1)</script></html>".to_vec());
    assert!(matches!(e, EvidenceError::Unsupported { detected: None }));
    assert_eq!(e.status(), 415);
    assert_eq!(
        e.code(),
        touchstone_shared::error::ErrorCode::UnsupportedMediaType
    );
}

#[test]
fn recognised_but_unaccepted_types_are_named() {
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0; 64]);
    let e = refused(heic);
    assert_eq!(
        e.to_string(),
        "this is a HEIC file; send a JPEG, PNG or WebP photo"
    );
    assert_eq!(e.status(), 415);
    let e = refused(b"GIF89a\x01\x00\x01\x00/*<script>*/".to_vec());
    assert!(matches!(
        e,
        EvidenceError::Unsupported {
            detected: Some("GIF")
        }
    ));
    let e = refused(b"%PDF-1.7\n".to_vec());
    assert!(matches!(
        e,
        EvidenceError::Unsupported {
            detected: Some("PDF")
        }
    ));
}

#[test]
fn a_truncated_jpeg_is_422() {
    let bytes = fixtures::jpeg(640, 480);
    for cut in [bytes.len() / 2, bytes.len() - 2, 300, 4] {
        let e = refused(bytes[..cut].to_vec());
        assert!(matches!(e, EvidenceError::Truncated), "cut at {cut}: {e:?}");
        assert_eq!(e.status(), 422);
    }
}

#[test]
fn truncated_png_and_webp_are_422() {
    let png = fixtures::png(300, 300, false);
    let e = refused(png[..png.len() - 20].to_vec());
    assert_eq!(e.status(), 422, "{e:?}");
    let webp = fixtures::webp(300, 300);
    let e = refused(webp[..webp.len() / 2].to_vec());
    assert!(matches!(e, EvidenceError::Truncated), "{e:?}");
}

#[test]
fn a_jpeg_with_an_archive_appended_is_a_polyglot_and_422() {
    let mut bytes = fixtures::jpeg(320, 240);
    let archive = b"PK\x03\x04\x14\x00\x00\x00\x08\x00payload.php<?php system($_GET['c']); ?>";
    bytes.extend_from_slice(archive);
    let e = refused(bytes);
    assert!(
        matches!(e, EvidenceError::TrailingData { bytes } if bytes == archive.len()),
        "{e:?}"
    );
    assert_eq!(e.status(), 422);
}

#[test]
fn html_after_a_png_end_is_refused() {
    let mut bytes = fixtures::png(32, 32, false);
    bytes.extend_from_slice(b"<html><body onload=alert(1)>");
    assert!(matches!(refused(bytes), EvidenceError::TrailingData { .. }));
}

#[test]
fn a_jpeg_header_over_html_is_refused() {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(b"<html><script>alert(document.cookie)</script></html>");
    assert_eq!(refused(bytes).status(), 422);
}

#[test]
fn a_pixel_bomb_png_is_refused_from_its_header_in_no_time() {
    let start = Instant::now();
    let e = refused(fixtures::png_bomb(100_000, 100_000));
    assert!(
        matches!(
            e,
            EvidenceError::TooManyPixels {
                width: 100_000,
                height: 100_000,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.status(), 422);
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_pixel_bomb_jpeg_is_refused_from_its_header() {
    let start = Instant::now();
    let e = refused(fixtures::jpeg_bomb(65_000, 65_000));
    assert!(
        matches!(
            e,
            EvidenceError::TooManyPixels {
                width: 65_000,
                height: 65_000,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[test]
fn within_the_sides_but_over_the_pixel_count_is_refused() {
    let e = refused(fixtures::png_bomb(10_000, 10_000));
    assert!(matches!(e, EvidenceError::TooManyPixels { .. }), "{e:?}");
    assert!(e.to_string().contains("10000×10000"), "{e}");
}

#[test]
fn tight_limits_are_honoured() {
    let limits = Limits {
        max_width: 100,
        ..Limits::default()
    };
    let e = refused_with(fixtures::jpeg(200, 50), &limits);
    assert!(matches!(e, EvidenceError::TooManyPixels { .. }), "{e:?}");
    let limits = Limits {
        max_alloc: 10_000,
        ..Limits::default()
    };
    let e = refused_with(fixtures::jpeg(200, 50), &limits);
    assert!(matches!(e, EvidenceError::TooManyPixels { .. }), "{e:?}");
}

#[test]
fn corrupt_scan_data_never_panics() {
    let bytes = fixtures::jpeg(256, 256);
    // Overwrite chunks of the middle with noise, keeping the markers' framing intact enough
    // for the walk to finish or fail cleanly.
    for seed in 0..20u8 {
        let mut broken = bytes.clone();
        let at = broken.len() / 3 + usize::from(seed) * 37;
        for (i, b) in broken[at..at + 64].iter_mut().enumerate() {
            *b = seed.wrapping_mul(31).wrapping_add(i as u8) | 1;
        }
        let _ = process(Bytes::from(broken), &Limits::default());
    }
    let mut header_only = bytes[..2].to_vec();
    header_only.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 8, 0, 0, 0, 0, 3]);
    header_only.extend_from_slice(&[0; 9]);
    header_only.extend_from_slice(&[0xFF, 0xD9]);
    assert_eq!(refused(header_only).status(), 422);
}

// ── pipeline ────────────────────────────────────────────────────────────────────────────

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pipeline_processes_concurrently_and_bounded() {
    let pipeline = Pipeline::new(Limits::default(), 1);
    let jobs: Vec<_> = (0..4u32)
        .map(|seed| {
            let pipeline = pipeline.clone();
            let bytes = Bytes::from(fixtures::encode_jpeg(
                &fixtures::picture(900, 600, seed),
                80,
            ));
            tokio::spawn(async move { pipeline.ingest(bytes).await })
        })
        .collect();
    for job in jobs {
        let photo = job.await.expect("joined").expect("accepted");
        assert_eq!((photo.width, photo.height), (900, 600));
    }
    let e = pipeline
        .ingest(Bytes::from_static(b"not an image"))
        .await
        .expect_err("refused");
    assert_eq!(e.status(), 415);
    assert_eq!(pipeline.permits.available_permits(), 1);
}

// ── storage ─────────────────────────────────────────────────────────────────────────────

async fn round_trip(store: &PhotoStore) {
    let photo = ok(fixtures::with_exif(&fixtures::jpeg(900, 700), &full_spec()));
    assert!(!store.contains(&photo.sha256).await.expect("head"));
    assert_eq!(store.put(&photo).await.expect("put"), Stored::New);
    assert_eq!(
        store.put(&photo).await.expect("put again"),
        Stored::AlreadyThere
    );
    assert!(store.contains(&photo.sha256).await.expect("head"));
    for (rendition, bytes) in [
        (Rendition::Original, &photo.original),
        (Rendition::Display, &photo.display),
        (Rendition::Thumb, &photo.thumb),
    ] {
        let got = store
            .get(&photo.sha256, rendition)
            .await
            .expect("get")
            .expect("stored");
        assert_eq!(&got, bytes, "{rendition:?}");
    }
    let other = sha256_hex(b"never stored");
    assert_eq!(
        store.get(&other, Rendition::Display).await.expect("get"),
        None
    );
    assert_eq!(
        store
            .get("../../etc/passwd", Rendition::Original)
            .await
            .expect("get"),
        None
    );
    store.delete(&photo.sha256).await.expect("delete");
    assert!(!store.contains(&photo.sha256).await.expect("head"));
}

#[tokio::test]
async fn the_memory_store_round_trips() {
    round_trip(&PhotoStore::in_memory()).await;
}

#[tokio::test]
async fn the_disk_store_round_trips_under_sharded_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("photos-root");
    let store = PhotoStore::local(&root).expect("local store");
    round_trip(&store).await;

    let photo = ok(fixtures::jpeg(100, 100));
    store.put(&photo).await.expect("put");
    let folder = root
        .join("photos")
        .join(&photo.sha256[..2])
        .join(&photo.sha256);
    for name in ["original", "display", "thumb"] {
        assert!(folder.join(name).is_file(), "{name}");
    }
}

#[tokio::test]
async fn put_never_overwrites_what_is_stored() {
    let store = PhotoStore::in_memory();
    let photo = ok(fixtures::jpeg(200, 100));
    // A rendition left by an interrupted earlier attempt.
    let mut partial = photo.clone();
    partial.display = Bytes::from_static(b"earlier display");
    partial.original = Bytes::new();
    store
        .put_if_absent(&photo.sha256, Rendition::Display, partial.display.clone())
        .await
        .expect("put");
    assert_eq!(store.put(&photo).await.expect("put"), Stored::New);
    assert_eq!(
        store
            .get(&photo.sha256, Rendition::Display)
            .await
            .expect("get")
            .expect("stored"),
        partial.display
    );
}

#[test]
fn keys_are_sharded_and_only_for_real_digests() {
    let sha = sha256_hex(b"x");
    let key = PhotoStore::key(&sha, Rendition::Thumb).expect("key");
    assert_eq!(key.as_ref(), format!("photos/{}/{sha}/thumb", &sha[..2]));
    assert_eq!(PhotoStore::key("ABC", Rendition::Thumb), None);
    assert_eq!(PhotoStore::key(&sha.to_uppercase(), Rendition::Thumb), None);
    assert_eq!(Rendition::parse("display"), Some(Rendition::Display));
    assert_eq!(Rendition::parse("raw"), None);
}
