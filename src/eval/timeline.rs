//! Scoring the fused timeline against a gold per-day timeline.
//!
//! The gold file (JSON) lists places with their controller from given days on:
//!
//! ```json
//! {"articles": "dev", "baseline": "nw-syria-2024-11-26", "from": "2024-11-27", "to": "2024-12-05",
//!  "places": [{"id": "geonames:170063", "name": "Aleppo", "states": [
//!     {"from": "2024-11-26", "controller": "government"},
//!     {"from": "2024-11-30", "controller": "opposition", "basis": "why"}]}]}
//! ```
//!
//! Every (place, day) pair from `from` to `to` is scored: right when the fused state's
//! controller is the gold one. A place the run has no state for counts as `unknown`.

use super::EvalError;
use crate::claims::Controller;
use crate::gazetteer::Gazetteer;
use crate::pipeline;
use crate::timeline::baseline::Baseline;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A gold per-day timeline.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineGold {
    /// What the set is.
    #[serde(default)]
    pub description: String,
    /// The article folder, relative to the gold file.
    pub articles: String,
    /// A bundled baseline name or a file relative to the gold file.
    #[serde(default)]
    pub baseline: Option<String>,
    /// First day scored.
    pub from: NaiveDate,
    /// Last day scored.
    pub to: NaiveDate,
    /// The places.
    pub places: Vec<GoldPlace>,
}

/// One place's gold states.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldPlace {
    /// Gazetteer id.
    pub id: String,
    /// Name, for people.
    pub name: String,
    /// States in date order.
    pub states: Vec<GoldState>,
}

/// A controller from a day on.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldState {
    /// First day.
    pub from: NaiveDate,
    /// Controller.
    pub controller: String,
    /// The dispatches or baseline behind it.
    #[serde(default)]
    pub basis: String,
}

/// What a timeline evaluation needs.
#[derive(Clone, Debug)]
pub struct TimelineEvalConfig {
    /// The gold file.
    pub gold: PathBuf,
    /// Article files or folders; empty means the gold file's `articles`.
    pub inputs: Vec<PathBuf>,
    /// A baseline overriding the gold file's.
    pub baseline: Option<String>,
    /// Publication date for undated articles.
    pub published: Option<NaiveDate>,
}

/// The score of one place.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceScore {
    /// Gazetteer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Days scored.
    pub pairs: usize,
    /// Days right.
    pub correct: usize,
}

/// A wrong (place, day) pair.
#[derive(Clone, Debug, Serialize)]
pub struct PairError {
    /// Place name.
    pub place: String,
    /// Day.
    pub day: String,
    /// Gold controller.
    pub gold: String,
    /// Fused controller.
    pub got: String,
    /// The fused state's reason.
    pub why: String,
}

/// The result of a timeline evaluation.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineReport {
    /// The gold file.
    pub gold: String,
    /// The baseline used.
    pub baseline: Option<String>,
    /// Articles read.
    pub articles: usize,
    /// Articles without a publication date.
    pub undated_articles: Vec<String>,
    /// Claims from undated articles that reached the timeline with a date (must be 0).
    pub undated_dated_claims: usize,
    /// Places scored.
    pub places: usize,
    /// (place, day) pairs scored.
    pub pairs: usize,
    /// Pairs right.
    pub correct: usize,
    /// correct / pairs.
    pub accuracy: f64,
    /// Gold changes of controller within the scored days.
    pub gold_changes: usize,
    /// Of those, found on the same day.
    pub changes_on_day: usize,
    /// Per place.
    pub by_place: Vec<PlaceScore>,
    /// Every wrong pair.
    pub errors: Vec<PairError>,
    /// Inputs that could not be read.
    pub skipped: Vec<String>,
}

impl TimelineGold {
    /// Reads and checks a gold timeline file.
    pub fn load(path: &Path, g: &Gazetteer) -> Result<TimelineGold, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|e| EvalError::Read {
            path: path.to_path_buf(),
            source: e,
        })?;
        let gold: TimelineGold =
            serde_json::from_str(&text).map_err(|e| EvalError::json(path, e))?;
        let bad = |message: String| EvalError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        if gold.from > gold.to {
            return Err(bad(format!("from {} is after to {}", gold.from, gold.to)));
        }
        for p in &gold.places {
            if g.index_of(&p.id).is_none() {
                return Err(bad(format!(
                    "place {} ({}) is not in the gazetteer",
                    p.id, p.name
                )));
            }
            if p.states.windows(2).any(|w| w[0].from >= w[1].from) {
                return Err(bad(format!(
                    "the states of {} are not in date order",
                    p.name
                )));
            }
            for s in &p.states {
                if Controller::parse(&s.controller).is_none() {
                    return Err(bad(format!(
                        "{}: unknown controller {:?}",
                        p.name, s.controller
                    )));
                }
            }
        }
        Ok(gold)
    }

    /// The gold controller of a place on a day, if the gold says.
    pub fn controller(p: &GoldPlace, day: NaiveDate) -> Option<&str> {
        p.states
            .iter()
            .rfind(|s| s.from <= day)
            .map(|s| s.controller.as_str())
    }
}

/// Runs the articles and scores the fused timeline against the gold.
pub fn evaluate(cfg: &TimelineEvalConfig, g: &Gazetteer) -> Result<TimelineReport, EvalError> {
    let gold = TimelineGold::load(&cfg.gold, g)?;
    let dir = cfg.gold.parent().unwrap_or(Path::new("."));
    let inputs = if cfg.inputs.is_empty() {
        vec![dir.join(&gold.articles)]
    } else {
        cfg.inputs.clone()
    };
    let baseline = match cfg.baseline.clone().or(gold.baseline.clone()) {
        None => None,
        Some(spec) => {
            let beside = dir.join(&spec);
            let spec = if beside.is_file() {
                beside.display().to_string()
            } else {
                spec
            };
            Some(Baseline::load(&spec, g).map_err(|e| EvalError::Invalid {
                path: cfg.gold.clone(),
                message: format!("baseline: {e}"),
            })?)
        }
    };
    let (done, summary) = pipeline::read_all(&inputs, cfg.published, g, &|| {});
    let run = pipeline::assemble(done, baseline.as_ref(), g);
    let undated_articles: Vec<String> = run
        .articles
        .iter()
        .filter(|a| a.published.is_none())
        .map(|a| a.source.clone())
        .collect();
    let undated_dated_claims = run
        .claims
        .iter()
        .filter(|c| run.articles[c.article].published.is_none() && c.claim.date.is_some())
        .count();
    let mut report = TimelineReport {
        gold: cfg.gold.display().to_string(),
        baseline: baseline.as_ref().map(|b| b.origin.clone()),
        articles: run.articles.len(),
        undated_articles,
        undated_dated_claims,
        places: gold.places.len(),
        pairs: 0,
        correct: 0,
        accuracy: 0.0,
        gold_changes: 0,
        changes_on_day: 0,
        by_place: Vec::new(),
        errors: Vec::new(),
        skipped: summary
            .warnings
            .iter()
            .filter(|w| !w.contains(": undated: ") && !w.contains(": publication date "))
            .cloned()
            .collect(),
    };
    let days: Vec<NaiveDate> = gold
        .from
        .iter_days()
        .take_while(|d| *d <= gold.to)
        .collect();
    for gp in &gold.places {
        let place = g.index_of(&gp.id).expect("checked on load");
        let pt = run.timeline.as_ref().and_then(|t| t.place(place));
        let got = |day: NaiveDate| -> (String, String) {
            if let Some(s) = pt.and_then(|pt| pt.days.get(&day)) {
                return (s.controller.as_str().to_string(), s.why.clone());
            }
            // Days outside the run's span: the baseline alone, if it covers them.
            match baseline
                .as_ref()
                .and_then(|b| b.row(place))
                .filter(|r| r.as_of <= day)
            {
                Some(r) => (r.controller.as_str().to_string(), "baseline".into()),
                None => ("unknown".into(), "no claim and no baseline row".into()),
            }
        };
        let mut score = PlaceScore {
            id: gp.id.clone(),
            name: gp.name.clone(),
            pairs: 0,
            correct: 0,
        };
        let mut prev_gold: Option<&str> =
            TimelineGold::controller(gp, gold.from.pred_opt().unwrap_or(gold.from));
        let mut prev_got: Option<String> = None;
        for &day in &days {
            let Some(want) = TimelineGold::controller(gp, day) else {
                continue;
            };
            let (have, why) = got(day);
            score.pairs += 1;
            if have == want {
                score.correct += 1;
            } else {
                report.errors.push(PairError {
                    place: gp.name.clone(),
                    day: day.to_string(),
                    gold: want.to_string(),
                    got: have.clone(),
                    why,
                });
            }
            let prev_have = prev_got
                .clone()
                .unwrap_or_else(|| got(day.pred_opt().unwrap_or(day)).0);
            if prev_gold.is_some_and(|p| p != want) {
                report.gold_changes += 1;
                if have == want && prev_have != have {
                    report.changes_on_day += 1;
                }
            }
            prev_gold = Some(want);
            prev_got = Some(have);
        }
        report.pairs += score.pairs;
        report.correct += score.correct;
        report.by_place.push(score);
    }
    report.accuracy = if report.pairs == 0 {
        0.0
    } else {
        (report.correct as f64 / report.pairs as f64 * 10000.0).round() / 10000.0
    };
    Ok(report)
}

/// The report as text for people.
pub fn render(r: &TimelineReport) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let _ = writeln!(o, "timeline gold: {}", r.gold);
    let _ = writeln!(
        o,
        "baseline: {}; {} articles read, {} undated; dated claims from undated articles: {}",
        r.baseline.as_deref().unwrap_or("none"),
        r.articles,
        r.undated_articles.len(),
        r.undated_dated_claims
    );
    let _ = writeln!(
        o,
        "\n{:<28} {:>5} {:>7} {:>8}",
        "place", "days", "right", "accuracy"
    );
    for p in &r.by_place {
        let _ = writeln!(
            o,
            "{:<28} {:>5} {:>7} {:>8.3}",
            p.name,
            p.pairs,
            p.correct,
            if p.pairs == 0 {
                0.0
            } else {
                p.correct as f64 / p.pairs as f64
            }
        );
    }
    let mut wrong: BTreeMap<(String, String), usize> = BTreeMap::new();
    for e in &r.errors {
        *wrong.entry((e.gold.clone(), e.got.clone())).or_default() += 1;
    }
    if !r.errors.is_empty() {
        let _ = writeln!(o, "\nwrong pairs:");
        for e in &r.errors {
            let _ = writeln!(
                o,
                "  {} {}: gold {}, got {} ({})",
                e.day, e.place, e.gold, e.got, e.why
            );
        }
        let _ = writeln!(o, "\nconfusions (gold -> got):");
        for ((a, b), n) in wrong {
            let _ = writeln!(o, "  {a} -> {b}: {n}");
        }
    }
    for s in &r.skipped {
        let _ = writeln!(o, "skipped: {s}");
    }
    let _ = writeln!(
        o,
        "\noverall: {} places, {} (place, day) pairs, {} right, accuracy {:.3}; changes on the right day {}/{}",
        r.places, r.pairs, r.correct, r.accuracy, r.changes_on_day, r.gold_changes
    );
    o
}
