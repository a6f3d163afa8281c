//! The fuzz targets' checks (`fuzz/fuzz_targets/`), replayed on fixed inputs in the
//! ordinary test run: the hand-written seeds in `fuzz/seeds/<target>/`, and any input a
//! target crashed on, kept (after `cargo fuzz tmin`) in `tests/fuzz/<target>/`.
//!
//! The `dates` target's inputs are `arbitrary`-encoded; its crashes are unit tests in
//! `claims::time` and `text::dates` instead.

use frontline::article::{self, Page};
use frontline::claims;
use frontline::fetch::charset;
use frontline::gazetteer::{self, edit, tsv, Gazetteer, GazetteerError};
use frontline::geoparse::{self, index::NameIndex};
use frontline::text::token::{tokenize, tokenize_unkeyed};
use frontline::text::{fold, name_key};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The seeds and kept crash inputs of one target, sorted by path.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for dir in [root.join("fuzz/seeds"), root.join("tests/fuzz")] {
        let Ok(entries) = std::fs::read_dir(dir.join(target)) else {
            continue;
        };
        for p in entries.map(|e| e.expect("readable entry").path()) {
            if p.is_file() {
                let bytes = std::fs::read(&p).expect("readable input");
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no inputs for the {target} target");
    out
}

fn gazetteer() -> &'static (Gazetteer, NameIndex) {
    static G: OnceLock<(Gazetteer, NameIndex)> = OnceLock::new();
    G.get_or_init(|| {
        let g = Gazetteer::bundled().expect("bundled gazetteer loads");
        let ix = NameIndex::build(&g);
        (g, ix)
    })
}

#[test]
fn fold_inputs() {
    for (path, bytes) in inputs("fold") {
        let Ok(s) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let _ = fold::fold_token(s);
        let key = name_key(s);
        assert!(
            !key.starts_with(' ') && !key.ends_with(' ') && !key.contains("  "),
            "{}: key {key:?}",
            path.display()
        );
        let toks = tokenize(s, 0..s.len());
        for t in &toks {
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
        }
        let mut flags = tokenize_unkeyed(s, 0..s.len());
        for (t, k) in flags.iter_mut().zip(&toks) {
            t.fill_article(s);
            assert_eq!(t.article, k.article, "{}: fill_article", path.display());
        }
        let mut late = tokenize_unkeyed(s, 0..s.len());
        late.iter_mut().for_each(|t| t.fill_key(s));
        assert_eq!(
            format!("{late:?}"),
            format!("{toks:?}"),
            "{}",
            path.display()
        );
    }
}

fn check_parsed(text: &str, p: &geoparse::Parsed, path: &Path) {
    let mut last = 0;
    for m in &p.mentions {
        assert!(
            text.get(m.start..m.end) == Some(m.text.as_str()),
            "{}: {m:?}",
            path.display()
        );
        assert!(m.start >= last, "{}: out of order at {m:?}", path.display());
        last = m.start;
    }
    for u in &p.unresolved {
        assert!(
            text.get(u.start..u.end) == Some(u.text.as_str()),
            "{}: {u:?}",
            path.display()
        );
    }
}

#[test]
fn geoparse_inputs() {
    let (g, ix) = gazetteer();
    for (path, bytes) in inputs("geoparse") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        check_parsed(text, &geoparse::parse(text, 0..text.len(), g, ix), &path);
        let fallback = chrono::NaiveDate::from_ymd_opt(2024, 12, 1);
        let Ok(a) = article::parse(
            "fuzz.txt".into(),
            text.to_string(),
            None,
            fallback,
            Path::new("fuzz.txt"),
        ) else {
            continue;
        };
        let parsed = geoparse::parse(&a.text, a.body.clone(), g, ix);
        check_parsed(&a.text, &parsed, &path);
        for c in claims::extract(&a, &parsed.mentions, g) {
            assert!(
                c.mention < parsed.mentions.len(),
                "{}: {c:?}",
                path.display()
            );
        }
    }
}

#[test]
fn html_inputs() {
    for (path, bytes) in inputs("html") {
        let file = Path::new("fuzz.html");
        if article::check_page_bytes(&bytes, file).is_err() {
            continue;
        }
        let url = (bytes.len() % 2 == 1).then(|| "https://news.example/2024/12/story".to_string());
        let page = Page {
            decoded: charset::decode(&bytes, None, None),
            url,
            item: None,
        };
        if let Ok(a) = article::from_page("fuzz.html".into(), page, None, None) {
            assert!(a.body.end <= a.text.len(), "{}", path.display());
        }
    }
}

/// A gazetteer parse error names a line the text has.
fn check_error(e: &GazetteerError, text: &str, path: &Path) {
    let lines = text.lines().count();
    match e {
        GazetteerError::Row { line, .. } => assert!(
            *line >= 1 && *line <= lines.max(1),
            "{}: line {line} of {lines}: {e}",
            path.display()
        ),
        GazetteerError::File { .. } => assert_eq!(lines, 0, "{}: {e}", path.display()),
        GazetteerError::Io { .. } => panic!("{}: {e}", path.display()),
    }
}

#[test]
fn gazetteer_inputs() {
    for (path, bytes) in inputs("gazetteer") {
        let text = String::from_utf8_lossy(&bytes);
        let file = Path::new("fuzz.tsv");
        match tsv::parse_places(&text, file) {
            Ok(places) => {
                let written = tsv::write_places(&places);
                let again = tsv::parse_places(&written, file).expect("written places read back");
                assert_eq!(tsv::write_places(&again), written, "{}", path.display());
            }
            Err(e) => check_error(&e, &text, &path),
        }
        if let Err(e) = gazetteer::parse_nonplaces(&text, file) {
            check_error(&e, &text, &path);
        }
        match edit::parse_patch(&text, file) {
            Ok(ops) => {
                // As the target does: onto the first 50 rows of the bundled places.
                let places = tsv::parse_places(
                    gazetteer::bundled_file(gazetteer::files::PLACES),
                    Path::new("places.tsv"),
                )
                .expect("bundled places parse");
                let _ = edit::apply_all(&places[..50], &ops, file);
            }
            Err(e) => check_error(&e, &text, &path),
        }
    }
}
