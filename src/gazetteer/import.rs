//! Importing places into a gazetteer: GeoNames dumps and alternate names, OCHA/HDX
//! populated-places CSV, any CSV with a column mapping, and GeoJSON points.
//!
//! Incoming places merge by id first, then by name within a distance, so re-importing a
//! source or importing an overlapping one does not duplicate places.

use super::boundary::Boundaries;
use super::edit::{slug, Change};
use super::error::GazetteerError;
use super::model::{Kind, Place};
use crate::text::name_key;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// The kinds of file `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A GeoNames country dump (SY.txt, SY.zip) or allCountries filtered by `--country`.
    Geonames,
    /// The GeoNames alternateNames file (alternateNamesV2.txt or .zip): names for known ids.
    AlternateNames,
    /// An OCHA/HDX populated-places (communities) CSV with P-codes.
    Ocha,
    /// Any CSV, with `--map` naming its columns.
    Csv,
    /// A GeoJSON FeatureCollection of points.
    Geojson,
}

/// Which column or property holds each field (`--map name=ADM4_EN,lat=y,...`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    fields: HashMap<String, String>,
}

/// Fields a mapping may name.
pub const MAPPABLE: [&str; 9] = [
    "id",
    "name",
    "ar",
    "alias",
    "kind",
    "lat",
    "lon",
    "governorate",
    "population",
];

impl Mapping {
    /// Parses `name=COL,lat=COL,...`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut fields = HashMap::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("--map entry {part:?} is not field=column"))?;
            if !MAPPABLE.contains(&k.trim()) {
                return Err(format!(
                    "--map field {k:?} is not one of {}",
                    MAPPABLE.join(", ")
                ));
            }
            fields.insert(k.trim().to_string(), v.trim().to_string());
        }
        Ok(Mapping { fields })
    }

    fn with_defaults(mut self, defaults: &[(&str, &str)]) -> Self {
        for (k, v) in defaults {
            self.fields
                .entry(k.to_string())
                .or_insert_with(|| v.to_string());
        }
        self
    }

    fn get(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str)
    }
}

/// Options of an import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// What the file is.
    pub format: Format,
    /// Column mapping (CSV, GeoJSON; overrides OCHA defaults).
    pub mapping: Mapping,
    /// Keep only rows of this ISO country code (GeoNames dumps).
    pub country: String,
    /// Merge an incoming place into an existing one with a shared name within this distance.
    pub merge_km: f64,
    /// Prefix for ids made up from names (CSV and GeoJSON rows without an id).
    pub id_prefix: String,
    /// Kind for rows that give none.
    pub default_kind: Kind,
    /// Recorded as the source of every change.
    pub source: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ImportReport {
    /// Rows read.
    pub rows: usize,
    /// New places.
    pub added: usize,
    /// Existing places (same id) whose names or coordinates changed.
    pub updated: usize,
    /// Incoming places folded into an existing place with a shared name nearby.
    pub merged: usize,
    /// Rows that changed nothing.
    pub unchanged: usize,
    /// Rows left out, with the reason.
    pub skipped: Vec<String>,
    /// Every change, for the log.
    pub changes: Vec<Change>,
}

/// Reads a file's bytes; a `.zip` yields its first `.txt`/`.csv`/`.geojson` member that is not a readme.
pub fn read_source(path: &Path) -> Result<String, GazetteerError> {
    let bytes = std::fs::read(path).map_err(|e| GazetteerError::io(path, e))?;
    decode_source(&bytes, path)
}

/// Like [`read_source`], for bytes already in memory (`path` names them in errors).
pub fn decode_source(bytes: &[u8], path: &Path) -> Result<String, GazetteerError> {
    let bad = |message: String| GazetteerError::File {
        path: path.to_path_buf(),
        message,
    };
    let data = if bytes.starts_with(b"PK\x03\x04") {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| bad(format!("not a readable zip: {e}")))?;
        let name = (0..z.len())
            .filter_map(|i| z.by_index(i).ok().map(|f| f.name().to_string()))
            .find(|n| {
                let l = n.to_lowercase();
                !l.contains("readme")
                    && (l.ends_with(".txt")
                        || l.ends_with(".csv")
                        || l.ends_with(".tsv")
                        || l.ends_with(".geojson"))
            })
            .ok_or_else(|| bad("the zip holds no .txt, .csv or .geojson file".into()))?;
        let mut f = z.by_name(&name).map_err(|e| bad(e.to_string()))?;
        let mut out = Vec::new();
        f.read_to_end(&mut out)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        out
    } else {
        bytes.to_vec()
    };
    String::from_utf8(data).map_err(|e| {
        bad(format!(
            "not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The kind of a GeoNames row from its feature class and code; `None` for rows left out
/// (abandoned, historical or destroyed places, and features that are no places).
pub fn geonames_kind(class: &str, code: &str, population: u64) -> Option<Kind> {
    Some(match (class, code) {
        ("P", "PPLH" | "PPLQ" | "PPLW" | "PPLCH") => return None,
        ("P", "PPLX") => Kind::Neighbourhood,
        ("P", "PPLC" | "PPLA") => Kind::City,
        ("P", _) if population >= 100_000 => Kind::City,
        ("P", "PPLA2" | "PPLA3") => Kind::Town,
        // Rows of the newer snapshot without a feature code are seats of subdistricts or more.
        ("P", "") if population == 0 => Kind::Town,
        ("P", _) if population >= 10_000 => Kind::Town,
        ("P", _) => Kind::Village,
        (
            "S",
            "AIRB" | "AIRF" | "AIRP" | "AIRQ" | "MILB" | "CSTL" | "UNIV" | "FT" | "CMP" | "DAM",
        ) => Kind::Site,
        ("T", "HLL" | "HLLS" | "MT" | "PASS") => Kind::Site,
        _ => return None,
    })
}

/// Parses incoming places from file text.
fn parse(
    text: &str,
    path: &Path,
    o: &ImportOptions,
    report: &mut ImportReport,
) -> Result<Vec<Place>, GazetteerError> {
    match o.format {
        Format::Geonames => parse_geonames(text, path, o, report),
        Format::Ocha | Format::Csv => parse_csv(text, path, o, report),
        Format::Geojson => parse_geojson(text, path, o, report),
        Format::AlternateNames => unreachable!("alternate names are not places"),
    }
}

fn parse_geonames(
    text: &str,
    path: &Path,
    o: &ImportOptions,
    report: &mut ImportReport,
) -> Result<Vec<Place>, GazetteerError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        report.rows += 1;
        if f.len() >= 9 && !o.country.is_empty() && f[8] != o.country {
            continue;
        }
        let source = format!("GeoNames {} ({}), CC BY 4.0", f[0], o.source);
        let place = geonames_place(&f, source).map_err(|message| GazetteerError::Row {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        })?;
        out.extend(place);
    }
    Ok(out)
}

/// A place from the 19 fields of a GeoNames dump row; `None` for rows that are no places
/// we keep ([`geonames_kind`]). The governorate is left for the caller to set.
pub fn geonames_place(f: &[&str], source: String) -> Result<Option<Place>, String> {
    if f.len() < 19 {
        return Err(format!(
            "{} fields, expected the 19 of a GeoNames dump",
            f.len()
        ));
    }
    let population: u64 = f[14].parse().unwrap_or(0);
    let Some(kind) = geonames_kind(f[6], f[7], population) else {
        return Ok(None);
    };
    let num = |s: &str, what: &str| {
        s.parse::<f64>()
            .map_err(|_| format!("{what} {s:?} is not a number"))
    };
    let names: Vec<&str> = f[3]
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let ar: Vec<String> = names
        .iter()
        .filter(|n| crate::text::is_arabic_name(n))
        .map(|n| n.to_string())
        .collect();
    Ok(Some(Place {
        id: format!("geonames:{}", f[0]),
        name: if f[2].is_empty() {
            f[1].to_string()
        } else {
            f[2].replace('`', "'")
        },
        name_ar: ar.first().cloned().unwrap_or_default(),
        kind,
        lon: num(f[5], "longitude")?,
        lat: num(f[4], "latitude")?,
        governorate: String::new(),
        country: f[8].to_string(),
        population: (population > 0).then_some(population),
        alt_names: std::iter::once(f[1].to_string())
            .chain(
                names
                    .iter()
                    .filter(|n| crate::text::is_latin_name(n))
                    .map(|n| n.to_string()),
            )
            .collect(),
        alt_names_ar: ar.into_iter().skip(1).collect(),
        parent: String::new(),
        source,
    }))
}

fn parse_csv(
    text: &str,
    path: &Path,
    o: &ImportOptions,
    report: &mut ImportReport,
) -> Result<Vec<Place>, GazetteerError> {
    let delimiter = if text.lines().next().is_some_and(|h| h.contains('\t')) {
        b'\t'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| GazetteerError::Row {
            path: path.to_path_buf(),
            line: 1,
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let find = |cands: &[&str]| {
        cands
            .iter()
            .find_map(|c| header.iter().find(|h| h.eq_ignore_ascii_case(c)).cloned())
    };
    let mapping = if o.format == Format::Ocha {
        // HDX COD names (admin4Name_en, ADM4_EN, ...); --map overrides.
        let mut defaults: Vec<(&str, String)> = Vec::new();
        let guesses: [(&str, &[&str]); 6] = [
            (
                "name",
                &[
                    "admin4Name_en",
                    "ADM4_EN",
                    "featureName",
                    "name_en",
                    "Name_En",
                    "LOC_NAME_EN",
                    "name",
                ],
            ),
            (
                "ar",
                &[
                    "admin4Name_ar",
                    "ADM4_AR",
                    "name_ar",
                    "Name_Ar",
                    "LOC_NAME_AR",
                ],
            ),
            (
                "id",
                &[
                    "admin4Pcode",
                    "ADM4_PCODE",
                    "pcode",
                    "P_Code",
                    "admin4_pcode",
                ],
            ),
            ("lat", &["latitude", "lat", "y", "Latitude", "Y"]),
            ("lon", &["longitude", "lon", "long", "x", "Longitude", "X"]),
            (
                "governorate",
                &["admin1Pcode", "ADM1_PCODE", "admin1_pcode"],
            ),
        ];
        for (k, cands) in guesses {
            if let Some(h) = find(cands) {
                defaults.push((k, h));
            }
        }
        let d: Vec<(&str, &str)> = defaults.iter().map(|(k, v)| (*k, v.as_str())).collect();
        o.mapping.clone().with_defaults(&d)
    } else {
        o.mapping.clone()
    };
    for need in ["name", "lat", "lon"] {
        let col = mapping.get(need).ok_or_else(|| GazetteerError::File {
            path: path.to_path_buf(),
            message: format!(
                "no column for {need}: give --map {need}=COLUMN (columns: {})",
                header.join(", ")
            ),
        })?;
        if !header.iter().any(|h| h == col) {
            return Err(GazetteerError::Row {
                path: path.to_path_buf(),
                line: 1,
                message: format!("no column {col:?} (columns: {})", header.join(", ")),
            });
        }
    }
    let idx = |field: &str| {
        mapping
            .get(field)
            .and_then(|c| header.iter().position(|h| h == c))
    };
    let mut out = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| GazetteerError::Row {
            path: path.to_path_buf(),
            line,
            message: e.to_string(),
        })?;
        report.rows += 1;
        let get = |field: &str| {
            idx(field)
                .and_then(|j| rec.get(j))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let fields = [
            ("id", get("id")),
            ("name", get("name")),
            ("ar", get("ar")),
            ("kind", get("kind")),
            ("lat", get("lat")),
            ("lon", get("lon")),
            ("governorate", get("governorate")),
            ("population", get("population")),
            ("alias", get("alias")),
        ];
        out.push(
            row_place(&fields, o).map_err(|message| GazetteerError::Row {
                path: path.to_path_buf(),
                line,
                message,
            })?,
        );
    }
    Ok(out)
}

fn row_place(fields: &[(&str, String)], o: &ImportOptions) -> Result<Place, String> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(f, _)| *f == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let name = get("name");
    if name.is_empty() {
        return Err("empty name".into());
    }
    let raw_id = get("id");
    let id = if raw_id.is_empty() {
        format!("{}{}", o.id_prefix, slug(name))
    } else if raw_id.contains(':') {
        raw_id.to_string()
    } else if o.format == Format::Ocha {
        format!("ocha:{raw_id}")
    } else {
        format!("{}{}", o.id_prefix, slug(raw_id))
    };
    if !super::tsv::valid_id(&id) {
        return Err(format!(
            "id {id:?} is not of the form geonames:NNN, ocha:PCODE or local:slug"
        ));
    }
    let num = |k: &str| -> Result<f64, String> {
        get(k)
            .parse::<f64>()
            .map_err(|_| format!("{k} {:?} is not a number", get(k)))
    };
    let (lat, lon) = (num("lat")?, num("lon")?);
    if lat.abs() > 90.0 || lon.abs() > 180.0 {
        return Err(format!("coordinates {lat}, {lon} are out of range"));
    }
    let kind = match get("kind") {
        "" => o.default_kind,
        k => k.parse()?,
    };
    let aliases: Vec<String> = get("alias")
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect();
    Ok(Place {
        id,
        name: name.to_string(),
        name_ar: get("ar").to_string(),
        kind,
        lon,
        lat,
        governorate: get("governorate").to_string(),
        country: "SY".into(),
        population: get("population")
            .parse::<f64>()
            .ok()
            .map(|p| p as u64)
            .filter(|&p| p > 0),
        alt_names: aliases
            .iter()
            .filter(|a| !crate::text::is_arabic_name(a))
            .cloned()
            .collect(),
        alt_names_ar: aliases
            .iter()
            .filter(|a| crate::text::is_arabic_name(a))
            .cloned()
            .collect(),
        parent: String::new(),
        source: o.source.clone(),
    })
}

fn parse_geojson(
    text: &str,
    path: &Path,
    o: &ImportOptions,
    report: &mut ImportReport,
) -> Result<Vec<Place>, GazetteerError> {
    let bad = |message: String| GazetteerError::File {
        path: path.to_path_buf(),
        message,
    };
    let fc = super::parse_feature_collection(text, path)?;
    let m = o.mapping.clone().with_defaults(&[
        ("id", "id"),
        ("name", "name"),
        ("ar", "name_ar"),
        ("kind", "kind"),
        ("alias", "alt_names"),
        ("governorate", "governorate"),
        ("population", "population"),
    ]);
    let mut out = Vec::new();
    for (i, f) in fc.features.iter().enumerate() {
        report.rows += 1;
        let bad_feature = |message: String| bad(format!("feature {i}: {message}"));
        let Some(geojson::GeometryValue::Point { coordinates }) =
            f.geometry.as_ref().map(|g| &g.value)
        else {
            report.skipped.push(format!("feature {i}: not a point"));
            continue;
        };
        let prop = |field: &str| -> String {
            m.get(field)
                .and_then(|k| f.property(k))
                .map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    v => v.to_string(),
                })
                .unwrap_or_default()
        };
        let fields = [
            ("id", prop("id")),
            ("name", prop("name")),
            ("ar", prop("ar")),
            ("kind", prop("kind")),
            ("lat", coordinates[1].to_string()),
            ("lon", coordinates[0].to_string()),
            ("governorate", prop("governorate")),
            ("population", prop("population")),
            ("alias", prop("alias")),
        ];
        out.push(row_place(&fields, o).map_err(bad_feature)?);
    }
    Ok(out)
}

/// Imports a file's places into `places`.
pub fn import(
    places: &mut Vec<Place>,
    text: &str,
    path: &Path,
    bounds: &Boundaries,
    o: &ImportOptions,
) -> Result<ImportReport, GazetteerError> {
    let mut report = ImportReport::default();
    if o.format == Format::AlternateNames {
        alternate_names(places, text, path, o, &mut report)?;
        return Ok(report);
    }
    let incoming = parse(text, path, o, &mut report)?;
    let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        for n in p.all_names() {
            keys.entry(name_key(n)).or_default().push(i);
        }
    }
    let mut by_id: HashMap<String, usize> = places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    for mut p in incoming {
        if p.country == "SY" && p.governorate.is_empty() {
            p.governorate = bounds
                .governorate_at(p.lon, p.lat)
                .map(|a| a.code.clone())
                .unwrap_or_default();
        }
        let change = |op: &str, id: &str, detail: String| Change {
            op: op.into(),
            id: id.into(),
            detail,
            source: o.source.clone(),
        };
        if let Some(&i) = by_id.get(&p.id) {
            let detail = merge_into(&mut places[i], &p, true);
            if detail.is_empty() {
                report.unchanged += 1;
            } else {
                report.updated += 1;
                report.changes.push(change("update", &p.id, detail));
            }
            continue;
        }
        let near = p
            .all_names()
            .filter_map(|n| keys.get(&name_key(n)))
            .flatten()
            .copied()
            .find(|&i| {
                let q = &places[i];
                q.country == p.country
                    && (q.kind.is_populated() || q.kind == Kind::Site)
                        == (p.kind.is_populated() || p.kind == Kind::Site)
                    && q.distance_km(p.lon, p.lat) <= o.merge_km
            });
        if let Some(i) = near {
            let detail = merge_into(&mut places[i], &p, false);
            report.merged += 1;
            let id = places[i].id.clone();
            report.changes.push(change(
                "merge",
                &id,
                format!(
                    "{} from {}{}",
                    p.name,
                    p.id,
                    if detail.is_empty() {
                        String::new()
                    } else {
                        format!(": {detail}")
                    }
                ),
            ));
            continue;
        }
        report.added += 1;
        report.changes.push(change(
            "add",
            &p.id,
            format!("{} ({}, {:.5} {:.5})", p.name, p.kind, p.lon, p.lat),
        ));
        let i = places.len();
        for n in p.all_names() {
            keys.entry(name_key(n)).or_default().push(i);
        }
        by_id.insert(p.id.clone(), i);
        places.push(p);
    }
    places.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(report)
}

/// Adds `from`'s names to `to` (and, for the same id, its coordinates and population).
fn merge_into(to: &mut Place, from: &Place, same_id: bool) -> String {
    let mut done = Vec::new();
    for n in std::iter::once(&from.name).chain(&from.alt_names) {
        if n != &to.name && !to.alt_names.contains(n) && !n.is_empty() {
            to.alt_names.push(n.clone());
            done.push(format!("+{n}"));
        }
    }
    for n in std::iter::once(&from.name_ar).chain(&from.alt_names_ar) {
        if n.is_empty() || n == &to.name_ar || to.alt_names_ar.contains(n) {
            continue;
        }
        if to.name_ar.is_empty() {
            to.name_ar = n.clone();
        } else {
            to.alt_names_ar.push(n.clone());
        }
        done.push(format!("+{n}"));
    }
    to.alt_names.sort();
    to.alt_names_ar.sort();
    if same_id {
        let moved = to.distance_km(from.lon, from.lat) * 1000.0;
        if moved > 1.0 {
            done.push(format!("moved {:.0} m", moved));
            to.lon = from.lon;
            to.lat = from.lat;
        }
        if from.population.is_some() && from.population != to.population {
            done.push(format!(
                "population {:?} -> {:?}",
                to.population, from.population
            ));
            to.population = from.population;
        }
    }
    done.join(" ")
}

fn alternate_names(
    places: &mut [Place],
    text: &str,
    path: &Path,
    o: &ImportOptions,
    report: &mut ImportReport,
) -> Result<(), GazetteerError> {
    const SKIP: [&str; 12] = [
        "link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "phon", "piny", "tcid",
        "fr_1793",
    ];
    let index: HashMap<String, usize> = places
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    let mut touched: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            return Err(GazetteerError::Row { path: path.to_path_buf(), line: i + 1, message: format!("{} fields, expected at least 4 (alternateNameId, geonameid, isolanguage, name)", f.len()) });
        }
        report.rows += 1;
        let historic = f.get(7).is_some_and(|h| *h == "1");
        if SKIP.contains(&f[2]) || historic {
            continue;
        }
        let Some(&k) = index.get(&format!("geonames:{}", f[1])) else {
            continue;
        };
        let name = f[3].trim();
        let p = &mut places[k];
        let list = if crate::text::is_arabic_name(name) {
            &mut p.alt_names_ar
        } else if crate::text::is_latin_name(name) {
            &mut p.alt_names
        } else {
            continue;
        };
        if name == p.name || name == p.name_ar || list.iter().any(|n| n == name) {
            continue;
        }
        list.push(name.to_string());
        list.sort();
        touched.entry(k).or_default().push(format!("+{name}"));
    }
    let mut ks: Vec<_> = touched.into_iter().collect();
    ks.sort();
    for (k, added) in ks {
        report.updated += 1;
        report.changes.push(Change {
            op: "alias".into(),
            id: places[k].id.clone(),
            detail: added.join(" "),
            source: o.source.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(format: Format) -> ImportOptions {
        ImportOptions {
            format,
            mapping: Mapping::default(),
            country: "SY".into(),
            merge_km: 3.0,
            id_prefix: "local:".into(),
            default_kind: Kind::Village,
            source: "test".into(),
        }
    }

    const GN: &str = "9000001\tKafr Halab\tKafr Halab\tKafr Halab,Kfar Halab,كفر حلب\t36.2116\t36.9308\tP\tPPL\tSY\t\t09\t\t\t\t3500\t\t420\tAsia/Damascus\t2024-01-01\n9000002\tParis\tParis\t\t48.85\t2.35\tP\tPPLC\tFR\t\t\t\t\t\t2000000\t\t\tEurope/Paris\t2024-01-01\n";

    #[test]
    fn geonames_rows_add_then_update() {
        let g = crate::gazetteer::Gazetteer::bundled().unwrap();
        let mut places = Vec::new();
        let r = import(
            &mut places,
            GN,
            Path::new("SY.txt"),
            &g.boundaries,
            &opts(Format::Geonames),
        )
        .unwrap();
        assert_eq!((r.rows, r.added), (2, 1));
        assert_eq!(places[0].governorate, "SY02");
        assert_eq!(places[0].name_ar, "كفر حلب");
        let again = import(
            &mut places,
            GN,
            Path::new("SY.txt"),
            &g.boundaries,
            &opts(Format::Geonames),
        )
        .unwrap();
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 1));
    }

    #[test]
    fn csv_rows_merge_by_name_nearby() {
        let g = crate::gazetteer::Gazetteer::bundled().unwrap();
        let mut places = g.places.clone();
        let mut o = opts(Format::Csv);
        o.mapping = Mapping::parse("name=town,lat=y,lon=x,ar=arabic").unwrap();
        let csv = "town,y,x,arabic\nSaraqeb,35.865,36.805,سراقب\nTall Frontline,35.3,36.7,\n";
        let r = import(&mut places, csv, Path::new("t.csv"), &g.boundaries, &o).unwrap();
        assert_eq!((r.merged, r.added), (1, 1), "{:?}", r.changes);
        assert!(places.iter().any(|p| p.id == "local:tall-frontline"));
        let bad = "town,y,x,arabic\nSomewhere,north,36.7,\n";
        let e = import(&mut places, bad, Path::new("t.csv"), &g.boundaries, &o)
            .unwrap_err()
            .to_string();
        assert!(e.contains("t.csv:2: lat \"north\" is not a number"), "{e}");
    }

    #[test]
    fn mappings_are_checked() {
        assert!(Mapping::parse("name=a,colour=b")
            .unwrap_err()
            .contains("colour"));
        assert!(Mapping::parse("name").unwrap_err().contains("field=column"));
    }
}
