//! Scorecards and the journey map: charts, tables and their filters.

mod emotion_curve;
mod histogram_chart;
mod pain_points;
mod scorecard_filters;
mod stats_table;
mod trend_chart;

pub use emotion_curve::EmotionCurve;
pub use histogram_chart::HistogramChart;
pub use pain_points::PainPoints;
pub use scorecard_filters::ScorecardFilters;
pub use stats_table::{StatsRow, StatsTable};
pub use trend_chart::TrendChart;
