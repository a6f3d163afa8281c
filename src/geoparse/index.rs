//! The name index: every folded spelling of every place, for whole-word lookup in text.

use crate::gazetteer::Gazetteer;
use crate::text::fold::{fold_token, is_article, pack};
use crate::text::name_key;
use crate::text::token::Token;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a folded spelling stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A place (index into [`Gazetteer::places`]); `acronym` names (UK, US) match only in capitals.
    Place {
        /// Index of the place.
        index: usize,
        /// The spelling is an acronym.
        acronym: bool,
        /// The spelling folds like the place's own name or its Arabic name (not an alias).
        primary: bool,
    },
    /// A phrase that is not a place (index into [`Gazetteer::nonplaces`]).
    NonPlace(usize),
}

/// Folded name keys mapped to the entries they name.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// Every key, and every word prefix of a key ("maarat" of "maarat numan"), which
    /// names no entries unless it is a key too: the number of its node in `nodes`.
    map: FxHashMap<String, u32>,
    /// What the index holds for each key or prefix, in the order of their strings.
    nodes: Vec<Node>,
    /// Every word of every key (folded, as in the keys), numbered for [`NameIndex::step`].
    words: FxHashMap<CompactString, u32>,
    /// The node of each one-word key or prefix, by word number ([`NONE`] for none).
    first: Vec<u32>,
    /// The node one word further on: `(node << 32) | word` to the node of the longer key.
    next: FxHashMap<u64, u32>,
    /// Tells this index apart from others in the word memo (one number per build).
    serial: u64,
    /// Number of keys (prefixes that are no key left out).
    keys: usize,
    /// Most words in any key.
    pub max_words: usize,
    /// What resolution reads of every place, worked out once.
    pub facts: super::resolve::Facts,
}

/// No word or node: a word that is in no key, or no key or prefix for a walk.
pub(crate) const NONE: u32 = u32::MAX >> 1;

/// What the index holds for a key or a word prefix of one.
#[derive(Debug, Default)]
struct Node {
    /// The key or prefix itself.
    key: CompactString,
    /// The entries of the key; empty for a prefix alone.
    entries: Vec<Entry>,
    /// Some longer key starts with this one and a space.
    longer: bool,
    /// The key is the fold of an English stopword ([`super::STOPWORDS`]), so a one-word
    /// match on it must be checked against the word as written.
    stopword: bool,
}

/// A word of a text as the index sees it: see [`NameIndex::word`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    /// The number of its folded key among the words of keys, or [`NONE`].
    pub(crate) id: u32,
    /// Its folded key is a form of the Arabic article. (A token's own `article` flag
    /// also needs the word not to be in Arabic script, as [`Token::fill_key`] sets it.)
    pub(crate) article: bool,
}

/// What the index holds for a folded key: see [`NameIndex::find`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hit<'a> {
    /// The entries of the key, if it is one.
    pub entries: Option<&'a [Entry]>,
    /// A longer key starts with this one and a space.
    pub longer: bool,
    /// The key is the fold of an English stopword ("On" folds like a place's "Un").
    pub stopword: bool,
}

fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    (2..=4).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
}

impl NameIndex {
    /// Indexes every name of every place, and the non-place phrases.
    ///
    /// ```
    /// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
    /// let ix = frontline::geoparse::index::NameIndex::build(&g);
    /// assert!(ix.get("hama").is_some());
    /// assert!(ix.get("hamas").is_some()); // as a non-place
    /// ```
    pub fn build(g: &Gazetteer) -> Self {
        let mut ix = Builder::default();
        for (i, p) in g.places.iter().enumerate() {
            let own = name_key(super::resolve::own_name(p));
            let arabic = (!p.name_ar.is_empty()).then(|| name_key(&p.name_ar));
            for n in p.all_names() {
                let key = name_key(n);
                let primary = key == own || arabic.as_ref() == Some(&key);
                ix.insert(
                    key,
                    Entry::Place {
                        index: i,
                        acronym: is_acronym(n),
                        primary,
                    },
                );
            }
        }
        for (i, np) in g.nonplaces.iter().enumerate() {
            ix.insert(name_key(&np.phrase), Entry::NonPlace(i));
        }
        for w in super::STOPWORDS {
            if let Some(n) = ix.map.get_mut(fold_token(w).as_str()) {
                n.stopword = true;
            }
        }
        for v in ix.map.values_mut().map(|n| &mut n.entries) {
            // One entry per place: an acronym flag only when every spelling with this key is one.
            v.sort_by_key(|e| match e {
                Entry::Place { index, acronym, .. } => (0, *index, *acronym),
                Entry::NonPlace(i) => (1, *i, false),
            });
            v.dedup_by(|b, a| match (a, b) {
                (Entry::Place { index: x, .. }, Entry::Place { index: y, .. }) => x == y,
                (a, b) => a == b,
            });
        }
        ix.finish(super::resolve::Facts::of(g))
    }

    /// The entries for a folded key.
    pub fn get(&self, key: &str) -> Option<&[Entry]> {
        self.lookup(key).0
    }

    /// The entries for a folded key, and whether a longer key starts with it and a space:
    /// when not, no word added to `key` can make a key.
    ///
    /// ```
    /// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
    /// let ix = frontline::geoparse::index::NameIndex::build(&g);
    /// let key = frontline::text::name_key;
    /// let (entries, longer) = ix.lookup(&key("Maarat"));
    /// assert!(entries.is_none() && longer);
    /// assert!(ix.lookup(&key("Maarat al-Numan")).0.is_some());
    /// assert_eq!(ix.lookup(&key("the")), (None, false));
    /// ```
    pub fn lookup(&self, key: &str) -> (Option<&[Entry]>, bool) {
        let hit = self.find(key);
        (hit.entries, hit.longer)
    }

    /// What the index holds for a folded key: its entries, whether a longer key continues
    /// it, and whether it is the fold of a stopword.
    ///
    /// ```
    /// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
    /// let ix = frontline::geoparse::index::NameIndex::build(&g);
    /// let key = frontline::text::name_key;
    /// assert!(!ix.find(&key("Hama")).stopword);
    /// assert_eq!(ix.find(&key("nowhere at all")), Default::default());
    /// ```
    pub fn find(&self, key: &str) -> Hit<'_> {
        self.map
            .get(key)
            .map_or_else(Hit::default, |&n| self.hit(n))
    }

    /// What the index holds for node `n` of a walk ([`NameIndex::step`]) of this index.
    #[inline]
    pub(crate) fn hit(&self, n: u32) -> Hit<'_> {
        let n = &self.nodes[n as usize];
        Hit {
            entries: (!n.entries.is_empty()).then_some(n.entries.as_slice()),
            longer: n.longer,
            stopword: n.stopword,
        }
    }

    /// The key (or prefix) of node `n` of a walk ([`NameIndex::step`]) of this index.
    pub(crate) fn key(&self, n: u32) -> &CompactString {
        &self.nodes[n as usize].key
    }

    /// The node of the key or prefix one word longer than node `from` (or of the one-word
    /// key, from none) whose last word is `word` ([`Word::id`]); none when there is none.
    /// A walk of [`NameIndex::word`]s finds what [`NameIndex::find`] does for their keys
    /// joined by spaces, without joining or hashing a string. Nodes and words are this
    /// index's own: [`NameIndex::hit`] and [`NameIndex::key`] take only nodes it returned.
    #[inline]
    pub(crate) fn step(&self, from: Option<u32>, word: u32) -> Option<u32> {
        let n = match from {
            None => self.first.get(word as usize).copied()?,
            Some(f) => self
                .next
                .get(&((u64::from(f) << 32) | u64::from(word)))
                .copied()?,
        };
        (n != NONE).then_some(n)
    }

    /// The word number and article flag of a token's folded key, as [`Token::fill_key`]
    /// would fold it; the key need not be filled in. Each thread keeps what it looked up
    /// by the token's text, so that a spelling is folded and looked up once.
    pub(crate) fn word(&self, t: &Token, text: &str) -> Word {
        if t.keyed {
            // A possessive ('s) or a key filled in already: looked up as it is.
            return self.word_of_key(&t.key);
        }
        let w = t.text(text);
        if w.len() >= 16 {
            return self.word_of_key(&fold_token(w));
        }
        let packed = pack(text.as_bytes(), t.start, w.len());
        WORD_MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.serial != self.serial || m.words.len() >= WORD_MEMO_ENTRIES {
                m.words.clear();
                m.serial = self.serial;
            }
            let v = match m.words.get(&packed) {
                Some(&v) => v,
                None => {
                    let word = self.word_of_key(&fold_token(w));
                    let v = word.id | (u32::from(word.article) << 31);
                    m.words.insert(packed, v);
                    v
                }
            };
            Word {
                id: v & NONE,
                article: v >> 31 != 0,
            }
        })
    }

    /// [`NameIndex::word`] for a folded key.
    fn word_of_key(&self, key: &str) -> Word {
        Word {
            id: self.words.get(key).copied().unwrap_or(NONE),
            article: is_article(key),
        }
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.keys
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.keys == 0
    }
}

/// Most words the word memo of one thread holds before it starts again.
const WORD_MEMO_ENTRIES: usize = 1 << 16;

/// Words of up to 15 bytes a thread has looked up in an index: see [`NameIndex::word`].
#[derive(Default)]
struct WordMemo {
    /// The serial number of the index the words were looked up in.
    serial: u64,
    /// Each word's bytes (zero-padded, little-endian) with its length in the last byte, to
    /// its word number, with the article flag in the top bit.
    words: FxHashMap<u128, u32>,
}

thread_local! {
    static WORD_MEMO: RefCell<WordMemo> = RefCell::new(WordMemo::default());
}

/// The serial numbers of indexes; 0, which an empty memo holds, is for none.
static SERIAL: AtomicU64 = AtomicU64::new(1);

/// An index as it is built, keyed by strings.
#[derive(Default)]
struct Builder {
    map: FxHashMap<String, Node>,
    keys: usize,
    max_words: usize,
}

impl Builder {
    fn insert(&mut self, key: String, e: Entry) {
        if key.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(key.split(' ').count());
        for (at, _) in key.match_indices(' ') {
            self.map.entry(key[..at].to_string()).or_default().longer = true;
        }
        let node = self.map.entry(key).or_default();
        if node.entries.is_empty() {
            self.keys += 1;
        }
        node.entries.push(e);
    }

    /// Numbers the nodes and the words of keys for [`NameIndex::step`].
    fn finish(self, facts: super::resolve::Facts) -> NameIndex {
        let mut keys: Vec<(String, Node)> = self.map.into_iter().collect();
        keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut ix = NameIndex {
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
            keys: self.keys,
            max_words: self.max_words,
            facts,
            ..NameIndex::default()
        };
        // Numbers stay below [`NONE`], whose bit above them the word memo uses.
        assert!(
            keys.len() < NONE as usize,
            "a name index holds fewer than 2^31 keys"
        );
        for (n, (key, mut node)) in keys.into_iter().enumerate() {
            node.key = CompactString::from(key.as_str());
            ix.map.insert(key, n as u32);
            ix.nodes.push(node);
        }
        for n in 0..ix.nodes.len() {
            let key = ix.nodes[n].key.clone();
            let (parent, last) = match key.rsplit_once(' ') {
                Some((head, last)) => (Some(ix.map[head]), last),
                None => (None, key.as_str()),
            };
            let fresh = ix.words.len() as u32;
            let word = *ix.words.entry(CompactString::from(last)).or_insert(fresh);
            match parent {
                None => {
                    ix.first.resize(ix.words.len(), NONE);
                    ix.first[word as usize] = n as u32;
                }
                Some(p) => {
                    ix.next
                        .insert((u64::from(p) << 32) | u64::from(word), n as u32);
                }
            }
        }
        ix.first.resize(ix.words.len(), NONE);
        ix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_finds_what_the_joined_key_finds() {
        let g = Gazetteer::bundled().unwrap();
        let ix = NameIndex::build(&g);
        let s = "Maarat al-Numan";
        let t = crate::text::token::tokenize(s, 0..s.len());
        let n = ix.step(None, ix.word(&t[0], s).id).unwrap();
        assert!(ix.hit(n).longer && ix.hit(n).entries.is_none());
        assert!(ix.word(&t[1], s).article);
        let n = ix.step(Some(n), ix.word(&t[2], s).id).unwrap();
        assert_eq!(ix.hit(n), ix.find(&name_key(s)));
        assert_eq!(ix.key(n).as_str(), name_key(s));
        // A word in no key ends the walk at once.
        let s = "Nowhere";
        let t = crate::text::token::tokenize(s, 0..s.len());
        assert_eq!(ix.word(&t[0], s).id, NONE);
        assert_eq!(ix.step(None, NONE), None);
    }

    #[test]
    fn prefixes_are_exactly_the_word_prefixes_of_keys() {
        let g = Gazetteer::bundled().unwrap();
        let ix = NameIndex::build(&g);
        let mut keys: Vec<&str> = ix
            .map
            .iter()
            .filter(|(_, &n)| !ix.nodes[n as usize].entries.is_empty())
            .map(|(k, _)| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(keys.len(), ix.len());
        // Every node: `longer` exactly when some key extends it by a space and more.
        let mut longer = 0;
        for (k, &n) in &ix.map {
            let n = &ix.nodes[n as usize];
            let p = format!("{k} ");
            let at = keys.partition_point(|x| *x < p.as_str());
            let extended = keys.get(at).is_some_and(|x| x.starts_with(&p));
            assert_eq!(n.longer, extended, "{k:?}");
            assert!(n.longer || !n.entries.is_empty(), "{k:?} is neither");
            longer += usize::from(n.longer);
        }
        assert!(longer > 100, "{longer}");
        // Every key a stopword folds to is flagged, in any case, and no other.
        let stops: Vec<String> = crate::geoparse::STOPWORDS
            .iter()
            .flat_map(|w| {
                [
                    w.to_string(),
                    w.to_uppercase(),
                    w[..1].to_uppercase() + &w[1..],
                ]
            })
            .map(|w| crate::text::fold::fold_token(&w).to_string())
            .collect();
        for (k, &n) in &ix.map {
            assert_eq!(ix.nodes[n as usize].stopword, stops.contains(k), "{k:?}");
        }
        assert!(ix.nodes.iter().any(|n| n.stopword));
        // Every word prefix of every key is a node.
        for k in &keys {
            for (at, _) in k.match_indices(' ') {
                assert!(ix.lookup(&k[..at]).1, "{k:?} at {at}");
            }
        }
    }
}
