//! Bad input: reported with the file named, skipped, and the exit code says so.

mod common;

use common::*;

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

const GOOD: &str =
    "Rebels take Saraqib\n30 November 2024\nInsurgents captured Saraqib on Friday.\n";

#[test]
fn bad_articles_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let arts = dir.path().join("in");
    std::fs::create_dir(&arts).unwrap();
    write(&arts, "a-good.txt", GOOD.as_bytes());
    write(&arts, "b-binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0");
    write(&arts, "c-cp1256.txt", b"Rebels\n\xc7\xe1\xd1\xed\xcd\n");
    write(&arts, "d-empty.txt", b"  \n");
    write(
        &arts,
        "e-frontmatter.txt",
        b"---\npublished: [oops\n---\nText.\n",
    );
    write(
        &arts,
        "f-baddate.txt",
        b"---\npublished: 2024-11-31\n---\nText.\n",
    );
    let out = dir.path().join("out");
    let missing = dir.path().join("missing.txt");
    let o = frontline(&[
        "map",
        arts.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("b-binary.txt: binary file"), "{err}");
    assert!(err.contains("c-cp1256.txt:2: not valid UTF-8"), "{err}");
    assert!(err.contains("d-empty.txt: empty article"), "{err}");
    assert!(err.contains("e-frontmatter.txt:3:"), "{err}");
    assert!(
        err.contains("f-baddate.txt:2: published date \"2024-11-31\""),
        "{err}"
    );
    assert!(err.contains("missing.txt: no such file or folder"), "{err}");
    assert!(err.contains("1 articles read, 6 skipped"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The good article still made it through.
    let claims = jsonl(&out.join("claims.jsonl"));
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0]["date"], "2024-11-29");
}

#[test]
fn nothing_readable_is_fatal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.txt", b"");
    let o = frontline(&[
        "map",
        dir.path().join("empty.txt").to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no articles could be read"));
    // the fatal error still says why each input failed
    assert!(err.contains("empty.txt: empty article"), "{err}");
    assert!(!dir.path().join("o/claims.jsonl").exists());
}

#[test]
fn unwritable_output_and_bad_flags_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD.as_bytes());
    write(dir.path(), "blocker", b"a file where a folder should be");
    let o = frontline(&[
        "map",
        dir.path().join("a.txt").to_str().unwrap(),
        "--out",
        dir.path().join("blocker/out").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("blocker"), "{err}");
    let o = frontline(&[
        "map",
        dir.path().join("a.txt").to_str().unwrap(),
        "--published",
        "1 Dec",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("--published \"1 Dec\" is not a date"), "{err}");
}

#[test]
fn a_rerun_replaces_stale_day_layers_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    write(dir.path(), "a.txt", GOOD.as_bytes());
    std::fs::create_dir_all(out.join("days")).unwrap();
    write(&out.join("days"), "2020-01-01.geojson", b"{}");
    write(&out.join("days"), "notes.geojson", b"{}");
    assert!(frontline(&[
        "map",
        dir.path().join("a.txt").to_str().unwrap(),
        "--out",
        out.to_str().unwrap()
    ])
    .status
    .success());
    let names: Vec<String> = std::fs::read_dir(out.join("days"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.contains(&"2020-01-01.geojson".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"notes.geojson".to_string()),
        "user files are left alone: {names:?}"
    );
    assert!(
        names.contains(&"2024-11-29.geojson".to_string()),
        "{names:?}"
    );
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        assert!(
            !e.file_name().to_string_lossy().ends_with(".tmp"),
            "{}",
            e.path().display()
        );
    }
}
