//! Scorecards: statistics over approved audits, per touchpoint and per journey stage.

use crate::api_type;
use crate::journey::Channel;
use chrono::{DateTime, Utc};
use uuid::Uuid;

api_type! {
    /// Statistics of per-audit percentages. Audits where nothing was possible have no score and
    /// are not counted.
    #[derive(Default)]
    pub struct Stats {
        /// Audits with a score.
        pub n: u64,
        /// Mean of the per-audit percentages.
        pub mean: Option<f64>,
        /// Sample standard deviation (n − 1); absent below two audits.
        pub sd: Option<f64>,
        /// Lowest percentage.
        pub min: Option<f64>,
        /// Highest percentage.
        pub max: Option<f64>,
        /// Percentage of audits at or above the client's target.
        pub pass_rate: Option<f64>,
        /// Audits with a critical failure here.
        pub critical_failures: u64,
        /// Mean of the previous period of equal length.
        #[serde(default)]
        pub previous_mean: Option<f64>,
        /// `mean − previous_mean`, in percentage points.
        #[serde(default)]
        pub change: Option<f64>,
    }

    /// Running sums of per-audit percentages, as the database aggregates them.
    #[derive(Copy, Default)]
    pub struct Sums {
        /// Audits with a score.
        pub n: u64,
        /// Σ percent.
        pub sum: f64,
        /// Σ percent².
        pub sum_sq: f64,
        /// Lowest percent.
        pub min: Option<f64>,
        /// Highest percent.
        pub max: Option<f64>,
        /// Audits at or above target.
        pub passed: u64,
        /// Audits with a critical failure.
        pub critical_failures: u64,
    }

    /// A scorecard of one client over a period.
    pub struct Scorecard {
        /// The client.
        pub client_id: Uuid,
        /// Start of the period (inclusive).
        pub from: DateTime<Utc>,
        /// End of the period (exclusive).
        pub to: DateTime<Utc>,
        /// The client's pass mark in percent.
        pub target_percent: f64,
        /// Whole-audit statistics.
        pub overall: Stats,
        /// Per stage, in journey order.
        pub stages: Vec<StageCard>,
        /// Per touchpoint, in journey order.
        pub touchpoints: Vec<TouchpointCard>,
        /// Locations, best mean first.
        pub locations: Vec<LocationCard>,
        /// Regions, best mean first.
        pub regions: Vec<RegionCard>,
        /// The lowest-scoring items (mean earned/possible, at least three answers), worst first.
        pub worst_items: Vec<ItemCard>,
        /// Mean audit score per time bucket, oldest first.
        pub trend: Vec<TrendPoint>,
        /// Net Promoter Score, when the checklist asks the NPS question.
        pub nps: Option<NpsCard>,
    }

    /// Statistics of one location.
    pub struct LocationCard {
        /// The location.
        pub location_id: Uuid,
        /// Its code.
        pub code: String,
        /// Its name.
        pub name: String,
        /// Its region.
        pub region: String,
        /// Statistics.
        pub stats: Stats,
    }

    /// Statistics of one region.
    pub struct RegionCard {
        /// The region.
        pub region: String,
        /// Statistics.
        pub stats: Stats,
    }

    /// How one checklist item scores.
    pub struct ItemCard {
        /// The item.
        pub item_id: Uuid,
        /// Its question.
        pub label: String,
        /// Its touchpoint.
        pub touchpoint_id: Uuid,
        /// Answers counted.
        pub n: u64,
        /// Mean of earned / possible × 100.
        pub mean: f64,
    }

    /// One bucket of the trend.
    pub struct TrendPoint {
        /// Start of the bucket.
        pub start: DateTime<Utc>,
        /// Audits in it.
        pub n: u64,
        /// Mean audit score.
        pub mean: Option<f64>,
    }

    /// Net Promoter Score of the audits' NPS answers.
    pub struct NpsCard {
        /// Answers.
        pub n: u64,
        /// Answers of 9–10.
        pub promoters: u64,
        /// Answers of 7–8.
        pub passives: u64,
        /// Answers of 0–6.
        pub detractors: u64,
        /// % promoters − % detractors.
        pub score: f64,
    }

    /// An audit behind a scorecard cell (`GET /api/v1/scorecards/audits`).
    pub struct CellAudit {
        /// The audit.
        pub audit_id: Uuid,
        /// Its location.
        pub location_id: Uuid,
        /// Check-in time.
        pub check_in_at: DateTime<Utc>,
        /// Score of the cell (the touchpoint, stage or whole audit) in this audit.
        pub percent: Option<f64>,
        /// Whether a critical item failed in the cell.
        pub critical_failure: bool,
    }

    /// A pain point an auditor noted at a touchpoint of an approved audit
    /// (`GET /api/v1/scorecards/pain-points`).
    pub struct PainPoint {
        /// The audit.
        pub audit_id: Uuid,
        /// The touchpoint it was noted at.
        pub touchpoint_id: Uuid,
        /// The note, as the auditor wrote it.
        pub note: String,
        /// The audit's check-in time.
        pub check_in_at: DateTime<Utc>,
    }

    /// Statistics of one stage.
    pub struct StageCard {
        /// The stage.
        pub stage_id: Uuid,
        /// Its name.
        pub name: String,
        /// Statistics.
        pub stats: Stats,
    }

    /// Statistics of one touchpoint.
    pub struct TouchpointCard {
        /// The touchpoint.
        pub touchpoint_id: Uuid,
        /// Its stage.
        pub stage_id: Uuid,
        /// Its name.
        pub name: String,
        /// Its channel.
        pub channel: Channel,
        /// Statistics.
        pub stats: Stats,
        /// Mean emotion (−2..+2) auditors felt here: the emotion curve, in journey order.
        pub emotion: Option<f64>,
    }
}

/// Size of the trend's buckets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Seven days.
    #[default]
    Week,
    /// Thirty days.
    Month,
}

/// Which audits a scorecard covers (query of `GET /api/v1/scorecards`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ScorecardQuery {
    /// The client.
    pub client_id: Uuid,
    /// Start of the period (inclusive, RFC 3339); default 90 days before `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// End of the period (exclusive, RFC 3339); default the end of today (next UTC midnight).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// Only locations of this region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Only this location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<Uuid>,
    /// Trend buckets: `week` (default) or `month` (30 days).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub bucket: Bucket,
}

/// The cell of `GET /api/v1/scorecards/audits`: a touchpoint, a stage, or (neither) whole
/// audits, with the scorecard's period and filters.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CellQuery {
    /// The client.
    pub client_id: Uuid,
    /// Start of the period (inclusive, RFC 3339); default 90 days before `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// End of the period (exclusive, RFC 3339); default the end of today (next UTC midnight).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// Only locations of this region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Only this location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_id: Option<Uuid>,
    /// Only this touchpoint's scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub touchpoint_id: Option<Uuid>,
    /// Only this stage's scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_id: Option<Uuid>,
}

/// How many pain points `GET /api/v1/scorecards/pain-points` answers, beside its
/// [`CellQuery`].
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PainPointLimit {
    /// At most this many, newest first (default [`PAIN_POINTS_DEFAULT`], at most
    /// [`PAIN_POINTS_MAX`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Pain points answered when no `limit` is given.
pub const PAIN_POINTS_DEFAULT: u32 = 20;
/// The most pain points one request answers.
pub const PAIN_POINTS_MAX: u32 = 100;

impl ScorecardQuery {
    /// The cell of this scorecard for a touchpoint, a stage, or (neither) whole audits.
    pub fn cell(&self, touchpoint_id: Option<Uuid>, stage_id: Option<Uuid>) -> CellQuery {
        CellQuery {
            client_id: self.client_id,
            from: self.from,
            to: self.to,
            region: self.region.clone(),
            location_id: self.location_id,
            touchpoint_id,
            stage_id,
        }
    }
}

impl Sums {
    /// Adds one audit's percentage.
    pub fn push(&mut self, percent: f64, target: f64, critical_failure: bool) {
        self.n += 1;
        self.sum += percent;
        self.sum_sq += percent * percent;
        self.min = Some(self.min.map_or(percent, |m| m.min(percent)));
        self.max = Some(self.max.map_or(percent, |m| m.max(percent)));
        self.passed += u64::from(percent >= target);
        self.critical_failures += u64::from(critical_failure);
    }

    /// Adds the sums of another, disjoint set of audits.
    pub fn add(&mut self, other: &Sums) {
        let pick = |a: Option<f64>, b: Option<f64>, f: fn(f64, f64) -> f64| match (a, b) {
            (Some(a), Some(b)) => Some(f(a, b)),
            (a, b) => a.or(b),
        };
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
        self.min = pick(self.min, other.min, f64::min);
        self.max = pick(self.max, other.max, f64::max);
        self.passed += other.passed;
        self.critical_failures += other.critical_failures;
    }
}

impl Stats {
    /// Adds the comparison with the previous period.
    pub fn compared_with(mut self, previous: Option<&Sums>) -> Self {
        self.previous_mean = previous.and_then(|p| Stats::from(*p).mean);
        self.change = self
            .mean
            .zip(self.previous_mean)
            .map(|(now, before)| now - before);
        self
    }
}

impl NpsCard {
    /// The NPS of answer counts by score (index 0–10).
    pub fn from_counts(counts: &[u64; 11]) -> Option<NpsCard> {
        let n: u64 = counts.iter().sum();
        let promoters = counts[9] + counts[10];
        let passives = counts[7] + counts[8];
        let detractors = n - promoters - passives;
        (n > 0).then(|| NpsCard {
            n,
            promoters,
            passives,
            detractors,
            score: (promoters as f64 - detractors as f64) / n as f64 * 100.0,
        })
    }
}

impl From<Sums> for Stats {
    fn from(s: Sums) -> Self {
        if s.n == 0 {
            return Stats {
                critical_failures: s.critical_failures,
                ..Stats::default()
            };
        }
        let n = s.n as f64;
        let mean = s.sum / n;
        let sd = (s.n > 1).then(|| {
            let variance = (s.sum_sq - n * mean * mean) / (n - 1.0);
            variance.max(0.0).sqrt()
        });
        Stats {
            n: s.n,
            mean: Some(mean),
            sd,
            min: s.min,
            max: s.max,
            pass_rate: Some(s.passed as f64 / n * 100.0),
            critical_failures: s.critical_failures,
            previous_mean: None,
            change: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_of_three_audits() {
        let mut sums = Sums::default();
        for (p, crit) in [(50.0, true), (80.0, false), (100.0, false)] {
            sums.push(p, 80.0, crit);
        }
        let stats = Stats::from(sums);
        assert_eq!(stats.n, 3);
        let mean = stats.mean.expect("mean");
        assert!((mean - 76.666_666).abs() < 1e-4);
        // Sample variance: ((−26.67)² + 3.33² + 23.33²) / 2 = 633.33
        assert!((stats.sd.expect("sd") - 633.333_33_f64.sqrt()).abs() < 1e-4);
        assert_eq!(stats.min, Some(50.0));
        assert_eq!(stats.max, Some(100.0));
        assert!((stats.pass_rate.expect("pass rate") - 66.666_666).abs() < 1e-4);
        assert_eq!(stats.critical_failures, 1);
    }

    #[test]
    fn change_is_against_the_previous_period() {
        let mut now = Sums::default();
        now.push(90.0, 80.0, false);
        let mut before = Sums::default();
        before.push(70.0, 80.0, false);
        before.push(80.0, 80.0, false);
        let stats = Stats::from(now).compared_with(Some(&before));
        assert_eq!(stats.previous_mean, Some(75.0));
        assert_eq!(stats.change, Some(15.0));
        assert_eq!(Stats::from(now).compared_with(None).change, None);
    }

    #[test]
    fn nps_card_counts_promoters_passives_and_detractors() {
        let mut counts = [0u64; 11];
        counts[10] = 2;
        counts[8] = 1;
        counts[3] = 1;
        let card = NpsCard::from_counts(&counts).expect("answers");
        assert_eq!(
            (card.n, card.promoters, card.passives, card.detractors),
            (4, 2, 1, 1)
        );
        assert_eq!(card.score, 25.0);
        assert!(NpsCard::from_counts(&[0; 11]).is_none());
    }

    #[test]
    fn no_audits_means_no_statistics() {
        let stats = Stats::from(Sums::default());
        assert_eq!(stats.n, 0);
        assert_eq!(stats.mean, None);
        assert_eq!(stats.pass_rate, None);
    }

    #[test]
    fn one_audit_has_no_standard_deviation() {
        let mut sums = Sums::default();
        sums.push(70.0, 80.0, false);
        let stats = Stats::from(sums);
        assert_eq!(stats.sd, None);
        assert_eq!(stats.pass_rate, Some(0.0));
    }
}
