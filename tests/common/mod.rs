//! Helpers shared by the integration tests.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The shared material (`../shared` beside the repository), or `None` with a message.
pub fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("FRONTLINE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if p.join("seeds").is_dir() {
        Some(p)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have the shared material at {}",
            p.display()
        );
        eprintln!(
            "SKIPPED: {} is absent (set FRONTLINE_SHARED to run this test)",
            p.display()
        );
        None
    }
}

/// Runs the frontline binary.
pub fn frontline(args: &[&str]) -> Output {
    frontline_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs the frontline binary in a working folder.
pub fn frontline_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        // the loopback test servers are never reached through a proxy set for the machine
        .env("NO_PROXY", "127.0.0.1,127.0.0.2,localhost")
        // and no test touches the user's own cache
        .env(
            "FRONTLINE_CACHE",
            std::env::temp_dir().join("frontline-test-cache"),
        )
        .current_dir(dir)
        .output()
        .expect("the frontline binary runs")
}

/// Reads a JSON-lines file.
pub fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// Reads a JSON file.
pub fn json(path: &Path) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Great-circle distance in km between two lon/lat points.
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.1.to_radians(),
        a.0.to_radians(),
        b.1.to_radians(),
        b.0.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The features of a day layer as (place_id, controller) pairs.
pub fn day_states(out: &Path, day: &str) -> Vec<(String, String, Value)> {
    let v = json(&out.join("days").join(format!("{day}.geojson")));
    v["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let p = &f["properties"];
            (
                p["place_id"].as_str().unwrap().to_string(),
                p["controller"].as_str().unwrap().to_string(),
                p.clone(),
            )
        })
        .collect()
}

/// Every GeoJSON file below a folder.
pub fn geojson_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("readable");
        if e.path().extension().is_some_and(|x| x == "geojson") {
            out.push(e.into_path());
        }
    }
    out
}

/// True when GDAL's ogrinfo is installed; in CI its absence is an error.
pub fn have_ogrinfo() -> bool {
    have_tool("ogrinfo", &["--version"], "gdal-bin")
}

/// The geometry GDAL should report for a layer of frontline's output folder.
pub fn expected_geometry(path: &Path) -> &'static str {
    let s = path.to_string_lossy();
    if s.contains("/areas/") || s.ends_with("areas.geojson") {
        "Multi Polygon"
    } else if s.contains("/frontline/") || s.ends_with("frontline.geojson") {
        "Multi Line String"
    } else if s.ends_with("advance.geojson") {
        "Line String"
    } else {
        "Point"
    }
}

/// Asserts GDAL's ogrinfo opens every GeoJSON file below `dir` with the geometry type
/// the layer should have (an empty layer may report none).
pub fn assert_gdal_opens(dir: &Path) {
    let files = geojson_files(dir);
    assert!(!files.is_empty(), "no GeoJSON below {}", dir.display());
    for f in files {
        let o = Command::new("ogrinfo")
            .args(["-ro", "-so", "-al"])
            .arg(&f)
            .output()
            .expect("ogrinfo runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.success() && !err.contains("ERROR"),
            "{}: {err}",
            f.display()
        );
        let out = String::from_utf8_lossy(&o.stdout);
        let empty = out.contains("Feature Count: 0");
        assert!(
            out.contains("Feature Count")
                && (empty || out.contains(&format!("Geometry: {}\n", expected_geometry(&f)))),
            "{}: expected {}: {out}",
            f.display(),
            expected_geometry(&f)
        );
    }
}

/// True when `tool` runs; in CI its absence is an error naming the apt package.
pub fn have_tool(tool: &str, args: &[&str], package: &str) -> bool {
    let ok = Command::new(tool)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install {package} ({tool})"
        );
        eprintln!("SKIPPED: {tool} ({package}) is not installed");
    }
    ok
}

/// Writes `text` as an article in `dir` and maps it, with a gazetteer folder if given.
/// Returns the run's output and its output folder.
pub fn map_article(dir: &Path, text: &str, gazetteer: Option<&Path>) -> (Output, PathBuf) {
    let art = dir.join("article.txt");
    std::fs::write(&art, text).expect("article written");
    let out = dir.join("out");
    let mut args = vec!["map", art.to_str().unwrap(), "--out", out.to_str().unwrap()];
    if let Some(g) = gazetteer {
        args.extend(["--gazetteer", g.to_str().unwrap()]);
    }
    (frontline(&args), out)
}
pub mod server;

/// Every file under `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, files);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut files = std::collections::BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// Asserts two output folders hold the same files with the same bytes.
pub fn assert_same_tree(want: &Path, got: &Path) {
    let (a, b) = (tree(want), tree(got));
    let names =
        |t: &std::collections::BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&a),
        names(&b),
        "{} and {} hold other files",
        want.display(),
        got.display()
    );
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{} differs between {} and {}",
            name.display(),
            want.display(),
            got.display()
        );
    }
    assert!(a.len() > 20, "{} files only", a.len());
}
