//! Fusing the claims of all articles into each place's state, day by day.
//!
//! Each place starts from its [`baseline`] row, if any. Then, in date order, the claims
//! of each day are weighed together into a [`Decision`]:
//!
//! - explicit conflict or denial makes the place contested;
//! - claims are grouped by the side they give the place to, and each side counts its
//!   *independent* sources: the party that claims it, the monitor or agency an article
//!   cites, or else the outlet. Two outlets quoting the same monitor are one source;
//! - a side is confirmed when one of its claims is confirmed, or when a second
//!   independent source reports the same (a claim upgraded to confirmed);
//! - one confirmed side wins over unconfirmed rivals; confirmed sides that disagree make
//!   the place contested, unless every report of one side was published after every
//!   report of the other, in which case the later reports reverse the earlier;
//! - fighting inside a place (an incursion) is compatible with the same side's capture.
//!
//! A decision then meets the place's current state. Strikes and advances toward a place
//! ("circumstantial" evidence) never change a known state; an unconfirmed claim against a
//! confirmed report of the last two days makes the place contested; a decision that
//! agrees with the current state keeps it. Confidence grows with the number of
//! independent sources that agree. Every state keeps the claims behind it and says why.

pub mod baseline;

use crate::claims::{Claim, Controller, Status};
use crate::gazetteer::Gazetteer;
use baseline::{Baseline, BaselineRow};
use chrono::{Duration, NaiveDate};
use compact_str::{format_compact, CompactString};
use std::collections::{BTreeMap, BTreeSet};

/// A claim together with the article it came from.
#[derive(Clone, Debug)]
pub struct Sourced {
    /// Index of the article in the run.
    pub article: usize,
    /// The claim.
    pub claim: Claim,
    /// Who stands behind the claim: the claiming party, the monitor or agency the article
    /// cites, or else the outlet. Claims with the same source are not independent.
    pub source: CompactString,
    /// The publication date of its article.
    pub published: Option<NaiveDate>,
    /// The outlet of its article, when known.
    pub outlet: Option<CompactString>,
}

impl Sourced {
    /// Wraps a claim of an article, working out its independent source.
    pub fn new(article: usize, claim: Claim, a: &crate::article::Article) -> Sourced {
        let source = match (&claim.claimed_by, claim.reported_by.first()) {
            (Some(party), _) => format_compact!("claim by {party}"),
            (None, Some(agency)) => agency.as_str().into(),
            (None, None) => match &a.outlet {
                Some(o) => o.as_str().into(),
                None => format_compact!("article {}", a.source),
            },
        };
        Sourced {
            article,
            claim,
            source,
            published: a.published,
            outlet: a.outlet.as_deref().map(CompactString::from),
        }
    }
}

/// A place's state on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct DayState {
    /// Who holds it.
    pub controller: Controller,
    /// How.
    pub status: Status,
    /// First day of the current run of this controller.
    pub since: NaiveDate,
    /// Date of the decision (or baseline row) behind the state.
    pub decided: NaiveDate,
    /// 0..1, growing with agreeing independent sources.
    pub confidence: f64,
    /// True when a deciding claim is confirmed or two independent sources agree.
    pub confirmed: bool,
    /// Independent sources behind the state.
    pub sources: usize,
    /// Articles behind the state.
    pub articles: usize,
    /// The controller differs from the day before.
    pub changed: bool,
    /// Indices (into the fused claim list) of the deciding claims; empty for the baseline.
    pub evidence: Vec<usize>,
    /// True when the state rests on the baseline alone.
    pub baseline: bool,
    /// Why this state holds.
    pub why: String,
}

/// How the claims of one place and day were weighed.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The claims' date.
    pub date: NaiveDate,
    /// The side they give the place to.
    pub controller: Controller,
    /// How.
    pub status: Status,
    /// 0..1.
    pub confidence: f64,
    /// Confirmed, directly or by two independent sources.
    pub confirmed: bool,
    /// The independent sources that support it, sorted.
    pub sources: Vec<String>,
    /// Articles that support it.
    pub articles: usize,
    /// All claims of the day, sorted.
    pub evidence: Vec<usize>,
    /// Only strikes and advances toward the place: they never change a known state.
    pub circumstantial: bool,
    /// Whether it set the place's state.
    pub applied: bool,
    /// Why it came out so, and what it did to the state.
    pub why: String,
}

/// One place's states over the run's days.
#[derive(Clone, Debug)]
pub struct PlaceTimeline {
    /// Index of the place in the gazetteer.
    pub place: usize,
    /// The baseline row it started from, if any.
    pub baseline: Option<BaselineRow>,
    /// Every decision about it, in date order.
    pub decisions: Vec<Decision>,
    /// Claims left out because a later correction withdrew them: (claim, correcting claim).
    pub retracted: Vec<(usize, usize)>,
    /// State per day, from its first known state (or the run's first day) to the last day.
    pub days: BTreeMap<NaiveDate, DayState>,
}

/// The fused timeline of all places.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// First day with a dated claim.
    pub first: NaiveDate,
    /// Last day with a dated claim.
    pub last: NaiveDate,
    /// Places, sorted by id.
    pub places: Vec<PlaceTimeline>,
}

impl Timeline {
    /// Every day from first to last.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.first.iter_days().take_while(move |d| *d <= self.last)
    }

    /// The timeline of one place.
    pub fn place(&self, place: usize) -> Option<&PlaceTimeline> {
        self.places.iter().find(|p| p.place == place)
    }
}

/// True for claims that can be drawn on a Syrian control map.
pub fn mappable(g: &Gazetteer, c: &Claim) -> bool {
    let p = &g.places[c.place];
    c.date.is_some() && p.in_syria() && p.kind.is_control_point()
}

/// Strikes on a place and advances toward it only hint at who holds it.
fn circumstantial(c: &Claim) -> bool {
    c.rule.starts_with("strike:") || c.rule.starts_with("advance-target:")
}

/// How recent a confirmed report must be for an unconfirmed contrary claim to contest it.
const FRESH_DAYS: i64 = 2;

/// Fuses claims, starting from `baseline` if given, into per-day states.
/// Returns `None` when no claim is dated.
pub fn fuse(claims: &[Sourced], baseline: Option<&Baseline>, g: &Gazetteer) -> Option<Timeline> {
    let withdrawn = retractions(claims);
    let dated: Vec<usize> = (0..claims.len())
        .filter(|&i| {
            mappable(g, &claims[i].claim)
                && !claims[i].claim.retraction
                && !withdrawn.contains_key(&i)
        })
        .collect();
    let first = dated.iter().filter_map(|&i| claims[i].claim.date).min()?;
    let last = dated.iter().filter_map(|&i| claims[i].claim.date).max()?;
    let mut by_place: BTreeMap<&str, BTreeMap<NaiveDate, Vec<usize>>> = BTreeMap::new();
    for &i in &dated {
        let c = &claims[i].claim;
        by_place
            .entry(g.places[c.place].id.as_str())
            .or_default()
            .entry(c.date.expect("dated"))
            .or_default()
            .push(i);
    }
    for r in baseline.map(|b| b.rows.as_slice()).unwrap_or_default() {
        if r.as_of <= last {
            by_place.entry(g.places[r.place].id.as_str()).or_default();
        }
    }
    let mut places = Vec::new();
    for (id, groups) in by_place {
        let place = g.index_of(id).expect("claims name gazetteer places");
        let row = baseline
            .and_then(|b| b.row(place))
            .filter(|r| r.as_of <= last);
        let mut pt = place_timeline(claims, place, row, &groups, first, last, baseline);
        pt.retracted = withdrawn
            .iter()
            .filter(|(c, _)| claims[**c].claim.place == place)
            .map(|(c, r)| (*c, *r))
            .collect();
        places.push(pt);
    }
    Some(Timeline {
        first,
        last,
        places,
    })
}

/// The claims a correction withdraws, each with the correcting claim.
///
/// A correction ("Correction: a Northline report said X was captured on Thursday") withdraws
/// the claims about the same place and date published no later than it, by its own
/// outlet or by an outlet it names.
fn retractions(claims: &[Sourced]) -> BTreeMap<usize, usize> {
    let outlets: BTreeSet<&str> = claims.iter().filter_map(|c| c.outlet.as_deref()).collect();
    let mut out = BTreeMap::new();
    for (r, rc) in claims.iter().enumerate() {
        if !rc.claim.retraction || rc.claim.date.is_none() {
            continue;
        }
        let mut targets: BTreeSet<&str> = outlets
            .iter()
            .copied()
            .filter(|o| rc.claim.evidence.contains(o))
            .collect();
        targets.extend(rc.outlet.as_deref());
        for (i, c) in claims.iter().enumerate() {
            let same = c.claim.place == rc.claim.place && c.claim.date == rc.claim.date;
            let earlier = matches!((c.published, rc.published), (Some(a), Some(b)) if a <= b);
            if same
                && earlier
                && !c.claim.retraction
                && c.article != rc.article
                && c.outlet.as_deref().is_some_and(|o| targets.contains(o))
            {
                out.entry(i).or_insert(r);
            }
        }
    }
    out
}

fn place_timeline(
    claims: &[Sourced],
    place: usize,
    row: Option<&BaselineRow>,
    groups: &BTreeMap<NaiveDate, Vec<usize>>,
    first: NaiveDate,
    last: NaiveDate,
    baseline: Option<&Baseline>,
) -> PlaceTimeline {
    // The state after each date on which something is known.
    let mut states: BTreeMap<NaiveDate, DayState> = BTreeMap::new();
    let mut decisions = Vec::new();
    let mut cur: Option<DayState> = None;
    let mut dates: BTreeSet<NaiveDate> = groups.keys().copied().collect();
    if let Some(r) = row {
        dates.insert(r.as_of);
    }
    for date in dates {
        if let Some(r) = row.filter(|r| r.as_of == date) {
            let origin = baseline.map(|b| b.origin.as_str()).unwrap_or("baseline");
            cur = Some(DayState {
                controller: r.controller,
                status: Status::Held,
                since: r.as_of,
                decided: r.as_of,
                confidence: r.confidence,
                confirmed: true,
                sources: 1,
                articles: 0,
                changed: false,
                evidence: Vec::new(),
                baseline: true,
                why: format!(
                    "baseline {origin} line {} as of {}: {}",
                    r.line, r.as_of, r.source
                ),
            });
        }
        if let Some(ids) = groups.get(&date) {
            let mut d = decide(claims, ids, date);
            let next = apply(cur.as_ref(), &mut d);
            decisions.push(d);
            if let Some(n) = next {
                cur = Some(n);
            }
        }
        if let Some(c) = &cur {
            states.insert(date, c.clone());
        }
    }
    let mut days = BTreeMap::new();
    let mut prev: Option<DayState> = states.range(..first).next_back().map(|(_, s)| s.clone());
    for day in first.iter_days().take_while(|d| *d <= last) {
        let Some((_, s)) = states.range(..=day).next_back() else {
            continue;
        };
        let mut s = s.clone();
        let changed = prev.as_ref().is_none_or(|p| p.controller != s.controller);
        s.since = match &prev {
            Some(p) if !changed => p.since,
            _ => s.decided,
        };
        s.changed = changed && (s.decided == day || prev.is_some());
        prev = Some(s.clone());
        days.insert(day, s);
    }
    PlaceTimeline {
        place,
        baseline: row.cloned(),
        decisions,
        retracted: Vec::new(),
        days,
    }
}

/// Meets a decision with the current state; returns the new state, if it changes.
fn apply(cur: Option<&DayState>, d: &mut Decision) -> Option<DayState> {
    let state = |d: &Decision, controller: Controller, status: Status, why: String| DayState {
        controller,
        status,
        since: d.date,
        decided: d.date,
        confidence: d.confidence,
        confirmed: d.confirmed,
        sources: d.sources.len(),
        articles: d.articles,
        changed: false,
        evidence: d.evidence.clone(),
        baseline: false,
        why,
    };
    let Some(cur) = cur else {
        d.applied = true;
        return Some(state(
            d,
            d.controller,
            d.status,
            format!("first report: {}", d.why),
        ));
    };
    if d.circumstantial {
        d.applied = false;
        d.why
            .push_str("; strikes and advances do not change a known state");
        return None;
    }
    if d.controller == cur.controller && cur.confirmed && !d.confirmed {
        d.applied = false;
        d.why.push_str("; agrees with the current state");
        return None;
    }
    let fresh = !cur.baseline && d.date - cur.decided <= Duration::days(FRESH_DAYS);
    if !d.confirmed
        && d.controller != Controller::Contested
        && d.controller != cur.controller
        && cur.confirmed
        && fresh
    {
        d.applied = true;
        let why = format!(
            "{}; it disputes the confirmed report of {} ({}), so the place is contested",
            d.why,
            cur.decided,
            cur.controller.as_str()
        );
        d.why = why.clone();
        return Some(state(d, Controller::Contested, Status::Contested, why));
    }
    d.applied = true;
    let why = if cur.controller == d.controller {
        format!("{}; same side as before", d.why)
    } else {
        format!(
            "{}; replaces {} ({} since {})",
            d.why,
            cur.controller.as_str(),
            cur.status.as_str(),
            cur.since
        )
    };
    d.why = why.clone();
    Some(state(d, d.controller, d.status, why))
}

/// Soft contested claims (fighting inside, part taken) are compatible with their actor holding the place.
fn soft(c: &Claim) -> bool {
    c.controller == Controller::Contested
        && (c.rule.starts_with("incursion") || c.rule.starts_with("partial-capture"))
}

/// The claims of one side.
struct Side {
    controller: Controller,
    ids: Vec<usize>,
    sources: BTreeSet<String>,
    direct: bool,
    first_published: Option<NaiveDate>,
    last_published: Option<NaiveDate>,
}

impl Side {
    fn confirmed(&self) -> bool {
        self.direct || self.sources.len() >= 2
    }

    fn status(&self, claims: &[Sourced]) -> Status {
        let cl = |i: &usize| &claims[*i].claim;
        if !self.confirmed() {
            return Status::Claimed;
        }
        let captured = self.ids.iter().any(|i| {
            let c = cl(i);
            c.status == Status::Captured || (!self.direct && c.rule.starts_with("capture:"))
        });
        if captured {
            Status::Captured
        } else if self.ids.iter().any(|i| cl(i).status == Status::Besieged) {
            Status::Besieged
        } else {
            Status::Held
        }
    }

    fn describe(&self) -> String {
        format!(
            "{} ({} independent source{}: {})",
            self.controller.as_str(),
            self.sources.len(),
            if self.sources.len() == 1 { "" } else { "s" },
            self.sources.iter().cloned().collect::<Vec<_>>().join(", ")
        )
    }
}

fn decide(claims: &[Sourced], ids: &[usize], date: NaiveDate) -> Decision {
    let get = |i: &usize| &claims[*i].claim;
    let hard: Vec<usize> = ids
        .iter()
        .copied()
        .filter(|i| get(i).controller == Controller::Contested && !soft(get(i)))
        .collect();
    let softs: Vec<usize> = ids.iter().copied().filter(|i| soft(get(i))).collect();
    let mut sides: BTreeMap<Controller, Side> = BTreeMap::new();
    for i in ids {
        let c = get(i);
        if c.controller == Controller::Contested {
            continue;
        }
        let s = sides.entry(c.controller).or_insert_with(|| Side {
            controller: c.controller,
            ids: Vec::new(),
            sources: BTreeSet::new(),
            direct: false,
            first_published: None,
            last_published: None,
        });
        s.ids.push(*i);
        s.sources.insert(claims[*i].source.to_string());
        s.direct |= c.confirmed;
        let p = claims[*i].published;
        s.first_published = match (s.first_published, p) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        s.last_published = s.last_published.max(p);
    }
    let only_circumstantial = |s: &Side| s.ids.iter().all(|i| circumstantial(get(i)));
    let substantive = sides.values().any(|s| !only_circumstantial(s));
    let circ = !substantive && hard.is_empty() && softs.is_empty() && !sides.is_empty();
    if substantive {
        sides.retain(|_, s| !only_circumstantial(s));
    }
    let all: Vec<usize> = ids.to_vec();
    let contested =
        |support: Vec<usize>, why: String| (Controller::Contested, Status::Contested, support, why);
    let firm: Vec<&Side> = sides.values().filter(|s| s.confirmed()).collect();
    let weak: Vec<&Side> = sides.values().filter(|s| !s.confirmed()).collect();
    let (controller, status, support, why) = if !hard.is_empty() {
        let rules: BTreeSet<&str> = hard.iter().map(|i| get(i).rule.as_str()).collect();
        contested(
            all.clone(),
            format!(
                "reports conflict or are denied ({})",
                rules.into_iter().collect::<Vec<_>>().join(", ")
            ),
        )
    } else if firm.len() == 1 {
        let side = firm[0];
        let inside: Vec<usize> = softs
            .iter()
            .copied()
            .filter(|i| get(i).actor != Some(side.controller))
            .collect();
        if !inside.is_empty() {
            contested(
                all.clone(),
                format!(
                    "{} is reported, but so is fighting inside by the other side",
                    side.describe()
                ),
            )
        } else {
            let mut why = format!("{} report it", side.describe());
            if !side.direct {
                why.push_str("; upgraded to confirmed by a second independent source");
            }
            for w in &weak {
                why.push_str(&format!(
                    "; beats the unconfirmed claim for {}",
                    w.controller.as_str()
                ));
            }
            let mut sup = side.ids.clone();
            sup.extend(softs.iter().copied());
            (side.controller, side.status(claims), sup, why)
        }
    } else if firm.len() >= 2 {
        // A side whose every report came out after every report of the others reverses them.
        let later = firm.iter().find(|s| {
            firm.iter().all(|o| {
                o.controller == s.controller
                    || matches!((s.first_published, o.last_published), (Some(a), Some(b)) if a > b)
            })
        });
        match later {
            Some(side) => (
                side.controller,
                side.status(claims),
                side.ids.clone(),
                format!(
                    "{} in reports published from {}, after the earlier reports of {}; the later reports win",
                    side.describe(),
                    side.first_published.map(|d| d.to_string()).unwrap_or_default(),
                    firm.iter()
                        .filter(|o| o.controller != side.controller)
                        .map(|o| o.controller.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            None => contested(
                all.clone(),
                format!(
                    "confirmed reports disagree: {}",
                    firm.iter().map(|s| s.describe()).collect::<Vec<_>>().join(" against ")
                ),
            ),
        }
    } else if !softs.is_empty() {
        contested(all.clone(), "fighting inside the place is reported".into())
    } else if weak.len() == 1 {
        let side = weak[0];
        (
            side.controller,
            Status::Claimed,
            side.ids.clone(),
            format!("{}, unconfirmed", side.describe()),
        )
    } else {
        contested(
            all.clone(),
            format!(
                "unconfirmed claims disagree: {}",
                weak.iter()
                    .map(|s| s.describe())
                    .collect::<Vec<_>>()
                    .join(" against ")
            ),
        )
    };
    // Confidence: independent sources agreeing; each counts once, by its strongest claim.
    let mut per_source: BTreeMap<&str, f64> = BTreeMap::new();
    for i in &support {
        let e = per_source.entry(claims[*i].source.as_str()).or_insert(0.0);
        *e = e.max(get(i).confidence);
    }
    let miss: f64 = per_source.values().map(|c| 1.0 - c).product();
    let articles: BTreeSet<usize> = support.iter().map(|i| claims[*i].article).collect();
    let confirmed = match controller {
        Controller::Contested => support.iter().any(|i| get(i).confirmed),
        c => sides.get(&c).is_some_and(Side::confirmed),
    };
    let mut evidence = all;
    evidence.sort();
    Decision {
        date,
        controller,
        status,
        confidence: ((1.0 - miss) * 100.0).round() / 100.0,
        confirmed,
        sources: per_source.keys().map(|s| s.to_string()).collect(),
        articles: articles.len(),
        evidence,
        circumstantial: circ,
        applied: false,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::time::DateBasis;

    /// A claim of `article` (from `source`, published `published`) about `place` on `date`.
    struct C<'a> {
        article: usize,
        source: &'a str,
        published: &'a str,
        place: usize,
        side: (Controller, Status),
        date: &'a str,
        confirmed: bool,
        rule: &'a str,
    }

    fn sourced(c: C) -> Sourced {
        Sourced {
            article: c.article,
            source: c.source.into(),
            published: c.published.parse().ok(),
            outlet: Some(c.source.into()),
            claim: Claim {
                mention: 0,
                place: c.place,
                controller: c.side.0,
                status: c.side.1,
                actor: Some(Controller::Opposition),
                date: Some(c.date.parse().unwrap()),
                date_span: None,
                date_basis: DateBasis::Relative,
                confidence: 0.8,
                confirmed: c.confirmed,
                claimed_by: None,
                reported_by: vec![],
                rule: c.rule.into(),
                retraction: false,
                sentence: 0..0,
                evidence: String::new(),
            },
        }
    }

    fn c<'a>(
        article: usize,
        place: usize,
        side: (Controller, Status),
        date: &'a str,
        confirmed: bool,
        rule: &'a str,
    ) -> C<'a> {
        C {
            article,
            source: ["outlet A", "outlet B", "outlet C"][article % 3],
            published: date,
            place,
            side,
            date,
            confirmed,
            rule,
        }
    }

    fn state(t: &Timeline, day: &str) -> (Controller, Status) {
        let s = &t.places[0].days[&day.parse::<NaiveDate>().unwrap()];
        (s.controller, s.status)
    }

    const OPP_CAPTURED: (Controller, Status) = (Controller::Opposition, Status::Captured);
    const OPP_CLAIMED: (Controller, Status) = (Controller::Opposition, Status::Claimed);
    const GOV_HELD: (Controller, Status) = (Controller::Government, Status::Held);
    const GOV_CLAIMED: (Controller, Status) = (Controller::Government, Status::Claimed);
    const CONTESTED: (Controller, Status) = (Controller::Contested, Status::Contested);

    fn aleppo(g: &Gazetteer) -> usize {
        g.index_of("geonames:170063").unwrap()
    }

    #[test]
    fn latest_claim_wins_and_carries_forward() {
        let g = Gazetteer::bundled().unwrap();
        let a = aleppo(&g);
        let claims: Vec<Sourced> = [
            c(0, a, CONTESTED, "2024-11-29", true, "incursion:entered"),
            c(0, a, OPP_CAPTURED, "2024-11-30", true, "capture:overran"),
            c(1, a, OPP_CAPTURED, "2024-11-30", true, "capture:seized"),
            c(
                1,
                a,
                (Controller::Opposition, Status::Held),
                "2024-12-02",
                true,
                "hold:control",
            ),
        ]
        .into_iter()
        .map(sourced)
        .collect();
        let t = fuse(&claims, None, &g).unwrap();
        assert_eq!(state(&t, "2024-11-29"), CONTESTED);
        assert_eq!(state(&t, "2024-11-30"), OPP_CAPTURED);
        assert_eq!(state(&t, "2024-12-01"), OPP_CAPTURED);
        let d = &t.places[0].days[&"2024-11-30".parse::<NaiveDate>().unwrap()];
        assert_eq!((d.sources, d.articles), (2, 2));
        assert_eq!(d.confidence, 0.96);
        assert!(d.changed);
        let later = &t.places[0].days[&"2024-12-02".parse::<NaiveDate>().unwrap()];
        assert!(!later.changed);
        assert_eq!(later.since.to_string(), "2024-11-30");
    }

    #[test]
    fn disagreement_contests_and_confirmed_beats_claimed() {
        let g = Gazetteer::bundled().unwrap();
        let hama = g.index_of("geonames:170017").unwrap();
        let run =
            |v: Vec<C>| fuse(&v.into_iter().map(sourced).collect::<Vec<_>>(), None, &g).unwrap();
        let t = run(vec![
            c(0, hama, OPP_CAPTURED, "2024-12-05", true, "capture:took"),
            c(1, hama, GOV_CLAIMED, "2024-12-05", false, "repel:repelled"),
        ]);
        assert_eq!(state(&t, "2024-12-05"), OPP_CAPTURED);
        assert!(t.places[0]
            .days
            .values()
            .next()
            .unwrap()
            .why
            .contains("beats the unconfirmed claim"));
        let t = run(vec![
            c(0, hama, OPP_CAPTURED, "2024-12-05", true, "capture:took"),
            c(1, hama, GOV_HELD, "2024-12-05", true, "hold:held"),
        ]);
        assert_eq!(state(&t, "2024-12-05"), CONTESTED);
    }

    #[test]
    fn a_second_independent_source_confirms_a_claim() {
        let g = Gazetteer::bundled().unwrap();
        let a = aleppo(&g);
        let mut one = c(0, a, OPP_CLAIMED, "2024-11-30", false, "capture:captured");
        one.source = "claim by rebels";
        let mut same = c(1, a, OPP_CLAIMED, "2024-11-30", false, "capture:captured");
        same.source = "claim by rebels";
        let t = fuse(&[sourced(one), sourced(same)], None, &g).unwrap();
        assert_eq!(
            state(&t, "2024-11-30"),
            OPP_CLAIMED,
            "one party twice is one source"
        );
        let mut one = c(0, a, OPP_CLAIMED, "2024-11-30", false, "capture:captured");
        one.source = "claim by rebels";
        let mut monitor = c(1, a, OPP_CLAIMED, "2024-11-30", false, "capture:captured");
        monitor.source = "war monitor";
        let t = fuse(&[sourced(one), sourced(monitor)], None, &g).unwrap();
        let s = &t.places[0].days.values().next().unwrap();
        assert_eq!(
            (s.controller, s.status, s.confirmed),
            (Controller::Opposition, Status::Captured, true)
        );
        assert!(s.why.contains("upgraded to confirmed"), "{}", s.why);
    }

    #[test]
    fn later_reports_reverse_earlier_ones() {
        let g = Gazetteer::bundled().unwrap();
        let a = aleppo(&g);
        let mut early = c(0, a, GOV_HELD, "2024-11-30", true, "hold:held");
        early.published = "2024-11-30";
        let mut late = c(1, a, OPP_CAPTURED, "2024-11-30", true, "capture:took");
        late.published = "2024-12-02";
        let t = fuse(&[sourced(early), sourced(late)], None, &g).unwrap();
        assert_eq!(state(&t, "2024-11-30"), OPP_CAPTURED);
        // A later date reverses an earlier one too.
        let t = fuse(
            &[
                sourced(c(0, a, OPP_CAPTURED, "2024-11-30", true, "capture:took")),
                sourced(c(1, a, GOV_HELD, "2024-12-06", true, "capture:retook")),
            ],
            None,
            &g,
        )
        .unwrap();
        assert_eq!(state(&t, "2024-12-05"), OPP_CAPTURED);
        assert_eq!(state(&t, "2024-12-06"), GOV_HELD);
    }

    #[test]
    fn strikes_and_advances_do_not_move_a_known_state() {
        let g = Gazetteer::bundled().unwrap();
        let a = aleppo(&g);
        let t = fuse(
            &[
                sourced(c(0, a, OPP_CAPTURED, "2024-11-30", true, "capture:took")),
                sourced(c(
                    1,
                    a,
                    GOV_HELD,
                    "2024-12-01",
                    true,
                    "advance-target:advance-toward",
                )),
            ],
            None,
            &g,
        )
        .unwrap();
        assert_eq!(state(&t, "2024-12-01"), OPP_CAPTURED);
        assert!(!t.places[0].decisions[1].applied);
        // An unconfirmed contrary claim right after a confirmed capture contests it.
        let t = fuse(
            &[
                sourced(c(0, a, OPP_CAPTURED, "2024-11-30", true, "capture:took")),
                sourced(c(1, a, GOV_CLAIMED, "2024-12-01", false, "capture:retook")),
            ],
            None,
            &g,
        )
        .unwrap();
        assert_eq!(state(&t, "2024-12-01"), CONTESTED);
    }

    #[test]
    fn baseline_places_show_every_day_and_flag_changes() {
        let g = Gazetteer::bundled().unwrap();
        let a = aleppo(&g);
        let b = Baseline::parse(
            "place\tcontroller\tas_of\tsource\ngeonames:170063\tgovernment\t2024-11-26\tx\ngeonames:170017\tgovernment\t2024-11-26\ty\n",
            "b.tsv",
            &g,
        )
        .unwrap();
        let t = fuse(
            &[sourced(c(
                0,
                a,
                OPP_CAPTURED,
                "2024-11-30",
                true,
                "capture:took",
            ))],
            Some(&b),
            &g,
        )
        .unwrap();
        assert_eq!(t.places.len(), 2);
        let hama = t.places.iter().find(|p| p.place != a).unwrap();
        assert_eq!(hama.days.len(), 1);
        assert!(hama.days.values().all(|s| s.baseline && !s.changed));
        let al = t.place(a).unwrap();
        assert!(al.days.values().all(|s| s.changed));
        assert_eq!(
            al.days.values().next().unwrap().controller,
            Controller::Opposition
        );
        // Without the claim on its day, the baseline would show.
        let t = fuse(
            &[
                sourced(c(0, a, OPP_CAPTURED, "2024-11-30", true, "capture:took")),
                sourced(c(0, a, OPP_CAPTURED, "2024-11-28", true, "strike:strike")),
            ],
            Some(&b),
            &g,
        )
        .unwrap();
        let al = t.place(a).unwrap();
        let day = |d: &str| &al.days[&d.parse::<NaiveDate>().unwrap()];
        assert_eq!(day("2024-11-28").controller, Controller::Government);
        assert!(!day("2024-11-29").changed);
        assert!(day("2024-11-30").changed);
    }
}
