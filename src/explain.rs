//! `frontline explain`: one place's timeline, with the evidence behind each decision and why it won.

use crate::claims::Controller;
use crate::gazetteer::{lookup::lookup, Gazetteer};
use crate::pipeline::Assembled;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write;

/// The place asked for could not be settled.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    /// No gazetteer place has that id or name.
    #[error("no place in the gazetteer is called {0:?} (try `frontline gazetteer lookup`)")]
    Unknown(String),
}

/// A place's timeline, explained.
#[derive(Debug, Serialize)]
pub struct Explanation {
    /// Gazetteer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Arabic name.
    pub name_ar: String,
    /// Governorate name.
    pub governorate: Option<String>,
    /// Other places the name could mean, by id, when it was given as a name.
    pub also: Vec<String>,
    /// The baseline row, if any.
    pub baseline: Option<Value>,
    /// Each day's claims about it, weighed, in date order.
    pub decisions: Vec<DecisionView>,
    /// The resulting state per day.
    pub days: Vec<Value>,
    /// Claims about it that could not be dated, so never reached the timeline.
    pub undated: Vec<Value>,
    /// Claims a later correction withdrew, each with the correction.
    pub retracted: Vec<(Value, Value)>,
}

/// One decision with its evidence.
#[derive(Debug, Serialize)]
pub struct DecisionView {
    /// The claims' date.
    pub date: String,
    /// Outcome of the day's claims.
    pub controller: Controller,
    /// Status.
    pub status: crate::claims::Status,
    /// 0..1.
    pub confidence: f64,
    /// Confirmed.
    pub confirmed: bool,
    /// Independent sources.
    pub sources: Vec<String>,
    /// Whether it set the state.
    pub applied: bool,
    /// Why.
    pub why: String,
    /// The claims, as in `claims.jsonl`'s evidence form.
    pub claims: Vec<Value>,
}

/// Finds the place `query` names: an id, or the best name match among the places the run
/// has a timeline for, or else the best match overall.
pub fn find_place(
    run: &Assembled,
    g: &Gazetteer,
    query: &str,
) -> Result<(usize, Vec<String>), ExplainError> {
    if let Some(i) = g.index_of(query) {
        return Ok((i, Vec::new()));
    }
    let hits = lookup(g, query, 20, 0.999);
    let on_map = |id: &str| {
        run.timeline
            .as_ref()
            .is_some_and(|t| g.index_of(id).is_some_and(|i| t.place(i).is_some()))
    };
    let best = hits
        .iter()
        .find(|h| on_map(&h.place.id))
        .or(hits.first())
        .ok_or_else(|| ExplainError::Unknown(query.to_string()))?;
    let also = hits
        .iter()
        .filter(|h| h.place.id != best.place.id)
        .map(|h| h.place.id.clone())
        .collect();
    let i = g
        .index_of(&best.place.id)
        .ok_or_else(|| ExplainError::Unknown(query.to_string()))?;
    Ok((i, also))
}

/// Explains the timeline of place `place` in a run.
pub fn explain(run: &Assembled, g: &Gazetteer, place: usize, also: Vec<String>) -> Explanation {
    let p = &g.places[place];
    let view = run.view(g);
    let pt = run.timeline.as_ref().and_then(|t| t.place(place));
    let baseline = pt.and_then(|pt| pt.baseline.as_ref()).map(|r| {
        serde_json::json!({
            "baseline": run.baseline.as_ref().map(|b| b.origin.clone()),
            "line": r.line,
            "controller": r.controller,
            "as_of": r.as_of.to_string(),
            "confidence": r.confidence,
            "source": r.source,
            "note": r.note,
        })
    });
    let decisions = pt
        .map(|pt| {
            pt.decisions
                .iter()
                .map(|d| DecisionView {
                    date: d.date.to_string(),
                    controller: d.controller,
                    status: d.status,
                    confidence: d.confidence,
                    confirmed: d.confirmed,
                    sources: d.sources.clone(),
                    applied: d.applied,
                    why: d.why.clone(),
                    claims: d.evidence.iter().map(|&i| view.claim_json(i)).collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    let days = pt
        .map(|pt| {
            pt.days
                .iter()
                .map(|(day, s)| {
                    serde_json::json!({
                        "day": day.to_string(),
                        "controller": s.controller,
                        "status": s.status,
                        "since": s.since.to_string(),
                        "changed": s.changed,
                        "confidence": s.confidence,
                        "confirmed": s.confirmed,
                        "sources": s.sources,
                        "from_baseline": s.baseline,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let undated = run
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| c.claim.place == place && c.claim.date.is_none())
        .map(|(i, _)| view.claim_json(i))
        .collect();
    let retracted = pt
        .map(|pt| {
            pt.retracted
                .iter()
                .map(|&(c, r)| (view.claim_json(c), view.claim_json(r)))
                .collect()
        })
        .unwrap_or_default();
    Explanation {
        retracted,
        id: p.id.clone(),
        name: p.name.clone(),
        name_ar: p.name_ar.clone(),
        governorate: g.governorate_name(&p.governorate).map(str::to_string),
        also,
        baseline,
        decisions,
        days,
        undated,
    }
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// The explanation as text for people.
pub fn render(e: &Explanation) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} ({}){}{}",
        e.name,
        e.id,
        if e.name_ar.is_empty() {
            String::new()
        } else {
            format!(" {}", e.name_ar)
        },
        e.governorate
            .as_ref()
            .map(|g| format!(", {g} governorate"))
            .unwrap_or_default()
    );
    if !e.also.is_empty() {
        let _ = writeln!(
            o,
            "(the name could also mean {}; give an id to choose)",
            e.also.join(", ")
        );
    }
    match &e.baseline {
        Some(b) => {
            let _ = writeln!(
                o,
                "baseline: {} as of {} ({} line {}), confidence {}: {}",
                s(b, "controller"),
                s(b, "as_of"),
                s(b, "baseline"),
                b["line"],
                b["confidence"],
                s(b, "source")
            );
        }
        None => {
            let _ = writeln!(o, "baseline: none");
        }
    }
    if e.decisions.is_empty() {
        let _ = writeln!(o, "\nNo dated claim about this place.");
    }
    for d in &e.decisions {
        let _ = writeln!(
            o,
            "\n{}  {} ({}), confidence {}, {}{}",
            d.date,
            d.controller.as_str(),
            d.status.as_str(),
            d.confidence,
            if d.confirmed {
                "confirmed"
            } else {
                "unconfirmed"
            },
            if d.applied {
                ""
            } else {
                "; did not change the state"
            }
        );
        let _ = writeln!(o, "  why: {}", d.why);
        for c in &d.claims {
            claim_line(&mut o, c);
        }
    }
    if !e.days.is_empty() {
        let _ = writeln!(o, "\nDay by day:");
        for d in &e.days {
            let _ = writeln!(
                o,
                "  {}  {:<10} {:<9} since {}{}{}",
                s(d, "day"),
                s(d, "controller"),
                s(d, "status"),
                s(d, "since"),
                if d["changed"] == Value::Bool(true) {
                    "  changed"
                } else {
                    ""
                },
                if d["from_baseline"] == Value::Bool(true) {
                    "  (baseline)"
                } else {
                    ""
                }
            );
        }
    }
    if !e.retracted.is_empty() {
        let _ = writeln!(o, "\nWithdrawn by a later correction:");
        for (c, r) in &e.retracted {
            claim_line(&mut o, c);
            let _ = writeln!(o, "    corrected by:");
            claim_line(&mut o, r);
        }
    }
    if !e.undated.is_empty() {
        let _ = writeln!(
            o,
            "\nNot on the timeline, because their articles are undated:"
        );
        for c in &e.undated {
            claim_line(&mut o, c);
        }
    }
    o
}

fn claim_line(o: &mut String, c: &Value) {
    let date = match (s(c, "date_from"), s(c, "date_to")) {
        ("", _) => "no date".to_string(),
        (f, t) if f == t => f.to_string(),
        (f, t) => format!("{f} to {t}"),
    };
    let _ = writeln!(
        o,
        "  - {} [{}] {} ({}); {}, {}, confidence {}, rule {}",
        s(c, "article"),
        s(c, "source"),
        s(c, "controller"),
        s(c, "status"),
        format_args!("date {date} ({})", s(c, "date_basis")),
        if c["confirmed"] == Value::Bool(true) {
            "confirmed".to_string()
        } else {
            format!("claimed by {}", s(c, "claimed_by"))
        },
        c["confidence"],
        s(c, "rule"),
    );
    let sentence: String = s(c, "sentence")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(o, "      \"{sentence}\"");
}
