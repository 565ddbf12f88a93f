//! Scorecards of a client over a period, and the audits behind each cell.

use crate::auth::Caller;
use crate::db::{self, from_ms, scorecards::CardFilter, scorecards::Cell, to_ms};
use crate::error::{Error, Result};
use crate::service::organisation;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::hash::Hash;
use touchstone_shared::journey::Journey;
pub use touchstone_shared::scorecard::{Bucket, CellQuery, PainPointLimit, ScorecardQuery};
use touchstone_shared::scorecard::{
    CellAudit, ItemCard, LocationCard, NpsCard, PAIN_POINTS_DEFAULT, PAIN_POINTS_MAX, PainPoint,
    RegionCard, Scorecard, StageCard, Stats, Sums, TouchpointCard, TrendPoint,
};
use touchstone_shared::user::Role;
use uuid::Uuid;

/// Default length of a scorecard's period.
const DEFAULT_DAYS: i64 = 90;
/// Items need this many answers to rank among the worst.
const WORST_MIN_ANSWERS: i64 = 3;
/// How many worst items a scorecard lists.
const WORST_ITEMS: i64 = 10;
/// Most audits listed behind a cell.
const CELL_AUDITS: i64 = 500;

async fn filter_for(
    state: &AppState,
    caller: &Caller,
    query: &ScorecardQuery,
) -> Result<(CardFilter, DateTime<Utc>, DateTime<Utc>)> {
    caller.require(Role::STAFF_AND_MANAGERS)?;
    let client = db::clients::get(state.db.pool(), &caller.visibility(), query.client_id).await?;
    let to = match query.to {
        Some(to) => to,
        None => {
            let tz = organisation::time_zone(state, caller).await?;
            organisation::end_of_today(tz, Utc::now())
        }
    };
    let from = query.from.unwrap_or(to - Duration::days(DEFAULT_DAYS));
    if from >= to {
        return Err(Error::invalid("from", "must be before `to`"));
    }
    let filter = CardFilter {
        org_id: caller.org_id,
        client_id: client.id,
        from_ms: to_ms(from),
        to_ms: to_ms(to),
        region: query.region.clone().filter(|r| !r.is_empty()),
        location_id: query.location_id,
        target_percent: client.target_percent,
    };
    Ok((filter, from, to))
}

/// Statistics with the previous period's mean beside them.
fn compare<K: Eq + Hash>(now: Vec<(K, Sums)>, before: Vec<(K, Sums)>) -> HashMap<K, Stats> {
    let before: HashMap<K, Sums> = before.into_iter().collect();
    now.into_iter()
        .map(|(k, sums)| {
            let stats = Stats::from(sums).compared_with(before.get(&k));
            (k, stats)
        })
        .collect()
}

/// The per-location-and-region sums added up by `key`.
fn added_up<K: Eq + Hash>(
    rows: &[(Uuid, String, Sums)],
    key: impl Fn(&(Uuid, String, Sums)) -> K,
) -> HashMap<K, Sums> {
    let mut totals: HashMap<K, Sums> = HashMap::new();
    for row in rows {
        totals.entry(key(row)).or_default().add(&row.2);
    }
    totals
}

fn ranked<T>(mut cards: Vec<T>, stats: impl Fn(&T) -> &Stats) -> Vec<T> {
    cards.sort_by(|a, b| {
        let key = |t: &T| stats(t).mean.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    cards
}

/// Per-stage sums.
type StageSums = Vec<(Uuid, Sums)>;
/// Per-location sums: location, region, sums.
type PlaceSums = Vec<(Uuid, String, Sums)>;
/// Per-touchpoint sums: touchpoint, stage, sums, mean emotion.
type TouchpointSums = Vec<(Uuid, Option<Uuid>, Sums, Option<f64>)>;

/// What a scorecard is made of, as read: the period's figures and the previous period's
/// beside them (`.1`), and the names to show.
struct Figures {
    journeys: Vec<Journey>,
    names: HashMap<Uuid, (String, String, String)>,
    labels: HashMap<Uuid, String>,
    stages: (StageSums, StageSums),
    touchpoints: (TouchpointSums, TouchpointSums),
    places: (PlaceSums, PlaceSums),
    worst: Vec<(Uuid, Uuid, u64, f64)>,
    trend: Vec<(i64, u64, Option<f64>)>,
    nps: [u64; 11],
}

/// The scorecard over approved audits: per touchpoint, stage, location and region, with the
/// change against the previous period of equal length, worst items, trend and NPS.
pub async fn scorecard(
    state: &AppState,
    caller: &Caller,
    query: ScorecardQuery,
) -> Result<Scorecard> {
    let (filter, from, to) = filter_for(state, caller, &query).await?;
    let bucket_ms = match query.bucket {
        Bucket::Week => 7,
        Bucket::Month => 30,
    } * db::rollups::DAY_MS;
    let figures = read_figures(state, caller, &filter, bucket_ms).await?;
    let (places_now, places_before) = &figures.places;
    let overall = Stats::from(total(places_now)).compared_with(Some(&total(places_before)));
    let (stages, touchpoints) = journey_cards(&figures);
    let (locations, regions) = place_cards(&figures);
    let trend = figures
        .trend
        .into_iter()
        .map(|(index, n, mean)| TrendPoint {
            start: from_ms(filter.from_ms + index * bucket_ms),
            n,
            mean,
        });
    Ok(Scorecard {
        client_id: filter.client_id,
        from,
        to,
        target_percent: filter.target_percent,
        overall,
        stages,
        touchpoints,
        locations,
        regions,
        worst_items: worst_item_cards(figures.worst, &figures.labels),
        trend: trend.collect(),
        nps: NpsCard::from_counts(&figures.nps),
    })
}

/// Independent queries, run at once on the pool: each reads a few thousand rollup rows (the
/// names of journeys, locations and items too).
async fn read_figures(
    state: &AppState,
    caller: &Caller,
    filter: &CardFilter,
    bucket_ms: i64,
) -> Result<Figures> {
    use db::scorecards as q;
    let pool = state.db.pool();
    let span = filter.to_ms - filter.from_ms;
    let previous = &CardFilter {
        from_ms: filter.from_ms - span,
        to_ms: filter.from_ms,
        ..filter.clone()
    };
    let vis = caller.visibility();
    let journeys_of_client = db::ListQuery {
        client_id: Some(filter.client_id),
        cursor: None,
        limit: Some(touchstone_shared::page::MAX_LIMIT),
    };
    let (((journeys, _), names, labels), stages, touchpoints, places, (worst, trend, nps)) = tokio::try_join!(
        async {
            tokio::try_join!(
                db::journeys::list(pool, &vis, &journeys_of_client),
                db::locations::names(pool, filter.org_id, filter.client_id),
                db::checklists::item_labels(pool, filter.org_id, filter.client_id)
            )
        },
        async { tokio::try_join!(q::by_stage(pool, filter), q::by_stage(pool, previous)) },
        async {
            tokio::try_join!(
                q::by_touchpoint(pool, filter),
                q::by_touchpoint(pool, previous)
            )
        },
        async {
            tokio::try_join!(
                q::by_location_region(pool, filter),
                q::by_location_region(pool, previous)
            )
        },
        async {
            tokio::try_join!(
                q::worst_items(pool, filter, WORST_MIN_ANSWERS, WORST_ITEMS),
                q::trend(pool, filter, bucket_ms),
                q::nps_counts(pool, filter)
            )
        },
    )?;
    Ok(Figures {
        journeys,
        names,
        labels,
        stages,
        touchpoints,
        places,
        worst,
        trend,
        nps,
    })
}

fn total(rows: &[(Uuid, String, Sums)]) -> Sums {
    rows.iter().fold(Sums::default(), |mut total, row| {
        total.add(&row.2);
        total
    })
}

/// A card per stage and per touchpoint, in journey order.
fn journey_cards(figures: &Figures) -> (Vec<StageCard>, Vec<TouchpointCard>) {
    let (stages_now, stages_before) = figures.stages.clone();
    let stage_stats = compare(stages_now, stages_before);
    let (touchpoints_now, touchpoints_before) = &figures.touchpoints;
    let emotions: HashMap<Uuid, f64> = touchpoints_now
        .iter()
        .filter_map(|(t, _, _, emotion)| emotion.map(|e| (*t, e)))
        .collect();
    let strip = |rows: &TouchpointSums| rows.iter().map(|(t, _, s, _)| (*t, *s)).collect();
    let touchpoint_stats = compare(strip(touchpoints_now), strip(touchpoints_before));
    let mut stages = Vec::new();
    let mut touchpoints = Vec::new();
    for stage in figures.journeys.iter().flat_map(|j| &j.stages) {
        stages.push(StageCard {
            stage_id: stage.id,
            name: stage.name.clone(),
            stats: stage_stats.get(&stage.id).cloned().unwrap_or_default(),
        });
        for tp in &stage.touchpoints {
            touchpoints.push(TouchpointCard {
                touchpoint_id: tp.id,
                stage_id: stage.id,
                name: tp.name.clone(),
                channel: tp.channel,
                stats: touchpoint_stats.get(&tp.id).cloned().unwrap_or_default(),
                emotion: emotions.get(&tp.id).copied(),
            });
        }
    }
    (stages, touchpoints)
}

/// A card per location and per region, best first.
fn place_cards(figures: &Figures) -> (Vec<LocationCard>, Vec<RegionCard>) {
    let (now, before) = &figures.places;
    let by_location = |(location, _, _): &(Uuid, String, Sums)| *location;
    let location_stats = compare(
        added_up(now, by_location).into_iter().collect(),
        added_up(before, by_location).into_iter().collect(),
    );
    let by_region = |(_, region, _): &(Uuid, String, Sums)| region.clone();
    let region_stats = compare(
        added_up(now, by_region).into_iter().collect(),
        added_up(before, by_region).into_iter().collect(),
    );
    let locations = location_stats
        .into_iter()
        .map(|(location_id, stats)| {
            let (code, name, region) = figures.names.get(&location_id).cloned().unwrap_or_default();
            LocationCard {
                location_id,
                code,
                name,
                region,
                stats,
            }
        })
        .collect();
    let regions = region_stats
        .into_iter()
        .map(|(region, stats)| RegionCard { region, stats })
        .collect();
    (
        ranked(locations, |l: &LocationCard| &l.stats),
        ranked(regions, |r: &RegionCard| &r.stats),
    )
}

fn worst_item_cards(
    worst: Vec<(Uuid, Uuid, u64, f64)>,
    labels: &HashMap<Uuid, String>,
) -> Vec<ItemCard> {
    worst
        .into_iter()
        .map(|(item_id, touchpoint_id, n, mean)| ItemCard {
            item_id,
            label: labels
                .get(&item_id)
                .cloned()
                .unwrap_or_else(|| "(removed item)".into()),
            touchpoint_id,
            n,
            mean,
        })
        .collect()
}

async fn cell_for(
    state: &AppState,
    caller: &Caller,
    query: &CellQuery,
) -> Result<(CardFilter, Cell)> {
    let card = ScorecardQuery {
        client_id: query.client_id,
        from: query.from,
        to: query.to,
        region: query.region.clone(),
        location_id: query.location_id,
        bucket: Bucket::Week,
    };
    let (filter, _, _) = filter_for(state, caller, &card).await?;
    let cell = match (query.touchpoint_id, query.stage_id) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "stage_id",
                "give a touchpoint or a stage, not both",
            ));
        }
        (Some(t), None) => Cell::Touchpoint(t),
        (None, Some(s)) => Cell::Stage(s),
        (None, None) => Cell::Audit,
    };
    Ok((filter, cell))
}

/// The approved audits behind a scorecard cell, lowest score first.
pub async fn cell_audits(
    state: &AppState,
    caller: &Caller,
    query: CellQuery,
) -> Result<Vec<CellAudit>> {
    let (filter, cell) = cell_for(state, caller, &query).await?;
    let rows = db::scorecards::cell_audits(state.db.pool(), &filter, cell, CELL_AUDITS).await?;
    Ok(rows
        .into_iter()
        .map(
            |(audit_id, location_id, check_in, percent, critical_failure)| CellAudit {
                audit_id,
                location_id,
                check_in_at: from_ms(check_in),
                percent,
                critical_failure,
            },
        )
        .collect())
}

/// The pain points noted in the approved audits behind a scorecard cell, newest first.
pub async fn cell_pain_points(
    state: &AppState,
    caller: &Caller,
    query: CellQuery,
    limit: PainPointLimit,
) -> Result<Vec<PainPoint>> {
    let (filter, cell) = cell_for(state, caller, &query).await?;
    let limit = limit
        .limit
        .unwrap_or(PAIN_POINTS_DEFAULT)
        .clamp(1, PAIN_POINTS_MAX);
    db::scorecards::cell_pain_points(state.db.pool(), &filter, cell, i64::from(limit)).await
}
