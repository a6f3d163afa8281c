//! The gold annotation format (as in `shared/gold/seeds.json`), and finding its mentions in text.

use super::EvalError;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// A gold file: reference places, per-article mentions and claims, and traps.
#[derive(Clone, Debug, Deserialize)]
pub struct Gold {
    /// How far (km) a resolved place may lie from the reference point, per gold kind.
    pub tolerance_km: BTreeMap<String, f64>,
    /// Reference places by key.
    pub places: BTreeMap<String, GoldPlace>,
    /// Strings that are not places and must stay unresolved.
    #[serde(default)]
    pub not_places: Vec<String>,
    /// Names of places outside Syria: finding them is neither a hit nor a false hit.
    #[serde(default)]
    pub foreign_places: Vec<String>,
    /// Annotations per article file name.
    pub articles: BTreeMap<String, GoldArticle>,
}

/// A reference place.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldPlace {
    /// Its name.
    pub name: String,
    /// Gold kind: city (any settlement), site, neighbourhood, district, governorate, region.
    pub kind: String,
    /// `[lon, lat]`, WGS84.
    pub coordinates: [f64; 2],
    /// The gazetteer id of the right entry, where the gold gives one.
    #[serde(default)]
    pub id: Option<String>,
}

/// The annotations of one article.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldArticle {
    /// Publication date, or null for an undated article.
    pub published: Option<NaiveDate>,
    /// Surface strings per place key.
    #[serde(default)]
    pub mentions: BTreeMap<String, Vec<String>>,
    /// Control claims.
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
    /// Claims the tool must not make.
    #[serde(default)]
    pub must_not_claim: Vec<GoldNotClaim>,
}

/// A reference control claim.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldClaim {
    /// Place key.
    pub place: String,
    /// government, opposition, sna, sdf or contested.
    pub controller: String,
    /// held, captured, claimed or contested.
    pub status: String,
    /// The day the claim is about (for undated articles: when run with `--published`).
    pub date: Option<NaiveDate>,
    /// The words that carry it.
    #[serde(default)]
    pub evidence: String,
}

/// A claim that must not be made.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldNotClaim {
    /// Place key.
    pub place: String,
    /// The controller that must not be claimed.
    pub controller: String,
}

impl Gold {
    /// Reads and checks a gold file.
    pub fn load(path: &Path) -> Result<Gold, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|e| EvalError::Read {
            path: path.to_path_buf(),
            source: e,
        })?;
        Gold::parse(&text, path)
    }

    /// Parses gold JSON; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Gold, EvalError> {
        let gold: Gold = serde_json::from_str(text).map_err(|e| EvalError::json(path, e))?;
        let bad = |message: String| EvalError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        for (k, p) in &gold.places {
            if !gold.tolerance_km.contains_key(&p.kind) {
                return Err(bad(format!(
                    "place {k:?} has kind {:?}, which tolerance_km does not list",
                    p.kind
                )));
            }
        }
        for (file, a) in &gold.articles {
            let keys = a
                .mentions
                .keys()
                .chain(a.claims.iter().map(|c| &c.place))
                .chain(a.must_not_claim.iter().map(|c| &c.place));
            for k in keys {
                if !gold.places.contains_key(k) {
                    return Err(bad(format!(
                        "article {file:?} uses place {k:?}, which places does not define"
                    )));
                }
            }
        }
        Ok(gold)
    }
}

/// A surface string without the annotator's parenthetical note: "Aleppo's university (the city)".
pub fn clean_surface(s: &str) -> &str {
    match s.find(" (") {
        Some(i) if s.ends_with(')') => s[..i].trim(),
        _ => s.trim(),
    }
}

/// Arabic one-letter prefixes (and, with, for, so, like) written joined to the next word.
const ARABIC_CLITICS: &[char] = &['و', 'ب', 'ل', 'ف', 'ك'];

/// Every whole-word occurrence of `needle` in `text[range]` (exact case, or any case when
/// there is none in exact case).
///
/// ```
/// use frontline::eval::gold::occurrences;
/// let t = "Hamas is not in Hama; HAMA is. وحماة";
/// assert_eq!(occurrences(t, 0..t.len(), "Hama"), [16..20]);
/// assert_eq!(occurrences(t, 0..t.len(), "حماة").len(), 1);
/// ```
pub fn occurrences(text: &str, range: Range<usize>, needle: &str) -> Vec<Range<usize>> {
    let hay = &text[range.clone()];
    let find = |hay: &str, needle: &str| -> Vec<Range<usize>> {
        let mut out = Vec::new();
        if needle.is_empty() {
            return out;
        }
        for (i, _) in hay.match_indices(needle) {
            let before = hay[..i].chars().rev().collect::<Vec<char>>();
            let after = hay[i + needle.len()..].chars().next();
            let word = |c: &char| c.is_alphanumeric();
            let ok_before = match before.first() {
                None => true,
                Some(c) if !word(c) => true,
                Some(c) if ARABIC_CLITICS.contains(c) => before.get(1).is_none_or(|d| !word(d)),
                _ => false,
            };
            if ok_before && !after.is_some_and(|c| word(&c)) {
                out.push(range.start + i..range.start + i + needle.len());
            }
        }
        out
    };
    let exact = find(hay, needle);
    if !exact.is_empty() {
        return exact;
    }
    // Lower-casing can change byte lengths; only search that way when it does not.
    let (lh, ln) = (hay.to_lowercase(), needle.to_lowercase());
    if lh.len() == hay.len() && ln.len() == needle.len() {
        find(&lh, &ln)
    } else {
        Vec::new()
    }
}

/// One gold mention: a span of the text and the place keys it may resolve to.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldSpan {
    /// Byte range in the article text.
    pub range: Range<usize>,
    /// Place keys it stands for (two when the gold lists the same words for two places).
    pub places: Vec<String>,
}

/// The gold mentions of one article: every occurrence of every surface string (or, when
/// there is none, of the string without a leading "the"), with spans inside a longer gold
/// span dropped. Also returns the surfaces not found in the text.
pub fn gold_spans(
    text: &str,
    range: Range<usize>,
    a: &GoldArticle,
) -> (Vec<GoldSpan>, Vec<String>) {
    let mut spans: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    let mut absent = Vec::new();
    for (key, surfaces) in &a.mentions {
        for s in surfaces {
            let s = clean_surface(s);
            // Annotators sometimes write "the" where the text has "Syria's".
            let mut occ = occurrences(text, range.clone(), s);
            if occ.is_empty() {
                if let Some(rest) = s.strip_prefix("the ").or_else(|| s.strip_prefix("The ")) {
                    occ = occurrences(text, range.clone(), rest);
                }
            }
            if occ.is_empty() {
                absent.push(format!("{s:?} ({key})"));
            }
            for r in occ {
                let v = spans.entry((r.start, r.end)).or_default();
                if !v.contains(key) {
                    v.push(key.clone());
                }
            }
        }
    }
    let all: Vec<(usize, usize)> = spans.keys().copied().collect();
    let out = spans
        .into_iter()
        .filter(|((s, e), _)| {
            !all.iter()
                .any(|(s2, e2)| s2 <= s && e <= e2 && (s2, e2) != (s, e))
        })
        .map(|((s, e), places)| GoldSpan {
            range: s..e,
            places,
        })
        .collect();
    (out, absent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_spans_give_way_to_the_longer() {
        let a: GoldArticle = serde_json::from_str(
            r#"{"published": null, "mentions": {"aleppo": ["Aleppo", "Aleppo's university (the city)"], "uni": ["Aleppo's university"]}}"#,
        )
        .unwrap();
        let t = "Aleppo fell. Aleppo's university closed.";
        let (spans, absent) = gold_spans(t, 0..t.len(), &a);
        assert!(absent.is_empty());
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].range, 0..6);
        assert_eq!(&t[spans[1].range.clone()], "Aleppo's university");
        assert_eq!(spans[1].places, ["aleppo", "uni"]);
    }

    #[test]
    fn bad_gold_names_the_file_and_line() {
        let e = Gold::parse("{\n\"places\": 3}", Path::new("g.json")).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("g.json") && s.contains("line 2"), "{s}");
        let e = Gold::parse(
            r#"{"tolerance_km": {"city": 10}, "places": {}, "articles": {"a.txt": {"published": null, "mentions": {"x": ["X"]}}}}"#,
            Path::new("g.json"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("\"x\""), "{e}");
    }
}
