//! Fuzzy search of the gazetteer by name, in Latin or Arabic script.

use super::model::Place;
use super::Gazetteer;
use crate::text::name_key;

/// One answer to a lookup.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Candidate<'a> {
    /// The place.
    #[serde(skip)]
    pub place: &'a Place,
    /// Similarity of the best-matching name, 0..1 (1 = same folded spelling).
    pub score: f64,
    /// The name of the place that matched.
    pub matched: &'a str,
}

/// Places whose names resemble `query`, best first.
///
/// Exact matches after folding score 1.0; others score by Jaro-Winkler similarity of
/// the folded keys, and only those of at least `min_score` are kept. Ties go to the
/// place a bare mention would most likely mean ([`Place::weight`]).
///
/// ```
/// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
/// let hits = frontline::gazetteer::lookup::lookup(&g, "Maaret al-Numan", 5, 0.8);
/// assert_eq!(hits[0].place.id, "geonames:167611");
/// assert_eq!(hits[0].score, 1.0);
/// ```
pub fn lookup<'a>(
    g: &'a Gazetteer,
    query: &str,
    limit: usize,
    min_score: f64,
) -> Vec<Candidate<'a>> {
    let q = name_key(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Candidate<'a>> = Vec::new();
    for (p, keys) in g.places.iter().zip(g.name_keys()) {
        let mut best: Option<(f64, &str)> = None;
        for (n, k) in p.all_names().zip(keys) {
            let s = if *k == q {
                1.0
            } else {
                strsim::jaro_winkler(&q, k) * 0.99
            };
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, n));
            }
        }
        if let Some((score, matched)) = best {
            if score >= min_score {
                out.push(Candidate {
                    place: p,
                    score: (score * 1000.0).round() / 1000.0,
                    matched,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.place.weight().total_cmp(&a.place.weight()))
            .then(a.place.id.cmp(&b.place.id))
    });
    out.truncate(limit);
    out
}
