//! The Spark driver: `scripts/spark/run --check` maps a generated corpus (with one bad
//! line) through Apache Spark in local mode and through `frontline map`, and the two
//! output folders must be the same, byte for byte.
//!
//! It runs when `java` is on PATH and pyspark imports (in the venv the script uses, or in
//! `$PYTHON`), or always with `FRONTLINE_SPARK=1` (the script then installs pyspark from
//! PyPI). Otherwise it says why it skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn works(cmd: &mut Command) -> bool {
    cmd.output().is_ok_and(|o| o.status.success())
}

/// Why the Spark test cannot run here, if it cannot.
fn missing() -> Option<String> {
    if std::env::var("FRONTLINE_SPARK").as_deref() == Ok("1") {
        return None;
    }
    if !works(Command::new("java").arg("-version")) {
        return Some("java is not on PATH".into());
    }
    let venv = std::env::var_os("FRONTLINE_SPARK_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/spark-venv"));
    let pythons = [
        Some(venv.join("bin/python").into_os_string()),
        std::env::var_os("PYTHON"),
    ];
    let importable = pythons
        .into_iter()
        .flatten()
        .any(|py| works(Command::new(py).args(["-c", "import pyspark"])));
    if !importable {
        return Some(format!(
            "pyspark is not installed in {} (scripts/spark/run --setup installs it)",
            venv.display()
        ));
    }
    None
}

#[test]
fn spark_run_writes_what_map_writes() {
    if let Some(why) = missing() {
        eprintln!("SKIPPED: the Spark test: {why}; set FRONTLINE_SPARK=1 to run it anyway");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/spark/run");
    let started = std::time::Instant::now();
    let o = Command::new("bash")
        .arg(&script)
        .arg("--check")
        .env("FRONTLINE", env!("CARGO_BIN_EXE_frontline"))
        .env("FRONTLINE_SPARK_CHECK_DIR", dir.path())
        .env("FRONTLINE_SPARK_ARTICLES", "300")
        .output()
        .expect("bash runs");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    let log = std::fs::read_to_string(dir.path().join("spark.log")).unwrap_or_default();
    assert!(o.status.success(), "{out}\n{err}\n--- spark.log ---\n{log}");
    eprintln!(
        "{}{} (the whole check in {:.1} s)",
        err.lines()
            .filter(|l| l.starts_with("pipeline.py:"))
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
        out.trim(),
        started.elapsed().as_secs_f64()
    );
    assert!(out.contains("files identical"), "{out}");
    // the script's diff -r, checked again here
    common::assert_same_tree(&dir.path().join("map"), &dir.path().join("spark"));
    let records = std::fs::read_dir(dir.path().join("records"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("part-"))
        })
        .count();
    assert!(records >= 2, "the input was read in {records} partitions");
    assert!(
        log.contains(":151: not an article record"),
        "the bad line is named by its line in the input:\n{log}"
    );
}
