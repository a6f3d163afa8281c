//! Scripted gazetteer updates: init, import, apply, undo, add, fetch, validate, diff.

mod common;

use common::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

fn gz(args: &[&str], dir: &Path) -> std::process::Output {
    let mut all: Vec<&str> = vec!["gazetteer"];
    all.extend_from_slice(args);
    all.extend(["--gazetteer", dir.to_str().unwrap()]);
    frontline(&all)
}

fn init(dir: &Path) {
    assert!(frontline(&["gazetteer", "init", dir.to_str().unwrap()])
        .status
        .success());
}

fn places(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("places.tsv")).unwrap()
}

fn row<'a>(places: &'a str, id: &str) -> Option<&'a str> {
    places.lines().find(|l| l.starts_with(&format!("{id}\t")))
}

#[test]
fn the_update_script_imports_patches_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    let o = std::process::Command::new("bash")
        .arg(repo().join("scripts/update-gazetteer.sh"))
        .args([
            &g,
            &fixture("geonames-SY-fixture.txt"),
            &fixture("fixes.patch"),
        ])
        .env("FRONTLINE", env!("CARGO_BIN_EXE_frontline"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "{err}\n{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(
        err.contains("8 rows read: 2 added, 1 updated, 2 merged into existing places"),
        "{err}"
    );
    assert!(err.contains("0 errors"), "{err}");
    let p = places(&g);
    assert!(row(&p, "geonames:99000001")
        .unwrap()
        .contains("Tell el-Fixture"));
    assert!(
        row(&p, "local:sarmada").unwrap().contains("Sermada"),
        "merged by name within 3 km"
    );
    assert!(
        row(&p, "geonames:99000003").is_none(),
        "merged, not duplicated"
    );
    assert!(
        row(&p, "geonames:167611")
            .unwrap()
            .contains("Maarat an-Nouman"),
        "same id updated"
    );
    assert!(row(&p, "geonames:99000006").is_none() && row(&p, "geonames:99000007").is_none());
    assert!(row(&p, "local:tall-patchiyah").is_some());
    assert!(row(&p, "local:moscow").is_none());
    let log = std::fs::read_to_string(g.join("changes.tsv")).unwrap();
    assert!(
        log.lines().any(|l| l.contains("\tremove\tlocal:moscow\t")
            && l.ends_with("test fixture: foreign city not needed")),
        "{log}"
    );
    assert!(
        log.lines()
            .skip(1)
            .all(|l| l.split('\t').next().unwrap().starts_with("20")),
        "every change is dated"
    );

    // Applying the patch and the import again changes nothing.
    let before = places(&g);
    assert!(gz(&["apply", fixture("fixes.patch").to_str().unwrap()], &g)
        .status
        .success());
    assert!(gz(
        &[
            "import",
            fixture("geonames-SY-fixture.txt").to_str().unwrap(),
            "--format",
            "geonames"
        ],
        &g
    )
    .status
    .success());
    assert_eq!(places(&g), before);

    // The new villages are found in text.
    let text = "T\n3 December 2024\nRebels captured Tel Fixture and Tall Patchiyah on Tuesday.\n";
    let (o, out) = map_article(dir.path(), text, Some(&g));
    assert!(o.status.success());
    let ids: Vec<String> = jsonl(&out.join("claims.jsonl"))
        .iter()
        .map(|c| c["place_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["geonames:99000001", "local:tall-patchiyah"]);
}

#[test]
fn apply_then_undo_restores_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    init(&g);
    let original = places(&g);
    let patch = dir.path().join("p.patch");
    std::fs::write(
        &patch,
        "remove\tlocal:moscow\tsource=test\nalias\tgeonames:167611\tadd=Maarrat\tsource=test\n",
    )
    .unwrap();
    let o = gz(&["apply", patch.to_str().unwrap(), "--dry-run"], &g);
    assert!(String::from_utf8_lossy(&o.stdout).contains("remove local:moscow Moscow"));
    assert_eq!(places(&g), original, "--dry-run writes nothing");
    assert!(gz(&["apply", patch.to_str().unwrap()], &g).status.success());
    assert_ne!(places(&g), original);
    assert!(
        frontline(&["gazetteer", "undo", "--gazetteer", g.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(places(&g), original);
}

#[test]
fn a_bad_patch_line_is_named_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    init(&g);
    let original = places(&g);
    let patch = dir.path().join("bad.patch");
    std::fs::write(&patch, "alias\tgeonames:167611\tadd=Maarrat\tsource=ok\n# fine so far\nadd\tlocal:x\tname=X\tlat=north\tlon=36\tsource=s\n").unwrap();
    let o = gz(&["apply", patch.to_str().unwrap()], &g);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("bad.patch:3: lat \"north\" is not a number"),
        "{err}"
    );
    assert_eq!(places(&g), original);
    assert!(!g.join("places.tsv.bak").exists() && !g.join("changes.tsv").exists());
    // An operation on a missing place fails the whole patch, too.
    std::fs::write(
        &patch,
        "alias\tgeonames:167611\tadd=Maarrat\tsource=ok\nset\tlocal:nowhere\tlat=35\tsource=s\n",
    )
    .unwrap();
    let o = gz(&["apply", patch.to_str().unwrap()], &g);
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("operation 2 (set local:nowhere): no place with id local:nowhere"));
    assert_eq!(places(&g), original);
}

#[test]
fn add_alias_remove_and_map_finds_the_new_place() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    init(&g);
    let o = gz(
        &[
            "add",
            "Tall Addiyah",
            "--ar",
            "تل عدية",
            "--alias",
            "Tell Addiyeh",
            "--lat",
            "35.25",
            "--lon",
            "36.72",
            "--source",
            "test",
        ],
        &g,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = places(&g);
    let r = row(&p, "local:tall-addiyah").unwrap();
    assert!(
        r.contains("\tSY05\t"),
        "governorate from the boundaries: {r}"
    );
    assert!(gz(
        &[
            "alias",
            "local:tall-addiyah",
            "--add",
            "Tal Adiya",
            "--source",
            "test"
        ],
        &g
    )
    .status
    .success());
    let o = gz(
        &[
            "add",
            "No Source",
            "--lat",
            "35",
            "--lon",
            "36",
            "--source",
            "",
        ],
        &g,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("source is required"));
    let text = "T\n5 December 2024\nInsurgents seized Tal Adiya on Thursday.\n";
    let (o, out) = map_article(dir.path(), text, Some(&g));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let claims = jsonl(&out.join("claims.jsonl"));
    assert_eq!(claims[0]["place_id"], "local:tall-addiyah");
    assert_eq!(claims[0]["date"], "2024-12-05");
    assert!(
        gz(&["remove", "local:tall-addiyah", "--source", "test"], &g)
            .status
            .success()
    );
    assert!(row(&places(&g), "local:tall-addiyah").is_none());
    // The bundled copy cannot be written.
    let o = frontline(&[
        "gazetteer",
        "add",
        "X",
        "--lat",
        "35",
        "--lon",
        "36",
        "--source",
        "s",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("give --gazetteer PATH"));
}

#[test]
fn csv_ocha_and_geojson_imports() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    init(&g);
    let csv = dir.path().join("towns.csv");
    std::fs::write(&csv, "town,arabic,y,x\nTall Csviyah,تل,35.25,36.73\n").unwrap();
    let o = gz(
        &[
            "import",
            csv.to_str().unwrap(),
            "--format",
            "csv",
            "--map",
            "name=town,ar=arabic,lat=y,lon=x",
        ],
        &g,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(row(&places(&g), "local:tall-csviyah").is_some());
    let ocha = dir.path().join("syr_pplp.csv");
    std::fs::write(&ocha, "admin1Pcode,admin4Name_en,admin4Name_ar,admin4Pcode,latitude,longitude\nSY05,Tall Ochiyah,تل اوشية,C9999,35.26,36.74\n").unwrap();
    assert!(
        gz(&["import", ocha.to_str().unwrap(), "--format", "ocha"], &g)
            .status
            .success()
    );
    assert!(row(&places(&g), "ocha:C9999")
        .unwrap()
        .contains("Tall Ochiyah"));
    let gj = dir.path().join("pts.geojson");
    std::fs::write(&gj, r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[36.75,35.27]},"properties":{"name":"Tall Geojsoniyah","kind":"village"}}]}"#).unwrap();
    assert!(
        gz(&["import", gj.to_str().unwrap(), "--format", "geojson"], &g)
            .status
            .success()
    );
    assert!(row(&places(&g), "local:tall-geojsoniyah").is_some());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "town,y,x\nA,35.2,36.7\nB,35.2\n").unwrap();
    let before = places(&g);
    let o = gz(
        &[
            "import",
            bad.to_str().unwrap(),
            "--format",
            "csv",
            "--map",
            "name=town,lat=y,lon=x",
        ],
        &g,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("bad.csv:3"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(places(&g), before);
}

/// Serves `responses` in order on a loopback port, one connection each; returns the base URL.
fn serve(responses: Vec<(u16, Vec<u8>)>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for (status, body) in responses {
            let Ok((mut s, _)) = listener.accept() else {
                return;
            };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(&body);
        }
    });
    format!("http://{addr}")
}

fn zip_of(name: &str, data: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(b"fixture").unwrap();
    w.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn fetch_downloads_a_zip_from_a_loopback_server_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    init(&g);
    let body = zip_of(
        "SY.txt",
        &std::fs::read(fixture("geonames-SY-fixture.txt")).unwrap(),
    );
    let sha = {
        use sha2::Digest;
        format!("{:x}", sha2::Sha256::digest(&body))
    };
    let base = serve(vec![(200, body), (404, b"not here".to_vec())]);
    let url = format!("{base}/SY.zip");
    let o = gz(&["fetch", "--url", &url], &g);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("2 added"), "{err}");
    assert!(row(&places(&g), "geonames:99000002").is_some());
    let log = std::fs::read_to_string(g.join("changes.tsv")).unwrap();
    let fetch_line = log
        .lines()
        .find(|l| l.contains("\tfetch\t"))
        .expect("fetch logged");
    assert!(
        fetch_line.contains(&sha) && fetch_line.ends_with(&url),
        "{fetch_line}"
    );
    assert!(log
        .lines()
        .any(|l| l.contains("\tadd\tgeonames:99000002\t") && l.contains(&url)));
    // A failed download names the URL and status, and changes nothing.
    let before = places(&g);
    let o = gz(&["fetch", "--url", &format!("{base}/missing.zip")], &g);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing.zip") && err.contains("404"), "{err}");
    assert_eq!(places(&g), before);
}

#[test]
fn validate_reports_errors_and_diff_lists_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    init(&a);
    init(&b);
    let o = frontline(&["gazetteer", "validate", "--gazetteer", a.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "the bundled copy validates: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let patch = dir.path().join("p.patch");
    std::fs::write(&patch, "set\tgeonames:167611\tgovernorate=SY05\tsource=test\nadd\tlocal:far-away\tname=Far Away\tlat=48.85\tlon=2.35\tsource=test\n").unwrap();
    assert!(frontline(&[
        "gazetteer",
        "apply",
        patch.to_str().unwrap(),
        "--gazetteer",
        b.to_str().unwrap()
    ])
    .status
    .success());
    let o = frontline(&[
        "gazetteer",
        "validate",
        "--gazetteer",
        b.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(r#""check":"governorate","id":"geonames:167611""#),
        "{out}"
    );
    assert!(
        out.contains(r#""check":"outside-syria","id":"local:far-away""#),
        "{out}"
    );
    let o = frontline(&[
        "gazetteer",
        "diff",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("+ local:far-away Far Away"), "{out}");
    assert!(
        out.contains("~ geonames:167611 governorate: \"SY07\" -> \"SY05\""),
        "{out}"
    );
}

#[test]
fn export_writes_the_gazetteer_as_points() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("gaz.geojson");
    assert!(frontline(&[
        "gazetteer",
        "export",
        "--geojson",
        "--out",
        f.to_str().unwrap()
    ])
    .status
    .success());
    let v = json(&f);
    let n = std::fs::read_to_string(repo().join("gazetteer/places.tsv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!(v["features"].as_array().unwrap().len(), n);
    if have_ogrinfo() {
        assert_gdal_opens(dir.path());
    }
}

#[test]
fn alternate_names_add_spellings_to_known_ids() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("gaz");
    init(&g);
    let o = gz(
        &[
            "import",
            fixture("geonames-alternate-names-fixture.txt")
                .to_str()
                .unwrap(),
            "--format",
            "alternate-names",
        ],
        &g,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("5 rows read: 0 added, 1 updated"), "{err}");
    let p = places(&g);
    let r = row(&p, "geonames:167611").unwrap();
    assert!(
        r.contains("Maarat al-Nouman") && r.contains("معرّة النعمان"),
        "{r}"
    );
    assert!(
        !r.contains("wikipedia") && !r.contains("Noumane"),
        "links and historic names stay out: {r}"
    );
    assert!(!p.contains("Nowhere"));
}
