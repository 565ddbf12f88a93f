//! CPU time of the server process and of the PostgreSQL cluster, from `/proc`, so a
//! benchmark can report CPU per request for both sides.

use std::time::Duration;

/// Linux reports `/proc/*/stat` times in clock ticks of `USER_HZ`, 100 on every architecture
/// the project runs on.
const TICKS_PER_SECOND: u64 = 100;

/// The fields of `/proc/{pid}/stat` after the command name: (parent pid, user + system
/// ticks of the process, user + system ticks of its waited-for children).
fn stat(pid: u32) -> Option<(u32, u64, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may hold spaces: count fields after it.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let number = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    let ppid = u32::try_from(number(1)?).ok()?;
    Some((ppid, number(11)? + number(12)?, number(13)? + number(14)?))
}

fn ticks(t: u64) -> Duration {
    Duration::from_millis(t * 1000 / TICKS_PER_SECOND)
}

/// CPU time (user + system) the process has used so far.
pub fn process(pid: u32) -> Duration {
    stat(pid).map_or(Duration::ZERO, |(_, own, _)| ticks(own))
}

/// CPU time a PostgreSQL cluster has used so far: its postmaster, the backends and workers
/// running now, and those that have exited (the postmaster waits for them, so their time is
/// in its children's count).
pub fn cluster(postmaster: u32) -> Duration {
    let Some((_, own, exited)) = stat(postmaster) else {
        return Duration::ZERO;
    };
    let running: u64 = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(stat)
        .filter(|(ppid, _, _)| *ppid == postmaster)
        .map(|(_, own, _)| own)
        .sum();
    ticks(own + exited + running)
}

/// The postmaster's pid of the cluster the connection is on, when it runs on this machine
/// and its data directory is readable (the first line of `postmaster.pid`).
pub async fn postmaster(conn: &mut sqlx::AnyConnection) -> Option<u32> {
    let dir: String = sqlx::query_scalar("SELECT current_setting('data_directory')")
        .fetch_one(conn)
        .await
        .ok()?;
    let text = std::fs::read_to_string(std::path::Path::new(&dir).join("postmaster.pid")).ok()?;
    text.lines().next()?.trim().parse().ok()
}

/// Reads the CPU time of the server and, on PostgreSQL, of its cluster.
pub struct Meter {
    server: u32,
    cluster: Option<u32>,
}

/// CPU time used between two readings of a [`Meter`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Used {
    pub server: Duration,
    pub database: Option<Duration>,
}

impl Meter {
    /// The server's process, and the cluster of `conn` when it is PostgreSQL on this machine.
    pub async fn new(server: u32, postgres: Option<&mut sqlx::AnyConnection>) -> Meter {
        let cluster = match postgres {
            Some(conn) => postmaster(conn).await,
            None => None,
        };
        Meter { server, cluster }
    }

    /// Both counters now.
    pub fn read(&self) -> Used {
        Used {
            server: process(self.server),
            database: self.cluster.map(cluster),
        }
    }

    /// What was used since `before`.
    pub fn since(&self, before: Used) -> Used {
        let now = self.read();
        Used {
            server: now.server.saturating_sub(before.server),
            database: now
                .database
                .zip(before.database)
                .map(|(n, b)| n.saturating_sub(b)),
        }
    }
}

impl Used {
    /// The sum of two runs' use.
    pub fn plus(&self, other: &Used) -> Used {
        Used {
            server: self.server + other.server,
            database: self.database.zip(other.database).map(|(a, b)| a + b),
        }
    }

    /// Per request, as "server 1.23 ms, database 0.45 ms CPU per audit".
    pub fn per(&self, requests: usize, what: &str) -> String {
        let each = |d: Duration| d.as_secs_f64() * 1000.0 / requests.max(1) as f64;
        match self.database {
            Some(db) => format!(
                "CPU per {what}: server {:.2} ms, database {:.2} ms",
                each(self.server),
                each(db)
            ),
            None => format!("CPU per {what}: server {:.2} ms", each(self.server)),
        }
    }
}
