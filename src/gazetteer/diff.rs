//! Differences between two gazetteers, place by place.

use super::model::Place;
use super::tsv::fmt_coord;
use std::collections::BTreeMap;

/// One difference.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub enum Difference {
    /// Only in B.
    Added {
        /// The id.
        id: String,
        /// Its name.
        name: String,
    },
    /// Only in A.
    Removed {
        /// The id.
        id: String,
        /// Its name.
        name: String,
    },
    /// In both, with fields that differ.
    Changed {
        /// The id.
        id: String,
        /// `(field, in A, in B)`.
        fields: Vec<(String, String, String)>,
    },
}

fn fields(p: &Place) -> Vec<(&'static str, String)> {
    vec![
        ("name", p.name.clone()),
        ("name_ar", p.name_ar.clone()),
        ("kind", p.kind.to_string()),
        ("lon", fmt_coord(p.lon)),
        ("lat", fmt_coord(p.lat)),
        ("governorate", p.governorate.clone()),
        ("country", p.country.clone()),
        (
            "population",
            p.population.map(|n| n.to_string()).unwrap_or_default(),
        ),
        ("alt_names", p.alt_names.join("|")),
        ("alt_names_ar", p.alt_names_ar.join("|")),
        ("parent", p.parent.clone()),
        ("source", p.source.clone()),
    ]
}

/// The differences from `a` to `b`, ordered by id.
///
/// ```
/// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
/// let mut b = g.places.clone();
/// b.retain(|p| p.id != "local:moscow");
/// let d = frontline::gazetteer::diff::diff(&g.places, &b);
/// assert_eq!(d.len(), 1);
/// ```
pub fn diff(a: &[Place], b: &[Place]) -> Vec<Difference> {
    let ia: BTreeMap<&str, &Place> = a.iter().map(|p| (p.id.as_str(), p)).collect();
    let ib: BTreeMap<&str, &Place> = b.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut ids: Vec<&str> = ia.keys().chain(ib.keys()).copied().collect();
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        match (ia.get(id), ib.get(id)) {
            (Some(p), None) => out.push(Difference::Removed {
                id: id.into(),
                name: p.name.clone(),
            }),
            (None, Some(p)) => out.push(Difference::Added {
                id: id.into(),
                name: p.name.clone(),
            }),
            (Some(x), Some(y)) => {
                let changed: Vec<(String, String, String)> = fields(x)
                    .into_iter()
                    .zip(fields(y))
                    .filter(|((_, u), (_, v))| u != v)
                    .map(|((k, u), (_, v))| (k.to_string(), u, v))
                    .collect();
                if !changed.is_empty() {
                    out.push(Difference::Changed {
                        id: id.into(),
                        fields: changed,
                    });
                }
            }
            (None, None) => unreachable!("ids come from a or b"),
        }
    }
    out
}
