//! The synthetic corpus: reproducible, readable by `map`.

mod common;

use common::frontline;

#[test]
fn a_corpus_is_reproducible_and_maps() {
    let tmp = tempfile::tempdir().unwrap();
    let a = frontline(&["corpus", "--articles", "20", "--seed", "3", "--jsonl", "-"]);
    let b = frontline(&["corpus", "--articles", "20", "--seed", "3", "--jsonl", "-"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout, "the same seed gives the same corpus");
    let lines: Vec<serde_json::Value> = String::from_utf8(a.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 20);
    assert_eq!(lines[7]["id"], "synth-000007");
    let dir = tmp.path().join("corpus");
    let o = frontline(&[
        "corpus",
        "--articles",
        "20",
        "--seed",
        "3",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = tmp.path().join("out");
    let o = frontline(&["map", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("frontline: 20 articles read, 0 skipped"),
        "{err}"
    );
    let claims = common::jsonl(&out.join("claims.jsonl"));
    assert!(claims.len() > 20, "{} claims", claims.len());
    assert!(
        claims.iter().all(|c| c["date"].is_string()),
        "every generated claim is dated"
    );
}
