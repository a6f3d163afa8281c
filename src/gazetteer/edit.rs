//! Scripted edits of a gazetteer folder: add, alias, set, remove, with a change log,
//! a backup and atomic writes.
//!
//! A patch file holds one operation per line, tab-separated:
//!
//! ```text
//! # comment
//! add     local:kafr-halab  name=Kafr Halab  kind=village  lat=36.21  lon=36.93  governorate=SY02  ar=كفر حلب  alias=Kfar Halab  source=Wikipedia: Kafr Halab
//! alias   geonames:167611   add=Maarrat an-Nouman  source=AFP style guide
//! alias   geonames:167611   remove=Maarrat an-Nouman  source=duplicate spelling
//! set     local:sheikh-aqil lat=36.245  lon=36.941  source=OpenStreetMap node 123
//! remove  local:old-entry   source=merged into geonames:170063
//! ```
//!
//! Every operation needs `source=`. Applying a patch twice changes nothing the second
//! time; a bad line is reported with its number and nothing is written.

use super::error::GazetteerError;
use super::model::{Kind, Place};
use super::tsv;
use std::path::{Path, PathBuf};

/// One edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Add a new place.
    Add(Place),
    /// Add or remove alternate names (Latin or Arabic, sorted by script).
    Alias {
        /// The place.
        id: String,
        /// Names to add.
        add: Vec<String>,
        /// Names to remove.
        remove: Vec<String>,
        /// Where the fact comes from.
        source: String,
    },
    /// Change fields of a place.
    Set {
        /// The place.
        id: String,
        /// `(field, value)` pairs: name, ar, kind, lat, lon, governorate, country, population, parent.
        fields: Vec<(String, String)>,
        /// Where the fact comes from.
        source: String,
    },
    /// Remove a place.
    Remove {
        /// The place.
        id: String,
        /// Why.
        source: String,
    },
}

impl Op {
    /// The id the operation concerns.
    pub fn id(&self) -> &str {
        match self {
            Op::Add(p) => &p.id,
            Op::Alias { id, .. } | Op::Set { id, .. } | Op::Remove { id, .. } => id,
        }
    }

    /// Where the fact comes from.
    pub fn source(&self) -> &str {
        match self {
            Op::Add(p) => &p.source,
            Op::Alias { source, .. } | Op::Set { source, .. } | Op::Remove { source, .. } => source,
        }
    }

    /// The operation's name: add, alias, set or remove.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Add(_) => "add",
            Op::Alias { .. } => "alias",
            Op::Set { .. } => "set",
            Op::Remove { .. } => "remove",
        }
    }
}

/// What one operation changed.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Change {
    /// add, alias, set, remove.
    pub op: String,
    /// The place.
    pub id: String,
    /// What changed, human-readable.
    pub detail: String,
    /// Where the fact comes from.
    pub source: String,
}

/// Applies one operation. Returns `None` when it changes nothing (already applied).
pub fn apply(places: &mut Vec<Place>, op: &Op) -> Result<Option<Change>, String> {
    let change = |detail: String| Change {
        op: op.name().into(),
        id: op.id().into(),
        detail,
        source: op.source().into(),
    };
    match op {
        // `add` never overwrites: an id that exists is left as it is (use `set` or `alias`),
        // which is what makes a patch safe to apply twice.
        Op::Add(p) => match places.iter().find(|x| x.id == p.id) {
            Some(_) => Ok(None),
            None => {
                places.push(p.clone());
                places.sort_by(|a, b| a.id.cmp(&b.id));
                Ok(Some(change(format!(
                    "{} ({}, {:.5} {:.5})",
                    p.name, p.kind, p.lon, p.lat
                ))))
            }
        },
        Op::Alias {
            id, add, remove, ..
        } => {
            let p = places
                .iter_mut()
                .find(|x| &x.id == id)
                .ok_or_else(|| format!("no place with id {id}"))?;
            let mut done = Vec::new();
            for n in add {
                let list = if crate::text::is_arabic_name(n) {
                    &mut p.alt_names_ar
                } else {
                    &mut p.alt_names
                };
                if n != &p.name && n != &p.name_ar && !list.contains(n) {
                    list.push(n.clone());
                    list.sort();
                    done.push(format!("+{n}"));
                }
            }
            for n in remove {
                let list = if crate::text::is_arabic_name(n) {
                    &mut p.alt_names_ar
                } else {
                    &mut p.alt_names
                };
                if let Some(i) = list.iter().position(|x| x == n) {
                    list.remove(i);
                    done.push(format!("-{n}"));
                }
            }
            Ok((!done.is_empty()).then(|| change(done.join(" "))))
        }
        Op::Set { id, fields, .. } => {
            let p = places
                .iter_mut()
                .find(|x| &x.id == id)
                .ok_or_else(|| format!("no place with id {id}"))?;
            let mut done = Vec::new();
            for (k, v) in fields {
                let old = get_field(p, k)?;
                // Numbers compare by value: lat=36.2120 is the same as 36.212.
                let v = &match k.as_str() {
                    "lat" | "lon" => tsv::fmt_coord(coord(v, k, 180.0)?),
                    _ => v.clone(),
                };
                if &old != v {
                    set_field(p, k, v)?;
                    done.push(format!("{k}: {old:?} -> {v:?}"));
                }
            }
            Ok((!done.is_empty()).then(|| change(done.join("; "))))
        }
        Op::Remove { id, .. } => match places.iter().position(|x| &x.id == id) {
            Some(i) => {
                let p = places.remove(i);
                Ok(Some(change(p.name)))
            }
            None => Ok(None),
        },
    }
}

/// Fields `set` can change.
pub const SETTABLE: [&str; 9] = [
    "name",
    "ar",
    "kind",
    "lat",
    "lon",
    "governorate",
    "country",
    "population",
    "parent",
];

fn get_field(p: &Place, k: &str) -> Result<String, String> {
    Ok(match k {
        "name" => p.name.clone(),
        "ar" => p.name_ar.clone(),
        "kind" => p.kind.to_string(),
        "lat" => tsv::fmt_coord(p.lat),
        "lon" => tsv::fmt_coord(p.lon),
        "governorate" => p.governorate.clone(),
        "country" => p.country.clone(),
        "population" => p.population.map(|n| n.to_string()).unwrap_or_default(),
        "parent" => p.parent.clone(),
        _ => {
            return Err(format!(
                "unknown field {k:?} (expected one of {})",
                SETTABLE.join(", ")
            ))
        }
    })
}

fn set_field(p: &mut Place, k: &str, v: &str) -> Result<(), String> {
    match k {
        "name" if v.trim().is_empty() => return Err("name cannot be empty".into()),
        "name" => p.name = v.into(),
        "ar" => p.name_ar = v.into(),
        "kind" => p.kind = v.parse()?,
        "lat" => p.lat = coord(v, "lat", 90.0)?,
        "lon" => p.lon = coord(v, "lon", 180.0)?,
        "governorate" => p.governorate = v.into(),
        "country" => p.country = v.into(),
        "population" if v.is_empty() => p.population = None,
        "population" => {
            p.population = Some(
                v.parse()
                    .map_err(|_| format!("population {v:?} is not a whole number"))?,
            )
        }
        "parent" => p.parent = v.into(),
        _ => {
            return Err(format!(
                "unknown field {k:?} (expected one of {})",
                SETTABLE.join(", ")
            ))
        }
    }
    Ok(())
}

fn coord(v: &str, what: &str, max: f64) -> Result<f64, String> {
    let x: f64 = v
        .parse()
        .map_err(|_| format!("{what} {v:?} is not a number"))?;
    if x.abs() > max || !x.is_finite() {
        return Err(format!("{what} {x} is out of range"));
    }
    Ok(x)
}

/// Builds an `add` operation from its fields (shared by the CLI and patch files).
#[allow(clippy::too_many_arguments)]
pub fn new_place(
    id: Option<&str>,
    name: &str,
    ar: &str,
    aliases: &[String],
    kind: &str,
    lat: &str,
    lon: &str,
    governorate: &str,
    country: &str,
    source: &str,
) -> Result<Place, String> {
    if name.trim().is_empty() {
        return Err("name is required".into());
    }
    if source.trim().is_empty() {
        return Err("source is required: say where the fact comes from".into());
    }
    let id = match id {
        Some(i) => i.to_string(),
        None => format!("local:{}", slug(name)),
    };
    if !tsv::valid_id(&id) {
        return Err(format!(
            "id {id:?} is not of the form geonames:NNN, ocha:PCODE or local:slug"
        ));
    }
    let kind: Kind = if kind.is_empty() {
        Kind::Village
    } else {
        kind.parse()?
    };
    let (alt_names_ar, mut alt_names): (Vec<String>, Vec<String>) = aliases
        .iter()
        .cloned()
        .partition(|a| crate::text::is_arabic_name(a));
    alt_names.sort();
    Ok(Place {
        id,
        name: name.trim().into(),
        name_ar: ar.trim().into(),
        kind,
        lon: coord(lon, "lon", 180.0)?,
        lat: coord(lat, "lat", 90.0)?,
        governorate: governorate.into(),
        country: if country.is_empty() {
            "SY".into()
        } else {
            country.into()
        },
        population: None,
        alt_names,
        alt_names_ar,
        parent: String::new(),
        source: source.trim().into(),
    })
}

/// A lower-case ASCII slug of a name (`Kafr Halab` → `kafr-halab`).
pub fn slug(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w: String = w
            .nfkd()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out
}

/// Parses a patch file. Every line is checked; the first bad one is reported with its number.
pub fn parse_patch(text: &str, path: &Path) -> Result<Vec<Op>, GazetteerError> {
    let mut ops = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let bad = |message: String| GazetteerError::Row {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let mut parts = line.split('\t').map(str::trim).filter(|p| !p.is_empty());
        let verb = parts.next().unwrap_or("");
        let id = parts
            .next()
            .ok_or_else(|| bad(format!("{verb}: missing id")))?;
        let mut kv: Vec<(String, String)> = Vec::new();
        for p in parts {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| bad(format!("{p:?} is not key=value")))?;
            kv.push((k.trim().to_string(), v.trim().to_string()));
        }
        let one = |k: &str| {
            kv.iter()
                .rev()
                .find(|(x, _)| x == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        let many = |k: &str| {
            kv.iter()
                .filter(|(x, _)| x == k)
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        let source = one("source").to_string();
        if source.is_empty() {
            return Err(bad(format!("{verb} {id}: source= is required")));
        }
        let op = match verb {
            "add" => {
                for (k, _) in &kv {
                    if ![
                        "name",
                        "ar",
                        "alias",
                        "kind",
                        "lat",
                        "lon",
                        "governorate",
                        "country",
                        "source",
                    ]
                    .contains(&k.as_str())
                    {
                        return Err(bad(format!("add: unknown key {k:?}")));
                    }
                }
                Op::Add(
                    new_place(
                        Some(id),
                        one("name"),
                        one("ar"),
                        &many("alias"),
                        one("kind"),
                        one("lat"),
                        one("lon"),
                        one("governorate"),
                        one("country"),
                        &source,
                    )
                    .map_err(bad)?,
                )
            }
            "alias" => {
                let (add, remove) = (many("add"), many("remove"));
                if add.is_empty() && remove.is_empty() {
                    return Err(bad("alias: give add=NAME or remove=NAME".into()));
                }
                Op::Alias {
                    id: id.into(),
                    add,
                    remove,
                    source,
                }
            }
            "set" => {
                let fields: Vec<(String, String)> =
                    kv.iter().filter(|(k, _)| k != "source").cloned().collect();
                for (k, _) in &fields {
                    if !SETTABLE.contains(&k.as_str()) {
                        return Err(bad(format!(
                            "set: unknown field {k:?} (expected one of {})",
                            SETTABLE.join(", ")
                        )));
                    }
                }
                Op::Set {
                    id: id.into(),
                    fields,
                    source,
                }
            }
            "remove" => Op::Remove {
                id: id.into(),
                source,
            },
            v => {
                return Err(bad(format!(
                    "unknown operation {v:?} (expected add, alias, set or remove)"
                )))
            }
        };
        ops.push(op);
    }
    Ok(ops)
}

/// Applies operations to a copy of the places; on the first failure nothing is changed.
pub fn apply_all(
    places: &[Place],
    ops: &[Op],
    path: &Path,
) -> Result<(Vec<Place>, Vec<Change>), GazetteerError> {
    let mut out = places.to_vec();
    let mut changes = Vec::new();
    for (n, op) in ops.iter().enumerate() {
        match apply(&mut out, op) {
            Ok(Some(c)) => changes.push(c),
            Ok(None) => {}
            Err(message) => {
                return Err(GazetteerError::File {
                    path: path.to_path_buf(),
                    message: format!("operation {} ({} {}): {message}", n + 1, op.name(), op.id()),
                })
            }
        }
    }
    Ok((out, changes))
}

/// A writable gazetteer folder.
pub struct Folder {
    /// The folder.
    pub dir: PathBuf,
}

impl Folder {
    /// The places file.
    pub fn places_path(&self) -> PathBuf {
        self.dir.join(super::files::PLACES)
    }

    /// The backup of the places file taken before the last write.
    pub fn backup_path(&self) -> PathBuf {
        self.dir.join("places.tsv.bak")
    }

    /// The change log.
    pub fn log_path(&self) -> PathBuf {
        self.dir.join("changes.tsv")
    }

    /// Reads the places (duplicate ids are reported, not fatal, so `validate` can see them).
    pub fn read(&self) -> Result<Vec<Place>, GazetteerError> {
        let p = self.places_path();
        let text = std::fs::read_to_string(&p).map_err(|e| GazetteerError::io(&p, e))?;
        tsv::parse_places(&text, &p)
    }

    /// Writes the places atomically after backing up the old file, and logs the changes.
    pub fn write(&self, places: &[Place], changes: &[Change]) -> Result<(), GazetteerError> {
        if changes.is_empty() {
            return Ok(());
        }
        let p = self.places_path();
        if p.exists() {
            std::fs::copy(&p, self.backup_path())
                .map_err(|e| GazetteerError::io(self.backup_path(), e))?;
        }
        let mut sorted = places.to_vec();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        crate::atomic::write(&p, tsv::write_places(&sorted).as_bytes())
            .map_err(|e| GazetteerError::io(&p, e))?;
        self.log(changes)
    }

    /// Appends changes to `changes.tsv` (date, op, id, detail, source).
    pub fn log(&self, changes: &[Change]) -> Result<(), GazetteerError> {
        use std::io::Write;
        let p = self.log_path();
        let new = !p.exists();
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&p)
            .map_err(|e| GazetteerError::io(&p, e))?;
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut s = String::new();
        if new {
            s.push_str("date\top\tid\tdetail\tsource\n");
        }
        for c in changes {
            let clean = |x: &str| x.replace(['\t', '\n'], " ");
            s.push_str(&format!(
                "{now}\t{}\t{}\t{}\t{}\n",
                c.op,
                c.id,
                clean(&c.detail),
                clean(&c.source)
            ));
        }
        f.write_all(s.as_bytes())
            .map_err(|e| GazetteerError::io(&p, e))
    }

    /// Restores the places file from the backup taken before the last write.
    pub fn undo(&self) -> Result<(), GazetteerError> {
        let b = self.backup_path();
        let text = std::fs::read_to_string(&b).map_err(|e| GazetteerError::io(&b, e))?;
        tsv::parse_places(&text, &b)?;
        crate::atomic::write(&self.places_path(), text.as_bytes())
            .map_err(|e| GazetteerError::io(self.places_path(), e))?;
        std::fs::remove_file(&b).map_err(|e| GazetteerError::io(&b, e))?;
        self.log(&[Change {
            op: "undo".into(),
            id: String::new(),
            detail: "restored places.tsv.bak".into(),
            source: "frontline gazetteer undo".into(),
        }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &str = "# test\nadd\tlocal:kafr-halab\tname=Kafr Halab\tkind=village\tlat=36.21\tlon=36.93\tgovernorate=SY02\tar=كفر حلب\talias=Kfar Halab\tsource=test\nalias\tlocal:kafr-halab\tadd=Kafr Halab al-Gharbiya\tsource=test\nset\tlocal:kafr-halab\tlat=36.22\tsource=test\n";

    #[test]
    fn a_patch_applies_once() {
        let ops = parse_patch(PATCH, Path::new("p")).unwrap();
        assert_eq!(ops.len(), 3);
        let (once, changes) = apply_all(&[], &ops, Path::new("p")).unwrap();
        assert_eq!(changes.len(), 3);
        assert_eq!(once[0].lat, 36.22);
        assert_eq!(once[0].alt_names, ["Kafr Halab al-Gharbiya", "Kfar Halab"]);
        let (twice, changes) = apply_all(&once, &ops, Path::new("p")).unwrap();
        assert!(changes.is_empty());
        assert_eq!(once, twice);
    }

    #[test]
    fn bad_lines_name_their_number() {
        for (text, want) in [
            (
                "add\tlocal:x\tname=X\tlat=1\tlon=2\n",
                ":1: add local:x: source= is required",
            ),
            (
                "\n\nfrob\tlocal:x\tsource=s\n",
                ":3: unknown operation \"frob\"",
            ),
            (
                "set\tlocal:x\tcolour=red\tsource=s\n",
                ":1: set: unknown field \"colour\"",
            ),
            (
                "add\tlocal:x\tname=X\tlat=95\tlon=2\tsource=s\n",
                ":1: lat 95 is out of range",
            ),
            (
                "add\tX Y\tname=X\tlat=1\tlon=2\tsource=s\n",
                ":1: id \"X Y\" is not of the form",
            ),
        ] {
            let e = parse_patch(text, Path::new("p.patch"))
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{e}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Kafr Ḥalab"), "kafr-halab");
        assert_eq!(slug("Tall ‘Aran"), "tall-aran");
    }
}
