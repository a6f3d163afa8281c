//! Output: GeoJSON layers (per-day control points, the state timeline) and JSON-lines records.
//!
//! Everything is RFC 7946 (lon/lat, WGS84, no `crs`), coordinates have six decimals,
//! object keys are sorted and features are ordered by place id, so the same inputs give
//! byte-identical files. Each file is written to a temporary name and renamed.

pub mod gpkg;
pub mod maps;
pub mod qml;
pub mod records;
pub mod sink;
pub mod style;
pub mod viewer;

pub use records::{Cited, ClaimRecord};

use crate::gazetteer::{Gazetteer, Place};
use crate::precision::round6;
use crate::timeline::{baseline::Baseline, DayState, PlaceTimeline, Sourced, Timeline};
use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use sink::{FeatureSink, GeoJsonFile};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A layer could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct LayerError {
    /// The file.
    pub path: PathBuf,
    /// The cause.
    #[source]
    pub source: std::io::Error,
}

impl LayerError {
    /// Wraps an I/O error with its path.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        // The temporary file's own path (tempfile adds it to the message) means nothing
        // to the user: keep the system's error alone.
        let source = match os_error(&source) {
            Some(code) => std::io::Error::from_raw_os_error(code),
            None => source,
        };
        LayerError {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The operating system's error code behind an I/O error, however deeply wrapped.
fn os_error(e: &std::io::Error) -> Option<i32> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(x) = cur {
        if let Some(code) = x
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::raw_os_error)
        {
            return Some(code);
        }
        cur = match x.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|r| r as &(dyn std::error::Error + 'static)),
            None => x.source(),
        };
    }
    None
}

fn point(p: &Place) -> geojson::Geometry {
    geojson::Geometry::new_point([round6(p.lon), round6(p.lat)])
}

fn feature(geometry: geojson::Geometry, props: Map<String, Value>) -> sink::Feature {
    sink::Feature::new(geometry, props)
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Everything one run produced, as the layers need it.
pub struct RunOutput<'a> {
    /// The gazetteer used.
    pub gazetteer: &'a Gazetteer,
    /// How each article read is cited, in input order.
    pub articles: &'a [Cited],
    /// All claims with their article.
    pub claims: &'a [Sourced],
    /// The fused timeline, when any claim is dated.
    pub timeline: Option<&'a Timeline>,
    /// The baseline it started from.
    pub baseline: Option<&'a Baseline>,
    /// Areas, front lines and the advance, when drawn.
    pub maps: Option<&'a crate::areas::Maps>,
}

impl RunOutput<'_> {
    /// The JSON text of the evidence array of claims `ids`.
    fn evidence(&self, ids: &[usize]) -> String {
        let mut out = records::JsonText::with_capacity(ids.len() * 640 + 2);
        out.raw("[");
        for (n, &i) in ids.iter().enumerate() {
            if n > 0 {
                out.raw(",");
            }
            out.push(&self.claim_record(i));
        }
        out.raw("]");
        out.finish()
    }

    /// The evidence form of claim `i` in the layers, as a JSON value.
    pub fn claim_json(&self, i: usize) -> Value {
        self.claim_record(i).to_value()
    }

    /// The evidence form of claim `i` ([`ClaimRecord`]), ready to serialise without a
    /// [`Value`].
    pub fn claim_record(&self, i: usize) -> ClaimRecord<'_> {
        let c = &self.claims[i];
        ClaimRecord {
            cited: &self.articles[c.article],
            sourced: c,
            gazetteer: self.gazetteer,
            mention: None,
        }
    }

    /// The feature of place timeline `pt` in state `s`, as the day layers show it.
    fn day_feature(&self, pt: &PlaceTimeline, s: &DayState) -> sink::Feature {
        let p = &self.gazetteer.places[pt.place];
        let mut f = feature(point(p), self.day_props(pt, s));
        f.json.push(("evidence", self.evidence(&s.evidence)));
        f
    }

    /// The properties of [`RunOutput::day_feature`] but its evidence.
    fn day_props(&self, pt: &PlaceTimeline, s: &DayState) -> Map<String, Value> {
        let p = &self.gazetteer.places[pt.place];
        let baseline = pt.baseline.as_ref().filter(|_| s.baseline).map(|r| {
            json!({
                "baseline": self.baseline.map(|b| b.origin.as_str()),
                "line": r.line,
                "as_of": r.as_of.to_string(),
                "source": r.source,
                "note": r.note,
            })
        });
        let title = format!(
            "{}: {} ({})",
            p.name,
            s.controller.as_str(),
            s.status.as_str()
        );
        object(json!({
            "place_id": p.id,
            "name": p.name,
            "name_ar": p.name_ar,
            "kind": p.kind,
            "governorate": p.governorate,
            "controller": s.controller,
            "status": s.status,
            "since": s.since.to_string(),
            "decided_on": s.decided.to_string(),
            "confidence": s.confidence,
            "confirmed": s.confirmed,
            "sources": s.sources,
            "articles": s.articles,
            "changed": s.changed,
            "from_baseline": s.baseline,
            "baseline": baseline,
            "why": s.why,
            "marker-color": style::colour(s.controller),
            "marker-size": if p.kind.is_admin() { "large" } else { "medium" },
            "title": title,
            "description": format!("{} since {}; confidence {}; {} independent source(s); {}", s.status.as_str(), s.since, s.confidence, s.sources, s.why),
        }))
    }

    /// Writes the day layer for `day` through `sink`.
    pub fn write_day(
        &self,
        t: &Timeline,
        day: NaiveDate,
        sink: &mut dyn FeatureSink,
    ) -> Result<usize, LayerError> {
        let mut n = 0;
        for pt in &t.places {
            if let Some(s) = pt.days.get(&day) {
                sink.feature(&self.day_feature(pt, s))?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Writes the timeline layer: one feature per place and state interval.
    pub fn write_timeline(
        &self,
        t: &Timeline,
        sink: &mut dyn FeatureSink,
    ) -> Result<usize, LayerError> {
        let mut n = 0;
        for pt in &t.places {
            let days: Vec<(&NaiveDate, &DayState)> = pt.days.iter().collect();
            let mut i = 0;
            while i < days.len() {
                let (from, s) = days[i];
                let mut j = i;
                while j + 1 < days.len()
                    && days[j + 1].1.controller == s.controller
                    && days[j + 1].1.status == s.status
                {
                    j += 1;
                }
                let to = maps::day_after(*days[j].0);
                let mut f = self.day_feature(pt, days[j].1);
                f.properties.remove("changed");
                f.properties
                    .insert("valid_from".into(), json!(from.to_string()));
                f.properties.insert("valid_to".into(), json!(to));
                sink.feature(&f)?;
                n += 1;
                i = j + 1;
            }
        }
        Ok(n)
    }
}

/// File names of a run's outputs inside the output folder.
pub mod files {
    /// Per-mention records.
    pub const MENTIONS: &str = "mentions.jsonl";
    /// Names found but left unresolved, with the reason.
    pub const UNRESOLVED: &str = "unresolved.jsonl";
    /// Per-claim records.
    pub const CLAIMS: &str = "claims.jsonl";
    /// Per-article records.
    pub const ARTICLES: &str = "articles.jsonl";
    /// The state-interval layer.
    pub const TIMELINE: &str = "timeline.geojson";
    /// Folder of day layers.
    pub const DAYS: &str = "days";
    /// Folder of per-day control areas.
    pub const AREAS: &str = "areas";
    /// Folder of per-day front lines.
    pub const FRONTLINE: &str = "frontline";
    /// Every day's control areas in one temporal layer.
    pub const AREAS_ALL: &str = "areas.geojson";
    /// Every day's front lines in one temporal layer.
    pub const FRONTLINE_ALL: &str = "frontline.geojson";
    /// The advance along the Idlib–Hama axis.
    pub const ADVANCE: &str = "advance.geojson";
    /// Places that changed hands to the attackers, dated.
    pub const CAPTURES: &str = "captures.geojson";
    /// The offline viewer.
    pub const VIEWER: &str = "index.html";
    /// The temporal layers and their styles in one GeoPackage.
    pub const GPKG: &str = "frontline.gpkg";
}

/// Writes a layer through a fresh GeoJSON sink (and into the GeoPackage as a table, when
/// given with its name and description), then its QGIS style (QML text) beside it.
fn layer(
    path: &Path,
    qml: &str,
    gpkg: Option<(&mut gpkg::GeoPackage, &str, &str)>,
    body: impl FnOnce(&mut dyn FeatureSink) -> Result<usize, LayerError>,
) -> Result<usize, LayerError> {
    let file: Box<dyn FeatureSink> = Box::new(GeoJsonFile::create(path)?);
    let mut sink: Box<dyn FeatureSink + '_> = match gpkg {
        Some((g, table, description)) => Box::new(sink::Tee(vec![
            file,
            Box::new(g.table(table, description, qml.to_string())?),
        ])),
        None => file,
    };
    let n = body(sink.as_mut())?;
    sink.finish()?;
    let q = path.with_extension("qml");
    crate::atomic::write(&q, qml.as_bytes()).map_err(|e| LayerError::io(&q, e))?;
    Ok(n)
}

/// A run's staging folder inside the output folder. Everything is written into it first;
/// only when all of it is complete are the files moved into place, each by a rename
/// ([`Stage::finish`]). A run that fails or is killed before then (a full disk, an
/// unwritable file, Ctrl-C) leaves the previous outputs as they were; a stage dropped
/// unfinished is removed.
#[derive(Debug)]
pub struct Stage {
    dir: PathBuf,
    path: PathBuf,
}

impl Stage {
    /// Creates `dir` as needed, clears the staging folders of runs that died, and starts
    /// a fresh staging folder of this process.
    pub fn begin(dir: &Path) -> Result<Stage, LayerError> {
        std::fs::create_dir_all(dir).map_err(|e| LayerError::io(dir, e))?;
        remove_stale_stages(dir);
        let stage = Stage {
            dir: dir.to_path_buf(),
            path: dir.join(format!("{STAGE_PREFIX}{}", std::process::id())),
        };
        let _ = std::fs::remove_dir_all(&stage.path);
        std::fs::create_dir_all(&stage.path)
            .map_err(|e| stage.outward(LayerError::io(&stage.path, e)))?;
        Ok(stage)
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The error with the file the user will look for in place of its staging copy.
    pub fn outward(&self, mut e: LayerError) -> LayerError {
        if let Ok(rel) = e.path.strip_prefix(&self.path) {
            e.path = self.dir.join(rel);
        }
        e
    }

    /// Writes the fused layers of `run` into the stage, then moves every staged file into
    /// place and removes day layers (points, areas, front lines) left from an earlier run
    /// that this run does not cover. Returns the number of day layers written.
    pub fn finish(self, run: &RunOutput) -> Result<usize, LayerError> {
        write_into(run, &self.path)
            .and_then(|written| commit(&self.path, &self.dir, &written).map(|()| written.len()))
            .map_err(|e| self.outward(e))
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Name of the staging folders a run writes into before moving its outputs into place.
const STAGE_PREFIX: &str = ".frontline-staging-";

/// Removes staging folders left by runs that were killed (their process is gone).
fn remove_stale_stages(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(pid) = name.strip_prefix(STAGE_PREFIX) else {
            continue;
        };
        // Where /proc tells whether a process lives, keep the folders of live ones.
        let proc = Path::new("/proc");
        if proc.is_dir() && proc.join(pid).exists() {
            continue;
        }
        let _ = std::fs::remove_dir_all(e.path());
    }
}

/// Moves every file of `stage` to the same place under `dir`, then prunes day layers
/// this run did not write.
fn commit(
    stage: &Path,
    dir: &Path,
    written: &std::collections::BTreeSet<String>,
) -> Result<(), LayerError> {
    fn walk(from: &Path, to: &Path) -> Result<(), LayerError> {
        let entries = std::fs::read_dir(from).map_err(|e| LayerError::io(from, e))?;
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let src = e.path();
            let dst = to.join(e.file_name());
            if src.is_dir() {
                std::fs::create_dir_all(&dst).map_err(|err| LayerError::io(&dst, err))?;
                walk(&src, &dst)?;
            } else {
                std::fs::rename(&src, &dst).map_err(|err| LayerError::io(&dst, err))?;
            }
        }
        Ok(())
    }
    walk(stage, dir)?;
    for sub in [files::DAYS, files::AREAS, files::FRONTLINE] {
        prune(&dir.join(sub), written)?;
    }
    Ok(())
}

/// Writes every output but the record files into `dir` (a staging folder); the names of
/// the day layers.
fn write_into(
    run: &RunOutput,
    dir: &Path,
) -> Result<std::collections::BTreeSet<String>, LayerError> {
    use qml::{Geom, Style};
    let write = |name: &str, body: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| {
        let p = dir.join(name);
        crate::atomic::write_with(&p, body).map_err(|e| LayerError::io(&p, e))
    };
    // The per-day styles are the same every day: make each QML text once.
    let points = Style::by_controller(Geom::Point, false).qml();
    let mut written = std::collections::BTreeSet::new();
    // Every table's last_change is the end of the period mapped, so the file is reproducible.
    let stamp = run
        .timeline
        .map_or("1970-01-01T00:00:00.000Z".to_string(), |t| {
            format!("{}T00:00:00.000Z", t.last + chrono::Duration::days(1))
        });
    let mut pkg = gpkg::GeoPackage::create(&dir.join(files::GPKG), &stamp)?;
    layer(
        &dir.join(files::TIMELINE),
        &Style::by_controller(Geom::Point, true).qml(),
        Some((&mut pkg, "timeline", "control points per state interval")),
        |sink| match run.timeline {
            Some(t) => run.write_timeline(t, sink),
            None => Ok(0),
        },
    )?;
    crate::memtrace("timeline layer");
    if let Some(t) = run.timeline {
        use rayon::prelude::*;
        let days: Vec<NaiveDate> = t.days().collect();
        let names = days
            .par_iter()
            .map(|&day| {
                let name = format!("{day}.geojson");
                layer(&dir.join(files::DAYS).join(&name), &points, None, |sink| {
                    run.write_day(t, day, sink)
                })?;
                Ok(name)
            })
            .collect::<Result<Vec<String>, LayerError>>()?;
        written.extend(names);
    }
    crate::memtrace("day layers");
    let maps = run.maps.filter(|_| run.timeline.is_some());
    let areas = Style::by_controller(Geom::Polygon, false).qml();
    let fronts = maps::front_style(false).qml();
    let reach_km = maps.map_or(0.0, |m| m.options.reach_km);
    {
        use rayon::prelude::*;
        let days: Vec<&crate::areas::DayMap> = maps.iter().flat_map(|m| &m.days).collect();
        days.par_iter().try_for_each(|d| {
            let name = format!("{}.geojson", d.day);
            layer(&dir.join(files::AREAS).join(&name), &areas, None, |sink| {
                run.write_areas(d, reach_km, sink)
            })?;
            layer(
                &dir.join(files::FRONTLINE).join(&name),
                &fronts,
                None,
                |sink| run.write_fronts(d, sink),
            )
            .map(|_| ())
        })?;
    }
    layer(
        &dir.join(files::AREAS_ALL),
        &Style::by_controller(Geom::Polygon, true).qml(),
        Some((&mut pkg, "areas", "control areas per day")),
        |sink| {
            let mut n = 0;
            for d in maps.iter().flat_map(|m| &m.days) {
                n += run.write_areas(d, reach_km, sink)?;
            }
            Ok(n)
        },
    )?;
    layer(
        &dir.join(files::FRONTLINE_ALL),
        &maps::front_style(true).qml(),
        Some((&mut pkg, "frontline", "front lines per day")),
        |sink| {
            let mut n = 0;
            for d in maps.iter().flat_map(|m| &m.days) {
                n += run.write_fronts(d, sink)?;
            }
            Ok(n)
        },
    )?;
    let advance = maps.and_then(|m| m.advance.as_ref());
    let advance_table = Some((&mut pkg, "advance", "the advance along Idlib - Hama"));
    layer(
        &dir.join(files::ADVANCE),
        &maps::advance_style().qml(),
        advance_table,
        |sink| advance.map_or(Ok(0), |a| run.write_advance(a, sink)),
    )?;
    layer(
        &dir.join(files::CAPTURES),
        &Style::by_controller(Geom::Point, true).qml(),
        Some((
            &mut pkg,
            "captures",
            "places taken by the opposition or the SNA, dated",
        )),
        |sink| advance.map_or(Ok(0), |a| run.write_captures(a, sink)),
    )?;
    pkg.finish()?;
    crate::memtrace("gpkg");
    write(files::VIEWER, &|w| viewer::write_page(run, w))?;
    Ok(written)
}

/// Removes day files (`YYYY-MM-DD.geojson` and `.qml`) that this run did not write.
fn prune(dir: &Path, keep: &std::collections::BTreeSet<String>) -> Result<(), LayerError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some((stem, ext)) = name.split_once('.') else {
            continue;
        };
        let is_day = (ext == "geojson" || ext == "qml") && stem.parse::<NaiveDate>().is_ok();
        if is_day && !keep.contains(&format!("{stem}.geojson")) {
            std::fs::remove_file(e.path()).map_err(|err| LayerError::io(&e.path(), err))?;
        }
    }
    Ok(())
}
