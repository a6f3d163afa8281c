//! Checks of a gazetteer: ids, coordinates, governorates, ambiguous names, missing Arabic.

use super::boundary::Boundaries;
use super::model::{Kind, Place};
use crate::text::name_key;
use std::collections::{BTreeMap, HashMap};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The gazetteer is wrong: fix it.
    Error,
    /// Worth a look.
    Warning,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Short name of the check.
    pub check: &'static str,
    /// The place concerned.
    pub id: String,
    /// What is wrong.
    pub message: String,
}

/// Names shared by populated places or sites further apart than this are ambiguities.
pub const AMBIGUOUS_KM: f64 = 25.0;

/// Runs every check.
///
/// - `duplicate-id` (error): two rows with one id;
/// - `outside-syria` (error): a place marked Syrian whose point lies outside Syria;
/// - `inside-syria` (warning): a foreign place whose point lies inside Syria;
/// - `governorate` (error): the stated governorate differs from the one the point lies in;
/// - `parent` (error): a parent id that does not exist;
/// - `ambiguous-name` (warning): one spelling names places more than 25 km apart;
/// - `no-arabic` (warning): a Syrian place without an Arabic name.
pub fn validate(places: &[Place], bounds: &Boundaries) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut f = |severity, check, id: &str, message: String| {
        out.push(Finding {
            severity,
            check,
            id: id.to_string(),
            message,
        })
    };
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for p in places {
        *seen.entry(p.id.as_str()).or_default() += 1;
    }
    let mut dups: Vec<(&&str, &usize)> = seen.iter().filter(|(_, n)| **n > 1).collect();
    dups.sort();
    for (id, n) in dups {
        f(
            Severity::Error,
            "duplicate-id",
            id,
            format!("{n} rows share this id"),
        );
    }
    for p in places {
        let inside = bounds.contains(p.lon, p.lat);
        let area = matches!(p.kind, Kind::Country | Kind::Region);
        if p.in_syria() && !area && !inside {
            f(
                Severity::Error,
                "outside-syria",
                &p.id,
                format!("{} at {:.4} {:.4} lies outside Syria", p.name, p.lon, p.lat),
            );
        }
        if !p.in_syria() && !area && inside {
            f(
                Severity::Warning,
                "inside-syria",
                &p.id,
                format!("{} is marked {} but lies inside Syria", p.name, p.country),
            );
        }
        if p.in_syria() && !area {
            match bounds.governorate_at(p.lon, p.lat) {
                Some(a) if !p.governorate.is_empty() && a.code != p.governorate => f(
                    Severity::Error,
                    "governorate",
                    &p.id,
                    format!(
                        "{} is listed in {} but lies in {} ({})",
                        p.name, p.governorate, a.code, a.name
                    ),
                ),
                None if inside => {}
                _ => {}
            }
            if p.kind == Kind::Governorate && p.id != format!("ocha:{}", p.governorate) {
                f(
                    Severity::Error,
                    "governorate",
                    &p.id,
                    format!("governorate {} names itself {}", p.id, p.governorate),
                );
            }
            if p.name_ar.is_empty() {
                f(
                    Severity::Warning,
                    "no-arabic",
                    &p.id,
                    format!("{} has no Arabic name", p.name),
                );
            }
        }
        if !p.parent.is_empty() && !seen.contains_key(p.parent.as_str()) {
            f(
                Severity::Error,
                "parent",
                &p.id,
                format!("parent {} does not exist", p.parent),
            );
        }
    }
    // One spelling, places far apart: the resolver needs context to choose.
    let mut by_key: BTreeMap<String, Vec<&Place>> = BTreeMap::new();
    for p in places
        .iter()
        .filter(|p| p.kind.is_populated() || p.kind == Kind::Site)
    {
        let mut keys: Vec<String> = p.all_names().map(name_key).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            by_key.entry(k).or_default().push(p);
        }
    }
    for (k, ps) in by_key {
        let far = ps.iter().enumerate().any(|(i, a)| {
            ps[i + 1..]
                .iter()
                .any(|b| a.distance_km(b.lon, b.lat) > AMBIGUOUS_KM)
        });
        if far {
            let ids: Vec<String> = ps
                .iter()
                .map(|p| format!("{} ({})", p.id, p.name))
                .collect();
            f(
                Severity::Warning,
                "ambiguous-name",
                &ps[0].id,
                format!("the spelling {k:?} names {}", ids.join(", ")),
            );
        }
    }
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(a.check.cmp(b.check))
            .then(a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    #[test]
    fn the_bundled_gazetteer_has_no_errors() {
        let g = Gazetteer::bundled().unwrap();
        let errors: Vec<Finding> = validate(&g.places, &g.boundaries)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    #[test]
    fn broken_rows_are_found() {
        let g = Gazetteer::bundled().unwrap();
        let mut p = g.get("geonames:167611").unwrap().clone();
        p.governorate = "SY05".into();
        let mut abroad = p.clone();
        abroad.id = "local:misplaced".into();
        abroad.lon = 2.35;
        abroad.lat = 48.85;
        let mut dup = p.clone();
        dup.name_ar.clear();
        let found = validate(&[p, dup, abroad], &g.boundaries);
        let checks: Vec<&str> = found.iter().map(|f| f.check).collect();
        for c in [
            "duplicate-id",
            "governorate",
            "outside-syria",
            "no-arabic",
            "ambiguous-name",
        ] {
            assert!(checks.contains(&c), "{c} missing from {checks:?}");
        }
    }
}
