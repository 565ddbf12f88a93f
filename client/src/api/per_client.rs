//! A client's listings as resources that follow the picked client.

use super::ApiResult;
use leptos::prelude::*;
use std::future::Future;
use uuid::Uuid;

/// `fetch` for the picked client (empty while none is picked), fetched again when the
/// client changes or `reload` is bumped. Failures show as an empty list.
pub fn per_client<T, Fut>(
    client: RwSignal<Option<Uuid>>,
    reload: RwSignal<u32>,
    fetch: fn(Uuid) -> Fut,
) -> LocalResource<Vec<T>>
where
    T: 'static,
    Fut: Future<Output = ApiResult<Vec<T>>> + 'static,
{
    LocalResource::new(move || {
        let c = client.get();
        reload.track();
        async move {
            match c {
                Some(c) => fetch(c).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    })
}
