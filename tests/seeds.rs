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

impl Run {
    /// Claims of article `art` about the gold place `place` (resolved within tolerance).
    fn claims_about<'a>(
        &'a self,
        art: &'a str,
        place: &'a Value,
        gold: &'a Value,
    ) -> impl Iterator<Item = &'a Value> {
        self.claims.iter().filter(move |x| {
            let m = self
                .mentions
                .iter()
                .find(|m| m["place_id"] == x["place_id"])
                .expect("claimed places are mentioned");
            file_of(x) == art && mention_is(m, place, gold)
        })
    }
}

/// Does a mention resolve to the gold place?
fn mention_is(m: &Value, place: &Value, gold: &Value) -> bool {
    matches_place(
        place,
        gold,
        m["kind"].as_str().unwrap(),
        m["lon"].as_f64().unwrap(),
        m["lat"].as_f64().unwrap(),
    )
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

/// Gold kinds and the gazetteer kinds that satisfy them.
fn kind_ok(gold: &str, ours: &str) -> bool {
    match gold {
        "city" => matches!(ours, "city" | "town"),
        other => other == ours,
    }
}

/// Does a mention or claim (with the place's coordinates) match a gold place?
fn matches_place(gold: &Value, g: &Value, kind: &str, lon: f64, lat: f64) -> bool {
    let gp = &g["places"][gold.as_str().unwrap()];
    let gk = gp["kind"].as_str().unwrap();
    let tol = g["tolerance_km"][gk].as_f64().unwrap();
    let c = gp["coordinates"].as_array().unwrap();
    kind_ok(gk, kind) && km((lon, lat), (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())) <= tol
}

#[test]
fn seeds_meet_the_gold() {
    let Some(shared) = shared() else { return };
    let gold = json(&shared.join("gold/seeds.json"));
    let r = run(&shared, Some("2024-12-01"));
    assert_eq!(r.status, 0, "{}", r.stderr);

    // Recall: every gold place of every article is found there, within tolerance.
    let mut missed = Vec::new();
    for (art, a) in gold["articles"].as_object().unwrap() {
        for place in a["mentions"].as_object().unwrap().keys() {
            let key = Value::from(place.as_str());
            let found = r
                .mentions
                .iter()
                .any(|m| file_of(m) == *art && mention_is(m, &key, &gold));
            if !found {
                missed.push(format!("{art}: {place}"));
            }
        }
    }
    assert!(missed.is_empty(), "gold places not found: {missed:?}");

    // Traps: no mention overlaps a whole-word occurrence of a not-place string.
    let trap_re: Vec<regex::Regex> = gold["not_places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            regex::Regex::new(&format!(r"\b{}\b", regex::escape(s.as_str().unwrap()))).unwrap()
        })
        .collect();
    for f in std::fs::read_dir(shared.join("seeds")).unwrap() {
        let path = f.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for re in &trap_re {
            for occ in re.find_iter(&text) {
                let bad: Vec<&Value> = r
                    .mentions
                    .iter()
                    .filter(|m| file_of(m) == name)
                    .filter(|m| {
                        let (s, e) = (
                            m["start"].as_u64().unwrap() as usize,
                            m["end"].as_u64().unwrap() as usize,
                        );
                        s < occ.end() && occ.start() < e
                    })
                    .collect();
                assert!(
                    bad.is_empty(),
                    "{name}: not-place {:?} read as {bad:?}",
                    occ.as_str()
                );
            }
        }
    }

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

    // Claims: controller and date right for at least 15 of the 18.
    let mut right = 0;
    let mut total = 0;
    let mut report = Vec::new();
    for (art, a) in gold["articles"].as_object().unwrap() {
        for c in a["claims"].as_array().unwrap() {
            total += 1;
            let ok = r
                .claims_about(art, &c["place"], &gold)
                .any(|x| x["controller"] == c["controller"] && x["date"] == c["date"]);
            right += ok as usize;
            if !ok {
                report.push(format!(
                    "{art}: {} {} {}",
                    c["place"], c["controller"], c["date"]
                ));
            }
        }
    }
    eprintln!(
        "gold claims with the right controller and date: {right}/{total}; missed: {report:?}"
    );
    assert_eq!(total, 18);
    assert!(
        right >= 15,
        "only {right}/18 gold claims right; missed {report:?}"
    );

    // must_not_claim: Damascus is never claimed by the opposition.
    for (art, a) in gold["articles"].as_object().unwrap() {
        for bad in a
            .get("must_not_claim")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let hit = r
                .claims_about(art, &bad["place"], &gold)
                .any(|x| x["controller"] == bad["controller"]);
            assert!(!hit, "{art}: must not claim {bad}");
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
