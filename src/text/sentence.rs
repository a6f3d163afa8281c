//! Sentence boundaries: lines first, then Unicode sentence rules, with abbreviations mended.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "col", "gen", "lt", "maj", "capt", "sgt", "st", "no", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "etc", "approx",
];

/// Splits `text[range]` into trimmed sentence ranges (absolute byte offsets).
///
/// Every line is at least one sentence: news text puts headlines, captions and
/// paragraphs on lines of their own.
///
/// ```
/// use frontline::text::sentence::sentences;
/// let s = "Rebels took Saraqib. The U.S. urged calm.\nHama is next";
/// let got: Vec<&str> = sentences(s, 0..s.len()).into_iter().map(|r| &s[r]).collect();
/// assert_eq!(got, ["Rebels took Saraqib.", "The U.S. urged calm.", "Hama is next"]);
/// ```
pub fn sentences(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut line_start = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let mut pieces: Vec<Range<usize>> = Vec::new();
        let bounds: Vec<(usize, &str)> = match ascii_bounds(line) {
            Some(b) => b,
            None => line.split_sentence_bound_indices().collect(),
        };
        for (off, sent) in bounds {
            let r = trim(text, line_start + off..line_start + off + sent.len());
            if r.is_empty() {
                continue;
            }
            match pieces.last_mut() {
                Some(prev) if ends_with_abbreviation(&text[prev.clone()]) => prev.end = r.end,
                _ => pieces.push(r),
            }
        }
        out.extend(pieces);
        line_start += line.len();
    }
    out
}

/// The Unicode sentence bounds (UAX #29) of one line of plain ASCII, found without the
/// general machinery; `None` for any other line. Only the rules that ASCII can trigger
/// apply, and a property test holds the result to `unicode_segmentation`'s.
fn ascii_bounds(line: &str) -> Option<Vec<(usize, &str)>> {
    let b = line.as_bytes();
    let body = b.strip_suffix(b"\n").unwrap_or(b);
    // Only printable ASCII, spaces and tabs: no CR, other controls or line separators.
    if !body
        .iter()
        .all(|&c| c == b'\t' || (b' '..=b'~').contains(&c))
    {
        return None;
    }
    let close = |c: u8| matches!(c, b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}');
    let sp = |c: u8| c == b' ' || c == b'\t';
    let term = |c: u8| matches!(c, b'.' | b'!' | b'?');
    let mut out = Vec::new();
    let mut from = 0;
    let mut i = 0;
    while i < body.len() {
        let t = body[i];
        if !term(t) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < body.len() && close(body[j]) {
            j += 1;
        }
        while j < body.len() && sp(body[j]) {
            j += 1;
        }
        // The end of the line ends the sentence with the line break (SB9-SB11).
        if j == body.len() {
            break;
        }
        let next = body[j];
        // SB8a: a continuing mark or another terminator.
        let sb8a = term(next) || matches!(next, b',' | b'-' | b':' | b';');
        // SB6: "3.5"; SB7: "U.S"; both only right after the full stop.
        let adjacent = t == b'.' && j == i + 1;
        let sb6 = adjacent && next.is_ascii_digit();
        let sb7 =
            adjacent && next.is_ascii_uppercase() && i > 0 && body[i - 1].is_ascii_alphabetic();
        // SB8: no break before a lower-case letter reached past anything but letters
        // and terminators.
        let sb8 = t == b'.'
            && body[j..]
                .iter()
                .find(|c| c.is_ascii_alphabetic() || term(**c))
                .is_some_and(u8::is_ascii_lowercase);
        let keep = sb8a || sb6 || sb7 || sb8;
        if keep {
            i += 1;
            continue;
        }
        out.push((from, &line[from..j]));
        from = j;
        i = j;
    }
    if from < line.len() {
        out.push((from, &line[from..]));
    }
    Some(out)
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

fn ends_with_abbreviation(s: &str) -> bool {
    let Some(body) = s.strip_suffix('.') else {
        return false;
    };
    let last = body
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    // Initials and dotted acronyms: "U.S.", "J."
    if !last.is_empty()
        && last
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
    {
        return true;
    }
    ABBREVIATIONS.contains(&last.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s, 0..s.len())
            .into_iter()
            .map(|r| &s[r])
            .collect()
    }

    #[test]
    fn ascii_bounds_follow_the_unicode_rules() {
        // Random lines over the characters the rules treat differently.
        let alphabet = b"aZ .!?\"'()9,-;:\t#x.Q ";
        let mut state = 0x2545F4914F6CDD1Du64;
        for n in 0..200_000 {
            let len = n % 24;
            let line: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize] as char
                })
                .collect();
            let line = if n % 3 == 0 { line + "\n" } else { line };
            let want: Vec<(usize, &str)> = line.split_sentence_bound_indices().collect();
            assert_eq!(ascii_bounds(&line), Some(want), "{line:?}");
        }
        assert_eq!(ascii_bounds("caf\u{e9}. Ok"), None);
    }

    #[test]
    fn lines_are_boundaries() {
        let s = "Headline without stop\n1 December 2024, 07:14\n\nBody one. Body two.";
        assert_eq!(
            split(s),
            [
                "Headline without stop",
                "1 December 2024, 07:14",
                "Body one.",
                "Body two."
            ]
        );
    }

    #[test]
    fn titles_do_not_split() {
        let s = "Col. Hassan said so. Then Gen. Ali spoke on Dec. 3 in Hama.";
        assert_eq!(
            split(s),
            [
                "Col. Hassan said so.",
                "Then Gen. Ali spoke on Dec. 3 in Hama."
            ]
        );
    }
}
