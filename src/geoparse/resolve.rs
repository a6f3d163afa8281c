//! Choosing the place a name stands for, among the gazetteer entries that share it.
//!
//! Each candidate gets a weight from four sources of evidence, multiplied:
//! 1. the prior: kind and population ([`Place::weight`]), and a foreign namesake halved;
//! 2. the words around the mention ("Idlib province", "the city of Hama");
//! 3. admin context: a governorate the same sentence (strongly) or article (weakly) names;
//! 4. spatial coherence: nearness to the article's places that are already certain.
//!
//! The score is the winner's share of the weight it shares with its strongest *rival*, a
//! candidate that would put the mention somewhere else (another kind family, or over 15 km
//! away). A score under [`MIN_SCORE`] leaves the mention unresolved, with the reason.

use super::context::{Hint, Surroundings};
use crate::gazetteer::{Gazetteer, Kind, Place};
use std::collections::BTreeSet;

/// Below this score a mention between two Syrian places is reported, not guessed.
pub const MIN_SCORE: f64 = 0.55;

/// How far apart two point candidates may be and still count as the same answer.
const SAME_PLACE_KM: f64 = 15.0;

/// Distance scale of spatial coherence: a candidate this far from every certain place of
/// the article keeps about half the weight of one beside them, and one far away a quarter.
const COHERENCE_KM: f64 = 80.0;

/// Weight of a candidate matched by one of its alternate names rather than its own name.
const ALTERNATE_NAME: f64 = 0.6;

/// Weight gained by the place another mention of the same name resolved to with confidence.
const SAME_NAME_BOOST: f64 = 2.0;

/// A recognised name waiting to be resolved.
#[derive(Clone, Debug)]
pub struct Pending {
    /// Byte offset of the mention's first byte.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Gazetteer indices of every place the name can stand for (most names have a few,
    /// kept inline).
    pub cands: smallvec::SmallVec<[usize; 4]>,
    /// For each candidate: the spelling is its own or Arabic name, not an alias.
    pub primary: smallvec::SmallVec<[bool; 4]>,
    /// The folded spelling matched.
    pub key: compact_str::CompactString,
    /// The words around it.
    pub sur: Surroundings,
}

/// What became of a pending mention.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Resolved to a place.
    Resolved {
        /// Index of the place.
        place: usize,
        /// 0..1: how clearly it beat the strongest rival.
        score: f64,
        /// The evidence that decided.
        reason: &'static str,
    },
    /// Left unresolved.
    Unresolved {
        /// Why, naming the rivals.
        reason: String,
        /// The two strongest rivals, best first.
        rivals: [usize; 2],
        /// Their score.
        score: f64,
    },
}

/// Resolves every pending mention of one article, in two passes: the second uses the
/// governorates and certain places the first found.
///
/// `facts` holds the per-place values worked out beforehand ([`Facts::of`] of `g`; a
/// [`NameIndex`](super::index::NameIndex) keeps them). The sentence of `pend[k]` is asked of
/// `sentence(k)` only when it counts: any number that two mentions share exactly when they
/// stand in one sentence will do.
///
/// ```
/// use frontline::gazetteer::Gazetteer;
/// use frontline::geoparse::{parse, index::NameIndex};
/// let g = Gazetteer::bundled().unwrap();
/// let ix = NameIndex::build(&g);
/// // There are two towns called Suran: the article's other places decide.
/// let t = "Rebels shelled Suran, a town between Azaz and Marea.";
/// let p = parse(t, 0..t.len(), &g, &ix);
/// assert_eq!(g.places[p.mentions[0].place].governorate, "SY02");
/// let t = "Rebels took Suran, Halfaya and Taybat al-Imam.";
/// let p = parse(t, 0..t.len(), &g, &ix);
/// assert_eq!(g.places[p.mentions[0].place].governorate, "SY05");
/// // With no context at all, the larger Suran (Hama) wins, with a modest score.
/// let t = "Suran was quiet.";
/// let p = parse(t, 0..t.len(), &g, &ix);
/// assert_eq!(g.places[p.mentions[0].place].governorate, "SY05");
/// assert!(p.mentions[0].score < 0.8);
/// ```
pub fn resolve_all(
    g: &Gazetteer,
    facts: &Facts,
    pend: &[Pending],
    sentence: &mut dyn FnMut(usize) -> usize,
) -> Vec<Outcome> {
    let own;
    let facts = if facts.places.len() == g.places.len() {
        &facts.places
    } else {
        own = Facts::of(g);
        &own.places
    };
    let none = Context::default();
    // No governorate is known in any sentence yet: the sentence does not count.
    let first: Vec<Outcome> = pend.iter().map(|p| decide(g, facts, p, 0, &none)).collect();
    let mut ctx = Context::default();
    for (k, (p, o)) in pend.iter().zip(&first).enumerate() {
        let Outcome::Resolved { place, score, .. } = *o else {
            continue;
        };
        if p.cands.len() > 1 && score >= 0.8 {
            ctx.same_name.push((p.key.clone(), place));
        }
        let pl = &g.places[place];
        if !facts[place].syrian {
            continue;
        }
        if pl.kind.is_admin() && score >= 0.6 && !pl.governorate.is_empty() {
            ctx.article_govs.insert(&pl.governorate);
            ctx.sentence_govs.insert((sentence(k), &pl.governorate));
        } else if point_like(pl.kind) && score >= 0.8 {
            // A place named twice is one anchor: the nearest distance stays the same.
            if !ctx.anchors.iter().any(|a| a.place == place) {
                let f = &facts[place];
                ctx.anchors.push(Anchor {
                    place,
                    lon: pl.lon,
                    lat: pl.lat,
                    cos_lat: f.cos_lat,
                    unit: f.unit,
                });
            }
        }
    }
    // With nothing learnt, the second pass would decide as the first did.
    let learnt =
        !(ctx.anchors.is_empty() && ctx.article_govs.is_empty() && ctx.same_name.is_empty());
    pend.iter()
        .zip(first)
        .enumerate()
        .map(|(k, (p, first))| {
            if p.cands.len() == 1 || !learnt {
                first
            } else {
                let s = if ctx.sentence_govs.is_empty() {
                    0
                } else {
                    sentence(k)
                };
                decide(g, facts, p, s, &ctx)
            }
        })
        .collect()
}

/// What resolution reads of every place, worked out once per gazetteer: the prior before
/// the words around a mention, and the place's point on the unit sphere.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    places: Vec<PlaceFacts>,
}

/// The [`Facts`] of one place.
#[derive(Clone, Copy, Debug)]
struct PlaceFacts {
    /// [`base_prior`].
    prior: f64,
    /// [`unit_vector`] of the place.
    unit: [f64; 3],
    /// Cosine of its latitude.
    cos_lat: f64,
    /// [`Place::in_syria`].
    syrian: bool,
}

impl Facts {
    /// The facts of every place of `g`, in its order.
    pub fn of(g: &Gazetteer) -> Self {
        let places = g
            .places
            .iter()
            .map(|p| PlaceFacts {
                prior: base_prior(p),
                unit: unit_vector(p.lon, p.lat),
                cos_lat: p.lat.to_radians().cos(),
                syrian: p.in_syria(),
            })
            .collect();
        Facts { places }
    }
}

/// What the rest of the article says.
#[derive(Default)]
struct Context<'g> {
    /// Governorate P-codes named anywhere.
    article_govs: BTreeSet<&'g str>,
    /// (sentence, governorate P-code) pairs.
    sentence_govs: BTreeSet<(usize, &'g str)>,
    /// Certain point places, each once.
    anchors: Vec<Anchor>,
    /// Names resolved with confidence despite rivals: (key, place). One sense per text.
    same_name: Vec<(compact_str::CompactString, usize)>,
}

/// A certain point place of the article, with the cosine of its latitude and its point on
/// the unit sphere worked out once.
#[derive(Clone, Copy, Debug)]
struct Anchor {
    place: usize,
    lon: f64,
    lat: f64,
    cos_lat: f64,
    unit: [f64; 3],
}

impl Anchor {
    #[cfg(test)]
    fn new(place: usize, lon: f64, lat: f64) -> Self {
        Anchor {
            place,
            lon,
            lat,
            cos_lat: lat.to_radians().cos(),
            unit: unit_vector(lon, lat),
        }
    }
}

/// The point (`lon`, `lat`) on the unit sphere.
fn unit_vector(lon: f64, lat: f64) -> [f64; 3] {
    let (sin_lat, cos_lat) = lat.to_radians().sin_cos();
    let (sin_lon, cos_lon) = lon.to_radians().sin_cos();
    [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
}

/// The squared chord between two points of the unit sphere: four times haversine's `a`,
/// so it orders distances as haversine does, for three multiplications instead of five
/// trigonometric calls.
fn chord2(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (x, y, z) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    x * x + y * y + z * z
}

/// Squared chords closer than this to the shortest are measured again with haversine: far
/// above the rounding error of either (about 1e-15), and only millimetres on the ground.
const CHORD2_TIE: f64 = 1e-12;

/// [`haversine_km`] from (`lon`, `lat`) to the nearest of `anchors`, found by squared
/// chord: every anchor within [`CHORD2_TIE`] of the shortest chord is measured exactly
/// and the least distance kept, so the result is the minimum haversine to the bit.
#[cfg(test)]
fn nearest_km<'a>(
    lon: f64,
    lat: f64,
    anchors: impl Iterator<Item = &'a Anchor> + Clone,
) -> Option<f64> {
    let (u, cos_lat) = (unit_vector(lon, lat), lat.to_radians().cos());
    nearest_km_from(lon, lat, u, cos_lat, anchors)
}

/// [`nearest_km`] given the point's [`unit_vector`] `u` and the cosine of its latitude.
fn nearest_km_from<'a>(
    lon: f64,
    lat: f64,
    u: [f64; 3],
    cos_lat: f64,
    anchors: impl Iterator<Item = &'a Anchor> + Clone,
) -> Option<f64> {
    let best = anchors
        .clone()
        .map(|a| chord2(u, a.unit))
        .min_by(f64::total_cmp)?;
    anchors
        .filter(|a| chord2(u, a.unit) <= best + CHORD2_TIE)
        .map(|a| haversine_km(lon, lat, cos_lat, a.lon, a.lat, a.cos_lat))
        .min_by(f64::total_cmp)
}

/// [`Place::distance_km`] from (`lon1`, `lat1`) to (`lon2`, `lat2`), given the cosines of
/// both latitudes: geo's haversine step for step, so the result is the same to the bit
/// (a test checks), with two of its five trigonometric calls saved.
fn haversine_km(lon1: f64, lat1: f64, cos1: f64, lon2: f64, lat2: f64, cos2: f64) -> f64 {
    let delta_theta = (lat2 - lat1).to_radians();
    let delta_lambda = (lon2 - lon1).to_radians();
    let a = (delta_theta / 2.0).sin().powi(2) + cos1 * cos2 * (delta_lambda / 2.0).sin().powi(2);
    let c = 2.0 * a.sqrt().asin();
    geo::Haversine.radius() * c / 1000.0
}

/// A place that has a meaningful point: settlements, sites, districts and subdistricts.
fn point_like(k: Kind) -> bool {
    !matches!(k, Kind::Governorate | Kind::Country | Kind::Region)
}

/// Would `a` and `b` put the mention in the same place? A town and the subdistrict named
/// after it do; a city and its governorate do not. (`fa`, `fb`: their [`PlaceFacts`].)
fn same_answer(a: &Place, fa: &PlaceFacts, b: &Place, fb: &PlaceFacts) -> bool {
    a.id == b.id
        || (point_like(a.kind)
            && point_like(b.kind)
            && haversine_km(a.lon, a.lat, fa.cos_lat, b.lon, b.lat, fb.cos_lat) <= SAME_PLACE_KM)
}

/// The place's own name, without a parenthetical that tells namesakes apart: "Suran (Aleppo)".
pub(crate) fn own_name(p: &Place) -> &str {
    match p.name.find(" (") {
        Some(i) if p.name.ends_with(')') => &p.name[..i],
        _ => &p.name,
    }
}

/// The part of a candidate's prior ([`prior_from`]) that does not depend on the words
/// around: [`Place::weight`], scaled by population for a settlement.
fn base_prior(p: &Place) -> f64 {
    let mut w = p.weight();
    if p.kind.is_populated() {
        // An unknown population is not a small one: take that of a small town.
        let pop = p.population.unwrap_or(5000).max(1000) as f64;
        w *= 1.0 + 0.5 * (pop / 1000.0).log10();
    }
    w
}

/// The prior of a candidate, given its [`base_prior`] `w` (news names big places far more
/// often), for the words around it: districts and subdistricts, which news rarely names
/// bare, halved unless those words call for an administrative unit; towns scaled below
/// cities; and the kind the words call for ([`hint_factor`]) favoured.
fn prior_from(mut w: f64, p: &Place, hint: Option<Hint>) -> f64 {
    if matches!(p.kind, Kind::District | Kind::Subdistrict) && hint != Some(Hint::Admin) {
        w *= 0.5;
    }
    // A town is named less often than a city of the same size: cities are seats and hubs.
    if p.kind == Kind::Town {
        w *= 0.8;
    }
    w * hint_factor(p, hint)
}

fn hint_factor(p: &Place, hint: Option<Hint>) -> f64 {
    match hint {
        Some(Hint::Admin) if p.kind == Kind::Governorate => 4.0,
        Some(Hint::Admin) if p.kind.is_admin() => 1.5,
        Some(Hint::Admin) => 0.25,
        Some(Hint::Settlement) if p.kind.is_admin() => 0.1,
        Some(Hint::Container) if p.kind == Kind::Governorate => 4.0,
        Some(Hint::Container) if p.kind.is_admin() => 0.25,
        Some(Hint::Container) => 0.3,
        _ => 1.0,
    }
}

/// Weighs the candidates of one mention, standing in sentence `sentence`, and picks one, or
/// declines.
fn decide(
    g: &Gazetteer,
    facts: &[PlaceFacts],
    p: &Pending,
    sentence: usize,
    ctx: &Context,
) -> Outcome {
    // One candidate wins alone, whatever the context says: the general path below finds
    // it no rival and gives the same outcome.
    if let [c] = p.cands[..] {
        return Outcome::Resolved {
            place: c,
            score: 1.0,
            reason: "only candidate",
        };
    }
    let any_syrian = p.cands.iter().any(|&c| facts[c].syrian);
    // Spatial coherence, relative to the best-placed point candidate: the certain places
    // that are no candidate of this mention.
    let others: Vec<&Anchor> = ctx
        .anchors
        .iter()
        .filter(|a| !p.cands.contains(&a.place))
        .collect();
    let coherence = |c: usize| -> Option<f64> {
        let pl = &g.places[c];
        if !point_like(pl.kind) {
            return None;
        }
        let f = &facts[c];
        nearest_km_from(pl.lon, pl.lat, f.unit, f.cos_lat, others.iter().copied())
            .map(|d| 0.25 + 0.75 * (-d / COHERENCE_KM).exp())
    };
    struct Scored {
        c: usize,
        w: f64,
        admin: f64,
        near: f64,
        coh: Option<f64>,
    }
    let mut scored: Vec<Scored> = p
        .cands
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let pl = &g.places[c];
            let syrian = facts[c].syrian;
            let mut w = prior_from(facts[c].prior, pl, p.sur.hint);
            // The theatre is Syria: a foreign namesake needs context to win.
            if !syrian && any_syrian {
                w *= 0.5;
            }
            if !p.primary.get(k).copied().unwrap_or(false) {
                w *= ALTERNATE_NAME;
            }
            if ctx.same_name.iter().any(|(k, c2)| *c2 == c && *k == p.key) {
                w *= SAME_NAME_BOOST;
            }
            let mut admin = 1.0;
            if syrian {
                if ctx
                    .sentence_govs
                    .contains(&(sentence, pl.governorate.as_str()))
                {
                    admin = 3.0;
                } else if ctx.article_govs.contains(pl.governorate.as_str()) {
                    admin = 1.6;
                }
            }
            Scored {
                c,
                w: w * admin,
                admin,
                near: 1.0,
                coh: coherence(c),
            }
        })
        .collect();
    let best_coherence = scored.iter().filter_map(|s| s.coh).fold(0.0, f64::max);
    if best_coherence > 0.0 {
        for s in &mut scored {
            if let Some(f) = s.coh {
                s.near = f / best_coherence;
                s.w *= s.near;
            }
        }
    }
    scored.sort_by(|a, b| {
        b.w.total_cmp(&a.w)
            .then(g.places[a.c].id.cmp(&g.places[b.c].id))
    });
    let best = &scored[0];
    let bp = &g.places[best.c];
    let rival = scored[1..]
        .iter()
        .find(|s| !same_answer(bp, &facts[best.c], &g.places[s.c], &facts[s.c]));
    let Some(rival) = rival else {
        let reason = if p.cands.len() == 1 {
            "only candidate"
        } else {
            "all candidates agree"
        };
        return Outcome::Resolved {
            place: best.c,
            score: 1.0,
            reason,
        };
    };
    let score = round3(best.w / (best.w + rival.w));
    let rp = &g.places[rival.c];
    if score < MIN_SCORE && rp.in_syria() && bp.in_syria() {
        return Outcome::Unresolved {
            reason: format!(
                "ambiguous: {} or {}; nothing in the text decides (score {score})",
                describe(g, bp),
                describe(g, rp)
            ),
            rivals: [best.c, rival.c],
            score,
        };
    }
    let reason =
        if p.sur.hint.is_some() && hint_factor(bp, p.sur.hint) != hint_factor(rp, p.sur.hint) {
            match p.sur.hint {
                Some(Hint::Admin | Hint::Container) => "administrative context",
                _ => "settlement context",
            }
        } else if best.admin > rival.admin {
            "governorate named in the text"
        } else if best.near > rival.near * 1.2 {
            "near the article's other places"
        } else {
            "kind and population prior"
        };
    Outcome::Resolved {
        place: best.c,
        score,
        reason,
    }
}

fn describe(g: &Gazetteer, p: &Place) -> String {
    let gov = g
        .governorate_name(&p.governorate)
        .map(|n| format!(", {n}"))
        .unwrap_or_else(|| {
            if p.in_syria() {
                String::new()
            } else {
                format!(", {}", p.country)
            }
        });
    format!("{} ({}{gov}, {})", p.name, p.kind, p.id)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::{index::NameIndex, parse};

    fn resolved(t: &str) -> Vec<(String, String, f64)> {
        let g = Gazetteer::bundled().unwrap();
        let ix = NameIndex::build(&g);
        parse(t, 0..t.len(), &g, &ix)
            .mentions
            .into_iter()
            .map(|m| (m.text, g.places[m.place].id.clone(), m.score))
            .collect()
    }

    #[test]
    fn governorate_in_the_sentence_decides() {
        let r = resolved("Fighting reached Suran in Aleppo governorate.");
        assert_eq!(r[0].1, "geonames:163913", "{r:?}");
        let r = resolved("Fighting reached Suran in Hama province.");
        assert_eq!(r[0].1, "geonames:163915", "{r:?}");
    }

    #[test]
    fn equal_namesakes_without_context_stay_unresolved() {
        use crate::gazetteer::tsv::parse_places;
        let b = Gazetteer::bundled().unwrap();
        let head = "id\tname\tname_ar\tkind\tlon\tlat\tgovernorate\tcountry\tpopulation\talt_names\talt_names_ar\tparent\tsource\n";
        let rows = "local:a\tKafr Test\t\tvillage\t36.6\t35.9\tSY07\tSY\t\t\t\t\tt\nlocal:b\tKafr Test\t\tvillage\t37.9\t36.5\tSY02\tSY\t\t\t\t\tt\nlocal:c\tSaraqib\t\ttown\t36.8\t35.86\tSY07\tSY\t\t\t\t\tt\n";
        let places = parse_places(&format!("{head}{rows}"), std::path::Path::new("t.tsv")).unwrap();
        let g = Gazetteer::assemble(places, vec![], b.boundaries.clone(), "test".into()).unwrap();
        let ix = NameIndex::build(&g);
        let t = "Kafr Test was quiet.";
        let p = parse(t, 0..t.len(), &g, &ix);
        assert!(p.mentions.is_empty());
        assert_eq!(p.unresolved.len(), 1);
        assert!(
            p.unresolved[0].reason.starts_with("ambiguous"),
            "{:?}",
            p.unresolved
        );
        // The article's other places decide: Saraqib is beside the first.
        let t = "Kafr Test lies near Saraqib.";
        let p = parse(t, 0..t.len(), &g, &ix);
        assert_eq!(g.places[p.mentions[0].place].id, "local:a");
        assert_eq!(p.mentions[0].reason, "near the article's other places");
    }

    /// Reproducible numbers in 0..scale (xorshift).
    fn uniform(seed: u64) -> impl FnMut(f64) -> f64 {
        let mut next = crate::testing::xorshift(seed);
        move |scale| (next() >> 11) as f64 / (1u64 << 53) as f64 * scale
    }

    #[test]
    fn haversine_matches_place_distance_to_the_bit() {
        let g = Gazetteer::bundled().unwrap();
        let mut next = uniform(0x2545F4914F6CDD1D);
        for pl in &g.places {
            for _ in 0..50 {
                let (lon, lat) = (pl.lon + next(10.0) - 5.0, pl.lat + next(10.0) - 5.0);
                let a = Anchor::new(0, lon, lat);
                let cos = pl.lat.to_radians().cos();
                let got = haversine_km(pl.lon, pl.lat, cos, a.lon, a.lat, a.cos_lat);
                assert_eq!(got.to_bits(), pl.distance_km(lon, lat).to_bits());
            }
        }
        for _ in 0..100_000 {
            let (lon1, lat1) = (next(360.0) - 180.0, next(180.0) - 90.0);
            let (lon2, lat2) = (next(360.0) - 180.0, next(180.0) - 90.0);
            let p = Place {
                lon: lon1,
                lat: lat1,
                ..g.places[0].clone()
            };
            let got = haversine_km(
                lon1,
                lat1,
                lat1.to_radians().cos(),
                lon2,
                lat2,
                lat2.to_radians().cos(),
            );
            assert_eq!(got.to_bits(), p.distance_km(lon2, lat2).to_bits());
        }
    }

    #[test]
    fn nearest_by_chord_is_the_least_haversine_to_the_bit() {
        let mut next = uniform(0x9E3779B97F4A7C15);
        for round in 0..20_000 {
            // Points spread over the theatre, or packed within metres of each other.
            let spread = if round % 2 == 0 { 4.0 } else { 1e-5 };
            let (lon, lat) = (36.0 + next(spread), 35.0 + next(spread));
            let anchors: Vec<Anchor> = (0..1 + round % 9)
                .map(|k| {
                    if k > 0 && round % 3 == 0 {
                        // A twin of the first anchor: an exact tie.
                        Anchor::new(k, 36.0 + spread / 2.0, 35.0 + spread / 2.0)
                    } else {
                        Anchor::new(k, 36.0 + next(spread), 35.0 + next(spread))
                    }
                })
                .collect();
            let cos = lat.to_radians().cos();
            let want = anchors
                .iter()
                .map(|a| haversine_km(lon, lat, cos, a.lon, a.lat, a.cos_lat))
                .min_by(f64::total_cmp)
                .unwrap();
            let got = nearest_km(lon, lat, anchors.iter()).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "round {round}");
        }
        assert_eq!(nearest_km(36.0, 35.0, [].iter()), None);
    }

    #[test]
    fn prior_in_two_steps_is_the_prior_in_one_to_the_bit() {
        // The prior as one function, before `base_prior` was worked out once per place.
        fn prior(p: &Place, hint: Option<Hint>) -> f64 {
            let mut w = p.weight();
            if p.kind.is_populated() {
                let pop = p.population.unwrap_or(5000).max(1000) as f64;
                w *= 1.0 + 0.5 * (pop / 1000.0).log10();
            }
            if matches!(p.kind, Kind::District | Kind::Subdistrict) && hint != Some(Hint::Admin) {
                w *= 0.5;
            }
            if p.kind == Kind::Town {
                w *= 0.8;
            }
            w * hint_factor(p, hint)
        }
        let g = Gazetteer::bundled().unwrap();
        let facts = Facts::of(&g);
        assert_eq!(facts.places.len(), g.places.len());
        let hints = [
            None,
            Some(Hint::Admin),
            Some(Hint::Settlement),
            Some(Hint::Container),
        ];
        for (p, f) in g.places.iter().zip(&facts.places) {
            for h in hints {
                let got = prior_from(f.prior, p, h);
                assert_eq!(got.to_bits(), prior(p, h).to_bits(), "{} {h:?}", p.id);
            }
            let a = Anchor::new(0, p.lon, p.lat);
            assert_eq!((f.unit, f.cos_lat.to_bits()), (a.unit, a.cos_lat.to_bits()));
            assert_eq!(f.syrian, p.in_syria());
        }
    }

    #[test]
    fn certain_places_score_one() {
        let r = resolved("Rebels entered Saraqib.");
        assert_eq!(r[0].2, 1.0, "{r:?}");
    }
}
