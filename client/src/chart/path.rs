//! SVG path data.

/// Path data (`M … L …`) through the points in order; a `None` breaks the line, so gaps in
/// the data (buckets without audits) show as gaps. Coordinates are rounded to 0.1.
pub fn line_path(points: &[Option<(f64, f64)>]) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for p in points {
        match p {
            Some((x, y)) => {
                if !d.is_empty() {
                    d.push(' ');
                }
                d.push(if pen_down { 'L' } else { 'M' });
                d.push_str(&format!("{} {}", round1(*x), round1(*y)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}

fn round1(v: f64) -> f64 {
    let r = (v * 10.0).round() / 10.0;
    // "-0" reads oddly in markup.
    if r == 0.0 { 0.0 } else { r }
}
