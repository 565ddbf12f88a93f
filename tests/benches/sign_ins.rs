//! Sign-in flood: 64 parallel sign-ins (half for the demo users, with the right password and
//! with wrong ones, half for unknown e-mails) against the release server on SQLite, in
//! rounds; the server's peak RSS (`VmHWM`), and what the sign-ins were answered. Then the
//! same flood with as many password workers as sign-ins (`--password-workers 64`), which is
//! what an unbounded pool did: the reference, in the same run.
//!
//! Target: peak RSS under 120 MB under any sign-in flood. Knobs: `BENCH_SIGNIN_PARALLEL`
//! (64), `BENCH_SIGNIN_ROUNDS` (5), `BENCH_SIGNIN_REFERENCE` (1; 0 skips the reference). See
//! BENCHMARKS.md.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use touchstone_tests::bench::{self, Server, demo_users};

/// The e-mail and password of sign-in `n` of a round.
fn credentials(round: usize, n: usize) -> (String, String) {
    let known = [
        demo_users::CONSULTANT,
        demo_users::MANAGER,
        demo_users::AUDITOR,
    ];
    match n % 4 {
        0 => (known[n / 4 % 3].to_owned(), demo_users::PASSWORD.to_owned()),
        1 => (
            known[n / 4 % 3].to_owned(),
            format!("wrong password {round}"),
        ),
        _ => (
            format!("flood-{round}-{n}@example.test"),
            "guess guess".to_owned(),
        ),
    }
}

/// One round of `parallel` sign-ins at once, each from an address of its own (the server
/// trusts loopback as a proxy), so the throttle does not hide the hashing; the statuses.
async fn round(base: &str, round: usize, parallel: usize) -> Vec<u16> {
    let attempts = (0..parallel).map(|n| async move {
        let (email, password) = credentials(round, n);
        let reply = reqwest::Client::new()
            .post(format!("{base}/api/v1/auth/login"))
            .header("x-forwarded-for", format!("198.18.{round}.{n}"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await;
        reply.map_or(0, |r| r.status().as_u16())
    });
    futures_util::future::join_all(attempts).await
}

async fn flood(label: &str, extra: &[&str], parallel: usize, rounds: usize) -> anyhow::Result<()> {
    let dir = bench::work_dir().join("sign-ins");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut args = vec!["--trusted-proxies", "127.0.0.0/8"];
    args.extend_from_slice(extra);
    let server = Server::start_with(
        &bench::sqlite_url(&dir.join("sign-ins.db")),
        &dir.join("data"),
        true,
        &dir.join("server.log"),
        Duration::from_secs(300),
        &args,
    )
    .await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = server.rss();
    let mut answers: BTreeMap<u16, usize> = BTreeMap::new();
    let started = Instant::now();
    for r in 0..rounds {
        for status in round(&server.base, r, parallel).await {
            *answers.entry(status).or_default() += 1;
        }
    }
    let took = started.elapsed();
    let peak = server.rss();
    println!(
        "{label}: idle {}, peak {} after {rounds} × {parallel} sign-ins in {} ({answers:?})",
        bench::mib(idle.now_kib),
        bench::mib(peak.peak_kib),
        bench::ms(took),
    );
    server.stop()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let parallel = bench::env_usize("BENCH_SIGNIN_PARALLEL", 64);
    let rounds = bench::env_usize("BENCH_SIGNIN_ROUNDS", 5);
    println!("# sign-in flood: release server, SQLite, demo data; peak RSS is VmHWM");
    flood("bounded (default workers and queue)", &[], parallel, rounds).await?;
    if bench::env_usize("BENCH_SIGNIN_REFERENCE", 1) > 0 {
        let workers = parallel.to_string();
        let queue = [
            "--password-workers",
            workers.as_str(),
            "--password-queue",
            "0",
        ];
        flood(
            "reference: one worker per sign-in",
            &queue,
            parallel,
            rounds,
        )
        .await?;
    }
    Ok(())
}
