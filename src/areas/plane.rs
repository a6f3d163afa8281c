//! A local flat plane in kilometres around Syria, for geometry that must be metric.
//!
//! An equirectangular projection centred on 38.5° E, 35° N. Over Syria (32.3–37.3° N)
//! east–west distances are off by at most 3 %, which is well inside the uncertainty of
//! a town's reach; lengths and areas that are reported are measured on the sphere.

use geo::{Coord, MapCoords};

const KM_PER_DEG_LAT: f64 = 110.574;
const KM_PER_DEG_LON_EQUATOR: f64 = 111.320;

/// The projection between lon/lat degrees and local kilometres.
#[derive(Clone, Copy, Debug)]
pub struct Plane {
    lon0: f64,
    lat0: f64,
    kx: f64,
}

impl Default for Plane {
    fn default() -> Self {
        Plane::centred(38.5, 35.0)
    }
}

impl Plane {
    /// A plane centred on (`lon0`, `lat0`).
    pub fn centred(lon0: f64, lat0: f64) -> Self {
        Plane {
            lon0,
            lat0,
            kx: KM_PER_DEG_LON_EQUATOR * lat0.to_radians().cos(),
        }
    }

    /// Degrees to kilometres.
    ///
    /// ```
    /// use frontline::areas::plane::Plane;
    /// let p = Plane::default();
    /// let c = p.to_km(geo::coord! { x: 38.5, y: 36.0 });
    /// assert!(c.x.abs() < 1e-9 && (c.y - 110.574).abs() < 1e-9);
    /// ```
    pub fn to_km(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (c.x - self.lon0) * self.kx,
            y: (c.y - self.lat0) * KM_PER_DEG_LAT,
        }
    }

    /// Kilometres to degrees.
    pub fn to_deg(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: c.x / self.kx + self.lon0,
            y: c.y / KM_PER_DEG_LAT + self.lat0,
        }
    }

    /// A geometry projected to kilometres.
    pub fn project<G: MapCoords<f64, f64, Output = G>>(&self, g: &G) -> G {
        g.map_coords(|c| self.to_km(c))
    }

    /// A geometry brought back to degrees.
    pub fn unproject<G: MapCoords<f64, f64, Output = G>>(&self, g: &G) -> G {
        g.map_coords(|c| self.to_deg(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let p = Plane::default();
        let c = geo::coord! { x: 36.7578, y: 35.1318 };
        let back = p.to_deg(p.to_km(c));
        assert!((back.x - c.x).abs() < 1e-12 && (back.y - c.y).abs() < 1e-12);
    }

    #[test]
    fn a_degree_of_longitude_at_35n_is_about_91_km() {
        let p = Plane::default();
        let a = p.to_km(geo::coord! { x: 36.0, y: 35.0 });
        let b = p.to_km(geo::coord! { x: 37.0, y: 35.0 });
        assert!(((b.x - a.x) - 91.19).abs() < 0.1, "{}", b.x - a.x);
    }
}
