//! The words around a mention that tell a city from its governorate, and name a part of it.

use super::Mention;
use crate::gazetteer::{Gazetteer, Kind};
use crate::text::lower_is_in;
use crate::text::token::{Gap, Token};
use compact_str::CompactString;
use std::cell::OnceCell;

/// What the surrounding words say about the kind of place meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// "governorate", "province", "countryside of", "towns in": the administrative unit.
    Admin,
    /// "city", "the town of": the settlement.
    Settlement,
    /// "towns in X", "the villages of X": X is a governorate if it names one, else the
    /// words head a list of settlements ("the towns of Atarib, Darat Izza and Anadan").
    Container,
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
    /// "10 km south of X": the distance in km and the compass bearing in degrees from X.
    pub offset: Option<(f64, f64)>,
}

const DIRECTIONS: &[(&str, &str)] = &[
    ("north", "north"),
    ("south", "south"),
    ("east", "east"),
    ("west", "west"),
    ("northwest", "northwest"),
    ("northeast", "northeast"),
    ("southwest", "southwest"),
    ("southeast", "southeast"),
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

/// Parts of a settlement: "the northern suburbs of X", "X's outskirts", "the centre of X".
const SUBPARTS: &[(&str, &str)] = &[
    ("suburbs", "suburbs"),
    ("suburb", "suburbs"),
    ("outskirts", "outskirts"),
    ("edge", "edge"),
    ("edges", "edge"),
    ("centre", "centre"),
    ("center", "centre"),
    ("heart", "centre"),
    ("approaches", "approaches"),
    ("gates", "approaches"),
    ("entrance", "approaches"),
    ("entrances", "approaches"),
    ("neighbourhoods", "neighbourhoods"),
    ("neighborhoods", "neighbourhoods"),
    ("districts", "neighbourhoods"),
];

/// Length units of distance phrases, in km.
const UNITS: &[(&str, f64)] = &[
    ("km", 1.0),
    ("kms", 1.0),
    ("kilometres", 1.0),
    ("kilometers", 1.0),
    ("kilometre", 1.0),
    ("kilometer", 1.0),
    ("miles", 1.609_344),
    ("mile", 1.609_344),
];

fn subpart(word: &str) -> Option<&'static str> {
    SUBPARTS.iter().find(|(k, _)| *k == word).map(|(_, v)| *v)
}

/// Compass bearing in degrees of a direction word.
pub fn bearing(direction: &str) -> Option<f64> {
    Some(match direction {
        "north" => 0.0,
        "northeast" => 45.0,
        "east" => 90.0,
        "southeast" => 135.0,
        "south" => 180.0,
        "southwest" => 225.0,
        "west" => 270.0,
        "northwest" => 315.0,
        _ => return None,
    })
}

/// A distance written as "10 km", "10km", "some 20 kilometres": `(number, unit)` words
/// before a direction, nearest last.
fn distance(num: &str, unit: &str) -> Option<f64> {
    let km = |u: &str| UNITS.iter().find(|(k, _)| *k == u).map(|(_, f)| *f);
    if let Some(f) = km(unit) {
        return num.replace(',', "").parse::<f64>().ok().map(|n| n * f);
    }
    // "10km" as one word.
    let split = unit.find(|c: char| c.is_alphabetic())?;
    let (n, u) = unit.split_at(split);
    Some(n.parse::<f64>().ok()? * km(u)?)
}

/// Settlements "in X" or "of X": X is the governorate ("parts of Aleppo" stays the city).
const PARTS: &[&str] = &["towns", "villages", "cities", "localities", "countryside"];

/// A token's text lower-cased: see [`lower`].
enum Lower<'a> {
    /// The text itself, which has no capital to lower.
    Text(&'a str),
    /// A lower-cased copy; short words stay inline, without an allocation.
    Copy(CompactString),
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Lower::Text(s) => s,
            Lower::Copy(c) => c,
        }
    }
}

/// The token's text lower-cased, borrowed from the text when it is ASCII without capitals
/// (most words a rule reads: "of", "in", "countryside").
fn lower<'a>(t: &Token, text: &'a str) -> Lower<'a> {
    let s = t.text(text);
    if s.is_ascii() {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Lower::Text(s);
        }
        let mut c = CompactString::from(s);
        c.make_ascii_lowercase();
        Lower::Copy(c)
    } else {
        Lower::Copy(CompactString::from(s.to_lowercase()))
    }
}

/// Reads the words before token `i` and after token `end` (exclusive).
pub fn surroundings(text: &str, toks: &[Token], i: usize, end: usize) -> Surroundings {
    let mut s = Surroundings::default();
    // Up to five words before, nearest first, stopping at punctuation.
    let mut found = 0;
    let mut k = i;
    while k > 0 && found < 5 && toks[k].gap != Gap::Break {
        k -= 1;
        found += 1;
    }
    // Each lower-cased the first time a rule reads it.
    let before: [OnceCell<Lower>; 5] = Default::default();
    // The `n`th word before (1 the nearest), or "".
    let w = |n: usize| -> &str {
        if (1..=found).contains(&n) {
            before[n - 1].get_or_init(|| lower(&toks[i - n], text))
        } else {
            ""
        }
    };
    let mut direction: Option<&str> = None;
    // "(10 km) south of X", "north-west of X": a place near X, not X itself.
    let compound = |a: &str, b: &str| dir2(a, b).filter(|d| d.len() > 5);
    let rel = if matches!(w(1), "of" | "from") {
        compound(w(3), w(2))
            .map(|d| (d, 3))
            .or_else(|| dir(w(2)).filter(|_| !w(2).ends_with("ern")).map(|d| (d, 2)))
    } else {
        None
    };
    if let Some((d, used)) = rel {
        let km = distance(w(used + 2), w(used + 1)).or_else(|| distance("", w(used + 1)));
        match km {
            Some(km) => {
                let km = (km * 10.0).round() / 10.0;
                s.qualifier = Some(format!("{km} km {d}"));
                s.offset = bearing(d).map(|b| (km, b));
            }
            None => s.qualifier = Some(format!("{d} of")),
        }
        return s;
    }
    if w(1) == "of" && subpart(w(2)).is_some() {
        // "the northern suburbs of Aleppo", "the centre of Hama", "the old city of Homs".
        let part = subpart(w(2)).unwrap_or_default();
        s.hint = Some(Hint::Settlement);
        s.qualifier = Some(match dir(w(3)) {
            Some(d) => format!("{d} {part}"),
            None => part.to_string(),
        });
        return s;
    }
    if w(1) == "of" && w(2) == "city" && w(3) == "old" {
        s.hint = Some(Hint::Settlement);
        s.qualifier = Some("old city".into());
        return s;
    }
    // Arabic: "ريف إدلب" (the Idlib countryside), "محافظة حماة", "مدينة حلب".
    let w1 = w(1);
    // The conjunction "و" (and) is written joined to the next word: "وريف".
    let w1 = w1
        .strip_prefix('و')
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(w1);
    match w1 {
        "ريف" => {
            s.hint = Some(Hint::Admin);
            s.qualifier = Some(
                arabic_direction(toks, end, text)
                    .map_or_else(|| "countryside".to_string(), |d| format!("{d} countryside")),
            );
            return s;
        }
        "محافظة" | "محافظتي" => {
            s.hint = Some(Hint::Admin);
            return s;
        }
        "مدينة" | "مدينتي" | "بلدة" | "بلدتي" | "قرية" => {
            s.hint = Some(Hint::Settlement);
            return s;
        }
        _ => {}
    }
    if w(1) == "of" && matches!(w(2), "city" | "town" | "village") {
        s.hint = Some(Hint::Settlement);
    } else if matches!(w(1), "of" | "d" | "de" | "du")
        && matches!(
            w(2),
            "countryside" | "province" | "governorate" | "provinces" | "gouvernorat" | "campagne"
        )
    {
        s.hint = Some(Hint::Admin);
        if matches!(w(2), "countryside" | "campagne") {
            s.qualifier = Some("countryside".into());
        }
        direction = dir(w(3)).or_else(|| dir2(w(4), w(3)));
    } else if matches!(w(1), "in" | "of" | "across" | "throughout") && PARTS.contains(&w(2)) {
        s.hint = Some(Hint::Container);
        s.qualifier = Some("parts".into());
    } else if w(1) == "rural" {
        s.hint = Some(Hint::Admin);
        s.qualifier = Some("countryside".into());
    }
    if direction.is_none() && s.hint.is_none() {
        // A compound ("north west") starts with n, s, e, w or c, which an ASCII first
        // byte shows before the word is lower-cased (no other character lower-cases to
        // those letters).
        let may_lead = found >= 2 && {
            let b = text.as_bytes()[toks[i - 2].start];
            !b.is_ascii() || leads_direction(b | 0x20)
        };
        direction = dir(w(1)).or_else(|| may_lead.then(|| dir2(w(2), w(1))).flatten());
    }
    // Words after.
    let mut j = end;
    let next = |j: usize| {
        toks.get(j)
            .filter(|t| matches!(t.gap, Gap::Space | Gap::Hyphen))
            .map(|t| lower(t, text))
    };
    // "Aleppo's northern suburbs", "Hama's outskirts".
    if toks.get(j).is_some_and(|t| t.possessive) {
        let mut k = j + 1;
        let d = next(k).as_deref().and_then(dir);
        if d.is_some() {
            k += 1;
        }
        if let Some(part) = next(k).as_deref().and_then(subpart) {
            s.hint = Some(Hint::Settlement);
            s.qualifier = Some(match d {
                Some(d) => format!("{d} {part}"),
                None => part.to_string(),
            });
            s.span_end = Some(toks[k].end);
            s.extra_after = k + 1 - j;
            return s;
        }
    }
    if let Some(n) = next(j) {
        match &*n {
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

/// An Arabic compass adjective right after the name: "ريف حماة الشمالي" (northern).
fn arabic_direction(toks: &[Token], end: usize, text: &str) -> Option<&'static str> {
    let t = toks.get(end).filter(|t| t.gap == Gap::Space)?;
    let w = t.text(text);
    let w = w.strip_prefix("ال").unwrap_or(w);
    Some(match w.trim_end_matches('ة') {
        "شمالي" => "north",
        "جنوبي" => "south",
        "شرقي" => "east",
        "غربي" => "west",
        _ => return None,
    })
}

fn dir(word: &str) -> Option<&'static str> {
    dir2(word, "")
}

/// True for the lower-case letters every direction word starts with: n, s, e, w or c.
fn leads_direction(c: u8) -> bool {
    matches!(c, b'n' | b's' | b'e' | b'w' | b'c')
}

/// The direction `a` followed by `b` spells, hyphens dropped ("north-" "western").
fn dir2(a: &str, b: &str) -> Option<&'static str> {
    // No direction word is longer than the buffer.
    let mut buf = [0u8; 16];
    let mut n = 0;
    for c in a.bytes().chain(b.bytes()).filter(|&c| c != b'-') {
        // Most words stop at their first letter.
        if n == 0 && !leads_direction(c) {
            return None;
        }
        *buf.get_mut(n)? = c;
        n += 1;
    }
    let spelt = &buf[..n];
    DIRECTIONS
        .iter()
        .find(|(k, _)| k.as_bytes() == spelt)
        .map(|(_, v)| *v)
}

const SITE_NOUNS: &[&str] = &[
    "citadel",
    "airport",
    "university",
    "castle",
    "airbase",
    "base",
    "airfield",
    "stadium",
];
const SITE_ADJECTIVES: &[&str] = &[
    "old",
    "ancient",
    "hilltop",
    "historic",
    "main",
    "international",
    "military",
    "air",
];

/// Words a site's name may use for a noun of [`SITE_NOUNS`].
fn site_words(noun: &str) -> &'static [&'static str] {
    match noun {
        "airport" | "airbase" | "base" | "airfield" => {
            &["airport", "air base", "airbase", "airfield"]
        }
        "citadel" | "castle" => &["citadel", "castle"],
        "university" => &["university"],
        "stadium" => &["stadium"],
        _ => &[],
    }
}

/// The site of `city` a noun names ("airport": Hama Military Airport), if the gazetteer has one.
fn site_of(g: &Gazetteer, city: usize, noun: &str) -> Option<usize> {
    let parent = &g.places[city].id;
    let words = site_words(noun);
    g.places.iter().position(|p| {
        p.kind == Kind::Site && &p.parent == parent && {
            let n = p.name.to_lowercase();
            words.iter().any(|w| n.contains(w))
        }
    })
}

/// A site noun at token `k`, after any adjectives: "military airport", "old citadel".
fn site_noun<'t>(text: &str, toks: &'t [Token], mut k: usize) -> Option<(&'t Token, String)> {
    while toks
        .get(k)
        .is_some_and(|t| t.gap == Gap::Space && lower_is_in(t.text(text), SITE_ADJECTIVES))
    {
        k += 1;
    }
    let noun_tok = toks.get(k).filter(|t| t.gap == Gap::Space)?;
    let noun = lower(noun_tok, text);
    // "air base" takes "base"; a bare "base" after a town is too loose.
    let ok = SITE_NOUNS.contains(&&*noun)
        && (&*noun != "base" || k > 0 && &*lower(&toks[k - 1], text) == "air");
    ok.then(|| (noun_tok, noun.to_string()))
}

/// Extends mentions of a settlement followed by a site noun: "Hama's military airport",
/// "Idlib airport". The mention becomes the site when the gazetteer has it, and otherwise
/// stays the settlement with the noun as its qualifier.
pub fn attach_sites(text: &str, toks: &[Token], g: &Gazetteer, out: &mut [Mention]) {
    for m in out.iter_mut() {
        let p = &g.places[m.place];
        if !(p.kind.is_populated() && p.in_syria()) || m.qualifier.is_some() {
            continue;
        }
        // Tokens are in text order: the first that starts at or after the mention's end.
        let k = toks.partition_point(|t| t.start < m.end);
        if k == toks.len() {
            continue;
        }
        let mut k = k;
        if toks[k].start != m.end && toks[k].gap != Gap::Space {
            continue;
        }
        if toks[k].possessive {
            k += 1;
        }
        let Some((noun_tok, noun)) = site_noun(text, toks, k) else {
            continue;
        };
        m.end = noun_tok.end;
        m.text = text[m.start..m.end].to_string();
        match site_of(g, m.place, &noun) {
            Some(site) => {
                m.place = site;
                m.reason = "site of the city named";
            }
            None => m.qualifier = Some(noun),
        }
    }
}

/// Resolves definite references to a site of the city named before: "the old citadel",
/// "the airport". A reference whose city has no such site in the gazetteer is left alone.
pub fn add_site_references(text: &str, toks: &[Token], g: &Gazetteer, out: &mut Vec<Mention>) {
    let mut found = Vec::new();
    // A reference needs a city named before it: no word before the first can be one.
    let Some(first_city) = out
        .iter()
        .filter(|m| g.places[m.place].kind.is_populated() && g.places[m.place].in_syria())
        .map(|m| m.end)
        .min()
    else {
        return;
    };
    let from = toks.partition_point(|t| t.start < first_city);
    for (i, t) in toks.iter().enumerate().skip(from) {
        if t.end - t.start != 3 || !t.text(text).eq_ignore_ascii_case("the") {
            continue;
        }
        let Some((noun_tok, noun)) = site_noun(text, toks, i + 1) else {
            continue;
        };
        if out
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
        if let Some(place) = site_of(g, city.place, &noun) {
            let start = toks[i].start;
            found.push(Mention {
                start,
                end: noun_tok.end,
                text: text[start..noun_tok.end].to_string(),
                place,
                score: 0.6,
                qualifier: None,
                offset: None,
                reason: "site of the city named before",
            });
        }
    }
    out.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compass_words_with_and_without_hyphens() {
        assert_eq!(dir("north"), Some("north"));
        assert_eq!(dir("north-western"), Some("northwest"));
        assert_eq!(dir2("north-", "western"), Some("northwest"));
        assert_eq!(dir2("south", "east"), Some("southeast"));
        assert_eq!(dir2("", ""), None);
        assert_eq!(dir("northwesternmost-and-more"), None);
        assert_eq!(dir("nörth"), None);
        // The first-letter shortcut in dir2 lets every direction word through.
        for (k, v) in DIRECTIONS {
            assert_eq!(dir(k), Some(*v), "{k}");
        }
    }

    #[test]
    fn words_before_and_after() {
        let t = "Shells fell 10 km north-west of Saraqib, in the northern suburbs of Aleppo";
        let toks = crate::text::token::tokenize(t, 0..t.len());
        let at = |w: &str| toks.iter().position(|k| k.text(t) == w).unwrap();
        let s = surroundings(t, &toks, at("Saraqib"), at("Saraqib") + 1);
        assert_eq!(s.qualifier.as_deref(), Some("10 km northwest"));
        let s = surroundings(t, &toks, at("Aleppo"), at("Aleppo") + 1);
        assert_eq!(s.qualifier.as_deref(), Some("north suburbs"));
        assert_eq!(s.hint, Some(Hint::Settlement));
    }
}
