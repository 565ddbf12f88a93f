use crate::api;
use crate::components::SelectField;
use crate::scorecard_query;
use chrono::{NaiveDate, TimeDelta, Utc};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use touchstone_shared::scorecard::{Bucket, ScorecardQuery};
use uuid::Uuid;

/// Client, period, region and location of a scorecard, kept in the page address of `path`.
/// Picks the first client when none is chosen.
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
        let today = Utc::now().date_naive();
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
        let day = |d: Option<chrono::DateTime<Utc>>, default: NaiveDate| {
            d.map_or(default, |d| d.date_naive())
                .format("%Y-%m-%d")
                .to_string()
        };
        from.set(day(
            q.as_ref().and_then(|q| q.from),
            today - TimeDelta::days(89),
        ));
        // `to` is exclusive: the field shows the last day included.
        to.set(day(
            q.as_ref()
                .and_then(|q| q.to)
                .map(|t| t - TimeDelta::days(1)),
            today,
        ));
        bucket.set(
            if q.as_ref().is_some_and(|q| q.bucket == Bucket::Month) {
                "month"
            } else {
                "week"
            }
            .into(),
        );
    });
    let go = {
        let navigate = navigate.clone();
        move || {
            let Ok(client_id) = client.get_untracked().parse::<Uuid>() else {
                return;
            };
            let day = |s: String| {
                NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|d| d.and_utc())
            };
            let q = ScorecardQuery {
                client_id,
                from: day(from.get_untracked()),
                to: day(to.get_untracked()).map(|t| t + TimeDelta::days(1)),
                region: Some(region.get_untracked()).filter(|r| !r.is_empty()),
                location_id: location.get_untracked().parse().ok(),
                bucket: if bucket.get_untracked() == "month" {
                    Bucket::Month
                } else {
                    Bucket::Week
                },
            };
            navigate(&scorecard_query::href(path, &q), NavigateOptions::default());
        }
    };
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
            <div class="filter">
                <button type="submit" class="btn primary" data-testid="apply-filters">"Show"</button>
            </div>
        </form>
    }
}
