//! How a scorecard reads its period: whole UTC days from the daily sums (`score_days`), the
//! whole hours of its partial first and last days from the hourly sums (`score_hours`), and
//! raw score rows only for the partial hours at both ends (see [`crate::db::rollups`]).
//!
//! The statements take the split as parameters `$8`–`$15` ([`Window`]); [`tiers`] and
//! [`raw_ranges`] are the conditions of their sub-selects. A trend also reads the days and
//! hours its bucket boundaries cut at the next finer tier ([`Cuts`]).

use crate::db::rollups::{DAY_MS, Grain, HOUR_MS};

/// Hours in a day.
const DAY_HOURS: i64 = DAY_MS / HOUR_MS;

/// The whole units of `unit` ms inside `[from, to)`: `first..end`, if any.
fn whole(from: i64, to: i64, unit: i64) -> Option<(i64, i64)> {
    let first = from.div_euclid(unit) + i64::from(from.rem_euclid(unit) != 0);
    let end = to.div_euclid(unit);
    (first < end).then_some((first, end))
}

/// A period `[from, to)` split into whole days `days.0..days.1` (`$8`, `$9`), the whole hours
/// before and after them, `hours[0]` (`$12`, `$13`) and `hours[1]` (`$14`, `$15`), and the raw
/// edges `[from, raw_end)` (`$10`) and `[raw_start, to)` (`$11`). Empty ranges read nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Whole days, `first..end`.
    pub days: (i64, i64),
    /// Whole hours of the partial days, before and after the whole days.
    pub hours: [(i64, i64); 2],
    /// End of the raw rows at the start.
    pub raw_end: i64,
    /// Start of the raw rows at the end.
    pub raw_start: i64,
}

impl Window {
    /// Splits `[from, to)`; `sums` false (or a period starting before 1970) reads it all raw.
    pub fn new(from: i64, to: i64, sums: bool) -> Window {
        let raw = Window {
            days: (0, 0),
            hours: [(0, 0); 2],
            raw_end: to,
            raw_start: to,
        };
        let Some((first_hour, end_hour)) = whole(from, to, HOUR_MS).filter(|_| sums && from >= 0)
        else {
            return raw;
        };
        let (days, hours) = match whole(first_hour * HOUR_MS, end_hour * HOUR_MS, DAY_MS) {
            Some((first, end)) => (
                (first, end),
                [(first_hour, first * DAY_HOURS), (end * DAY_HOURS, end_hour)],
            ),
            None => ((0, 0), [(first_hour, end_hour), (end_hour, end_hour)]),
        };
        Window {
            days,
            hours,
            raw_end: first_hour * HOUR_MS,
            raw_start: end_hour * HOUR_MS,
        }
    }

    /// The days and hours that the boundaries `from + k × bucket_ms` (k ≥ 1) of a trend's
    /// buckets of whole days cut among those read from sums (boundaries in the raw edges cut
    /// nothing); `None` past `max_days` cut days. No boundary cuts anything when the period
    /// starts at a midnight; otherwise every boundary in the whole days cuts one, and at most
    /// two fall in the whole hours around them, so the count bounds the work.
    pub fn cuts(&self, from: i64, bucket_ms: i64, max_days: usize) -> Option<Cuts> {
        let mut cuts = Cuts::default();
        let aligned = from.rem_euclid(DAY_MS) == 0;
        if bucket_ms <= 0 || bucket_ms % DAY_MS != 0 || aligned || self.raw_end >= self.raw_start {
            return Some(cuts);
        }
        let boundaries = (1..)
            .map(|k: i64| from.saturating_add(k.saturating_mul(bucket_ms)))
            .take_while(|b| *b < self.raw_start)
            .filter(|b| *b >= self.raw_end);
        for b in boundaries {
            let day = b.div_euclid(DAY_MS);
            if (self.days.0..self.days.1).contains(&day) {
                cuts.days.push(day);
                if cuts.days.len() > max_days {
                    return None;
                }
            }
            if b.rem_euclid(HOUR_MS) != 0 {
                cuts.hours.push(b.div_euclid(HOUR_MS));
            }
        }
        Some(cuts)
    }
}

/// Days and hours a trend's bucket boundaries cut: each cut day is read from its hours, each
/// cut hour from the raw rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cuts {
    /// Day numbers.
    pub days: Vec<i64>,
    /// Hour numbers.
    pub hours: Vec<i64>,
}

/// ` AND column NOT IN (…)`, or nothing. Integers computed by the server, not input: safe to
/// write into the statement.
fn not_in(column: &str, units: &[i64]) -> String {
    if units.is_empty() {
        return String::new();
    }
    let list = units.iter().map(i64::to_string).collect::<Vec<_>>();
    format!(" AND {column} NOT IN ({})", list.join(", "))
}

/// The sums a window reads, as `(grain, condition)`: the whole days, the whole hours before
/// and after them, and the hours of each cut day, less the cut days and hours.
pub fn tiers(cuts: &Cuts) -> Vec<(Grain, String)> {
    let hours = not_in("hour_no", &cuts.hours);
    let mut tiers = vec![
        (
            Grain::Day,
            format!(
                "day_no >= $8 AND day_no < $9{}",
                not_in("day_no", &cuts.days)
            ),
        ),
        (
            Grain::Hour,
            format!("hour_no >= $12 AND hour_no < $13{hours}"),
        ),
        (
            Grain::Hour,
            format!("hour_no >= $14 AND hour_no < $15{hours}"),
        ),
    ];
    tiers.extend(cuts.days.iter().map(|day| {
        (
            Grain::Hour,
            format!(
                "hour_no >= {} AND hour_no < {}{hours}",
                day * DAY_HOURS,
                (day + 1) * DAY_HOURS
            ),
        )
    }));
    tiers
}

/// The raw rows a window reads, as conditions on `check_in_at`: both edges, and each cut hour.
pub fn raw_ranges(cuts: &Cuts) -> Vec<String> {
    let edges = [
        "check_in_at >= $3 AND check_in_at < $10",
        "check_in_at >= $11 AND check_in_at < $4",
    ];
    edges
        .into_iter()
        .map(str::to_owned)
        .chain(cuts.hours.iter().map(|hour| {
            format!(
                "check_in_at >= {} AND check_in_at < {}",
                hour * HOUR_MS,
                (hour + 1) * HOUR_MS
            )
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = HOUR_MS;
    const D: i64 = DAY_MS;

    #[test]
    fn a_period_between_arbitrary_times_reads_days_hours_and_two_partial_hours() {
        // Day 10 at 10:20 to day 15 at 14:40.
        let (from, to) = (10 * D + 10 * H + 20 * 60_000, 15 * D + 14 * H + 40 * 60_000);
        let w = Window::new(from, to, true);
        assert_eq!(w.days, (11, 15));
        assert_eq!(w.hours, [(10 * 24 + 11, 11 * 24), (15 * 24, 15 * 24 + 14)]);
        assert_eq!((w.raw_end, w.raw_start), (10 * D + 11 * H, 15 * D + 14 * H));
    }

    #[test]
    fn short_periods_read_hours_or_raw_rows_only() {
        let w = Window::new(10 * D + 10 * H + 1, 11 * D + 2 * H + 5, true);
        assert_eq!(w.days, (0, 0));
        assert_eq!(
            w.hours,
            [(10 * 24 + 11, 11 * 24 + 2), (11 * 24 + 2, 11 * 24 + 2)]
        );
        assert_eq!((w.raw_end, w.raw_start), (10 * D + 11 * H, 11 * D + 2 * H));
        let raw = Window::new(10 * D + 1, 10 * D + H + 5, true);
        assert_eq!((raw.days, raw.hours), ((0, 0), [(0, 0); 2]));
        assert_eq!(
            (raw.raw_end, raw.raw_start),
            (10 * D + H + 5, 10 * D + H + 5)
        );
        assert_eq!(Window::new(0, 3 * D, false), Window::new(-1, 3 * D, true));
        let aligned = Window::new(2 * D, 5 * D, true);
        assert_eq!((aligned.days, aligned.raw_end), ((2, 5), 2 * D));
        assert_eq!(aligned.hours, [(48, 48), (120, 120)]);
    }

    #[test]
    fn bucket_boundaries_cut_days_into_hours_and_hours_into_raw_rows() {
        let week = 7 * D;
        // From 09:00: boundaries on the hour cut days only.
        let from = 10 * D + 9 * H;
        let to = 30 * D + 5 * H;
        let w = Window::new(from, to, true);
        let cuts = w.cuts(from, week, 120).expect("cuts");
        assert_eq!(cuts.days, vec![17, 24]);
        assert!(cuts.hours.is_empty());
        // From 09:30: also the hour of each boundary, including one in the last edge's hours.
        let from = 10 * D + 9 * H + 30 * 60_000;
        let to = 24 * D + 12 * H;
        let w = Window::new(from, to, true);
        let cuts = w.cuts(from, week, 120).expect("cuts");
        assert_eq!(cuts.days, vec![17]);
        assert_eq!(cuts.hours, vec![17 * 24 + 9, 24 * 24 + 9]);
        // A boundary in a raw partial hour is read raw already.
        let to = 24 * D + 9 * H + 45 * 60_000;
        let w = Window::new(from, to, true);
        let cuts = w.cuts(from, week, 120).expect("cuts");
        assert_eq!(cuts.hours, vec![17 * 24 + 9]);
        // From midnight nothing is cut; too many cut days give up.
        let w = Window::new(10 * D, 400 * D, true);
        assert_eq!(w.cuts(10 * D, D, 120), Some(Cuts::default()));
        let w = Window::new(10 * D + 1, 400 * D, true);
        assert_eq!(w.cuts(10 * D + 1, D, 120), None);
        // All raw (before 1970): nothing is cut, however many boundaries.
        let w = Window::new(-D, i64::MAX / 2, true);
        assert_eq!(w.cuts(-D, D, 120), Some(Cuts::default()));
    }
}
