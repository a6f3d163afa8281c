//! The `frontline gazetteer` commands that edit, import, check and compare gazetteer folders.

use super::args::{self, WriteFlags};
use super::{load_gazetteer, OK, PARTIAL};
use anyhow::{bail, Context, Result};
use frontline::gazetteer::edit::{self, Change, Folder, Op};
use frontline::gazetteer::import::{self, ImportOptions, Mapping};
use frontline::gazetteer::{self, files, validate::Severity, Gazetteer, Place};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder a write command changes: `--gazetteer` is required, the built-in copy is read-only.
fn folder(flag: &Option<PathBuf>) -> Result<Folder> {
    let Some(dir) = flag else {
        bail!("this command changes a gazetteer folder: give --gazetteer PATH (make one with `frontline gazetteer init PATH`)");
    };
    if !dir.join(files::PLACES).is_file() {
        bail!(
            "{} has no {}: make one with `frontline gazetteer init {}`",
            dir.display(),
            files::PLACES,
            dir.display()
        );
    }
    Ok(Folder { dir: dir.clone() })
}

/// Prints changes (a line each, or JSON) and writes them unless `--dry-run`.
fn commit(
    f: &Folder,
    w: &WriteFlags,
    places: &[Place],
    changes: &[Change],
    extra: Option<serde_json::Value>,
) -> Result<i32> {
    let mut out = std::io::stdout().lock();
    if w.json {
        let v = serde_json::json!({"dry_run": w.dry_run, "changes": changes, "report": extra});
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        for c in changes {
            writeln!(
                out,
                "{} {} {}{}",
                c.op,
                c.id,
                c.detail,
                if c.source.is_empty() {
                    String::new()
                } else {
                    format!("  [source: {}]", c.source)
                }
            )?;
        }
    }
    let verb = if w.dry_run { "would change" } else { "changed" };
    eprintln!(
        "frontline: {verb} {} place(s) in {}",
        changes.len(),
        f.places_path().display()
    );
    if !w.dry_run {
        f.write(places, changes)?;
        // The result must still load.
        Gazetteer::from_dir(&f.dir)
            .with_context(|| format!("{} no longer loads after the change", f.dir.display()))?;
    }
    Ok(OK)
}

fn run_ops(w: &WriteFlags, ops: &[Op], origin: &Path) -> Result<i32> {
    let f = folder(&w.gazetteer)?;
    let places = f.read()?;
    let (places, changes) = edit::apply_all(&places, ops, origin)?;
    commit(&f, w, &places, &changes, None)
}

pub fn init(a: args::InitArgs) -> Result<i32> {
    if a.dir.join(files::PLACES).exists() {
        bail!("{} already holds a gazetteer", a.dir.display());
    }
    let g = Gazetteer::bundled()?;
    let write = |rel: &str, text: String| -> Result<()> {
        let p = a.dir.join(rel);
        frontline::atomic::write(&p, text.as_bytes()).with_context(|| p.display().to_string())
    };
    write(files::PLACES, gazetteer::tsv::write_places(&g.places))?;
    write(
        files::NONPLACES,
        gazetteer::bundled_file(files::NONPLACES).to_string(),
    )?;
    write(
        files::COUNTRY,
        gazetteer::bundled_file(files::COUNTRY).to_string(),
    )?;
    write(
        files::GOVERNORATES,
        gazetteer::bundled_file(files::GOVERNORATES).to_string(),
    )?;
    eprintln!(
        "frontline: wrote the bundled gazetteer ({} places) to {}",
        g.places.len(),
        a.dir.display()
    );
    Ok(OK)
}

pub fn add(a: args::AddArgs) -> Result<i32> {
    let mut p = edit::new_place(
        a.id.as_deref(),
        &a.name,
        &a.ar,
        &a.aliases,
        &a.kind,
        &a.lat,
        &a.lon,
        &a.governorate,
        &a.country,
        &a.source,
    )
    .map_err(anyhow::Error::msg)?;
    let f = folder(&a.write.gazetteer)?;
    let g = Gazetteer::from_dir(&f.dir)?;
    if p.in_syria() && p.governorate.is_empty() {
        p.governorate = g
            .boundaries
            .governorate_at(p.lon, p.lat)
            .map(|x| x.code.clone())
            .unwrap_or_default();
    }
    if g.get(&p.id).is_some() {
        bail!(
            "{} already exists: use `gazetteer alias` or a `set` line in a patch to change it",
            p.id
        );
    }
    let (places, changes) = edit::apply_all(&g.places, &[Op::Add(p)], Path::new("add"))?;
    commit(&f, &a.write, &places, &changes, None)
}

pub fn alias(a: args::AliasArgs) -> Result<i32> {
    if a.add.is_empty() && a.remove.is_empty() {
        bail!("give --add NAME or --remove NAME");
    }
    let op = Op::Alias {
        id: a.id,
        add: a.add,
        remove: a.remove,
        source: a.source,
    };
    run_ops(&a.write, &[op], Path::new("alias"))
}

pub fn remove(a: args::RemoveArgs) -> Result<i32> {
    let f = folder(&a.write.gazetteer)?;
    let places = f.read()?;
    if !places.iter().any(|x| x.id == a.id) {
        bail!("no place with id {}", a.id);
    }
    let op = Op::Remove {
        id: a.id,
        source: a.source,
    };
    let (places, changes) = edit::apply_all(&places, &[op], Path::new("remove"))?;
    commit(&f, &a.write, &places, &changes, None)
}

pub fn apply(a: args::ApplyArgs) -> Result<i32> {
    let text = std::fs::read_to_string(&a.patch).with_context(|| a.patch.display().to_string())?;
    let ops = edit::parse_patch(&text, &a.patch)?;
    run_ops(&a.write, &ops, &a.patch)
}

pub fn undo(a: args::UndoArgs) -> Result<i32> {
    let f = folder(&a.gazetteer)?;
    f.undo()?;
    eprintln!(
        "frontline: restored {} from {}",
        f.places_path().display(),
        f.backup_path().display()
    );
    Ok(OK)
}

fn options(
    s: &args::ImportFlags,
    format: import::Format,
    default_source: String,
) -> Result<ImportOptions> {
    Ok(ImportOptions {
        format,
        mapping: Mapping::parse(&s.map).map_err(anyhow::Error::msg)?,
        country: s.country.clone(),
        merge_km: s.merge_km,
        id_prefix: s.id_prefix.clone(),
        default_kind: s.kind.parse().map_err(anyhow::Error::msg)?,
        source: s.source.clone().unwrap_or(default_source),
    })
}

fn import_text(
    w: &WriteFlags,
    text: &str,
    origin: &Path,
    o: &ImportOptions,
    mut log: Vec<Change>,
) -> Result<i32> {
    let f = folder(&w.gazetteer)?;
    let g = Gazetteer::from_dir(&f.dir)?;
    let mut places = f.read()?;
    let report = import::import(&mut places, text, origin, &g.boundaries, o)?;
    eprintln!(
        "frontline: {} rows read: {} added, {} updated, {} merged into existing places, {} unchanged, {} skipped",
        report.rows,
        report.added,
        report.updated,
        report.merged,
        report.unchanged,
        report.skipped.len()
    );
    for s in &report.skipped {
        eprintln!("frontline: skipped {s}");
    }
    log.extend(report.changes.iter().cloned());
    let summary = serde_json::json!({"rows": report.rows, "added": report.added, "updated": report.updated, "merged": report.merged, "unchanged": report.unchanged, "skipped": report.skipped});
    if report.changes.is_empty() {
        // Nothing to write, but a fetch is still worth a line in the log.
        if !w.dry_run && !log.is_empty() {
            f.log(&log)?;
        }
        return commit(&f, w, &places, &[], Some(summary));
    }
    commit(&f, w, &places, &log, Some(summary))
}

pub fn import(a: args::ImportArgs) -> Result<i32> {
    let name = a
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let o = options(&a.source, a.format, format!("import of {name}"))?;
    let text = import::read_source(&a.file)?;
    import_text(&a.write, &text, &a.file, &o, Vec::new())
}

pub fn fetch(a: args::FetchArgs) -> Result<i32> {
    folder(&a.write.gazetteer)?;
    let url = a
        .url
        .clone()
        .unwrap_or_else(|| gazetteer::fetch::default_url(&a.source.country));
    eprintln!("frontline: downloading {url}");
    let got = gazetteer::fetch::fetch(&url)?;
    eprintln!(
        "frontline: {} bytes, sha256 {}",
        got.bytes.len(),
        got.sha256
    );
    let o = options(
        &a.source,
        a.format,
        format!("fetch of {url} at {} (sha256 {})", got.at, got.sha256),
    )?;
    let text = import::decode_source(&got.bytes, Path::new(&url))?;
    let fetched = Change {
        op: "fetch".into(),
        id: String::new(),
        detail: format!("{} bytes, sha256 {}", got.bytes.len(), got.sha256),
        source: url.clone(),
    };
    import_text(&a.write, &text, Path::new(&url), &o, vec![fetched])
}

pub fn validate(a: args::ValidateArgs) -> Result<i32> {
    let (places, bounds) = match &a.gazetteer.gazetteer {
        Some(dir) => (
            Folder { dir: dir.clone() }.read()?,
            Gazetteer::from_dir(dir)
                .map(|g| g.boundaries)
                .or_else(|_| Gazetteer::bundled().map(|g| g.boundaries))?,
        ),
        None => {
            let g = Gazetteer::bundled()?;
            (g.places, g.boundaries)
        }
    };
    let findings = gazetteer::validate::validate(&places, &bounds);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let mut out = std::io::stdout().lock();
    for f in &findings {
        if a.json {
            writeln!(out, "{}", serde_json::to_string(f)?)?;
        } else if f.severity == Severity::Error || a.warnings {
            writeln!(
                out,
                "{:?}: {}: {}: {}",
                f.severity, f.check, f.id, f.message
            )?;
        }
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in &findings {
        *counts.entry(f.check).or_default() += 1;
    }
    eprintln!(
        "frontline: {} places checked: {errors} errors, {} warnings {counts:?}",
        places.len(),
        findings.len() - errors
    );
    Ok(if errors > 0 { PARTIAL } else { OK })
}

pub fn diff(a: args::DiffArgs) -> Result<i32> {
    let read = |d: &PathBuf| Folder { dir: d.clone() }.read();
    let d = gazetteer::diff::diff(&read(&a.a)?, &read(&a.b)?);
    let mut out = std::io::stdout().lock();
    for x in &d {
        if a.json {
            writeln!(out, "{}", serde_json::to_string(x)?)?;
            continue;
        }
        match x {
            gazetteer::diff::Difference::Added { id, name } => writeln!(out, "+ {id} {name}")?,
            gazetteer::diff::Difference::Removed { id, name } => writeln!(out, "- {id} {name}")?,
            gazetteer::diff::Difference::Changed { id, fields } => {
                for (k, u, v) in fields {
                    writeln!(out, "~ {id} {k}: {u:?} -> {v:?}")?;
                }
            }
        }
    }
    eprintln!("frontline: {} difference(s)", d.len());
    Ok(if d.is_empty() { OK } else { PARTIAL })
}

pub fn export(a: args::ExportArgs) -> Result<i32> {
    let g = load_gazetteer(&a.gazetteer)?;
    let text = gazetteer::export::geojson(&g.places);
    match &a.out {
        Some(p) => {
            frontline::atomic::write(p, text.as_bytes()).with_context(|| p.display().to_string())?
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(OK)
}
