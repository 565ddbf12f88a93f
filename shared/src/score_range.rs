//! The score-range filter of the review queue and of bulk review: `score_min` /
//! `score_max`, audit percentages from 0 to 100, both inclusive.

use crate::error::{FieldError, Valid};
use serde::{Deserialize, Deserializer};

/// Reads a bound given as a number or as text (a query string has only text). A value that
/// is not a number is kept as NaN, so that [`validate`] names the parameter (422) instead of
/// the query parser refusing the whole request without saying which parameter was wrong.
pub fn lenient<'de, D: Deserializer<'de>>(de: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        Number(f64),
        Text(String),
    }
    Ok(Option::<Given>::deserialize(de)?.map(|given| match given {
        Given::Number(n) => n,
        Given::Text(t) => t.trim().parse().unwrap_or(f64::NAN),
    }))
}

/// Checks each bound is a number from 0 to 100 and that `score_min` is not above `score_max`.
pub fn validate(min: Option<f64>, max: Option<f64>) -> Valid {
    for (name, bound) in [("score_min", min), ("score_max", max)] {
        if bound.is_some_and(|b| !(0.0..=100.0).contains(&b)) {
            return Err(FieldError::new(name, "give a percentage from 0 to 100"));
        }
    }
    match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => {
            Err(FieldError::new("score_min", "must not be above score_max"))
        }
        _ => Ok(()),
    }
}

/// Whether an audit scoring `percent` is in the range; an audit without a score is in it
/// only when no bound is given.
pub fn contains(min: Option<f64>, max: Option<f64>, percent: Option<f64>) -> bool {
    match percent {
        Some(p) => min.is_none_or(|lo| p >= lo) && max.is_none_or(|hi| p <= hi),
        None => min.is_none() && max.is_none(),
    }
}

/// The bounds as the SQL filter binds them: below 0 and above 100 mean "no bound" (a stored
/// percentage is never outside 0–100, so such a bound excludes nothing, unscored audits
/// aside: the query checks for them).
pub fn sql_bounds(min: Option<f64>, max: Option<f64>) -> (f64, f64) {
    (min.unwrap_or(-1.0), max.unwrap_or(101.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_checked_and_inclusive() {
        assert!(validate(None, None).is_ok());
        assert!(validate(Some(0.0), Some(100.0)).is_ok());
        assert_eq!(
            validate(Some(-1.0), None).expect_err("refused").field,
            "score_min"
        );
        assert_eq!(
            validate(None, Some(100.5)).expect_err("refused").field,
            "score_max"
        );
        assert_eq!(
            validate(Some(f64::NAN), None).expect_err("refused").field,
            "score_min"
        );
        assert_eq!(
            validate(Some(60.0), Some(50.0)).expect_err("refused").field,
            "score_min"
        );
        assert!(contains(Some(50.0), Some(80.0), Some(50.0)));
        assert!(contains(Some(50.0), Some(80.0), Some(80.0)));
        assert!(!contains(Some(50.0), Some(80.0), Some(80.01)));
        assert!(!contains(Some(0.0), None, None));
        assert!(contains(None, None, None));
    }
}
