//! The advance along the main axis of the offensive: Idlib, Saraqib, Maarat al-Numan,
//! Khan Shaykhun, Hama.
//!
//! Each day the front's position on the axis is its spearhead: the furthest place along
//! the axis, within a corridor either side of it, held by the opposition or the SNA.
//! Government pockets left behind stay visible in the area layers. A place with no state
//! yet on a day counts with its baseline controller, so that a baseline dated after the
//! first report does not read as an advance. The day's advance is the stretch of axis
//! between yesterday's position and today's, with the kilometres gained; the first day
//! starts from the baseline when there is one. Ground gained stays drawn until the front
//! falls back behind it; a day the front falls back is a retreat, drawn that day only.
//! Every place that passed to the opposition or the SNA (or was first reported captured by
//! them) is a capture with its date, for accumulation.

use super::plane::Plane;
use crate::claims::Controller;
use crate::gazetteer::Gazetteer;
use crate::timeline::{PlaceTimeline, Timeline};
use chrono::NaiveDate;
use geo::{Closest, ClosestPoint, Coord, Distance, Haversine, LineString, Point};

/// Gazetteer ids of the axis towns, from Idlib to Hama.
pub const AXIS: [&str; 5] = [
    "geonames:169389", // Idlib
    "geonames:164816", // Saraqib
    "geonames:167611", // Maarat al-Numan
    "geonames:168325", // Khan Shaykhun
    "geonames:170017", // Hama
];

/// How far either side of the axis a place counts for the front's position, in km.
pub const CORRIDOR_KM: f64 = 10.0;

/// A town on the axis and how far along it lies.
#[derive(Clone, Debug)]
pub struct Stop {
    /// Gazetteer index.
    pub place: usize,
    /// Kilometres from the start of the axis.
    pub km: f64,
}

/// How the front moved on one day.
#[derive(Clone, Debug)]
pub struct Step {
    /// The day.
    pub day: NaiveDate,
    /// Position the day before, km along the axis.
    pub from_km: f64,
    /// Position at the end of the day, km along the axis.
    pub to_km: f64,
    /// The place that marks today's position, if any.
    pub front_place: Option<usize>,
    /// The stretch of axis covered, in degrees; none when the front did not move.
    pub line: Option<LineString<f64>>,
    /// Places captured that day inside the corridor.
    pub captured: Vec<usize>,
    /// For ground gained: the first day the front is back behind it, if it ever is.
    pub until: Option<NaiveDate>,
}

impl Step {
    /// Kilometres gained (negative for ground lost).
    pub fn gained_km(&self) -> f64 {
        self.to_km - self.from_km
    }

    /// True when the front fell back that day.
    pub fn is_retreat(&self) -> bool {
        self.gained_km() < 0.0
    }
}

/// A place that passed to the opposition or the SNA.
#[derive(Clone, Debug)]
pub struct Capture {
    /// Gazetteer index.
    pub place: usize,
    /// The first day it is held by its new controller.
    pub day: NaiveDate,
    /// Who held it before.
    pub from: Controller,
    /// Who holds it now.
    pub to: Controller,
    /// Kilometres along the axis, when inside the corridor.
    pub along_km: Option<f64>,
}

/// The advance along the axis, day by day.
#[derive(Clone, Debug)]
pub struct Advance {
    /// The axis, in degrees.
    pub axis: LineString<f64>,
    /// The axis towns.
    pub stops: Vec<Stop>,
    /// One step per day of the timeline.
    pub steps: Vec<Step>,
    /// Every capture, by day and place id.
    pub captures: Vec<Capture>,
}

fn attacker(c: Controller) -> bool {
    matches!(c, Controller::Opposition | Controller::Sna)
}

/// An axis in degrees with cumulative lengths on the sphere, and its projection.
struct Axis {
    deg: LineString<f64>,
    km: LineString<f64>,
    cum: Vec<f64>,
}

impl Axis {
    fn new(deg: LineString<f64>, plane: &Plane) -> Self {
        let mut cum = vec![0.0];
        for w in deg.0.windows(2) {
            let d = Haversine.distance(Point(w[0]), Point(w[1])) / 1000.0;
            cum.push(cum.last().copied().unwrap_or(0.0) + d);
        }
        Axis {
            km: plane.project(&deg),
            deg,
            cum,
        }
    }

    /// Kilometres along the axis of the point's foot, and its distance from the axis.
    fn locate(&self, p: Coord<f64>, plane: &Plane) -> (f64, f64) {
        let q = plane.to_km(p);
        let mut best = (f64::INFINITY, 0.0);
        for (i, w) in self.km.0.windows(2).enumerate() {
            let seg = geo::Line::new(w[0], w[1]);
            let foot = match seg.closest_point(&Point(q)) {
                Closest::Intersection(f) | Closest::SinglePoint(f) => f.0,
                Closest::Indeterminate => w[0],
            };
            let off = (foot.x - q.x).hypot(foot.y - q.y);
            if off < best.0 {
                let len = (w[1].x - w[0].x).hypot(w[1].y - w[0].y);
                let f = if len > 0.0 {
                    (foot.x - w[0].x).hypot(foot.y - w[0].y) / len
                } else {
                    0.0
                };
                best = (off, self.cum[i] + f * (self.cum[i + 1] - self.cum[i]));
            }
        }
        (best.1, best.0)
    }

    /// The point `km` along the axis, in degrees.
    fn at(&self, km: f64) -> Coord<f64> {
        let n = self.cum.len();
        for i in 0..n - 1 {
            if km <= self.cum[i + 1] || i == n - 2 {
                let span = self.cum[i + 1] - self.cum[i];
                let f = if span > 0.0 {
                    ((km - self.cum[i]) / span).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (a, b) = (self.deg.0[i], self.deg.0[i + 1]);
                return Coord {
                    x: a.x + (b.x - a.x) * f,
                    y: a.y + (b.y - a.y) * f,
                };
            }
        }
        self.deg.0[0]
    }

    /// The stretch of axis between two positions, in the direction of travel.
    fn between(&self, a: f64, b: f64) -> LineString<f64> {
        let (lo, hi) = (a.min(b), a.max(b));
        let mut pts = vec![self.at(lo)];
        for (i, &c) in self.cum.iter().enumerate() {
            if c > lo && c < hi {
                pts.push(self.deg.0[i]);
            }
        }
        pts.push(self.at(hi));
        if a > b {
            pts.reverse();
        }
        LineString::new(crate::precision::line(
            pts,
            crate::precision::COORD_DECIMALS,
        ))
    }
}

impl Advance {
    /// Follows the front along the axis over the days of `t`; `None` when an axis town is
    /// missing from the gazetteer.
    pub fn build(t: &Timeline, g: &Gazetteer, plane: &Plane) -> Option<Advance> {
        let towns: Vec<usize> = AXIS
            .iter()
            .map(|id| g.places.iter().position(|p| p.id == *id))
            .collect::<Option<_>>()?;
        let deg = LineString::new(
            towns
                .iter()
                .map(|&i| Coord {
                    x: g.places[i].lon,
                    y: g.places[i].lat,
                })
                .collect(),
        );
        let axis = Axis::new(deg, plane);
        let stops = towns
            .iter()
            .zip(&axis.cum)
            .map(|(&place, &km)| Stop { place, km })
            .collect();
        // Corridor places with their position along the axis, in axis order.
        let mut corridor: Vec<(f64, &PlaceTimeline)> = Vec::new();
        for pt in &t.places {
            let p = &g.places[pt.place];
            if !super::is_site_kind(p.kind) {
                continue;
            }
            let (along, off) = axis.locate(Coord { x: p.lon, y: p.lat }, plane);
            if off <= CORRIDOR_KM {
                corridor.push((along, pt));
            }
        }
        corridor.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(g.places[a.1.place].id.cmp(&g.places[b.1.place].id))
        });
        let held = |ctrl: &dyn Fn(&PlaceTimeline) -> Option<Controller>| -> (f64, Option<usize>) {
            let mut pos = (0.0, None);
            for &(along, pt) in &corridor {
                if ctrl(pt).is_some_and(attacker) {
                    pos = (along, Some(pt.place));
                }
            }
            pos
        };
        let before = |pt: &PlaceTimeline| pt.baseline.as_ref().map(|r| r.controller);
        let mut prev = held(&before);
        let mut steps = Vec::new();
        let mut captures = Vec::new();
        let mut last: std::collections::HashMap<usize, Controller> = t
            .places
            .iter()
            .filter_map(|pt| Some((pt.place, before(pt)?)))
            .collect();
        for (n, day) in t.days().enumerate() {
            let state = |pt: &PlaceTimeline| {
                pt.days
                    .get(&day)
                    .map(|s| s.controller)
                    .or_else(|| before(pt))
            };
            let now = held(&state);
            if n == 0 && t.places.iter().all(|pt| pt.baseline.is_none()) {
                prev = now;
            }
            let mut captured = Vec::new();
            for pt in &t.places {
                let Some(s) = pt.days.get(&day) else { continue };
                // A place first heard of as captured by the attackers is a capture too.
                let was = match last.insert(pt.place, s.controller) {
                    Some(was) => was,
                    None if s.status == crate::claims::Status::Captured => Controller::Unknown,
                    None => continue,
                };
                if attacker(s.controller) && !attacker(was) && g.places[pt.place].in_syria() {
                    let p = &g.places[pt.place];
                    let (along, off) = axis.locate(Coord { x: p.lon, y: p.lat }, plane);
                    let along_km =
                        (off <= CORRIDOR_KM && super::is_site_kind(p.kind)).then_some(along);
                    if along_km.is_some() {
                        captured.push(pt.place);
                    }
                    captures.push(Capture {
                        place: pt.place,
                        day,
                        from: was,
                        to: s.controller,
                        along_km,
                    });
                }
            }
            captured.sort_by(|a, b| g.places[*a].id.cmp(&g.places[*b].id));
            let line = ((now.0 - prev.0).abs() >= 0.05).then(|| axis.between(prev.0, now.0));
            steps.push(Step {
                day,
                from_km: prev.0,
                to_km: now.0,
                front_place: now.1,
                line,
                captured,
                until: None,
            });
            prev = now;
        }
        // A stretch gained stays drawn until the front falls back behind its far end.
        for i in 0..steps.len() {
            if steps[i].gained_km() > 0.0 {
                let end = steps[i].to_km - 0.05;
                steps[i].until = steps[i + 1..].iter().find(|s| s.to_km < end).map(|s| s.day);
            }
        }
        captures.sort_by(|a, b| {
            a.day
                .cmp(&b.day)
                .then(g.places[a.place].id.cmp(&g.places[b.place].id))
        });
        Some(Advance {
            axis: axis.deg,
            stops,
            steps,
            captures,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_positions_and_stretches() {
        let plane = Plane::default();
        let deg = LineString::new(vec![
            geo::coord! { x: 36.0, y: 36.0 },
            geo::coord! { x: 36.0, y: 35.5 },
            geo::coord! { x: 36.0, y: 35.0 },
        ]);
        let a = Axis::new(deg, &plane);
        assert!((a.cum[2] - 111.2).abs() < 0.5, "{:?}", a.cum);
        let (along, off) = a.locate(geo::coord! { x: 36.05, y: 35.5 }, &plane);
        assert!(
            (along - a.cum[1]).abs() < 0.5 && (off - 4.5).abs() < 0.3,
            "{along} {off}"
        );
        let s = a.between(80.0, 20.0);
        assert_eq!(s.0.len(), 3, "the middle vertex is kept");
        assert!(s.0[0].y < s.0[2].y, "runs from 80 km back to 20 km");
    }
}
