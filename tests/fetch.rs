//! Reading news where it lives: pages in the styles of real news sites, broken servers,
//! a 20-item feed, the per-host limit and the cache, all against loopback servers.

mod common;

use common::server::{file_response, Body, Response, Server, Stats};
use common::{frontline, jsonl};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;
use std::time::Duration;

fn dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fetch")
        .join(sub)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The expectations written beside each page.
fn expectations() -> Vec<(String, Value)> {
    let mut v: Vec<(String, Value)> = std::fs::read_dir(dir("pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expect.json"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace(".expect.json", "");
            (name, common::json(&p))
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(v.len() >= 9, "the page set is in tests/fetch/pages");
    v
}

/// Runs `map` into `DIR/out` with its cache in `DIR/cache`, reading each of `urls` with
/// `--url`, with `extra` flags; returns the output folder and what the run printed.
fn map_urls(dir: &Path, urls: &[String], extra: &[&str]) -> (PathBuf, Output) {
    let (out, cache) = (dir.join("out"), dir.join("cache"));
    let mut args: Vec<&str> = vec!["map", "--out", path(&out), "--cache", path(&cache)];
    args.extend_from_slice(extra);
    for u in urls {
        args.extend(["--url", u.as_str()]);
    }
    let o = frontline(&args);
    (out, o)
}

fn pages_server() -> Server {
    let d = dir("pages");
    Server::start(move |r| file_response(&d, "/pages/", r))
}

#[test]
fn extraction_recovers_body_and_boilerplate_is_dropped() {
    for (name, x) in expectations() {
        let bytes = std::fs::read(dir("pages").join(format!("{name}.html"))).unwrap();
        let decoded = frontline::fetch::charset::decode(&bytes, Some("text/html"), None);
        let url = "http://127.0.0.1:1/pages/x.html";
        let e = frontline::article::html::extract(&decoded.text, Some(url))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for phrase in x["body_contains"].as_array().unwrap() {
            let phrase = phrase.as_str().unwrap();
            assert!(
                e.body.contains(phrase),
                "{name}: body lacks {phrase:?}:\n{}",
                e.body
            );
        }
        for phrase in x["body_excludes"].as_array().unwrap() {
            let phrase = phrase.as_str().unwrap();
            assert!(
                !e.body.contains(phrase),
                "{name}: boilerplate {phrase:?} kept:\n{}",
                e.body
            );
        }
    }
}

#[test]
fn pages_in_news_site_styles_give_title_outlet_canonical_and_dates() {
    let server = pages_server();
    let tmp = tempfile::tempdir().unwrap();
    let x = expectations();
    let urls: Vec<String> = x
        .iter()
        .map(|(_, e)| server.url(e["path"].as_str().unwrap()))
        .collect();
    let (out, o) = map_urls(tmp.path(), &urls, &["-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let articles = jsonl(&out.join("articles.jsonl"));
    let mentions = jsonl(&out.join("mentions.jsonl"));
    assert_eq!(articles.len(), x.len());
    for (name, e) in &x {
        let url = server.url(e["path"].as_str().unwrap());
        let a = articles
            .iter()
            .find(|a| a["article"] == url.as_str())
            .unwrap();
        let canonical = e["canonical"]
            .as_str()
            .unwrap()
            .replace("{base}", &server.base);
        assert_eq!(a["title"], e["title"], "{name} title");
        assert_eq!(a["outlet"], e["outlet"], "{name} outlet");
        assert_eq!(a["url"], canonical.as_str(), "{name} canonical");
        assert_eq!(a["published"], e["published"], "{name} published: {a}");
        let from = &a["published_basis"]["from"];
        match e["published_from"].as_str() {
            Some(f) => assert_eq!(from, f, "{name}: {a}"),
            None => assert_eq!(from, "undated", "{name}: {a}"),
        }
        assert_eq!(a["updated"], e["updated"], "{name} updated: {a}");
        assert_eq!(a["page"]["final_url"], url.as_str());
        // the places of the body are found in the extracted text
        let found: Vec<&str> = mentions
            .iter()
            .filter(|m| m["article"] == url.as_str())
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        for place in e["places"].as_array().unwrap() {
            let place = place.as_str().unwrap();
            assert!(
                found.iter().any(|f| f.contains(place) || place.contains(f)),
                "{name}: {place} not found among {found:?}"
            );
        }
    }
    // The Arabic page was decoded from Windows-1256 as its meta tag says.
    let ar = articles
        .iter()
        .find(|a| a["article"].as_str().unwrap().ends_with("arabic-1256.html"))
        .unwrap();
    assert_eq!(ar["page"]["charset"], "windows-1256");
    // Evidence links to the canonical URL.
    let claims = jsonl(&out.join("claims.jsonl"));
    let wire = &x.iter().find(|(n, _)| n == "wire").unwrap().1;
    assert!(
        claims.iter().any(|c| c["url"] == wire["canonical"]),
        "claims cite the canonical URL"
    );
    assert!(claims
        .iter()
        .all(|c| !c["url"].as_str().unwrap_or("").contains("/pages/wire")));
}

#[test]
fn a_local_html_file_reads_like_the_fetched_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = frontline(&[
        "map",
        path(&dir("pages").join("wordpress.html")),
        "--out",
        path(&out),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let a = &jsonl(&out.join("articles.jsonl"))[0];
    let x = common::json(&dir("pages").join("wordpress.expect.json"));
    assert_eq!(
        (&a["title"], &a["published"], &a["url"]),
        (&x["title"], &x["published"], &x["canonical"])
    );
    assert_eq!(a["published_basis"]["from"], "json_ld");
}

/// A page about Aleppo in Windows-1256, as the Arabic fixture is.
fn arabic_bytes() -> Vec<u8> {
    std::fs::read(dir("pages").join("arabic-1256.html")).unwrap()
}

/// A short Arabic page in Windows-1256 that declares no charset at all.
fn arabic_without_meta() -> Vec<u8> {
    let page = "<html><head><title>الفصائل في حلب</title></head><body><article><h1>الفصائل في حلب</h1>\
        <p>قالت مصادر محلية إن مقاتلي المعارضة دخلوا الأحياء الغربية من مدينة حلب بعد تقدم سريع من ريف إدلب، \
        وإن الطرق المؤدية إلى المدينة شهدت حركة نزوح واسعة خلال الليل.</p>\
        <p>وأضافت المصادر أن الاشتباكات استمرت في محيط المدينة وأن القصف طال عددا من القرى في الريف الجنوبي.</p>\
        </article></body></html>";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(page);
    assert!(!unmappable);
    bytes.into_owned()
}

fn gzip(b: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn brotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &b[..], &mut out, &Default::default()).unwrap();
    out
}

/// A server with every kind of trouble, by path.
fn broken_server() -> Server {
    let page = |n: &str| std::fs::read(dir("pages").join(n)).unwrap();
    let (wire, newspaper, wordpress) = (
        page("wire.html"),
        page("newspaper.html"),
        page("wordpress.html"),
    );
    let flaky = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    Server::start(move |r| match r.path.as_str() {
        "/slow" => Response::ok("text/html", wire.clone()).after(Duration::from_secs(3)),
        "/missing" => Response::status(404),
        "/broken" => Response::status(500),
        "/flaky" => {
            if flaky.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Response::status(503).with("Retry-After", "0")
            } else {
                Response::ok("text/html; charset=utf-8", wire.clone())
            }
        }
        "/loop/a" => Response::redirect("/loop/b"),
        "/loop/b" => Response::redirect("/loop/a"),
        p if p.starts_with("/hop/") => {
            let n: usize = p[5..].parse().unwrap();
            Response::redirect(&format!("/hop/{}", n + 1))
        }
        "/huge" => Response {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: Body::Repeat {
                chunk: b"<p>padding padding padding padding</p>\n".repeat(1000),
                times: 1310,
                declare: false,
            },
            delay: Duration::ZERO,
        },
        "/huge-declared" => Response {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: Body::Repeat {
                chunk: vec![b' '; 1 << 20],
                times: 50,
                declare: true,
            },
            delay: Duration::ZERO,
        },
        "/wrong-charset" => Response::ok("text/html; charset=utf-8", arabic_bytes()),
        "/wrong-charset-bare" => Response::ok("text/html; charset=utf-8", arabic_without_meta()),
        "/gzip" => Response::ok("text/html; charset=utf-8", gzip(&newspaper))
            .with("Content-Encoding", "gzip"),
        "/brotli" => Response::ok("text/html; charset=utf-8", brotli(&wordpress))
            .with("Content-Encoding", "br"),
        "/pdf" => Response::ok("application/pdf", b"%PDF-1.4".to_vec()),
        "/bad-gzip" => Response::ok("text/html", b"this is not gzip at all".to_vec())
            .with("Content-Encoding", "gzip"),
        "/later" => Response::status(503).with("Retry-After", "36000"),
        _ => Response::status(404),
    })
}

#[test]
fn broken_servers_are_reported_and_the_run_goes_on() {
    let s = broken_server();
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let paths = [
        "/slow",
        "/missing",
        "/broken",
        "/flaky",
        "/loop/a",
        "/hop/0",
        "/huge",
        "/huge-declared",
        "/wrong-charset",
        "/gzip",
        "/brotli",
        "/pdf",
        "/bad-gzip",
        "/later",
        "/wrong-charset-bare",
    ];
    let urls: Vec<String> = paths.iter().map(|p| s.url(p)).collect();
    let started = std::time::Instant::now();
    let (out, o) = map_urls(
        tmp.path(),
        &urls,
        &["--timeout", "1", "--retries", "1", "--no-progress"],
    );
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a failed URL makes the exit code 1:\n{err}"
    );
    let says = |p: &str, what: &str| {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("{}: ", s.url(p))))
            .unwrap_or_else(|| panic!("no line about {p}:\n{err}"));
        assert!(line.contains(what), "{p}: expected {what:?} in {line:?}");
    };
    says("/slow", "timed out after 1 s (after 2 attempts)");
    says("/missing", "HTTP 404 Not Found");
    says(
        "/broken",
        "HTTP 500 Internal Server Error (after 2 attempts)",
    );
    says("/loop/a", "redirect loop (");
    says("/hop/0", "more than 5 redirects");
    says(
        "/huge",
        "body larger than the 10 MB limit (stopped reading at 10.0 MB)",
    );
    says("/huge-declared", "declared 50.0 MB, not downloaded");
    says(
        "/wrong-charset",
        "the header declares UTF-8 but the bytes are not UTF-8; read as windows-1256, as the page declares",
    );
    says(
        "/wrong-charset-bare",
        "the header declares UTF-8 but the bytes are not UTF-8; detected and read as windows-1256",
    );
    says(
        "/pdf",
        "not an HTML or text page (Content-Type application/pdf)",
    );
    // retries only on transient errors
    assert_eq!(s.stats.hits("/missing"), 1, "404 is not retried");
    assert_eq!(
        s.stats.hits("/broken"),
        2,
        "500 is retried once (--retries 1)"
    );
    assert_eq!(
        s.stats.hits("/flaky"),
        2,
        "503 then 200: recovered on the retry"
    );
    assert_eq!(
        s.stats.hits("/huge"),
        1,
        "a body over the limit is not retried"
    );
    assert_eq!(s.stats.hits("/loop/a"), 1);
    says("/bad-gzip", "error decoding response body");
    assert_eq!(
        s.stats.hits("/bad-gzip"),
        1,
        "a body that fails to decode is not retried"
    );
    says(
        "/later",
        "HTTP 503 Service Unavailable; the server asks to retry after 10.0 h, more than the 60 s waited for",
    );
    assert_eq!(
        s.stats.hits("/later"),
        1,
        "a 10-hour Retry-After is not waited for"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    // the summary counts the failures
    assert!(err.contains("0 feeds and 15 pages: 6 downloaded, 0 unchanged since cached, 0 from the cache only, 9 failed"), "{err}");
    // the PDF was downloaded but is no article
    assert!(
        err.contains("frontline: 5 articles read, 10 skipped"),
        "{err}"
    );
    let articles = jsonl(&out.join("articles.jsonl"));
    let read: Vec<&str> = articles
        .iter()
        .map(|a| a["article"].as_str().unwrap())
        .collect();
    for p in ["/flaky", "/gzip", "/brotli", "/wrong-charset"] {
        assert!(read.contains(&s.url(p).as_str()), "{p} read: {read:?}");
    }
    let ar = articles
        .iter()
        .find(|a| a["article"] == s.url("/wrong-charset").as_str())
        .unwrap();
    assert_eq!(ar["page"]["charset"], "windows-1256");
    let mentions = jsonl(&out.join("mentions.jsonl"));
    assert!(
        mentions
            .iter()
            .any(|m| m["article"] == s.url("/wrong-charset").as_str() && m["text"] == "حلب"),
        "Aleppo read in Arabic"
    );
    // the requests asked for compression and named the tool
    let reqs = s.stats.requests.lock().unwrap();
    let gz = reqs.iter().find(|r| r.path == "/gzip").unwrap();
    let ae = gz.header("accept-encoding").unwrap();
    assert!(ae.contains("gzip") && ae.contains("br"), "{ae}");
    assert!(gz.header("user-agent").unwrap().starts_with("frontline/"));
    // nothing half-written in the cache: entries only for pages read, no temporary files
    let names: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.ends_with(".entry")), "{names:?}");
    assert_eq!(
        names.len(),
        6,
        "flaky, the two wrong charsets, gzip, brotli and pdf: {names:?}"
    );
}

fn feed_server() -> Server {
    let d = dir("feed");
    Server::start(move |r| file_response(&d, "/feed/", r))
}

/// Maps a feed; returns the output folder's parent (kept alive) and the output.
fn map_feed(s: &Server, feed: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Output) {
    let tmp = tempfile::tempdir().unwrap();
    let url = s.url(feed);
    let mut args = vec![
        "--feed",
        url.as_str(),
        "--baseline",
        "nw-syria-2024-11-26",
        "--no-progress",
    ];
    args.extend_from_slice(extra);
    let (out, o) = map_urls(tmp.path(), &[], &args);
    (tmp, out, o)
}

#[test]
fn a_feed_of_20_items_is_mapped_end_to_end() {
    let s = feed_server();
    let x = common::json(&dir("feed").join("feed.expect.json"));
    let (_tmp, out, o) = map_feed(&s, "/feed/feed.xml", &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("frontline: 1 feeds and 20 pages: 20 downloaded, 0 unchanged since cached, 0 from the cache only, 0 failed"), "{err}");
    assert!(
        err.contains("frontline: 20 articles read, 0 skipped"),
        "{err}"
    );
    let articles = jsonl(&out.join("articles.jsonl"));
    assert_eq!(articles.len(), x["items"].as_u64().unwrap() as usize);
    // every page's date, from the page when it has one, else from the feed item
    for p in x["pages"].as_array().unwrap() {
        let url = s.url(p["link"].as_str().unwrap());
        let a = articles
            .iter()
            .find(|a| a["article"] == url.as_str())
            .unwrap_or_else(|| panic!("{url} read"));
        assert_eq!(a["published"], p["published"], "{url}: {a}");
        assert_eq!(
            a["published_basis"]["from"], p["published_from"],
            "{url}: {a}"
        );
        assert_eq!(a["title"], p["title"], "{url}");
        assert_eq!(a["page"]["feed"], s.url("/feed/feed.xml").as_str());
    }
    // every capture the dispatches state is on the map on its day
    let mentions = jsonl(&out.join("mentions.jsonl"));
    for c in x["captures"].as_array().unwrap() {
        let name = c["place"].as_str().unwrap();
        let id = mentions
            .iter()
            .find(|m| m["text"] == name)
            .unwrap_or_else(|| panic!("{name} found in the pages"))["place_id"]
            .as_str()
            .unwrap()
            .to_string();
        let day = c["date"].as_str().unwrap();
        let states = common::day_states(&out, day);
        let state = states
            .iter()
            .find(|(p, _, _)| *p == id)
            .unwrap_or_else(|| panic!("{name} on {day}"));
        assert_eq!(
            state.1,
            c["by"].as_str().unwrap(),
            "{name} on {day}: {}",
            state.2
        );
    }
    // evidence cites the outlets' canonical URLs, not the loopback address
    let claims = jsonl(&out.join("claims.jsonl"));
    assert!(!claims.is_empty());
    assert!(
        claims
            .iter()
            .all(|c| c["url"].as_str().unwrap().contains(".example/")),
        "canonical URLs"
    );
    // the Atom form of the same feed reads the same articles
    let (_tmp2, out2, o2) = map_feed(&s, "/feed/atom.xml", &["-q"]);
    assert_eq!(o2.status.code(), Some(0), "{}", stderr(&o2));
    let strip = |v: Vec<Value>| -> Vec<Value> {
        v.into_iter()
            .map(|mut a| {
                a["page"]["feed"] = Value::Null;
                if a["published_basis"]["from"] == "feed" {
                    a["published_basis"] = Value::Null;
                }
                a
            })
            .collect()
    };
    assert_eq!(strip(articles), strip(jsonl(&out2.join("articles.jsonl"))));
}

#[test]
fn the_per_host_limit_holds() {
    // Two hosts (127.0.0.1 and 127.0.0.2) counted apart and together. Linux answers on all
    // of 127.0.0.0/8; macOS only on 127.0.0.1 unless an alias is added.
    if std::net::TcpListener::bind(("127.0.0.2", 0)).is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must be able to listen on 127.0.0.2"
        );
        eprintln!(
            "SKIPPED: cannot listen on 127.0.0.2 (on macOS: sudo ifconfig lo0 alias 127.0.0.2)"
        );
        return;
    }
    let both = Arc::new(Stats::default());
    let page = std::fs::read(dir("pages").join("wire.html")).unwrap();
    let slow = move |_: &common::server::Request| {
        Response::ok("text/html", page.clone()).after(Duration::from_millis(150))
    };
    let a = Server::start_on(
        "127.0.0.1",
        Arc::new(Stats::default()),
        vec![both.clone()],
        slow.clone(),
    );
    let b = Server::start_on(
        "127.0.0.2",
        Arc::new(Stats::default()),
        vec![both.clone()],
        slow,
    );
    let urls: Vec<String> = (0..12)
        .flat_map(|i| [a.url(&format!("/p{i}")), b.url(&format!("/p{i}"))])
        .collect();
    let run = |extra: &[&str]| {
        let mut args = vec!["fetch", "--no-cache", "-q"];
        args.extend_from_slice(extra);
        args.extend(urls.iter().map(String::as_str));
        let o = frontline(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    run(&["--per-host", "2", "--concurrency", "8"]);
    assert_eq!(
        (a.stats.max(), b.stats.max()),
        (2, 2),
        "at most 2 connections per host, and the limit is used"
    );
    assert_eq!(both.max(), 4, "the two hosts are fetched side by side");
    assert_eq!(
        both.hits.lock().unwrap().values().sum::<usize>(),
        26,
        "24 pages and one robots.txt per host"
    );
    assert_eq!(
        (a.stats.hits("/robots.txt"), b.stats.hits("/robots.txt")),
        (1, 1)
    );
    // the overall limit binds when it is below the sum of the hosts'
    both.max_active
        .store(0, std::sync::atomic::Ordering::SeqCst);
    run(&["--per-host", "2", "--concurrency", "3"]);
    assert_eq!(both.max(), 3);
}

#[test]
fn a_page_that_cannot_be_cached_is_still_read() {
    let s = pages_server();
    let tmp = tempfile::tempdir().unwrap();
    let not_a_folder = tmp.path().join("cache");
    std::fs::write(&not_a_folder, "a file where the cache folder should be").unwrap();
    let url = s.url("/pages/wire.html");
    let out = tmp.path().join("out");
    let o = frontline(&[
        "map",
        "--cache",
        path(&not_a_folder),
        "--url",
        &url,
        "--out",
        path(&out),
        "--no-progress",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(&format!("warning: {url}: read but not cached: cache ")),
        "{err}"
    );
    assert!(err.contains("1 articles read, 0 skipped"), "{err}");
}

#[test]
fn the_cache_revalidates_and_serves_offline() {
    let s = pages_server();
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let wire = s.url("/pages/wire.html");
    let byline = s.url("/pages/byline.html");
    let urls_file = tmp.path().join("urls.txt");
    std::fs::write(
        &urls_file,
        format!("# morning list\n{wire}\n\n{byline}\nnot a url\n"),
    )
    .unwrap();
    let fetch = |extra: &[&str]| {
        let mut args = vec![
            "fetch",
            "--cache",
            path(&cache),
            "--urls-file",
            path(&urls_file),
        ];
        args.extend_from_slice(extra);
        frontline(&args)
    };
    let o = fetch(&[]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a bad line of the URL file counts as a failure:\n{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:5: not an http(s) URL: \"not a url\"",
            urls_file.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("2 pages: 2 downloaded, 0 unchanged since cached"),
        "{err}"
    );
    std::fs::write(&urls_file, format!("{wire}\n{byline}\n")).unwrap();
    let o = fetch(&[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("2 pages: 0 downloaded, 2 unchanged since cached"),
        "{}",
        stderr(&o)
    );
    let second = s
        .stats
        .requests
        .lock()
        .unwrap()
        .iter()
        .rev()
        .take(2)
        .cloned()
        .collect::<Vec<_>>();
    assert!(
        second.iter().all(|r| r.header("if-none-match").is_some()),
        "revalidated with the ETag"
    );
    // Offline: no request at all, and the map is byte-identical to the online one.
    let hits = s.stats.requests.lock().unwrap().len();
    let map = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "map",
            "--cache",
            path(&cache),
            "--urls-file",
            path(&urls_file),
            "--out",
            path(out),
            "-q",
        ];
        args.extend_from_slice(extra);
        frontline(&args)
    };
    let (on, off) = (tmp.path().join("on"), tmp.path().join("off"));
    assert_eq!(map(&on, &[]).status.code(), Some(0));
    let o = map(&off, &["--offline"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        s.stats.requests.lock().unwrap().len(),
        hits + 3,
        "only the online map asked the server (robots.txt and 2 pages)"
    );
    for f in [
        "articles.jsonl",
        "claims.jsonl",
        "timeline.geojson",
        "areas.geojson",
        "index.html",
    ] {
        assert_eq!(
            std::fs::read(on.join(f)).unwrap(),
            std::fs::read(off.join(f)).unwrap(),
            "{f}"
        );
    }
    // A page never fetched fails offline, naming the URL; the rest is mapped.
    let never = s.url("/pages/newspaper.html");
    let o = frontline(&[
        "map",
        "--cache",
        path(&cache),
        "--offline",
        "--url",
        &wire,
        "--url",
        &never,
        "--out",
        path(&tmp.path().join("x")),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{never}: not in the cache, and --offline forbids fetching it"
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(s.stats.requests.lock().unwrap().len(), hits + 3);
}

#[test]
fn robots_txt_and_its_crawl_delay_are_obeyed() {
    let page = std::fs::read(dir("pages").join("wire.html")).unwrap();
    let s = Server::start(move |r| {
        match r.path.as_str() {
        "/robots.txt" => Response::ok(
            "text/plain",
            "User-agent: *\nDisallow: /\n\nUser-agent: frontline\nDisallow: /private/\nCrawl-delay: 0.3\n",
        ),
        _ => Response::ok("text/html", page.clone()),
    }
    });
    let urls: Vec<String> = ["/news/1", "/news/2", "/news/3", "/private/1"]
        .iter()
        .map(|p| s.url(p))
        .collect();
    let mut args = vec!["fetch", "--no-cache", "--per-host", "4"];
    args.extend(urls.iter().map(String::as_str));
    let o = frontline(&args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}: not fetched: {} disallows it for frontline; pass --ignore-robots",
            urls[3],
            s.url("/robots.txt")
        )),
        "{err}"
    );
    assert_eq!(s.stats.hits("/private/1"), 0);
    // The three allowed pages were spaced by the Crawl-delay despite --per-host 4.
    let times: Vec<std::time::Instant> = s
        .stats
        .times
        .lock()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.starts_with("/news/"))
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(times.len(), 3);
    for w in times.windows(2) {
        assert!(
            w[1] - w[0] >= Duration::from_millis(280),
            "{:?}",
            w[1] - w[0]
        );
    }
    let o = frontline(&["fetch", "--no-cache", "--ignore-robots", &urls[3]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(s.stats.hits("/private/1"), 1);
    // A robots.txt that fails with a server error forbids the whole host (RFC 9309).
    let down = Server::start(|r| {
        if r.path == "/robots.txt" {
            Response::status(503)
        } else {
            Response::ok("text/html", "<p>x</p>")
        }
    });
    let o = frontline(&["fetch", "--no-cache", &down.url("/a")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("could not be read (HTTP 503 Service Unavailable), which forbids all"),
        "{}",
        stderr(&o)
    );
    assert_eq!(down.stats.hits("/a"), 0);
}

#[test]
fn bad_sources_are_named_even_when_nothing_is_read() {
    let wire = std::fs::read(dir("pages").join("wire.html")).unwrap();
    let s = Server::start(move |r| match r.path.as_str() {
        "/nul" => Response::ok("text/plain", b"Rebels\0took\0Hama".to_vec()),
        "/ok" => Response::ok("text/html", wire.clone()),
        _ => Response::status(404),
    });
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("urls.txt");
    std::fs::write(
        &list,
        format!("{}\nnot a url\n{}\n", s.url("/ok"), s.url("/nul")),
    )
    .unwrap();
    let (_, o) = map_urls(
        tmp.path(),
        &[],
        &["--urls-file", path(&list), "--no-progress"],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}:2: not an http(s) URL: \"not a url\"",
            list.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: binary file (NUL byte at offset 6)",
            s.url("/nul")
        )),
        "{err}"
    );
    assert!(
        err.contains("frontline: 1 articles read, 2 skipped"),
        "{err}"
    );
    // With nothing readable the run fails, and the error still names every bad line.
    std::fs::write(&list, "# only junk\nftp://example.org/a\n").unwrap();
    let (_, o) = map_urls(tmp.path(), &[], &["--urls-file", path(&list)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no articles could be read"), "{err}");
    assert!(
        err.contains(&format!("{}:2: not an http(s) URL", list.display())),
        "{err}"
    );
}
