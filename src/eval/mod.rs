//! Measuring the geoparser and the claim reader against gold annotations.
//!
//! Recognition is scored on spans: a found mention is a hit when it overlaps a gold
//! mention, and a gold mention is found when a mention overlaps it. Mentions the tool
//! resolves abroad, or to a whole country, are left out of precision: the gold lists
//! foreign places but does not annotate them, and annotates Syria from governorates down. Resolution is scored on the gold mentions found: right when the place
//! lies within the gold kind's tolerance and is of a matching kind, and exact when it is
//! the gazetteer entry the gold names. Claims are right when a claim about the place has
//! the gold controller and date.

pub mod gold;
pub mod report;
pub mod timeline;

use crate::article::inputs;
use crate::claims::Claim;
use crate::gazetteer::{Gazetteer, Kind, Place};
use crate::geoparse::index::NameIndex;
use crate::geoparse::{Mention, Unresolved};
use crate::pipeline;
use chrono::NaiveDate;
use gold::{Gold, GoldArticle, GoldSpan};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Evaluation could not start.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The gold file could not be read.
    #[error("cannot read gold file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The gold file is not valid JSON of the gold format.
    #[error("{}:{line}:{column}: not a gold file: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Line, 1-based.
        line: usize,
        /// Column, 1-based.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The gold file contradicts itself.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// No articles were given and none sit beside the gold file.
    #[error("no article folder given, and neither {} nor {} exists", .0.display(), .1.display())]
    NoArticles(PathBuf, PathBuf),
}

impl EvalError {
    /// A JSON error of the file at `path`, with its line and column.
    pub fn json(path: &Path, e: serde_json::Error) -> Self {
        EvalError::Json {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }
    }
}

/// What `eval` needs.
#[derive(Clone, Debug)]
pub struct EvalConfig {
    /// The gold file.
    pub gold: PathBuf,
    /// Article files or folders; empty means the folder beside the gold file.
    pub inputs: Vec<PathBuf>,
    /// Publication date for undated articles, as with `map --published`.
    pub published: Option<NaiveDate>,
}

/// Counts for one article or the whole set.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Gold mentions (spans).
    pub gold_mentions: usize,
    /// Gold mentions overlapped by a found mention.
    pub gold_found: usize,
    /// Found mentions scored for precision (those resolved abroad are left out).
    pub found: usize,
    /// Found mentions that overlap a gold mention.
    pub found_right: usize,
    /// Found mentions resolved abroad or to a whole country, not overlapping gold (not scored).
    pub foreign_ignored: usize,
    /// Found mentions inside a `not_places` string.
    pub not_place_hits: usize,
    /// Gold mentions found and resolved within tolerance, of a matching kind.
    pub resolved_within: usize,
    /// Gold mentions found whose gold place names a gazetteer id.
    pub exact_total: usize,
    /// Of those, resolved to that very id.
    pub resolved_exact: usize,
    /// Gold mentions found but left unresolved.
    pub unresolved: usize,
    /// Gold claims.
    pub claims: usize,
    /// Gold claims matched with the right controller and date.
    pub claims_right: usize,
    /// Of those, with the gold status too.
    pub claims_status_right: usize,
    /// `must_not_claim` entries violated.
    pub forbidden_claims: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold_mentions += o.gold_mentions;
        self.gold_found += o.gold_found;
        self.found += o.found;
        self.found_right += o.found_right;
        self.foreign_ignored += o.foreign_ignored;
        self.not_place_hits += o.not_place_hits;
        self.resolved_within += o.resolved_within;
        self.exact_total += o.exact_total;
        self.resolved_exact += o.resolved_exact;
        self.unresolved += o.unresolved;
        self.claims += o.claims;
        self.claims_right += o.claims_right;
        self.claims_status_right += o.claims_status_right;
        self.forbidden_claims += o.forbidden_claims;
    }

    /// The ratios.
    pub fn metrics(&self) -> Metrics {
        let ratio = |a: usize, b: usize| (b > 0).then(|| round4(a as f64 / b as f64));
        let precision = ratio(self.found_right, self.found);
        let recall = ratio(self.gold_found, self.gold_mentions);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(round4(2.0 * p * r / (p + r))),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        Metrics {
            precision,
            recall,
            f1,
            resolution_within: ratio(self.resolved_within, self.gold_found),
            resolution_exact: ratio(self.resolved_exact, self.exact_total),
            claim_accuracy: ratio(self.claims_right, self.claims),
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Ratios derived from [`Counts`]; `None` where the denominator is zero.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// Recognition precision.
    pub precision: Option<f64>,
    /// Recognition recall.
    pub recall: Option<f64>,
    /// Recognition F1.
    pub f1: Option<f64>,
    /// Gold mentions found that resolve within tolerance.
    pub resolution_within: Option<f64>,
    /// Gold mentions found (with a gold id) that resolve to the exact id.
    pub resolution_exact: Option<f64>,
    /// Gold claims matched with controller and date.
    pub claim_accuracy: Option<f64>,
}

/// One line of the problem list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    /// Article file name.
    pub article: String,
    /// Line in the article, 1-based.
    pub line: usize,
    /// miss, false-hit, not-place, wrong-place, wrong-id, unresolved, claim-miss, claim-wrong, forbidden-claim.
    pub kind: &'static str,
    /// The words of the text.
    pub text: String,
    /// What went wrong.
    pub detail: String,
}

/// Results of one article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleResult {
    /// File name.
    pub article: String,
    /// Counts.
    pub counts: Counts,
    /// Ratios.
    pub metrics: Metrics,
}

/// How resolution accuracy varies with the resolver's score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bucket {
    /// Lowest score in the bucket.
    pub from: f64,
    /// Bucket upper bound (inclusive for the last).
    pub to: f64,
    /// Gold mentions resolved with a score in the bucket.
    pub n: usize,
    /// Of those, within tolerance.
    pub right: usize,
    /// `right / n`.
    pub accuracy: Option<f64>,
}

/// The whole evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The gold file.
    pub gold: String,
    /// Per article, in file-name order.
    pub articles: Vec<ArticleResult>,
    /// Summed over all articles.
    pub overall: Counts,
    /// Ratios of the sums (micro-averages).
    pub metrics: Metrics,
    /// Resolution accuracy by score.
    pub calibration: Vec<Bucket>,
    /// Gold mentions left unresolved whose best candidate would have been right.
    pub unresolved_would_be_right: usize,
    /// Every miss, false hit, wrong resolution and claim error.
    pub problems: Vec<Problem>,
    /// Gold articles not among the inputs, or unreadable.
    pub missing: Vec<String>,
    /// Surface strings of the gold that the text does not contain.
    pub gold_warnings: Vec<String>,
}

/// Score buckets of the calibration table.
const BUCKETS: &[(f64, f64)] = &[
    (0.55, 0.7),
    (0.7, 0.8),
    (0.8, 0.9),
    (0.9, 0.999),
    (0.999, 1.0),
];

/// Finds the articles for a gold file: the inputs, or a folder named like the gold file
/// beside it (`gold/dev.json` → `gold/dev/`) or one level up (`gold/seeds.json` → `seeds/`).
pub fn article_inputs(cfg: &EvalConfig) -> Result<Vec<PathBuf>, EvalError> {
    if !cfg.inputs.is_empty() {
        return Ok(cfg.inputs.clone());
    }
    let dir = cfg.gold.parent().unwrap_or(Path::new("."));
    let stem = cfg.gold.file_stem().unwrap_or_default();
    let beside = dir.join(stem);
    let up = dir.join("..").join(stem);
    if beside.is_dir() {
        Ok(vec![beside])
    } else if up.is_dir() {
        Ok(vec![up])
    } else {
        Err(EvalError::NoArticles(beside, up))
    }
}

/// Runs the pipeline over the gold articles and scores it.
pub fn evaluate(cfg: &EvalConfig, g: &Gazetteer) -> Result<Report, EvalError> {
    let gold = Gold::load(&cfg.gold)?;
    let (files, errors) = inputs::expand(&article_inputs(cfg)?);
    let mut by_name: BTreeMap<String, PathBuf> = BTreeMap::new();
    for f in files {
        if let Some(n) = f.file_name() {
            by_name.entry(n.to_string_lossy().into_owned()).or_insert(f);
        }
    }
    let ix = NameIndex::build(g);
    let mut report = Report {
        gold: cfg.gold.display().to_string(),
        articles: Vec::new(),
        overall: Counts::default(),
        metrics: Counts::default().metrics(),
        calibration: Vec::new(),
        unresolved_would_be_right: 0,
        problems: Vec::new(),
        missing: errors.iter().map(ToString::to_string).collect(),
        gold_warnings: Vec::new(),
    };
    let mut scored: Vec<(f64, bool)> = Vec::new();
    for (name, ga) in &gold.articles {
        let Some(path) = by_name.get(name) else {
            report.missing.push(format!("{name}: not among the inputs"));
            continue;
        };
        let p = match pipeline::process_file(path, cfg.published, g, &ix) {
            Ok(p) => p,
            Err(e) => {
                report.missing.push(e.to_string());
                continue;
            }
        };
        let mut ev = ArticleEval {
            name,
            gold: &gold,
            ga,
            g,
            text: &p.article.text,
            counts: Counts::default(),
            problems: Vec::new(),
        };
        let (spans, absent) = gold::gold_spans(&p.article.text, p.article.body.clone(), ga);
        report.gold_warnings.extend(
            absent
                .into_iter()
                .map(|s| format!("{name}: gold surface {s} is not in the text")),
        );
        ev.mentions(
            &spans,
            &p,
            &mut scored,
            &mut report.unresolved_would_be_right,
        );
        let expect_dates = ga.published.is_some() || cfg.published.is_some();
        ev.claims(&p.mentions, &p.claims, expect_dates);
        report.overall.add(&ev.counts);
        report.problems.append(&mut ev.problems);
        report.articles.push(ArticleResult {
            article: name.clone(),
            metrics: ev.counts.metrics(),
            counts: ev.counts,
        });
    }
    report.metrics = report.overall.metrics();
    report.calibration = BUCKETS
        .iter()
        .map(|&(from, to)| {
            let inb: Vec<bool> = scored
                .iter()
                .filter(|(s, _)| *s >= from && (*s < to || to == 1.0))
                .map(|(_, ok)| *ok)
                .collect();
            let right = inb.iter().filter(|x| **x).count();
            Bucket {
                from,
                to,
                n: inb.len(),
                right,
                accuracy: (!inb.is_empty()).then(|| round4(right as f64 / inb.len() as f64)),
            }
        })
        .collect();
    Ok(report)
}

/// Gold kinds and the gazetteer kinds that satisfy them.
pub fn kind_matches(gold_kind: &str, k: Kind) -> bool {
    match gold_kind {
        "city" => matches!(k, Kind::City | Kind::Town | Kind::Village),
        "site" => matches!(k, Kind::Site | Kind::Road),
        "neighbourhood" => matches!(k, Kind::Neighbourhood | Kind::Site),
        "district" => matches!(k, Kind::District | Kind::Subdistrict),
        "governorate" => k == Kind::Governorate,
        "region" => matches!(k, Kind::Region | Kind::Governorate),
        "country" => k == Kind::Country,
        _ => false,
    }
}

struct ArticleEval<'a> {
    name: &'a str,
    gold: &'a Gold,
    ga: &'a GoldArticle,
    g: &'a Gazetteer,
    text: &'a str,
    counts: Counts,
    problems: Vec<Problem>,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

impl ArticleEval<'_> {
    fn line(&self, at: usize) -> usize {
        self.text[..at].matches('\n').count() + 1
    }

    fn problem(&mut self, at: usize, kind: &'static str, text: &str, detail: String) {
        self.problems.push(Problem {
            article: self.name.to_string(),
            line: self.line(at),
            kind,
            text: text.to_string(),
            detail,
        });
    }

    /// Is `p` right for gold place `key`: within tolerance and of a matching kind?
    fn place_ok(&self, key: &str, p: &Place) -> bool {
        let gp = &self.gold.places[key];
        let tol = self.gold.tolerance_km[&gp.kind];
        kind_matches(&gp.kind, p.kind) && p.distance_km(gp.coordinates[0], gp.coordinates[1]) <= tol
    }

    fn describe(&self, p: &Place) -> String {
        format!("{} ({}, {})", p.id, p.name, p.kind)
    }

    fn mentions(
        &mut self,
        spans: &[GoldSpan],
        p: &pipeline::Processed,
        scored: &mut Vec<(f64, bool)>,
        unresolved_right: &mut usize,
    ) {
        let g = self.g;
        let text = self.text;
        self.counts.gold_mentions = spans.len();
        // Found mentions: precision.
        let not_place_spans: Vec<Range<usize>> = self
            .gold
            .not_places
            .iter()
            .flat_map(|s| gold::occurrences(text, p.article.body.clone(), s))
            .collect();
        let foreign: Vec<String> = self
            .gold
            .foreign_places
            .iter()
            .map(|s| s.to_lowercase())
            .collect();
        // Every name found, resolved (Ok) or not (Err).
        let found: Vec<(Range<usize>, Result<&Mention, &Unresolved>)> = p
            .mentions
            .iter()
            .map(|m| (m.start..m.end, Ok(m)))
            .chain(p.unresolved.iter().map(|u| (u.start..u.end, Err(u))))
            .collect();
        for (r, m) in &found {
            let place = m.ok().map(|m| m.place);
            let words = &text[r.clone()];
            if spans.iter().any(|s| overlaps(&s.range, r)) {
                self.counts.found += 1;
                self.counts.found_right += 1;
                continue;
            }
            let not_place = not_place_spans.iter().any(|n| overlaps(n, r));
            // The gold annotates places inside Syria, from governorates down; a listed
            // non-place counts wherever it was put.
            let abroad =
                place.is_some_and(|i| !g.places[i].in_syria() || g.places[i].kind == Kind::Country);
            if abroad && !not_place {
                self.counts.foreign_ignored += 1;
                continue;
            }
            self.counts.found += 1;
            let what = place
                .map(|i| self.describe(&g.places[i]))
                .unwrap_or_else(|| "unresolved".into());
            if not_place {
                self.counts.not_place_hits += 1;
                self.problem(
                    r.start,
                    "not-place",
                    words,
                    format!("a listed non-place read as {what}"),
                );
            } else if foreign.contains(&words.to_lowercase()) {
                self.problem(
                    r.start,
                    "false-hit",
                    words,
                    format!("a foreign place resolved inside Syria: {what}"),
                );
            } else {
                self.problem(
                    r.start,
                    "false-hit",
                    words,
                    format!("not a gold place; read as {what}"),
                );
            }
        }
        // Gold mentions: recall and resolution.
        for s in spans {
            let words = &text[s.range.clone()];
            let wanted = s.places.join(" or ");
            // The found mention that overlaps most.
            let best = found
                .iter()
                .filter(|(r, _)| overlaps(r, &s.range))
                .max_by_key(|(r, _)| r.end.min(s.range.end) - r.start.max(s.range.start));
            let Some((_, m)) = best else {
                self.problem(
                    s.range.start,
                    "miss",
                    words,
                    format!("gold {wanted} not found"),
                );
                continue;
            };
            self.counts.gold_found += 1;
            let m = match m {
                Ok(m) => m,
                Err(u) => {
                    self.counts.unresolved += 1;
                    if s.places
                        .iter()
                        .any(|k| self.place_ok(k, &g.places[u.rivals[0]]))
                    {
                        *unresolved_right += 1;
                    }
                    let reason = u.reason.clone();
                    self.problem(
                        s.range.start,
                        "unresolved",
                        words,
                        format!("gold {wanted}; {reason}"),
                    );
                    continue;
                }
            };
            let pl = &g.places[m.place];
            let ok = s.places.iter().any(|k| self.place_ok(k, pl));
            let score = m.score;
            scored.push((score, ok));
            if ok {
                self.counts.resolved_within += 1;
            } else {
                let gp = &self.gold.places[&s.places[0]];
                let km = pl.distance_km(gp.coordinates[0], gp.coordinates[1]);
                let d = self.describe(pl);
                self.problem(
                    s.range.start,
                    "wrong-place",
                    words,
                    format!(
                        "read as {d}, {km:.1} km from gold {wanted} ({}, score {score})",
                        gp.kind
                    ),
                );
            }
            let ids: Vec<&str> = s
                .places
                .iter()
                .filter_map(|k| self.gold.places[k].id.as_deref())
                .collect();
            if !ids.is_empty() {
                self.counts.exact_total += 1;
                if ids.contains(&pl.id.as_str()) {
                    self.counts.resolved_exact += 1;
                } else if ok {
                    let d = self.describe(pl);
                    self.problem(
                        s.range.start,
                        "wrong-id",
                        words,
                        format!("read as {d}; gold id {}", ids.join(" or ")),
                    );
                }
            }
        }
    }

    fn claims(&mut self, mentions: &[Mention], claims: &[Claim], expect_dates: bool) {
        let g = self.g;
        let ga = self.ga;
        for gc in &ga.claims {
            self.counts.claims += 1;
            let want_date = if expect_dates { gc.date } else { None };
            let about: Vec<&Claim> = claims
                .iter()
                .filter(|c| self.place_ok(&gc.place, &g.places[c.place]))
                .collect();
            let right: Vec<&&Claim> = about
                .iter()
                .filter(|c| c.controller.as_str() == gc.controller && c.date == want_date)
                .collect();
            let show_date =
                |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "undated".into());
            if let Some(c) = right.first() {
                self.counts.claims_right += 1;
                if right.iter().any(|c| c.status.as_str() == gc.status) {
                    self.counts.claims_status_right += 1;
                } else {
                    self.problem(
                        at_claim(mentions, c),
                        "claim-status",
                        &gc.evidence,
                        format!(
                            "{} {} on {}: read as {}, gold {}",
                            gc.place,
                            gc.controller,
                            show_date(want_date),
                            c.status.as_str(),
                            gc.status
                        ),
                    );
                }
            } else if about.is_empty() {
                self.problem(
                    0,
                    "claim-miss",
                    &gc.evidence,
                    format!(
                        "no claim about {} ({} {} on {})",
                        gc.place,
                        gc.controller,
                        gc.status,
                        show_date(want_date)
                    ),
                );
            } else {
                let got: Vec<String> = about
                    .iter()
                    .map(|c| {
                        format!(
                            "{} {} {}",
                            c.controller.as_str(),
                            c.status.as_str(),
                            show_date(c.date)
                        )
                    })
                    .collect();
                self.problem(
                    at_claim(mentions, about[0]),
                    "claim-wrong",
                    &gc.evidence,
                    format!(
                        "{}: gold {} {} {}; read {}",
                        gc.place,
                        gc.controller,
                        gc.status,
                        show_date(want_date),
                        got.join(", ")
                    ),
                );
            }
        }
        for nc in &ga.must_not_claim {
            if let Some(c) = claims.iter().find(|c| {
                c.controller.as_str() == nc.controller
                    && self.place_ok(&nc.place, &g.places[c.place])
            }) {
                self.counts.forbidden_claims += 1;
                self.problem(
                    at_claim(mentions, c),
                    "forbidden-claim",
                    &c.evidence,
                    format!("{} must not be claimed for {}", nc.controller, nc.place),
                );
            }
        }
    }
}

fn at_claim(mentions: &[Mention], c: &Claim) -> usize {
    mentions.get(c.mention).map(|m| m.start).unwrap_or(0)
}
