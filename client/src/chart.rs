//! Chart maths for the app's own SVG charts: scales, ticks, paths, bins and score bands.
//! Plain functions, no DOM, tested in `client/tests/chart.rs`.

mod band;
mod histogram;
mod path;
mod scale;
mod ticks;

pub use band::{Band, band};
pub use histogram::{Bin, histogram};
pub use path::line_path;
pub use scale::Linear;
pub use ticks::ticks;
