//! Geoparsing and claims: any UTF-8 text, read as an article, must yield mentions that
//! slice the text exactly, in order, and claims that point at them.
#![no_main]

use frontline::article;
use frontline::claims;
use frontline::gazetteer::Gazetteer;
use frontline::geoparse::{self, index::NameIndex};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn gazetteer() -> &'static (Gazetteer, NameIndex) {
    static G: OnceLock<(Gazetteer, NameIndex)> = OnceLock::new();
    G.get_or_init(|| {
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        let ix = NameIndex::build(&g);
        (g, ix)
    })
}

/// Checks the mentions and unresolved names of `text[range]`.
fn check(text: &str, range: std::ops::Range<usize>, p: &geoparse::Parsed, g: &Gazetteer) {
    let mut last = range.start;
    for m in &p.mentions {
        assert!(
            m.start <= m.end && m.end <= text.len(),
            "mention {m:?} out of range"
        );
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "mention {m:?} off a char boundary"
        );
        assert_eq!(
            &text[m.start..m.end],
            m.text,
            "mention text does not slice the text"
        );
        assert!(m.start >= last, "mentions out of order at {m:?}");
        assert!(m.place < g.places.len());
        assert!(m.score.is_finite(), "score {} of {m:?}", m.score);
        last = m.start;
    }
    let mut last = range.start;
    for u in &p.unresolved {
        assert!(
            u.start <= u.end && u.end <= text.len(),
            "unresolved {u:?} out of range"
        );
        assert!(text.is_char_boundary(u.start) && text.is_char_boundary(u.end));
        assert_eq!(&text[u.start..u.end], u.text);
        assert!(u.start >= last, "unresolved names out of order at {u:?}");
        last = u.start;
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (g, ix) = gazetteer();
    let parsed = geoparse::parse(text, 0..text.len(), g, ix);
    check(text, 0..text.len(), &parsed, g);

    // The whole article path: front matter, dates, geoparsing of the body, claims. A
    // fallback date makes relative times ("on Saturday") resolve when nothing dates it.
    let fallback = chrono::NaiveDate::from_ymd_opt(2024, 12, 1);
    let path = Path::new("fuzz.txt");
    let Ok(a) = article::parse("fuzz.txt".into(), text.to_string(), None, fallback, path) else {
        return;
    };
    assert!(a.body.start <= a.body.end && a.body.end <= a.text.len());
    assert!(a.text.is_char_boundary(a.body.start));
    let parsed = geoparse::parse(&a.text, a.body.clone(), g, ix);
    check(&a.text, a.body.clone(), &parsed, g);
    let claims = claims::extract(&a, &parsed.mentions, g);
    for c in &claims {
        assert!(
            c.mention < parsed.mentions.len(),
            "claim {c:?} names no mention"
        );
        assert!(c.place < g.places.len());
        assert!(c.sentence.end <= a.text.len());
        assert!(
            (0.0..=1.0).contains(&c.confidence),
            "confidence {} of {c:?}",
            c.confidence
        );
        if let Some(s) = c.date_span {
            assert!(s.from <= s.to, "date span {s:?} runs backwards");
        }
    }
});
