//! Fixed precision of everything written: six decimals for coordinates (about 0.1 m),
//! fewer for the figures and the viewer, so that the same inputs give the same bytes.

use geo::Coord;

/// Decimals of every coordinate in the GeoJSON layers and the GeoPackage.
pub const COORD_DECIMALS: i32 = 6;

/// Rounds `v` to `decimals` places.
///
/// ```
/// assert_eq!(frontline::precision::round(36.123456789, 6), 36.123457);
/// assert_eq!(frontline::precision::round(102.749, 1), 102.7);
/// ```
pub fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

/// Rounds to six decimals (about 0.1 m), the precision of every coordinate written.
pub fn round6(v: f64) -> f64 {
    round(v, COORD_DECIMALS)
}

/// A line's points rounded to `decimals` places, with points that rounding made equal to
/// the one before dropped.
///
/// ```
/// let l = [geo::coord! { x: 1.00001, y: 2.0 }, geo::coord! { x: 1.00002, y: 2.0 }, geo::coord! { x: 1.5, y: 2.0 }];
/// assert_eq!(frontline::precision::line(l, 4).len(), 2);
/// ```
pub fn line(points: impl IntoIterator<Item = Coord<f64>>, decimals: i32) -> Vec<Coord<f64>> {
    let mut out: Vec<Coord<f64>> = Vec::new();
    for c in points {
        let r = Coord {
            x: round(c.x, decimals),
            y: round(c.y, decimals),
        };
        if out.last() != Some(&r) {
            out.push(r);
        }
    }
    out
}
