//! The name index: every folded spelling of every place, for whole-word lookup in text.

use crate::gazetteer::Gazetteer;
use crate::text::name_key;
use rustc_hash::FxHashMap;

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
    /// names no entries unless it is a key too.
    map: FxHashMap<String, Node>,
    /// Number of keys (prefixes that are no key left out).
    keys: usize,
    /// Most words in any key.
    pub max_words: usize,
    /// What resolution reads of every place, worked out once.
    pub facts: super::resolve::Facts,
}

/// What the index holds for a key or a word prefix of one.
#[derive(Debug, Default)]
struct Node {
    /// The entries of the key; empty for a prefix alone.
    entries: Vec<Entry>,
    /// Some longer key starts with this one and a space.
    longer: bool,
    /// The key is the fold of an English stopword ([`super::STOPWORDS`]), so a one-word
    /// match on it must be checked against the word as written.
    stopword: bool,
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
        let mut ix = NameIndex {
            facts: super::resolve::Facts::of(g),
            ..NameIndex::default()
        };
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
            if let Some(n) = ix.map.get_mut(crate::text::fold::fold_token(w).as_str()) {
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
        ix
    }

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
        match self.map.get(key) {
            Some(n) => Hit {
                entries: (!n.entries.is_empty()).then_some(n.entries.as_slice()),
                longer: n.longer,
                stopword: n.stopword,
            },
            None => Hit::default(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_exactly_the_word_prefixes_of_keys() {
        let g = Gazetteer::bundled().unwrap();
        let ix = NameIndex::build(&g);
        let mut keys: Vec<&str> = ix
            .map
            .iter()
            .filter(|(_, n)| !n.entries.is_empty())
            .map(|(k, _)| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(keys.len(), ix.len());
        // Every node: `longer` exactly when some key extends it by a space and more.
        let mut longer = 0;
        for (k, n) in &ix.map {
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
        for (k, n) in &ix.map {
            assert_eq!(n.stopword, stops.contains(k), "{k:?}");
        }
        assert!(ix.map.values().any(|n| n.stopword));
        // Every word prefix of every key is a node.
        for k in &keys {
            for (at, _) in k.match_indices(' ') {
                assert!(ix.lookup(&k[..at]).1, "{k:?} at {at}");
            }
        }
    }
}
