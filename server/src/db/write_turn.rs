//! Write transactions, and on SQLite the process's writer connection with the queue in which
//! writers take turns at it.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::error::{Error, Result};
use crate::metrics::InFlight;
use sqlx::{Any, AnyConnection, AnyPool, Transaction};

/// How long a writer waits for its turn before the request gets 503 + `Retry-After`: as long
/// as SQLite's busy timeout, the wait it replaces.
pub const WRITE_WAIT: Duration = Duration::from_secs(10);

/// The process's SQLite writer connection and the queue for it: one turn at a time, first
/// come first served (tokio's mutex is fair).
#[derive(Debug, Clone)]
pub struct WriteTurn {
    writer: AnyPool,
    lock: Arc<Mutex<()>>,
    stats: Arc<TurnStats>,
}

#[derive(Debug, Default)]
struct TurnStats {
    waiting: AtomicUsize,
    turns: AtomicU64,
    waited_us: AtomicU64,
}

/// A writer's turn; the next writer's starts when it is dropped.
#[derive(Debug)]
pub struct Turn {
    _guard: OwnedMutexGuard<()>,
}

impl WriteTurn {
    /// An empty queue for the one connection of `writer`.
    pub fn new(writer: AnyPool) -> WriteTurn {
        WriteTurn {
            writer,
            lock: Arc::default(),
            stats: Arc::default(),
        }
    }

    /// Waits for the turn, then starts a transaction that holds SQLite's write lock
    /// (`BEGIN IMMEDIATE`) on the writer connection.
    pub async fn begin(&self) -> Result<Tx> {
        let turn = self.wait().await?;
        let tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        Ok(Tx::new(tx, Some(turn)))
    }

    /// Closes the writer connection.
    pub async fn close(&self) {
        self.writer.close().await;
    }

    /// Waits for the turn; [`Error::Unavailable`] after [`WRITE_WAIT`].
    async fn wait(&self) -> Result<Turn> {
        let start = Instant::now();
        let waiting = InFlight::enter(&self.stats.waiting);
        let turn = tokio::time::timeout(WRITE_WAIT, self.lock.clone().lock_owned()).await;
        drop(waiting);
        let waited = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        self.stats.waited_us.fetch_add(waited, Ordering::Relaxed);
        match turn {
            Ok(guard) => {
                self.stats.turns.fetch_add(1, Ordering::Relaxed);
                Ok(Turn { _guard: guard })
            }
            Err(_) => {
                tracing::warn!("no turn to write within {WRITE_WAIT:?}");
                Err(Error::Unavailable)
            }
        }
    }

    /// Writers waiting now.
    pub fn waiting(&self) -> usize {
        self.stats.waiting.load(Ordering::Relaxed)
    }

    /// Turns given since the start, and the seconds writers waited for them in all.
    pub fn totals(&self) -> (u64, f64) {
        let turns = self.stats.turns.load(Ordering::Relaxed);
        let waited = self.stats.waited_us.load(Ordering::Relaxed) as f64 / 1e6;
        (turns, waited)
    }
}

/// A write transaction; on SQLite it holds the writer's turn until it commits or is dropped.
/// It derefs to the connection, as sqlx's `Transaction` does.
pub struct Tx {
    // Declared first, so it is dropped (its rollback queued) before the turn passes on.
    tx: Transaction<'static, Any>,
    _turn: Option<Turn>,
}

impl Tx {
    pub(crate) fn new(tx: Transaction<'static, Any>, turn: Option<Turn>) -> Tx {
        Tx { tx, _turn: turn }
    }

    /// Commits, then passes the turn on.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    /// Rolls back, then passes the turn on.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl Deref for Tx {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}
