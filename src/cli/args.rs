//! Raw command-line flags, as clap parses them. [`super::config`] turns them into settings.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Turn war reporting into dated control maps.
///
/// frontline finds the places named in news articles, resolves them against a bundled
/// Syrian gazetteer, reads who controls each place and when, fuses the claims of all
/// articles, and writes GeoJSON layers for QGIS and geojson.io.
///
/// Exit status: 0 on success, 1 when some inputs were skipped (each is reported),
/// 2 on a fatal error or bad usage.
#[derive(Debug, Parser)]
#[command(name = "frontline", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Map articles (files, folders, URLs, feeds): write mentions, claims, per-day control
    /// points, areas and front lines, the advance, QGIS styles and an offline viewer (index.html).
    Map(MapArgs),
    /// Download URLs and feed items into the cache without mapping (then map with --offline).
    Fetch(FetchPagesArgs),
    /// Score the geoparser and claim reader against gold annotations (as in shared/gold/seeds.json),
    /// or the fused timeline against a gold per-day timeline (--timeline).
    Eval(EvalArgs),
    /// Show one place's timeline: each change, the evidence behind it and why it won.
    Explain(ExplainArgs),
    /// The map step of a split run: read articles as JSON lines on standard input, write
    /// one record per article (its mentions, unresolved names, claims and warnings) on
    /// standard output, for `frontline layers`.
    ///
    /// Articles are processed in parallel, 1,000 lines at a time (memory stays bounded),
    /// and written in input order. A closed pipe on standard output ends it quietly.
    Extract(ExtractArgs),
    /// The reduce step of a split run: gather the records of `frontline extract` (from
    /// files, or standard input), put them in order and write every layer as `map` does.
    Layers(LayersArgs),
    /// Write a synthetic corpus (articles built from gazetteer names and our own sentence
    /// templates, reproducible from a seed) for benchmarks and load tests.
    Corpus(CorpusArgs),
    /// Query or rebuild the gazetteer.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

/// Flags of `frontline eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The gold file (JSON in the format of shared/gold/seeds.json).
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "timeline",
        conflicts_with = "timeline"
    )]
    pub gold: Option<PathBuf>,
    /// A gold per-day timeline (JSON, as tests/timeline/dev.json): score each place's
    /// controller on each day. Its articles and baseline come from the file unless given.
    #[arg(long, value_name = "FILE")]
    pub timeline: Option<PathBuf>,
    #[command(flatten)]
    pub baseline: BaselineFlag,
    /// Article files or folders. Default: a folder named like the gold file beside it
    /// (gold/dev.json -> gold/dev/) or one level up (gold/seeds.json -> seeds/).
    #[arg(value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for undated articles. Without it the gold dates of
    /// undated articles' claims are expected to stay unresolved.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
}

/// Flags of `frontline map`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("articles").required(true).multiple(true).args(["inputs", "url", "urls_file", "feed"])))]
#[command(after_long_help = ARTICLES_JSONL)]
pub struct MapArgs {
    /// Article files, folders (read recursively: .txt, .md, .text, .html, .htm),
    /// articles JSON-lines files (.jsonl or .ndjson, named directly: one article per line,
    /// see below) or http(s) URLs.
    #[arg(value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub sources: SourceFlags,
    #[command(flatten)]
    pub net: NetFlags,
    #[command(flatten)]
    pub output: OutputFlags,
    /// Publication date (YYYY-MM-DD) for articles with no date of their own.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
    /// Print only warnings and errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

/// The articles JSON-lines format, for `--help`.
const ARTICLES_JSONL: &str = "\
Articles as JSON lines (map FILE.jsonl, extract):
  One JSON object per line:
    id         required  a non-empty string; the article's source, cited by its evidence
    text       required  the article's text, read as a text file's (a header date line
                         and YAML front matter count)
    published  optional  YYYY-MM-DD; trusted after a date line in the text's header,
                         before front matter in the text and --published
    title      optional  headline (else front matter, else the first line)
    outlet     optional  site or agency
    url        optional  the article's address
  Other fields are ignored; null is a missing field. Blank lines are skipped. A bad line
  is reported as FILE:LINE (stdin:LINE for extract) and skipped, and the exit status is 1.
  An id given twice is read once when the article is the same, and otherwise the later
  line is reported and skipped. `frontline corpus --jsonl` writes this format.";

/// The extract record format and the order rule, for `--help`.
const RECORDS: &str = "\
Records (extract's output, layers' input):
  One JSON object per article: seq (the order key), origin (NAME:LINE), gazetteer (the
  gazetteer and version it was made with; layers refuses others), warnings, and
  processed (the article, its mentions, unresolved names and claims); with --numbered,
  a line that cannot be read is a record with error instead.

Order rule:
  seq is the 0-based index of the article's line in the articles input (line number - 1),
  or with --numbered the INDEX written before the line. layers sorts records by seq, then
  id, then origin, and keeps the first record of an id (the same article again is read
  once; another article under that id is reported and skipped), as map does over the
  input. So `extract < in.jsonl | layers` writes the same files as `map in.jsonl`,
  byte for byte, in whatever order and pieces the records arrive.

Memory:
  layers reads its record files twice: once to check them and learn their order, then
  1,024 records at a time in that order. Records on standard input or from a pipe are
  first copied to a temporary file. A record file must not change while layers runs.";

/// Flags of `frontline extract`.
#[derive(Debug, Args)]
#[command(after_long_help = format!("{ARTICLES_JSONL}\n\n{RECORDS}"))]
pub struct ExtractArgs {
    /// Publication date (YYYY-MM-DD) for articles with no date of their own.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Each input line is INDEX<TAB>LINE, INDEX the line's 0-based place in the original
    /// input (as a driver such as Spark's zipWithIndex numbers it); it becomes the record's
    /// seq, messages name line INDEX+1 of --name, and a line that cannot be read is
    /// written as an error record for layers to report (the exit status stays 0).
    #[arg(long)]
    pub numbered: bool,
    /// The input's name in messages and record origins.
    #[arg(long, value_name = "NAME", default_value = "stdin")]
    pub name: String,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
    /// Print no summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Flags of `frontline layers`.
#[derive(Debug, Args)]
#[command(after_long_help = RECORDS)]
pub struct LayersArgs {
    /// Files of records written by `frontline extract` (default: standard input).
    #[arg(value_name = "RECORDS")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputFlags,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
    /// Print only warnings and errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Where the layers go and how they are drawn: the flags of the writing half of a run
/// (`map`, `layers`).
#[derive(Debug, Args)]
pub struct OutputFlags {
    /// Output folder.
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub baseline: BaselineFlag,
    /// How far each place's control is drawn around it in the area layers, in km (0.5 to 200).
    #[arg(long, value_name = "KM", default_value_t = frontline::areas::DEFAULT_REACH_KM)]
    pub reach_km: f64,
}

/// Flags of `frontline fetch`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("articles").required(true).multiple(true).args(["urls", "url", "urls_file", "feed"])))]
pub struct FetchPagesArgs {
    /// http(s) URLs of pages.
    #[arg(value_name = "URLS")]
    pub urls: Vec<String>,
    #[command(flatten)]
    pub sources: SourceFlags,
    #[command(flatten)]
    pub net: NetFlags,
    /// Print one JSON object per URL instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Print only failures and the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Where pages come from, besides files named on the command line.
#[derive(Debug, Args)]
pub struct SourceFlags {
    /// A page to fetch and read (repeatable).
    #[arg(long, value_name = "URL")]
    pub url: Vec<String>,
    /// A file of URLs, one per line (blank lines and lines starting with # are skipped).
    #[arg(long, value_name = "FILE")]
    pub urls_file: Vec<PathBuf>,
    /// An RSS or Atom feed: every item's link is fetched and read, and the item's date is
    /// used for a page that has none (repeatable).
    #[arg(long, value_name = "URL")]
    pub feed: Vec<String>,
}

/// How pages are fetched.
#[derive(Debug, Args)]
pub struct NetFlags {
    /// Cache folder (default: $FRONTLINE_CACHE, else ~/.cache/frontline/http). Cached
    /// pages are revalidated with ETag/Last-Modified.
    #[arg(long, value_name = "DIR", help_heading = "Fetching")]
    pub cache: Option<PathBuf>,
    /// Keep nothing on disk: fetch every page afresh and store none.
    #[arg(long, conflicts_with_all = ["cache", "offline"], help_heading = "Fetching")]
    pub no_cache: bool,
    /// Use only the cache; never touch the network. Pages not cached are reported as failed.
    #[arg(long, help_heading = "Fetching")]
    pub offline: bool,
    /// Requests in flight at once, overall.
    #[arg(long, value_name = "N", default_value_t = frontline::fetch::DEFAULT_CONCURRENCY, help_heading = "Fetching")]
    pub concurrency: usize,
    /// Requests in flight at once to any one host.
    #[arg(long, value_name = "N", default_value_t = frontline::fetch::DEFAULT_PER_HOST, help_heading = "Fetching")]
    pub per_host: usize,
    /// Seconds allowed for one request, body included.
    #[arg(long, value_name = "SECS", default_value_t = frontline::fetch::DEFAULT_TIMEOUT_SECS, help_heading = "Fetching")]
    pub timeout: f64,
    /// Retries after a transient failure (timeout, broken connection, HTTP 408, 425, 429,
    /// 500, 502, 503, 504), with exponential backoff and the server's Retry-After (up to
    /// 60 s); other failures are not retried.
    #[arg(long, value_name = "N", default_value_t = frontline::fetch::DEFAULT_RETRIES, help_heading = "Fetching")]
    pub retries: u32,
    /// Largest page body read, in MB; larger pages are reported and skipped.
    #[arg(long, value_name = "MB", default_value_t = frontline::fetch::DEFAULT_MAX_BODY_MB, help_heading = "Fetching")]
    pub max_body_mb: f64,
    /// Most redirects followed; loops are caught at once.
    #[arg(long, value_name = "N", default_value_t = frontline::fetch::DEFAULT_MAX_REDIRECTS, help_heading = "Fetching")]
    pub max_redirects: usize,
    /// Fetch pages even where the site's robots.txt forbids it, and ignore its Crawl-delay.
    #[arg(long, help_heading = "Fetching")]
    pub ignore_robots: bool,
    /// An e-mail address or URL added to the User-Agent, so site owners can reach you.
    #[arg(long, value_name = "CONTACT", help_heading = "Fetching")]
    pub contact: Option<String>,
}

/// Flags of `frontline corpus`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("dest").required(true).args(["out", "jsonl"])))]
pub struct CorpusArgs {
    /// How many articles.
    #[arg(long, value_name = "N")]
    pub articles: usize,
    /// The seed: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write one text file per article (with front matter) into this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write one JSON object per article (id, published, outlet, title, text) to this
    /// file (`-` for standard output): the articles JSON-lines format `map` and `extract` read.
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
}

/// Flags of `frontline explain`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("articles").required(true).multiple(true).args(["inputs", "url", "urls_file", "feed"])))]
pub struct ExplainArgs {
    /// The place: a gazetteer id or a name (in Latin or Arabic script).
    #[arg(value_name = "PLACE")]
    pub place: String,
    /// Article files, folders or URLs, as for `map`.
    #[arg(value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub sources: SourceFlags,
    #[command(flatten)]
    pub net: NetFlags,
    /// Publication date (YYYY-MM-DD) for articles with no date of their own.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    #[command(flatten)]
    pub baseline: BaselineFlag,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
}

/// The `--baseline` flag of commands that fuse a timeline.
#[derive(Debug, Args)]
pub struct BaselineFlag {
    /// Control before the reporting starts: a baseline file (TSV: place, controller, as_of,
    /// source; see README) or the name of a bundled one: nw-syria-2024-11-26 (main towns
    /// of northwest Syria on the day before the 2024 offensive). Baseline places appear in
    /// every day layer.
    #[arg(long, value_name = "FILE|NAME")]
    pub baseline: Option<String>,
}

/// The `--gazetteer` flag shared by subcommands.
#[derive(Debug, Args)]
pub struct GazetteerFlag {
    /// A gazetteer folder laid out like the bundled one (places.tsv, nonplaces.tsv, boundaries/).
    /// Default: the gazetteer built into the binary.
    #[arg(long, value_name = "PATH")]
    pub gazetteer: Option<PathBuf>,
}

/// Subcommands of `frontline gazetteer`.
#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// List the places a name could mean, with ids, kinds and scores (Latin or Arabic script).
    Lookup(LookupArgs),
    /// Rebuild a gazetteer folder from the open data sources and the curated files.
    Build(BuildArgs),
    /// Count places by governorate and kind, and the share with Arabic and variant names.
    Stats(StatsArgs),
    /// Write a copy of the bundled gazetteer into a folder, to edit with the commands below.
    Init(InitArgs),
    /// Add a place.
    Add(AddArgs),
    /// Add or remove alternate names of a place.
    Alias(AliasArgs),
    /// Remove a place.
    Remove(RemoveArgs),
    /// Apply a patch file (one operation per line; see the README).
    Apply(ApplyArgs),
    /// Restore places.tsv as it was before the last write.
    Undo(UndoArgs),
    /// Import places: GeoNames dump or alternate names, OCHA CSV, mapped CSV, GeoJSON points.
    Import(ImportArgs),
    /// Download a GeoNames country dump (or any URL) and import it.
    Fetch(FetchArgs),
    /// Check ids, coordinates, governorates, ambiguous names and missing Arabic names.
    Validate(ValidateArgs),
    /// Show what differs between two gazetteer folders.
    Diff(DiffArgs),
    /// Write the gazetteer as GeoJSON points (for QGIS).
    Export(ExportArgs),
}

/// Flags of `frontline gazetteer lookup`.
#[derive(Debug, Args)]
pub struct LookupArgs {
    /// The name to look up.
    pub name: String,
    /// Most candidates to list.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Lowest similarity to list (0..1; 1 = same spelling after folding).
    #[arg(long, default_value_t = 0.85)]
    pub min_score: f64,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
}

/// Flags shared by the commands that change a gazetteer folder.
#[derive(Debug, Args)]
pub struct WriteFlags {
    /// The gazetteer folder to change (make one with `frontline gazetteer init DIR`).
    #[arg(long, value_name = "PATH")]
    pub gazetteer: Option<PathBuf>,
    /// Show what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the changes as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `frontline gazetteer init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create.
    pub dir: PathBuf,
}

/// Flags of `frontline gazetteer add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The place's English name.
    pub name: String,
    /// Id (default: local:<slug of the name>).
    #[arg(long)]
    pub id: Option<String>,
    /// Arabic name.
    #[arg(long, default_value = "")]
    pub ar: String,
    /// Another spelling (repeatable; Latin or Arabic).
    #[arg(long = "alias")]
    pub aliases: Vec<String>,
    /// Latitude (WGS84).
    #[arg(long, allow_hyphen_values = true)]
    pub lat: String,
    /// Longitude (WGS84).
    #[arg(long, allow_hyphen_values = true)]
    pub lon: String,
    /// city, town, village, neighbourhood, site, governorate, district, subdistrict, region, country.
    #[arg(long, default_value = "village")]
    pub kind: String,
    /// OCHA P-code of the governorate (default: from the boundaries).
    #[arg(long, default_value = "")]
    pub governorate: String,
    /// ISO country code.
    #[arg(long, default_value = "SY")]
    pub country: String,
    /// Where the fact comes from (required).
    #[arg(long)]
    pub source: String,
    #[command(flatten)]
    pub write: WriteFlags,
}

/// Flags of `frontline gazetteer alias`.
#[derive(Debug, Args)]
pub struct AliasArgs {
    /// The place's id.
    pub id: String,
    /// A spelling to add (repeatable).
    #[arg(long)]
    pub add: Vec<String>,
    /// A spelling to remove (repeatable).
    #[arg(long)]
    pub remove: Vec<String>,
    /// Where the fact comes from (required).
    #[arg(long)]
    pub source: String,
    #[command(flatten)]
    pub write: WriteFlags,
}

/// Flags of `frontline gazetteer remove`.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The place's id.
    pub id: String,
    /// Why (required).
    #[arg(long)]
    pub source: String,
    #[command(flatten)]
    pub write: WriteFlags,
}

/// Flags of `frontline gazetteer apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The patch file.
    pub patch: PathBuf,
    #[command(flatten)]
    pub write: WriteFlags,
}

/// Flags of `frontline gazetteer undo`.
#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The gazetteer folder.
    #[arg(long, value_name = "PATH")]
    pub gazetteer: Option<PathBuf>,
}

/// Flags of `frontline gazetteer import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file (.txt, .csv, .geojson, or a .zip holding one).
    pub file: PathBuf,
    /// What the file is.
    #[arg(long, value_enum)]
    pub format: frontline::gazetteer::import::Format,
    #[command(flatten)]
    pub source: ImportFlags,
    #[command(flatten)]
    pub write: WriteFlags,
}

/// Options shared by `import` and `fetch`.
#[derive(Debug, Args)]
pub struct ImportFlags {
    /// Columns or properties: name=COL,lat=COL,lon=COL[,ar=,id=,kind=,alias=,governorate=,population=].
    #[arg(long, default_value = "")]
    pub map: String,
    /// Keep only rows of this country (GeoNames dumps such as allCountries).
    #[arg(long, default_value = "SY")]
    pub country: String,
    /// Merge into an existing place sharing a name within this many km.
    #[arg(long, default_value_t = 3.0)]
    pub merge_km: f64,
    /// Kind of rows that name none.
    #[arg(long, default_value = "village")]
    pub kind: String,
    /// Prefix of ids made from names.
    #[arg(long, default_value = "local:")]
    pub id_prefix: String,
    /// Recorded as the source of every change (default: the file name or URL).
    #[arg(long = "source")]
    pub source: Option<String>,
}

/// Flags of `frontline gazetteer fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Address to download (default: the GeoNames dump of --country).
    #[arg(long)]
    pub url: Option<String>,
    /// What the download is.
    #[arg(long, value_enum, default_value = "geonames")]
    pub format: frontline::gazetteer::import::Format,
    #[command(flatten)]
    pub source: ImportFlags,
    #[command(flatten)]
    pub write: WriteFlags,
}

/// Flags of `frontline gazetteer validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Print findings as JSON lines.
    #[arg(long)]
    pub json: bool,
    /// Also list warnings one by one (they are counted either way).
    #[arg(long)]
    pub warnings: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
}

/// Flags of `frontline gazetteer diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old gazetteer folder.
    pub a: PathBuf,
    /// The new gazetteer folder.
    pub b: PathBuf,
    /// Print JSON lines.
    #[arg(long)]
    pub json: bool,
}

/// Flags of `frontline gazetteer export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write GeoJSON points (the only format for now).
    #[arg(long, required = true)]
    pub geojson: bool,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
}

/// Flags of `frontline gazetteer stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON instead of a Markdown table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerFlag,
}

/// Flags of `frontline gazetteer build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The gazetteer-sources folder (GeoNames, OpenSyria, Natural Earth, ... extracts).
    #[arg(long, value_name = "DIR")]
    pub sources: PathBuf,
    /// Folder to write (places.tsv and boundaries/).
    #[arg(long, default_value = "gazetteer", value_name = "DIR")]
    pub out: PathBuf,
    /// Folder of curated inputs: tables of places (*.tsv) and names.tsv. Default: OUT/curated.
    #[arg(long, value_name = "DIR")]
    pub curated: Option<PathBuf>,
}
