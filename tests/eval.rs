//! `frontline eval` on the team's development gold set, and its handling of bad gold files.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn dev_gold() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/dev.json")
}

fn eval_json(args: &[&str]) -> Value {
    let o = frontline(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn development_set_meets_the_bar() {
    let gold = dev_gold();
    let v = eval_json(&["eval", "--gold", gold.to_str().unwrap(), "--json"]);
    let problems = serde_json::to_string_pretty(&v["problems"]).unwrap();
    let m = &v["metrics"];
    let f1 = m["f1"].as_f64().unwrap();
    let res = m["resolution_within"].as_f64().unwrap();
    eprintln!("dev set: {m}");
    assert!(v["articles"].as_array().unwrap().len() >= 30);
    assert!(
        v["missing"].as_array().unwrap().is_empty(),
        "{}",
        v["missing"]
    );
    assert!(
        v["gold_warnings"].as_array().unwrap().is_empty(),
        "{}",
        v["gold_warnings"]
    );
    assert!(f1 >= 0.95, "recognition F1 {f1} < 0.95: {problems}");
    assert!(res >= 0.95, "resolution {res} < 0.95: {problems}");
    assert_eq!(v["overall"]["not_place_hits"], 0, "{problems}");
    // Higher scores are at least as accurate as the lowest band that has any mentions.
    let buckets: Vec<(u64, f64)> = v["calibration"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| Some((b["n"].as_u64()?, b["accuracy"].as_f64()?)))
        .collect();
    let top = buckets.last().unwrap();
    assert!(top.1 >= buckets[0].1, "calibration inverted: {buckets:?}");
}

#[test]
fn the_readme_quotes_the_measured_figures() {
    let gold = dev_gold();
    let o = frontline(&["eval", "--gold", gold.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let overall = text
        .lines()
        .find(|l| l.starts_with("overall"))
        .unwrap()
        .to_string();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&overall),
        "README.md lacks the dev-set line\n{overall}"
    );
    let Some(shared) = shared() else { return };
    let seeds = shared.join("gold/seeds.json");
    let o = frontline(&[
        "eval",
        "--gold",
        seeds.to_str().unwrap(),
        "--published",
        "2024-12-01",
    ]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let overall = text.lines().find(|l| l.starts_with("overall")).unwrap();
    assert!(
        readme.contains(overall),
        "README.md lacks the seeds line\n{overall}"
    );
}

#[test]
fn bad_gold_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.json");
    std::fs::write(&g, "{\n  \"places\": [1,\n").unwrap();
    let o = frontline(&["eval", "--gold", g.to_str().unwrap(), "."]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("g.json:"), "{err}");

    // A gold article that is not among the inputs is reported and the exit code says so.
    std::fs::write(
        &g,
        r#"{"tolerance_km": {"city": 10}, "places": {"hama": {"name": "Hama", "kind": "city", "coordinates": [36.7578, 35.1318]}},
            "articles": {"a.txt": {"published": "2024-12-05", "mentions": {"hama": ["Hama"]}},
                         "gone.txt": {"published": null}}}"#,
    )
    .unwrap();
    // No articles given and no folder beside the gold file: both places looked at are named.
    let o = frontline(&["eval", "--gold", g.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no article folder given") && err.contains("/g"),
        "{err}"
    );
    let arts = dir.path().join("g");
    std::fs::create_dir(&arts).unwrap();
    std::fs::write(
        arts.join("a.txt"),
        "Hama falls\n5 December 2024\n\nRebels took Hama and Homs.\n",
    )
    .unwrap();
    let o = frontline(&["eval", "--gold", g.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["missing"][0].as_str().unwrap().contains("gone.txt"));
    // Homs is a Syrian place the gold does not list: a false hit; Hama is found.
    assert_eq!(v["overall"]["gold_found"], 2);
    assert_eq!(v["overall"]["found"], 3);
    assert_eq!(v["metrics"]["recall"], 1.0);
    let p = &v["problems"][0];
    assert_eq!(p["kind"], "false-hit");
    assert_eq!(p["text"], "Homs");
    assert_eq!(p["line"], 4);
}
