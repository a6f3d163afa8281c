//! The gazetteer itself as a GeoJSON layer, for viewing in QGIS.

use super::model::Place;
use serde_json::json;

/// A FeatureCollection with one point per place, one feature per line, ordered by id.
///
/// ```
/// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
/// let s = frontline::gazetteer::export::geojson(&g.places[..2]);
/// let v: serde_json::Value = serde_json::from_str(&s).unwrap();
/// assert_eq!(v["features"].as_array().unwrap().len(), 2);
/// ```
pub fn geojson(places: &[Place]) -> String {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    for (i, p) in places.iter().enumerate() {
        s.push_str(if i == 0 { "\n" } else { ",\n" });
        let f = json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [crate::precision::round6(p.lon), crate::precision::round6(p.lat)]},
            "properties": {
                "id": p.id, "name": p.name, "name_ar": p.name_ar, "kind": p.kind, "governorate": p.governorate,
                "country": p.country, "in_syria": p.in_syria(), "population": p.population,
                "alt_names": p.alt_names.join("|"), "alt_names_ar": p.alt_names_ar.join("|"),
                "parent": p.parent, "source": p.source,
            }
        });
        s.push_str(&f.to_string());
    }
    s.push_str("\n]}\n");
    s
}
