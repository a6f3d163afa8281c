//! Splitting text into word tokens with byte offsets and folded keys.

use super::fold::{fold_token, is_arabic, is_article, APOSTROPHES};
use compact_str::CompactString;

/// What separates a token from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    /// First token of the text.
    Start,
    /// Only spaces or tabs.
    Space,
    /// A hyphen with no spaces (`al-Numan`).
    Hyphen,
    /// Nothing: the English possessive `'s` glued to the word before.
    Attached,
    /// Punctuation, a line break or anything else that ends a name.
    Break,
}

/// One word of a text.
#[derive(Clone, Debug)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// The folded comparison key ([`fold_token`]); `'s` for a possessive.
    pub key: CompactString,
    /// What separates it from the previous token.
    pub gap: Gap,
    /// The key is a form of the Arabic article (al, an, ash, ...).
    pub article: bool,
    /// The English possessive `'s`.
    pub possessive: bool,
    /// Starts with an upper-case letter.
    pub capitalised: bool,
    /// Every letter is upper-case (an acronym such as `SANA`, `UK`, or an initial).
    pub all_caps: bool,
    /// Written in Arabic script.
    pub arabic: bool,
    /// Starts with a digit.
    pub numeric: bool,
    /// `key` and `article` are filled in: always after [`tokenize`], and after
    /// [`Token::fill_key`] for a token of [`tokenize_unkeyed`].
    pub keyed: bool,
}

impl Token {
    /// The token's text in `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Folds the key of a token of [`tokenize_unkeyed`] and sets `article` from it, as
    /// [`tokenize`] would have; nothing once the key is filled in.
    ///
    /// ```
    /// use frontline::text::token::{tokenize, tokenize_unkeyed};
    /// let s = "Maarat al-Numan";
    /// let mut t = tokenize_unkeyed(s, 0..s.len());
    /// assert!(t[1].key.is_empty() && !t[1].article);
    /// t.iter_mut().for_each(|t| t.fill_key(s));
    /// assert_eq!(format!("{t:?}"), format!("{:?}", tokenize(s, 0..s.len())));
    /// ```
    #[inline]
    pub fn fill_key(&mut self, text: &str) {
        if !self.keyed {
            self.fold_key(text);
        }
    }

    /// Sets `article` as [`Token::fill_key`] would, folding the key only when the word can
    /// be an article: a word whose first character is an ASCII consonant or digit folds to
    /// a key that starts with it (or with `j`, for `dj`), and every article key starts
    /// with `a` or `u`, so for such a word `article` is already right and the key is left
    /// unfolded.
    ///
    /// ```
    /// use frontline::text::token::tokenize_unkeyed;
    /// let s = "towns of al-Bab";
    /// let mut t = tokenize_unkeyed(s, 0..s.len());
    /// t.iter_mut().for_each(|t| t.fill_article(s));
    /// assert!(!t[0].keyed && t[1].keyed && t[2].keyed && !t[3].keyed);
    /// assert_eq!(t.iter().map(|t| t.article).collect::<Vec<_>>(), [false, false, true, false]);
    /// ```
    #[inline]
    pub fn fill_article(&mut self, text: &str) {
        if self.may_fold_to_article(text) {
            self.fill_key(text);
        }
    }

    /// False when the word's first character shows that its key is no article: an ASCII
    /// consonant or digit (see [`Token::fill_article`]).
    ///
    /// ```
    /// use frontline::text::token::tokenize_unkeyed;
    /// let s = "towns of al-Bab";
    /// let t = tokenize_unkeyed(s, 0..s.len());
    /// assert_eq!(t.iter().map(|t| t.may_fold_to_article(s)).collect::<Vec<_>>(), [false, true, true, false]);
    /// ```
    #[inline]
    pub fn may_fold_to_article(&self, text: &str) -> bool {
        let first = text.as_bytes()[self.start];
        !first.is_ascii_alphanumeric() || b"aeiouAEIOU".contains(&first)
    }

    /// The work of [`Token::fill_key`], out of line: the check above is what most calls do.
    #[inline(never)]
    fn fold_key(&mut self, text: &str) {
        self.key = fold_token(&text[self.start..self.end]);
        // An elided "d'" or "l'" is an article already.
        self.article |= !self.arabic && is_article(&self.key);
        self.keyed = true;
    }
}

/// [`CLASS`] bits: an ASCII letter or digit, and which; any byte beyond ASCII.
const WORD: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const DIGIT: u8 = 8;
const HIGH: u8 = 16;

/// The class of every byte: 0 for the ASCII characters that are no word character.
static CLASS: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut t = [HIGH; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            WORD | UPPER
        } else if c.is_ascii_lowercase() {
            WORD | LOWER
        } else if c.is_ascii_digit() {
            WORD | DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if common_letter(c) {
        return true;
    }
    // General Punctuation (spaces, dashes, quotes) holds no letter, digit or mark.
    if matches!(c, '\u{2000}'..='\u{206f}') {
        return false;
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// True for the letters news text writes most, known without the Unicode tables.
///
/// ASCII letters, the Latin-1 letters from U+00C0, Latin Extended-A, -B and Additional,
/// and the basic Arabic letters (U+0620..U+064A); every one is alphabetic and none is
/// numeric (a test checks the ranges against the tables).
#[inline]
fn common_letter(c: char) -> bool {
    matches!(c, 'a'..='z' | 'A'..='Z' | '\u{c0}'..='\u{24f}' | '\u{620}'..='\u{64a}' | '\u{1e00}'..='\u{1eff}')
        && c != '\u{d7}'
        && c != '\u{f7}'
}

/// Tokenises `text[range]`; offsets are absolute in `text`.
///
/// ```
/// use frontline::text::token::{tokenize, Gap};
/// let s = "Maarat al-Numan, Aleppo's citadel";
/// let t = tokenize(s, 0..s.len());
/// let words: Vec<&str> = t.iter().map(|t| t.text(s)).collect();
/// assert_eq!(words, ["Maarat", "al", "Numan", "Aleppo", "'s", "citadel"]);
/// assert_eq!(t[2].gap, Gap::Hyphen);
/// assert_eq!(t[3].gap, Gap::Break);
/// assert!(t[4].possessive);
/// ```
pub fn tokenize(text: &str, range: std::ops::Range<usize>) -> Vec<Token> {
    scan(text, range, true)
}

/// [`tokenize`] without folding: every word token's `key` is left empty and `article`
/// unset (but for an elided "d'" or "l'") until [`Token::fill_key`], so that only the
/// tokens a caller reads pay for a key. (Recognition fills in none: it reads words through
/// the name index's memo, `NameIndex::word`, and sets the article flags it needs.)
pub fn tokenize_unkeyed(text: &str, range: std::ops::Range<usize>) -> Vec<Token> {
    scan(text, range, false)
}

/// The tokens of `text[range]`, with folded keys when `keyed`.
fn scan(text: &str, range: std::ops::Range<usize>, keyed: bool) -> Vec<Token> {
    let base = range.start;
    let s = &text[range];
    let n = s.len();
    let mut out: Vec<Token> = Vec::with_capacity(n / 6);
    let mut prev_end = 0usize;
    // Byte offsets throughout: `pos` is the next character to look at.
    let mut pos = 0;
    let bytes = s.as_bytes();
    while pos < n {
        let first = CLASS[bytes[pos] as usize];
        if first == 0 {
            pos += 1;
            continue;
        }
        let mut j = pos + 1;
        if first & HIGH != 0 {
            let (c, len) = char_at(s, pos);
            if !is_word_char(c) {
                pos += len;
                continue;
            }
            j = pos + len;
        }
        // A word: word chars with internal apostrophes, stopping before a possessive 's.
        // `classes` gathers the [`CLASS`] bits of its bytes on the way.
        let start = pos;
        let mut classes = first;
        let mut possessive_at = None;
        while j < n {
            let b = bytes[j];
            let k = CLASS[b as usize];
            if k & WORD != 0 {
                classes |= k;
                j += 1;
                continue;
            }
            // Any other ASCII character but an apostrophe ends the word.
            if !may_start_apostrophe(b) {
                break;
            }
            let (c, len) = char_at(s, j);
            if is_word_char(c) {
                classes |= HIGH;
                j += len;
                continue;
            }
            if is_apostrophe(c) && j + len < n && is_word_char(char_at(s, j + len).0) {
                // French elision: "d'Idleb", "l'armée" start a new word after the apostrophe.
                if matches!(&s[start..j], "d" | "D" | "l" | "L" | "qu" | "Qu") {
                    break;
                }
                let from = j + len;
                let mut to = from;
                while to < n {
                    let (c, len) = char_at(s, to);
                    if !is_word_char(c) {
                        break;
                    }
                    to += len;
                }
                let suffix = &s[from..to];
                // English 's, and Turkish case endings ("Halep'in", "İdlib'de").
                if suffix == "s" || suffix == "S" || TURKISH_SUFFIXES.contains(&suffix) {
                    possessive_at = Some((j, to));
                    break;
                }
                classes |= k;
                j += len;
                continue;
            }
            break;
        }
        let end = j;
        let word = &s[start..end];
        // The character after a short word, when it is an apostrophe and another follows.
        let after_apostrophe = (possessive_at.is_none()
            && end - start <= 2
            && j < n
            && may_start_apostrophe(bytes[j]))
        .then(|| char_at(s, j))
        .filter(|&(c, len)| j + len < n && is_apostrophe(c))
        .map(|(_, len)| j + len);
        let elision = after_apostrophe.is_some();
        let mut gap = if out.is_empty() {
            Gap::Start
        } else if prev_end == start {
            Gap::Attached
        } else if prev_end + 1 == start && bytes[prev_end] == b' ' {
            Gap::Space
        } else {
            gap_kind(&s[prev_end..start], false)
        };
        // Dotted initials ("U.S.", "U.K.") hold together.
        if gap == Gap::Break
            && &s[prev_end..start] == "."
            && end - start == 1
            && out.last().is_some_and(|t| t.end - t.start == 1)
        {
            gap = Gap::Attached;
        }
        let mut tok = word_token(word, classes, base + start, base + end, gap, keyed);
        if let (true, Some(next)) = (elision, after_apostrophe) {
            // "d'" and "l'" work like an article: skipped inside names, never one alone.
            tok.article = true;
            out.push(tok);
            prev_end = next;
            pos = next;
            continue;
        }
        out.push(tok);
        prev_end = end;
        pos = j;
        if let Some((pstart, pend)) = possessive_at {
            out.push(possessive(base + pstart, base + pend));
            prev_end = pend;
            pos = pend;
        }
    }
    out
}

/// The token of a possessive "'s" at `start..end`, attached to the word before it.
fn possessive(start: usize, end: usize) -> Token {
    Token {
        start,
        end,
        key: CompactString::const_new("'s"),
        gap: Gap::Attached,
        article: false,
        possessive: true,
        capitalised: false,
        all_caps: false,
        arabic: false,
        numeric: false,
        keyed: true,
    }
}

/// True for a byte that can start one of [`APOSTROPHES`]: ' or ` in ASCII, or any byte
/// beyond ASCII (the others), so that other ASCII bytes are ruled out before decoding.
#[inline]
fn may_start_apostrophe(b: u8) -> bool {
    matches!(b, b'\'' | b'`' | 0x80..)
}

/// One of [`APOSTROPHES`]; an ASCII character without the list.
#[inline]
fn is_apostrophe(c: char) -> bool {
    if c.is_ascii() {
        return c == '\'' || c == '`';
    }
    APOSTROPHES.contains(&c)
}

/// The character at byte `pos` of `s` (a character boundary) and its length in bytes.
#[inline]
fn char_at(s: &str, pos: usize) -> (char, usize) {
    let b = s.as_bytes()[pos];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = s[pos..].chars().next().unwrap_or('\0');
    (c, c.len_utf8())
}

/// Turkish case endings written after an apostrophe on proper names. The one-letter dative
/// endings 'a and 'e are left out: they would split transliterations such as "Dar'a".
const TURKISH_SUFFIXES: &[&str] = &[
    "i", "ı", "u", "ü", "in", "ın", "un", "ün", "nin", "nın", "de", "da", "te", "ta", "den", "dan",
    "ten", "tan", "deki", "daki", "teki", "taki", "ye", "ya", "yi", "yı", "yu", "yü", "le", "la",
    "ne", "na", "nde", "nda", "ndan", "nden", "dır", "dir",
];

fn gap_kind(between: &str, first: bool) -> Gap {
    if first {
        return Gap::Start;
    }
    if between.is_empty() {
        return Gap::Attached;
    }
    if between == " " {
        return Gap::Space;
    }
    if between
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '\u{a0}')
    {
        return Gap::Space;
    }
    if between
        .chars()
        .all(|c| matches!(c, '-' | '\u{2010}' | '\u{2011}'))
    {
        return Gap::Hyphen;
    }
    Gap::Break
}

/// The token of `word` at `start..end`; `classes` is the union of its bytes' [`CLASS`] bits.
fn word_token(word: &str, classes: u8, start: usize, end: usize, gap: Gap, keyed: bool) -> Token {
    let key = if keyed {
        fold_token(word)
    } else {
        CompactString::const_new("")
    };
    let lead = word.as_bytes().first().map_or(0, |&b| CLASS[b as usize]);
    let (arabic, all_caps, capitalised, numeric) = if classes & HIGH == 0 {
        // The same tests as below, for ASCII letters and digits alone.
        (
            false,
            classes & (UPPER | LOWER) != 0 && classes & LOWER == 0,
            lead & UPPER != 0,
            lead & DIGIT != 0,
        )
    } else {
        let first = word.chars().next().unwrap_or(' ');
        // One pass: every letter upper-case (and at least one), and any Arabic character.
        let (mut arabic, mut letters, mut upper) = (false, false, true);
        for c in word.chars() {
            arabic |= is_arabic(c);
            if upper && (common_letter(c) || c.is_alphabetic()) {
                letters = true;
                upper = c.is_uppercase();
            }
        }
        (
            arabic,
            letters && upper,
            first.is_uppercase(),
            !common_letter(first) && first.is_numeric(),
        )
    };
    Token {
        start,
        end,
        article: keyed && !arabic && is_article(&key),
        key,
        keyed,
        gap,
        possessive: false,
        capitalised,
        all_caps,
        arabic,
        numeric,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, 0..s.len())
            .iter()
            .map(|t| t.text(s).to_string())
            .collect()
    }

    /// The union of the [`CLASS`] bits of a word's bytes, as `scan` gathers them.
    fn classes_of(word: &str) -> u8 {
        word.bytes().fold(0, |acc, b| acc | CLASS[b as usize])
    }

    /// A word's flags by their definitions on characters: (arabic, all_caps, capitalised,
    /// numeric).
    fn flags_by_chars(w: &str) -> (bool, bool, bool, bool) {
        let mut letters = w.chars().filter(|c| c.is_alphabetic()).peekable();
        let all_caps = letters.peek().is_some() && letters.all(char::is_uppercase);
        let first = w.chars().next().unwrap_or(' ');
        (
            w.chars().any(is_arabic),
            all_caps,
            first.is_uppercase(),
            first.is_numeric(),
        )
    }

    #[test]
    fn apostrophes_inside_words_stay() {
        assert_eq!(
            words("Ma'arrat an-Nu\u{2019}man"),
            ["Ma'arrat", "an", "Nu\u{2019}man"]
        );
        assert_eq!(words("\u{2018}Ayn al-Arab"), ["Ayn", "al", "Arab"]);
    }

    #[test]
    fn byte_classes_agree_with_the_ascii_tests() {
        for b in 0..=255u8 {
            let k = CLASS[b as usize];
            assert_eq!(k & HIGH != 0, !b.is_ascii(), "{b}");
            assert_eq!(k & WORD != 0, b.is_ascii_alphanumeric(), "{b}");
            assert_eq!(k & UPPER != 0, b.is_ascii_uppercase(), "{b}");
            assert_eq!(k & LOWER != 0, b.is_ascii_lowercase(), "{b}");
            assert_eq!(k & DIGIT != 0, b.is_ascii_digit(), "{b}");
            assert_eq!(k == 0, b.is_ascii() && !is_word_char(b as char), "{b}");
        }
        // The flags of ASCII words, against the general tests on characters.
        let mut next = crate::testing::rng(0x9E3779B97F4A7C15);
        for n in 0..50_000 {
            let w: String = (0..1 + n % 7)
                .map(|_| b"aZq9'Ab1"[next(8)] as char)
                .collect();
            let t = word_token(&w, classes_of(&w), 0, w.len(), Gap::Space, false);
            let (_, all_caps, _, _) = flags_by_chars(&w);
            assert_eq!((t.all_caps, t.arabic), (all_caps, false), "{w:?}");
        }
    }

    #[test]
    fn word_flags_agree_with_the_general_tests() {
        // Words of any script: the flags against their definitions on characters.
        let alphabet = [
            "a", "Z", "9", "'", "\u{e9}", "\u{c9}", "\u{62d}", "\u{661}", "\u{df}", "\u{130}",
            "\u{1c5}", "\u{2160}", "\u{3b1}", "\u{391}", "\u{301}", "\u{1e28}", "\u{d7}",
            "\u{1e29}", "\u{640}", "\u{24f}",
        ];
        let mut next = crate::testing::rng(0x2545F4914F6CDD1D);
        for n in 0..50_000 {
            let w = crate::testing::random_text(&alphabet, 1 + n % 6, "", &mut next);
            let t = word_token(&w, classes_of(&w), 0, w.len(), Gap::Space, false);
            assert_eq!(
                (t.arabic, t.all_caps, t.capitalised, t.numeric),
                flags_by_chars(&w),
                "{w:?}"
            );
        }
    }

    #[test]
    fn fill_article_sets_the_flag_a_fold_would() {
        // Texts of article-like pieces, consonants, digits, apostrophes, hyphens, marks and
        // Arabic: every token's article flag after fill_article is the keyed one.
        let mut alphabet: Vec<&str> = "a A e I o u U l L d D j h s sh t z y r n b K 7 ' \u{2019} \
            - \u{e9} \u{c1} \u{301} \u{627}\u{644} \u{62d} dj el al ou ee"
            .split_whitespace()
            .collect();
        alphabet.push(" ");
        let mut next = crate::testing::rng(0x9E3779B97F4A7C15);
        for n in 0..100_000 {
            let s = crate::testing::random_text(&alphabet, 1 + n % 9, "", &mut next);
            let keyed = tokenize(&s, 0..s.len());
            let mut lazy = tokenize_unkeyed(&s, 0..s.len());
            for (t, k) in lazy.iter_mut().zip(&keyed) {
                t.fill_article(&s);
                assert_eq!(t.article, k.article, "{:?} in {s:?}", k.text(&s));
            }
        }
    }

    #[test]
    fn apostrophes_start_with_the_bytes_the_shortcut_lets_through() {
        for c in APOSTROPHES {
            let mut buf = [0u8; 4];
            assert!(
                may_start_apostrophe(c.encode_utf8(&mut buf).as_bytes()[0]),
                "{c:?}"
            );
        }
        for b in 0..0x80u8 {
            assert_eq!(may_start_apostrophe(b), is_apostrophe(b as char), "{b}");
        }
    }

    #[test]
    fn word_char_shortcut_agrees_with_the_tables() {
        for c in '\0'..=char::MAX {
            let general = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
            assert_eq!(is_word_char(c), general, "{c:?}");
            if common_letter(c) {
                assert!(c.is_alphabetic() && !c.is_numeric(), "{c:?}");
            }
        }
    }

    #[test]
    fn offsets_slice_the_text() {
        let s = "Near حماة, the army’s lines broke.";
        for t in tokenize(s, 0..s.len()) {
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
        }
        assert_eq!(
            words(s),
            ["Near", "حماة", "the", "army", "’s", "lines", "broke"]
        );
    }

    #[test]
    fn gaps_and_flags() {
        let s = "SANA said: Hama\nHoms";
        let t = tokenize(s, 0..s.len());
        assert!(t[0].all_caps && t[0].capitalised);
        assert_eq!(t[2].gap, Gap::Break);
        assert_eq!(t[3].gap, Gap::Break);
        assert!(t[2].capitalised && !t[2].all_caps);
    }

    #[test]
    fn subrange_offsets_are_absolute() {
        let s = "xx Aleppo";
        let t = tokenize(s, 3..s.len());
        assert_eq!((t[0].start, t[0].end), (3, 9));
    }

    #[test]
    fn matches_the_char_vector_tokenizer() {
        // The tokenizer before byte offsets, kept to hold the current one to it.
        fn reference(text: &str, range: std::ops::Range<usize>) -> Vec<Token> {
            let base = range.start;
            let s = &text[range];
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            let mut out: Vec<Token> = Vec::with_capacity(s.len() / 6);
            let mut prev_end = 0usize;
            let mut i = 0;
            while i < chars.len() {
                let (pos, c) = chars[i];
                if !is_word_char(c) {
                    i += 1;
                    continue;
                }
                // A word: word chars with internal apostrophes, stopping before a possessive 's.
                let start = pos;
                let mut j = i;
                let mut possessive_at = None;
                while j < chars.len() {
                    let c = chars[j].1;
                    if is_word_char(c) {
                        j += 1;
                        continue;
                    }
                    if APOSTROPHES.contains(&c)
                        && j + 1 < chars.len()
                        && is_word_char(chars[j + 1].1)
                    {
                        // French elision: "d'Idleb", "l'armée" start a new word after the apostrophe.
                        let before: String = chars[i..j].iter().map(|(_, c)| *c).collect();
                        if matches!(before.as_str(), "d" | "D" | "l" | "L" | "qu" | "Qu") {
                            break;
                        }
                        let suffix_len = chars[j + 1..]
                            .iter()
                            .take_while(|(_, c)| is_word_char(*c))
                            .count();
                        let suffix: String = chars[j + 1..j + 1 + suffix_len]
                            .iter()
                            .map(|(_, c)| *c)
                            .collect();
                        // English 's, and Turkish case endings ("Halep'in", "İdlib'de").
                        if suffix == "s"
                            || suffix == "S"
                            || TURKISH_SUFFIXES.contains(&suffix.as_str())
                        {
                            possessive_at = Some((j, j + 1 + suffix_len));
                            break;
                        }
                        j += 1;
                        continue;
                    }
                    break;
                }
                let end = if j < chars.len() { chars[j].0 } else { s.len() };
                let word = &s[start..end];
                let elision = possessive_at.is_none()
                    && j + 1 < chars.len()
                    && APOSTROPHES.contains(&chars[j].1)
                    && end - start <= 2;
                let mut gap = gap_kind(&s[prev_end..start], out.is_empty());
                // Dotted initials ("U.S.", "U.K.") hold together.
                if gap == Gap::Break
                    && &s[prev_end..start] == "."
                    && end - start == 1
                    && out.last().is_some_and(|t| t.end - t.start == 1)
                {
                    gap = Gap::Attached;
                }
                let mut tok =
                    word_token(word, classes_of(word), base + start, base + end, gap, true);
                if elision {
                    // "d'" and "l'" work like an article: skipped inside names, never one alone.
                    tok.article = true;
                    out.push(tok);
                    prev_end = chars[j + 1].0;
                    i = j + 1;
                    continue;
                }
                out.push(tok);
                prev_end = end;
                i = j;
                if let Some((k, after)) = possessive_at {
                    let pstart = chars[k].0;
                    let pend = if after < chars.len() {
                        chars[after].0
                    } else {
                        s.len()
                    };
                    out.push(possessive(base + pstart, base + pend));
                    prev_end = pend;
                    i = after;
                }
            }
            out
        }
        let parts = [
            "Hama",
            "al",
            "-",
            " ",
            "  ",
            "'",
            "\u{2019}",
            "\u{2018}",
            "`",
            "\u{2bf}",
            "s",
            "S",
            "d",
            "D",
            "l",
            "qu",
            "Qu",
            "in",
            "de",
            "\u{131}n",
            ".",
            "U",
            "K",
            ",",
            "\n",
            "\u{a0}",
            "\u{2010}",
            "9",
            "3rd",
            "\u{62d}\u{645}\u{627}\u{629}",
            "\u{627}\u{644}",
            "\u{301}",
            "\u{130}dlib",
            "\u{e9}",
            "\u{c9}T\u{c9}",
            "SANA",
            "x",
            "(",
            "\u{1e28}am\u{101}h",
            "\u{660}",
            "\u{3b1}",
            "\u{2160}",
            "\u{fb50}",
        ];
        let mut next = crate::testing::rng(0x9E3779B97F4A7C15);
        for n in 0..100_000 {
            let text = crate::testing::random_text(&parts, n % 16, "", &mut next);
            let from = text.char_indices().nth(n % 2).map_or(0, |(i, _)| i);
            let got = format!("{:?}", tokenize(&text, from..text.len()));
            let want = format!("{:?}", reference(&text, from..text.len()));
            assert_eq!(got, want, "{text:?}");
            // Unkeyed, then keyed in any order, the tokens are the same.
            let mut lazy = tokenize_unkeyed(&text, from..text.len());
            for k in (0..lazy.len()).rev().step_by(2).chain(0..lazy.len()) {
                lazy[k].fill_key(&text);
            }
            assert_eq!(format!("{lazy:?}"), want, "{text:?}");
        }
    }
}
