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
        for (off, sent) in line.split_sentence_bound_indices() {
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
