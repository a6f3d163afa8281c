//! Features of the drawn maps: control areas, front lines, the advance and captures,
//! each with simplestyle-spec properties so that geojson.io opens them coloured.

use super::{feature, object, sink::FeatureSink, style, LayerError, RunOutput};
use crate::areas::{advance::Advance, ControlArea, DayMap, Front};
use crate::claims::Controller;
use chrono::NaiveDate;
use serde_json::{json, Map, Value};

/// Rounds to two decimals, the precision of reported kilometres and km².
fn round2(v: f64) -> f64 {
    crate::precision::round(v, 2)
}

/// "30 Nov 2024".
pub fn day_title(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The exclusive end of a span that includes `d`: the day after, as `valid_to` wants it.
pub fn day_after(d: NaiveDate) -> String {
    (d + chrono::Duration::days(1)).to_string()
}

impl RunOutput<'_> {
    fn names(&self, places: &[usize], max: usize) -> String {
        let mut s: Vec<&str> = places
            .iter()
            .take(max)
            .map(|&i| self.gazetteer.places[i].name.as_str())
            .collect();
        if places.len() > max {
            s.push("…");
        }
        s.join(", ")
    }

    fn area_props(&self, m: &DayMap, a: &ControlArea, reach_km: f64) -> Map<String, Value> {
        let colour = style::colour(a.controller);
        let ids: Vec<&str> = a
            .places
            .iter()
            .map(|&i| self.gazetteer.places[i].id.as_str())
            .collect();
        object(json!({
            "controller": a.controller,
            "label": style::label(a.controller),
            "day": m.day.to_string(),
            "valid_from": m.day.to_string(),
            "valid_to": day_after(m.day),
            "places": a.places.len(),
            "place_ids": ids,
            "area_km2": round2(a.area_km2),
            "reach_km": reach_km,
            "fill": colour,
            "fill-opacity": style::FILL_OPACITY,
            "stroke": colour,
            "stroke-width": 1,
            "stroke-opacity": 0.9,
            "title": format!("{} area, {}", style::label(a.controller), day_title(m.day)),
            "description": format!(
                "{} place(s) held ({}); {:.1} km²; drawn as Voronoi cells within {reach_km} km of each place, clipped to Syria.",
                a.places.len(),
                self.names(&a.places, 12),
                a.area_km2
            ),
        }))
    }

    fn front_props(&self, m: &DayMap, f: &Front) -> Map<String, Value> {
        let (a, b) = f.sides;
        object(json!({
            "sides": format!("{}/{}", a.as_str(), b.as_str()),
            "side_a": a,
            "side_b": b,
            "day": m.day.to_string(),
            "valid_from": m.day.to_string(),
            "valid_to": day_after(m.day),
            "length_km": round2(f.length_km),
            "stroke": style::FRONT,
            "stroke-width": 3,
            "stroke-opacity": 1,
            "title": format!("Front {} – {}, {}", style::label(a), style::label(b), day_title(m.day)),
            "description": format!("Where {} and {} areas meet: {:.1} km of line.", style::label(a), style::label(b), f.length_km),
        }))
    }

    /// Writes one day's control areas, one feature per controller, drawn with `reach_km`.
    pub fn write_areas(
        &self,
        m: &DayMap,
        reach_km: f64,
        sink: &mut dyn FeatureSink,
    ) -> Result<usize, LayerError> {
        for a in &m.areas {
            let g = geojson::Geometry::new(geojson::GeometryValue::from(&a.shape));
            sink.feature(&feature(g, self.area_props(m, a, reach_km)))?;
        }
        Ok(m.areas.len())
    }

    /// Writes one day's front lines, one feature per pair of sides.
    pub fn write_fronts(
        &self,
        m: &DayMap,
        sink: &mut dyn FeatureSink,
    ) -> Result<usize, LayerError> {
        for f in &m.fronts {
            let g = geojson::Geometry::new(geojson::GeometryValue::from(&f.lines));
            sink.feature(&feature(g, self.front_props(m, f)))?;
        }
        Ok(m.fronts.len())
    }

    /// Writes the advance: the axis, then one feature per day the front moved on it.
    pub fn write_advance(
        &self,
        adv: &Advance,
        sink: &mut dyn FeatureSink,
    ) -> Result<usize, LayerError> {
        let (Some(first), Some(last)) = (adv.steps.first(), adv.steps.last()) else {
            return Ok(0);
        };
        let end = day_after(last.day);
        let stops: Vec<Value> = adv
            .stops
            .iter()
            .map(|s| json!({"place_id": self.gazetteer.places[s.place].id, "name": self.gazetteer.places[s.place].name, "km": round2(s.km)}))
            .collect();
        let start_km = first.from_km;
        let days: Vec<Value> = adv
            .steps
            .iter()
            .map(|s| json!({"day": s.day.to_string(), "from_km": round2(s.from_km), "to_km": round2(s.to_km), "gained_km": round2(s.gained_km()), "total_km": round2(s.to_km - start_km)}))
            .collect();
        let total = last.to_km - start_km;
        let names: Vec<&str> = adv
            .stops
            .iter()
            .map(|s| self.gazetteer.places[s.place].name.as_str())
            .collect();
        let axis = object(json!({
            "role": "axis",
            "valid_from": first.day.to_string(),
            "valid_to": end,
            "stops": stops,
            "days": days,
            "length_km": round2(adv.stops.last().map_or(0.0, |s| s.km)),
            "total_km": round2(total),
            "stroke": style::AXIS,
            "stroke-width": 1,
            "stroke-opacity": 0.8,
            "title": format!("Axis {}", names.join(" – ")),
            "description": format!("The front moved {:.1} km along this axis from {} to {}.", total, day_title(first.day), day_title(last.day)),
        }));
        sink.feature(&feature(
            geojson::Geometry::new(geojson::GeometryValue::from(&adv.axis)),
            axis,
        ))?;
        let mut n = 1;
        for s in &adv.steps {
            let Some(line) = &s.line else { continue };
            let captured: Vec<&str> = s
                .captured
                .iter()
                .map(|&i| self.gazetteer.places[i].name.as_str())
                .collect();
            let front = s
                .front_place
                .map(|i| self.gazetteer.places[i].name.as_str());
            // Ground gained shows until it is lost; a retreat shows on its day only.
            let (role, colour, until) = if s.is_retreat() {
                (
                    "retreat",
                    style::colour(Controller::Government),
                    day_after(s.day),
                )
            } else {
                let until = s.until.map_or(end.clone(), |d| d.to_string());
                ("advance", style::colour(Controller::Opposition), until)
            };
            let props = object(json!({
                "role": role,
                "day": s.day.to_string(),
                "valid_from": s.day.to_string(),
                "valid_to": until,
                "from_km": round2(s.from_km),
                "to_km": round2(s.to_km),
                "gained_km": round2(s.gained_km()),
                "total_km": round2(s.to_km - start_km),
                "front_place": front,
                "captured": captured,
                "stroke": colour,
                "stroke-width": 5,
                "stroke-opacity": 0.9,
                "title": format!("{} on {}: {:+.1} km", if s.is_retreat() { "Retreat" } else { "Advance" }, day_title(s.day), s.gained_km()),
                "description": format!(
                    "Front at {:.1} km along the axis{} ({:+.1} km since the day before); captured that day: {}.",
                    s.to_km,
                    front.map(|f| format!(", at {f}")).unwrap_or_default(),
                    s.gained_km(),
                    if captured.is_empty() { "none".to_string() } else { captured.join(", ") }
                ),
            }));
            sink.feature(&feature(
                geojson::Geometry::new(geojson::GeometryValue::from(line)),
                props,
            ))?;
            n += 1;
        }
        Ok(n)
    }

    /// Writes every capture as a point dated by the day it changed hands.
    pub fn write_captures(
        &self,
        adv: &Advance,
        sink: &mut dyn FeatureSink,
    ) -> Result<usize, LayerError> {
        let Some(last) = adv.steps.last() else {
            return Ok(0);
        };
        let end = day_after(last.day);
        let Some(t) = self.timeline else {
            return Ok(0);
        };
        let mut n = 0;
        for c in &adv.captures {
            let p = &self.gazetteer.places[c.place];
            let Some(pt) = t.place(c.place) else { continue };
            let Some(s) = pt.days.get(&c.day) else {
                continue;
            };
            let mut f = self.day_feature(pt, s);
            let props = &mut f.properties;
            props.insert("captured_on".into(), json!(c.day.to_string()));
            props.insert("from_controller".into(), json!(c.from));
            props.insert("along_km".into(), json!(c.along_km.map(round2)));
            props.insert("valid_from".into(), json!(c.day.to_string()));
            props.insert("valid_to".into(), json!(end));
            props.insert(
                "title".into(),
                json!(format!(
                    "{} taken by {} on {}",
                    p.name,
                    style::label(c.to),
                    day_title(c.day)
                )),
            );
            sink.feature(&f)?;
            n += 1;
        }
        Ok(n)
    }
}

/// The style of front-line layers: one near-black line, categorised by the pair of sides.
pub fn front_style(temporal: bool) -> super::qml::Style {
    use crate::areas::opposing;
    use crate::claims::Controller;
    let mut categories = Vec::new();
    for (i, &a) in Controller::ALL.iter().enumerate() {
        for &b in &Controller::ALL[i + 1..] {
            if opposing(a, b) {
                let main = (a, b) == (Controller::Government, Controller::Opposition);
                categories.push(super::qml::Category {
                    value: format!("{}/{}", a.as_str(), b.as_str()),
                    label: format!("{} – {}", style::label(a), style::label(b)),
                    colour: style::FRONT.into(),
                    size_mm: if main { 0.9 } else { 0.6 },
                    dashed: false,
                });
            }
        }
    }
    super::qml::Style {
        geom: super::qml::Geom::Line,
        attr: "sides".into(),
        categories,
        temporal,
    }
}

/// The style of the advance layer: the axis dashed grey, each day's advance thick green.
pub fn advance_style() -> super::qml::Style {
    let cat =
        |value: &str, label: &str, colour: &str, size_mm: f64, dashed: bool| super::qml::Category {
            value: value.into(),
            label: label.into(),
            colour: colour.into(),
            size_mm,
            dashed,
        };
    super::qml::Style {
        geom: super::qml::Geom::Line,
        attr: "role".into(),
        categories: vec![
            cat("axis", "Axis Idlib – Hama", style::AXIS, 0.4, true),
            cat(
                "advance",
                "Ground gained",
                style::colour(Controller::Opposition),
                1.6,
                false,
            ),
            cat(
                "retreat",
                "Ground lost that day",
                style::colour(Controller::Government),
                1.6,
                false,
            ),
        ],
        temporal: true,
    }
}
