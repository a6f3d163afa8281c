//! The place record and its kinds.

use std::fmt;
use std::str::FromStr;

/// What sort of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A city (a governorate seat or over 100,000 people).
    City,
    /// A town.
    Town,
    /// A village.
    Village,
    /// A district or quarter inside a city.
    Neighbourhood,
    /// A point site: an airport, a base, a citadel, a hill, a crossroads.
    Site,
    /// A first-level administrative unit (muhafazah).
    Governorate,
    /// A second-level administrative unit (mantiqah).
    District,
    /// A third-level administrative unit (nahiyah).
    Subdistrict,
    /// A region without administrative status.
    Region,
    /// A highway or road (M4, M5), placed at a representative point; never a control point.
    Road,
    /// A country.
    Country,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 11] = [
        Kind::City,
        Kind::Town,
        Kind::Village,
        Kind::Neighbourhood,
        Kind::Site,
        Kind::Governorate,
        Kind::District,
        Kind::Subdistrict,
        Kind::Region,
        Kind::Road,
        Kind::Country,
    ];

    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::City => "city",
            Kind::Town => "town",
            Kind::Village => "village",
            Kind::Neighbourhood => "neighbourhood",
            Kind::Site => "site",
            Kind::Governorate => "governorate",
            Kind::District => "district",
            Kind::Subdistrict => "subdistrict",
            Kind::Region => "region",
            Kind::Road => "road",
            Kind::Country => "country",
        }
    }

    /// A settlement people live in: city, town, village or neighbourhood.
    pub fn is_populated(self) -> bool {
        matches!(
            self,
            Kind::City | Kind::Town | Kind::Village | Kind::Neighbourhood
        )
    }

    /// A place a control map can show as a point: not a country, region or road.
    pub fn is_control_point(self) -> bool {
        !matches!(self, Kind::Country | Kind::Region | Kind::Road)
    }

    /// An administrative unit: governorate, district or subdistrict.
    pub fn is_admin(self) -> bool {
        matches!(self, Kind::Governorate | Kind::District | Kind::Subdistrict)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown kind {s:?} (expected one of {})", all.join(", "))
            })
    }
}

/// One gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// Stable id: `geonames:NNN`, `ocha:PCODE` or `local:slug`.
    pub id: String,
    /// Canonical English name.
    pub name: String,
    /// Arabic name (may be empty).
    pub name_ar: String,
    /// Kind of place.
    pub kind: Kind,
    /// Longitude, WGS84.
    pub lon: f64,
    /// Latitude, WGS84.
    pub lat: f64,
    /// OCHA P-code of the Syrian governorate it lies in (empty abroad).
    pub governorate: String,
    /// ISO 3166-1 alpha-2 country code; `ZZ` for supra-national regions.
    pub country: String,
    /// Population where known.
    pub population: Option<u64>,
    /// Other Latin-script names.
    pub alt_names: Vec<String>,
    /// Other Arabic-script names.
    pub alt_names_ar: Vec<String>,
    /// Id of the place it belongs to (a site's city), or empty.
    pub parent: String,
    /// Where the record comes from.
    pub source: String,
}

impl Place {
    /// True for places inside Syria.
    pub fn in_syria(&self) -> bool {
        self.country == "SY"
    }

    /// How likely a bare mention of one of its names means this place, before context:
    /// by kind (a city before a governorate of the same name), population, and being in Syria.
    pub fn weight(&self) -> f64 {
        let base = match self.kind {
            Kind::City => 1.0,
            Kind::Country => 0.95,
            Kind::Town => 0.85,
            Kind::Village => 0.7,
            Kind::Site => 0.65,
            Kind::Neighbourhood => 0.6,
            Kind::Governorate => 0.5,
            Kind::Region => 0.5,
            Kind::Road => 0.6,
            Kind::District => 0.3,
            Kind::Subdistrict => 0.25,
        };
        let pop = self.population.unwrap_or(0) as f64;
        let mut w = base + 0.1 * (pop + 1.0).log10() / 7.0;
        if self.in_syria() {
            w += 0.1;
        }
        w
    }

    /// Great-circle distance in kilometres from the place to a point.
    ///
    /// ```
    /// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
    /// let hama = g.get("geonames:170017").unwrap();
    /// assert!(hama.distance_km(36.7578, 35.1318) < 2.0);
    /// ```
    pub fn distance_km(&self, lon: f64, lat: f64) -> f64 {
        use geo::{Distance, Haversine, Point};
        Haversine.distance(Point::new(self.lon, self.lat), Point::new(lon, lat)) / 1000.0
    }

    /// Every name of the place: canonical, Arabic and alternates.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(std::iter::once(self.name_ar.as_str()))
            .chain(self.alt_names.iter().map(String::as_str))
            .chain(self.alt_names_ar.iter().map(String::as_str))
            .filter(|n| !n.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), k);
        }
        assert!("hamlet".parse::<Kind>().unwrap_err().contains("hamlet"));
    }
}
