//! Exact overlay on the output grid.
//!
//! Every coordinate written has six decimals, so the areas are overlaid on that grid
//! (one unit is 10⁻⁶ degree, about 0.1 m) with i_overlay's integer engine, which geo's
//! boolean operations are built on. On the grid, union, intersection and difference are
//! exact: an area minus its neighbours shares their boundary vertex for vertex, so the
//! areas of a day meet without overlapping, and rounding cannot break a ring afterwards.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay::{IntOverlayOptions, Overlay};
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::core::solver::Solver;
use i_overlay::i_float::int::point::IntPoint;
use i_overlay::i_shape::int::shape::{IntShape, IntShapes};

/// Grid units per degree.
pub const SCALE: f64 = 1e6;

/// Pieces smaller than this many square grid units (about 10 m²) are dropped.
const MIN_AREA: u64 = 1_000;

/// Shapes on the output grid: each an outer ring and its holes, not closed.
#[derive(Clone, Debug, Default)]
pub struct Grid(pub IntShapes);

impl Grid {
    /// Snaps polygons in degrees to the grid.
    pub fn from_polygons<'a>(polys: impl IntoIterator<Item = &'a Polygon<f64>>) -> Grid {
        let ring = |l: &LineString<f64>| -> Vec<IntPoint> {
            let mut v: Vec<IntPoint> = l
                .0
                .iter()
                .map(|c| IntPoint::new((c.x * SCALE).round() as i32, (c.y * SCALE).round() as i32))
                .collect();
            v.dedup();
            if v.len() > 1 && v.first() == v.last() {
                v.pop();
            }
            v
        };
        Grid(
            polys
                .into_iter()
                .map(|p| {
                    let mut s: IntShape = vec![ring(p.exterior())];
                    s.extend(p.interiors().iter().map(ring));
                    s
                })
                .filter(|s| s[0].len() >= 3)
                .collect(),
        )
    }

    /// True when there is nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Overlays with `other`. Shapes that overlap each other are read by the non-zero
    /// rule; overlay results, whose holes may wind either way, by the even-odd rule.
    fn overlay(&self, other: &Grid, rule: OverlayRule, fill: FillRule) -> Grid {
        let options = IntOverlayOptions {
            min_output_area: MIN_AREA,
            ..IntOverlayOptions::ogc()
        };
        Grid(
            Overlay::with_shapes_options(&self.0, &other.0, options, Solver::default())
                .overlay(rule, fill),
        )
    }

    /// The union of all the shapes, however they overlap.
    pub fn dissolve(&self) -> Grid {
        self.overlay(&Grid::default(), OverlayRule::Subject, FillRule::NonZero)
    }

    /// The area in both (of two dissolved grids).
    pub fn intersection(&self, other: &Grid) -> Grid {
        self.overlay(other, OverlayRule::Intersect, FillRule::EvenOdd)
    }

    /// The area in this and not in `other` (both dissolved).
    pub fn difference(&self, other: &Grid) -> Grid {
        self.overlay(other, OverlayRule::Difference, FillRule::EvenOdd)
    }

    /// The area in either (of two dissolved grids).
    pub fn union(&self, other: &Grid) -> Grid {
        self.overlay(other, OverlayRule::Union, FillRule::EvenOdd)
    }

    /// Back to degrees, with closed rings (outer counter-clockwise, holes clockwise).
    ///
    /// ```
    /// use frontline::areas::grid::Grid;
    /// use geo::{polygon, Area};
    /// let a = polygon![(x: 36.0, y: 35.0), (x: 36.2, y: 35.0), (x: 36.2, y: 35.2), (x: 36.0, y: 35.2)];
    /// let b = polygon![(x: 36.1, y: 35.1), (x: 36.3, y: 35.1), (x: 36.3, y: 35.3), (x: 36.1, y: 35.3)];
    /// let (ga, gb) = (Grid::from_polygons([&a]).dissolve(), Grid::from_polygons([&b]).dissolve());
    /// let only_a = ga.difference(&gb).to_polygons();
    /// assert!((only_a.unsigned_area() - 0.03).abs() < 1e-9);
    /// // What is left of A and B meet without overlapping.
    /// assert_eq!(Grid::from_polygons(&only_a.0).dissolve().intersection(&gb).to_polygons().unsigned_area(), 0.0);
    /// ```
    pub fn to_polygons(&self) -> MultiPolygon<f64> {
        let ring = |c: &Vec<IntPoint>| -> LineString<f64> {
            let mut pts: Vec<Coord<f64>> = c
                .iter()
                .map(|p| Coord {
                    x: p.x as f64 / SCALE,
                    y: p.y as f64 / SCALE,
                })
                .collect();
            if let Some(&first) = pts.first() {
                pts.push(first);
            }
            LineString::new(pts)
        };
        let polys = self
            .0
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| Polygon::new(ring(&s[0]), s[1..].iter().map(ring).collect()))
            .collect();
        geo::Orient::orient(&MultiPolygon::new(polys), geo::orient::Direction::Default)
    }
}
