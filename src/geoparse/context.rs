//! The words around a mention that tell a city from its governorate, and name a part of it.

use super::Mention;
use crate::gazetteer::{Gazetteer, Kind};
use crate::text::token::{Gap, Token};

/// What the surrounding words say about the kind of place meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// "governorate", "province", "countryside of", "towns in": the administrative unit.
    Admin,
    /// "city", "the town of": the settlement.
    Settlement,
}

/// The context found around one mention.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Surroundings {
    /// Kind hint, if any.
    pub hint: Option<Hint>,
    /// Part of the place named ("north", "countryside", "centre").
    pub qualifier: Option<String>,
    /// Start of a wider span ("the city of" is not included; "Idlib city" is).
    pub span_start: Option<usize>,
    /// End of a wider span.
    pub span_end: Option<usize>,
    /// Tokens after the name that belong to the mention ("city", "governorate").
    pub extra_after: usize,
}

const DIRECTIONS: &[(&str, &str)] = &[
    ("northern", "north"),
    ("southern", "south"),
    ("eastern", "east"),
    ("western", "west"),
    ("northwestern", "northwest"),
    ("northeastern", "northeast"),
    ("southwestern", "southwest"),
    ("southeastern", "southeast"),
    ("central", "centre"),
];

/// Settlements "in X" or "of X": X is the governorate ("parts of Aleppo" stays the city).
const PARTS: &[&str] = &["towns", "villages", "cities", "localities", "countryside"];

fn lower(t: &Token, text: &str) -> String {
    t.text(text).to_lowercase()
}

/// Reads the words before token `i` and after token `end` (exclusive).
pub fn surroundings(text: &str, toks: &[Token], i: usize, end: usize) -> Surroundings {
    let mut s = Surroundings::default();
    // Words before, nearest last, stopping at punctuation.
    let mut before: Vec<String> = Vec::new();
    let mut k = i;
    while k > 0 && before.len() < 5 && toks[k].gap != Gap::Break {
        k -= 1;
        before.insert(0, lower(&toks[k], text));
    }
    // Join hyphenated compass words ("north-western").
    let w = |n: usize| -> &str {
        before
            .len()
            .checked_sub(n)
            .map(|x| before[x].as_str())
            .unwrap_or("")
    };
    let mut direction: Option<&str> = None;
    if w(1) == "of" && matches!(w(2), "city" | "town" | "village") {
        s.hint = Some(Hint::Settlement);
    } else if w(1) == "of"
        && matches!(
            w(2),
            "countryside" | "province" | "governorate" | "provinces"
        )
    {
        s.hint = Some(Hint::Admin);
        if w(2) == "countryside" {
            s.qualifier = Some("countryside".into());
        }
        direction = dir(w(3)).or_else(|| dir(&format!("{}{}", w(4), w(3))));
    } else if matches!(w(1), "in" | "of" | "across" | "throughout") && PARTS.contains(&w(2)) {
        s.hint = Some(Hint::Admin);
        s.qualifier = Some("parts".into());
    } else if w(1) == "rural" {
        s.hint = Some(Hint::Admin);
        s.qualifier = Some("countryside".into());
    }
    if direction.is_none() && s.hint.is_none() {
        direction = dir(w(1)).or_else(|| dir(&format!("{}{}", w(2), w(1))));
    }
    // Words after.
    let mut j = end;
    let next = |j: usize| {
        toks.get(j)
            .filter(|t| matches!(t.gap, Gap::Space | Gap::Hyphen))
            .map(|t| lower(t, text))
    };
    if let Some(n) = next(j) {
        match n.as_str() {
            "governorate" | "province" => {
                s.hint = Some(Hint::Admin);
                s.span_end = Some(toks[j].end);
                s.extra_after = 1;
                j += 1;
            }
            "countryside" => {
                s.hint = Some(Hint::Admin);
                s.qualifier = Some("countryside".into());
                s.span_end = Some(toks[j].end);
                s.extra_after = 1;
            }
            // "the Aleppo and Idlib countryside": the shared noun makes both governorates.
            "and"
                if toks.get(j + 1).is_some_and(|t| t.capitalised)
                    && matches!(
                        next(j + 2).as_deref(),
                        Some("countryside" | "provinces" | "governorates")
                    ) =>
            {
                s.hint = Some(Hint::Admin);
                if next(j + 2).as_deref() == Some("countryside") {
                    s.qualifier = Some("countryside".into());
                }
            }
            "city" | "town" | "village" => {
                s.hint = Some(Hint::Settlement);
                s.span_end = Some(toks[j].end);
                s.extra_after = 1;
                j += 1;
                if matches!(next(j).as_deref(), Some("centre" | "center")) {
                    s.qualifier = Some("centre".into());
                    s.span_end = Some(toks[j].end);
                    s.extra_after = 2;
                }
            }
            _ => {}
        }
    }
    let _ = j;
    if let Some(d) = direction {
        s.qualifier = Some(match s.qualifier.take() {
            Some(q) => format!("{d} {q}"),
            None => d.to_string(),
        });
    }
    s
}

fn dir(word: &str) -> Option<&'static str> {
    let w = word.replace('-', "");
    DIRECTIONS.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

const SITE_NOUNS: &[&str] = &["citadel", "airport", "university", "castle"];
const SITE_ADJECTIVES: &[&str] = &[
    "old",
    "ancient",
    "hilltop",
    "historic",
    "main",
    "international",
    "military",
];

/// Resolves definite references to a site of the city named before: "the old citadel",
/// "the airport". A reference whose city has no such site in the gazetteer is left alone.
pub fn add_site_references(text: &str, toks: &[Token], g: &Gazetteer, out: &mut Vec<Mention>) {
    let mut found = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if lower(t, text) != "the" {
            continue;
        }
        let mut j = i + 1;
        while toks.get(j).is_some_and(|t| {
            t.gap == Gap::Space && SITE_ADJECTIVES.contains(&lower(t, text).as_str())
        }) {
            j += 1;
        }
        let Some(noun_tok) = toks.get(j).filter(|t| t.gap == Gap::Space) else {
            continue;
        };
        let noun = lower(noun_tok, text);
        if !SITE_NOUNS.contains(&noun.as_str())
            || out
                .iter()
                .any(|m| m.start <= noun_tok.start && noun_tok.end <= m.end)
        {
            continue;
        }
        let Some(city) = out
            .iter()
            .filter(|m| {
                m.end <= t.start
                    && g.places[m.place].kind.is_populated()
                    && g.places[m.place].in_syria()
            })
            .max_by_key(|m| m.end)
        else {
            continue;
        };
        let parent = &g.places[city.place].id;
        let site = g.places.iter().position(|p| {
            p.kind == Kind::Site
                && &p.parent == parent
                && p.name.to_lowercase().contains(noun.as_str())
        });
        if let Some(place) = site {
            let start = toks[i].start;
            found.push(Mention {
                start,
                end: noun_tok.end,
                text: text[start..noun_tok.end].to_string(),
                place,
                score: 0.6,
                qualifier: None,
                reason: "site of the city named before",
            });
        }
    }
    out.extend(found);
}
