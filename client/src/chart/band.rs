//! Score bands: the colour of a scorecard or journey-map cell, always shown with its number.

/// How a score stands against the client's target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// At or above target.
    Pass,
    /// Below target by less than 15 points.
    Near,
    /// Further below target.
    Fail,
    /// No score.
    None,
}

impl Band {
    /// CSS class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Band::Pass => "pass",
            Band::Near => "near",
            Band::Fail => "fail",
            Band::None => "none",
        }
    }

    /// Words for screen readers and for anybody who does not see the colour.
    pub fn words(self) -> &'static str {
        match self {
            Band::Pass => "on target",
            Band::Near => "below target",
            Band::Fail => "well below target",
            Band::None => "no score",
        }
    }
}

/// Points below target that still count as "near".
const NEAR: f64 = 15.0;

/// The band of `score` against `target` (both in percent).
pub fn band(score: Option<f64>, target: f64) -> Band {
    match score {
        None => Band::None,
        Some(s) if s >= target => Band::Pass,
        Some(s) if s >= target - NEAR => Band::Near,
        Some(_) => Band::Fail,
    }
}
