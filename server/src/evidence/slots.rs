//! Upload slots: how many photo bodies are read at once, shared fairly.
//!
//! With the body limit, the number of slots bounds the memory uploads hold. A slot is held
//! while the body arrives, so slow but legal uploads could hold every slot (ten trickles at
//! 1.5 KB/s kept all of them for up to ten minutes). Hence: a user holds at most
//! `per_user` slots, and at most `per_address` from one address; and when every slot is
//! taken, a new upload cuts the slowest upload past its grace period (the oldest of equally
//! slow ones) if that one is slower than [`CUT_BELOW_MIN_RATE_TIMES`] × the minimum rate,
//! so a trickle gives way to a phone with a normal connection.

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use uuid::Uuid;

/// An upload slower than this many times the minimum rate may be cut for a new one when
/// every slot is taken.
pub const CUT_BELOW_MIN_RATE_TIMES: u64 = 8;

/// How often a waiting upload looks again for a slot to take.
const RECHECK: Duration = Duration::from_millis(250);

/// How the slots are shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sharing {
    /// Slots in all.
    pub total: usize,
    /// Slots one user may hold.
    pub per_user: usize,
    /// Slots one user may hold from one address.
    pub per_address: usize,
    /// Time an upload gets before its rate is judged.
    pub grace: Duration,
    /// The minimum rate of an upload, in bytes per second.
    pub min_bytes_per_sec: u64,
}

/// Why no slot was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The user (or the user from this address) already holds their share.
    OverShare,
    /// Every slot stayed taken by uploads too fast to cut.
    Busy,
}

#[derive(Debug)]
struct Holder {
    user: Uuid,
    address: Option<IpAddr>,
    started: Instant,
    received: Arc<AtomicU64>,
    cut: Arc<Notify>,
}

impl Holder {
    /// Bytes per second so far.
    fn rate(&self, now: Instant) -> u64 {
        let secs = now.duration_since(self.started).as_secs_f64().max(0.001);
        (self.received.load(Ordering::Relaxed) as f64 / secs) as u64
    }
}

#[derive(Debug, Default)]
struct Table {
    next: u64,
    holders: HashMap<u64, Holder>,
}

#[derive(Debug)]
struct Inner {
    sharing: Sharing,
    table: Mutex<Table>,
    freed: Notify,
}

/// The upload slots, shared by every request of a server.
#[derive(Debug, Clone)]
pub struct UploadSlots {
    inner: Arc<Inner>,
}

/// A held slot; freed when dropped.
#[derive(Debug)]
pub struct Slot {
    inner: Arc<Inner>,
    id: u64,
    received: Arc<AtomicU64>,
    cut: Arc<Notify>,
}

/// Why reading a body in a slot stopped.
#[derive(Debug)]
pub enum ReadError {
    /// The body failed (too large, too slow, broken): the cause.
    Body(axum::Error),
    /// The slot was given to another upload (this one was the slowest).
    Cut,
}

impl UploadSlots {
    /// Slots shared as `sharing` says (at least one of each).
    pub fn new(sharing: Sharing) -> UploadSlots {
        let sharing = Sharing {
            total: sharing.total.max(1),
            per_user: sharing.per_user.max(1),
            per_address: sharing.per_address.max(1),
            ..sharing
        };
        UploadSlots {
            inner: Arc::new(Inner {
                sharing,
                table: Mutex::new(Table::default()),
                freed: Notify::new(),
            }),
        }
    }

    /// Slots in all.
    pub fn total(&self) -> usize {
        self.inner.sharing.total
    }

    /// Slots held now.
    pub fn in_use(&self) -> usize {
        self.inner.table.lock().map_or(0, |t| t.holders.len())
    }

    /// A slot for `user` uploading from `address`, waiting at most `wait` for one.
    pub async fn acquire(
        &self,
        user: Uuid,
        address: Option<IpAddr>,
        wait: Duration,
    ) -> Result<Slot, Refused> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(slot) = self.try_take(user, address)? {
                return Ok(slot);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Refused::Busy);
            }
            let _ = tokio::time::timeout(left.min(RECHECK), self.inner.freed.notified()).await;
        }
    }

    /// A slot now: a free one, or one taken from the slowest upload; `None` when neither.
    fn try_take(&self, user: Uuid, address: Option<IpAddr>) -> Result<Option<Slot>, Refused> {
        let sharing = self.inner.sharing;
        let mut table = self.inner.table.lock().unwrap_or_else(|p| p.into_inner());
        let mine = table.holders.values().filter(|h| h.user == user);
        let (all, here) = mine.fold((0, 0), |(all, here), h| {
            (all + 1, here + usize::from(h.address == address))
        });
        if all >= sharing.per_user || here >= sharing.per_address {
            return Err(Refused::OverShare);
        }
        if table.holders.len() >= sharing.total {
            let Some(victim) = slowest(&table, sharing, Instant::now()) else {
                return Ok(None);
            };
            if let Some(cut) = table.holders.remove(&victim) {
                tracing::warn!(user = %cut.user, "slowest upload cut to free a slot");
                cut.cut.notify_one();
            }
        }
        table.next += 1;
        let id = table.next;
        let received = Arc::new(AtomicU64::new(0));
        let cut = Arc::new(Notify::new());
        table.holders.insert(
            id,
            Holder {
                user,
                address,
                started: Instant::now(),
                received: Arc::clone(&received),
                cut: Arc::clone(&cut),
            },
        );
        Ok(Some(Slot {
            inner: Arc::clone(&self.inner),
            id,
            received,
            cut,
        }))
    }
}

/// The upload to cut: past its grace, slow enough, the slowest (the oldest of equals).
fn slowest(table: &Table, sharing: Sharing, now: Instant) -> Option<u64> {
    let threshold = sharing.min_bytes_per_sec * CUT_BELOW_MIN_RATE_TIMES;
    table
        .holders
        .iter()
        .filter(|(_, h)| now.duration_since(h.started) >= sharing.grace)
        .map(|(id, h)| (*id, h.rate(now), h.started))
        .filter(|(_, rate, _)| *rate < threshold)
        .min_by_key(|(_, rate, started)| (*rate, *started))
        .map(|(id, _, _)| id)
}

impl Slot {
    /// Reads `body` (already bounded in size and rate by the HTTP layer), counting what
    /// arrives so the slowest upload can be told; stops when the slot is taken away.
    pub async fn read(&self, body: axum::body::Body) -> Result<Bytes, ReadError> {
        let mut stream = body.into_data_stream();
        let mut bytes = BytesMut::new();
        loop {
            let chunk = tokio::select! {
                chunk = stream.next() => chunk,
                () = self.cut.notified() => return Err(ReadError::Cut),
            };
            match chunk {
                None => return Ok(bytes.freeze()),
                Some(Ok(chunk)) => {
                    self.received
                        .fetch_add(chunk.len() as u64, Ordering::Relaxed);
                    bytes.extend_from_slice(&chunk);
                }
                Some(Err(e)) => return Err(ReadError::Body(e)),
            }
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut table = self.inner.table.lock().unwrap_or_else(|p| p.into_inner());
        table.holders.remove(&self.id);
        drop(table);
        self.inner.freed.notify_waiters();
    }
}
