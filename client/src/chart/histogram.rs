//! Score distribution bins.

/// One bin of a histogram: `[from, to)` (the last bin includes `to`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// Lower edge.
    pub from: f64,
    /// Upper edge.
    pub to: f64,
    /// Values in it.
    pub count: usize,
}

/// `bins` equal bins over `[min, max]`; values outside (or not finite) are left out.
pub fn histogram(values: &[f64], min: f64, max: f64, bins: usize) -> Vec<Bin> {
    if bins == 0 || max <= min {
        return Vec::new();
    }
    let width = (max - min) / bins as f64;
    let mut out: Vec<Bin> = (0..bins)
        .map(|i| Bin {
            from: min + i as f64 * width,
            to: min + (i + 1) as f64 * width,
            count: 0,
        })
        .collect();
    for &v in values {
        if !v.is_finite() || v < min || v > max {
            continue;
        }
        let i = (((v - min) / width).floor() as usize).min(bins - 1);
        out[i].count += 1;
    }
    out
}
