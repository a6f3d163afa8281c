//! Country and governorate boundaries: which governorate a point lies in, and whether it is in Syria.

use super::error::GazetteerError;
use geo::{Contains, MultiPolygon, Point};
use std::path::Path;

/// A named polygon.
#[derive(Clone, Debug)]
pub struct Area {
    /// OCHA P-code (`SY07`) for governorates, ISO code for the country.
    pub code: String,
    /// English name.
    pub name: String,
    /// The outline.
    pub shape: MultiPolygon<f64>,
}

/// Syria's outline and its governorates.
#[derive(Clone, Debug)]
pub struct Boundaries {
    /// The country outline (Natural Earth, de facto).
    pub country: Area,
    /// The 14 governorates (geoBoundaries/OCHA, Golan inside Quneitra).
    pub governorates: Vec<Area>,
}

impl Boundaries {
    /// Reads the country and governorate GeoJSON texts.
    pub fn parse(
        country: &str,
        country_path: &Path,
        governorates: &str,
        governorates_path: &Path,
    ) -> Result<Self, GazetteerError> {
        let mut c = read_areas(country, country_path, "iso_a2")?;
        if c.len() != 1 {
            return Err(GazetteerError::File {
                path: country_path.to_path_buf(),
                message: format!("expected one country feature, found {}", c.len()),
            });
        }
        Ok(Boundaries {
            country: c.remove(0),
            governorates: read_areas(governorates, governorates_path, "pcode")?,
        })
    }

    /// The governorate containing the point, if any.
    ///
    /// ```
    /// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
    /// assert_eq!(g.boundaries.governorate_at(37.16, 36.20).map(|a| a.code.as_str()), Some("SY02"));
    /// assert!(g.boundaries.governorate_at(37.62, 55.75).is_none());
    /// ```
    pub fn governorate_at(&self, lon: f64, lat: f64) -> Option<&Area> {
        let p = Point::new(lon, lat);
        self.governorates.iter().find(|a| a.shape.contains(&p))
    }

    /// True when the point lies inside Syria's outline or one of its governorates.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let p = Point::new(lon, lat);
        self.country.shape.contains(&p) || self.governorate_at(lon, lat).is_some()
    }
}

fn read_areas(text: &str, path: &Path, code_key: &str) -> Result<Vec<Area>, GazetteerError> {
    let bad = |message: String| GazetteerError::File {
        path: path.to_path_buf(),
        message,
    };
    let fc = super::parse_feature_collection(text, path)?;
    let mut out = Vec::new();
    for (i, f) in fc.features.iter().enumerate() {
        let prop = |k: &str| {
            f.property(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let geom = f
            .geometry
            .as_ref()
            .ok_or_else(|| bad(format!("feature {i} has no geometry")))?;
        let g: geo::Geometry<f64> = (&geom.value)
            .try_into()
            .map_err(|e| bad(format!("feature {i}: {e}")))?;
        let shape = match g {
            geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
            geo::Geometry::MultiPolygon(m) => m,
            other => return Err(bad(format!("feature {i} is not a polygon: {other:?}"))),
        };
        out.push(Area {
            code: prop(code_key),
            name: prop("name"),
            shape,
        });
    }
    Ok(out)
}
