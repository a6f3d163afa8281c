//! Fetching URLs concurrently and politely: robots.txt and its Crawl-delay, an overall
//! and a per-host limit, timeouts, retries with backoff on transient errors only, limits
//! on body size and redirects, and revalidation of cached pages.

use super::cache::{sha256_hex, Cache, Entry, EntryMeta};
use super::{FetchError, FetchOptions};
use backon::{ExponentialBuilder, Retryable};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OnceCell, Semaphore};

/// The product token matched against robots.txt `User-agent` lines.
pub const ROBOTS_AGENT: &str = "frontline";

/// Longest Crawl-delay honoured; a longer one is treated as this.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// What a host's robots.txt allows.
enum Rules {
    /// Everything (no robots.txt, or one that could not be parsed).
    All,
    /// The parsed rules.
    Robot(Box<texting_robots::Robot>),
    /// Nothing, because robots.txt could not be read (RFC 9309: assume complete disallow).
    Unreachable(String),
}

/// A host's rules and pacing.
#[derive(Default)]
struct Host {
    rules: OnceCell<Rules>,
    /// When the next request may start, under a Crawl-delay.
    next: tokio::sync::Mutex<Option<tokio::time::Instant>>,
}

/// How a page was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// Downloaded (and cached).
    Network,
    /// The server said the cached copy is current (HTTP 304).
    Revalidated,
    /// Read from the cache without asking the server (`--offline`).
    Cache,
}

/// A page's bytes and where they came from.
#[derive(Clone, Debug)]
pub struct Page {
    /// The URL asked for.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// The body, content-decoded (gzip, brotli).
    pub body: Vec<u8>,
    /// Network, revalidated or cache.
    pub via: Via,
    /// Requests made (1 unless retried; 0 from the cache).
    pub attempts: u32,
    /// Set when the page was read but could not be stored in the cache.
    pub cache_note: Option<String>,
}

impl Page {
    fn from_entry(e: Entry, via: Via, attempts: u32) -> Page {
        Page {
            url: e.meta.url,
            final_url: e.meta.final_url,
            content_type: e.meta.content_type,
            body: e.body,
            via,
            attempts,
            cache_note: None,
        }
    }
}

/// Status codes worth asking again: timeouts, rate limits and passing server trouble.
pub const TRANSIENT_STATUS: [u16; 7] = [408, 425, 429, 500, 502, 503, 504];

/// The longest `Retry-After` waited for; a server asking for longer is reported as failed.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Why one request failed, and whether trying again could help.
#[derive(Debug)]
enum Fail {
    /// Status code, status text, and the server's `Retry-After`.
    Status(u16, String, Option<Duration>),
    Timeout,
    /// What failed, and whether it was the connection (worth a retry).
    Network(String, bool),
    Loop(String),
    TooMany,
    TooLarge(String),
}

impl Fail {
    fn transient(&self) -> bool {
        match self {
            Fail::Status(code, _, after) => {
                TRANSIENT_STATUS.contains(code) && after.is_none_or(|a| a <= MAX_RETRY_AFTER)
            }
            Fail::Timeout => true,
            Fail::Network(_, transient) => *transient,
            Fail::Loop(_) | Fail::TooMany | Fail::TooLarge(_) => false,
        }
    }

    fn into_error(self, url: &str, opts: &FetchOptions, attempts: u32) -> FetchError {
        let url = url.to_string();
        match self {
            Fail::Status(_, mut status, after) => {
                if let Some(a) = after.filter(|a| *a > MAX_RETRY_AFTER) {
                    status.push_str(&format!(
                        "; the server asks to retry after {}, more than the {} s waited for",
                        human(a),
                        MAX_RETRY_AFTER.as_secs()
                    ));
                }
                FetchError::Status {
                    url,
                    status,
                    attempts,
                }
            }
            Fail::Timeout => FetchError::Timeout {
                url,
                secs: opts.timeout.as_secs_f64(),
                attempts,
            },
            Fail::Network(message, _) => FetchError::Network {
                url,
                message,
                attempts,
            },
            Fail::Loop(chain) => FetchError::RedirectLoop { url, chain },
            Fail::TooMany => FetchError::TooManyRedirects {
                url,
                max: opts.max_redirects,
            },
            Fail::TooLarge(how) => FetchError::TooLarge {
                url,
                limit_mb: opts.max_body as f64 / 1_048_576.0,
                how,
            },
        }
    }
}

/// A redirect back to a visited address.
#[derive(Debug)]
struct LoopError(String);
impl std::fmt::Display for LoopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirect loop ({})", self.0)
    }
}
impl std::error::Error for LoopError {}

/// More redirects than allowed.
#[derive(Debug)]
struct TooManyError;
impl std::fmt::Display for TooManyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("too many redirects")
    }
}
impl std::error::Error for TooManyError {}

/// What one successful request gave.
enum Got {
    Body {
        final_url: String,
        status: u16,
        content_type: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
        body: Vec<u8>,
    },
    NotModified,
}

/// The shared state of a batch of fetches.
pub(super) struct Fetcher {
    client: Option<reqwest::Client>,
    opts: FetchOptions,
    cache: Option<Cache>,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    robots: Mutex<HashMap<String, Arc<Host>>>,
}

impl Fetcher {
    pub(super) fn new(opts: &FetchOptions) -> Result<Fetcher, String> {
        let client = if opts.offline {
            None
        } else {
            let max = opts.max_redirects;
            let policy = reqwest::redirect::Policy::custom(move |attempt| {
                let prev = attempt.previous();
                if prev.iter().any(|u| u == attempt.url()) {
                    let mut chain: Vec<&str> = prev.iter().map(|u| u.as_str()).collect();
                    chain.push(attempt.url().as_str());
                    let e = LoopError(chain.join(" -> "));
                    attempt.error(e)
                } else if prev.len() > max {
                    attempt.error(TooManyError)
                } else {
                    attempt.follow()
                }
            });
            Some(
                reqwest::Client::builder()
                    .user_agent(opts.user_agent.clone())
                    .redirect(policy)
                    .connect_timeout(opts.connect_timeout.min(opts.timeout))
                    .timeout(opts.timeout)
                    .build()
                    .map_err(|e| e.to_string())?,
            )
        };
        Ok(Fetcher {
            client,
            cache: opts.cache.clone().map(Cache::new),
            global: Semaphore::new(opts.concurrency.max(1)),
            hosts: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
            opts: opts.clone(),
        })
    }

    fn host_limit(&self, host: &str) -> Arc<Semaphore> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        hosts
            .entry(host.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(self.opts.per_host.max(1))))
            .clone()
    }

    /// Fetches one URL, from the cache, by revalidation or from the network.
    pub(super) async fn fetch(&self, url: &str) -> Result<Page, FetchError> {
        let parsed = url::Url::parse(url).map_err(|e| FetchError::BadUrl {
            url: url.into(),
            reason: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::BadUrl {
                url: url.into(),
                reason: format!(
                    "the scheme is {:?}; only http and https are fetched",
                    parsed.scheme()
                ),
            });
        }
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let cached = self.cache.as_ref().and_then(|c| c.get(url));
        let Some(client) = &self.client else {
            return cached
                .map(|e| Page::from_entry(e, Via::Cache, 0))
                .ok_or_else(|| FetchError::NotCached { url: url.into() });
        };
        // The host's slot is held through retries, so a struggling host gets no more
        // requests than the limit; an overall slot is held only while a request is in
        // flight, so backoff and Crawl-delay waits never hold up other hosts.
        let host_limit = self.host_limit(&host);
        let _host = host_limit.acquire().await.expect("semaphore never closed");
        let crawl_delay = if self.opts.robots {
            self.obey_robots(client, &parsed, &host).await?
        } else {
            None
        };
        let attempts = AtomicU32::new(0);
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.opts.backoff)
            .with_max_delay(self.opts.backoff * 16)
            .with_max_times(self.opts.retries as usize)
            .with_jitter();
        let got = (|| async {
            if let Some(d) = crawl_delay {
                self.pace(&host, d).await;
            }
            let _slot = self.global.acquire().await.expect("semaphore never closed");
            attempts.fetch_add(1, Ordering::Relaxed);
            self.attempt(client, url, cached.as_ref()).await
        })
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(Fail::transient)
        // Wait as long as the server asks (never less than the backoff); `when` has
        // already given up on a server asking for more than MAX_RETRY_AFTER.
        .adjust(|e, d| match e {
            Fail::Status(_, _, Some(after)) => d.map(|d| d.max(*after)),
            _ => d,
        })
        .await;
        let attempts = attempts.load(Ordering::Relaxed);
        match got {
            Err(f) => Err(f.into_error(url, &self.opts, attempts)),
            Ok(Got::NotModified) => Ok(Page::from_entry(
                cached.expect("304 only answers a conditional request"),
                Via::Revalidated,
                attempts,
            )),
            Ok(Got::Body {
                final_url,
                status,
                content_type,
                etag,
                last_modified,
                body,
            }) => {
                let mut cache_note = None;
                if let Some(c) = &self.cache {
                    let meta = EntryMeta {
                        url: url.to_string(),
                        final_url: final_url.clone(),
                        status,
                        content_type: content_type.clone(),
                        etag,
                        last_modified,
                        fetched_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                        length: body.len(),
                        sha256: sha256_hex(&body),
                    };
                    // A page read fine is kept even when it cannot be cached.
                    if let Err(e) = c.put(&meta, &body) {
                        cache_note = Some(format!("read but not cached: {e}"));
                    }
                }
                Ok(Page {
                    url: url.to_string(),
                    final_url,
                    content_type,
                    body,
                    via: Via::Network,
                    attempts,
                    cache_note,
                })
            }
        }
    }

    fn host_rules(&self, host: &str) -> Arc<Host> {
        let mut all = self.robots.lock().unwrap_or_else(|e| e.into_inner());
        all.entry(host.to_string()).or_default().clone()
    }

    /// Checks the host's robots.txt (read once per run) allows the URL; returns its
    /// Crawl-delay.
    async fn obey_robots(
        &self,
        client: &reqwest::Client,
        url: &url::Url,
        host: &str,
    ) -> Result<Option<Duration>, FetchError> {
        let h = self.host_rules(host);
        let rules = h
            .rules
            .get_or_init(|| async {
                let _slot = self.global.acquire().await.expect("semaphore never closed");
                self.load_robots(client, url).await
            })
            .await;
        let robots_url = robots_url(url);
        let delay = match rules {
            Rules::All => None,
            Rules::Unreachable(why) => {
                return Err(FetchError::Robots {
                    url: url.to_string(),
                    why: format!("{robots_url} could not be read ({why}), which forbids all"),
                })
            }
            Rules::Robot(r) => {
                if !r.allowed(url.as_str()) {
                    return Err(FetchError::Robots {
                        url: url.to_string(),
                        why: format!("{robots_url} disallows it for {ROBOTS_AGENT}"),
                    });
                }
                r.delay
                    .filter(|d| d.is_finite() && *d > 0.0)
                    .map(|d| Duration::from_secs_f32(d).min(MAX_CRAWL_DELAY))
            }
        };
        Ok(delay)
    }

    /// Waits until `delay` has passed since the host's last request began.
    async fn pace(&self, host: &str, delay: Duration) {
        let h = self.host_rules(host);
        let mut next = h.next.lock().await;
        if let Some(t) = *next {
            tokio::time::sleep_until(t).await;
        }
        *next = Some(tokio::time::Instant::now() + delay);
    }

    /// Reads a host's robots.txt: 2xx is parsed; 4xx means no rules; a server error or
    /// network failure forbids all, as RFC 9309 says.
    async fn load_robots(&self, client: &reqwest::Client, url: &url::Url) -> Rules {
        let robots = robots_url(url);
        let resp = match client.get(&robots).send().await {
            Ok(r) => r,
            Err(e) => {
                return match classify(e) {
                    Fail::Timeout => Rules::Unreachable("timed out".into()),
                    Fail::Network(m, _) => Rules::Unreachable(m),
                    // a redirect loop or chain: treated as unavailable (4xx)
                    _ => Rules::All,
                };
            }
        };
        let status = resp.status();
        if status.is_client_error() {
            return Rules::All;
        }
        if !status.is_success() {
            return Rules::Unreachable(format!("HTTP {status}"));
        }
        // RFC 9309 asks crawlers to read at least 500 KiB of it.
        let mut body = Vec::new();
        let mut resp = resp;
        while let Ok(Some(chunk)) = resp.chunk().await {
            body.extend_from_slice(&chunk);
            if body.len() > 512 * 1024 {
                body.truncate(512 * 1024);
                break;
            }
        }
        match texting_robots::Robot::new(ROBOTS_AGENT, &body) {
            Ok(r) => Rules::Robot(Box::new(r)),
            Err(_) => Rules::All,
        }
    }

    /// One request, with the cached copy's validators when there is one.
    async fn attempt(
        &self,
        client: &reqwest::Client,
        url: &str,
        cached: Option<&Entry>,
    ) -> Result<Got, Fail> {
        let mut req = client.get(url);
        if let Some(e) = cached {
            if let Some(tag) = &e.meta.etag {
                req = req.header(reqwest::header::IF_NONE_MATCH, tag);
            }
            if let Some(lm) = &e.meta.last_modified {
                req = req.header(reqwest::header::IF_MODIFIED_SINCE, lm);
            }
        }
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status();
        if status == reqwest::StatusCode::NOT_MODIFIED && cached.is_some() {
            return Ok(Got::NotModified);
        }
        if !status.is_success() {
            let after = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(retry_after);
            return Err(Fail::Status(status.as_u16(), status.to_string(), after));
        }
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let etag = header(reqwest::header::ETAG);
        let last_modified = header(reqwest::header::LAST_MODIFIED);
        let max = self.opts.max_body;
        if let Some(n) = resp.content_length().filter(|&n| n > max as u64) {
            return Err(Fail::TooLarge(format!(
                "declared {:.1} MB, not downloaded",
                n as f64 / 1_048_576.0
            )));
        }
        let final_url = resp.url().to_string();
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > max {
                return Err(Fail::TooLarge(format!(
                    "stopped reading at {:.1} MB",
                    max as f64 / 1_048_576.0
                )));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Got::Body {
            final_url,
            status: status.as_u16(),
            content_type,
            etag,
            last_modified,
            body,
        })
    }
}

/// The robots.txt address of a URL's origin.
fn robots_url(url: &url::Url) -> String {
    let mut u = url.clone();
    u.set_path("/robots.txt");
    u.set_query(None);
    u.set_fragment(None);
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.to_string()
}

/// A `Retry-After` value: seconds, or an HTTP date (the wait until then).
fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = when.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// A duration for people: seconds, minutes or hours.
fn human(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=119 => format!("{s} s"),
        120..=7199 => format!("{} min", s / 60),
        _ => format!("{:.1} h", s as f64 / 3600.0),
    }
}

/// Sorts a reqwest error into timeout, redirect trouble or a network failure.
fn classify(e: reqwest::Error) -> Fail {
    let chain = || {
        std::iter::successors(Some(&e as &(dyn std::error::Error + 'static)), |s| {
            s.source()
        })
    };
    for s in chain() {
        if let Some(l) = s.downcast_ref::<LoopError>() {
            return Fail::Loop(l.0.clone());
        }
        if s.downcast_ref::<TooManyError>().is_some() {
            return Fail::TooMany;
        }
    }
    if e.is_timeout() {
        return Fail::Timeout;
    }
    // Worth another try: the connection failed or broke off; not a malformed answer,
    // a body that fails to decode or a bad request.
    let cut_off = chain()
        .filter_map(|s| s.downcast_ref::<std::io::Error>())
        .any(|io| {
            use std::io::ErrorKind::*;
            matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof | TimedOut
            )
        });
    let transient = e.is_connect() || (cut_off && !e.is_decode());
    let mut msg = chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ");
    if let Some(u) = e.url() {
        msg = msg.replace(&format!(" ({u})"), "");
    }
    Fail::Network(msg, transient)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_and_what_is_transient() {
        assert_eq!(retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let far = retry_after("Wed, 21 Oct 2099 07:28:00 GMT").unwrap();
        assert!(far > MAX_RETRY_AFTER);
        assert!(retry_after("soon").is_none());
        let status = |code, after| Fail::Status(code, format!("{code}"), after);
        assert!(status(503, None).transient());
        assert!(status(429, Some(Duration::from_secs(5))).transient());
        assert!(
            !status(503, Some(far)).transient(),
            "a 10-hour wait is not waited for"
        );
        assert!(!status(404, None).transient());
        assert!(!status(501, None).transient());
        assert!(!Fail::Network("invalid gzip header".into(), false).transient());
        assert!(Fail::Network("connection refused".into(), true).transient());
        assert_eq!(human(Duration::from_secs(36000)), "10.0 h");
    }
}
