//! Photos in the morning rush: `BENCH_RUSH_AUDITORS` (200) auditors, each its own account
//! and phone (address), sync at once one audit with `BENCH_RUSH_PHOTOS` (10) phone-sized
//! photos (1600 px JPEG with EXIF, ~400 KB, as the client uploads them) against one release
//! server on loopback: every photo with `POST /api/v1/photos`, one after another as the
//! phone's outbox sends them, then the audit submitted with `PUT /api/v1/audits/{id}`. A
//! `503` or `429` is retried after its `Retry-After`, as the outbox does.
//!
//! Prints photos/s, photos per second of server CPU (per core), p50/p99 per upload (the
//! accepted attempt, and from the first attempt with the waits), the `503`s, the server's
//! peak RSS and CPU, and the time until the last audit is stored.
//!
//! Target (issue 22): ≥ 40 phone photos/s on 2 cores with RSS < 300 MB, no failures. The
//! phones' addresses travel in `X-Forwarded-For` (the server trusts loopback as a balancer),
//! so the per-address upload limit applies per phone as it would behind one.

use chrono::{NaiveDate, Utc};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use touchstone_server::auth::{new_secret, secret_hash};
use touchstone_server::evidence::fixtures;
use touchstone_shared::audit::{AuditInput, AuditStatus};
use touchstone_tests::bench::{
    self, Backend, Demo, Latency, Server, cpu, env_usize, generate, mib, ms,
};
use uuid::Uuid;

/// Width and height of a photo as the phone uploads it.
const WIDTH: u32 = 1600;
const HEIGHT: u32 = 1200;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let auditors = env_usize("BENCH_RUSH_AUDITORS", 200);
    let per_audit = env_usize("BENCH_RUSH_PHOTOS", 10);
    let made = Instant::now();
    let bases: Vec<Vec<u8>> = (0..per_audit as u32).map(base_photo).collect();
    let mean = bases.iter().map(Vec::len).sum::<usize>() / bases.len().max(1);
    println!(
        "# photo rush: {auditors} auditors × {per_audit} photos ({WIDTH}×{HEIGHT} JPEG, {} on \
         average with EXIF; made in {}), then one audit each",
        bench::human_bytes(mean as u64),
        ms(made.elapsed())
    );
    for backend in bench::backends() {
        rush(backend, auditors, &bases).await?;
    }
    Ok(())
}

/// One of the photos an audit carries: a noisy picture at JPEG quality 85, about the size
/// a phone's 1600 px rendition has.
fn base_photo(seed: u32) -> Vec<u8> {
    let mut image = fixtures::picture(WIDTH, HEIGHT, seed + 100);
    let mut state = 0x2545_F491_u32 ^ seed.wrapping_mul(0x9E37_79B9);
    for pixel in image.pixels_mut() {
        for channel in pixel.0.iter_mut() {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let noise = (state % 17) as i16 - 8;
            *channel = (i16::from(*channel) + noise).clamp(0, 255) as u8;
        }
    }
    fixtures::encode_jpeg(&image, 85)
}

/// The base photo with the EXIF of auditor `a`'s visit: time and position of their shop,
/// so every auditor's photos are files of their own (their own sha256).
fn photo_of(base: &[u8], a: usize, k: usize, position: (f64, f64)) -> Vec<u8> {
    let minute = u32::try_from((a * 7 + k) % 60).unwrap_or(0);
    fixtures::with_exif(
        base,
        &fixtures::ExifSpec {
            taken_at: NaiveDate::from_ymd_opt(2026, 12, 1)
                .and_then(|d| d.and_hms_opt(9, minute, 0)),
            offset: Some("+00:00".into()),
            gps: Some(position),
            accuracy_m: Some(8.0),
            orientation: Some(1),
            ..Default::default()
        },
    )
}

/// What one auditor's phone did.
#[derive(Default)]
struct Phone {
    /// Accepted uploads: the accepted attempt's time, and the time from the first attempt.
    accepted: Vec<Duration>,
    with_waits: Vec<Duration>,
    /// 503 and 429 answers (retried).
    refused: usize,
    /// Uploads or audits that failed for good.
    failures: Vec<String>,
    /// When this phone's audit was stored, from the start.
    stored_at: Option<Duration>,
}

/// An auditor: account, session secret, assignment and shop.
struct Auditor {
    secret: String,
    assignment: Uuid,
    address: String,
    body: AuditInput,
    photos: Vec<Vec<u8>>,
}

async fn rush(backend: Backend, auditors: usize, bases: &[Vec<u8>]) -> anyhow::Result<()> {
    let name = backend.name();
    let dir = bench::work_dir();
    let file = dir.join("rush.db");
    let pg_name = "touchstone_bench_rush";
    let url = match backend {
        Backend::Sqlite => {
            bench::sqlite_remove(&file);
            bench::sqlite_url(&file)
        }
        Backend::Postgres => bench::postgres_fresh(&bench::postgres_admin_url()?, pg_name).await?,
    };
    let data_dir = dir.join(format!("rush-data-{name}"));
    let _ = std::fs::remove_dir_all(&data_dir);
    let log = dir.join(format!("rush-{name}.log"));
    let setup = Server::start(&url, &data_dir, true, &log, Duration::from_secs(600)).await?;
    setup.stop()?;
    let mut conn = bench::connect(&url).await?;
    let demo = Demo::read(&mut conn).await?;
    let places = generate::assignments(
        backend,
        &mut conn,
        &demo,
        demo.checklist_version_id,
        auditors as u64,
    )
    .await?;
    let mut rng = fastrand::Rng::with_seed(7);
    let mut phones = Vec::new();
    for (a, (assignment, location)) in places.iter().enumerate() {
        let secret = account(&mut conn, &demo, a, *assignment).await?;
        let position = location.position();
        let photos: Vec<Vec<u8>> = bases
            .iter()
            .enumerate()
            .map(|(k, base)| photo_of(base, a, k, (position.lat, position.lon)))
            .collect();
        let check_in = Utc::now() - chrono::Duration::minutes(40);
        let mut body = generate::fake_audit(
            &mut rng,
            &demo.content,
            (location.code.as_str(), position),
            *assignment,
            check_in,
        );
        body.status = AuditStatus::Submitted;
        // One photo per answer, as an auditor attaches them to the items they show.
        for (answer, photo) in body.answers.iter_mut().zip(&photos) {
            answer.photos = vec![hex::encode(Sha256::digest(photo))];
        }
        phones.push(Auditor {
            secret,
            assignment: *assignment,
            address: format!("10.{}.{}.{}", a / 65_536, (a / 256) % 256, a % 256),
            body,
            photos,
        });
    }
    anyhow::ensure!(
        phones
            .iter()
            .all(|p| p.body.answers.len() >= p.photos.len()),
        "fewer answers than photos per audit"
    );

    let already: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audits WHERE status = 'submitted'")
        .fetch_one(&mut conn)
        .await?;
    let server = Server::start_with(
        &url,
        &data_dir,
        false,
        &log,
        Duration::from_secs(120),
        &["--trusted-proxies", "127.0.0.1/32"],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = server.rss();
    let meter = cpu::Meter::new(
        server.pid(),
        (backend == Backend::Postgres).then_some(&mut conn),
    )
    .await;
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (stop, peak, pid) = (stop.clone(), peak.clone(), server.pid());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(bench::rss(pid).now_kib, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        })
    };
    let before = meter.read();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for phone in phones {
        let base = server.base.clone();
        tasks.spawn(async move { sync(&base, phone, started).await });
    }
    let mut done = Vec::new();
    while let Some(phone) = tasks.join_next().await {
        done.push(phone??);
    }
    let wall = started.elapsed();
    let used = meter.since(before);
    stop.store(true, Ordering::Relaxed);
    sampler.await?;
    let end = server.rss();

    let photos: usize = done.iter().map(|p| p.accepted.len()).sum();
    let refused: usize = done.iter().map(|p| p.refused).sum();
    let failures: Vec<&String> = done.iter().flat_map(|p| &p.failures).collect();
    let last_stored = done.iter().filter_map(|p| p.stored_at).max();
    let mut accepted: Vec<Duration> = done.iter().flat_map(|p| p.accepted.clone()).collect();
    let mut with_waits: Vec<Duration> = done.iter().flat_map(|p| p.with_waits.clone()).collect();
    let (accepted, with_waits) = (Latency::of(&mut accepted), Latency::of(&mut with_waits));
    let upload_wall = last_stored.unwrap_or(wall);
    let rate = photos as f64 / upload_wall.as_secs_f64();
    let per_core = photos as f64 / used.server.as_secs_f64().max(1e-9);
    let peak_kib = peak.load(Ordering::Relaxed).max(end.peak_kib);
    let met = rate >= 40.0 && peak_kib < 300 * 1000 * 1000 / 1024 && failures.is_empty();
    println!(
        "[{name}] {photos} photos in {}: {rate:.1} photos/s; {per_core:.1} photos per second of \
         server CPU; {}",
        ms(upload_wall),
        used.per(photos, "photo (uploads and audits)")
    );
    println!(
        "[{name}] per upload: p50 {} p99 {} max {} (accepted attempt); from the first attempt \
         with the waits: p50 {} p99 {}; {refused} answers 503/429 retried after Retry-After",
        ms(accepted.p50),
        ms(accepted.p99),
        ms(accepted.max),
        ms(with_waits.p50),
        ms(with_waits.p99),
    );
    // The demo's own submitted audits are not the phones'.
    let stored: i64 =
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audits WHERE status = 'submitted'")
            .fetch_one(&mut conn)
            .await?
            - already;
    println!(
        "[{name}] last audit stored after {}; {stored} of {auditors} audits stored; failures {}; \
         server RSS idle {}, peak {} (VmHWM {}); target ≥ 40 photos/s, RSS < 300 MB: {}",
        last_stored.map_or("never".into(), ms),
        failures.len(),
        mib(idle.now_kib),
        mib(peak.load(Ordering::Relaxed)),
        mib(end.peak_kib),
        if met { "met" } else { "MISSED" }
    );
    if let Some(first) = failures.first() {
        println!("[{name}]     first failure: {first}");
    }
    drop(conn);
    server.stop()?;
    if backend == Backend::Postgres {
        bench::postgres_drop(&bench::postgres_admin_url()?, pg_name).await?;
    } else {
        bench::sqlite_remove(&file);
    }
    let _ = std::fs::remove_dir_all(&data_dir);
    Ok(())
}

/// Auditor `a`: an account like the demo auditor's (same password hash), a session, and the
/// assignment moved to them. Made in the database: 200 sign-ins would measure password
/// hashing, not photos.
async fn account(
    conn: &mut sqlx::AnyConnection,
    demo: &Demo,
    a: usize,
    assignment: Uuid,
) -> anyhow::Result<String> {
    let user = Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO users (id, org_id, email, name, role, password_hash, disabled, created_at) \
         SELECT $1, org_id, $2, $3, role, password_hash, 0, created_at FROM users WHERE id = $4",
    )
    .bind(&user)
    .bind(format!("rush-{a}@bench.touchstone.test"))
    .bind(format!("Rush auditor {a}"))
    .bind(demo.auditor_id.to_string())
    .execute(&mut *conn)
    .await?;
    let secret = new_secret().map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = Utc::now().timestamp_millis();
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(secret_hash(&secret))
    .bind(&user)
    .bind(now)
    .bind(now + 86_400_000)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE assignments SET auditor_id = $1 WHERE id = $2")
        .bind(&user)
        .bind(assignment.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(secret)
}

/// One phone: its photos one after another, then its audit; each retried after a 503 or
/// 429 for as long as the server asks.
async fn sync(base: &str, phone: Auditor, started: Instant) -> anyhow::Result<Phone> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::COOKIE,
        format!("ts_session={}", phone.secret).parse()?,
    );
    headers.insert("x-forwarded-for", phone.address.parse()?);
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(300))
        .build()?;
    let mut out = Phone::default();
    for photo in &phone.photos {
        let first = Instant::now();
        let request = || {
            http.post(format!("{base}/api/v1/photos"))
                .header(reqwest::header::CONTENT_TYPE, "image/jpeg")
                .body(photo.clone())
        };
        match send(request, &mut out.refused).await {
            Ok(took) => {
                out.accepted.push(took);
                out.with_waits.push(first.elapsed());
            }
            Err(e) => out.failures.push(format!("upload: {e}")),
        }
    }
    let body = serde_json::to_vec(&phone.body)?;
    let id = Uuid::now_v7();
    let request = || {
        http.put(format!("{base}/api/v1/audits/{id}"))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone())
    };
    match send(request, &mut out.refused).await {
        Ok(_) => out.stored_at = Some(started.elapsed()),
        Err(e) => out
            .failures
            .push(format!("audit {}: {e}", phone.assignment)),
    }
    Ok(out)
}

/// Sends until the server accepts (2xx: the accepted attempt's time) or refuses for good;
/// a `503` or `429` waits its `Retry-After` (1 s when absent) and is counted in `refused`.
async fn send(
    request: impl Fn() -> reqwest::RequestBuilder,
    refused: &mut usize,
) -> Result<Duration, String> {
    for _ in 0..200 {
        let sent = Instant::now();
        let reply = request().send().await.map_err(|e| e.to_string())?;
        let status = reply.status().as_u16();
        if reply.status().is_success() {
            reply.bytes().await.map_err(|e| e.to_string())?;
            return Ok(sent.elapsed());
        }
        if status == 503 || status == 429 {
            *refused += 1;
            let wait = reply
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(1);
            tokio::time::sleep(Duration::from_secs(wait)).await;
            continue;
        }
        let text = reply.text().await.unwrap_or_default();
        return Err(format!("{status}: {text}"));
    }
    Err("refused 200 times".into())
}
