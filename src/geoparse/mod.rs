//! Finding place names in text and resolving them to gazetteer entries.
//!
//! Matching is whole-word and leftmost-longest over folded spellings, so *Hama* never
//! matches inside *Hamas* and *Hayat Tahrir al-Sham* (a non-place) swallows its *al-Sham*.
//! Resolution weighs the candidates of a spelling by kind, population and the words
//! around the mention ("Idlib governorate", "the city of Hama", "towns in Aleppo").

pub mod context;
pub mod index;
pub mod resolve;

use crate::gazetteer::Gazetteer;
use crate::text::token::{tokenize_unkeyed, Gap, Token};
use crate::text::{lower_is_in, with_lower};
use index::{Entry, NameIndex};
use resolve::{Outcome, Pending};

/// A place name found in a text.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Mention {
    /// Byte offset of the first byte in the article text.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// The text of the mention.
    pub text: String,
    /// Index of the resolved place in [`Gazetteer::places`].
    pub place: usize,
    /// How clearly the place beat the other candidates, 0..1.
    #[serde(with = "crate::exact")]
    pub score: f64,
    /// A part of the place the text names ("north", "countryside", "centre").
    pub qualifier: Option<String>,
    /// "10 km south of X": distance in km and compass bearing in degrees from the place.
    #[serde(with = "crate::exact::pair")]
    pub offset: Option<(f64, f64)>,
    /// Why the place was chosen.
    pub reason: &'static str,
}

impl Mention {
    /// The point the mention describes: the place's, or for "10 km south of X" the point
    /// that far from X (great-circle), rounded to 6 decimals.
    ///
    /// ```
    /// use frontline::gazetteer::Gazetteer;
    /// use frontline::geoparse::{find_mentions, index::NameIndex};
    /// let g = Gazetteer::bundled().unwrap();
    /// let t = "Shells fell 10 km south of Idlib.";
    /// let m = &find_mentions(t, 0..t.len(), &g, &NameIndex::build(&g))[0];
    /// assert_eq!(m.qualifier.as_deref(), Some("10 km south"));
    /// let (lon, lat) = m.point(&g);
    /// let idlib = &g.places[m.place];
    /// assert!((idlib.distance_km(lon, lat) - 10.0).abs() < 0.01 && lat < idlib.lat);
    /// ```
    pub fn point(&self, g: &Gazetteer) -> (f64, f64) {
        use geo::{Destination, Haversine, Point};
        let p = &g.places[self.place];
        let r6 = |x: f64| (x * 1e6).round() / 1e6;
        match self.offset {
            None => (p.lon, p.lat),
            Some((km, bearing)) => {
                let d = Haversine.destination(Point::new(p.lon, p.lat), bearing, km * 1000.0);
                (r6(d.x()), r6(d.y()))
            }
        }
    }
}

/// A name found in a text that could not be resolved well enough to use.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Unresolved {
    /// Byte offset of the first byte in the article text.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// The text of the mention.
    pub text: String,
    /// Why it was left unresolved, naming the rivals.
    pub reason: String,
    /// Gazetteer indices of the two strongest rivals, best first.
    pub rivals: [usize; 2],
    /// The winner's share against its rival.
    #[serde(with = "crate::exact")]
    pub score: f64,
}

/// The place names of one text: resolved, and reported as unresolvable.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    /// Resolved mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Names found but left unresolved, in text order.
    pub unresolved: Vec<Unresolved>,
}

/// A credit line: "Reporting by ...", "Additional reporting by ...; editing by ...".
static BYLINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?im)^[ \t(]*(?:additional\s+)?(?:reporting|writing|editing|written|compiled|translated|photos?)\s+by\b.*$")
        .expect("valid regex")
});

/// First words of a credit line, lower-case.
const CREDIT_WORDS: &[&str] = &[
    "additional",
    "reporting",
    "writing",
    "editing",
    "written",
    "compiled",
    "translated",
    "photo",
    "photos",
];

/// The credit lines of `s` ([`BYLINE`]), offset by `base`. The regex runs only at lines
/// whose first word can start one, which keeps it off the rest of the text.
fn credit_lines(s: &str, base: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut line = 0;
    for l in s.split_inclusive('\n') {
        let word = l
            .trim_start_matches([' ', '\t', '('])
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        if CREDIT_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            if let Some(m) = BYLINE.find_at(s, line).filter(|m| m.start() == line) {
                out.push(base + m.start()..base + m.end());
            }
        }
        line += l.len();
    }
    out
}

/// English words that are never a one-word place name, even when capitalised.
pub(crate) const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "agency",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "army",
    "as",
    "at",
    "be",
    "been",
    "before",
    "but",
    "by",
    "can",
    "central",
    "city",
    "could",
    "did",
    "do",
    "down",
    "east",
    "eastern",
    "even",
    "for",
    "forces",
    "from",
    "government",
    "had",
    "has",
    "have",
    "he",
    "her",
    "his",
    "how",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "like",
    "listen",
    "loading",
    "may",
    "media",
    "monitor",
    "more",
    "most",
    "new",
    "news",
    "no",
    "north",
    "northern",
    "not",
    "now",
    "of",
    "old",
    "on",
    "once",
    "one",
    "only",
    "or",
    "our",
    "out",
    "over",
    "people",
    "picture",
    "read",
    "rebels",
    "regime",
    "said",
    "says",
    "she",
    "since",
    "so",
    "some",
    "south",
    "southern",
    "state",
    "still",
    "such",
    "sur",
    "than",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "three",
    "to",
    "town",
    "two",
    "under",
    "until",
    "up",
    "village",
    "was",
    "we",
    "were",
    "west",
    "western",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
];

/// [`STOPWORDS`] in a hash set.
static STOPSET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// Finds and resolves the place names in `text[range]`; see [`parse`] for the ones left
/// unresolved.
///
/// ```
/// use frontline::gazetteer::Gazetteer;
/// use frontline::geoparse::{find_mentions, index::NameIndex};
/// let g = Gazetteer::bundled().unwrap();
/// let ix = NameIndex::build(&g);
/// let t = "Hamas is not Hama. Hayat Tahrir al-Sham fighters entered Maaret al-Numan in Idlib province.";
/// let m = find_mentions(t, 0..t.len(), &g, &ix);
/// let names: Vec<(&str, &str)> = m.iter().map(|m| (m.text.as_str(), g.places[m.place].kind.as_str())).collect();
/// assert_eq!(names, [("Hama", "city"), ("Maaret al-Numan", "town"), ("Idlib province", "governorate")]);
/// ```
pub fn find_mentions(
    text: &str,
    range: std::ops::Range<usize>,
    g: &Gazetteer,
    ix: &NameIndex,
) -> Vec<Mention> {
    parse(text, range, g, ix).mentions
}

/// The place names of a text, found and not yet resolved: the first half of [`parse`]
/// (toponym recognition), which [`Recognised::resolve`] finishes (toponym resolution).
#[derive(Debug)]
pub struct Recognised {
    /// The words of the text, their keys not filled in ([`NameIndex::word`] reads a word's
    /// key); the article flags of the words a name reached and of its neighbours set.
    toks: Vec<Token>,
    /// Each name's span, candidate places and surroundings, in text order.
    pend: Vec<Pending>,
}

impl Recognised {
    /// The byte spans of the names found, in text order.
    ///
    /// ```
    /// use frontline::geoparse::{index::NameIndex, recognise};
    /// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
    /// let t = "Hamas is not Hama. Rebels entered Maaret al-Numan, 10 km south of Saraqib.";
    /// let r = recognise(t, 0..t.len(), &NameIndex::build(&g));
    /// let found: Vec<&str> = r.spans().map(|s| &t[s]).collect();
    /// assert_eq!(found, ["Hama", "Maaret al-Numan", "Saraqib"]);
    /// ```
    pub fn spans(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        self.pend.iter().map(|p| p.start..p.end)
    }

    /// Number of names found.
    pub fn len(&self) -> usize {
        self.pend.len()
    }

    /// True when no name was found.
    pub fn is_empty(&self) -> bool {
        self.pend.is_empty()
    }

    /// Resolves the names found in `text[range]` by [`recognise`] with `ix`, which must
    /// index `g`: the second half of [`parse`].
    pub fn resolve(
        self,
        text: &str,
        range: std::ops::Range<usize>,
        g: &Gazetteer,
        ix: &NameIndex,
    ) -> Parsed {
        let Recognised { toks, pend } = self;
        let mut parsed = Parsed {
            mentions: Vec::with_capacity(pend.len()),
            unresolved: Vec::new(),
        };
        // Sentences only tell whether two mentions share one: the lines that matter are split.
        let mut sentences = crate::text::sentence::SentenceIds::new(text, range);
        let outcomes =
            resolve::resolve_all(g, &ix.facts, &pend, &mut |k| sentences.id(pend[k].start));
        for (p, o) in pend.into_iter().zip(outcomes) {
            let text = text[p.start..p.end].to_string();
            match o {
                Outcome::Resolved {
                    place,
                    score,
                    reason,
                } => parsed.mentions.push(Mention {
                    start: p.start,
                    end: p.end,
                    text,
                    place,
                    score,
                    qualifier: p.sur.qualifier,
                    offset: p.sur.offset,
                    reason,
                }),
                Outcome::Unresolved {
                    reason,
                    rivals,
                    score,
                } => parsed.unresolved.push(Unresolved {
                    start: p.start,
                    end: p.end,
                    text,
                    reason,
                    rivals,
                    score,
                }),
            }
        }
        context::attach_sites(text, &toks, g, &mut parsed.mentions);
        context::add_site_references(text, &toks, g, &mut parsed.mentions);
        parsed.mentions.sort_by_key(|m| m.start);
        parsed
    }
}

/// Finds the place names in `text[range]`, resolves those it can and reports the rest:
/// [`recognise`], then [`Recognised::resolve`].
pub fn parse(text: &str, range: std::ops::Range<usize>, g: &Gazetteer, ix: &NameIndex) -> Parsed {
    recognise(text, range.clone(), ix).resolve(text, range, g, ix)
}

/// Finds the place names in `text[range]` and their candidate places in `ix`, and reads
/// the words around each; nothing is resolved yet.
pub fn recognise(text: &str, range: std::ops::Range<usize>, ix: &NameIndex) -> Recognised {
    // Only the tokens a name could use ([`longest_match`]) and their neighbours are looked
    // up, each by its text in the index's memo of words ([`NameIndex::word`]); no token's
    // key is filled in, as the matched key is the index's own.
    let mut toks = tokenize_unkeyed(text, range.clone());
    let bylines = credit_lines(&text[range.clone()], range.start);
    // About one name in thirty words; sized at once, as a grown vector copies its mentions.
    let mut pend: Vec<Pending> = Vec::with_capacity(toks.len() / 16 + 4);
    let mut i = 0;
    while i < toks.len() {
        let Some((end, node)) = longest_match(&mut toks, i, text, ix) else {
            i += 1;
            continue;
        };
        let entries = ix.hit(node).entries.unwrap_or_default();
        // The rules below read the article flag of the word before when no break parts it
        // from the name, and of the word after when a space does.
        if i > 0 && toks[i].gap != Gap::Break {
            set_article(&mut toks[i - 1], text, ix);
        }
        if let Some(t) = toks.get_mut(end).filter(|t| t.gap == Gap::Space) {
            set_article(t, text, ix);
        }
        // A curated non-place spelling (SANA, Hamas) overrides any place that shares it.
        if entries.iter().any(|e| matches!(e, Entry::NonPlace(_)))
            || part_of_person_name(text, &toks, i, end)
        {
            i = end;
            continue;
        }
        // Credit lines name reporters, not places: "Reporting by Salim Khalil".
        if bylines.iter().any(|b| b.contains(&toks[i].start)) {
            i = end;
            continue;
        }
        let sur = context::surroundings(text, &toks, i, end);
        let mut cands = smallvec::SmallVec::new();
        let mut primary = smallvec::SmallVec::new();
        for e in entries {
            if let Entry::Place {
                index,
                acronym,
                primary: p,
            } = e
            {
                if !*acronym || toks[i..end].iter().all(|t| t.all_caps || t.article) {
                    cands.push(*index);
                    primary.push(*p);
                }
            }
        }
        if cands.is_empty() {
            i = end;
            continue;
        }
        // A leading article joined by a hyphen, or al/el, belongs to the name.
        let mut first = i;
        if i > 0 && toks[i - 1].article && toks[i].gap != Gap::Break {
            let lead = toks[i - 1].text(text);
            if toks[i].gap == Gap::Hyphen || lower_is_in(lead, &["al", "el"]) {
                first = i - 1;
            }
        }
        let start = toks[first].start.min(sur.span_start.unwrap_or(usize::MAX));
        let stop = toks[end - 1].end.max(sur.span_end.unwrap_or(0));
        let extra = sur.extra_after;
        // The keys of the name's words, articles left out, joined by spaces.
        let joined = ix.key(node).clone();
        pend.push(Pending {
            start,
            end: stop,
            cands,
            primary,
            key: joined,
            sur,
        });
        i = end + extra;
    }
    Recognised { toks, pend }
}

const TITLES: &[&str] = &[
    "colonel",
    "col",
    "general",
    "gen",
    "president",
    "minister",
    "mr",
    "mrs",
    "ms",
    "dr",
    "commander",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "lieutenant",
    "lt",
    "captain",
    "capt",
    "major",
    "maj",
    "king",
    "prince",
    "sheikh",
    "prime",
    "envoy",
    "leader",
    "chief",
    "brigadier",
    "sergeant",
];

/// Parts of Arabic personal names that precede another name ("Abdul Ghani", "Abu Mohammed").
const NAME_PARTICLES: &[&str] = &["abdul", "abdel", "abd", "abu", "bin", "ibn", "umm"];

/// [`TITLES`] and [`NAME_PARTICLES`] in one hash set: the words after which a one-word
/// match is a person's name.
static BEFORE_NAMES: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| TITLES.iter().chain(NAME_PARTICLES).copied().collect());

/// Words that may follow a place name in capitals without making it part of a person's name.
const PLACE_WORDS: &[&str] = &[
    "city",
    "province",
    "governorate",
    "countryside",
    "airport",
    "citadel",
    "university",
    "district",
    "subdistrict",
    "region",
    "town",
    "village",
    "camp",
    "base",
    "highway",
    "road",
    "front",
    "offensive",
    "river",
    "dam",
    "lake",
    "hills",
    "mountains",
    "plain",
    "desert",
];

/// A one-word match that reads as part of a person's name: after a title ("Colonel Hassan"),
/// or followed by another capitalised word that is no place word ("Sean Savett"), in a
/// sentence that is not written in title case.
fn part_of_person_name(text: &str, toks: &[Token], i: usize, end: usize) -> bool {
    if end - i != 1 || toks[i].arabic {
        return false;
    }
    if i > 0 && toks[i].gap == Gap::Space {
        let prev = toks[i - 1].text(text);
        if with_lower(prev, |w| BEFORE_NAMES.contains(w)) {
            return true;
        }
    }
    // "Raed al-Saleh": a given name before a family name with the article.
    if toks
        .get(end)
        .is_some_and(|t| t.gap == Gap::Space && t.article)
        && toks
            .get(end + 1)
            .is_some_and(|t| t.gap == Gap::Hyphen && t.capitalised)
    {
        return true;
    }
    let Some(next) = toks
        .get(end)
        .filter(|t| t.gap == Gap::Space && t.capitalised && !t.all_caps)
    else {
        return false;
    };
    if lower_is_in(next.text(text), PLACE_WORDS) {
        return false;
    }
    // Title-case lines (headlines) capitalise every word: no signal there.
    let ls = text[..toks[i].start]
        .rfind('\n')
        .map(|x| x + 1)
        .unwrap_or(0);
    let le = text[toks[i].end..]
        .find('\n')
        .map(|x| x + toks[i].end)
        .unwrap_or(text.len());
    // Tokens are in text order and do not overlap: those of the line are a run.
    let from = toks.partition_point(|t| t.start < ls);
    let (words, caps) = toks[from..]
        .iter()
        .take_while(|t| t.end <= le)
        .filter(|t| !t.numeric && t.text(text).len() > 3)
        .take(40)
        .fold((0, 0), |(n, c), t| (n + 1, c + usize::from(t.capitalised)));
    !(words >= 4 && caps * 10 >= words * 7)
}

/// Sets a token's article flag as [`Token::fill_article`] would, through the index's
/// memo of words ([`NameIndex::word`]) rather than by filling in its key.
#[inline]
fn set_article(t: &mut Token, text: &str, ix: &NameIndex) {
    if t.may_fold_to_article(text) {
        t.article |= !t.arabic && ix.word(t, text).article;
    }
}

/// The longest indexed key starting at token `i`: `(end token, node)`, walking the index
/// word by word ([`NameIndex::step`]). Sets the article flag of the tokens it reads, as
/// filling in their keys would, and stops at the first word that no key continues with.
fn longest_match(toks: &mut [Token], i: usize, text: &str, ix: &NameIndex) -> Option<(usize, u32)> {
    let t = &toks[i];
    if t.possessive || !(t.capitalised || t.arabic || t.numeric) {
        return None;
    }
    let ordinal = t.numeric && t.text(text).chars().any(char::is_alphabetic);
    if t.numeric && !ordinal {
        return None;
    }
    let (arabic, first) = (t.arabic, t.text(text));
    let one_letter = first.chars().nth(1).is_none();
    let mut best = None;
    let mut node = None;
    let mut words = 0;
    for (j, tj) in toks.iter_mut().enumerate().skip(i) {
        if j > i && (tj.gap == Gap::Break || (tj.arabic != arabic && !tj.possessive)) {
            break;
        }
        let w = ix.word(tj, text);
        tj.article |= !tj.arabic && w.article;
        if tj.article {
            if j == i {
                return None;
            }
            continue;
        }
        words += 1;
        if words > ix.max_words {
            break;
        }
        let Some(n) = ix.step(node, w.id) else {
            break;
        };
        node = Some(n);
        let hit = ix.hit(n);
        if hit.entries.is_some() {
            // Only a key folded from a stopword can have been written as one.
            let single_stopword = words == 1
                && (one_letter || hit.stopword && with_lower(first, |w| STOPSET.contains(w)));
            if !single_stopword && !tj.possessive {
                best = Some((j + 1, n));
            }
        }
        if !hit.longer {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    fn found(t: &str) -> Vec<(String, String)> {
        let g = Gazetteer::bundled().unwrap();
        let ix = NameIndex::build(&g);
        find_mentions(t, 0..t.len(), &g, &ix)
            .into_iter()
            .map(|m| (m.text.clone(), g.places[m.place].id.clone()))
            .collect()
    }

    /// The longest match as it was found before the index was walked word by word: the
    /// folded keys of the words joined by spaces and looked up as one string. The
    /// reference for [`walking_the_index_finds_what_joined_keys_find`].
    fn joined_match<'a>(
        toks: &mut [Token],
        i: usize,
        text: &str,
        ix: &'a NameIndex,
    ) -> Option<(usize, &'a [Entry])> {
        let t = &toks[i];
        if t.possessive || !(t.capitalised || t.arabic || t.numeric) {
            return None;
        }
        if t.numeric && !t.text(text).chars().any(char::is_alphabetic) {
            return None;
        }
        toks[i].fill_key(text);
        if toks[i].article {
            return None;
        }
        let (arabic, first) = (toks[i].arabic, toks[i].text(text));
        let one_letter = first.chars().nth(1).is_none();
        let (mut key, mut best, mut words) = (String::new(), None, 0);
        for (j, tj) in toks.iter_mut().enumerate().skip(i) {
            if j > i && (tj.gap == Gap::Break || (tj.arabic != arabic && !tj.possessive)) {
                break;
            }
            tj.fill_key(text);
            if tj.article {
                continue;
            }
            if words > 0 {
                key.push(' ');
            }
            key.push_str(&tj.key);
            words += 1;
            if words > ix.max_words {
                break;
            }
            let hit = ix.find(&key);
            if let Some(e) = hit.entries {
                let single_stopword = words == 1
                    && (one_letter || hit.stopword && with_lower(first, |w| STOPSET.contains(w)));
                if !single_stopword && !tj.possessive {
                    best = Some((j + 1, e));
                }
            }
            if !hit.longer {
                break;
            }
        }
        best
    }

    #[test]
    fn walking_the_index_finds_what_joined_keys_find() {
        use rayon::prelude::*;
        let g = Gazetteer::bundled().unwrap();
        // Two indexes, looked up in turn on every thread, so that each thread's word memo
        // keeps changing hands: the whole gazetteer, and one with every other place.
        let mut half = g.clone();
        half.places = g.places.iter().step_by(2).cloned().collect();
        let indexes = [NameIndex::build(&g), NameIndex::build(&half)];
        let mut texts: Vec<String> = crate::corpus::generate(&g, 7, 300)
            .iter()
            .map(|a| a.to_file())
            .collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles");
        for e in std::fs::read_dir(dir).unwrap() {
            texts.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
        // Every spelling of every place and non-place, with a possessive, an article, a
        // Turkish case ending and a stopword beside it, in capitals and in lower case.
        for p in &g.places {
            for n in p.all_names() {
                let up = n.to_uppercase();
                texts.push(format!(
                    "On {n}'s edge, al-{n} and {n} Al {n}. {up} of {up}'in {n}-{n} the {n}"
                ));
            }
        }
        for np in &g.nonplaces {
            texts.push(format!("{p} {p}'s al-{p}", p = np.phrase));
        }
        // Words that fold to nothing, other apostrophes and gaps, mixed scripts, elisions,
        // and words of 15 to 17 bytes, at the end of the text too (the memo packs words of
        // up to 15 bytes, reading 16 at once when they follow).
        for tail in ["", " Idlib", "'s", "\u{2019}s Hama"] {
            for t in [
                "Maarat \u{301} al-Numan and Hama \u{301}",
                "Ma\u{2018}arrat an-Nu\u{2018}man, Ma`arrat al\u{a0}Numan, Maarat\tal-Numan",
                "Maarat  al-Numan; Aleppo\u{2019}S edge; Halep\u{2019}in; l\u{2019}Idleb; d'Alep",
                "Hama \u{62d}\u{645}\u{627}\u{629} and \u{62d}\u{644}\u{628}'s road; Al Ud Ad-Dana",
                "Khan Shaykhunabc Khan Shaykhunabcd Khan Shaykhunabcde",
                "Aleppoaleppoalep Aleppoaleppoale Aleppoaleppoal",
                "U.S. and U.K. officials in SANA's Idlib",
            ] {
                texts.push(format!("{t}{tail}"));
            }
        }
        let (matches, tokens) = texts
            .par_iter()
            .enumerate()
            .map(|(k, t)| {
                let ix = &indexes[k % 2];
                let mut walked = tokenize_unkeyed(t, 0..t.len());
                let mut joined = walked.clone();
                let fresh = walked.clone();
                let mut matches = 0;
                for i in 0..walked.len() {
                    let a = longest_match(&mut walked, i, t, ix)
                        .map(|(end, n)| (end, ix.hit(n).entries.unwrap(), ix.key(n).to_string()));
                    let b = joined_match(&mut joined, i, t, ix).map(|(end, e)| {
                        let key = joined[i..end].iter().filter(|t| !t.article);
                        let key: Vec<&str> = key.map(|t| t.key.as_str()).collect();
                        (end, e, key.join(" "))
                    });
                    assert_eq!(a, b, "at {:?} in {t:?}", walked[i].text(t));
                    matches += usize::from(a.is_some());
                }
                // The flags the rules read afterwards agree too, and so does the flag that
                // recognition sets on a name's neighbours with the one filling a key sets.
                for ((w, j), f) in walked.iter().zip(&joined).zip(&fresh) {
                    assert_eq!(w.article, j.article, "{:?} in {t:?}", w.text(t));
                    let (mut set, mut filled) = (f.clone(), f.clone());
                    set_article(&mut set, t, ix);
                    filled.fill_article(t);
                    assert_eq!(set.article, filled.article, "{:?} in {t:?}", f.text(t));
                }
                (matches, walked.len())
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        eprintln!("{matches} matches of {tokens} tokens");
        assert!(
            matches > 10_000 && tokens > 100_000,
            "{matches} of {tokens}"
        );
    }

    #[test]
    fn the_word_memo_keeps_two_indexes_apart() {
        let g = Gazetteer::bundled().unwrap();
        let mut few = g.clone();
        few.places.truncate(20);
        let (all, some) = (NameIndex::build(&g), NameIndex::build(&few));
        let t = "Aleppo, Hama, Idlib and al-Bab: Maarat al-Numan";
        let toks = tokenize_unkeyed(t, 0..t.len());
        // Looked up in turn on one thread, each index gives what its own words say.
        for _ in 0..3 {
            for ix in [&all, &some] {
                for tok in &toks {
                    let key = crate::text::fold::fold_token(tok.text(t));
                    let w = ix.word(tok, t);
                    assert_eq!(w.article, crate::text::fold::is_article(&key));
                    if let Some(n) = ix.step(None, w.id) {
                        assert_eq!(ix.hit(n), ix.find(&key), "{key}");
                    } else {
                        assert_eq!(ix.find(&key), Default::default(), "{key}");
                    }
                }
            }
        }
        // More distinct words than the memo holds: it starts again and still answers right.
        let many: String = (0..70_000).map(|n| format!("Zq{n} ")).collect();
        for tok in tokenize_unkeyed(&many, 0..many.len()) {
            assert_eq!(all.word(&tok, &many).id, index::NONE);
        }
        let aleppo = all.word(&toks[0], t);
        assert!(all.step(None, aleppo.id).is_some());
        assert_ne!(some.word(&toks[0], t).id, aleppo.id);
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn transliterations_resolve_to_one_town() {
        for v in [
            "Maarat al-Numan",
            "Maaret al-Numan",
            "Maraat al Numan",
            "Ma'arrat an-Nu'man",
            "معرة النعمان",
        ] {
            let f = found(&format!("Fighters reached {v} today."));
            assert_eq!(f.len(), 1, "{v}: {f:?}");
            assert_eq!(f[0].1, "geonames:167611", "{v}");
            assert_eq!(f[0].0, v);
        }
    }

    #[test]
    fn whole_words_and_traps() {
        assert!(found("Hamas and Hezbollah").is_empty());
        assert!(found("Bashar al-Assad and Bassel al-Assad spoke to SANA.").is_empty());
        let f = found("Hayat Tahrir al-Sham took Hama.");
        assert_eq!(f, [("Hama".to_string(), "geonames:170017".to_string())]);
        assert!(found("the us and them").is_empty());
        assert!(found("Colonel Hassan Abdulghani and spokesman Sean Savett spoke.").is_empty());
        assert_eq!(found("The U.S. said so.")[0].1, "local:united-states");
        assert_eq!(
            found("Rebels Seize Aleppo Airport As Troops Flee")[0].1,
            "local:aleppo-international-airport"
        );
    }

    fn qualified(t: &str) -> Vec<(String, String, Option<String>)> {
        let g = Gazetteer::bundled().unwrap();
        let ix = NameIndex::build(&g);
        find_mentions(t, 0..t.len(), &g, &ix)
            .into_iter()
            .map(|m| (m.text.clone(), g.places[m.place].id.clone(), m.qualifier))
            .collect()
    }

    #[test]
    fn sub_places_and_qualifiers() {
        let q = qualified("Shells hit Aleppo's northern suburbs, the outskirts of Hama and Hama's military airport; rebels reached Idlib airport and 12 km east of Saraqib.");
        let want = [
            (
                "Aleppo's northern suburbs",
                "geonames:170063",
                Some("north suburbs"),
            ),
            ("Hama", "geonames:170017", Some("outskirts")),
            (
                "Hama's military airport",
                "local:hama-military-airport",
                None,
            ),
            ("Idlib airport", "geonames:169389", Some("airport")),
            ("Saraqib", "geonames:164816", Some("12 km east")),
        ];
        let got: Vec<(&str, &str, Option<&str>)> = q
            .iter()
            .map(|(t, id, q)| (t.as_str(), id.as_str(), q.as_deref()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn other_languages_and_credit_lines() {
        // Turkish case endings, French elision, Arabic "countryside of".
        let q =
            qualified("Muhalifler Menbiç'i aldı. La province d'Idleb. تقدم في ريف حماة الشمالي");
        assert_eq!(q[0].1, "geonames:167357");
        assert_eq!((q[1].0.as_str(), q[1].1.as_str()), ("Idleb", "ocha:SY07"));
        assert_eq!(q[2].1, "ocha:SY05");
        assert_eq!(q[2].2.as_deref(), Some("north countryside"));
        // Reporters' names are not places; nor is a given name before "al-".
        assert!(
            found("Reporting by Salim Khalil and Nadia Qasim; editing by Amin Zaki").is_empty()
        );
        assert!(found("the rescue service headed by Raed al-Saleh").is_empty());
        // "the towns of A, B" lists settlements; "towns in X" means the governorate.
        assert_eq!(
            found("The towns of Atarib and Anadan.")[0].1,
            "geonames:174030"
        );
        assert_eq!(found("They took towns in Aleppo.")[0].1, "ocha:SY02");
    }

    #[test]
    fn city_or_governorate() {
        let f = found("Idlib city was struck. Rebels hold northern Idlib governorate and the countryside of Hama.");
        assert_eq!(f[0].1, "geonames:169389");
        assert_eq!(f[0].0, "Idlib city");
        assert_eq!(f[1].1, "ocha:SY07");
        assert_eq!(f[2].1, "ocha:SY05");
    }
}
