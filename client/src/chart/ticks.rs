//! "Nice" axis ticks.

/// About `count` evenly spaced round values (steps of 1, 2 or 5 × 10ⁿ) covering
/// `[min, max]`, ascending. Empty when the interval is not finite or `count` is 0.
pub fn ticks(min: f64, max: f64, count: usize) -> Vec<f64> {
    if !min.is_finite() || !max.is_finite() || count == 0 {
        return Vec::new();
    }
    let (lo, hi) = if min <= max { (min, max) } else { (max, min) };
    if (hi - lo).abs() < f64::EPSILON {
        return vec![lo];
    }
    let raw = (hi - lo) / count as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let first = (lo / step).ceil();
    let last = (hi / step).floor();
    let n = (last - first).round() as i64;
    (0..=n.max(0))
        .map(|i| {
            // Round to the step's decimals: 3 × 0.2 is 0.6000000000000001 in floats.
            let decimals = (-step.log10().floor()).max(0.0) as i32;
            let unit = 10f64.powi(decimals);
            ((first + i as f64) * step * unit).round() / unit
        })
        .collect()
}
