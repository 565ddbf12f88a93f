//! E-mail for the benchmarks: a loopback SMTP server (`scripts/smtp-sink.py`, PyPI
//! aiosmtpd) that counts what it receives, and a backlog of e-mails written straight into
//! the outbox for the server's delivery worker to drain.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use uuid::Uuid;

/// The loopback SMTP server, stopped when dropped.
pub struct SmtpSink {
    child: Child,
    dir: PathBuf,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

/// The Python with aiosmtpd: `TOUCHSTONE_TEST_SMTP_PYTHON`, else the venv `.ci/run` makes.
fn python() -> String {
    std::env::var("TOUCHSTONE_TEST_SMTP_PYTHON")
        .unwrap_or_else(|_| "/opt/touchstone-smtp/bin/python3".to_owned())
}

impl SmtpSink {
    /// Starts it, writing messages under `dir` (emptied first).
    pub fn start(dir: &Path) -> anyhow::Result<SmtpSink> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            listener.local_addr()?.port()
        };
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/smtp-sink.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(port.to_string())
            .arg(dir)
            .stdout(Stdio::piped())
            .spawn()
            .context("starting scripts/smtp-sink.py (needs aiosmtpd)")?;
        let stdout = child.stdout.take().context("stdout")?;
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)?;
        if line.trim() != "ready" {
            bail!("the SMTP sink did not start: {line}");
        }
        Ok(SmtpSink {
            child,
            dir: dir.to_owned(),
            port,
        })
    }

    /// `--smtp-url` for the server.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Messages received so far.
    pub fn received(&self) -> usize {
        std::fs::read_dir(&self.dir).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .count()
        })
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes `n` pending e-mails to `user_id` of `org_id` into the outbox, due now.
pub async fn fill_outbox(
    conn: &mut sqlx::AnyConnection,
    org_id: Uuid,
    user_id: Uuid,
    n: usize,
) -> anyhow::Result<()> {
    sqlx::query(
        "WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < $1) \
         INSERT INTO outbox (id, org_id, user_id, kind, channel, idempotency_key, address, \
         subject, body, link, status, next_attempt_at, created_at) \
         SELECT 'backlog-' || CAST(k AS TEXT), $2, $3, 'assignment_created', 'email', \
         'backlog:' || CAST(k AS TEXT) || ':email', 'auditor@demo.touchstone.test', \
         'New visit assigned', 'A visit is yours from Monday to Friday.', '/assignments', \
         'pending', 0, 0 FROM seq",
    )
    .bind(i64::try_from(n)?)
    .bind(org_id.to_string())
    .bind(user_id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// E-mails of the outbox not delivered yet, and those given up on.
pub async fn undelivered(conn: &mut sqlx::AnyConnection) -> anyhow::Result<(i64, i64)> {
    let row: (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM outbox",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(row)
}
