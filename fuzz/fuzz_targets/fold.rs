//! Folding and name keys: any UTF-8 text must fold without a panic, and a name key is
//! words joined by single spaces (none leading, trailing or doubled).
#![no_main]

use frontline::text::token::{tokenize, tokenize_unkeyed};
use frontline::text::{fold, is_arabic_name, is_latin_name, name_key};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    // fold_token is meant for one word, but must survive anything.
    let folded = fold::fold_token(s);
    if !s.chars().any(fold::is_arabic) {
        // The Latin path keeps letters and digits only.
        assert!(
            folded.chars().all(char::is_alphanumeric),
            "latin fold {folded:?} of {s:?} holds a non-alphanumeric"
        );
    }
    let _ = fold::is_article(&folded);
    let _ = (is_latin_name(s), is_arabic_name(s));

    let key = name_key(s);
    assert!(
        !key.starts_with(' '),
        "key {key:?} of {s:?} starts with a space"
    );
    assert!(
        !key.ends_with(' '),
        "key {key:?} of {s:?} ends with a space"
    );
    assert!(
        !key.contains("  "),
        "key {key:?} of {s:?} holds a double space"
    );
    assert_eq!(key, name_key(s), "name_key is not deterministic");

    // Tokens: in order, on char boundaries, keys without white space.
    let toks = tokenize(s, 0..s.len());
    let mut prev_end = 0;
    for t in &toks {
        assert!(
            t.start < t.end && t.end <= s.len(),
            "token {t:?} out of range"
        );
        assert!(
            s.is_char_boundary(t.start) && s.is_char_boundary(t.end),
            "token {t:?} off a char boundary"
        );
        assert!(t.start >= prev_end, "token {t:?} overlaps the one before");
        assert!(
            !t.key.chars().any(char::is_whitespace),
            "token key {:?} holds white space",
            t.key
        );
        prev_end = t.end;
    }
    // Filling only the article flag gives the keyed tokens' flags.
    let mut flags = tokenize_unkeyed(s, 0..s.len());
    for (t, k) in flags.iter_mut().zip(&toks) {
        t.fill_article(s);
        assert_eq!(
            t.article,
            k.article,
            "fill_article on {:?} in {s:?}",
            k.text(s)
        );
    }
    // Tokens made without keys and keyed afterwards are the keyed tokens, field for field.
    let mut late = tokenize_unkeyed(s, 0..s.len());
    late.iter_mut().for_each(|t| t.fill_key(s));
    assert_eq!(
        format!("{late:?}"),
        format!("{toks:?}"),
        "tokens keyed late differ from tokens keyed at once in {s:?}"
    );
});
