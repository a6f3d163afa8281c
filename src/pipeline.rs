//! Running the stages over many articles: fetch, read, geoparse, extract claims, fuse, write.

use crate::article::{self, Article, ArticleError};
use crate::claims;
pub use crate::fetch::FetchCounts;
use crate::fetch::{self, FetchOptions};
use crate::gazetteer::Gazetteer;
use crate::geoparse::{self, index::NameIndex, Mention, Unresolved};
use crate::layers::{self, LayerError, RunOutput};
use crate::timeline::{self, baseline::Baseline, Sourced, Timeline};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Where a run's articles come from: local files and folders, URLs and feeds.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// Files and folders of articles.
    pub paths: Vec<PathBuf>,
    /// Pages to fetch.
    pub urls: Vec<String>,
    /// RSS or Atom feeds whose items' links are fetched.
    pub feeds: Vec<String>,
    /// Sources named that are no source at all (a line of a URL file that is not a URL),
    /// one message each naming the file and line; each counts as a failed input.
    pub problems: Vec<String>,
}

impl Sources {
    /// Local files and folders only.
    pub fn paths(paths: &[PathBuf]) -> Sources {
        Sources {
            paths: paths.to_vec(),
            ..Default::default()
        }
    }

    /// Are there URLs or feeds to fetch?
    pub fn remote(&self) -> bool {
        !self.urls.is_empty() || !self.feeds.is_empty()
    }
}

/// One step of progress, reported as it happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A URL was fetched (or failed).
    Fetched,
    /// An article was read and processed.
    Read,
}

/// What `map` needs to run.
#[derive(Clone, Debug)]
pub struct MapConfig {
    /// Files, folders, URLs and feeds of articles.
    pub sources: Sources,
    /// How URLs and feeds are fetched.
    pub fetch: FetchOptions,
    /// Publication date for articles without one of their own.
    pub published: Option<NaiveDate>,
    /// What is made of the articles, and where it goes.
    pub layers: LayersConfig,
}

/// What the fusing and writing half of a run needs (`map` after reading, `layers`).
#[derive(Clone, Debug)]
pub struct LayersConfig {
    /// Output folder.
    pub out: PathBuf,
    /// Control before the reporting starts, if given.
    pub baseline: Option<Baseline>,
    /// How areas and front lines are drawn.
    pub areas: crate::areas::AreaOptions,
}

/// An article after geoparsing and claim extraction.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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
    /// What fetching did, when URLs or feeds were given.
    pub fetch: Option<FetchCounts>,
}

/// A run could not complete.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// Not one article could be read; the reasons, one per input.
    #[error("no articles could be read from the inputs given{}", reasons.iter().map(|r| format!("\n  {r}")).collect::<String>())]
    NoArticles {
        /// Why each input failed.
        reasons: Vec<String>,
    },
    /// Writing the outputs failed.
    #[error(transparent)]
    Write(#[from] LayerError),
    /// Reading records again for `frontline layers` failed.
    #[error(transparent)]
    Records(#[from] crate::split::SplitError),
}

/// Reads and processes every article of local `inputs` in parallel, in input order.
///
/// Inputs that fail are counted in the summary with a warning naming the file; the
/// summary also warns of undated articles and inferred dates.
pub fn read_all(
    inputs: &[PathBuf],
    published: Option<NaiveDate>,
    g: &Gazetteer,
    progress: &(dyn Fn() + Sync),
) -> (Vec<Processed>, Summary) {
    read_sources(
        &Sources::paths(inputs),
        &FetchOptions::default(),
        published,
        g,
        &|_| progress(),
    )
}

/// One input to read: a local file, a line of an articles JSON-lines file, or a fetched
/// page with its URL and feed item; or one that failed before it could be read.
enum Input {
    File(PathBuf),
    Line(std::sync::Arc<LinesFile>, usize, LineAt),
    Page(String, Box<fetch::Page>, Option<fetch::FeedItem>),
    Failed(ArticleError),
}

/// An articles JSON-lines file, read a line at a time where its line is processed.
struct LinesFile {
    path: PathBuf,
    file: std::sync::Mutex<std::fs::File>,
}

/// Where a line lies in its file: byte offset and length (without the line break).
#[derive(Clone, Copy)]
struct LineAt {
    offset: u64,
    len: usize,
}

impl LinesFile {
    /// Reads the article on line `line`, found at `at`.
    fn article(
        &self,
        line: usize,
        at: LineAt,
        published: Option<NaiveDate>,
    ) -> Result<Article, ArticleError> {
        use std::io::{Read, Seek, SeekFrom};
        let io = |source| ArticleError::Io {
            path: self.path.clone(),
            source,
        };
        let mut bytes = vec![0u8; at.len];
        {
            let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
            f.seek(SeekFrom::Start(at.offset)).map_err(io)?;
            f.read_exact(&mut bytes).map_err(|e| match e.kind() {
                std::io::ErrorKind::UnexpectedEof => article::record::record_error(
                    &self.path,
                    line,
                    "the file changed while it was read: the line is no longer there".into(),
                ),
                _ => io(e),
            })?;
        }
        let text = article::record::line_text(&bytes, &self.path, line)?.unwrap_or("");
        article::record::from_json_line(text, &self.path, line, published)
    }
}

/// The inputs of local files: each article file as it is, each articles JSON-lines file
/// ([`article::record`]) as its lines, blank lines skipped. A JSON-lines file is only
/// scanned here for its lines; each line is read again when it is processed, so the
/// file is never held in memory.
fn file_inputs(files: Vec<PathBuf>) -> Vec<Input> {
    use std::io::BufRead;
    let mut inputs = Vec::with_capacity(files.len());
    for f in files {
        if !article::record::is_jsonl(&f) {
            inputs.push(Input::File(f));
            continue;
        }
        let io = |source| {
            Input::Failed(ArticleError::Io {
                path: f.clone(),
                source,
            })
        };
        let (scan, file) = match std::fs::File::open(&f).and_then(|a| Ok((a.try_clone()?, a))) {
            Ok(x) => x,
            Err(e) => {
                inputs.push(io(e));
                continue;
            }
        };
        let shared = std::sync::Arc::new(LinesFile {
            path: f.clone(),
            file: std::sync::Mutex::new(file),
        });
        let mut r = std::io::BufReader::with_capacity(1 << 16, scan);
        let mut buf = Vec::new();
        let (mut offset, mut line) = (0u64, 0usize);
        loop {
            buf.clear();
            let n = match r.read_until(b'\n', &mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    inputs.push(io(e));
                    break;
                }
            };
            line += 1;
            let body = buf.strip_suffix(b"\n").unwrap_or(&buf);
            match article::record::line_text(body, &f, line) {
                Ok(None) => {}
                Ok(Some(_)) => {
                    let at = LineAt {
                        offset,
                        len: body.len(),
                    };
                    inputs.push(Input::Line(shared.clone(), line, at));
                }
                Err(e) => inputs.push(Input::Failed(e)),
            }
            offset += n as u64;
        }
    }
    inputs
}

/// Fetches the URLs and feeds of `sources`, then reads and processes every article in
/// parallel: local files first (in walking order; an articles JSON-lines file, named
/// `.jsonl` or `.ndjson`, line by line), then pages (URLs as given, then feed items in
/// feed order).
///
/// Files, lines, URLs and feeds that fail are counted in the summary with a warning naming
/// them; a page whose canonical URL repeats an earlier page's is skipped as a duplicate,
/// and so is a JSON line whose id an earlier line has (see [`Ids`]).
pub fn read_sources(
    sources: &Sources,
    opts: &FetchOptions,
    published: Option<NaiveDate>,
    g: &Gazetteer,
    progress: &(dyn Fn(Step) + Sync),
) -> (Vec<Processed>, Summary) {
    let mut done = Vec::new();
    let summary = read_into(sources, opts, published, g, progress, &mut |batch| {
        done.extend(batch);
        Ok::<(), std::convert::Infallible>(())
    });
    match summary {
        Ok(s) => (done, s),
        Err(never) => match never {},
    }
}

/// How many articles are read and processed on all cores at once before they are handed
/// on (and their text dropped): large enough to keep the cores busy, small enough that
/// memory does not grow with the corpus.
pub const BATCH: usize = 1024;

/// Like [`read_sources`], but hands the articles to `sink` a batch at a time, in order,
/// as they are read, so that none need be held after it; stops at the first error of
/// `sink`.
pub fn read_into<E>(
    sources: &Sources,
    opts: &FetchOptions,
    published: Option<NaiveDate>,
    g: &Gazetteer,
    progress: &(dyn Fn(Step) + Sync),
    sink: &mut dyn FnMut(Vec<Processed>) -> Result<(), E>,
) -> Result<Summary, E> {
    let ix = NameIndex::build(g);
    let (files, input_errors) = if sources.paths.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        article::inputs::expand(&sources.paths)
    };
    let mut summary = Summary::default();
    for e in input_errors
        .iter()
        .map(ToString::to_string)
        .chain(sources.problems.iter().cloned())
    {
        summary.warnings.push(e);
        summary.failed += 1;
    }
    let mut inputs = file_inputs(files);
    if sources.remote() {
        let gathered = fetch::gather(&sources.urls, &sources.feeds, opts, &|| {
            progress(Step::Fetched)
        });
        let counts = gathered.counts();
        for f in &gathered.feeds {
            if f.skipped > 0 {
                summary.warnings.push(format!(
                    "{}: {} feed items without a usable link were skipped",
                    f.url, f.skipped
                ));
            }
        }
        for e in &gathered.feed_errors {
            summary.warnings.push(format!("skipped feed {e}"));
        }
        for p in gathered.pages {
            match p.result {
                Err(e) => summary.warnings.push(format!("skipped {e}")),
                Ok(page) => {
                    if let Some(note) = &page.cache_note {
                        summary.warnings.push(format!("{}: {note}", p.url));
                    }
                    inputs.push(Input::Page(p.url, Box::new(page), p.item));
                }
            }
        }
        summary.failed += counts.failed;
        summary.fetch = Some(counts);
    }
    let mut ids = Ids::default();
    // Fetched pages are the same article when their canonical URLs and headlines agree.
    let mut canonical: std::collections::HashMap<(String, Option<String>), String> =
        Default::default();
    // The articles' own warnings come after those of reading, as one list.
    let mut own_warnings = Vec::new();
    let mut inputs = inputs.into_iter();
    loop {
        let batch: Vec<Input> = inputs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let results: Vec<(Option<String>, Result<Processed, ArticleError>)> = batch
            .into_par_iter()
            .map(|input| {
                let mut origin = None;
                let r = match input {
                    Input::File(f) => article::read(&f, published),
                    Input::Line(f, line, at) => {
                        origin = Some(format!("{}:{line}", f.path.display()));
                        f.article(line, at, published)
                    }
                    Input::Page(url, page, item) => read_page(url, *page, item, published),
                    Input::Failed(e) => Err(e),
                }
                .map(|a| process(a, g, &ix));
                progress(Step::Read);
                (origin, r)
            })
            .collect();
        let mut done: Vec<Processed> = Vec::with_capacity(results.len());
        for (origin, r) in results {
            let p = match r {
                Ok(p) => p,
                Err(e) => {
                    summary.warnings.push(format!("skipped {e}"));
                    summary.failed += 1;
                    continue;
                }
            };
            if let Some(origin) = &origin {
                if !ids.admit(origin, &p, &mut summary) {
                    continue;
                }
            }
            let a = &p.article;
            let fetched = a.page.as_ref().is_some_and(|i| i.final_url.is_some());
            if let Some(u) = a.url.as_ref().filter(|_| fetched) {
                use std::collections::hash_map::Entry;
                match canonical.entry((u.clone(), a.title.clone())) {
                    Entry::Occupied(first) => {
                        summary.warnings.push(format!(
                            "{}: the same article as {} (canonical URL {u}); read once",
                            a.source,
                            first.get()
                        ));
                        if let Some(c) = summary.fetch.as_mut() {
                            c.duplicates += 1;
                        }
                        continue;
                    }
                    Entry::Vacant(v) => {
                        v.insert(a.source.clone());
                    }
                }
            }
            own_warnings.extend(article_warnings(&p.article));
            done.push(p);
        }
        sink(done)?;
    }
    summary.warnings.extend(own_warnings);
    Ok(summary)
}

/// Articles given as JSON lines, by id. The first line of an id is read; a later line
/// with the same id and the same article (text, date, headline, outlet, URL) is the same
/// article, read once with a warning; a later line with the same id and another article
/// is an error: ids name evidence, so they must be unique. Articles are compared by a
/// SHA-256 digest of those fields, so earlier articles need not be kept.
#[derive(Debug, Default)]
pub struct Ids {
    first: std::collections::HashMap<String, (String, [u8; 32])>,
}

impl Ids {
    /// Should `p`, read from `origin` (`FILE:LINE`), be read? Says why not in `summary`.
    pub fn admit(&mut self, origin: &str, p: &Processed, summary: &mut Summary) -> bool {
        use std::collections::hash_map::Entry;
        let a = &p.article;
        let digest = fingerprint(a);
        match self.first.entry(a.source.clone()) {
            Entry::Vacant(v) => {
                v.insert((origin.to_string(), digest));
                true
            }
            Entry::Occupied(o) => {
                let (first, earlier) = o.get();
                if *earlier == digest {
                    summary.warnings.push(format!(
                        "{origin}: id {:?} repeats {first} with the same article; read once",
                        a.source
                    ));
                } else {
                    summary.warnings.push(format!(
                        "skipped {origin}: id {:?} is already the id of another article ({first}); ids must be unique",
                        a.source
                    ));
                    summary.failed += 1;
                }
                false
            }
        }
    }
}

/// A digest of what makes two articles of one id the same: text, date, headline, outlet
/// and URL, each field framed by its length so no two lists of fields run together.
fn fingerprint(a: &Article) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut field = |tag: u8, v: Option<&str>| {
        h.update([tag, u8::from(v.is_some())]);
        let v = v.unwrap_or("");
        h.update((v.len() as u64).to_le_bytes());
        h.update(v.as_bytes());
    };
    let published = a.published.map(|d| d.to_string());
    field(0, Some(&a.text));
    field(1, published.as_deref());
    field(2, a.title.as_deref());
    field(3, a.outlet.as_deref());
    field(4, a.url.as_deref());
    h.finalize().into()
}

/// The warnings an article gives on its own: a page's wrong charset declaration, an
/// undated article, a date inferred from the text.
pub fn article_warnings(a: &Article) -> Vec<String> {
    let mut w = Vec::new();
    if let Some(note) = a.page.as_ref().and_then(|i| i.charset_note.as_ref()) {
        w.push(format!("{}: {note}", a.source));
    }
    date_warning(a, &mut w);
    w
}

/// Turns a fetched page (asked for as `url`, reached through the feed `item` if any)
/// into an article: HTML through the page extractor, plain text as a text article;
/// anything else is refused.
pub fn read_page(
    url: String,
    page: fetch::Page,
    item: Option<fetch::FeedItem>,
    published: Option<NaiveDate>,
) -> Result<Article, ArticleError> {
    let path = PathBuf::from(&url);
    let ct = page
        .content_type
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let tld = url::Url::parse(&page.final_url).ok().and_then(|u| {
        u.host_str()
            .and_then(|h| h.rsplit('.').next().map(str::to_string))
    });
    let decoded = fetch::charset::decode(&page.body, page.content_type.as_deref(), tld.as_deref());
    let html = ct.contains("html")
        || (!ct.starts_with("text/plain") && article::looks_like_html(&page.body));
    if html {
        let input = article::Page {
            decoded,
            url: Some(page.final_url.clone()),
            item,
        };
        return article::from_page(url, input, None, published);
    }
    if !(ct.is_empty() || ct.starts_with("text/")) {
        return Err(ArticleError::Input {
            path,
            message: format!("not an HTML or text page (Content-Type {ct})"),
        });
    }
    article::check_page_bytes(&page.body, &path)?;
    let mut a = article::parse(url, decoded.text, None, published, &path)?;
    a.url = a.url.or(Some(page.final_url));
    Ok(a)
}

/// Runs the pipeline. `progress` is called once per URL fetched and per article processed.
///
/// Articles stream through: each batch's records are written to the staging folder as it
/// is read, and only what fusion and the layers need is kept of them (see [`Collector`]).
pub fn run(
    cfg: &MapConfig,
    g: &Gazetteer,
    progress: &(dyn Fn(Step) + Sync),
) -> Result<Summary, MapError> {
    crate::memtrace("reading");
    let mut c = Collector::new(&cfg.layers.out, g);
    let summary = read_into(
        &cfg.sources,
        &cfg.fetch,
        cfg.published,
        g,
        progress,
        &mut |batch| c.push(batch),
    )?;
    c.finish(summary, &cfg.layers)
}

/// Takes the processed articles of a run a batch at a time, in order: writes their
/// records (mentions, unresolved names, claims, the article) into the staging folder of
/// the output folder at once, and keeps only how claims cite each article and the claims
/// themselves, for fusion and the layers.
pub struct Collector<'a> {
    out: PathBuf,
    g: &'a Gazetteer,
    /// The staging folder and its record files, from the first article on.
    stage: Option<(layers::Stage, layers::records::RecordFiles)>,
    cited: Vec<layers::Cited>,
    claims: Vec<Sourced>,
    mentions: usize,
    unresolved: usize,
}

impl<'a> Collector<'a> {
    /// A collector writing into the output folder `out`.
    pub fn new(out: &Path, g: &'a Gazetteer) -> Collector<'a> {
        Collector {
            out: out.to_path_buf(),
            g,
            stage: None,
            cited: Vec::new(),
            claims: Vec::new(),
            mentions: 0,
            unresolved: 0,
        }
    }

    /// Takes the next articles: makes their records on all cores and writes them.
    pub fn push(&mut self, batch: Vec<Processed>) -> Result<(), LayerError> {
        if batch.is_empty() {
            return Ok(());
        }
        if self.stage.is_none() {
            let stage = layers::Stage::begin(&self.out)?;
            let files =
                layers::records::RecordFiles::create(stage.path()).map_err(|e| stage.outward(e))?;
            self.stage = Some((stage, files));
        }
        let first = self.cited.len();
        let g = self.g;
        let made: Vec<_> = batch
            .into_par_iter()
            .enumerate()
            .map(|(k, p)| {
                let claims: Vec<Sourced> = p
                    .claims
                    .into_iter()
                    .map(|claim| Sourced::new(first + k, claim, &p.article))
                    .collect();
                let cited = layers::Cited::of(&p.article);
                let lines = layers::records::lines(
                    &p.article,
                    &cited,
                    &p.mentions,
                    &p.unresolved,
                    &claims,
                    g,
                );
                let counts = (p.mentions.len(), p.unresolved.len());
                (cited, claims, lines, counts)
            })
            .collect();
        let (stage, files) = self.stage.as_mut().expect("begun above");
        for (cited, claims, lines, (m, u)) in made {
            files.write(&lines).map_err(|e| stage.outward(e))?;
            self.cited.push(cited);
            self.claims.extend(claims);
            self.mentions += m;
            self.unresolved += u;
        }
        Ok(())
    }

    /// Fuses the claims, draws the areas, writes every layer and moves the outputs into
    /// place, completing `summary`; an error when no article was taken.
    pub fn finish(self, mut summary: Summary, cfg: &LayersConfig) -> Result<Summary, MapError> {
        let Some((stage, files)) = self.stage else {
            return Err(MapError::NoArticles {
                reasons: summary.warnings,
            });
        };
        files.finish().map_err(|e| stage.outward(e))?;
        crate::memtrace("records written");
        let timeline = timeline::fuse(&self.claims, cfg.baseline.as_ref(), self.g);
        let maps = timeline
            .as_ref()
            .map(|t| crate::areas::build(t, self.g, &cfg.areas));
        crate::memtrace("fused, areas drawn");
        let run = RunOutput {
            gazetteer: self.g,
            articles: &self.cited,
            claims: &self.claims,
            timeline: timeline.as_ref(),
            baseline: cfg.baseline.as_ref(),
            maps: maps.as_ref(),
        };
        summary.days = stage.finish(&run)?;
        crate::memtrace("layers written");
        summary.articles = self.cited.len();
        summary.mentions = self.mentions;
        summary.unresolved = self.unresolved;
        summary.claims = self.claims.len();
        summary.span = timeline.as_ref().map(|t| (t.first, t.last));
        summary.baseline = cfg.baseline.as_ref().map(|b| b.rows.len()).unwrap_or(0);
        Ok(summary)
    }
}

/// The processed articles of a run, fused.
pub struct Assembled {
    /// The baseline the timeline started from.
    pub baseline: Option<Baseline>,
    /// Articles in input order.
    pub articles: Vec<Article>,
    /// How claims cite each article.
    pub cited: Vec<layers::Cited>,
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
            articles: &self.cited,
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
    let mut cited = Vec::with_capacity(done.len());
    let mut mentions = Vec::with_capacity(done.len());
    let mut unresolved = Vec::with_capacity(done.len());
    let mut all = Vec::new();
    for (i, p) in done.into_iter().enumerate() {
        all.extend(
            p.claims
                .into_iter()
                .map(|claim| Sourced::new(i, claim, &p.article)),
        );
        cited.push(layers::Cited::of(&p.article));
        articles.push(p.article);
        mentions.push(p.mentions);
        unresolved.push(p.unresolved);
    }
    let timeline = timeline::fuse(&all, baseline, g);
    Assembled {
        baseline: baseline.cloned(),
        articles,
        cited,
        mentions,
        unresolved,
        claims: all,
        timeline,
    }
}

fn date_warning(a: &Article, warnings: &mut Vec<String>) {
    use article::DateSource;
    match &a.date_source {
        DateSource::Undated if a.page.is_some() => warnings.push(format!(
            "{}: undated: no date in its meta tags, JSON-LD, <time> or byline, no feed date and no --published; its relative dates stay unresolved",
            a.source
        )),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jsonl_line_that_is_gone_when_read_again_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let line = r#"{"id":"a1","text":"Rebels entered Saraqib."}"#;
        std::fs::write(&path, format!("{line}\n")).unwrap();
        let inputs = file_inputs(vec![path.clone()]);
        let Some(Input::Line(f, 1, at)) = inputs.first() else {
            panic!("one line input expected");
        };
        assert_eq!(f.article(1, *at, None).unwrap().source, "a1");
        // The file shrinks between the scan and the read.
        std::fs::write(&path, "{}\n").unwrap();
        let e = f.article(1, *at, None).unwrap_err().to_string();
        let want = format!(
            "{}:1: the file changed while it was read: the line is no longer there",
            path.display()
        );
        assert_eq!(e, want);
    }
}
