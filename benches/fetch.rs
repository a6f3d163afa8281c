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
    // Loopback never goes through a proxy set for the machine.
    std::env::set_var("NO_PROXY", "127.0.0.1,127.0.0.2,localhost");
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
        if r.path == "/robots.txt" {
            return server::Response::status(404);
        }
        let heavy = r.path.starts_with("/h/");
        let i: usize = r.path[3..].parse().unwrap_or(0);
        let (sub, name) = &served[i % served.len()];
        let mut req = r.clone();
        req.path = format!("/{name}");
        let mut resp = file_response(&root2.join(sub), "/", &req);
        if let (true, server::Body::Bytes(b)) = (heavy, &mut resp.body) {
            let at = b
                .windows(7)
                .rposition(|w| w == b"</body>")
                .unwrap_or(b.len());
            b.splice(at..at, furniture());
        }
        resp
    });
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
    let runs = [
        ("p", 8, 2, false),
        ("p", 8, 8, false),
        ("p", 32, 32, false),
        ("p", 8, 2, true),
        ("p", 8, 2, true),
        ("h", 8, 2, false),
        ("h", 8, 8, false),
    ];
    println!(
        "(\"+200 KB\": the same pages with {} KB of menus, link lists and scripts added, as real news pages carry)",
        furniture().len() / 1024
    );
    for (kind, concurrency, per_host, cached) in runs {
        let urls: Vec<String> = (0..n).map(|i| s.url(&format!("/{kind}/{i}"))).collect();
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
        let via = ok[0].via;
        for p in ok {
            let a = frontline::pipeline::read_page(p.url.clone(), p, None, None)
                .expect("every page extracts");
            words += a.text.split_whitespace().count();
        }
        let extracted = t.elapsed().as_secs_f64();
        println!(
            "{:<8} concurrency {concurrency:>2}, per host {per_host:>2}, {:<21}: fetch {:>7.1} pages/s ({fetched:.2} s), extract {:>7.1} pages/s ({extracted:.2} s), together {:>7.1} pages/s; {words} words",
            if kind == "p" { "as written" } else { "+200 KB" },
            match (cached, via) {
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

/// About 200 KB of page furniture: a mega-menu, a link footer and inline scripts.
fn furniture() -> Vec<u8> {
    let mut f = String::from("<nav class=\"mega-menu\"><ul>");
    for i in 0..1200 {
        f.push_str(&format!(
            "<li><a href=\"/section/{i}\">Section {i} news and analysis</a></li>"
        ));
    }
    f.push_str("</ul></nav><footer><ul>");
    for i in 0..600 {
        f.push_str(&format!(
            "<li><a href=\"/archive/{i}\">Archive {i}</a></li>"
        ));
    }
    f.push_str("</ul></footer><script>");
    while f.len() < 200 * 1024 {
        f.push_str("window.dataLayer=window.dataLayer||[];dataLayer.push({event:'view',section:'world'});\n");
    }
    f.push_str("</script>");
    f.into_bytes()
}
