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

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(
        root: &std::path::Path,
        d: &std::path::Path,
        out: &mut std::collections::BTreeMap<String, Vec<u8>>,
    ) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn a_huge_file_deep_markup_and_impossible_dates_are_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let arts = dir.path().join("in");
    std::fs::create_dir(&arts).unwrap();
    write(&arts, "a-good.txt", GOOD.as_bytes());
    // 100 MB (sparse: refused from its size, never read).
    std::fs::File::create(arts.join("b-huge.txt"))
        .unwrap()
        .set_len(100 * 1_048_576)
        .unwrap();
    let deep = format!(
        "<html><body>{}<p>Rebels took Hama.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    write(&arts, "c-deep.html", deep.as_bytes());
    write(
        &arts,
        "d-feb30.txt",
        b"---\npublished: 2024-02-30\n---\nRebels took Hama.\n",
    );
    write(
        &arts,
        "e-year.txt",
        b"---\npublished: 262144-01-01\n---\nRebels took Hama.\n",
    );
    // A dateline that names no real day is not a date: the article is read as undated.
    write(
        &arts,
        "f-dateline.txt",
        b"Fighting near Hama\n31 February 2024\nRebels captured Hama on Saturday.\n",
    );
    let out = dir.path().join("out");
    let o = frontline(&[
        "map",
        arts.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("b-huge.txt: 100.0 MB, more than the 16 MB"),
        "{err}"
    );
    assert!(err.contains("c-deep.html: markup nested"), "{err}");
    assert!(err.contains("d-feb30.txt:2: published date"), "{err}");
    assert!(err.contains("e-year.txt:2: published date"), "{err}");
    assert!(err.contains("f-dateline.txt: undated"), "{err}");
    assert!(err.contains("2 articles read, 4 skipped"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let claims = jsonl(&out.join("claims.jsonl"));
    let undated: Vec<_> = claims
        .iter()
        .filter(|c| c["article"].as_str().unwrap().ends_with("f-dateline.txt"))
        .collect();
    assert!(!undated.is_empty());
    assert!(undated.iter().all(|c| c["date"].is_null()), "{undated:?}");
}

#[test]
fn malformed_gazetteer_rows_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD.as_bytes());
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let places = std::fs::read_to_string(repo.join("gazetteer/places.tsv")).unwrap();
    let header = places.lines().next().unwrap();
    for (row, want) in [
        (
            "local:x\tX\t\tvillage\tnot-a-number\t35.3\tSY05\tSY\t\t\t\t\tt",
            "places.tsv:3:",
        ),
        ("local:y\tY\tvillage", "places.tsv:3:"),
        (
            "local:z\tZ\t\tvillage\t36.7\t135.3\tSY05\tSY\t\t\t\t\tt",
            "places.tsv:3:",
        ),
    ] {
        let gaz = dir.path().join("gaz");
        let _ = std::fs::remove_dir_all(&gaz);
        std::fs::create_dir(&gaz).unwrap();
        let second = places.lines().nth(1).unwrap();
        std::fs::write(
            gaz.join("places.tsv"),
            format!("{header}\n{second}\n{row}\n"),
        )
        .unwrap();
        let o = frontline(&[
            "map",
            dir.path().join("a.txt").to_str().unwrap(),
            "--gazetteer",
            gaz.to_str().unwrap(),
            "--out",
            dir.path().join("o").to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{row}: {err}");
        assert!(err.contains(want), "{row}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// A small file system of `mb` MB mounted at `dir`, or `None` where mounting is not
/// allowed (not root, or a container without the capability).
fn small_disk(dir: &std::path::Path, mb: u32) -> Option<()> {
    std::fs::create_dir_all(dir).unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("SKIPPED: cannot mount a small tmpfs to fill (needs root and CAP_SYS_ADMIN)");
    }
    ok.then_some(())
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_previous_outputs_stay() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    if small_disk(&disk, 8).is_none() {
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(disk.clone());
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    let out = disk.join("out");
    let args = |o: &std::path::Path| {
        vec![
            "map".to_string(),
            examples.display().to_string(),
            "--out".into(),
            o.display().to_string(),
        ]
    };
    let run = |o: &std::path::Path| {
        let a = args(o);
        frontline(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let first = run(&out);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(&out);
    // Fill the disk, leaving less room than a second copy of the outputs needs.
    let used: usize = before.values().map(Vec::len).sum();
    let filler = std::fs::File::create(disk.join("filler")).unwrap();
    let mut free = 8 * 1_048_576 - used;
    let mut w = std::io::BufWriter::new(filler);
    let block = vec![7u8; 65_536];
    while free > 200_000 {
        use std::io::Write;
        if w.write_all(&block).and_then(|_| w.flush()).is_err() {
            break;
        }
        free -= block.len();
    }
    drop(w);
    let second = run(&out);
    let err = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains(&out.display().to_string()), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("staging"),
        "{err}"
    );
    // Nothing changed, and no staging folder or temporary file is left.
    assert_eq!(snapshot(&out), before);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn an_interrupted_run_leaves_the_previous_outputs_intact() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let o = frontline(&[
        "corpus",
        "--articles",
        "1500",
        "--seed",
        "5",
        "--out",
        corpus.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles");
    let out = dir.path().join("out");
    let first = frontline(&[
        "map",
        examples.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(first.status.success());
    let before = snapshot(&out);
    // A bigger run into the same folder, killed (SIGKILL: no chance to clean up) once
    // it has started writing.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["map", corpus.to_str().unwrap(), "-q", "--out"])
        .arg(&out)
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let staging = || {
        std::fs::read_dir(&out).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".frontline-staging-")
        })
    };
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            panic!("the run ended ({s}) before it could be interrupted; give it more articles");
        }
        if staging() {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 600,
            "no staging folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    child.kill().unwrap();
    child.wait().unwrap();
    // The folder still holds the first run's outputs, byte for byte, beside the dead
    // run's staging folder; the next run clears that away.
    let after: std::collections::BTreeMap<String, Vec<u8>> = snapshot(&out)
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".frontline-staging-"))
        .collect();
    assert_eq!(after, before);
    let again = frontline(&[
        "map",
        examples.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(again.status.success());
    assert_eq!(snapshot(&out), before);
}
