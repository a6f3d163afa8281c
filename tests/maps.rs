//! Issue 6: control areas, front lines, the advance, styles and the offline viewer,
//! for the seeds plus the bundled examples, checked the way users open them.

mod common;

use common::{frontline, have_ogrinfo, have_tool, json, shared};
use geo::{
    Area, BooleanOps, Contains, Destination, Distance, Euclidean, Haversine, MultiPolygon, Point,
    Polygon, Validation, Winding,
};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const DAYS: [&str; 9] = [
    "2024-11-27",
    "2024-11-28",
    "2024-11-29",
    "2024-11-30",
    "2024-12-01",
    "2024-12-02",
    "2024-12-03",
    "2024-12-04",
    "2024-12-05",
];
const ALEPPO: &str = "geonames:170063";

/// Maps the seeds and the examples once for all the tests here.
fn mapped() -> Option<&'static Path> {
    static OUT: OnceLock<Option<(tempfile::TempDir, PathBuf)>> = OnceLock::new();
    OUT.get_or_init(|| {
        let shared = shared()?;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = frontline(&[
            "map",
            "examples/articles",
            shared.join("seeds").to_str().unwrap(),
            "--published",
            "2024-12-01",
            "--baseline",
            "nw-syria-2024-11-26",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        Some((dir, out))
    })
    .as_ref()
    .map(|(_, p)| p.as_path())
}

fn shape(f: &Value) -> geo::Geometry<f64> {
    let g: geojson::Geometry = serde_json::from_value(f["geometry"].clone()).unwrap();
    g.try_into().unwrap()
}

fn areas(out: &Path, day: &str) -> Vec<(String, MultiPolygon<f64>)> {
    let v = json(&out.join("areas").join(format!("{day}.geojson")));
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let geo::Geometry::MultiPolygon(mp) = shape(f) else {
                panic!("areas/{day}: not a MultiPolygon")
            };
            (
                f["properties"]["controller"].as_str().unwrap().to_string(),
                mp,
            )
        })
        .collect()
}

/// A place's point, as the day layer gives it.
fn place(out: &Path, day: &str, id: &str) -> Point<f64> {
    let v = json(&out.join("days").join(format!("{day}.geojson")));
    let f = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["place_id"] == id)
        .unwrap_or_else(|| panic!("{id} is not in the {day} layer"));
    let geo::Geometry::Point(p) = shape(f) else {
        panic!("{id}: not a point")
    };
    p
}

#[test]
fn areas_and_front_lines_exist_for_every_day_and_aleppo_is_opposition_on_30_nov() {
    let Some(out) = mapped() else { return };
    for day in DAYS {
        let a = areas(out, day);
        let ctrls: Vec<&str> = a.iter().map(|(c, _)| c.as_str()).collect();
        assert!(
            ctrls.contains(&"government") && ctrls.contains(&"opposition"),
            "{day}: {ctrls:?}"
        );
        let f = json(&out.join("frontline").join(format!("{day}.geojson")));
        let fronts = f["features"].as_array().unwrap();
        assert!(
            fronts
                .iter()
                .any(|x| x["properties"]["sides"] == "government/opposition"
                    && x["geometry"]["type"] == "MultiLineString"
                    && x["properties"]["length_km"].as_f64().unwrap() > 10.0),
            "{day}: no government/opposition front"
        );
    }
    let aleppo = place(out, "2024-11-30", ALEPPO);
    let holder: Vec<String> = areas(out, "2024-11-30")
        .into_iter()
        .filter(|(_, mp)| mp.contains(&aleppo))
        .map(|(c, _)| c)
        .collect();
    assert_eq!(holder, ["opposition"], "Aleppo on 30 Nov");
    let before: Vec<String> = areas(out, "2024-11-27")
        .into_iter()
        .filter(|(_, mp)| mp.contains(&aleppo))
        .map(|(c, _)| c)
        .collect();
    assert_eq!(before, ["government"], "Aleppo on 27 Nov");
}

#[test]
fn areas_are_valid_right_handed_disjoint_and_cover_the_reach_of_the_points() {
    let Some(out) = mapped() else { return };
    let syria: MultiPolygon<f64> = {
        let v = json(Path::new("gazetteer/boundaries/syria.geojson"));
        match shape(&v["features"][0]) {
            geo::Geometry::MultiPolygon(m) => m,
            geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
            g => panic!("{g:?}"),
        }
    };
    let reach = json(&out.join("areas").join("2024-11-30.geojson"))["features"][0]["properties"]
        ["reach_km"]
        .as_f64()
        .unwrap();
    for day in DAYS {
        let a = areas(out, day);
        for (c, mp) in &a {
            assert!(mp.is_valid(), "{day} {c}: {:?}", mp.check_validation());
            for p in &mp.0 {
                assert!(
                    p.exterior().is_ccw(),
                    "{day} {c}: exterior not counter-clockwise"
                );
                assert!(
                    p.interiors().iter().all(|r| r.is_cw()),
                    "{day} {c}: hole not clockwise"
                );
                assert_eq!(p.exterior().0.first(), p.exterior().0.last());
            }
        }
        let total: f64 = a.iter().map(|(_, m)| m.unsigned_area()).sum();
        let mut worst: f64 = 0.0;
        for i in 0..a.len() {
            for j in i + 1..a.len() {
                let o = a[i].1.intersection(&a[j].1).unsigned_area();
                worst = worst.max(o);
                // On the 10⁻⁶° grid a shared edge can be snapped differently on each side:
                // slivers narrower than one grid step (0.1 m) are all that may overlap.
                assert!(
                    o < 1e-7,
                    "{day}: {} and {} overlap by {o} deg²",
                    a[i].0,
                    a[j].0
                );
            }
        }
        eprintln!(
            "{day}: {} areas, all valid; largest overlap {worst:.2e} deg² of {total:.4} deg²",
            a.len()
        );
        // The day's sites, from the point layer, and the land within reach of them.
        let pts = json(&out.join("days").join(format!("{day}.geojson")));
        let mut discs = Vec::new();
        let mut sites = Vec::new();
        for f in pts["features"].as_array().unwrap() {
            let kind = f["properties"]["kind"].as_str().unwrap();
            if !["city", "town", "village", "neighbourhood", "site"].contains(&kind) {
                continue;
            }
            let geo::Geometry::Point(p) = shape(f) else {
                panic!()
            };
            let ring: Vec<geo::Coord<f64>> = (0..=128)
                .map(|k| {
                    Haversine
                        .destination(p, k as f64 * 360.0 / 128.0, reach * 1000.0)
                        .0
                })
                .collect();
            discs.push(Polygon::new(geo::LineString::new(ring), vec![]));
            sites.push((
                p,
                f["properties"]["controller"].as_str().unwrap().to_string(),
            ));
        }
        let land = geo::unary_union(&discs)
            .intersection(&syria)
            .unsigned_area();
        assert!(
            (total - land).abs() / land < 0.03,
            "{day}: areas cover {total} deg², the land within {reach} km of the places {land}"
        );
        // Every place inside Syria lies in its own controller's area.
        for (p, c) in &sites {
            if syria.contains(p) {
                let (_, mp) = a
                    .iter()
                    .find(|(k, _)| k == c)
                    .expect("an area per controller");
                assert!(
                    // Inside (distance 0) or on the edge within 10⁻⁵° of rounding.
                    Euclidean.distance(mp, p) < 1e-5,
                    "{day}: {p:?} not in the {c} area"
                );
            }
        }
    }
}

#[test]
fn the_advance_reaches_hama_on_5_dec_and_captures_are_dated() {
    let Some(out) = mapped() else { return };
    let v = json(&out.join("advance.geojson"));
    let f = v["features"].as_array().unwrap();
    assert_eq!(f[0]["properties"]["role"], "axis");
    let stops: Vec<&str> = f[0]["properties"]["stops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        stops,
        [
            "Idlib",
            "Saraqib",
            "Maarat al-Numan",
            "Khan Shaykhun",
            "Hama"
        ]
    );
    let days = f[0]["properties"]["days"].as_array().unwrap();
    let last = days.last().unwrap();
    assert_eq!(last["day"], "2024-12-05");
    let hama_km = f[0]["properties"]["stops"][4]["km"].as_f64().unwrap();
    assert!(
        (last["to_km"].as_f64().unwrap() - hama_km).abs() < 0.5,
        "{last}"
    );
    // The front stands at Saraqib once it is taken (29 Nov), then at Khan Shaykhun (30 Nov).
    let stop_km = |i: usize| f[0]["properties"]["stops"][i]["km"].as_f64().unwrap();
    let on = |day: &str| {
        days.iter().find(|d| d["day"] == day).unwrap()["to_km"]
            .as_f64()
            .unwrap()
    };
    assert!(
        (on("2024-11-28") - stop_km(1)).abs() > 1.0,
        "Saraqib is not held before 29 Nov"
    );
    assert!((on("2024-11-29") - stop_km(1)).abs() < 0.05);
    assert!((on("2024-11-30") - stop_km(3)).abs() < 0.05);
    for step in &f[1..] {
        let p = &step["properties"];
        assert_eq!(p["role"], "advance");
        assert_eq!(step["geometry"]["type"], "LineString");
        assert!(p["gained_km"].as_f64().unwrap().abs() >= 0.05);
        assert!(p["stroke"].is_string() && p["title"].is_string());
    }
    let c = json(&out.join("captures.geojson"));
    let caps = c["features"].as_array().unwrap();
    let hama = caps
        .iter()
        .find(|x| x["properties"]["place_id"] == "geonames:170017")
        .expect("Hama is a capture");
    assert_eq!(hama["properties"]["captured_on"], "2024-12-05");
    assert_eq!(hama["properties"]["valid_from"], "2024-12-05");
    assert!(hama["properties"]["evidence"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
}

#[test]
fn every_feature_carries_simplestyle_and_every_layer_a_qml_sidecar() {
    let Some(out) = mapped() else { return };
    for f in common::geojson_files(out) {
        let qml = f.with_extension("qml");
        let q = std::fs::read_to_string(&qml).unwrap_or_else(|e| panic!("{}: {e}", qml.display()));
        assert!(
            q.contains("type=\"categorizedSymbol\""),
            "{}",
            qml.display()
        );
        let temporal = q.contains("startField=\"valid_from\"");
        let v = json(&f);
        for feat in v["features"].as_array().unwrap() {
            let p = &feat["properties"];
            assert!(
                p["title"].is_string() && p["description"].is_string(),
                "{}: {p}",
                f.display()
            );
            let key = match feat["geometry"]["type"].as_str().unwrap() {
                "Point" => "marker-color",
                "MultiPolygon" => "fill",
                _ => "stroke",
            };
            assert!(
                p[key].as_str().is_some_and(|c| c.starts_with('#')),
                "{}: no {key}",
                f.display()
            );
            if temporal {
                assert!(
                    p["valid_from"].is_string() && p["valid_to"].is_string(),
                    "{}",
                    f.display()
                );
            }
        }
    }
    for name in ["timeline", "areas", "frontline", "advance", "captures"] {
        let q = std::fs::read_to_string(out.join(format!("{name}.qml"))).unwrap();
        assert!(
            q.contains("endField=\"valid_to\"") && q.contains("enabled=\"1\""),
            "{name}.qml"
        );
    }
}

#[test]
fn gdal_opens_every_layer() {
    let Some(out) = mapped() else { return };
    if have_ogrinfo() {
        common::assert_gdal_opens(out);
        let o = std::process::Command::new("ogrinfo")
            .args(["-ro", "-q"])
            .arg(out.join("frontline.gpkg"))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        for layer in [
            "timeline (Point)",
            "areas (Multi Polygon)",
            "frontline (Multi Line String)",
            "advance (Line String)",
            "captures (Point)",
        ] {
            assert!(text.contains(layer), "frontline.gpkg lacks {layer}: {text}");
        }
    }
}

/// Runs a check script, shows its JSON report and returns it; fails when the script does.
fn check_script(cmd: &mut std::process::Command) -> Value {
    let o = cmd.output().expect("the check script runs");
    let report = String::from_utf8_lossy(&o.stdout);
    eprintln!("{report}");
    assert!(
        o.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(report.lines().last().expect("a JSON report")).expect("a JSON report")
}

#[test]
fn qgis_loads_the_styles_activates_time_and_renders_30_nov() {
    let Some(out) = mapped() else { return };
    if !have_tool(
        "/usr/bin/python3",
        &["-c", "import qgis.core"],
        "python3-qgis qgis-providers",
    ) {
        return;
    }
    let png = out.join("qgis-2024-11-30.png");
    let v = check_script(
        std::process::Command::new("/usr/bin/python3")
            .arg("tests/maps/check_qgis.py")
            .arg(out)
            .arg("2024-11-30")
            .arg(&png)
            .env("QT_QPA_PLATFORM", "offscreen"),
    );
    assert!(v["layers"].as_u64().unwrap() >= 40);
    assert_eq!(v["temporal"]["areas.geojson"]["active"], true);
    assert_eq!(v["gpkg"]["areas"]["styled_and_temporal"], true);
    assert!(v["render"]["pixels"]["opposition"].as_u64().unwrap() > 50);
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
}

#[test]
fn chromium_opens_the_viewer_moves_the_slider_and_logs_no_error() {
    let Some(out) = mapped() else { return };
    if !have_tool("chromedriver", &["--version"], "chromium chromium-driver") {
        return;
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        !html.contains("<script src") && !html.contains("<link ") && !html.contains("<img "),
        "the page loads nothing from elsewhere"
    );
    let v = check_script(
        std::process::Command::new("python3")
            .arg("tests/maps/check_viewer.py")
            .arg(out)
            .arg(out.join("viewer")),
    );
    assert_eq!(v["console"]["errors"], serde_json::json!([]));
    assert_ne!(v["before"]["label"], v["after"]["label"]);
    let a = std::fs::read(out.join("viewer-before.png")).unwrap();
    let b = std::fs::read(out.join("viewer-after.png")).unwrap();
    assert_ne!(a, b, "the screenshot changed with the day");
}

#[test]
fn a_reach_out_of_range_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for bad in ["0", "-3", "500", "NaN"] {
        let o = frontline(&[
            "map",
            "examples/articles",
            &format!("--reach-km={bad}"),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "--reach-km {bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--reach-km"), "{err}");
        assert!(!out.exists(), "nothing is written for --reach-km {bad}");
    }
}

/// Maps articles written into a fresh folder (name → text), with the bundled baseline or none.
fn map_texts(files: &[(&str, &str)], baseline: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let arts = dir.path().join("articles");
    std::fs::create_dir(&arts).unwrap();
    for (name, text) in files {
        std::fs::write(arts.join(name), text).unwrap();
    }
    let out = dir.path().join("out");
    let mut args = vec![
        "map",
        arts.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    if baseline {
        args.extend(["--baseline", "nw-syria-2024-11-26"]);
    }
    let o = frontline(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, out)
}

#[test]
fn ground_lost_is_a_retreat_and_ends_the_advance_over_it() {
    let (_dir, out) = map_texts(
        &[
            (
                "2024-11-29-a.txt",
                "---\npublished: 2024-11-29\n---\nRebels captured Maarat al-Numan on Friday, a monitor said.\n",
            ),
            (
                "2024-12-01-b.txt",
                "---\npublished: 2024-12-01\n---\nGovernment forces recaptured Maarat al-Numan on Sunday, the army said.\n",
            ),
        ],
        true,
    );
    let v = json(&out.join("advance.geojson"));
    let steps: Vec<&Value> = v["features"].as_array().unwrap()[1..].iter().collect();
    let gained = steps
        .iter()
        .find(|s| s["properties"]["role"] == "advance" && s["properties"]["day"] == "2024-11-29")
        .expect("the advance of 29 Nov");
    assert_eq!(
        gained["properties"]["valid_to"], "2024-12-01",
        "it ends when the ground is lost"
    );
    let lost = steps
        .iter()
        .find(|s| s["properties"]["role"] == "retreat")
        .expect("a retreat");
    assert_eq!(lost["properties"]["day"], "2024-12-01");
    assert!(lost["properties"]["gained_km"].as_f64().unwrap() < -10.0);
    assert_eq!(lost["properties"]["valid_to"], "2024-12-02");
    assert_eq!(lost["properties"]["stroke"], "#d7191c");
}

#[test]
fn a_place_first_reported_captured_is_a_capture_without_a_baseline() {
    let (_dir, out) = map_texts(
        &[(
            "2024-11-30-a.txt",
            "---\npublished: 2024-11-30\n---\nRebels captured Saraqib on Friday, witnesses said.\n",
        )],
        false,
    );
    let v = json(&out.join("captures.geojson"));
    let caps = v["features"].as_array().unwrap();
    assert_eq!(caps.len(), 1, "{v}");
    assert_eq!(caps[0]["properties"]["name"], "Saraqib");
    assert_eq!(caps[0]["properties"]["captured_on"], "2024-11-29");
    assert_eq!(caps[0]["properties"]["from_controller"], "unknown");
}

#[test]
fn the_viewer_of_a_run_with_no_dated_claim_still_draws_syria_without_errors() {
    if !have_tool("chromedriver", &["--version"], "chromium chromium-driver") {
        return;
    }
    let (_dir, out) = map_texts(
        &[("undated.txt", "Rebels captured Saraqib, a monitor said.\n")],
        false,
    );
    let v = check_script(
        std::process::Command::new("python3")
            .arg("tests/maps/check_viewer.py")
            .arg(&out)
            .arg(out.join("viewer"))
            .arg("--static"),
    );
    assert_eq!(v["days"], 0);
    assert_eq!(v["console"]["errors"], serde_json::json!([]));
    assert!(v["viewbox"].as_str().is_some_and(|b| !b.is_empty()), "{v}");
}
