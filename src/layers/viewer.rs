//! The offline viewer: one self-contained `index.html` with the run's data inlined.
//!
//! The page draws Syria's outline from the bundled boundary and needs no tile server,
//! network or build step. Its JavaScript and CSS are our own (`viewer/`), plain and
//! dependency-free. Coordinates are written with four decimals (about 10 m).

use super::records::JsonText;
use super::{style, RunOutput};
use crate::claims::Controller;
use crate::precision::{self, round};
use geo::{LineString, MultiLineString, MultiPolygon};
use serde_json::{json, Value};
use std::io::Write;

const TEMPLATE: &str = include_str!("viewer/index.html");
const SCRIPT: &str = include_str!("viewer/viewer.js");
const STYLE: &str = include_str!("viewer/viewer.css");

/// Decimals of the viewer's coordinates (about 10 m).
const DECIMALS: i32 = 4;

fn r4(v: f64) -> f64 {
    round(v, DECIMALS)
}

/// One decimal, for the figures the page shows.
fn r1(v: f64) -> f64 {
    round(v, 1)
}

fn line(l: &LineString<f64>) -> Value {
    let pts: Vec<[f64; 2]> = precision::line(l.0.iter().copied(), DECIMALS)
        .into_iter()
        .map(|c| [c.x, c.y])
        .collect();
    json!(pts)
}

fn polygons(mp: &MultiPolygon<f64>) -> Value {
    Value::Array(
        mp.0.iter()
            .map(|p| {
                let mut rings = vec![line(p.exterior())];
                rings.extend(p.interiors().iter().map(line));
                Value::Array(rings)
            })
            .collect(),
    )
}

fn lines(ml: &MultiLineString<f64>) -> Value {
    Value::Array(ml.0.iter().map(line).collect())
}

/// The viewer's record of one place of the timeline: its states by day; `None` for a
/// place outside Syria.
fn place_value(run: &RunOutput, pt: &crate::timeline::PlaceTimeline) -> Option<Value> {
    let g = run.gazetteer;
    let p = &g.places[pt.place];
    if !p.in_syria() {
        return None;
    }
    let states: serde_json::Map<String, Value> = pt
        .days
        .iter()
        .map(|(d, s)| {
            (
                d.to_string(),
                json!({
                    "controller": s.controller,
                    "status": s.status,
                    "since": s.since.to_string(),
                    "confidence": s.confidence,
                    "confirmed": s.confirmed,
                    "sources": s.sources,
                    "changed": s.changed,
                    "baseline": s.baseline,
                    "why": s.why,
                    "evidence": s.evidence,
                }),
            )
        })
        .collect();
    let row = pt.baseline.as_ref().map(|r| {
        json!({"controller": r.controller, "as_of": r.as_of.to_string(), "source": r.source, "note": r.note})
    });
    Some(json!({
        "id": p.id,
        "name": p.name,
        "name_ar": p.name_ar,
        "kind": p.kind,
        "admin": !crate::areas::is_site_kind(p.kind),
        "lon": r4(p.lon),
        "lat": r4(p.lat),
        "baseline": row,
        "states": states,
    }))
}

/// The viewer's record of one day: its control areas and front lines.
fn day_value(run: &RunOutput, day: chrono::NaiveDate) -> Value {
    let m = run.maps.and_then(|m| m.days.iter().find(|d| d.day == day));
    let areas: Vec<Value> = m
        .map(|m| {
            m.areas
                .iter()
                .map(|a| json!({"controller": a.controller, "area_km2": r1(a.area_km2), "places": a.places.len(), "shape": polygons(&a.shape)}))
                .collect()
        })
        .unwrap_or_default();
    let fronts: Vec<Value> = m
        .map(|m| {
            m.fronts
                .iter()
                .map(|f| json!({"sides": [f.sides.0, f.sides.1], "length_km": r1(f.length_km), "lines": lines(&f.lines)}))
                .collect()
        })
        .unwrap_or_default();
    json!({"day": day.to_string(), "areas": areas, "fronts": fronts})
}

/// The parts of the page's data made one at a time besides the claims: the places and the
/// days.
fn streamed<'a>(run: &'a RunOutput<'a>, key: &str) -> Option<Box<dyn Iterator<Item = Value> + 'a>> {
    let places = run.timeline.iter().flat_map(|t| &t.places);
    let days = run.timeline.iter().flat_map(|t| t.days());
    match key {
        "places" => Some(Box::new(places.filter_map(|pt| place_value(run, pt)))),
        "days" => Some(Box::new(days.map(|d| day_value(run, d)))),
        _ => None,
    }
}

/// The data the page shows, with `null` in place of the places, the days and the claims
/// (see [`write_data`]).
fn data_head(run: &RunOutput) -> Value {
    let g = run.gazetteer;
    let legend: Vec<Value> = Controller::ALL
        .iter()
        .map(|&c| json!({"controller": c, "label": style::label(c), "colour": style::colour(c)}))
        .collect();
    let governorates: Vec<Value> = g
        .boundaries
        .governorates
        .iter()
        .map(|a| json!({"name": a.name, "shape": polygons(&a.shape)}))
        .collect();
    let advance = run.maps.and_then(|m| m.advance.as_ref()).map(|a| {
        let steps: Vec<Value> = a
            .steps
            .iter()
            .map(|s| {
                json!({
                    "day": s.day.to_string(),
                    "from_km": r1(s.from_km),
                    "to_km": r1(s.to_km),
                    "line": s.line.as_ref().map(line),
                    "retreat": s.is_retreat(),
                    "until": s.until.map(|d| d.to_string()),
                    "captured": s.captured.iter().map(|&i| g.places[i].name.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let stops: Vec<Value> = a
            .stops
            .iter()
            .map(|s| json!({"name": g.places[s.place].name, "km": r1(s.km)}))
            .collect();
        json!({"axis": line(&a.axis), "stops": stops, "steps": steps})
    });
    json!({
        "articles": run.articles.len(),
        "reach_km": run.maps.map(|m| m.options.reach_km),
        "legend": legend,
        "front_colour": style::FRONT,
        "outline": polygons(&g.boundaries.country.shape),
        "governorates": governorates,
        "places": null,
        "claims": null,
        "days": null,
        "advance": advance,
    })
}

/// Writes the page, with the data, script and style inlined, to `w` as it is made.
pub fn write_page(run: &RunOutput, w: &mut dyn Write) -> std::io::Result<()> {
    let mut rest = TEMPLATE;
    for (marker, text) in [
        ("/*STYLE*/", STYLE),
        ("/*DATA*/", ""),
        ("/*SCRIPT*/", SCRIPT),
    ] {
        let (head, tail) = rest.split_once(marker).unwrap_or((rest, ""));
        w.write_all(head.as_bytes())?;
        if marker == "/*DATA*/" {
            // As JSON inside a script element: no `<` may open a tag or a comment there.
            write_data(run, &mut NoTags(&mut *w))?;
        } else {
            w.write_all(text.as_bytes())?;
        }
        rest = tail;
    }
    w.write_all(rest.as_bytes())
}

/// The data the page shows, as compact JSON: its places, days and claims (the bulk of
/// it) made and written one at a time instead of held as one value.
fn write_data(run: &RunOutput, w: &mut dyn Write) -> std::io::Result<()> {
    let Value::Object(top) = data_head(run) else {
        unreachable!("the viewer data is an object")
    };
    w.write_all(b"{")?;
    for (n, (key, value)) in top.iter().enumerate() {
        if n > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, key)?;
        w.write_all(b":")?;
        if key == "claims" {
            w.write_all(b"[")?;
            write_lines(w, run.claims.len(), |i, s| {
                if i > 0 {
                    s.raw(",");
                }
                s.push(&run.claim_record(i));
            })?;
            w.write_all(b"]")?;
        } else if let Some(values) = streamed(run, key) {
            w.write_all(b"[")?;
            for (n, v) in values.enumerate() {
                if n > 0 {
                    w.write_all(b",")?;
                }
                serde_json::to_writer(&mut *w, &v)?;
            }
            w.write_all(b"]")?;
        } else {
            serde_json::to_writer(&mut *w, value)?;
        }
    }
    w.write_all(b"}")
}

/// Writes lines `0..n` to `w` in order, made on all cores a batch of chunks at a time, so
/// only one batch is ever held in memory.
fn write_lines(
    w: &mut dyn Write,
    n: usize,
    line: impl Fn(usize, &mut JsonText) + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    const CHUNK: usize = 256;
    const BATCH: usize = 16;
    let chunks = n.div_ceil(CHUNK);
    for first in (0..chunks).step_by(BATCH) {
        let texts: Vec<String> = (first..(first + BATCH).min(chunks))
            .into_par_iter()
            .map(|c| {
                let mut s = JsonText::with_capacity(CHUNK * 640);
                for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
                    line(i, &mut s);
                }
                s.finish()
            })
            .collect();
        for t in texts {
            w.write_all(t.as_bytes())?;
        }
    }
    Ok(())
}

/// A writer that escapes every `<` as `\u003c`: JSON that means the same, and that cannot
/// open a tag or a comment inside a script element.
struct NoTags<'a>(&'a mut dyn Write);

impl Write for NoTags<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for (i, part) in buf.split(|&b| b == b'<').enumerate() {
            if i > 0 {
                self.0.write_all(b"\\u003c")?;
            }
            self.0.write_all(part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_has_each_marker_once() {
        for m in ["/*STYLE*/", "/*DATA*/", "/*SCRIPT*/"] {
            assert_eq!(super::TEMPLATE.matches(m).count(), 1, "{m}");
        }
        let (a, b) = (
            super::TEMPLATE.find("/*DATA*/"),
            super::TEMPLATE.find("/*SCRIPT*/"),
        );
        assert!(a < b);
    }
}
