//! Text primitives shared by every stage: folding, tokens and sentences.

pub mod dates;
pub mod fold;
pub mod sentence;
pub mod token;

/// The comparison key of a whole name: its words folded, articles dropped, joined by spaces.
///
/// ```
/// use frontline::text::name_key;
/// assert_eq!(name_key("Maarat al-Numan"), name_key("Ma'arrat an Nu'man"));
/// assert_eq!(name_key("Aleppo's citadel"), "alapu 's catadal");
/// ```
pub fn name_key(name: &str) -> String {
    let toks = token::tokenize(name, 0..name.len());
    let mut key = String::new();
    // A word that folds to nothing (a lone combining mark) leaves no trace, so the key
    // never holds a doubled or trailing space.
    for t in toks.iter().filter(|t| !t.article && !t.key.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&t.key);
    }
    key
}

/// True when `word`, lower-cased, is one of `list` (lower-case ASCII words). An ASCII word
/// is compared in place; any other is lower-cased first (the Kelvin sign lowers to `k`).
///
/// ```
/// use frontline::text::lower_is_in;
/// assert!(lower_is_in("Col", &["col", "gen"]));
/// assert!(lower_is_in("\u{212a}m", &["km"]));
/// assert!(!lower_is_in("Colonel", &["col"]));
/// ```
pub fn lower_is_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        // Compared in place, byte by byte, and only with the entries of its length.
        let w = word.as_bytes();
        return list.iter().any(|l| {
            l.len() == w.len() && l.bytes().zip(w).all(|(a, b)| a == b.to_ascii_lowercase())
        });
    }
    with_lower(word, |w| list.contains(&w))
}

/// Calls `f` with `word` lower-cased: a short ASCII word in a buffer on the stack, any
/// other through [`str::to_lowercase`].
///
/// ```
/// assert_eq!(frontline::text::with_lower("Idlib", |w| w.to_string()), "idlib");
/// ```
pub fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        if let Ok(w) = std::str::from_utf8(b) {
            return f(w);
        }
    }
    f(&word.to_lowercase())
}

/// True for a Latin-script name written with at least one capital. GeoNames also carries
/// vowel-less lower-case romanisations such as `alkramt`; they fail this test.
///
/// ```
/// use frontline::text::is_latin_name;
/// assert!(is_latin_name("Ma‘arrat an Nu‘mān"));
/// assert!(!is_latin_name("alkramt"));
/// assert!(!is_latin_name("Айн-Халаким"));
/// ```
pub fn is_latin_name(s: &str) -> bool {
    s.chars().any(char::is_uppercase)
        && s.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| (c as u32) < 0x250 || (0x1E00..0x1F00).contains(&(c as u32)))
}

/// True for a name whose letters are all Arabic script.
///
/// ```
/// assert!(frontline::text::is_arabic_name("معرة النعمان"));
/// assert!(!frontline::text::is_arabic_name("Idlib"));
/// ```
pub fn is_arabic_name(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(fold::is_arabic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_is_in_matches_lowering_first() {
        let lists: [&[&str]; 4] = [&["col", "gen", "mr"], &["km", "a"], &[], &["Col", "x1"]];
        let alphabet = [
            "c", "C", "o", "O", "l", "g", "e", "n", "m", "r", "k", "\u{212a}", "1", "x", "X", "a",
            "\u{e9}",
        ];
        let mut next = crate::testing::rng(0x2545F4914F6CDD1D);
        for n in 0..100_000 {
            let word = crate::testing::random_text(&alphabet, n % 5, "", &mut next);
            for list in lists {
                let want = list.contains(&word.to_lowercase().as_str());
                assert_eq!(lower_is_in(&word, list), want, "{word:?} in {list:?}");
            }
        }
    }
}
