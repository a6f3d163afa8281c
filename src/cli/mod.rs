//! The command-line front: parse flags, resolve settings, call the library, report.

mod args;
mod gazetteer_cmd;

use anyhow::{bail, Context, Result};
use args::{Cli, Command, GazetteerCommand, GazetteerFlag};
use clap::Parser;
use frontline::gazetteer::{self, Gazetteer};
use frontline::pipeline;
use std::io::{IsTerminal, Write};

/// Exit status when every input was used.
pub(crate) const OK: i32 = 0;
/// Exit status when the run finished but some inputs were skipped.
pub(crate) const PARTIAL: i32 = 1;
/// Exit status of a fatal error (clap uses it for usage errors too).
const FATAL: i32 = 2;

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return OK;
            }
            eprintln!("frontline: error: {}", message(&e));
            FATAL
        }
    }
}

/// The error and its causes, each cause given once: the library's errors already end
/// with their cause ("FILE: No space left on device"), so a cause the message so far
/// ends with is not repeated.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Map(a) => map(a),
        Command::Fetch(a) => fetch(a),
        Command::Eval(a) => eval(a),
        Command::Explain(a) => explain(a),
        Command::Extract(a) => extract(a),
        Command::Layers(a) => layers(a),
        Command::Corpus(a) => corpus(a),
        Command::Gazetteer(GazetteerCommand::Lookup(a)) => lookup(a),
        Command::Gazetteer(GazetteerCommand::Build(a)) => build(a),
        Command::Gazetteer(GazetteerCommand::Stats(a)) => stats(a),
        Command::Gazetteer(GazetteerCommand::Init(a)) => gazetteer_cmd::init(a),
        Command::Gazetteer(GazetteerCommand::Add(a)) => gazetteer_cmd::add(a),
        Command::Gazetteer(GazetteerCommand::Alias(a)) => gazetteer_cmd::alias(a),
        Command::Gazetteer(GazetteerCommand::Remove(a)) => gazetteer_cmd::remove(a),
        Command::Gazetteer(GazetteerCommand::Apply(a)) => gazetteer_cmd::apply(a),
        Command::Gazetteer(GazetteerCommand::Undo(a)) => gazetteer_cmd::undo(a),
        Command::Gazetteer(GazetteerCommand::Import(a)) => gazetteer_cmd::import(a),
        Command::Gazetteer(GazetteerCommand::Fetch(a)) => gazetteer_cmd::fetch(a),
        Command::Gazetteer(GazetteerCommand::Validate(a)) => gazetteer_cmd::validate(a),
        Command::Gazetteer(GazetteerCommand::Diff(a)) => gazetteer_cmd::diff(a),
        Command::Gazetteer(GazetteerCommand::Export(a)) => gazetteer_cmd::export(a),
    }
}

pub(crate) fn load_gazetteer(flag: &GazetteerFlag) -> Result<Gazetteer> {
    Ok(match &flag.gazetteer {
        Some(p) => Gazetteer::from_dir(p)
            .with_context(|| format!("cannot load the gazetteer at {}", p.display()))?,
        None => Gazetteer::bundled().context("the bundled gazetteer is broken")?,
    })
}

/// Where articles come from: positional paths (an http(s) one is a URL), --url,
/// --urls-file and --feed. Bad lines of a URL file become the sources' problems.
fn sources(inputs: &[std::path::PathBuf], flags: &args::SourceFlags) -> Result<pipeline::Sources> {
    let mut s = pipeline::Sources::default();
    for p in inputs {
        let t = p.to_string_lossy();
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            s.urls.push(t.into_owned());
        } else {
            s.paths.push(p.clone());
        }
    }
    s.urls.extend(flags.url.iter().cloned());
    for f in &flags.urls_file {
        let text = std::fs::read_to_string(f)
            .with_context(|| format!("cannot read the URL file {}", f.display()))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match url::Url::parse(line) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => s.urls.push(line.to_string()),
                _ => s.problems.push(format!(
                    "{}:{}: not an http(s) URL: {line:?}",
                    f.display(),
                    i + 1
                )),
            }
        }
    }
    s.feeds.extend(flags.feed.iter().cloned());
    Ok(s)
}

/// Fetch settings, resolved from the raw flags.
fn fetch_options(n: &args::NetFlags) -> Result<frontline::fetch::FetchOptions> {
    use frontline::fetch;
    if !(n.timeout.is_finite() && n.timeout >= 0.1 && n.timeout <= 3600.0) {
        bail!(
            "--timeout {} is out of range: give seconds from 0.1 to 3600",
            n.timeout
        );
    }
    if !(n.max_body_mb.is_finite() && n.max_body_mb >= 0.1 && n.max_body_mb <= 1024.0) {
        bail!(
            "--max-body-mb {} is out of range: give MB from 0.1 to 1024",
            n.max_body_mb
        );
    }
    if n.concurrency == 0 || n.per_host == 0 {
        bail!("--concurrency and --per-host must be at least 1");
    }
    if n.retries > 10 {
        bail!("--retries {} is too many: give at most 10", n.retries);
    }
    let timeout = std::time::Duration::from_secs_f64(n.timeout);
    Ok(fetch::FetchOptions {
        cache: (!n.no_cache).then(|| n.cache.clone().unwrap_or_else(fetch::cache::default_dir)),
        offline: n.offline,
        concurrency: n.concurrency,
        per_host: n.per_host.min(n.concurrency),
        timeout,
        connect_timeout: timeout.min(std::time::Duration::from_secs(10)),
        retries: n.retries,
        max_body: (n.max_body_mb * 1_048_576.0) as usize,
        max_redirects: n.max_redirects,
        user_agent: fetch::user_agent(n.contact.as_deref()),
        robots: !n.ignore_robots,
        ..Default::default()
    })
}

/// Settings of a map run, resolved from the raw flags.
fn map_config(a: &args::MapArgs, g: &Gazetteer) -> Result<pipeline::MapConfig> {
    Ok(pipeline::MapConfig {
        sources: sources(&a.inputs, &a.sources)?,
        fetch: fetch_options(&a.net)?,
        published: a.published.as_deref().map(parse_date).transpose()?,
        layers: layers_config(&a.output, g)?,
    })
}

/// Settings of the writing half of a run (map, layers), resolved from the raw flags.
fn layers_config(o: &args::OutputFlags, g: &Gazetteer) -> Result<pipeline::LayersConfig> {
    Ok(pipeline::LayersConfig {
        out: o.out.clone(),
        baseline: load_baseline(&o.baseline, g)?,
        areas: frontline::areas::AreaOptions {
            reach_km: reach(o.reach_km)?,
        },
    })
}

/// A spinner counting pages fetched and articles read, unless quiet or not on a terminal.
fn progress_bar(hidden: bool) -> indicatif::ProgressBar {
    if hidden || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new_spinner();
    b.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    b
}

/// Reports progress steps on a bar.
fn on_step(bar: &indicatif::ProgressBar) -> impl Fn(pipeline::Step) + Sync + '_ {
    let fetched = std::sync::atomic::AtomicUsize::new(0);
    let read = std::sync::atomic::AtomicUsize::new(0);
    move |s| {
        use std::sync::atomic::Ordering::Relaxed;
        match s {
            pipeline::Step::Fetched => fetched.fetch_add(1, Relaxed),
            pipeline::Step::Read => read.fetch_add(1, Relaxed),
        };
        bar.set_message(format!(
            "{} pages fetched, {} articles read",
            fetched.load(Relaxed),
            read.load(Relaxed)
        ));
        bar.tick();
    }
}

/// The line saying what fetching did.
fn fetch_line(c: &pipeline::FetchCounts) -> String {
    format!(
        "frontline: {} feeds and {} pages: {} downloaded, {} unchanged since cached, {} from the cache only, {} failed{}",
        c.feeds,
        c.pages,
        c.downloaded,
        c.unchanged,
        c.cached,
        c.failed,
        if c.duplicates > 0 {
            format!(", {} duplicates read once", c.duplicates)
        } else {
            String::new()
        }
    )
}

/// Checks a `--reach-km` value.
fn reach(km: f64) -> Result<f64> {
    if km.is_finite() && (0.5..=200.0).contains(&km) {
        Ok(km)
    } else {
        anyhow::bail!("--reach-km {km} is out of range: give a distance from 0.5 to 200 km")
    }
}

/// Loads the baseline `--baseline` names, if any.
fn load_baseline(
    flag: &args::BaselineFlag,
    g: &Gazetteer,
) -> Result<Option<frontline::timeline::baseline::Baseline>> {
    flag.baseline
        .as_deref()
        .map(|spec| {
            frontline::timeline::baseline::Baseline::load(spec, g)
                .with_context(|| format!("cannot load the baseline {spec:?}"))
        })
        .transpose()
}

/// Reads a `--published` value.
fn parse_date(s: &str) -> Result<chrono::NaiveDate> {
    s.parse::<chrono::NaiveDate>()
        .with_context(|| format!("--published {s:?} is not a date of the form YYYY-MM-DD"))
}

fn map(a: args::MapArgs) -> Result<i32> {
    let g = load_gazetteer(&a.gazetteer)?;
    let cfg = map_config(&a, &g)?;
    let bar = progress_bar(a.quiet || a.no_progress);
    let summary = pipeline::run(&cfg, &g, &on_step(&bar))?;
    bar.finish_and_clear();
    report(&summary, &cfg.layers.out, a.quiet)
}

/// Prints a run's warnings and, unless quiet, what it did; returns the exit status.
fn report(summary: &pipeline::Summary, out: &std::path::Path, quiet: bool) -> Result<i32> {
    let mut err = std::io::stderr().lock();
    for w in &summary.warnings {
        writeln!(err, "frontline: warning: {w}")?;
    }
    if !quiet {
        if let Some(c) = &summary.fetch {
            writeln!(err, "{}", fetch_line(c))?;
        }
        let span = summary
            .span
            .map(|(f, l)| format!(" ({f} to {l})"))
            .unwrap_or_default();
        writeln!(
            err,
            "frontline: {} articles read, {} skipped, {} places found, {} left unresolved, {} claims, {}{} days written{span}, {} warnings; output in {}",
            summary.articles,
            summary.failed,
            summary.mentions,
            summary.unresolved,
            summary.claims,
            if summary.baseline > 0 {
                format!("{} baseline places, ", summary.baseline)
            } else {
                String::new()
            },
            summary.days,
            summary.warnings.len(),
            out.display()
        )?;
        if summary.days > 0 {
            writeln!(
                err,
                "frontline: control areas in {0}/areas/, front lines in {0}/frontline/, the advance in {0}/advance.geojson, QGIS styles (.qml) beside each layer; open {0}/index.html in a browser to look",
                out.display()
            )?;
        }
    }
    Ok(if summary.failed > 0 { PARTIAL } else { OK })
}

fn extract(a: args::ExtractArgs) -> Result<i32> {
    let g = load_gazetteer(&a.gazetteer)?;
    let opts = frontline::split::ExtractOptions {
        published: a.published.as_deref().map(parse_date).transpose()?,
        numbered: a.numbered,
        name: a.name,
        ..Default::default()
    };
    if std::io::stdin().is_terminal() {
        bail!("extract reads articles JSON lines on standard input: pipe or redirect a file into it (frontline extract < articles.jsonl)");
    }
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = std::io::stderr();
    let counts = frontline::split::extract(stdin, stdout, &opts, &g, &mut |m| {
        let _ = writeln!(err, "frontline: warning: skipped {m}");
    })?;
    if !a.quiet {
        let what = if opts.numbered {
            "passed on as error records"
        } else {
            "skipped"
        };
        eprintln!(
            "frontline: extract: {} lines read, {} articles written, {} bad lines {what}",
            counts.lines, counts.articles, counts.failed
        );
    }
    Ok(if counts.failed > 0 && !opts.numbered {
        PARTIAL
    } else {
        OK
    })
}

fn layers(a: args::LayersArgs) -> Result<i32> {
    use frontline::split;
    let g = load_gazetteer(&a.gazetteer)?;
    let cfg = layers_config(&a.output, &g)?;
    let mut records = split::RecordIndex::default();
    if a.inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            bail!("name files of extract records, or pipe them in (frontline extract < articles.jsonl | frontline layers --out DIR)");
        }
        records.add_stream(std::io::stdin().lock(), "stdin".as_ref(), &g)?;
    }
    for f in &a.inputs {
        match std::fs::File::open(f) {
            Ok(file) => records.add_file(file, f, &g)?,
            Err(e) => records.problem(format!("{}: {e}", f.display())),
        }
    }
    let summary = records.reduce(&cfg, &g)?;
    report(&summary, &cfg.out, a.quiet)
}

fn fetch(a: args::FetchPagesArgs) -> Result<i32> {
    let inputs: Vec<std::path::PathBuf> = a.urls.iter().map(Into::into).collect();
    let src = sources(&inputs, &a.sources)?;
    if !src.paths.is_empty() {
        bail!(
            "{} is not an http(s) URL; `fetch` only downloads URLs and feeds",
            src.paths[0].display()
        );
    }
    let opts = fetch_options(&a.net)?;
    let bar = progress_bar(a.quiet);
    let step = on_step(&bar);
    let g = frontline::fetch::gather(&src.urls, &src.feeds, &opts, &|| {
        step(pipeline::Step::Fetched)
    });
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    for w in &src.problems {
        writeln!(err, "frontline: warning: {w}")?;
    }
    for e in &g.feed_errors {
        writeln!(err, "frontline: warning: skipped feed {e}")?;
    }
    for f in &g.feeds {
        if !a.quiet && !a.json {
            writeln!(out, "feed    {:>4} items  {}", f.items.len(), f.url)?;
        }
    }
    for p in &g.pages {
        match &p.result {
            Ok(page) => {
                if let Some(note) = &page.cache_note {
                    writeln!(err, "frontline: warning: {}: {note}", p.url)?;
                }
                if a.json {
                    let v = serde_json::json!({
                        "url": p.url, "final_url": page.final_url, "via": page.via,
                        "bytes": page.body.len(), "content_type": page.content_type,
                        "attempts": page.attempts, "feed": p.item.as_ref().map(|i| &i.feed),
                    });
                    writeln!(out, "{v}")?;
                } else if !a.quiet {
                    let via = match page.via {
                        frontline::fetch::Via::Network => "fetched",
                        frontline::fetch::Via::Revalidated => "unchanged",
                        frontline::fetch::Via::Cache => "cached",
                    };
                    writeln!(out, "{via:<9} {:>9} B  {}", page.body.len(), p.url)?;
                }
            }
            Err(e) => {
                if a.json {
                    let v = serde_json::json!({"url": p.url, "error": e.to_string()});
                    writeln!(out, "{v}")?;
                }
                writeln!(err, "frontline: warning: failed {e}")?;
            }
        }
    }
    out.flush()?;
    let mut c = g.counts();
    c.failed += src.problems.len();
    let line = fetch_line(&c);
    match &opts.cache {
        Some(d) => writeln!(err, "{line}; cache in {}", d.display())?,
        None => writeln!(err, "{line}; nothing cached (--no-cache)")?,
    }
    Ok(if c.failed > 0 { PARTIAL } else { OK })
}

fn eval(a: args::EvalArgs) -> Result<i32> {
    let g = load_gazetteer(&a.gazetteer)?;
    let published = a.published.as_deref().map(parse_date).transpose()?;
    let mut out = std::io::stdout().lock();
    if let Some(timeline) = a.timeline {
        use frontline::eval::timeline as tl;
        let cfg = tl::TimelineEvalConfig {
            gold: timeline,
            inputs: a.inputs,
            baseline: a.baseline.baseline,
            published,
        };
        let report = tl::evaluate(&cfg, &g)?;
        if a.json {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        } else {
            out.write_all(tl::render(&report).as_bytes())?;
        }
        out.flush()?;
        return Ok(if report.skipped.is_empty() {
            OK
        } else {
            PARTIAL
        });
    }
    if a.baseline.baseline.is_some() {
        bail!("--baseline only applies to --timeline evaluations");
    }
    let cfg = frontline::eval::EvalConfig {
        gold: a.gold.context("--gold or --timeline is needed")?,
        inputs: a.inputs,
        published,
    };
    let report = frontline::eval::evaluate(&cfg, &g)?;
    if a.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        out.write_all(frontline::eval::report::render(&report).as_bytes())?;
    }
    out.flush()?;
    Ok(if report.missing.is_empty() {
        OK
    } else {
        PARTIAL
    })
}

fn explain(a: args::ExplainArgs) -> Result<i32> {
    let g = load_gazetteer(&a.gazetteer)?;
    let published = a.published.as_deref().map(parse_date).transpose()?;
    let baseline = load_baseline(&a.baseline, &g)?;
    let src = sources(&a.inputs, &a.sources)?;
    let opts = fetch_options(&a.net)?;
    let (done, summary) = pipeline::read_sources(&src, &opts, published, &g, &|_| {});
    let mut err = std::io::stderr().lock();
    for w in &summary.warnings {
        writeln!(err, "frontline: warning: {w}")?;
    }
    if done.is_empty() {
        bail!("no articles could be read from the inputs given");
    }
    let run = pipeline::assemble(done, baseline.as_ref(), &g);
    let (place, also) = frontline::explain::find_place(&run, &g, &a.place)?;
    let e = frontline::explain::explain(&run, &g, place, also);
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &e)?;
        writeln!(out)?;
    } else {
        out.write_all(frontline::explain::render(&e).as_bytes())?;
    }
    out.flush()?;
    Ok(if summary.failed > 0 { PARTIAL } else { OK })
}

fn corpus(a: args::CorpusArgs) -> Result<i32> {
    let g = load_gazetteer(&a.gazetteer)?;
    let mut gen = frontline::corpus::Generator::new(&g, a.seed);
    let mut bytes = 0;
    if let Some(dir) = &a.out {
        for n in 0..a.articles {
            let art = gen.article(n);
            let text = art.to_file();
            bytes += text.len();
            let path = dir.join(format!("{}.txt", art.id));
            frontline::atomic::write(&path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    } else if let Some(file) = &a.jsonl {
        let mut lines = String::new();
        for n in 0..a.articles {
            let line = serde_json::to_string(&gen.article(n))?;
            bytes += line.len() + 1;
            lines.push_str(&line);
            lines.push('\n');
        }
        if file.as_os_str() == "-" {
            let mut out = std::io::stdout().lock();
            out.write_all(lines.as_bytes())?;
            out.flush()?;
        } else {
            frontline::atomic::write(file, lines.as_bytes())
                .with_context(|| format!("cannot write {}", file.display()))?;
        }
    }
    eprintln!(
        "frontline: {} synthetic articles, {:.1} MB, seed {}",
        a.articles,
        bytes as f64 / 1_048_576.0,
        a.seed
    );
    Ok(OK)
}

fn lookup(a: args::LookupArgs) -> Result<i32> {
    if !(0.0..=1.0).contains(&a.min_score) {
        bail!("--min-score must lie between 0 and 1");
    }
    let g = load_gazetteer(&a.gazetteer)?;
    let hits = gazetteer::lookup::lookup(&g, &a.name, a.limit, a.min_score);
    let mut out = std::io::stdout().lock();
    if a.json {
        for h in &hits {
            let p = h.place;
            let v = serde_json::json!({
                "id": p.id, "name": p.name, "name_ar": p.name_ar, "kind": p.kind,
                "governorate": p.governorate, "governorate_name": g.governorate_name(&p.governorate),
                "country": p.country, "lon": p.lon, "lat": p.lat, "population": p.population,
                "score": h.score, "matched": h.matched,
            });
            writeln!(out, "{v}")?;
        }
    } else {
        writeln!(
            out,
            "{:<18} {:<26} {:<13} {:<12} {:>9} {:>9} {:>6}  matched",
            "id", "name", "kind", "governorate", "lon", "lat", "score"
        )?;
        for h in &hits {
            let p = h.place;
            let gov = g
                .governorate_name(&p.governorate)
                .unwrap_or(if p.in_syria() { "" } else { &p.country });
            writeln!(
                out,
                "{:<18} {:<26} {:<13} {:<12} {:>9.4} {:>9.4} {:>6.3}  {}",
                p.id,
                p.name,
                p.kind.as_str(),
                gov,
                p.lon,
                p.lat,
                h.score,
                h.matched
            )?;
        }
    }
    if hits.is_empty() {
        eprintln!(
            "frontline: no place matches {:?} (try a lower --min-score)",
            a.name
        );
        return Ok(PARTIAL);
    }
    Ok(OK)
}

fn stats(a: args::StatsArgs) -> Result<i32> {
    let g = load_gazetteer(&a.gazetteer)?;
    let s = gazetteer::stats::stats(&g);
    let mut out = std::io::stdout().lock();
    if a.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?;
    } else {
        write!(out, "{}", gazetteer::stats::markdown(&g, &s))?;
    }
    Ok(OK)
}

fn build(a: args::BuildArgs) -> Result<i32> {
    let curated = a.curated.clone().unwrap_or_else(|| a.out.join("curated"));
    let built = gazetteer::build::build(&a.sources, &curated)?;
    gazetteer::build::write(&built, &a.out)?;
    let r = &built.report;
    let mut err = std::io::stderr().lock();
    for (src, n) in &r.added {
        writeln!(err, "added {n:>5} from {src}")?;
    }
    for (src, n) in &r.merged {
        writeln!(err, "merged {n:>4} from {src}")?;
    }
    for s in &r.skipped {
        writeln!(err, "skipped: {s}")?;
    }
    for w in &r.warnings {
        writeln!(err, "warning: {w}")?;
    }
    writeln!(
        err,
        "wrote {} places to {}",
        built.places.len(),
        a.out.join(gazetteer::files::PLACES).display()
    )?;
    Ok(OK)
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_error_names_each_cause_once() {
        let io = std::io::Error::from_raw_os_error(28);
        let layer = frontline::layers::LayerError::io(std::path::Path::new("out/claims.jsonl"), io);
        let e = anyhow::Error::new(layer).context("writing the layers");
        assert_eq!(
            super::message(&e),
            "writing the layers: out/claims.jsonl: No space left on device (os error 28)"
        );
    }
}
