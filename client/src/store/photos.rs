//! Downscaled photos kept on the device until the server has them (and for thumbnails).

use crate::store::db::{Db, Op, PHOTOS, Result, StoreError};
use wasm_bindgen::JsCast;
use web_sys::Blob;

/// Stores a JPEG under its sha256.
pub fn put_op(sha256: &str, jpeg: &Blob) -> Op {
    Op::Put {
        store: PHOTOS,
        key: sha256.to_owned(),
        value: jpeg.clone().into(),
    }
}

/// Stores a JPEG under its sha256.
pub async fn put(db: &Db, sha256: &str, jpeg: &Blob) -> Result<()> {
    db.write(vec![put_op(sha256, jpeg)]).await
}

/// The JPEG stored under a sha256.
pub async fn get(db: &Db, sha256: &str) -> Result<Option<Blob>> {
    match db.get_raw(PHOTOS, sha256).await? {
        None => Ok(None),
        Some(value) => value
            .dyn_into::<Blob>()
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("photo {sha256} is not a blob"))),
    }
}
