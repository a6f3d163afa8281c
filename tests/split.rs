//! The split run: `frontline extract | frontline layers` writes what `frontline map` writes
//! over the same articles JSON lines, byte for byte, whatever order the records come in.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// Runs the binary with `input` on standard input.
fn piped(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the frontline binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        // a closed pipe is the child's business, not the test's
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A generated corpus, `map` over it, and its extract records, made once per test run.
struct Fixture {
    dir: PathBuf,
    corpus: PathBuf,
    map_out: PathBuf,
    records: Vec<String>,
}

const ARTICLES: usize = 300;

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("split");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let corpus = dir.join("corpus.jsonl");
        let n = ARTICLES.to_string();
        let o = common::frontline(&[
            "corpus",
            "--articles",
            &n,
            "--seed",
            "9",
            "--jsonl",
            s(&corpus),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let map_out = dir.join("map");
        let o = common::frontline(&["map", s(&corpus), "--out", s(&map_out), "--no-progress"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(
            err.contains(&format!("frontline: {ARTICLES} articles read, 0 skipped")),
            "{err}"
        );
        let o = piped(&["extract"], &std::fs::read(&corpus).unwrap());
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(
            err.contains(&format!(
                "{ARTICLES} lines read, {ARTICLES} articles written, 0 bad lines"
            )),
            "{err}"
        );
        let records: Vec<String> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(records.len(), ARTICLES);
        Fixture {
            dir,
            corpus,
            map_out,
            records,
        }
    })
}

/// A fixed shuffle: position `i` takes item `(i * step) % n` (`step` coprime to `n`).
fn shuffled<T: Clone>(items: &[T], step: usize) -> Vec<T> {
    (0..items.len())
        .map(|i| items[(i * step) % items.len()].clone())
        .collect()
}

#[test]
fn extract_then_layers_writes_what_map_writes() {
    let f = fixture();
    let out = f.dir.join("layers-stdin");
    let o = piped(
        &["layers", "--out", s(&out)],
        f.records.join("\n").as_bytes(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!("frontline: {ARTICLES} articles read, 0 skipped")),
        "{err}"
    );
    common::assert_same_tree(&f.map_out, &out);
    // records carry their line's index, an origin and the article's id
    let r: serde_json::Value = serde_json::from_str(&f.records[7]).unwrap();
    assert_eq!(r["seq"], 7);
    assert_eq!(r["origin"], "stdin:8");
    assert_eq!(r["processed"]["article"]["source"], "synth-000007");
    assert!(r["processed"]["claims"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));
}

/// The fixture's records written to `name` in its folder.
fn records_file(f: &Fixture, name: &str) -> PathBuf {
    let path = f.dir.join(name);
    std::fs::write(&path, f.records.join("\n")).unwrap();
    path
}

#[test]
fn records_from_a_pipe_named_as_a_file_give_the_same_layers() {
    // `layers <(...)`: the records come through a named pipe, which cannot be read twice.
    if Command::new("bash").arg("-c").arg("true").status().is_err() {
        eprintln!("skipped: no bash for process substitution");
        return;
    }
    let f = fixture();
    let records = records_file(f, "pipe-records.jsonl");
    let out = f.dir.join("layers-pipe");
    let o = Command::new("bash")
        .arg("-c")
        .arg(r#""$0" layers --out "$1" <(cat "$2")"#)
        .args([env!("CARGO_BIN_EXE_frontline"), s(&out), s(&records)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    common::assert_same_tree(&f.map_out, &out);
}

#[test]
fn records_on_stdin_with_no_temporary_folder_are_a_clear_error() {
    let f = fixture();
    let records = records_file(f, "spool-records.jsonl");
    let missing = f.dir.join("no-such-tmp");
    let o = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["layers", "--out", s(&f.dir.join("layers-spool"))])
        .env("TMPDIR", &missing)
        .stdin(std::fs::File::open(&records).unwrap())
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("cannot copy stdin to a temporary file (TMPDIR) to read its records twice"),
        "{err}"
    );
    assert!(!f.dir.join("layers-spool").exists());
}

#[test]
fn records_in_any_order_and_pieces_give_the_same_layers() {
    let f = fixture();
    let mixed = shuffled(&f.records, 7);
    assert_ne!(mixed, f.records);
    let dir = f.dir.join("pieces");
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (i, piece) in mixed.chunks(ARTICLES / 3 + 1).enumerate() {
        let p = dir.join(format!("part-{i}.jsonl"));
        std::fs::write(&p, piece.join("\n") + "\n").unwrap();
        files.push(p);
    }
    // the same record twice (a piece handed over twice) is read once
    let again = dir.join("again.jsonl");
    std::fs::write(&again, format!("\n{}\n", f.records[42])).unwrap();
    files.insert(1, again);
    let out = f.dir.join("layers-pieces");
    let mut args = vec!["layers", "--out", s(&out)];
    args.extend(files.iter().map(|p| s(p)));
    let o = common::frontline(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("frontline: warning: stdin:43: id \"synth-000042\" repeats stdin:43 with the same article; read once"),
        "{err}"
    );
    common::assert_same_tree(&f.map_out, &out);
}

#[test]
fn numbered_lines_extracted_in_pieces_give_the_same_layers() {
    // what the Spark driver does: number every line, cut the lines in pieces in any
    // order, extract each piece on its own, gather the records
    let f = fixture();
    let lines: Vec<String> = std::fs::read_to_string(&f.corpus)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{i}\t{l}"))
        .collect();
    let mixed = shuffled(&lines, 11);
    let (a, b) = mixed.split_at(ARTICLES / 2);
    let mut records = Vec::new();
    for piece in [b, a] {
        let o = piped(
            &["extract", "--numbered", "--name", s(&f.corpus), "--quiet"],
            (piece.join("\n") + "\n").as_bytes(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(o.stderr.is_empty(), "{}", stderr(&o));
        records.extend_from_slice(&o.stdout);
    }
    let out = f.dir.join("layers-numbered");
    let o = piped(&["layers", "--out", s(&out), "--quiet"], &records);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    common::assert_same_tree(&f.map_out, &out);
}

#[test]
fn bad_lines_are_named_skipped_and_counted() {
    let f = fixture();
    let dir = f.dir.join("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = std::fs::read_to_string(&f.corpus).unwrap();
    let good: Vec<&str> = corpus.lines().take(5).collect();
    let input = dir.join("input.jsonl");
    let text = format!(
        "{}\n{}\n{{\"id\": \"no text\"}}\n\n{}\n[1, 2]\n{}\n{}\n",
        good[0], good[1], good[2], good[3], good[4]
    );
    std::fs::write(&input, &text).unwrap();

    let map_out = dir.join("map");
    let o = common::frontline(&["map", s(&input), "--out", s(&map_out), "--no-progress"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let at = |name: &str, line: usize| {
        format!("frontline: warning: skipped {name}:{line}: not an article record: ")
    };
    assert!(
        err.contains(&(at(s(&input), 3) + "missing field `text`")),
        "{err}"
    );
    assert!(err.contains(&(at(s(&input), 6) + "a JSON object")), "{err}");
    assert!(
        err.contains("frontline: 5 articles read, 2 skipped"),
        "{err}"
    );

    let o = piped(&["extract"], text.as_bytes());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&(at("stdin", 3) + "missing field `text`")),
        "{err}"
    );
    assert!(err.contains(&(at("stdin", 6) + "a JSON object")), "{err}");
    assert!(
        err.contains("8 lines read, 5 articles written, 2 bad lines skipped"),
        "{err}"
    );
    let records = o.stdout;
    assert_eq!(records.iter().filter(|&&b| b == b'\n').count(), 5);
    let out = dir.join("layers");
    let o = piped(&["layers", "--out", s(&out), "--quiet"], &records);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    common::assert_same_tree(&map_out, &out);

    // with --numbered the bad lines travel to layers, which names them and exits 1
    let numbered: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{i}\t{l}\n"))
        .collect();
    let o = piped(
        &["extract", "--numbered", "--name", s(&input)],
        numbered.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.join("layers-numbered");
    let o = piped(&["layers", "--out", s(&out)], &o.stdout);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&(at(s(&input), 3) + "missing field `text`")),
        "{err}"
    );
    assert!(
        err.contains("frontline: 5 articles read, 2 skipped"),
        "{err}"
    );
    common::assert_same_tree(&map_out, &out);

    // a line that is no record, and a file that is not there, are named too
    let recs = dir.join("records.jsonl");
    std::fs::write(&recs, format!("{}\n{{\"seq\": 1}}\n", f.records[0])).unwrap();
    let missing = dir.join("missing.jsonl");
    let o = common::frontline(&["layers", "--out", s(&dir.join("l3")), s(&recs), s(&missing)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "skipped {}:2: not a record of frontline extract: missing field `origin`",
            s(&recs)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: No such file", s(&missing))),
        "{err}"
    );

    // nothing readable at all is fatal, with the reasons
    let o = piped(&["layers", "--out", s(&dir.join("l4"))], b"garbage\n");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no articles could be read"), "{err}");
    assert!(
        err.contains("skipped stdin:1: not a record of frontline extract"),
        "{err}"
    );
}

#[test]
fn a_closed_pipe_ends_extract_quietly() {
    let f = fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(["extract", "--quiet"])
        .stdin(std::fs::File::open(&f.corpus).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // the read end is dropped here, as `frontline extract | head -c 16` does
    let o = child.wait_with_output().unwrap();
    assert_eq!(&first[..8], b"{\"seq\":0");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn seeds_as_json_lines_split_as_map_reads_them() {
    let Some(shared) = common::shared() else {
        return;
    };
    let seeds = shared.join("seeds");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    let dir = tempfile::tempdir().unwrap();
    // each seed becomes a line whose id is the path map gives the file, so the three
    // runs below must agree byte for byte
    let mut jsonl = String::new();
    for p in &names {
        let text = std::fs::read_to_string(p).unwrap();
        let id = p.display().to_string();
        jsonl.push_str(&serde_json::json!({ "id": id, "text": text }).to_string());
        jsonl.push('\n');
    }
    let input = dir.path().join("seeds.jsonl");
    std::fs::write(&input, &jsonl).unwrap();
    for published in [None, Some("2024-12-01")] {
        let flag: Vec<&str> = published
            .map(|d| vec!["--published", d])
            .unwrap_or_default();
        let run = |name: &str, args: &[&str]| {
            let out = dir.path().join(name);
            let mut all = args.to_vec();
            all.extend(["--out", s(&out), "--no-progress"]);
            all.extend(&flag);
            let o = common::frontline(&all);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            (out, stderr(&o))
        };
        let (files_out, files_err) = run("files", &["map", s(&seeds)]);
        let (jsonl_out, jsonl_err) = run("jsonl", &["map", s(&input)]);
        let mut extract = vec!["extract"];
        extract.extend(&flag);
        let o = piped(&extract, jsonl.as_bytes());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let split_out = dir.path().join("split");
        let l = piped(&["layers", "--out", s(&split_out)], &o.stdout);
        assert_eq!(l.status.code(), Some(0), "{}", stderr(&l));
        common::assert_same_tree(&jsonl_out, &split_out);
        common::assert_same_tree(&files_out, &jsonl_out);
        // the same warnings (undated, inferred dates) in the same order
        let warnings = |e: &str| -> Vec<String> {
            e.lines()
                .filter(|l| l.starts_with("frontline: warning:"))
                .map(String::from)
                .collect()
        };
        assert_eq!(warnings(&files_err), warnings(&stderr(&l)));
        assert_eq!(warnings(&jsonl_err), warnings(&stderr(&l)));
        if published.is_none() {
            assert!(!warnings(&files_err).is_empty());
        }
    }
}

#[test]
fn a_jsonl_file_is_read_line_by_line_with_its_own_line_numbers() {
    let f = fixture();
    let dir = f.dir.join("lines");
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = std::fs::read_to_string(&f.corpus).unwrap();
    let good: Vec<&str> = corpus.lines().take(2).collect();
    // A byte-order mark and CRLF on line 1, a blank line, a line that is not UTF-8 and a
    // last line without a line break.
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(format!("{}\r\n\r\n", good[0]).as_bytes());
    bytes.extend_from_slice(b"{\"id\": \"x\", \"text\": \"caf\xe9\"}\n");
    bytes.extend_from_slice(good[1].as_bytes());
    let input = dir.join("input.jsonl");
    std::fs::write(&input, &bytes).unwrap();
    let out = dir.join("out");
    let o = common::frontline(&["map", s(&input), "--out", s(&out), "--no-progress"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "skipped {}:3: not valid UTF-8 (byte 24 of the line)",
            s(&input)
        )),
        "{err}"
    );
    assert!(
        err.contains("frontline: 2 articles read, 1 skipped"),
        "{err}"
    );

    let clean = dir.join("clean.jsonl");
    std::fs::write(&clean, format!("{}\n{}\n", good[0], good[1])).unwrap();
    let clean_out = dir.join("clean-out");
    let o = common::frontline(&["map", s(&clean), "--out", s(&clean_out), "--no-progress"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    common::assert_same_tree(&out, &clean_out);
}
