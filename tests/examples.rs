//! The bundled example dispatches: the README's run command, end to end, without ../shared.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles")
}

/// Maps the examples into `out`, quietly, and checks the run succeeded.
fn map_examples(out: &Path) {
    let o = frontline(&[
        "map",
        examples().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--baseline",
        "nw-syria-2024-11-26",
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn state(out: &Path, day: &str) -> BTreeMap<String, String> {
    day_states(out, day)
        .into_iter()
        .map(|(i, c, _)| (i, c))
        .collect()
}

#[test]
fn examples_map_the_offensive_day_by_day() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = frontline(&[
        "map",
        examples().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--baseline",
        "nw-syria-2024-11-26",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("5 articles read, 0 skipped"), "{err}");
    // The README quotes this run's summary line.
    let line = err
        .lines()
        .find(|l| l.contains("articles read"))
        .unwrap()
        .replace(out.to_str().unwrap(), "out");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains(&line), "README.md does not quote:\n{line}");

    // Every day from the launch on 27 Nov to the fall of Hama on 5 Dec has a layer.
    let days: Vec<String> = geojson_files(&out.join("days"))
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let want: Vec<String> = (27..=30)
        .map(|d| format!("2024-11-{d}"))
        .chain((1..=5).map(|d| format!("2024-12-0{d}")))
        .collect();
    assert_eq!(days, want);

    let aleppo = "geonames:170063";
    let hama = "geonames:170017";
    let maarat = "geonames:167611";
    assert_eq!(state(&out, "2024-11-30")[aleppo], "opposition");
    assert_eq!(state(&out, "2024-11-30")["local:sheikh-maqsoud"], "sdf");
    assert_eq!(state(&out, "2024-11-27")["local:sheikh-aqil"], "opposition");
    assert_eq!(state(&out, "2024-11-29")["geonames:164816"], "opposition"); // Saraqib
    assert_eq!(state(&out, "2024-11-30")[maarat], "opposition");
    assert_eq!(state(&out, "2024-12-03")["geonames:163915"], "opposition"); // Suran (Hama)
    assert_eq!(
        state(&out, "2024-12-03")["local:jabal-zayn-al-abidin"],
        "contested"
    );
    assert_eq!(state(&out, "2024-12-05")[hama], "opposition");
    assert!(
        !state(&out, "2024-12-04").contains_key(hama)
            || state(&out, "2024-12-04")[hama] != "opposition"
    );
    assert_eq!(state(&out, "2024-12-01")["geonames:163476"], "sna"); // Tell Rifaat

    // Every spelling of Maarat al-Numan in the dispatches resolves to one town.
    let mentions = jsonl(&out.join("mentions.jsonl"));
    let spellings: std::collections::BTreeSet<&str> = mentions
        .iter()
        .filter(|m| m["place_id"] == maarat)
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert!(spellings.len() >= 4, "{spellings:?}");
    assert!(spellings.contains("معرة النعمان"), "{spellings:?}");

    // Each date source is used: header line, front matter, sidecar.
    let arts = jsonl(&out.join("articles.jsonl"));
    let bases: std::collections::BTreeSet<&str> = arts
        .iter()
        .map(|a| a["published_basis"]["from"].as_str().unwrap())
        .collect();
    assert_eq!(
        bases,
        ["front_matter", "header", "sidecar"].into_iter().collect()
    );
}

#[test]
fn same_inputs_give_byte_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        map_examples(out);
    }
    let files: Vec<_> = walkdir::WalkDir::new(&a)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .collect();
    assert!(files.len() >= 13);
    for f in files {
        let rel = f.path().strip_prefix(&a).unwrap();
        assert_eq!(
            std::fs::read(f.path()).unwrap(),
            std::fs::read(b.join(rel)).unwrap(),
            "{} differs",
            rel.display()
        );
    }
}

#[test]
fn runs_from_a_fresh_folder_with_nothing_beside_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let arts = dir.path().join("articles");
    std::fs::create_dir(&arts).unwrap();
    for e in std::fs::read_dir(examples()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, arts.join(p.file_name().unwrap())).unwrap();
    }
    let o = frontline_in(dir.path(), &["map", "articles"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.path().join("out/timeline.geojson").is_file());
    assert!(dir.path().join("out/days/2024-12-05.geojson").is_file());
}

/// Every (lon, lat) position in a GeoJSON coordinates value, however deeply nested.
fn positions_of(v: &serde_json::Value, out: &mut Vec<(f64, f64)>) {
    let Some(a) = v.as_array() else { return };
    if let (Some(x), Some(y)) = (
        a.first().and_then(|x| x.as_f64()),
        a.get(1).and_then(|y| y.as_f64()),
    ) {
        out.push((x, y));
    } else {
        for item in a {
            positions_of(item, out);
        }
    }
}

#[test]
fn layers_follow_rfc7946_and_carry_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    map_examples(&out);
    for f in geojson_files(&out) {
        let text = std::fs::read_to_string(&f).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        assert!(v.get("crs").is_none());
        for feat in v["features"].as_array().unwrap() {
            let mut positions = Vec::new();
            positions_of(&feat["geometry"]["coordinates"], &mut positions);
            assert!(!positions.is_empty(), "{}: no coordinates", f.display());
            for (lon, lat) in positions {
                assert!(
                    (35.0..43.0).contains(&lon) && (32.0..38.0).contains(&lat),
                    "{}: {lon},{lat} not lon/lat in Syria",
                    f.display()
                );
                for x in [lon, lat] {
                    let s = x.to_string();
                    assert!(
                        s.split('.').nth(1).map_or(0, str::len) <= 6,
                        "{s} has more than 6 decimals"
                    );
                }
            }
            if feat["geometry"]["type"] != "Point" {
                continue;
            }
            let p = &feat["properties"];
            for key in [
                "place_id",
                "name",
                "controller",
                "status",
                "since",
                "confidence",
                "sources",
                "marker-color",
                "title",
            ] {
                assert!(p.get(key).is_some(), "{}: {key} missing", f.display());
            }
            let ev = p["evidence"].as_array().unwrap();
            if ev.is_empty() {
                // A state that rests on the baseline alone cites the baseline row.
                assert_eq!(p["from_baseline"], true, "{}: no evidence", f.display());
                assert!(p["baseline"]["source"]
                    .as_str()
                    .is_some_and(|s| !s.is_empty()));
            } else {
                assert!(ev[0]["sentence"].as_str().is_some_and(|s| !s.is_empty()));
                assert!(ev[0]["article"].as_str().is_some());
            }
            // Keys are sorted: the serialisation is stable.
            let keys: Vec<&String> = p.as_object().unwrap().keys().collect();
            let mut sorted = keys.clone();
            sorted.sort();
            assert_eq!(keys, sorted);
        }
    }
    let tl = json(&out.join("timeline.geojson"));
    let f = &tl["features"][0]["properties"];
    assert!(f["valid_from"].as_str().unwrap() < f["valid_to"].as_str().unwrap());
}

#[test]
fn gdal_opens_example_layers() {
    if !have_ogrinfo() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    map_examples(&out);
    assert_gdal_opens(&out);
}
