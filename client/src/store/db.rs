//! The IndexedDB database: object stores of JSON text (and photo blobs) keyed by strings.

use crate::store::upgrade;
use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// Name of the database the app uses; tests open others.
pub const DB_NAME: &str = "touchstone";
/// 2: checklist versions moved to their own store ([`CHECKLISTS`]).
/// 3: audits moved to their own store ([`AUDITS`]); see [`crate::store::upgrade`].
const VERSION: u32 = 3;

/// Small values: the signed-in user, last sync time.
pub const META: &str = "meta";
/// Assignments without their checklists and audits (`store::assignments::CachedAssignment`)
/// by assignment id: what the start page's list reads.
pub const ASSIGNMENTS: &str = "assignments";
/// The server's copy of each cached assignment's audit (`shared::audit::Audit`), by
/// assignment id.
pub const AUDITS: &str = "audits";
/// Checklist versions with their journeys (`store::checklists::CachedChecklist`) by
/// checklist version id: one copy however many assignments use it.
pub const CHECKLISTS: &str = "checklists";
/// Local audits by assignment id.
pub const DRAFTS: &str = "drafts";
/// Jobs waiting to be sent, by a time-ordered key.
pub const OUTBOX: &str = "outbox";
/// Downscaled JPEG blobs by sha256.
pub const PHOTOS: &str = "photos";

const STORES: [&str; 7] = [
    META,
    ASSIGNMENTS,
    AUDITS,
    CHECKLISTS,
    DRAFTS,
    OUTBOX,
    PHOTOS,
];

/// Why the offline store failed.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// IndexedDB refused (quota, private mode, blocked upgrade…).
    Idb(String),
    /// A stored value could not be read back.
    Corrupt(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Idb(e) => write!(f, "the device storage failed: {e}"),
            StoreError::Corrupt(e) => write!(f, "a saved record could not be read: {e}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rexie::Error> for StoreError {
    fn from(e: rexie::Error) -> Self {
        StoreError::Idb(format!("{e:?}"))
    }
}

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One write of an atomic batch.
pub enum Op {
    /// Store a value under a key.
    Put {
        /// Object store.
        store: &'static str,
        /// Key.
        key: String,
        /// Value (JSON text or a blob).
        value: JsValue,
    },
    /// Remove a key.
    Delete {
        /// Object store.
        store: &'static str,
        /// Key.
        key: String,
    },
}

impl Op {
    /// A put of `value` as JSON text.
    pub fn put_json<T: Serialize>(
        store: &'static str,
        key: impl Into<String>,
        value: &T,
    ) -> Result<Op> {
        let text = serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Op::Put {
            store,
            key: key.into(),
            value: JsValue::from_str(&text),
        })
    }

    fn store(&self) -> &'static str {
        match self {
            Op::Put { store, .. } | Op::Delete { store, .. } => store,
        }
    }
}

/// A handle on the open database; cheap to clone.
#[derive(Clone)]
pub struct Db {
    inner: Rc<Rexie>,
}

impl Db {
    /// Opens (creating or upgrading) the database called `name`, with the records of
    /// earlier versions of the app in the current layout.
    pub async fn open(name: &str) -> Result<Db> {
        let mut builder = Rexie::builder(name).version(VERSION);
        for store in STORES {
            builder = builder.add_object_store(ObjectStore::new(store));
        }
        let inner = builder.build().await?;
        let db = Db {
            inner: Rc::new(inner),
        };
        upgrade::run(&db).await?;
        Ok(db)
    }

    /// The database itself, for work that reads and writes in one transaction.
    pub(super) fn idb(&self) -> &Rexie {
        &self.inner
    }

    /// Deletes the database called `name` (tests start from nothing).
    pub async fn delete(name: &str) -> Result<()> {
        Rexie::builder(name).delete().await?;
        Ok(())
    }

    /// Reads the raw value under `key`.
    pub async fn get_raw(&self, store: &str, key: &str) -> Result<Option<JsValue>> {
        let tx = self
            .inner
            .transaction(&[store], TransactionMode::ReadOnly)?;
        let value = tx.store(store)?.get(JsValue::from_str(key)).await?;
        finish(tx).await?;
        Ok(value.filter(|v| !v.is_undefined()))
    }

    /// Reads the JSON value under `key`.
    pub async fn get_json<T: DeserializeOwned>(&self, store: &str, key: &str) -> Result<Option<T>> {
        match self.get_raw(store, key).await? {
            Some(value) => decode(&value).map(Some),
            None => Ok(None),
        }
    }

    /// Every (key, JSON value) of a store in key order.
    pub async fn all_json<T: DeserializeOwned>(&self, store: &str) -> Result<Vec<(String, T)>> {
        let tx = self
            .inner
            .transaction(&[store], TransactionMode::ReadOnly)?;
        let rows = tx.store(store)?.scan(None, None, None, None).await?;
        finish(tx).await?;
        rows.into_iter()
            .map(|(k, v)| Ok((k.as_string().unwrap_or_default(), decode(&v)?)))
            .collect()
    }

    /// Every key of a store in key order, without reading the values.
    pub async fn keys(&self, store: &str) -> Result<Vec<String>> {
        let tx = self
            .inner
            .transaction(&[store], TransactionMode::ReadOnly)?;
        let keys = tx.store(store)?.get_all_keys(None, None).await?;
        finish(tx).await?;
        Ok(keys.iter().filter_map(JsValue::as_string).collect())
    }

    /// Number of records in a store.
    pub async fn count(&self, store: &str) -> Result<u32> {
        let tx = self
            .inner
            .transaction(&[store], TransactionMode::ReadOnly)?;
        let n = tx.store(store)?.count(None).await?;
        finish(tx).await?;
        Ok(n)
    }

    /// Stores `value` as JSON under `key`.
    pub async fn put_json<T: Serialize>(
        &self,
        store: &'static str,
        key: &str,
        value: &T,
    ) -> Result<()> {
        self.write(vec![Op::put_json(store, key, value)?]).await
    }

    /// Removes `key`.
    pub async fn delete_key(&self, store: &'static str, key: &str) -> Result<()> {
        self.write(vec![Op::Delete {
            store,
            key: key.to_owned(),
        }])
        .await
    }

    /// Applies every write in one transaction: all of them land, or none.
    pub async fn write(&self, ops: Vec<Op>) -> Result<()> {
        if ops.is_empty() {
            return Ok(());
        }
        let mut stores: Vec<&str> = ops.iter().map(Op::store).collect();
        stores.sort_unstable();
        stores.dedup();
        let tx = self
            .inner
            .transaction(&stores, TransactionMode::ReadWrite)?;
        let mut failed = None;
        for op in ops {
            let result = match op {
                Op::Put { store, key, value } => match tx.store(store) {
                    Ok(s) => s
                        .put(&value, Some(&JsValue::from_str(&key)))
                        .await
                        .map(|_| ()),
                    Err(e) => Err(e),
                },
                Op::Delete { store, key } => match tx.store(store) {
                    Ok(s) => s.delete(JsValue::from_str(&key)).await,
                    Err(e) => Err(e),
                },
            };
            if let Err(e) = result {
                failed = Some(e);
                break;
            }
        }
        match failed {
            None => finish(tx).await,
            Some(e) => {
                // A request that fails when it is made (e.g. a value that cannot be cloned)
                // does not abort the transaction by itself: without this, the writes before
                // it would commit.
                let _ = tx.abort().await;
                Err(e.into())
            }
        }
    }

    /// Removes every record of a store.
    pub async fn clear(&self, store: &'static str) -> Result<()> {
        let tx = self
            .inner
            .transaction(&[store], TransactionMode::ReadWrite)?;
        tx.store(store)?.clear().await?;
        finish(tx).await?;
        Ok(())
    }
}

/// Reads a raw value (from [`Db::get_raw`]) as JSON.
pub fn decode<T: DeserializeOwned>(value: &JsValue) -> Result<T> {
    let text = value
        .as_string()
        .ok_or_else(|| StoreError::Corrupt("expected JSON text".into()))?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Waits for `tx` to commit.
pub(super) async fn finish(tx: rexie::Transaction) -> Result<()> {
    if tx.done().await?.is_committed() {
        Ok(())
    } else {
        Err(StoreError::Idb("the transaction was aborted".into()))
    }
}
