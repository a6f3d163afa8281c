//! Benchmark: fetch and extract 500 pages from a loopback server; prints pages per second.
//!
//! `cargo bench --bench fetch` (add `-- N` for another page count). The pages are the
//! team-written pages of `tests/fetch` served under 500 distinct paths: without a cache, then with a
//! cache on its first run (every page stored) and its second (every page revalidated, 304).

#[path = "../tests/common/server.rs"]
mod server;

use frontline::fetch::{self, FetchOptions};
use server::{file_response, Server};
use std::path::Path;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(500);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fetch");
    let mut files: Vec<(String, String)> = Vec::new();
    for sub in ["pages", "feed"] {
        let mut names: Vec<String> = std::fs::read_dir(root.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".html"))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|f| (sub.to_string(), f)));
    }
    let served = files.clone();
    let root2 = root.clone();
    let s = Server::start(move |r| {
        let i: usize = r.path.trim_start_matches("/p/").parse().unwrap_or(0);
        let (sub, name) = &served[i % served.len()];
        let mut req = r.clone();
        req.path = format!("/{name}");
        file_response(&root2.join(sub), "/", &req)
    });
    let urls: Vec<String> = (0..n).map(|i| s.url(&format!("/p/{i}"))).collect();
    println!(
        "fetch benchmark: {n} pages ({} distinct team-written pages, {:.1} KB on average), loopback server",
        files.len(),
        files
            .iter()
            .map(|(d, f)| std::fs::metadata(root.join(d).join(f)).unwrap().len() as f64)
            .sum::<f64>()
            / files.len() as f64
            / 1024.0
    );
    let cache = tempfile::tempdir().unwrap();
    for (concurrency, per_host, cached) in [
        (8, 2, false),
        (8, 8, false),
        (32, 32, false),
        (8, 2, true),
        (8, 2, true),
    ] {
        let opts = FetchOptions {
            concurrency,
            per_host,
            cache: cached.then(|| cache.path().to_path_buf()),
            ..Default::default()
        };
        let t = Instant::now();
        let pages = fetch::fetch_all(&urls, &opts, &|| {});
        let fetched = t.elapsed().as_secs_f64();
        let ok: Vec<_> = pages.into_iter().filter_map(Result::ok).collect();
        assert_eq!(ok.len(), n, "every page fetched");
        let t = Instant::now();
        let mut words = 0;
        for p in &ok {
            let decoded = fetch::charset::decode(&p.body, p.content_type.as_deref(), None);
            let page = frontline::article::Page {
                decoded,
                url: Some(p.final_url.clone()),
                item: None,
            };
            let a = frontline::article::from_page(p.url.clone(), page, None, None)
                .expect("every page extracts");
            words += a.text.split_whitespace().count();
        }
        let extracted = t.elapsed().as_secs_f64();
        println!(
            "concurrency {concurrency:>2}, per host {per_host:>2}, {:<21}: fetch {:>7.1} pages/s ({fetched:.2} s), extract {:>7.1} pages/s ({extracted:.2} s), together {:>7.1} pages/s; {words} words",
            match (cached, ok[0].via) {
                (false, _) => "no cache",
                (true, fetch::Via::Network) => "cache, first run",
                (true, _) => "cache, revalidated",
            },
            n as f64 / fetched,
            n as f64 / extracted,
            n as f64 / (fetched + extracted)
        );
    }
}
