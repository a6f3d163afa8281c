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
    map: FxHashMap<String, Vec<Entry>>,
    /// Most words in any key.
    pub max_words: usize,
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
        let mut ix = NameIndex::default();
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
        for v in ix.map.values_mut() {
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
        self.map.entry(key).or_default().push(e);
    }

    /// The entries for a folded key.
    pub fn get(&self, key: &str) -> Option<&[Entry]> {
        self.map.get(key).map(Vec::as_slice)
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}
