use crate::api;
use crate::components::{SelectField, ZoneNote};
use crate::editor::plan;
use crate::scorecard_query;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::time::Duration;
use touchstone_shared::scorecard::{Bucket, ScorecardQuery};
use uuid::Uuid;

/// How long the filters wait for the typing to pause before they apply.
const FILTER_DELAY: Duration = Duration::from_millis(350);

/// Client, period, region and location of a scorecard, kept in the page address of `path`:
/// they apply as they change (once typing pauses), so the address can be bookmarked and
/// shared. Days are days in the organisation's zone. Picks the first client when none is
/// chosen.
#[component]
pub fn ScorecardFilters(
    /// The page the filters belong to.
    path: &'static str,
) -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let current = Memo::new(move |_| query.with(scorecard_query::scorecard));
    let clients = LocalResource::new(api::clients);
    let client = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let bucket = RwSignal::new("week".to_owned());
    // The address is the truth: the fields follow it.
    Effect::new(move |_| {
        let q = current.get();
        client.set(
            q.as_ref()
                .map(|q| q.client_id.to_string())
                .unwrap_or_default(),
        );
        region.set(
            q.as_ref()
                .and_then(|q| q.region.clone())
                .unwrap_or_default(),
        );
        location.set(
            q.as_ref()
                .and_then(|q| q.location_id)
                .map(|l| l.to_string())
                .unwrap_or_default(),
        );
        let (first, last) = scorecard_query::shown_days(q.as_ref());
        from.set(first);
        to.set(last);
        bucket.set(
            if q.as_ref().is_some_and(|q| q.bucket == Bucket::Month) {
                "month"
            } else {
                "week"
            }
            .into(),
        );
    });
    // The query the fields describe, `None` while they describe none (no client, bad days).
    let wanted = Memo::new(move |_| {
        let client_id = client.get().parse::<Uuid>().ok()?;
        let (from, to) = plan::day_window(&from.get(), &to.get()).ok()?;
        Some(ScorecardQuery {
            client_id,
            from: Some(from),
            to: Some(to),
            region: Some(region.get()).filter(|r| !r.is_empty()),
            location_id: location.get().parse().ok(),
            bucket: if bucket.get() == "month" {
                Bucket::Month
            } else {
                Bucket::Week
            },
        })
    });
    let go = {
        let navigate = navigate.clone();
        move || {
            if let Some(q) = wanted.get_untracked() {
                // Replace, not push: a filter change is not a page to go back to.
                let options = NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                };
                navigate(&scorecard_query::href(path, &q), options);
            }
        }
    };
    // Filters apply as they change, once typing pauses, and the address follows.
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new({
        let go = go.clone();
        move |_| {
            let Some(q) = wanted.get() else { return };
            if current.get_untracked().is_some_and(|c| c == q) {
                return;
            }
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            let go = go.clone();
            pending.set_value(set_timeout_with_handle(go, FILTER_DELAY).ok());
        }
    });
    // No client chosen: the first one the caller may see.
    Effect::new({
        let go = go.clone();
        move |_| {
            if current.with(Option::is_none)
                && let Some(Ok(list)) = clients.get()
                && let Some(first) = list.first()
            {
                client.set(first.id.to_string());
                go();
            }
        }
    });
    let locations = LocalResource::new(move || {
        let c = current.with(|q| q.as_ref().map(|q| q.client_id));
        async move {
            match c {
                Some(c) => api::locations(Some(c)).await.unwrap_or_default(),
                None => Vec::new(),
            }
        }
    });
    let client_options = Signal::derive(move || match clients.get() {
        Some(Ok(list)) => list
            .into_iter()
            .map(|c| (c.id.to_string(), c.name))
            .collect(),
        _ => Vec::new(),
    });
    let region_options = Signal::derive(move || {
        let mut regions: Vec<String> = locations
            .get()
            .unwrap_or_default()
            .into_iter()
            .map(|l| l.region)
            .filter(|r| !r.is_empty())
            .collect();
        regions.sort();
        regions.dedup();
        regions.into_iter().map(|r| (r.clone(), r)).collect()
    });
    let location_options = Signal::derive(move || {
        let r = region.get();
        let mut list: Vec<(String, String)> = locations
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|l| r.is_empty() || l.region == r)
            .map(|l| (l.id.to_string(), format!("{} \u{b7} {}", l.code, l.name)))
            .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    });
    let bucket_options = Signal::derive(|| {
        vec![
            ("week".to_owned(), "Weeks".to_owned()),
            ("month".to_owned(), "Months".to_owned()),
        ]
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        go();
    };
    view! {
        <form class="filters" aria-label="Scorecard filters" on:submit=apply>
            <SelectField id="s-client" label="Client" options=client_options value=client />
            <div class="filter">
                <label class="field-label" for="s-from">"From"</label>
                <input id="s-from" class="field" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div class="filter">
                <label class="field-label" for="s-to">"To"</label>
                <input id="s-to" class="field" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
            </div>
            <SelectField id="s-region" label="Region" any="All regions" options=region_options value=region />
            <SelectField id="s-location" label="Location" any="All locations" options=location_options value=location />
            <SelectField id="s-bucket" label="Trend by" options=bucket_options value=bucket />
            <div class="filter"><ZoneNote /></div>
        </form>
    }
}
