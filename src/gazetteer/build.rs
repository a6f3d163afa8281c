//! The importer that builds the bundled gazetteer from the open data sources.
//!
//! Inputs are the extracted sources (`shared/data/gazetteer-sources` layout) and the
//! hand-curated files in `gazetteer/curated/`. Output is `places.tsv`, sorted by id,
//! and the two boundary files, all plain text so that changes show up in diffs.

use super::boundary::Boundaries;
use super::error::GazetteerError;
use super::model::{Kind, Place};
use super::tsv;
use crate::text::name_key;
use geo::InteriorPoint;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Governorate shape names in the geoBoundaries file and their OCHA P-codes.
const GEOBOUNDARIES_PCODES: [(&str, &str); 14] = [
    ("Damascus", "SY01"),
    ("Aleppo", "SY02"),
    ("Rural Damascus", "SY03"),
    ("Homs", "SY04"),
    ("Hama", "SY05"),
    ("Lattakia", "SY06"),
    ("Idleb", "SY07"),
    ("Al-Hasakeh", "SY08"),
    ("Deir-ez-Zor", "SY09"),
    ("Tartous", "SY10"),
    ("Ar-Raqqa", "SY11"),
    ("Dar'a", "SY12"),
    ("As-Sweida", "SY13"),
    ("Quneitra", "SY14"),
];

/// GeoNames admin1 codes for Syria and their OCHA P-codes.
const GEONAMES_ADMIN1: [(&str, &str); 14] = [
    ("01", "SY08"),
    ("02", "SY06"),
    ("03", "SY14"),
    ("04", "SY11"),
    ("05", "SY13"),
    ("06", "SY12"),
    ("07", "SY09"),
    ("08", "SY03"),
    ("09", "SY02"),
    ("10", "SY05"),
    ("11", "SY04"),
    ("12", "SY07"),
    ("13", "SY01"),
    ("14", "SY10"),
];

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Places added, by source.
    pub added: BTreeMap<String, usize>,
    /// Rows merged into an existing place as extra names, by source.
    pub merged: BTreeMap<String, usize>,
    /// Rows left out, with the reason.
    pub skipped: Vec<String>,
    /// Places whose stated governorate differs from the boundary they fall in.
    pub warnings: Vec<String>,
}

/// The built gazetteer, ready to write.
#[derive(Debug)]
pub struct Built {
    /// Places sorted by id.
    pub places: Vec<Place>,
    /// `boundaries/syria.geojson` text.
    pub country_geojson: String,
    /// `boundaries/governorates.geojson` text.
    pub governorates_geojson: String,
    /// What happened.
    pub report: BuildReport,
}

/// A tab-separated source file, read whole.
struct Table {
    path: PathBuf,
    text: String,
}

/// One row of a [`Table`], with its line number for error messages.
struct Row<'a> {
    path: &'a Path,
    line: usize,
    header: &'a [&'a str],
    fields: Vec<&'a str>,
}

impl Table {
    fn read(dir: &Path, rel: &str) -> Result<Self, GazetteerError> {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).map_err(|e| GazetteerError::io(&path, e))?;
        Ok(Table { path, text })
    }

    /// Calls `each` for every row, after checking the header has the `required` columns.
    fn rows(
        &self,
        required: &[&str],
        mut each: impl FnMut(&Row) -> Result<(), GazetteerError>,
    ) -> Result<(), GazetteerError> {
        let (header, rows) = tsv::rows(&self.text, &self.path, required)?;
        for (line, fields) in rows {
            each(&Row {
                path: &self.path,
                line,
                header: &header,
                fields,
            })?;
        }
        Ok(())
    }
}

impl Row<'_> {
    /// The trimmed field of a column ("" when the file lacks the column).
    fn get(&self, name: &str) -> &str {
        self.header
            .iter()
            .position(|h| *h == name)
            .map(|i| self.fields[i].trim())
            .unwrap_or("")
    }

    /// A `|`- or `,`-separated list field.
    fn list(&self, name: &str, sep: char) -> Vec<String> {
        split(self.get(name), sep)
    }

    /// A numeric field.
    fn num(&self, name: &str) -> Result<f64, GazetteerError> {
        self.get(name)
            .parse()
            .map_err(|_| self.error(format!("{name} {:?} is not a number", self.get(name))))
    }

    /// A population field: whole or decimal; missing or zero is none.
    fn population(&self, name: &str) -> Option<u64> {
        self.get(name)
            .parse::<f64>()
            .ok()
            .map(|v| v as u64)
            .filter(|&v| v > 0)
    }

    fn error(&self, message: String) -> GazetteerError {
        GazetteerError::Row {
            path: self.path.to_path_buf(),
            line: self.line,
            message,
        }
    }
}

/// Builds the gazetteer from `sources` (the gazetteer-sources folder) and `curated` (the curated folder).
pub fn build(sources: &Path, curated: &Path) -> Result<Built, GazetteerError> {
    let mut report = BuildReport::default();
    let (governorates_geojson, country_geojson) = boundaries(sources)?;
    let bounds = Boundaries::parse(
        &country_geojson,
        Path::new("syria.geojson"),
        &governorates_geojson,
        Path::new("governorates.geojson"),
    )?;
    let mut places: Vec<Place> = Vec::new();
    admin_units(sources, &mut places, &mut report)?;
    geonames_syria(sources, &bounds, &mut places, &mut report)?;
    geonames_neighbours(sources, &mut places, &mut report)?;
    curated_places(curated, &mut places, &mut report)?;
    gap_candidates(sources, &mut places, &mut report)?;
    simplemaps(sources, &bounds, &mut places, &mut report)?;
    syria_itself(&bounds, &mut places, &mut report);
    name_overrides(curated, &mut places)?;
    for p in &mut places {
        tidy_names(p);
        if p.in_syria() && p.kind != Kind::Country {
            if let Some(a) = bounds.governorate_at(p.lon, p.lat) {
                if p.kind != Kind::Governorate
                    && !p.governorate.is_empty()
                    && p.governorate != a.code
                {
                    report.warnings.push(format!(
                        "{} ({}) is listed in {} but lies in {}",
                        p.id, p.name, p.governorate, a.code
                    ));
                }
            }
        }
    }
    places.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Built {
        places,
        country_geojson,
        governorates_geojson,
        report,
    })
}

/// Writes a built gazetteer into `out` (places.tsv and boundaries/), each file atomically.
pub fn write(built: &Built, out: &Path) -> Result<(), GazetteerError> {
    let files = [
        (super::files::PLACES, tsv::write_places(&built.places)),
        (super::files::COUNTRY, built.country_geojson.clone()),
        (
            super::files::GOVERNORATES,
            built.governorates_geojson.clone(),
        ),
    ];
    for (rel, text) in files {
        let p = out.join(rel);
        crate::atomic::write(&p, text.as_bytes()).map_err(|e| GazetteerError::io(&p, e))?;
    }
    Ok(())
}

fn boundaries(src: &Path) -> Result<(String, String), GazetteerError> {
    let Table { text, path } = Table::read(
        src,
        "geoboundaries-adm1/sy_admin1_geoboundaries_simplified.geojson",
    )?;
    let bad = |m: String| GazetteerError::File {
        path: path.clone(),
        message: m,
    };
    let v: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let mut feats: Vec<Value> = Vec::new();
    for f in v["features"]
        .as_array()
        .ok_or_else(|| bad("no features".into()))?
    {
        let shape = f["properties"]["shapeName"].as_str().unwrap_or("");
        let pcode = GEOBOUNDARIES_PCODES
            .iter()
            .find(|(n, _)| *n == shape)
            .map(|(_, c)| *c)
            .ok_or_else(|| bad(format!("unknown governorate shapeName {shape:?}")))?;
        feats.push(json!({
            "type": "Feature",
            "properties": {
                "pcode": pcode,
                "name": shape,
                "source": "geoBoundaries ADM1 SYR (UN OCHA COD-AB), CC BY 3.0 IGO",
            },
            "geometry": f["geometry"].clone(),
        }));
    }
    feats.sort_by(|a, b| {
        a["properties"]["pcode"]
            .as_str()
            .cmp(&b["properties"]["pcode"].as_str())
    });
    let govs = feature_collection(feats);

    let Table { text, path } = Table::read(
        src,
        "naturalearth-boundaries/sy_admin0_naturalearth_10m.geojson",
    )?;
    let v: Value = serde_json::from_str(&text).map_err(|e| GazetteerError::File {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let f = v["features"].get(0).cloned().unwrap_or(Value::Null);
    let country = feature_collection(vec![json!({
        "type": "Feature",
        "properties": {
            "iso_a2": "SY",
            "name": "Syria",
            "source": "Natural Earth 1:10m admin-0 (public domain)",
        },
        "geometry": f["geometry"].clone(),
    })]);
    Ok((govs, country))
}

fn feature_collection(features: Vec<Value>) -> String {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (i, f) in features.iter().enumerate() {
        if i > 0 {
            s.push_str(",\n");
        }
        s.push_str(&serde_json::to_string(f).expect("json values serialise"));
    }
    s.push_str("\n]}\n");
    s
}

fn split(s: &str, sep: char) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn admin_units(
    src: &Path,
    places: &mut Vec<Place>,
    report: &mut BuildReport,
) -> Result<(), GazetteerError> {
    let table = Table::read(src, "opensyria-admin/sy_admin_units_flat.tsv")?;
    let required = [
        "adm_level",
        "opensyria_id",
        "ocha_pcode",
        "name_en",
        "centroid_lat",
        "centroid_lon",
    ];
    let mut gov_pcode: HashMap<String, String> = HashMap::new();
    table.rows(&required, |r| {
        if r.get("adm_level") == "1" {
            gov_pcode.insert(r.get("opensyria_id").into(), r.get("ocha_pcode").into());
        }
        Ok(())
    })?;
    table.rows(&required, |r| {
        let pcode = r.get("ocha_pcode");
        let (kind, suffix) = match r.get("adm_level") {
            "1" => (Kind::Governorate, "Governorate"),
            "2" => (Kind::District, "District"),
            "3" => (Kind::Subdistrict, "Subdistrict"),
            l => return Err(r.error(format!("unknown adm_level {l:?}"))),
        };
        let gov = if kind == Kind::Governorate {
            pcode.to_string()
        } else {
            gov_pcode
                .get(r.get("governorate_id"))
                .cloned()
                .unwrap_or_default()
        };
        let name = r.get("name_en").to_string();
        let mut alts = r.list("aliases_latin", '|');
        let bases: Vec<String> = std::iter::once(name.clone())
            .chain(
                alts.iter()
                    .filter(|a| !a.to_lowercase().ends_with(&suffix.to_lowercase()))
                    .cloned(),
            )
            .collect();
        for b in bases {
            alts.push(format!("{b} {suffix}"));
            if kind == Kind::Governorate {
                alts.push(format!("{b} Province"));
                alts.push(format!("Province of {b}"));
                alts.push(format!("Governorate of {b}"));
            }
        }
        places.push(Place {
            id: format!("ocha:{pcode}"),
            name,
            name_ar: r.get("name_ar").to_string(),
            kind,
            lon: r.num("centroid_lon")?,
            lat: r.num("centroid_lat")?,
            governorate: gov,
            country: "SY".into(),
            population: r.population("population"),
            alt_names: alts,
            alt_names_ar: r.list("aliases_arabic", '|'),
            parent: String::new(),
            source: "OpenSyria data-geography (OCHA COD-AB P-codes, polygon centroid), CC BY 4.0"
                .into(),
        });
        *report.added.entry("opensyria-admin".into()).or_default() += 1;
        Ok(())
    })
}

fn geonames_syria(
    src: &Path,
    bounds: &Boundaries,
    places: &mut Vec<Place>,
    report: &mut BuildReport,
) -> Result<(), GazetteerError> {
    let table = Table::read(src, "geonames-cities500/sy_places_merged.tsv")?;
    table.rows(
        &["geonameid", "name", "asciiname", "latitude", "longitude"],
        |r| {
            let id = r.get("geonameid");
            let population = r.population("population");
            let code = r.get("feature_code");
            let Some(kind) = super::import::geonames_kind("P", code, population.unwrap_or(0))
            else {
                report.skipped.push(format!(
                    "geonames:{id} {}: feature code {code}",
                    r.get("asciiname")
                ));
                return Ok(());
            };
            let (lon, lat) = (r.num("longitude")?, r.num("latitude")?);
            let admin1 = r.get("admin1_code");
            let governorate = bounds
                .governorate_at(lon, lat)
                .map(|a| a.code.clone())
                .or_else(|| {
                    GEONAMES_ADMIN1
                        .iter()
                        .find(|(c, _)| *c == admin1)
                        .map(|(_, p)| p.to_string())
                })
                .unwrap_or_default();
            let ascii = r.get("asciiname").replace('`', "'");
            let mut alt_names = vec![r.get("name").to_string()];
            alt_names.extend(
                r.list("alt_latin", '|')
                    .into_iter()
                    .filter(|a| crate::text::is_latin_name(a)),
            );
            places.push(Place {
                id: format!("geonames:{id}"),
                name: if ascii.is_empty() {
                    r.get("name").to_string()
                } else {
                    ascii
                },
                name_ar: r.get("name_ar").to_string(),
                kind,
                lon,
                lat,
                governorate,
                country: "SY".into(),
                population,
                alt_names,
                alt_names_ar: r
                    .list("alt_arabic", '|')
                    .into_iter()
                    .filter(|a| crate::text::is_arabic_name(a))
                    .collect(),
                parent: String::new(),
                source: format!("GeoNames {id} (cities500), CC BY 4.0"),
            });
            *report.added.entry("geonames-syria".into()).or_default() += 1;
            Ok(())
        },
    )
}

fn geonames_neighbours(
    src: &Path,
    places: &mut Vec<Place>,
    report: &mut BuildReport,
) -> Result<(), GazetteerError> {
    let table = Table::read(src, "geonames-cities500/neighbours_cities500.tsv")?;
    // The 19 GeoNames columns, then `is_neighbour`.
    table.rows(
        &["geonameid", "asciiname", "alternatenames", "country_code"],
        |r| {
            let source = format!("GeoNames {} (cities500), CC BY 4.0", r.get("geonameid"));
            if let Some(p) =
                super::import::geonames_place(&r.fields, source).map_err(|m| r.error(m))?
            {
                places.push(p);
                *report
                    .added
                    .entry("geonames-neighbours".into())
                    .or_default() += 1;
            }
            Ok(())
        },
    )
}

fn curated_places(
    curated: &Path,
    places: &mut Vec<Place>,
    report: &mut BuildReport,
) -> Result<(), GazetteerError> {
    // Every curated table of places: places.tsv, frontline-*.tsv, ... (not names.tsv), in name order.
    let mut files: Vec<PathBuf> = std::fs::read_dir(curated)
        .map_err(|e| GazetteerError::io(curated, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "tsv")
                && p.file_name().is_some_and(|n| n != "names.tsv")
        })
        .collect();
    files.sort();
    let mut curated_rows = Vec::new();
    for p in &files {
        let text = std::fs::read_to_string(p).map_err(|e| GazetteerError::io(p, e))?;
        curated_rows.extend(tsv::parse_places(&text, p)?);
    }
    for c in curated_rows {
        // A curated foreign city that GeoNames already has: keep GeoNames' row, add the names.
        if !c.in_syria() && c.kind.is_populated() {
            let keys: Vec<String> = c.all_names().map(name_key).collect();
            if let Some(i) = same_place(places, &c.country, c.lon, c.lat, &keys, 15.0) {
                let (n, alts) = (c.name.clone(), c.alt_names.clone());
                places[i].alt_names.push(n);
                places[i].alt_names.extend(alts);
                *report.merged.entry("curated".into()).or_default() += 1;
                continue;
            }
        }
        if let Some(old) = places.iter_mut().find(|x| x.id == c.id) {
            *old = c;
            *report.merged.entry("curated".into()).or_default() += 1;
        } else {
            places.push(c);
            *report.added.entry("curated".into()).or_default() += 1;
        }
    }
    Ok(())
}

fn gap_candidates(
    src: &Path,
    places: &mut Vec<Place>,
    report: &mut BuildReport,
) -> Result<(), GazetteerError> {
    let table = Table::read(src, "manual-additions/sy_gap_candidates.tsv")?;
    table.rows(
        &["key", "name_en", "lat_approx", "lon_approx", "verify"],
        |r| {
            let id = format!("local:{}", r.get("key").replace('_', "-"));
            if places.iter().any(|p| p.id == id) {
                *report
                    .merged
                    .entry("manual-additions (checked in curated)".into())
                    .or_default() += 1;
                return Ok(());
            }
            if r.get("verify") != "no" {
                report.skipped.push(format!(
                    "{id}: coordinates not yet checked (manual-additions line {})",
                    r.line
                ));
                return Ok(());
            }
            let variants = r.list("variants", '|');
            let admin1 = r.get("gn_admin1");
            let kind = match r.get("kind") {
                "airbase" => Kind::Site,
                k if k.starts_with("town") => Kind::Town,
                k => k.parse().map_err(|e: String| r.error(e))?,
            };
            places.push(Place {
                id,
                name: r
                    .get("name_en")
                    .split(" (")
                    .next()
                    .unwrap_or("")
                    .to_string(),
                name_ar: r.get("name_ar").to_string(),
                kind,
                lon: r.num("lon_approx")?,
                lat: r.num("lat_approx")?,
                governorate: GEONAMES_ADMIN1
                    .iter()
                    .find(|(c, _)| *c == admin1)
                    .map(|(_, p)| p.to_string())
                    .unwrap_or_default(),
                country: "SY".into(),
                population: None,
                alt_names: variants
                    .iter()
                    .filter(|v| crate::text::is_latin_name(v))
                    .cloned()
                    .collect(),
                alt_names_ar: variants
                    .iter()
                    .filter(|v| crate::text::is_arabic_name(v))
                    .cloned()
                    .collect(),
                parent: String::new(),
                source: format!("shared manual-additions ({})", r.get("coord_basis")),
            });
            *report.added.entry("manual-additions".into()).or_default() += 1;
            Ok(())
        },
    )
}

fn slug(s: &str) -> String {
    match super::edit::slug(s) {
        x if x.is_empty() => crate::text::fold::fold_token(&s.replace([' ', '-', '\''], "")).into(),
        x => x,
    }
}

fn simplemaps(
    src: &Path,
    bounds: &Boundaries,
    places: &mut Vec<Place>,
    report: &mut BuildReport,
) -> Result<(), GazetteerError> {
    let table = Table::read(src, "simplemaps-worldcities-basic/sy_worldcities_basic.tsv")?;
    table.rows(&["id", "city", "city_ascii", "lat", "lng", "iso2"], |r| {
        let (lon, lat) = (r.num("lng")?, r.num("lat")?);
        let iso2 = r.get("iso2");
        let names = [r.get("city").to_string(), r.get("city_ascii").to_string()];
        let keys: Vec<String> = names.iter().map(|n| name_key(n)).collect();
        // Same name within 8 km, or any populated place within 2 km: the same town.
        let same = same_place(places, iso2, lon, lat, &keys, 8.0)
            .or_else(|| same_place(places, iso2, lon, lat, &[], 2.0));
        if let Some(i) = same {
            places[i].alt_names.extend(names.iter().cloned());
            *report.merged.entry("simplemaps".into()).or_default() += 1;
            return Ok(());
        }
        let population = r.population("population");
        let pop = population.unwrap_or(0);
        let mut id = format!("local:{}", slug(&names[1]));
        let mut n = 2;
        while places.iter().any(|p| p.id == id) {
            id = format!("local:{}-{n}", slug(&names[1]));
            n += 1;
        }
        let syrian = iso2 == "SY";
        places.push(Place {
            id,
            name: names[1].clone(),
            name_ar: String::new(),
            kind: if pop >= 100_000 {
                Kind::City
            } else if pop >= 5_000 || pop == 0 {
                Kind::Town
            } else {
                Kind::Village
            },
            lon,
            lat,
            governorate: if syrian {
                bounds
                    .governorate_at(lon, lat)
                    .map(|a| a.code.clone())
                    .unwrap_or_default()
            } else {
                String::new()
            },
            country: iso2.to_string(),
            population,
            alt_names: vec![names[0].clone()],
            alt_names_ar: Vec::new(),
            parent: String::new(),
            source: format!("SimpleMaps World Cities basic {}, CC BY 4.0", r.get("id")),
        });
        let source = if syrian {
            "simplemaps-syria"
        } else {
            "simplemaps-neighbours"
        };
        *report.added.entry(source.into()).or_default() += 1;
        Ok(())
    })
}

/// A populated place of `country` within `km` of the point whose names share a key
/// with `keys` (any place, when `keys` is empty).
fn same_place(
    places: &[Place],
    country: &str,
    lon: f64,
    lat: f64,
    keys: &[String],
    km: f64,
) -> Option<usize> {
    places.iter().position(|p| {
        p.country == country
            && p.kind.is_populated()
            && p.distance_km(lon, lat) <= km
            && (keys.is_empty() || p.all_names().any(|n| keys.contains(&name_key(n))))
    })
}

fn syria_itself(bounds: &Boundaries, places: &mut Vec<Place>, report: &mut BuildReport) {
    if places.iter().any(|p| p.id == "local:syria") {
        return;
    }
    let c = bounds
        .country
        .shape
        .interior_point()
        .map(|p| (p.x(), p.y()))
        .unwrap_or((38.5, 35.0));
    places.push(Place {
        id: "local:syria".into(),
        name: "Syria".into(),
        name_ar: "سوريا".into(),
        kind: Kind::Country,
        lon: c.0,
        lat: c.1,
        governorate: String::new(),
        country: "SY".into(),
        population: None,
        alt_names: vec![
            "Syrian Arab Republic".into(),
            "Syrie".into(),
            "Suriye".into(),
        ],
        alt_names_ar: vec!["سورية".into(), "الجمهورية العربية السورية".into()],
        parent: String::new(),
        source: "Natural Earth admin-0 outline (public domain), interior point".into(),
    });
    *report.added.entry("natural-earth".into()).or_default() += 1;
}

fn name_overrides(curated: &Path, places: &mut [Place]) -> Result<(), GazetteerError> {
    Table::read(curated, "names.tsv")?.rows(&["id", "name", "alt_names"], |r| {
        let id = r.get("id");
        let place = places
            .iter_mut()
            .find(|x| x.id == id)
            .ok_or_else(|| r.error(format!("no place with id {id}")))?;
        let old = std::mem::replace(&mut place.name, r.get("name").to_string());
        place.alt_names.push(old);
        place.alt_names.extend(r.list("alt_names", '|'));
        Ok(())
    })
}

/// Removes duplicate and empty names and sorts the alternates.
fn tidy_names(p: &mut Place) {
    let mut seen = std::collections::BTreeSet::new();
    seen.insert(p.name.clone());
    let mut alts: Vec<String> = p
        .alt_names
        .drain(..)
        .filter(|n| !n.trim().is_empty() && seen.insert(n.clone()))
        .collect();
    alts.sort();
    p.alt_names = alts;
    seen.insert(p.name_ar.clone());
    let mut ar: Vec<String> = p
        .alt_names_ar
        .drain(..)
        .filter(|n| !n.trim().is_empty() && seen.insert(n.clone()))
        .collect();
    ar.sort();
    p.alt_names_ar = ar;
    if p.name_ar.is_empty() && !p.alt_names_ar.is_empty() {
        p.name_ar = p.alt_names_ar.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Al Laţāminah"), "al-lataminah");
        assert_eq!(slug("Tall ‘Aran"), "tall-aran");
    }

    #[test]
    fn kinds_from_feature_codes() {
        use crate::gazetteer::import::geonames_kind;
        assert_eq!(geonames_kind("P", "PPLA", 0), Some(Kind::City));
        assert_eq!(geonames_kind("P", "PPLA3", 0), Some(Kind::Town));
        assert_eq!(geonames_kind("P", "PPL", 500), Some(Kind::Village));
        assert_eq!(geonames_kind("P", "", 0), Some(Kind::Town));
        assert_eq!(geonames_kind("P", "PPLQ", 500), None);
    }
}
