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
    for t in toks.iter().filter(|t| !t.article) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&t.key);
    }
    key
}
