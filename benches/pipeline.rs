//! Benchmark: the stages on a synthetic corpus (see `frontline corpus`), one core and all.
//!
//! `cargo bench --bench pipeline` (add `-- N` for another article count; default 10,000).
//! Prints, for the bundled gazetteer and N generated articles: gazetteer load and index
//! build times, the first article (which compiles the text patterns, once per process),
//! splitting into words alone (the ceiling of recognition as it is built), place
//! recognition (finding the names) alone and with resolution, and claim
//! extraction in MB/s on one core, and the whole
//! `map` run (the release binary, as a user runs it) on one core and on all cores, with
//! its peak memory when `/usr/bin/time` is present.

use frontline::gazetteer::Gazetteer;
use frontline::geoparse::{self, index::NameIndex};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// What a stage finds in one article.
type Count<'a> = dyn Fn(&frontline::article::Article) -> usize + 'a;

fn mb(bytes: usize, secs: f64) -> f64 {
    bytes as f64 / 1_048_576.0 / secs
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let mut loads: Vec<f64> = (0..10)
        .map(|_| {
            let t = Instant::now();
            let g = Gazetteer::bundled().expect("bundled gazetteer");
            std::hint::black_box(&g);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    loads.sort_by(f64::total_cmp);
    let g = Gazetteer::bundled().unwrap();
    let t = Instant::now();
    let ix = NameIndex::build(&g);
    let index_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "gazetteer: {} places; load {:.1} ms (median of 10, min {:.1}); name index {:.1} ms",
        g.places.len(),
        loads[5],
        loads[0],
        index_ms
    );

    let corpus = frontline::corpus::generate(&g, 1, n);
    let files: Vec<String> = corpus.iter().map(|a| a.to_file()).collect();
    let bytes: usize = files.iter().map(String::len).sum();
    println!(
        "corpus: {n} synthetic articles (seed 1), {:.1} MB, {:.0} bytes each on average",
        bytes as f64 / 1_048_576.0,
        bytes as f64 / n as f64
    );

    let articles: Vec<frontline::article::Article> = files
        .iter()
        .zip(&corpus)
        .map(|(f, a)| {
            frontline::article::parse(a.id.clone(), f.clone(), None, None, Path::new(&a.id))
                .expect("generated articles parse")
        })
        .collect();
    // The first article compiles the credit-line, date and claim patterns (once per
    // process): timed apart, so that the stages below show their steady rate.
    let t = Instant::now();
    if let Some(a) = articles.first() {
        let p = geoparse::parse(&a.text, a.body.clone(), &g, &ix);
        std::hint::black_box(frontline::claims::extract(a, &p.mentions, &g));
    }
    println!(
        "first article (compiles the credit-line, date and claim patterns): {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    // Splitting into words alone: every word of a text is made a token before any is
    // looked up, so this is the ceiling of recognition as it is built now.
    let t = Instant::now();
    let words: usize = articles
        .iter()
        .map(|a| frontline::text::token::tokenize_unkeyed(&a.text, a.body.clone()).len())
        .sum();
    let split = t.elapsed().as_secs_f64();
    println!(
        "splitting into words alone, one core: {:.2} MB/s ({words} words)",
        mb(bytes, split)
    );
    // Toponym recognition (finding the names and their candidates) alone, then with
    // resolution (choosing among the candidates), as `map` runs them.
    let t = Instant::now();
    let names: usize = articles
        .iter()
        .map(|a| geoparse::recognise(&a.text, a.body.clone(), &ix).len())
        .sum();
    let found = t.elapsed().as_secs_f64();
    println!(
        "place recognition (finding names), one core: {:.2} MB/s, {:.0} articles/s ({names} names)",
        mb(bytes, found),
        n as f64 / found
    );
    let t = Instant::now();
    let parsed: Vec<geoparse::Parsed> = articles
        .iter()
        .map(|a| geoparse::parse(&a.text, a.body.clone(), &g, &ix))
        .collect();
    let recog = t.elapsed().as_secs_f64();
    let mentions: usize = parsed.iter().map(|p| p.mentions.len()).sum();
    println!(
        "place recognition and resolution, one core: {:.2} MB/s, {:.0} articles/s ({mentions} mentions)",
        mb(bytes, recog),
        n as f64 / recog
    );
    // The same stage on real reporting, when the shared seeds are beside the repository.
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if let Ok(rd) = std::fs::read_dir(&seeds) {
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let real: Vec<frontline::article::Article> = paths
            .iter()
            .filter_map(|p| {
                let raw = std::fs::read_to_string(p).ok()?;
                frontline::article::parse(p.display().to_string(), raw, None, None, p).ok()
            })
            .collect();
        let rbytes: usize = real.iter().map(|a| a.text.len()).sum();
        let rounds = (bytes / rbytes.max(1)).max(1);
        // Each stage over the seeds, read `rounds` times: the count per round and the MB/s.
        let rate = |count: &Count| {
            let t = Instant::now();
            let found: usize = (0..rounds)
                .map(|_| real.iter().map(count).sum::<usize>())
                .sum();
            (
                found / rounds,
                mb(rbytes * rounds, t.elapsed().as_secs_f64()),
            )
        };
        let stages: [(&str, &str, &Count); 2] = [
            ("place recognition (finding names)", "names", &|a| {
                geoparse::recognise(&a.text, a.body.clone(), &ix).len()
            }),
            ("place recognition and resolution", "mentions", &|a| {
                geoparse::parse(&a.text, a.body.clone(), &g, &ix)
                    .mentions
                    .len()
            }),
        ];
        for (stage, what, count) in stages {
            let (found, rate) = rate(count);
            println!(
                "{stage} on the {} seed articles ({rbytes} bytes, {found} {what}), {rounds} rounds, one core: {rate:.2} MB/s",
                real.len(),
            );
        }
    }
    let t = Instant::now();
    let claims: usize = articles
        .iter()
        .zip(&parsed)
        .map(|(a, p)| frontline::claims::extract(a, &p.mentions, &g).len())
        .sum();
    let cl = t.elapsed().as_secs_f64();
    println!(
        "claim extraction, one core: {:.2} MB/s, {:.0} articles/s ({claims} claims)",
        mb(bytes, cl),
        n as f64 / cl
    );

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus");
    std::fs::create_dir_all(&input).unwrap();
    for (f, a) in files.iter().zip(&corpus) {
        std::fs::write(input.join(format!("{}.txt", a.id)), f).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_frontline");
    let timed = Path::new("/usr/bin/time").exists();
    for threads in [Some(1), None] {
        let mut c = if timed {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%M"]).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        c.arg("map")
            .arg(&input)
            .args(["--out"])
            .arg(dir.path().join("out"))
            .args(["-q", "--baseline", "nw-syria-2024-11-26"]);
        if let Some(t) = threads {
            c.env("RAYON_NUM_THREADS", t.to_string());
        }
        let t = Instant::now();
        let o = c.output().expect("the frontline binary runs");
        let secs = t.elapsed().as_secs_f64();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let peak = String::from_utf8_lossy(&o.stderr)
            .lines()
            .last()
            .and_then(|l| l.trim().parse::<f64>().ok())
            .map(|kb| format!(", peak memory {:.0} MB", kb / 1024.0))
            .unwrap_or_default();
        let cores = threads.map_or_else(
            || {
                format!(
                    "all {} cores",
                    std::thread::available_parallelism().map_or(1, |n| n.get())
                )
            },
            |_| "one core".to_string(),
        );
        println!(
            "whole map run, {cores}: {:.2} MB/s, {:.0} articles/s, {secs:.2} s{peak}",
            mb(bytes, secs),
            n as f64 / secs
        );
    }
}
