//! The offline store: everything the auditor needs without a network, in IndexedDB.
//!
//! One database ([`db::DB_NAME`]) with an object store per kind of record. Values are JSON
//! text of the shared wire types (or of [`crate::draft::Draft`]); photos are blobs.

pub mod assignments;
pub mod audits;
pub mod checklists;
pub mod db;
pub mod drafts;
pub mod meta;
pub mod outbox;
pub mod photos;
pub mod upgrade;

pub use db::{Db, StoreError};

use std::cell::RefCell;

thread_local! {
    static APP_DB: RefCell<Option<Db>> = const { RefCell::new(None) };
}

/// The app's database, opened on first use.
pub async fn app_db() -> Result<Db, StoreError> {
    if let Some(db) = APP_DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let db = Db::open(db::DB_NAME).await?;
    APP_DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}
