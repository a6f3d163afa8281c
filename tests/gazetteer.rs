//! The bundled gazetteer: rebuilt from the sources it is identical; lookups; overrides.

mod common;

use common::*;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_importer_rebuilds_the_bundled_gazetteer_exactly() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gaz");
    let o = frontline(&[
        "gazetteer",
        "build",
        "--sources",
        shared.join("data/gazetteer-sources").to_str().unwrap(),
        "--curated",
        repo().join("gazetteer/curated").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "places.tsv",
        "boundaries/syria.geojson",
        "boundaries/governorates.geojson",
    ] {
        let built = std::fs::read(out.join(f)).unwrap();
        let bundled = std::fs::read(repo().join("gazetteer").join(f)).unwrap();
        assert!(built == bundled, "gazetteer/{f} is not what the importer builds: run `frontline gazetteer build --sources ../shared/data/gazetteer-sources`");
    }
}

#[test]
fn lookup_finds_spellings_and_arabic() {
    for (q, id) in [
        ("Maaret al-Numan", "geonames:167611"),
        ("Ma'arrat an-Nu'man", "geonames:167611"),
        ("معرة النعمان", "geonames:167611"),
        ("Khan Sheikhoun", "geonames:168325"),
        ("Alep", "geonames:170063"),
        ("حلب", "geonames:170063"),
    ] {
        let o = frontline(&["gazetteer", "lookup", q, "--json"]);
        assert!(o.status.success(), "{q}");
        let first: serde_json::Value =
            serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap())
                .unwrap();
        let ids: Vec<String> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert!(ids.contains(&id.to_string()), "{q}: {ids:?}");
        assert_eq!(first["score"], 1.0, "{q}");
    }
    let o = frontline(&["gazetteer", "lookup", "Hama"]);
    let table = String::from_utf8_lossy(&o.stdout);
    let first_row = table.lines().nth(1).unwrap();
    assert!(
        first_row.starts_with("geonames:170017"),
        "the city comes first: {table}"
    );
    let o = frontline(&["gazetteer", "lookup", "Xyzzyq"]);
    assert_eq!(o.status.code(), Some(1));
}

/// The 37 places of the shared coverage list, each found by its English spelling and by its
/// Arabic name within 3 km of the reference point (GeoNames' point, or the shared list of
/// manual additions for places GeoNames lacks).
#[test]
fn every_coverage_place_is_found_in_english_and_arabic_within_3_km() {
    let Some(shared) = shared() else { return };
    let src = shared.join("data/gazetteer-sources");
    let detail = json(&src.join("coverage/coverage_detail.json"));
    let gn = &detail["GN-c500 merged (this folder)"];
    // Arabic names of GeoNames rows, and the manual additions (name, Arabic, lat, lon).
    let merged =
        std::fs::read_to_string(src.join("geonames-cities500/sy_places_merged.tsv")).unwrap();
    let arabic_of = |id: u64| -> Option<String> {
        merged
            .lines()
            .find(|l| l.starts_with(&format!("{id}\t")))
            .map(|l| l.split('\t').nth(3).unwrap().to_string())
    };
    let gaps = std::fs::read_to_string(src.join("manual-additions/sy_gap_candidates.tsv")).unwrap();
    let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
    let tsv = std::fs::read_to_string(src.join("coverage/coverage_test_places.tsv")).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in tsv
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("FOUND") && !l.starts_with('#'))
    {
        let place = line.split('\t').next().unwrap();
        let english: Vec<&str> = place.split(" (").map(|s| s.trim_end_matches(')')).collect();
        let hits = gn[place].as_array().cloned().unwrap_or_default();
        let (refs, arabic): (Vec<(f64, f64)>, String) = if !hits.is_empty() {
            let refs = hits
                .iter()
                .map(|h| (h[3].as_f64().unwrap(), h[2].as_f64().unwrap()))
                .collect();
            (
                refs,
                arabic_of(hits[0][1].as_u64().unwrap()).unwrap_or_default(),
            )
        } else {
            let row = gaps
                .lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .find(|f| {
                    f[1].split(" (").next().unwrap() == english[0]
                        || f[3].split('|').any(|v| v == english[0])
                })
                .unwrap_or_else(|| panic!("no reference point for {place}"));
            (
                vec![(row[7].parse().unwrap(), row[6].parse().unwrap())],
                row[2].to_string(),
            )
        };
        assert!(!arabic.is_empty(), "no Arabic name for {place}");
        for q in english.iter().map(|s| s.to_string()).chain([arabic]) {
            checked += 1;
            let found = frontline::gazetteer::lookup::lookup(&g, &q, 5, 0.9);
            let near = found.iter().any(|c| {
                refs.iter()
                    .any(|r| km((c.place.lon, c.place.lat), *r) <= 3.0)
            });
            if !near {
                let got: Vec<String> = found
                    .iter()
                    .map(|c| format!("{} {:.3},{:.3}", c.place.id, c.place.lon, c.place.lat))
                    .collect();
                failures.push(format!("{place} as {q:?}: {got:?}"));
            }
        }
    }
    assert!(checked >= 74, "{checked}");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_gazetteer_folder_overrides_the_bundled_one() {
    let dir = tempfile::tempdir().unwrap();
    let gaz = dir.path().join("gaz");
    std::fs::create_dir(&gaz).unwrap();
    let mut places = std::fs::read_to_string(repo().join("gazetteer/places.tsv")).unwrap();
    places.push_str("local:tall-frontline\tTall Frontline\tتل فرونتلاين\tvillage\t36.7\t35.3\tSY05\tSY\t\tTel Frontline\t\t\ttest fixture\n");
    std::fs::write(gaz.join("places.tsv"), places).unwrap();
    let text = "T\n2 December 2024\nRebels captured Tel Frontline on Monday.\n";
    let (o, out) = map_article(dir.path(), text, Some(&gaz));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let claims = jsonl(&out.join("claims.jsonl"));
    assert_eq!(claims[0]["place_id"], "local:tall-frontline");
    assert_eq!(claims[0]["date"], "2024-12-02");
    // A broken gazetteer names its file and line.
    std::fs::write(gaz.join("places.tsv"), "id\tname\n").unwrap();
    let (o, _) = map_article(dir.path(), text, Some(&gaz));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("places.tsv:1: header lacks the column"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn stats_count_the_bundled_gazetteer() {
    let o = frontline(&["gazetteer", "stats", "--json"]);
    assert!(o.status.success());
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let places = std::fs::read_to_string(repo().join("gazetteer/places.tsv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(s["places"].as_u64().unwrap() as usize, places);
    assert!(s["arabic_share"].as_f64().unwrap() > 0.9);
    assert_eq!(s["by_governorate"].as_object().unwrap().len(), 15);
    // The README's table is what the tool prints.
    let table = String::from_utf8(frontline(&["gazetteer", "stats"]).stdout).unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README's gazetteer table is out of date: run `frontline gazetteer stats`"
    );
}
