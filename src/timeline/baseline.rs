//! Baseline control: who held which place on a given day before the reporting starts.
//!
//! A baseline file is tab-separated text. Lines starting with `#` are comments; the first
//! other line is the header, and the columns are found by name:
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `place` | yes | gazetteer id (`geonames:170063`), or a name that names one place only |
//! | `controller` | yes | `government`, `opposition`, `sna`, `sdf` or `contested` |
//! | `as_of` | yes | the day the row describes, `YYYY-MM-DD` |
//! | `source` | yes | where the row comes from (a URL or a citation) |
//! | `confidence` | no | 0..1, default 0.9 |
//! | `name`, `note` | no | for people; `note` is carried into the layers |
//!
//! A bad row is reported with its file and line, and nothing is loaded.

use crate::claims::Controller;
use crate::gazetteer::{lookup::lookup, Gazetteer};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Baselines built into the binary, by name.
pub const BUNDLED: &[(&str, &str)] = &[(
    "nw-syria-2024-11-26",
    include_str!("../../gazetteer/baselines/nw-syria-2024-11-26.tsv"),
)];

/// One place's control at the baseline date.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineRow {
    /// Index of the place in the gazetteer.
    pub place: usize,
    /// Who held it.
    pub controller: Controller,
    /// The day the row describes.
    pub as_of: NaiveDate,
    /// 0..1.
    pub confidence: f64,
    /// Where the row comes from.
    pub source: String,
    /// A note for people.
    pub note: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// A loaded baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    /// The file path or bundled name it came from.
    pub origin: String,
    /// Rows sorted by place index.
    pub rows: Vec<BaselineRow>,
}

/// A baseline could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file could not be read.
    #[error("{}: {source} (a bundled baseline name is one of: {})", path.display(), bundled_names())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line is malformed.
    #[error("{origin}:{line}: {message}")]
    Line {
        /// File path or bundled name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

fn bundled_names() -> String {
    BUNDLED
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Baseline {
    /// Loads a baseline from a file, or by the name of a bundled one when no such file exists.
    ///
    /// ```
    /// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
    /// let b = frontline::timeline::baseline::Baseline::load("nw-syria-2024-11-26", &g).unwrap();
    /// let aleppo = g.index_of("geonames:170063").unwrap();
    /// let row = b.rows.iter().find(|r| r.place == aleppo).unwrap();
    /// assert_eq!(row.controller.as_str(), "government");
    /// ```
    pub fn load(spec: &str, g: &Gazetteer) -> Result<Baseline, BaselineError> {
        let path = Path::new(spec);
        if !path.exists() {
            if let Some((name, text)) = BUNDLED.iter().find(|(n, _)| *n == spec) {
                return Baseline::parse(text, name, g);
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| BaselineError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Baseline::parse(&text, spec, g)
    }

    /// Parses baseline text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str, g: &Gazetteer) -> Result<Baseline, BaselineError> {
        let err = |line: usize, message: String| BaselineError::Line {
            origin: origin.to_string(),
            line,
            message,
        };
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let (hline, header) = lines.next().ok_or_else(|| {
            err(
                1,
                "no header line (place, controller, as_of, source)".into(),
            )
        })?;
        let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
        let col = |name: &str| cols.iter().position(|c| *c == name);
        let need = |name: &str| {
            col(name).ok_or_else(|| err(hline, format!("the header has no `{name}` column")))
        };
        let (c_place, c_ctrl, c_asof, c_source) = (
            need("place")?,
            need("controller")?,
            need("as_of")?,
            need("source")?,
        );
        let (c_conf, c_note) = (col("confidence"), col("note"));
        let mut rows: Vec<BaselineRow> = Vec::new();
        for (n, l) in lines {
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            let get = |c: usize| f.get(c).copied().unwrap_or("");
            let place = resolve_place(get(c_place), g).map_err(|m| err(n, m))?;
            let controller = Controller::parse(get(c_ctrl))
                .filter(|c| *c != Controller::Unknown)
                .ok_or_else(|| {
                    err(
                        n,
                        format!(
                            "controller {:?} is not one of government, opposition, sna, sdf, contested",
                            get(c_ctrl)
                        ),
                    )
                })?;
            let as_of = get(c_asof).parse::<NaiveDate>().map_err(|_| {
                err(
                    n,
                    format!(
                        "as_of {:?} is not a date of the form YYYY-MM-DD",
                        get(c_asof)
                    ),
                )
            })?;
            let source = get(c_source);
            if source.is_empty() {
                return Err(err(
                    n,
                    "the source is empty; every row must cite one".into(),
                ));
            }
            let confidence = match c_conf.map(get).filter(|s| !s.is_empty()) {
                None => 0.9,
                Some(s) => s
                    .parse::<f64>()
                    .ok()
                    .filter(|c| (0.0..=1.0).contains(c))
                    .ok_or_else(|| {
                        err(n, format!("confidence {s:?} is not a number from 0 to 1"))
                    })?,
            };
            if let Some(prev) = rows.iter().find(|r| r.place == place) {
                return Err(err(
                    n,
                    format!(
                        "{} is already given on line {}",
                        g.places[place].id, prev.line
                    ),
                ));
            }
            rows.push(BaselineRow {
                place,
                controller,
                as_of,
                confidence,
                source: source.to_string(),
                note: c_note.map(get).unwrap_or("").to_string(),
                line: n,
            });
        }
        rows.sort_by_key(|r| r.place);
        Ok(Baseline {
            origin: origin.to_string(),
            rows,
        })
    }

    /// The row of a place, if any.
    pub fn row(&self, place: usize) -> Option<&BaselineRow> {
        self.rows
            .binary_search_by_key(&place, |r| r.place)
            .ok()
            .map(|i| &self.rows[i])
    }
}

/// A gazetteer id, or a name that names exactly one Syrian place drawn on maps (a
/// settlement before the district named after it).
fn resolve_place(s: &str, g: &Gazetteer) -> Result<usize, String> {
    if s.is_empty() {
        return Err("the place is empty".into());
    }
    if let Some(i) = g.index_of(s) {
        return Ok(i);
    }
    let mut hits: Vec<_> = lookup(g, s, 20, 1.0)
        .into_iter()
        .filter(|h| h.place.in_syria() && h.place.kind.is_control_point())
        .collect();
    // A town and the district named after it: the town is meant.
    if hits.iter().filter(|h| !h.place.kind.is_admin()).count() == 1 {
        hits.retain(|h| !h.place.kind.is_admin());
    }
    match hits.as_slice() {
        [] => Err(format!(
            "{s:?} is neither a gazetteer id nor the name of a Syrian place (try `frontline gazetteer lookup`)"
        )),
        [one] => g
            .index_of(&one.place.id)
            .ok_or_else(|| format!("{s:?}: internal id mismatch")),
        many => Err(format!(
            "{s:?} names {} places ({}); give the id",
            many.len(),
            many.iter()
                .map(|h| h.place.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_unique_names_resolve() {
        let g = Gazetteer::bundled().unwrap();
        let b = Baseline::parse(
            "# test\nplace\tcontroller\tas_of\tsource\tconfidence\ngeonames:170063\tgovernment\t2024-11-26\tx\t\nSaraqib\tgovernment\t2024-11-26\tx\t0.8\n",
            "t.tsv",
            &g,
        )
        .unwrap();
        assert_eq!(b.rows.len(), 2);
        assert!(b.rows.iter().any(|r| r.confidence == 0.8));
        assert!(b.rows.iter().any(|r| r.confidence == 0.9 && r.line == 3));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let g = Gazetteer::bundled().unwrap();
        let head = "place\tcontroller\tas_of\tsource\n";
        for (row, want) in [
            (
                "Nowhereville\tgovernment\t2024-11-26\tx",
                "neither a gazetteer id",
            ),
            ("Saraqib\trebels\t2024-11-26\tx", "controller \"rebels\""),
            ("Saraqib\tgovernment\t2024-11-31\tx", "as_of \"2024-11-31\""),
            ("Saraqib\tgovernment\t2024-11-26\t", "source is empty"),
            ("Suran\tgovernment\t2024-11-26\tx", "give the id"),
        ] {
            let e = Baseline::parse(&format!("{head}{row}\n"), "b.tsv", &g)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("b.tsv:2: "), "{e}");
            assert!(e.contains(want), "{e}");
        }
        let e = Baseline::parse(
            &format!(
                "{head}Saraqib\tgovernment\t2024-11-26\tx\nSaraqib\topposition\t2024-11-26\tx\n"
            ),
            "b.tsv",
            &g,
        )
        .unwrap_err();
        assert!(e.to_string().contains("already given on line 2"), "{e}");
        assert!(Baseline::parse("place\tcontroller\n", "b.tsv", &g)
            .unwrap_err()
            .to_string()
            .contains("no `as_of` column"));
    }
}
