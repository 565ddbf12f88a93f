use crate::api;
use crate::store::{self, photos};
use leptos::prelude::*;

/// A photo's thumbnail: the copy on the device when there is one, else the server's.
#[component]
pub fn PhotoThumb(
    /// sha256 of the photo.
    sha256: String,
) -> impl IntoView {
    let object_url = StoredValue::new(None::<String>);
    let sha = sha256.clone();
    let src = LocalResource::new(move || {
        let sha = sha.clone();
        async move {
            let local = match store::app_db().await {
                Ok(db) => photos::get(&db, &sha).await.ok().flatten(),
                Err(_) => None,
            };
            match local.and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok()) {
                Some(url) => {
                    object_url.set_value(Some(url.clone()));
                    url
                }
                None => api::photo_thumb_url(&sha),
            }
        }
    });
    on_cleanup(move || {
        if let Some(url) = object_url.try_get_value().flatten() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    view! {
        <img
            class="thumb"
            alt=format!("Photo {}", &sha256[..8.min(sha256.len())])
            data-sha256=sha256.clone()
            src=move || src.get()
        />
    }
}
