//! Gazetteer files: any bytes as `places.tsv`, `nonplaces.tsv` or a patch file parse or
//! fail with a typed error that names a line of the file.
#![no_main]

use frontline::gazetteer::{self, edit, tsv, GazetteerError};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

/// The first rows of the bundled places, for patches to be applied to.
fn base() -> &'static [frontline::gazetteer::Place] {
    static BASE: OnceLock<Vec<frontline::gazetteer::Place>> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut p = tsv::parse_places(
            gazetteer::bundled_file(gazetteer::files::PLACES),
            Path::new("places.tsv"),
        )
        .expect("bundled places parse");
        p.truncate(50);
        p
    })
}

/// A parse error must be a row error naming a line the text has, or (for a text with no
/// lines at all) the one file-level error, "empty file".
fn check_error(e: &GazetteerError, text: &str) {
    let lines = text.lines().count();
    match e {
        GazetteerError::Row { line, .. } => {
            assert!(
                *line >= 1 && *line <= lines.max(1),
                "line {line} of a {lines}-line text: {e}"
            );
        }
        GazetteerError::File { .. } => assert_eq!(lines, 0, "file error without a line: {e}"),
        GazetteerError::Io { .. } => panic!("I/O error while parsing text: {e}"),
    }
    let _ = e.to_string();
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("fuzz.tsv");

    match tsv::parse_places(&text, path) {
        Ok(places) => {
            // What is read is written back and read again to the same rows.
            let written = tsv::write_places(&places);
            let again = tsv::parse_places(&written, path)
                .unwrap_or_else(|e| panic!("written places do not read back: {e}\n{written}"));
            assert_eq!(tsv::write_places(&again), written, "writing is not stable");
        }
        Err(e) => check_error(&e, &text),
    }
    if let Err(e) = gazetteer::parse_nonplaces(&text, path) {
        check_error(&e, &text);
    }
    match edit::parse_patch(&text, path) {
        Ok(ops) => {
            for op in &ops {
                assert!(!op.source().is_empty(), "{op:?} has no source");
                let _ = (op.id(), op.name());
            }
            // Apply to a few real places; failures are typed, and never a panic.
            let _ = edit::apply_all(base(), &ops, path);
        }
        Err(e) => check_error(&e, &text),
    }
});
