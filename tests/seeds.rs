//! Acceptance on the five seed articles against `../shared/gold/seeds.json`.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

struct Run {
    _dir: tempfile::TempDir,
    out: std::path::PathBuf,
    mentions: Vec<Value>,
    claims: Vec<Value>,
    articles: Vec<Value>,
    stderr: String,
    status: i32,
}

/// `frontline eval --json` on the seeds: the report and its problem list as text.
fn eval_seeds(shared: &Path, published: Option<&str>) -> (Value, String) {
    let gold = shared.join("gold/seeds.json");
    let mut args = vec!["eval", "--gold", gold.to_str().unwrap(), "--json"];
    if let Some(p) = published {
        args.extend(["--published", p]);
    }
    let o = frontline(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let problems = serde_json::to_string_pretty(&v["problems"]).unwrap();
    (v, problems)
}

fn run(shared: &Path, published: Option<&str>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let seeds = shared.join("seeds");
    let mut args = vec![
        "map",
        seeds.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    if let Some(p) = published {
        args.extend(["--published", p]);
    }
    let o = frontline(&args);
    Run {
        mentions: jsonl(&out.join("mentions.jsonl")),
        claims: jsonl(&out.join("claims.jsonl")),
        articles: jsonl(&out.join("articles.jsonl")),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        status: o.status.code().unwrap_or(-1),
        out,
        _dir: dir,
    }
}

fn file_of(v: &Value) -> String {
    Path::new(v["article"].as_str().unwrap())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn seeds_meet_the_gold() {
    let Some(shared) = shared() else { return };
    let gold = json(&shared.join("gold/seeds.json"));
    let r = run(&shared, Some("2024-12-01"));
    assert_eq!(r.status, 0, "{}", r.stderr);

    // Recognition, resolution, traps and claims: scored by `frontline eval`.
    let (m, problems) = eval_seeds(&shared, Some("2024-12-01"));
    assert_eq!(m["metrics"]["precision"], 1.0, "{problems}");
    assert_eq!(m["metrics"]["recall"], 1.0, "{problems}");
    assert_eq!(m["metrics"]["resolution_within"], 1.0, "{problems}");
    assert_eq!(m["overall"]["not_place_hits"], 0, "{problems}");
    assert_eq!(m["overall"]["gold_mentions"], 79, "{problems}");
    assert_eq!(m["overall"]["claims"], 18);
    assert_eq!(m["overall"]["claims_right"], 18, "{problems}");
    assert_eq!(m["overall"]["forbidden_claims"], 0, "{problems}");
    assert!(m["missing"].as_array().unwrap().is_empty());

    // Foreign places: recognised, marked not Syrian, never on a day layer.
    let foreign: Vec<&str> = gold["foreign_places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut foreign_ids = std::collections::BTreeSet::new();
    for m in &r.mentions {
        let t = m["text"].as_str().unwrap();
        if foreign.contains(&t) {
            assert_eq!(m["in_syria"], Value::Bool(false), "{m}");
            foreign_ids.insert(m["place_id"].as_str().unwrap().to_string());
        }
    }
    for f in [
        "Russia",
        "Iran",
        "Moscow",
        "Tehran",
        "Gaza",
        "Lebanon",
        "Israel",
        "France",
        "Abkhazia",
        "West Asia",
        "Washington",
    ] {
        assert!(
            r.mentions
                .iter()
                .any(|m| m["text"] == f && m["in_syria"] == false),
            "foreign place {f} not recognised"
        );
    }
    for day in geojson_files(&r.out.join("days")) {
        for f in json(&day)["features"].as_array().unwrap() {
            let id = f["properties"]["place_id"].as_str().unwrap();
            assert!(
                !foreign_ids.contains(id),
                "{}: foreign place {id} drawn",
                day.display()
            );
        }
    }

    // Day layers: 29 Nov to 1 Dec exist; Aleppo opposition on 30 Nov; Hama contested on 1 Dec.
    for day in ["2024-11-29", "2024-11-30", "2024-12-01"] {
        assert!(
            r.out.join(format!("days/{day}.geojson")).is_file(),
            "{day} layer missing"
        );
    }
    let state = |day: &str, id: &str| -> String {
        let states: BTreeMap<String, String> = day_states(&r.out, day)
            .into_iter()
            .map(|(i, c, _)| (i, c))
            .collect();
        states
            .get(id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} absent on {day}"))
    };
    assert_eq!(state("2024-11-30", "geonames:170063"), "opposition");
    assert_eq!(state("2024-12-01", "geonames:170017"), "contested");
    assert_eq!(state("2024-11-29", "geonames:170063"), "contested");
}

#[test]
fn undated_articles_stay_undated() {
    let Some(shared) = shared() else { return };
    let r = run(&shared, None);
    assert_eq!(r.status, 0, "{}", r.stderr);
    for art in ["002_d8d2ad98a00a5d45.txt", "004_586925bde384db7a.txt"] {
        let a = r.articles.iter().find(|a| file_of(a) == art).unwrap();
        assert_eq!(a["undated"], Value::Bool(true), "{a}");
        assert!(
            r.stderr.contains(&format!("{art}: undated")),
            "no undated warning for {art}: {}",
            r.stderr
        );
        let claims: Vec<&Value> = r.claims.iter().filter(|c| file_of(c) == art).collect();
        assert!(!claims.is_empty());
        for c in claims {
            assert!(c["date"].is_null(), "{art}: invented date in {c}");
            assert_eq!(c["date_basis"], "unresolved");
        }
    }
    // Scored without --published, the gold dates of undated articles are expected unresolved.
    let (m, problems) = eval_seeds(&shared, None);
    assert_eq!(m["overall"]["claims_right"], 18, "{problems}");
    // 003 has no header date: its date is inferred from the text, and says so.
    let a = r
        .articles
        .iter()
        .find(|a| file_of(a) == "003_be7edf490cff9225.txt")
        .unwrap();
    assert_eq!(a["published"], "2024-12-01");
    assert_eq!(a["published_basis"]["from"], "inferred");
    // Dated headers are read as such.
    let a = r
        .articles
        .iter()
        .find(|a| file_of(a) == "000_0fa7a8624d72dde7.txt")
        .unwrap();
    assert_eq!(a["published_basis"]["from"], "header");
}

#[test]
fn gdal_opens_every_layer() {
    let Some(shared) = shared() else { return };
    if !have_ogrinfo() {
        return;
    }
    let r = run(&shared, Some("2024-12-01"));
    assert!(geojson_files(&r.out).len() >= 6);
    assert_gdal_opens(&r.out);
}
