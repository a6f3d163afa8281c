//! Running the stages over many articles: read, geoparse, extract claims, fuse, write.

use crate::article::{self, Article, ArticleError};
use crate::claims;
use crate::gazetteer::Gazetteer;
use crate::geoparse::{self, index::NameIndex, Mention, Unresolved};
use crate::layers::{self, LayerError, RunOutput};
use crate::timeline::{self, baseline::Baseline, Sourced, Timeline};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What `map` needs to run.
#[derive(Clone, Debug)]
pub struct MapConfig {
    /// Files and folders of articles.
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    pub out: PathBuf,
    /// Publication date for articles without one of their own.
    pub published: Option<NaiveDate>,
    /// Control before the reporting starts, if given.
    pub baseline: Option<Baseline>,
    /// How areas and front lines are drawn.
    pub areas: crate::areas::AreaOptions,
}

/// An article after geoparsing and claim extraction.
#[derive(Clone, Debug)]
pub struct Processed {
    /// The article.
    pub article: Article,
    /// Its place mentions.
    pub mentions: Vec<Mention>,
    /// Names it was left unresolved.
    pub unresolved: Vec<Unresolved>,
    /// Its claims.
    pub claims: Vec<claims::Claim>,
}

/// Geoparses one article and reads its claims.
pub fn process(article: Article, g: &Gazetteer, ix: &NameIndex) -> Processed {
    let parsed = geoparse::parse(&article.text, article.body.clone(), g, ix);
    let claims = claims::extract(&article, &parsed.mentions, g);
    Processed {
        article,
        mentions: parsed.mentions,
        unresolved: parsed.unresolved,
        claims,
    }
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Summary {
    /// Articles read.
    pub articles: usize,
    /// Inputs that failed and were skipped.
    pub failed: usize,
    /// Place mentions found.
    pub mentions: usize,
    /// Names left unresolved.
    pub unresolved: usize,
    /// Claims read.
    pub claims: usize,
    /// Day layers written.
    pub days: usize,
    /// Places given by the baseline.
    pub baseline: usize,
    /// First and last day of the timeline.
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// Non-fatal problems, one line each, naming the file.
    pub warnings: Vec<String>,
}

/// A run could not complete.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// Not one article could be read.
    #[error("no articles could be read from the inputs given")]
    NoArticles,
    /// Writing the outputs failed.
    #[error(transparent)]
    Write(#[from] LayerError),
}

/// Reads and processes every article of `inputs` in parallel, in input order.
///
/// Inputs that fail are counted in the summary with a warning naming the file; the
/// summary also warns of undated articles and inferred dates.
pub fn read_all(
    inputs: &[PathBuf],
    published: Option<NaiveDate>,
    g: &Gazetteer,
    progress: &(dyn Fn() + Sync),
) -> (Vec<Processed>, Summary) {
    let ix = NameIndex::build(g);
    let (files, input_errors) = article::inputs::expand(inputs);
    let results: Vec<Result<Processed, ArticleError>> = files
        .par_iter()
        .map(|f| {
            let r = article::read(f, published).map(|a| process(a, g, &ix));
            progress();
            r
        })
        .collect();
    let mut summary = Summary::default();
    for e in &input_errors {
        summary.warnings.push(e.to_string());
        summary.failed += 1;
    }
    let mut done: Vec<Processed> = Vec::new();
    for r in results {
        match r {
            Ok(p) => done.push(p),
            Err(e) => {
                summary.warnings.push(format!("skipped {e}"));
                summary.failed += 1;
            }
        }
    }
    for p in &done {
        date_warning(&p.article, &mut summary.warnings);
    }
    (done, summary)
}

/// Runs the pipeline. `progress` is called once per article processed.
pub fn run(
    cfg: &MapConfig,
    g: &Gazetteer,
    progress: &(dyn Fn() + Sync),
) -> Result<Summary, MapError> {
    let (done, mut summary) = read_all(&cfg.inputs, cfg.published, g, progress);
    if done.is_empty() {
        return Err(MapError::NoArticles);
    }
    let out = assemble(done, cfg.baseline.as_ref(), g);
    let maps = out
        .timeline
        .as_ref()
        .map(|t| crate::areas::build(t, g, &cfg.areas));
    let mut run = out.view(g);
    run.maps = maps.as_ref();
    summary.days = layers::write_all(&run, &cfg.out)?;
    summary.articles = out.articles.len();
    summary.mentions = out.mentions.iter().map(Vec::len).sum();
    summary.unresolved = out.unresolved.iter().map(Vec::len).sum();
    summary.claims = out.claims.len();
    summary.span = out.timeline.as_ref().map(|t| (t.first, t.last));
    summary.baseline = cfg.baseline.as_ref().map(|b| b.rows.len()).unwrap_or(0);
    Ok(summary)
}

/// The processed articles of a run, fused.
pub struct Assembled {
    /// The baseline the timeline started from.
    pub baseline: Option<Baseline>,
    /// Articles in input order.
    pub articles: Vec<Article>,
    /// Mentions per article.
    pub mentions: Vec<Vec<Mention>>,
    /// Names left unresolved, per article.
    pub unresolved: Vec<Vec<Unresolved>>,
    /// All claims with their article.
    pub claims: Vec<Sourced>,
    /// The fused timeline.
    pub timeline: Option<Timeline>,
}

impl Assembled {
    /// A borrowed view for the layer writers.
    pub fn view<'a>(&'a self, g: &'a Gazetteer) -> RunOutput<'a> {
        RunOutput {
            gazetteer: g,
            articles: &self.articles,
            mentions: &self.mentions,
            unresolved: &self.unresolved,
            claims: &self.claims,
            timeline: self.timeline.as_ref(),
            baseline: self.baseline.as_ref(),
            maps: None,
        }
    }
}

/// Collects processed articles and fuses their claims.
pub fn assemble(done: Vec<Processed>, baseline: Option<&Baseline>, g: &Gazetteer) -> Assembled {
    let mut articles = Vec::with_capacity(done.len());
    let mut mentions = Vec::with_capacity(done.len());
    let mut unresolved = Vec::with_capacity(done.len());
    let mut all = Vec::new();
    for (i, p) in done.into_iter().enumerate() {
        all.extend(
            p.claims
                .into_iter()
                .map(|claim| Sourced::new(i, claim, &p.article)),
        );
        articles.push(p.article);
        mentions.push(p.mentions);
        unresolved.push(p.unresolved);
    }
    let timeline = timeline::fuse(&all, baseline, g);
    Assembled {
        baseline: baseline.cloned(),
        articles,
        mentions,
        unresolved,
        claims: all,
        timeline,
    }
}

fn date_warning(a: &Article, warnings: &mut Vec<String>) {
    use article::DateSource;
    match &a.date_source {
        DateSource::Undated => warnings.push(format!(
            "{}: undated: no date line, front matter, sidecar or --published; its relative dates stay unresolved",
            a.source
        )),
        DateSource::Inferred { text } => warnings.push(format!(
            "{}: publication date {} inferred from {text:?} in the text",
            a.source,
            a.published.map(|d| d.to_string()).unwrap_or_default()
        )),
        _ => {}
    }
}

/// Reads and processes one article file (for tools and tests).
pub fn process_file(
    path: &Path,
    published: Option<NaiveDate>,
    g: &Gazetteer,
    ix: &NameIndex,
) -> Result<Processed, ArticleError> {
    article::read(path, published).map(|a| process(a, g, ix))
}
