//! Chart maths: scales, ticks, paths, histogram bins and score bands.

use touchstone_client::chart::{Band, Bin, Linear, band, histogram, line_path, ticks};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn a_linear_scale_maps_ends_and_middle_and_may_be_reversed() {
    let x = Linear::new((0.0, 100.0), (40.0, 340.0));
    assert_eq!(x.at(0.0), 40.0);
    assert_eq!(x.at(100.0), 340.0);
    assert_eq!(x.at(50.0), 190.0);
    // An SVG y axis: 100 % at the top.
    let y = Linear::new((0.0, 100.0), (200.0, 0.0));
    assert_eq!(y.at(100.0), 0.0);
    assert_eq!(y.at(25.0), 150.0);
    // A single value sits in the middle instead of dividing by zero.
    assert_eq!(Linear::new((3.0, 3.0), (0.0, 10.0)).at(3.0), 5.0);
}

#[wasm_bindgen_test]
fn ticks_are_round_and_cover_the_interval() {
    assert_eq!(ticks(0.0, 100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    assert_eq!(ticks(-2.0, 2.0, 4), [-2.0, -1.0, 0.0, 1.0, 2.0]);
    assert_eq!(ticks(0.0, 1.0, 5), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
    assert_eq!(ticks(13.0, 87.0, 4), [20.0, 40.0, 60.0, 80.0]);
    assert_eq!(ticks(100.0, 0.0, 2), [0.0, 50.0, 100.0]);
    assert_eq!(ticks(7.0, 7.0, 5), [7.0]);
    assert!(ticks(0.0, f64::NAN, 5).is_empty());
    assert!(ticks(0.0, 10.0, 0).is_empty());
}

#[wasm_bindgen_test]
fn a_line_path_breaks_at_gaps() {
    assert_eq!(line_path(&[]), "");
    assert_eq!(
        line_path(&[Some((0.0, 10.0)), Some((5.25, 4.0)), Some((10.0, 0.04))]),
        "M0 10 L5.3 4 L10 0"
    );
    assert_eq!(
        line_path(&[Some((0.0, 1.0)), None, Some((2.0, 3.0)), Some((4.0, 5.0))]),
        "M0 1 M2 3 L4 5"
    );
    assert_eq!(line_path(&[None, Some((-0.01, 2.0))]), "M0 2");
}

#[wasm_bindgen_test]
fn histogram_bins_are_half_open_except_the_last() {
    let bins = histogram(
        &[0.0, 9.99, 10.0, 55.0, 100.0, 100.0, 101.0, f64::NAN],
        0.0,
        100.0,
        10,
    );
    assert_eq!(bins.len(), 10);
    assert_eq!(
        bins[0],
        Bin {
            from: 0.0,
            to: 10.0,
            count: 2
        }
    );
    assert_eq!(bins[1].count, 1);
    assert_eq!(bins[5].count, 1);
    assert_eq!(
        bins[9].count, 2,
        "100 belongs in the last bin; 101 and NaN nowhere"
    );
    assert_eq!(bins.iter().map(|b| b.count).sum::<usize>(), 6);
    assert!(histogram(&[1.0], 0.0, 0.0, 10).is_empty());
    assert!(histogram(&[1.0], 0.0, 10.0, 0).is_empty());
}

#[wasm_bindgen_test]
fn bands_compare_with_the_target() {
    assert_eq!(band(Some(80.0), 80.0), Band::Pass);
    assert_eq!(band(Some(79.9), 80.0), Band::Near);
    assert_eq!(band(Some(65.0), 80.0), Band::Near);
    assert_eq!(band(Some(64.9), 80.0), Band::Fail);
    assert_eq!(band(None, 80.0), Band::None);
    assert_eq!(Band::Fail.class(), "fail");
    assert_eq!(Band::None.words(), "no score");
}
