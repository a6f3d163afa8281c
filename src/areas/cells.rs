//! Voronoi cells limited to a reach radius, built from spade's Delaunay triangulation.
//!
//! Each cell is the reach disc around its site cut by the perpendicular bisector with
//! every Delaunay neighbour. Cutting a convex polygon by half-planes keeps it convex and
//! lets each edge remember what made it: the reach circle or the neighbour across it,
//! which is how the front lines are found. Built this way the cells tile the plane
//! inside the reach without the gaps of geo's clipped `voronoi_cells` (georust/geo#1564).

use geo::Coord;
use spade::{DelaunayTriangulation, Point2, Triangulation};

/// What lies across one edge of a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The edge of the reach disc: nothing is known beyond it.
    Reach,
    /// The cell of this site.
    Site(usize),
}

/// One site's cell: a convex ring (counter-clockwise, not closed) and what lies across each edge.
#[derive(Clone, Debug)]
pub struct Cell {
    /// Index of the site in the input.
    pub site: usize,
    /// Vertices, counter-clockwise; the ring is closed implicitly.
    pub ring: Vec<Coord<f64>>,
    /// `sides[k]` is across the edge from `ring[k]` to `ring[k + 1]`.
    pub sides: Vec<Side>,
}

impl Cell {
    /// The cell as a closed geo polygon.
    pub fn polygon(&self) -> geo::Polygon<f64> {
        let mut pts = self.ring.clone();
        if let Some(&first) = pts.first() {
            pts.push(first);
        }
        geo::Polygon::new(geo::LineString::new(pts), vec![])
    }

    /// The edges shared with site `other`, as segments.
    pub fn edges_with(&self, other: usize) -> impl Iterator<Item = (Coord<f64>, Coord<f64>)> + '_ {
        let n = self.ring.len();
        (0..n)
            .filter(move |&k| self.sides[k] == Side::Site(other))
            .map(move |k| (self.ring[k], self.ring[(k + 1) % n]))
    }
}

/// Vertices of the regular polygon used for a reach circle.
pub const DISC_VERTICES: usize = 72;

/// The reach-limited Voronoi cells of distinct `sites` (plane kilometres).
///
/// Sites that are not finite get no cell. Cells that vanish are left out.
///
/// ```
/// use frontline::areas::cells::{cells, Side};
/// let sites = [geo::coord! { x: 0.0, y: 0.0 }, geo::coord! { x: 10.0, y: 0.0 }];
/// let c = cells(&sites, 15.0);
/// assert_eq!(c.len(), 2);
/// // The shared edge lies on x = 5.
/// let (a, b) = c[0].edges_with(1).next().unwrap();
/// assert!((a.x - 5.0).abs() < 1e-9 && (b.x - 5.0).abs() < 1e-9);
/// assert!(c[0].sides.contains(&Side::Reach));
/// ```
pub fn cells(sites: &[Coord<f64>], reach_km: f64) -> Vec<Cell> {
    let neighbours = neighbours(sites);
    let mut out = Vec::with_capacity(sites.len());
    for (i, p) in sites.iter().enumerate() {
        let Some(ns) = &neighbours[i] else { continue };
        let mut cell = disc(i, *p, reach_km);
        for &j in ns {
            let q = sites[j];
            let (dx, dy) = (q.x - p.x, q.y - p.y);
            if dx * dx + dy * dy > 4.0 * reach_km * reach_km {
                continue;
            }
            // Keep x with |x - p|² ≤ |x - q|², i.e. 2(q - p)·x ≤ |q|² - |p|².
            let c = (q.x * q.x + q.y * q.y - p.x * p.x - p.y * p.y) / 2.0;
            clip(&mut cell, (dx, dy), c, Side::Site(j));
            if cell.ring.len() < 3 {
                break;
            }
        }
        if cell.ring.len() >= 3 {
            out.push(cell);
        }
    }
    out
}

/// Delaunay neighbours of each site; `None` for a site that could not be inserted.
fn neighbours(sites: &[Coord<f64>]) -> Vec<Option<Vec<usize>>> {
    let mut t: DelaunayTriangulation<Point2<f64>> = DelaunayTriangulation::new();
    let mut site_of_vertex: Vec<usize> = Vec::new();
    let mut vertex_of_site: Vec<Option<usize>> = vec![None; sites.len()];
    for (i, s) in sites.iter().enumerate() {
        if !(s.x.is_finite() && s.y.is_finite()) {
            continue;
        }
        if let Ok(h) = t.insert(Point2::new(s.x, s.y)) {
            if h.index() == site_of_vertex.len() {
                site_of_vertex.push(i);
            }
            vertex_of_site[i] = Some(h.index());
        }
    }
    let handles: Vec<_> = t.fixed_vertices().collect();
    vertex_of_site
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let v = (*v)?;
            let mut ns: Vec<usize> = t
                .vertex(handles[v])
                .out_edges()
                .map(|e| site_of_vertex[e.to().fix().index()])
                .filter(|&j| j != i)
                .collect();
            ns.sort_unstable();
            ns.dedup();
            Some(ns)
        })
        .collect()
}

fn disc(site: usize, c: Coord<f64>, r: f64) -> Cell {
    let ring = (0..DISC_VERTICES)
        .map(|k| {
            let a = std::f64::consts::TAU * k as f64 / DISC_VERTICES as f64;
            Coord {
                x: c.x + r * a.cos(),
                y: c.y + r * a.sin(),
            }
        })
        .collect();
    Cell {
        site,
        ring,
        sides: vec![Side::Reach; DISC_VERTICES],
    }
}

/// Cuts `cell` to the half-plane n·x ≤ c; the new edge on the line gets `side`.
fn clip(cell: &mut Cell, n: (f64, f64), c: f64, side: Side) {
    let len = cell.ring.len();
    let scale = (n.0 * n.0 + n.1 * n.1).sqrt().max(f64::MIN_POSITIVE);
    let d = |p: Coord<f64>| (n.0 * p.x + n.1 * p.y - c) / scale;
    let eps = 1e-9;
    if cell.ring.iter().all(|&p| d(p) <= eps) {
        return;
    }
    let mut ring = Vec::with_capacity(len + 1);
    let mut sides = Vec::with_capacity(len + 1);
    for k in 0..len {
        let (a, b) = (cell.ring[k], cell.ring[(k + 1) % len]);
        let (da, db) = (d(a), d(b));
        let t = cell.sides[k];
        let cut = |da: f64, db: f64| {
            let f = da / (da - db);
            Coord {
                x: a.x + (b.x - a.x) * f,
                y: a.y + (b.y - a.y) * f,
            }
        };
        if da <= eps {
            ring.push(a);
            if db <= eps {
                sides.push(t);
            } else {
                // Leaving: a → cut keeps the old edge, then the line runs from the cut.
                let p = cut(da, db);
                if da < -eps {
                    sides.push(t);
                    ring.push(p);
                }
                sides.push(side);
            }
        } else if db < -eps {
            // Entering: the line ends at the cut, then the old edge goes on.
            ring.push(cut(da, db));
            sides.push(t);
        }
    }
    cell.ring = ring;
    cell.sides = sides;
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, BooleanOps};

    fn grid(n: usize, step: f64) -> Vec<Coord<f64>> {
        let mut v = Vec::new();
        for i in 0..n {
            for j in 0..n {
                // A little jitter so that the triangulation is not degenerate.
                let jx = ((i * 7 + j * 3) % 5) as f64 * 0.37;
                let jy = ((i * 5 + j * 11) % 7) as f64 * 0.29;
                v.push(geo::coord! { x: i as f64 * step + jx, y: j as f64 * step + jy });
            }
        }
        v
    }

    #[test]
    fn cells_tile_the_union_of_discs_without_overlap_or_gap() {
        let sites = grid(6, 9.0);
        let r = 12.0;
        let cs = cells(&sites, r);
        assert_eq!(cs.len(), sites.len());
        let total: f64 = cs.iter().map(|c| c.polygon().unsigned_area()).sum();
        let discs: Vec<geo::Polygon<f64>> = sites
            .iter()
            .enumerate()
            .map(|(i, &s)| disc(i, s, r).polygon())
            .collect();
        let union = geo::unary_union(&discs);
        let cells_union =
            geo::unary_union(cs.iter().map(|c| c.polygon()).collect::<Vec<_>>().iter());
        // Sum of cell areas equals the area of their union (no overlap) and of the discs (no gap).
        assert!(
            (total - union.unsigned_area()).abs() / total < 1e-6,
            "{total} vs {}",
            union.unsigned_area()
        );
        assert!((cells_union.unsigned_area() - total).abs() / total < 1e-6);
        let gap = union.difference(&cells_union).unsigned_area();
        assert!(gap / total < 1e-6, "gap {gap}");
    }

    #[test]
    fn every_cell_is_convex_and_counter_clockwise_with_one_side_per_edge() {
        let cs = cells(&grid(5, 7.0), 10.0);
        for c in &cs {
            assert_eq!(c.ring.len(), c.sides.len());
            let n = c.ring.len();
            for k in 0..n {
                let (a, b, d) = (c.ring[k], c.ring[(k + 1) % n], c.ring[(k + 2) % n]);
                let cross = (b.x - a.x) * (d.y - b.y) - (b.y - a.y) * (d.x - b.x);
                assert!(cross > -1e-9, "cell {} turns clockwise at {k}", c.site);
            }
        }
    }

    #[test]
    fn shared_edges_match_from_both_sides() {
        let sites = grid(4, 8.0);
        let cs = cells(&sites, 20.0);
        for c in &cs {
            for s in &c.sides {
                if let Side::Site(j) = *s {
                    let other = cs.iter().find(|o| o.site == j).unwrap();
                    let mine: f64 = c
                        .edges_with(j)
                        .map(|(a, b)| (b.x - a.x).hypot(b.y - a.y))
                        .sum();
                    let theirs: f64 = other
                        .edges_with(c.site)
                        .map(|(a, b)| (b.x - a.x).hypot(b.y - a.y))
                        .sum();
                    // Equal but for where the two polygonal discs cross the bisector.
                    assert!(
                        (mine - theirs).abs() < 2e-3 * 20.0,
                        "{} | {j}: {mine} vs {theirs}",
                        c.site
                    );
                }
            }
        }
    }

    #[test]
    fn collinear_and_lone_sites_still_get_cells() {
        let line: Vec<Coord<f64>> = (0..4)
            .map(|i| geo::coord! { x: i as f64 * 5.0, y: 0.0 })
            .collect();
        let cs = cells(&line, 4.0);
        assert_eq!(cs.len(), 4);
        let lone = cells(&[geo::coord! { x: 1.0, y: 1.0 }], 3.0);
        let a = lone[0].polygon().unsigned_area();
        assert!((a - std::f64::consts::PI * 9.0).abs() / a < 0.01, "{a}");
    }

    #[test]
    fn far_sites_do_not_cut_each_other() {
        let cs = cells(
            &[
                geo::coord! { x: 0.0, y: 0.0 },
                geo::coord! { x: 100.0, y: 0.0 },
            ],
            10.0,
        );
        assert!(cs.iter().all(|c| c.sides.iter().all(|s| *s == Side::Reach)));
    }
}
