//! Fusing the claims of all articles into each place's state, day by day.
//!
//! A place's state on day D comes from its latest claims dated on or before D. Among
//! claims of the same date, explicit conflict or denial makes the place contested;
//! confirmed claims beat claimed ones; confirmed claims that disagree make it contested;
//! fighting inside (an incursion) is compatible with the same side's capture that day.
//! Confidence grows with the number of articles that agree.

use crate::claims::{Claim, Controller, Status};
use crate::gazetteer::Gazetteer;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A claim together with the article it came from.
#[derive(Clone, Debug)]
pub struct Sourced {
    /// Index of the article in the run.
    pub article: usize,
    /// The claim.
    pub claim: Claim,
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
    /// Date of the claims that decide the state.
    pub decided: NaiveDate,
    /// 0..1, growing with agreeing articles.
    pub confidence: f64,
    /// True when some deciding claim is confirmed.
    pub confirmed: bool,
    /// Number of distinct articles behind the state.
    pub sources: usize,
    /// The controller differs from the day before.
    pub changed: bool,
    /// Indices (into the fused claim list) of the deciding claims.
    pub evidence: Vec<usize>,
}

/// One place's states over the run's days.
#[derive(Clone, Debug)]
pub struct PlaceTimeline {
    /// Index of the place in the gazetteer.
    pub place: usize,
    /// State per day, from the place's first dated claim to the last day of the run.
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
}

/// True for claims that can be drawn on a Syrian control map.
pub fn mappable(g: &Gazetteer, c: &Claim) -> bool {
    let p = &g.places[c.place];
    c.date.is_some() && p.in_syria() && p.kind.is_control_point()
}

/// Fuses claims into per-day states. Returns `None` when no claim is dated.
pub fn fuse(claims: &[Sourced], g: &Gazetteer) -> Option<Timeline> {
    let dated: Vec<usize> = (0..claims.len())
        .filter(|&i| mappable(g, &claims[i].claim))
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
    let mut places = Vec::new();
    for (id, groups) in by_place {
        let place = g.index_of(id).expect("claims name gazetteer places");
        let decided: BTreeMap<NaiveDate, Decision> = groups
            .iter()
            .map(|(d, ids)| (*d, decide(claims, ids)))
            .collect();
        let mut days = BTreeMap::new();
        let mut prev: Option<DayState> = None;
        let start = *groups.keys().next().expect("non-empty");
        for day in start.iter_days().take_while(|d| *d <= last) {
            let (date, dec) = decided
                .range(..=day)
                .next_back()
                .expect("a group on or before");
            let changed = prev.as_ref().is_none_or(|p| p.controller != dec.controller);
            let since = if changed {
                *date
            } else {
                prev.as_ref().expect("not changed").since
            };
            let state = DayState {
                controller: dec.controller,
                status: dec.status,
                since,
                decided: *date,
                confidence: dec.confidence,
                confirmed: dec.confirmed,
                sources: dec.sources,
                changed: changed && day == *date,
                evidence: dec.evidence.clone(),
            };
            prev = Some(state.clone());
            days.insert(day, state);
        }
        places.push(PlaceTimeline { place, days });
    }
    Some(Timeline {
        first,
        last,
        places,
    })
}

#[derive(Clone, Debug)]
struct Decision {
    controller: Controller,
    status: Status,
    confidence: f64,
    confirmed: bool,
    sources: usize,
    evidence: Vec<usize>,
}

/// Soft contested claims (fighting inside, part taken) are compatible with their actor holding the place.
fn soft(c: &Claim) -> bool {
    c.controller == Controller::Contested
        && (c.rule.starts_with("incursion") || c.rule.starts_with("partial-capture"))
}

fn decide(claims: &[Sourced], ids: &[usize]) -> Decision {
    let get = |i: &usize| &claims[*i].claim;
    let hard: Vec<usize> = ids
        .iter()
        .copied()
        .filter(|i| get(i).controller == Controller::Contested && !soft(get(i)))
        .collect();
    let softs: Vec<usize> = ids.iter().copied().filter(|i| soft(get(i))).collect();
    let firm: Vec<usize> = ids
        .iter()
        .copied()
        .filter(|i| get(i).controller != Controller::Contested && get(i).confirmed)
        .collect();
    let weak: Vec<usize> = ids
        .iter()
        .copied()
        .filter(|i| get(i).controller != Controller::Contested && !get(i).confirmed)
        .collect();
    let sides =
        |v: &[usize]| -> BTreeSet<Controller> { v.iter().map(|i| get(i).controller).collect() };
    let (controller, status, support): (Controller, Status, Vec<usize>) = if !hard.is_empty() {
        (Controller::Contested, Status::Contested, ids.to_vec())
    } else if !firm.is_empty() {
        let s = sides(&firm);
        let side = *s.iter().next().expect("non-empty");
        let soft_others = softs.iter().any(|i| get(i).actor != Some(side));
        if s.len() == 1 && !soft_others {
            let status = if firm.iter().any(|i| get(i).status == Status::Captured) {
                Status::Captured
            } else {
                Status::Held
            };
            let mut sup: Vec<usize> = firm.clone();
            sup.extend(softs.iter().copied());
            sup.extend(weak.iter().copied().filter(|i| get(i).controller == side));
            (side, status, sup)
        } else {
            (Controller::Contested, Status::Contested, ids.to_vec())
        }
    } else if !softs.is_empty() {
        (Controller::Contested, Status::Contested, ids.to_vec())
    } else {
        let s = sides(&weak);
        if s.len() == 1 {
            (
                *s.iter().next().expect("non-empty"),
                Status::Claimed,
                weak.clone(),
            )
        } else {
            (Controller::Contested, Status::Contested, ids.to_vec())
        }
    };
    // Confidence: independent articles agreeing; each article counts once, by its strongest claim.
    let mut per_article: BTreeMap<usize, f64> = BTreeMap::new();
    for i in &support {
        let e = per_article.entry(claims[*i].article).or_insert(0.0);
        *e = e.max(get(i).confidence);
    }
    let miss: f64 = per_article.values().map(|c| 1.0 - c).product();
    let mut evidence = support.clone();
    evidence.sort();
    Decision {
        controller,
        status,
        confidence: ((1.0 - miss) * 100.0).round() / 100.0,
        confirmed: support.iter().any(|i| get(i).confirmed),
        sources: per_article.len(),
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::time::DateBasis;

    fn claim(
        place: usize,
        controller: Controller,
        status: Status,
        date: &str,
        confirmed: bool,
        rule: &str,
    ) -> Claim {
        Claim {
            mention: 0,
            place,
            controller,
            status,
            actor: Some(Controller::Opposition),
            date: Some(date.parse().unwrap()),
            date_basis: DateBasis::Relative,
            confidence: 0.8,
            confirmed,
            claimed_by: None,
            reported_by: vec![],
            rule: rule.into(),
            sentence: 0..0,
            evidence: String::new(),
        }
    }

    /// A claim of `article` about `place` on `date` as the fuser sees it.
    fn sourced(
        article: usize,
        place: usize,
        (controller, status): (Controller, Status),
        date: &str,
        confirmed: bool,
        rule: &str,
    ) -> Sourced {
        Sourced {
            article,
            claim: claim(place, controller, status, date, confirmed, rule),
        }
    }

    fn state(t: &Timeline, day: &str) -> (Controller, Status) {
        let s = &t.places[0].days[&day.parse::<NaiveDate>().unwrap()];
        (s.controller, s.status)
    }

    #[test]
    fn latest_claim_wins_and_carries_forward() {
        let g = Gazetteer::bundled().unwrap();
        let aleppo = g.index_of("geonames:170063").unwrap();
        let claims = vec![
            sourced(
                0,
                aleppo,
                (Controller::Contested, Status::Contested),
                "2024-11-29",
                true,
                "incursion:entered",
            ),
            sourced(
                0,
                aleppo,
                (Controller::Opposition, Status::Captured),
                "2024-11-30",
                true,
                "capture:overran",
            ),
            sourced(
                1,
                aleppo,
                (Controller::Opposition, Status::Captured),
                "2024-11-30",
                true,
                "capture:seized",
            ),
            sourced(
                1,
                aleppo,
                (Controller::Opposition, Status::Held),
                "2024-12-02",
                true,
                "hold:control",
            ),
        ];
        let t = fuse(&claims, &g).unwrap();
        assert_eq!(
            state(&t, "2024-11-29"),
            (Controller::Contested, Status::Contested)
        );
        assert_eq!(
            state(&t, "2024-11-30"),
            (Controller::Opposition, Status::Captured)
        );
        assert_eq!(
            state(&t, "2024-12-01"),
            (Controller::Opposition, Status::Captured)
        );
        let d = &t.places[0].days[&"2024-11-30".parse::<NaiveDate>().unwrap()];
        assert_eq!(d.sources, 2);
        assert_eq!(d.confidence, 0.96);
        assert!(d.changed);
        assert!(!t.places[0].days[&"2024-12-02".parse::<NaiveDate>().unwrap()].changed);
    }

    #[test]
    fn disagreement_contests_and_confirmed_beats_claimed() {
        let g = Gazetteer::bundled().unwrap();
        let hama = g.index_of("geonames:170017").unwrap();
        let c = vec![
            sourced(
                0,
                hama,
                (Controller::Opposition, Status::Captured),
                "2024-12-05",
                true,
                "capture:took",
            ),
            sourced(
                1,
                hama,
                (Controller::Government, Status::Claimed),
                "2024-12-05",
                false,
                "repel:repelled",
            ),
        ];
        assert_eq!(
            state(&fuse(&c, &g).unwrap(), "2024-12-05"),
            (Controller::Opposition, Status::Captured)
        );
        let c = vec![
            sourced(
                0,
                hama,
                (Controller::Opposition, Status::Captured),
                "2024-12-05",
                true,
                "capture:took",
            ),
            sourced(
                1,
                hama,
                (Controller::Government, Status::Held),
                "2024-12-05",
                true,
                "hold:held",
            ),
        ];
        assert_eq!(
            state(&fuse(&c, &g).unwrap(), "2024-12-05"),
            (Controller::Contested, Status::Contested)
        );
    }
}
