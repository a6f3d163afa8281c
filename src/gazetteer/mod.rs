//! The Syrian gazetteer: places with their spellings, kinds, coordinates and boundaries.
//!
//! The bundled copy (the repository's `gazetteer/` folder) is embedded in the binary;
//! [`Gazetteer::from_dir`] reads another folder laid out the same way.

pub mod boundary;
pub mod build;
pub mod diff;
pub mod edit;
pub mod error;
pub mod export;
pub mod fetch;
pub mod import;
pub mod lookup;
pub mod model;
pub mod stats;
pub mod tsv;
pub mod validate;

pub use boundary::Boundaries;
pub use error::GazetteerError;
pub use model::{Kind, Place};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

const BUNDLED_PLACES: &str = include_str!("../../gazetteer/places.tsv");
const BUNDLED_NONPLACES: &str = include_str!("../../gazetteer/nonplaces.tsv");
const BUNDLED_COUNTRY: &str = include_str!("../../gazetteer/boundaries/syria.geojson");
const BUNDLED_GOVERNORATES: &str = include_str!("../../gazetteer/boundaries/governorates.geojson");

/// File names inside a gazetteer folder.
pub mod files {
    /// The places table.
    pub const PLACES: &str = "places.tsv";
    /// Phrases that look like places but are not (organisations, people).
    pub const NONPLACES: &str = "nonplaces.tsv";
    /// Syria's outline.
    pub const COUNTRY: &str = "boundaries/syria.geojson";
    /// Syria's governorates.
    pub const GOVERNORATES: &str = "boundaries/governorates.geojson";
}

/// The text of a bundled file by its name in [`files`] (places, non-places, boundaries).
pub fn bundled_file(rel: &str) -> &'static str {
    match rel {
        files::PLACES => BUNDLED_PLACES,
        files::NONPLACES => BUNDLED_NONPLACES,
        files::COUNTRY => BUNDLED_COUNTRY,
        files::GOVERNORATES => BUNDLED_GOVERNORATES,
        _ => "",
    }
}

/// Parses a GeoJSON FeatureCollection, naming the file in errors.
pub(crate) fn parse_feature_collection(
    text: &str,
    path: &Path,
) -> Result<geojson::FeatureCollection, GazetteerError> {
    let bad = |message: String| GazetteerError::File {
        path: path.to_path_buf(),
        message,
    };
    text.parse::<geojson::GeoJson>()
        .map_err(|e| bad(format!("not GeoJSON: {e}")))?
        .try_into()
        .map_err(|e| bad(format!("not a FeatureCollection: {e}")))
}

/// A phrase that must never be read as a place, such as *Hayat Tahrir al-Sham* or *SANA*.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NonPlace {
    /// The phrase.
    pub phrase: String,
    /// `organisation`, `person`, ...
    pub kind: String,
}

/// A loaded gazetteer.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    /// The places, sorted by id.
    pub places: Vec<Place>,
    /// Phrases that are not places.
    pub nonplaces: Vec<NonPlace>,
    /// Syria's outline and governorates.
    pub boundaries: Boundaries,
    /// Where it was read from (`bundled` for the embedded copy).
    pub origin: String,
    by_id: HashMap<String, usize>,
    name_keys: std::sync::OnceLock<Vec<Vec<String>>>,
}

impl Gazetteer {
    /// The gazetteer embedded in the binary.
    pub fn bundled() -> Result<Self, GazetteerError> {
        let dir = Path::new("<bundled gazetteer>");
        Self::assemble(
            tsv::parse_places(BUNDLED_PLACES, &dir.join(files::PLACES))?,
            parse_nonplaces(BUNDLED_NONPLACES, &dir.join(files::NONPLACES))?,
            Boundaries::parse(
                BUNDLED_COUNTRY,
                &dir.join(files::COUNTRY),
                BUNDLED_GOVERNORATES,
                &dir.join(files::GOVERNORATES),
            )?,
            "bundled".into(),
        )
    }

    /// Reads a gazetteer folder laid out like the bundled `gazetteer/`.
    ///
    /// `places.tsv` is required; `nonplaces.tsv` and the `boundaries/` files fall back
    /// to the bundled copies when the folder lacks them.
    pub fn from_dir(dir: &Path) -> Result<Self, GazetteerError> {
        let read = |rel: &str| -> Result<Option<(String, PathBuf)>, GazetteerError> {
            let p = dir.join(rel);
            match std::fs::read_to_string(&p) {
                Ok(s) => Ok(Some((s, p))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && rel != files::PLACES => {
                    Ok(None)
                }
                Err(e) => Err(GazetteerError::io(p, e)),
            }
        };
        let (places_text, places_path) = read(files::PLACES)?.expect("required file");
        let places = tsv::parse_places(&places_text, &places_path)?;
        let nonplaces = match read(files::NONPLACES)? {
            Some((t, p)) => parse_nonplaces(&t, &p)?,
            None => parse_nonplaces(BUNDLED_NONPLACES, Path::new(files::NONPLACES))?,
        };
        let country = read(files::COUNTRY)?
            .unwrap_or_else(|| (BUNDLED_COUNTRY.to_string(), PathBuf::from(files::COUNTRY)));
        let govs = read(files::GOVERNORATES)?.unwrap_or_else(|| {
            (
                BUNDLED_GOVERNORATES.to_string(),
                PathBuf::from(files::GOVERNORATES),
            )
        });
        let boundaries = Boundaries::parse(&country.0, &country.1, &govs.0, &govs.1)?;
        Self::assemble(places, nonplaces, boundaries, dir.display().to_string())
    }

    /// Builds a gazetteer from parts, checking ids are unique.
    pub fn assemble(
        mut places: Vec<Place>,
        nonplaces: Vec<NonPlace>,
        boundaries: Boundaries,
        origin: String,
    ) -> Result<Self, GazetteerError> {
        places.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_id = HashMap::with_capacity(places.len());
        for (i, p) in places.iter().enumerate() {
            if by_id.insert(p.id.clone(), i).is_some() {
                return Err(GazetteerError::File {
                    path: PathBuf::from(&origin).join(files::PLACES),
                    message: format!("duplicate id {}", p.id),
                });
            }
        }
        Ok(Gazetteer {
            places,
            nonplaces,
            boundaries,
            origin,
            by_id,
            name_keys: std::sync::OnceLock::new(),
        })
    }

    /// The folded key of every name of every place, in [`Place::all_names`] order (built on first use).
    pub fn name_keys(&self) -> &[Vec<String>] {
        self.name_keys.get_or_init(|| {
            self.places
                .iter()
                .map(|p| p.all_names().map(crate::text::name_key).collect())
                .collect()
        })
    }

    /// The place with this id.
    pub fn get(&self, id: &str) -> Option<&Place> {
        self.by_id.get(id).map(|&i| &self.places[i])
    }

    /// Position of the place with this id in [`Gazetteer::places`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// English name of a governorate P-code (`SY07` → `Idlib`).
    pub fn governorate_name(&self, pcode: &str) -> Option<&str> {
        self.get(&format!("ocha:{pcode}")).map(|p| p.name.as_str())
    }
}

/// Parses `nonplaces.tsv` (columns `phrase`, `type`, `note`).
pub fn parse_nonplaces(text: &str, path: &Path) -> Result<Vec<NonPlace>, GazetteerError> {
    let (header, rows) = tsv::rows(text, path, &["phrase", "type"])?;
    let pi = header.iter().position(|h| *h == "phrase").expect("checked");
    let ti = header.iter().position(|h| *h == "type").expect("checked");
    let mut out = Vec::new();
    for (line, f) in rows {
        let phrase = f[pi].trim();
        if phrase.is_empty() {
            return Err(GazetteerError::Row {
                path: path.to_path_buf(),
                line,
                message: "empty phrase".into(),
            });
        }
        out.push(NonPlace {
            phrase: phrase.to_string(),
            kind: f[ti].trim().to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_loads_and_knows_the_main_towns() {
        let g = Gazetteer::bundled().unwrap();
        assert!(g.places.len() > 800, "{}", g.places.len());
        for id in [
            "geonames:170063",
            "geonames:170017",
            "geonames:167611",
            "ocha:SY07",
        ] {
            assert!(g.get(id).is_some(), "{id}");
        }
        assert_eq!(g.governorate_name("SY05"), Some("Hama"));
        assert!(g.places.windows(2).all(|w| w[0].id < w[1].id));
    }

    #[test]
    fn foreign_places_are_not_syrian() {
        let g = Gazetteer::bundled().unwrap();
        let foreign: Vec<&Place> = g.places.iter().filter(|p| !p.in_syria()).collect();
        assert!(foreign.iter().any(|p| p.name == "Moscow"));
        for p in foreign {
            if p.kind != Kind::Country && p.kind != Kind::Region {
                assert!(
                    !g.boundaries.contains(p.lon, p.lat),
                    "{} lies in Syria",
                    p.id
                );
            }
        }
    }
}
