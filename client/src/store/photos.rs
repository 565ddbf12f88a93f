//! Downscaled photos kept on the device until the server has them (and for thumbnails).
//!
//! A photo is stored as its bytes (an `ArrayBuffer`), not as a `Blob`: WebKit (Safari in a
//! private window, WebKitGTK under WebDriver) refuses to put a Blob in IndexedDB ("Error
//! preparing Blob/File data to be stored in object store"), while a buffer works in every
//! engine. Photos kept as Blobs by earlier versions of the app are still read.

use crate::device::photo::jpeg_blob;
use crate::store::db::{Db, Op, PHOTOS, Result, StoreError};
use wasm_bindgen::JsCast;
use web_sys::Blob;

/// Stores a JPEG (its bytes) under its sha256.
pub fn put_op(sha256: &str, jpeg: &[u8]) -> Op {
    Op::Put {
        store: PHOTOS,
        key: sha256.to_owned(),
        value: js_sys::Uint8Array::from(jpeg).buffer().into(),
    }
}

/// Stores a JPEG (its bytes) under its sha256.
pub async fn put(db: &Db, sha256: &str, jpeg: &[u8]) -> Result<()> {
    db.write(vec![put_op(sha256, jpeg)]).await
}

/// The JPEG stored under a sha256, as a `image/jpeg` Blob.
pub async fn get(db: &Db, sha256: &str) -> Result<Option<Blob>> {
    let Some(value) = db.get_raw(PHOTOS, sha256).await? else {
        return Ok(None);
    };
    let corrupt = || StoreError::Corrupt(format!("photo {sha256} is neither bytes nor a blob"));
    match value.dyn_into::<js_sys::ArrayBuffer>() {
        Ok(buffer) => jpeg_blob(&js_sys::Uint8Array::new(&buffer).to_vec())
            .map(Some)
            .map_err(StoreError::Corrupt),
        Err(value) => value.dyn_into::<Blob>().map(Some).map_err(|_| corrupt()),
    }
}
