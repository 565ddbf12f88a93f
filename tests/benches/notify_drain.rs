//! E-mail delivery: a backlog of `BENCH_DRAIN_EMAILS` (100,000) e-mails in the outbox,
//! drained by the release server's delivery worker to a loopback SMTP server
//! (`scripts/smtp-sink.py`, PyPI aiosmtpd, writing each message to a file), on SQLite and
//! PostgreSQL. Prints e-mails/s from the server's start until the last one is marked
//! delivered, and how many the SMTP server received. Target: ≥ 1,000 e-mails/s.
//! See BENCHMARKS.md.

use std::time::{Duration, Instant};
use touchstone_tests::bench::{self, Backend, Demo, Server, env_usize, mail};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n = env_usize("BENCH_DRAIN_EMAILS", 100_000);
    let max_secs = env_usize("BENCH_DRAIN_SECS", 900) as u64;
    println!("# notify_drain: {n} e-mails in the outbox to a loopback SMTP server");
    for backend in bench::backends() {
        drain(backend, n, max_secs).await?;
    }
    Ok(())
}

async fn drain(backend: Backend, n: usize, max_secs: u64) -> anyhow::Result<()> {
    let name = backend.name();
    let dir = bench::work_dir();
    let file = dir.join("drain.db");
    let url = match backend {
        Backend::Sqlite => {
            bench::sqlite_remove(&file);
            bench::sqlite_url(&file)
        }
        Backend::Postgres => {
            bench::postgres_fresh(&bench::postgres_admin_url()?, "touchstone_bench_drain").await?
        }
    };
    let data_dir = dir.join(format!("drain-data-{name}"));
    let setup = Server::start(
        &url,
        &data_dir,
        true,
        &dir.join(format!("drain-{name}-demo.log")),
        Duration::from_secs(600),
    )
    .await?;
    setup.stop()?;
    let mut conn = bench::connect(&url).await?;
    let demo = Demo::read(&mut conn).await?;
    // What the demo queued is delivered with the backlog.
    let (queued, _) = mail::undelivered(&mut conn).await?;
    mail::fill_outbox(&mut conn, demo.org_id, demo.auditor_id, n).await?;
    let total = n + usize::try_from(queued)?;

    let sink = mail::SmtpSink::start(&dir.join(format!("drain-mail-{name}")))?;
    let smtp = sink.url();
    let started = Instant::now();
    let server = Server::start_with(
        &url,
        &data_dir,
        false,
        &dir.join(format!("drain-{name}.log")),
        Duration::from_secs(120),
        &["--smtp-url", &smtp, "--notify-poll-ms", "20"],
    )
    .await?;
    let ready = started.elapsed();
    let mut last = (0, 0);
    while started.elapsed() < Duration::from_secs(max_secs) {
        last = mail::undelivered(&mut conn).await?;
        if last.0 == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let wall = started.elapsed();
    let rss = server.rss();
    server.stop()?;
    let (pending, failed) = last;
    let delivered = total as i64 - pending - failed;
    let rate = delivered as f64 / wall.as_secs_f64();
    let verdict = if pending == 0 && failed == 0 && rate >= 1000.0 {
        "meets"
    } else {
        "MISSES"
    };
    println!(
        "[{name}] {delivered} of {total} e-mails delivered in {:.1} s (server ready after \
         {:.1} s): {rate:.0} e-mails/s ({verdict} the target of >= 1,000/s); {pending} \
         pending, {failed} failed; the SMTP server received {}; server peak RSS {}",
        wall.as_secs_f64(),
        ready.as_secs_f64(),
        sink.received(),
        bench::mib(rss.peak_kib)
    );
    Ok(())
}
