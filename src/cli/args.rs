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
    /// Map articles: write mentions, claims, per-day control layers and a timeline.
    Map(MapArgs),
    /// Query or rebuild the gazetteer.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

/// Flags of `frontline map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    /// Article files or folders (folders are read recursively: .txt, .md, .text).
    #[arg(required = true, value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, short, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
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
    /// Folder of curated inputs (places.tsv, names.tsv). Default: OUT/curated.
    #[arg(long, value_name = "DIR")]
    pub curated: Option<PathBuf>,
}
