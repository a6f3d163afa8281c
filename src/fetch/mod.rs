//! Stage 0: reading news where it lives. Fetches pages and feeds over HTTP with polite
//! concurrency, retries, limits and a disk cache; decodes their bytes into text.
//!
//! [`gather`] takes the URLs and feeds of a run and returns every page's bytes (or why
//! it failed), in a fixed order: the URLs as given, then each feed's items in feed
//! order, each address once.

pub mod cache;
pub mod charset;
mod client;
mod error;
pub mod feed;

pub use client::{Page, Via, MAX_RETRY_AFTER, ROBOTS_AGENT, TRANSIENT_STATUS};
pub use error::FetchError;
pub use feed::FeedItem;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

/// How to fetch.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// Cache folder; `None` keeps nothing.
    pub cache: Option<PathBuf>,
    /// Use only the cache; never touch the network.
    pub offline: bool,
    /// Requests in flight at once, overall.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Time allowed for one request, body included.
    pub timeout: Duration,
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Retries after a transient failure (timeouts, broken connections, the codes of
    /// [`TRANSIENT_STATUS`]).
    pub retries: u32,
    /// First backoff delay; it doubles with each retry (with jitter), up to 16 times this.
    pub backoff: Duration,
    /// Largest body accepted, in bytes (after content decoding).
    pub max_body: usize,
    /// Most redirects followed.
    pub max_redirects: usize,
    /// The User-Agent sent.
    pub user_agent: String,
    /// Obey each host's robots.txt (read once per run) and its Crawl-delay.
    pub robots: bool,
}

/// Default requests in flight overall.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// Default requests in flight per host.
pub const DEFAULT_PER_HOST: usize = 2;
/// Default timeout per request, in seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 30.0;
/// Default retries.
pub const DEFAULT_RETRIES: u32 = 2;
/// Default body limit in MB.
pub const DEFAULT_MAX_BODY_MB: f64 = 10.0;
/// Default redirect limit.
pub const DEFAULT_MAX_REDIRECTS: usize = 5;

/// The User-Agent: the tool, its version and what it does; `contact` (an address or
/// URL) is added so site owners can reach whoever runs it.
///
/// ```
/// let ua = frontline::fetch::user_agent(Some("desk@example.org"));
/// assert!(ua.starts_with("frontline/") && ua.ends_with("; contact: desk@example.org)"));
/// ```
pub fn user_agent(contact: Option<&str>) -> String {
    let mut s = format!(
        "frontline/{} (open-source tool that maps control claims in news reports",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(c) = contact.filter(|c| !c.trim().is_empty()) {
        s.push_str("; contact: ");
        s.push_str(c.trim());
    }
    s.push(')');
    s
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            cache: None,
            offline: false,
            concurrency: DEFAULT_CONCURRENCY,
            per_host: DEFAULT_PER_HOST,
            timeout: Duration::from_secs_f64(DEFAULT_TIMEOUT_SECS),
            connect_timeout: Duration::from_secs(10),
            retries: DEFAULT_RETRIES,
            backoff: Duration::from_millis(500),
            max_body: (DEFAULT_MAX_BODY_MB * 1_048_576.0) as usize,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            user_agent: user_agent(None),
            robots: true,
        }
    }
}

/// Fetches `urls` concurrently within the limits; results come back in input order.
/// `done` is called once per URL as it finishes.
pub fn fetch_all(
    urls: &[String],
    opts: &FetchOptions,
    done: &(dyn Fn() + Sync),
) -> Vec<Result<Page, FetchError>> {
    if urls.is_empty() {
        return Vec::new();
    }
    let fail_all = |message: String| {
        urls.iter()
            .map(|u| Err(FetchError::unsent(u, &message)))
            .collect()
    };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail_all(format!("cannot start the network runtime: {e}")),
    };
    let fetcher = match client::Fetcher::new(opts) {
        Ok(f) => std::sync::Arc::new(f),
        Err(e) => return fail_all(format!("cannot build the HTTP client: {e}")),
    };
    rt.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for (i, u) in urls.iter().enumerate() {
            let f = fetcher.clone();
            let u = u.clone();
            set.spawn(async move { (i, f.fetch(&u).await) });
        }
        let mut out: Vec<Option<Result<Page, FetchError>>> = urls.iter().map(|_| None).collect();
        while let Some(joined) = set.join_next().await {
            if let Ok((i, r)) = joined {
                out[i] = Some(r);
            }
            done();
        }
        out.into_iter()
            .zip(urls)
            .map(|(r, u)| r.unwrap_or_else(|| Err(FetchError::unsent(u, "the fetch task failed"))))
            .collect()
    })
}

/// A page to read, and the feed item that led to it, if any.
#[derive(Debug)]
pub struct Fetched {
    /// The URL.
    pub url: String,
    /// The feed item whose link it is.
    pub item: Option<FeedItem>,
    /// The page, or why it failed.
    pub result: Result<Page, FetchError>,
}

/// Everything fetched for a run.
#[derive(Debug, Default)]
pub struct Gathered {
    /// Pages in order: URLs as given, then feed items.
    pub pages: Vec<Fetched>,
    /// Feeds read, with their item counts.
    pub feeds: Vec<feed::Feed>,
    /// Feeds that could not be fetched or parsed.
    pub feed_errors: Vec<FetchError>,
}

/// What fetching did in a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FetchCounts {
    /// Feeds read.
    pub feeds: usize,
    /// Pages asked for (URLs given plus feed items, each address once).
    pub pages: usize,
    /// Pages downloaded.
    pub downloaded: usize,
    /// Pages the server said were unchanged since cached (HTTP 304).
    pub unchanged: usize,
    /// Pages read from the cache only (`--offline`).
    pub cached: usize,
    /// Feeds and pages that failed.
    pub failed: usize,
    /// Pages that were the same article as an earlier one (same canonical URL and
    /// headline); counted by whoever reads the pages.
    pub duplicates: usize,
}

impl Gathered {
    /// What was fetched, and how: feeds, pages by the way they came, failures.
    pub fn counts(&self) -> FetchCounts {
        let mut c = FetchCounts {
            feeds: self.feeds.len(),
            pages: self.pages.len(),
            failed: self.feed_errors.len(),
            ..Default::default()
        };
        for p in &self.pages {
            match p.result.as_ref().map(|p| p.via) {
                Ok(Via::Network) => c.downloaded += 1,
                Ok(Via::Revalidated) => c.unchanged += 1,
                Ok(Via::Cache) => c.cached += 1,
                Err(_) => c.failed += 1,
            }
        }
        c
    }
}

/// An address in its standard form, without a fragment (`HTTP://A.example/x#top` ->
/// `http://a.example/x`), so one page is fetched once; unparsable text is kept as given
/// and fails when fetched.
///
/// ```
/// assert_eq!(frontline::fetch::normalise(" HTTP://News.Example/a?b=1#top "), "http://news.example/a?b=1");
/// ```
pub fn normalise(url: &str) -> String {
    match url::Url::parse(url.trim()) {
        Ok(mut u) => {
            u.set_fragment(None);
            u.to_string()
        }
        Err(_) => url.trim().to_string(),
    }
}

/// Fetches the feeds, then the URLs and every feed item's link (each address once).
pub fn gather(
    urls: &[String],
    feeds: &[String],
    opts: &FetchOptions,
    done: &(dyn Fn() + Sync),
) -> Gathered {
    let mut g = Gathered::default();
    for (url, r) in feeds.iter().zip(fetch_all(feeds, opts, done)) {
        match r.and_then(|p| feed::parse(&p.body, &p.final_url).map(|f| (p, f))) {
            Ok((p, mut f)) => {
                f.url = url.clone();
                for i in &mut f.items {
                    i.feed = p.url.clone();
                }
                g.feeds.push(f)
            }
            Err(e) => g.feed_errors.push(e),
        }
    }
    let mut order: Vec<(String, Option<FeedItem>)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let items = g.feeds.iter().flat_map(|f| f.items.iter().cloned());
    for (u, item) in urls
        .iter()
        .map(|u| (normalise(u), None))
        .chain(items.map(|i| (normalise(&i.link), Some(i))))
    {
        match seen.get(&u) {
            Some(&k) => {
                if order[k].1.is_none() {
                    order[k].1 = item;
                }
            }
            None => {
                seen.insert(u.clone(), order.len());
                order.push((u, item));
            }
        }
    }
    let list: Vec<String> = order.iter().map(|(u, _)| u.clone()).collect();
    g.pages = order
        .into_iter()
        .zip(fetch_all(&list, opts, done))
        .map(|((url, item), result)| Fetched { url, item, result })
        .collect();
    g
}
