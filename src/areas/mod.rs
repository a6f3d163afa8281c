//! Control areas and front lines per day, derived from the day's control points.
//!
//! For each day every point place with a known state (towns, villages, sites and city
//! quarters inside Syria; never governorates, regions or roads) becomes a site. Each
//! site's Voronoi cell is limited to a reach radius ([`cells`]), so that a lone town does
//! not paint an empty desert; the cells are dissolved by controller and clipped to
//! Syria's outline. Contested places get their own zone. Where the cells of opposing
//! controllers meet, the shared edges are the day's front line.
//!
//! Geometry is computed in a local kilometre plane ([`plane`]) and written in degrees;
//! areas are measured on the ellipsoid and lengths on the sphere.

pub mod advance;
pub mod cells;
pub mod grid;
pub mod plane;

use crate::claims::Controller;
use crate::gazetteer::{Gazetteer, Kind};
use crate::precision;
use crate::timeline::Timeline;
use chrono::NaiveDate;
use geo::{
    BooleanOps, Coord, GeodesicArea, Haversine, Length, LineString, MultiLineString, MultiPolygon,
    Polygon,
};
use plane::Plane;
use std::collections::{BTreeMap, HashMap};

/// Default reach of a control point, in kilometres.
pub const DEFAULT_REACH_KM: f64 = 12.0;

/// How areas are drawn.
#[derive(Clone, Copy, Debug)]
pub struct AreaOptions {
    /// How far a place's control is drawn around it, in kilometres.
    pub reach_km: f64,
}

impl Default for AreaOptions {
    fn default() -> Self {
        AreaOptions {
            reach_km: DEFAULT_REACH_KM,
        }
    }
}

/// One controller's area on one day.
#[derive(Clone, Debug)]
pub struct ControlArea {
    /// Who holds it.
    pub controller: Controller,
    /// The area in lon/lat degrees: valid, exterior rings counter-clockwise.
    pub shape: MultiPolygon<f64>,
    /// Gazetteer indices of the places that make it, sorted by id.
    pub places: Vec<usize>,
    /// Its area on the ellipsoid, in km².
    pub area_km2: f64,
}

/// The front between two controllers on one day.
#[derive(Clone, Debug)]
pub struct Front {
    /// The two sides, in controller order.
    pub sides: (Controller, Controller),
    /// The line in lon/lat degrees.
    pub lines: MultiLineString<f64>,
    /// Its length on the sphere, in km.
    pub length_km: f64,
}

/// Areas and front lines of one day.
#[derive(Clone, Debug)]
pub struct DayMap {
    /// The day.
    pub day: NaiveDate,
    /// One area per controller present, in controller order.
    pub areas: Vec<ControlArea>,
    /// One front per pair of opposing controllers that meet, in order of the pair.
    pub fronts: Vec<Front>,
}

/// Areas, fronts and the advance for every day of a timeline.
#[derive(Clone, Debug)]
pub struct Maps {
    /// The options used.
    pub options: AreaOptions,
    /// One map per day, in date order.
    pub days: Vec<DayMap>,
    /// The advance along the Idlib–Hama axis, when the gazetteer has the axis towns.
    pub advance: Option<advance::Advance>,
}

/// True when two controllers face each other across a front.
///
/// The opposition and the SNA fought on the same side in this offensive, and an unknown
/// controller faces no one.
///
/// ```
/// use frontline::{areas::opposing, claims::Controller::*};
/// assert!(opposing(Government, Opposition));
/// assert!(opposing(Sna, Sdf));
/// assert!(!opposing(Opposition, Sna));
/// assert!(!opposing(Government, Government));
/// ```
pub fn opposing(a: Controller, b: Controller) -> bool {
    use Controller::*;
    a != b
        && a != Unknown
        && b != Unknown
        && !matches!((a, b), (Opposition, Sna) | (Sna, Opposition))
}

/// True for the kinds of place whose point stands for the ground around it.
pub fn is_site_kind(k: Kind) -> bool {
    matches!(
        k,
        Kind::City | Kind::Town | Kind::Village | Kind::Neighbourhood | Kind::Site
    )
}

/// A straight piece of line, in plane kilometres.
type Segment = (Coord<f64>, Coord<f64>);

/// A site's plane position and the places (with their controllers) at that point.
type Gathered = (Coord<f64>, Vec<(usize, Controller)>);

/// A day's sites: distinct coordinates with their controller and places.
struct Sites {
    coords: Vec<Coord<f64>>,
    controllers: Vec<Controller>,
    places: Vec<Vec<usize>>,
}

fn sites(t: &Timeline, g: &Gazetteer, day: NaiveDate, plane: &Plane) -> Sites {
    let mut by_coord: BTreeMap<(i64, i64), Gathered> = BTreeMap::new();
    for pt in &t.places {
        let Some(s) = pt.days.get(&day) else { continue };
        let p = &g.places[pt.place];
        if !is_site_kind(p.kind) || !p.in_syria() {
            continue;
        }
        let key = ((p.lon * 1e6).round() as i64, (p.lat * 1e6).round() as i64);
        by_coord
            .entry(key)
            .or_insert_with(|| (plane.to_km(Coord { x: p.lon, y: p.lat }), Vec::new()))
            .1
            .push((pt.place, s.controller));
    }
    let mut out = Sites {
        coords: Vec::new(),
        controllers: Vec::new(),
        places: Vec::new(),
    };
    for (_, (c, ps)) in by_coord {
        // Places at one spot that disagree make it contested; an unknown one adds nothing.
        let known: Vec<Controller> = ps
            .iter()
            .map(|(_, k)| *k)
            .filter(|k| *k != Controller::Unknown)
            .collect();
        let ctrl = match known.first() {
            None => Controller::Unknown,
            Some(&first) if known.iter().all(|k| *k == first) => first,
            Some(_) => Controller::Contested,
        };
        out.coords.push(c);
        out.controllers.push(ctrl);
        out.places.push(ps.into_iter().map(|(i, _)| i).collect());
    }
    out
}

/// Draws the areas and fronts of every day of `t`.
///
/// ```
/// use frontline::{areas, claims::Controller, gazetteer::Gazetteer, pipeline, timeline::baseline::Baseline};
/// let g = Gazetteer::bundled().unwrap();
/// let (done, _) = pipeline::read_all(&["examples/articles".into()], None, &g, &|| ());
/// let b = Baseline::load("nw-syria-2024-11-26", &g).unwrap();
/// let run = pipeline::assemble(done, Some(&b), &g);
/// let maps = areas::build(run.timeline.as_ref().unwrap(), &g, &Default::default());
/// let first = &maps.days[0];
/// assert!(first.areas.iter().any(|a| a.controller == Controller::Government));
/// assert!(first.fronts.iter().any(|f| f.sides == (Controller::Government, Controller::Opposition)));
/// ```
pub fn build(t: &Timeline, g: &Gazetteer, opts: &AreaOptions) -> Maps {
    let plane = Plane::default();
    let syria = plane.project(&g.boundaries.country.shape);
    let syria_grid = grid::Grid::from_polygons(&g.boundaries.country.shape.0).dissolve();
    let days: Vec<NaiveDate> = t.days().collect();
    // Each day's map stands on its own: the days are drawn on all cores, in order.
    let (maps, advance) = rayon::join(
        || {
            use rayon::prelude::*;
            days.par_iter()
                .map(|&day| day_map(t, g, day, &plane, (&syria, &syria_grid), opts))
                .collect::<Vec<DayMap>>()
        },
        || advance::Advance::build(t, g, &plane),
    );
    Maps {
        options: *opts,
        days: maps,
        advance,
    }
}

fn day_map(
    t: &Timeline,
    g: &Gazetteer,
    day: NaiveDate,
    plane: &Plane,
    (syria, syria_grid): (&MultiPolygon<f64>, &grid::Grid),
    opts: &AreaOptions,
) -> DayMap {
    let s = sites(t, g, day, plane);
    let cs = cells::cells(&s.coords, opts.reach_km);
    let mut by_ctrl: BTreeMap<Controller, (Vec<Polygon<f64>>, Vec<usize>)> = BTreeMap::new();
    for c in &cs {
        let e = by_ctrl.entry(s.controllers[c.site]).or_default();
        e.0.push(c.polygon());
        e.1.extend(&s.places[c.site]);
    }
    let mut areas = Vec::new();
    // What earlier controllers took: taking it away from the next leaves no overlap.
    let mut taken = grid::Grid::default();
    for (controller, (polys, mut places)) in by_ctrl {
        let cells: Vec<Polygon<f64>> = polys.iter().map(|p| plane.unproject(p)).collect();
        let mut mine = grid::Grid::from_polygons(&cells)
            .dissolve()
            .intersection(syria_grid);
        if !taken.is_empty() {
            mine = mine.difference(&taken);
        }
        taken = taken.union(&mine);
        let shape = mine.to_polygons();
        if shape.0.is_empty() {
            continue;
        }
        places.sort_by(|a, b| g.places[*a].id.cmp(&g.places[*b].id));
        places.dedup();
        let area_km2 = shape.geodesic_area_unsigned() / 1e6;
        areas.push(ControlArea {
            controller,
            shape,
            places,
            area_km2,
        });
    }
    DayMap {
        day,
        areas,
        fronts: fronts(&cs, &s.controllers, plane, syria),
    }
}

fn fronts(
    cs: &[cells::Cell],
    controllers: &[Controller],
    plane: &Plane,
    syria: &MultiPolygon<f64>,
) -> Vec<Front> {
    let mut segs: BTreeMap<(Controller, Controller), Vec<Segment>> = BTreeMap::new();
    for c in cs {
        let a = controllers[c.site];
        for (k, side) in c.sides.iter().enumerate() {
            let cells::Side::Site(j) = *side else {
                continue;
            };
            let b = controllers[j];
            // Each shared edge once, from the cell of the smaller controller (or site).
            if !opposing(a, b) || (a, c.site) > (b, j) {
                continue;
            }
            let n = c.ring.len();
            segs.entry((a.min(b), a.max(b)))
                .or_default()
                .push((c.ring[k], c.ring[(k + 1) % n]));
        }
    }
    let mut out = Vec::new();
    for (sides, s) in segs {
        let merged = MultiLineString::new(merge_segments(&s));
        let inside = syria.clip(&merged, false);
        let lines = finish_lines(&plane.unproject(&inside));
        if lines.0.is_empty() {
            continue;
        }
        let length_km = lines.0.iter().map(|l| Haversine.length(l)).sum::<f64>() / 1000.0;
        out.push(Front {
            sides,
            lines,
            length_km,
        });
    }
    out
}

/// Joins segments that share end points into the fewest line strings, in a stable order.
fn merge_segments(segs: &[Segment]) -> Vec<LineString<f64>> {
    let key = |c: Coord<f64>| ((c.x * 1e6).round() as i64, (c.y * 1e6).round() as i64);
    let mut at: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, (a, b)) in segs.iter().enumerate() {
        if key(*a) == key(*b) {
            continue;
        }
        at.entry(key(*a)).or_default().push(i);
        at.entry(key(*b)).or_default().push(i);
    }
    let mut used = vec![false; segs.len()];
    let mut out = Vec::new();
    // Start from the ends (points with one segment) first, then close the loops.
    let mut starts: Vec<usize> = (0..segs.len()).collect();
    starts.sort_by_key(|&i| {
        let (a, b) = segs[i];
        let lone = |c| at.get(&key(c)).map_or(0, Vec::len) == 1;
        (!(lone(a) || lone(b)), i)
    });
    for s in starts {
        if used[s] || key(segs[s].0) == key(segs[s].1) {
            continue;
        }
        used[s] = true;
        let (a, b) = segs[s];
        let lone_b = at.get(&key(b)).map_or(0, Vec::len) == 1;
        let (mut head, mut line) = if lone_b {
            (a, vec![b, a])
        } else {
            (b, vec![a, b])
        };
        loop {
            let next = at
                .get(&key(head))
                .and_then(|v| v.iter().copied().find(|&i| !used[i]));
            let Some(i) = next else { break };
            used[i] = true;
            let (p, q) = segs[i];
            head = if key(p) == key(head) { q } else { p };
            line.push(head);
        }
        out.push(LineString::new(line));
    }
    out
}

fn finish_lines(ml: &MultiLineString<f64>) -> MultiLineString<f64> {
    let mut lines: Vec<LineString<f64>> =
        ml.0.iter()
            .filter_map(|l| {
                let pts = precision::line(l.0.iter().copied(), precision::COORD_DECIMALS);
                (pts.len() >= 2).then(|| LineString::new(pts))
            })
            .collect();
    // i_overlay's output order is not part of its contract: sort for stable files.
    lines.sort_by(|a, b| {
        let k = |l: &LineString<f64>| (l.0[0].x, l.0[0].y, l.0.len());
        k(a).partial_cmp(&k(b)).unwrap_or(std::cmp::Ordering::Equal)
    });
    MultiLineString::new(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_merge_into_one_line_in_either_direction() {
        let c = |x: f64, y: f64| geo::coord! { x: x, y: y };
        let segs = [
            (c(1.0, 0.0), c(2.0, 0.0)),
            (c(0.0, 0.0), c(1.0, 0.0)),
            (c(3.0, 0.0), c(2.0, 0.0)),
        ];
        let m = merge_segments(&segs);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0.len(), 4);
        let xs: Vec<f64> = m[0].0.iter().map(|p| p.x).collect();
        assert!(
            xs == [0.0, 1.0, 2.0, 3.0] || xs == [3.0, 2.0, 1.0, 0.0],
            "{xs:?}"
        );
    }

    #[test]
    fn a_closed_loop_stays_one_line() {
        let c = |x: f64, y: f64| geo::coord! { x: x, y: y };
        let segs = [
            (c(0.0, 0.0), c(1.0, 0.0)),
            (c(1.0, 0.0), c(1.0, 1.0)),
            (c(1.0, 1.0), c(0.0, 0.0)),
        ];
        let m = merge_segments(&segs);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0.first(), m[0].0.last());
    }
}
