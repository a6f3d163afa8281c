//! Reading and writing the gazetteer's tab-separated files.

use super::error::GazetteerError;
use super::model::{Kind, Place};
use std::path::Path;

/// Column names of `places.tsv`, in order.
pub const PLACE_COLUMNS: [&str; 13] = [
    "id",
    "name",
    "name_ar",
    "kind",
    "lon",
    "lat",
    "governorate",
    "country",
    "population",
    "alt_names",
    "alt_names_ar",
    "parent",
    "source",
];

/// A header and its rows, each row with its 1-based line number.
pub type Rows<'a> = (Vec<&'a str>, Vec<(usize, Vec<&'a str>)>);

/// Splits a tab-separated text into rows keyed by column name, checking the header.
///
/// Returns `(line number, fields)` for every non-empty line after the header.
pub fn rows<'a>(text: &'a str, path: &Path, required: &[&str]) -> Result<Rows<'a>, GazetteerError> {
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, h)) => h.trim_start_matches('\u{feff}').split('\t').collect(),
        None => {
            return Err(GazetteerError::File {
                path: path.to_path_buf(),
                message: "empty file: expected a header line".into(),
            })
        }
    };
    for col in required {
        if !header.contains(col) {
            return Err(GazetteerError::Row {
                path: path.to_path_buf(),
                line: 1,
                message: format!("header lacks the column {col:?}"),
            });
        }
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != header.len() {
            return Err(GazetteerError::Row {
                path: path.to_path_buf(),
                line: i + 1,
                message: format!("{} fields, expected {}", fields.len(), header.len()),
            });
        }
        out.push((i + 1, fields));
    }
    Ok((header, out))
}

/// Parses `places.tsv` text.
///
/// ```
/// use frontline::gazetteer::tsv::{parse_places, write_places};
/// let text = "id\tname\tname_ar\tkind\tlon\tlat\tgovernorate\tcountry\tpopulation\talt_names\talt_names_ar\tparent\tsource\n\
///             local:x\tX\t\ttown\t36.5\t35.5\tSY07\tSY\t\tEks|Iks\t\t\tdoc\n";
/// let places = parse_places(text, "places.tsv".as_ref()).unwrap();
/// assert_eq!(places[0].alt_names, ["Eks", "Iks"]);
/// assert_eq!(write_places(&places), text);
/// ```
pub fn parse_places(text: &str, path: &Path) -> Result<Vec<Place>, GazetteerError> {
    let (header, rows) = rows(text, path, &PLACE_COLUMNS)?;
    let col = |name: &str| header.iter().position(|h| *h == name).expect("checked");
    let idx: Vec<usize> = PLACE_COLUMNS.iter().map(|c| col(c)).collect();
    let mut out = Vec::with_capacity(rows.len());
    for (line, f) in rows {
        let bad = |message: String| GazetteerError::Row {
            path: path.to_path_buf(),
            line,
            message,
        };
        let get = |i: usize| f[idx[i]].trim();
        let id = get(0);
        if !valid_id(id) {
            return Err(bad(format!(
                "id {id:?} is not of the form geonames:NNN, ocha:PCODE or local:slug"
            )));
        }
        let name = get(1);
        if name.is_empty() {
            return Err(bad(format!("{id}: empty name")));
        }
        let kind: Kind = get(3)
            .parse()
            .map_err(|e: String| bad(format!("{id}: {e}")))?;
        let lon = parse_coord(get(4), -180.0, 180.0).map_err(|e| bad(format!("{id}: lon {e}")))?;
        let lat = parse_coord(get(5), -90.0, 90.0).map_err(|e| bad(format!("{id}: lat {e}")))?;
        let population = match get(8) {
            "" => None,
            p => Some(
                p.parse::<u64>()
                    .map_err(|_| bad(format!("{id}: population {p:?} is not a whole number")))?,
            ),
        };
        out.push(Place {
            id: id.to_string(),
            name: name.to_string(),
            name_ar: get(2).to_string(),
            kind,
            lon,
            lat,
            governorate: get(6).to_string(),
            country: get(7).to_string(),
            population,
            alt_names: split_list(get(9)),
            alt_names_ar: split_list(get(10)),
            parent: get(11).to_string(),
            source: get(12).to_string(),
        });
    }
    Ok(out)
}

/// True for ids of the forms `geonames:NNN`, `ocha:PCODE` and `local:slug`.
pub fn valid_id(id: &str) -> bool {
    match id.split_once(':') {
        Some(("geonames", n)) => !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()),
        // Admin units (SY07, SY0702, ...) and communities (C1234).
        Some(("ocha", p)) => {
            (p.len() >= 4 && p.starts_with("SY") && p[2..].bytes().all(|b| b.is_ascii_digit()))
                || (p.len() >= 2
                    && p.starts_with('C')
                    && p[1..].bytes().all(|b| b.is_ascii_digit()))
        }
        Some(("local", s)) => {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        }
        _ => false,
    }
}

fn parse_coord(s: &str, min: f64, max: f64) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if !(min..=max).contains(&v) {
        return Err(format!("{v} is out of range {min}..{max}"));
    }
    Ok(v)
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Formats a coordinate with at most six decimals and no trailing zeros.
pub fn fmt_coord(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    let s = format!("{r:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Writes places as `places.tsv` text, one row per place, in the order given.
pub fn write_places(places: &[Place]) -> String {
    let mut out = PLACE_COLUMNS.join("\t");
    out.push('\n');
    for p in places {
        let row = [
            p.id.clone(),
            p.name.clone(),
            p.name_ar.clone(),
            p.kind.to_string(),
            fmt_coord(p.lon),
            fmt_coord(p.lat),
            p.governorate.clone(),
            p.country.clone(),
            p.population.map(|n| n.to_string()).unwrap_or_default(),
            p.alt_names.join("|"),
            p.alt_names_ar.join("|"),
            p.parent.clone(),
            p.source.clone(),
        ];
        let row: Vec<String> = row.iter().map(|f| clean_field(f)).collect();
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

fn clean_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id\tname\tname_ar\tkind\tlon\tlat\tgovernorate\tcountry\tpopulation\talt_names\talt_names_ar\tparent\tsource\n";

    #[test]
    fn bad_rows_name_their_line() {
        let text = format!("{HEAD}local:a\tA\t\ttown\t36\t35\tSY07\tSY\t\t\t\t\tx\nlocal:b\tB\t\thamlet\t36\t35\tSY07\tSY\t\t\t\t\tx\n");
        let err = parse_places(&text, Path::new("p.tsv"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("p.tsv:3:"), "{err}");
        assert!(err.contains("hamlet"), "{err}");
        let text = format!("{HEAD}local:a\tA\t\ttown\t36\n");
        let err = parse_places(&text, Path::new("p.tsv"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("p.tsv:2: 5 fields, expected 13"), "{err}");
        let text = format!("{HEAD}local:a\tA\t\ttown\t360\t35\tSY07\tSY\t\t\t\t\tx\n");
        assert!(parse_places(&text, Path::new("p.tsv"))
            .unwrap_err()
            .to_string()
            .contains("out of range"));
    }

    #[test]
    fn ids() {
        assert!(valid_id("geonames:170063"));
        assert!(valid_id("ocha:SY0700"));
        assert!(valid_id("local:aleppo-citadel"));
        assert!(!valid_id("local:Aleppo"));
        assert!(!valid_id("osm:1"));
    }

    #[test]
    fn coords_are_fixed() {
        assert_eq!(fmt_coord(37.161170000001), "37.16117");
        assert_eq!(fmt_coord(36.0), "36");
        assert_eq!(fmt_coord(-0.0000001), "0");
    }
}
