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
        }
    }
}

/// Why one request failed, and whether trying again could help.
#[derive(Debug)]
enum Fail {
    Status(String, Option<Duration>),
    Timeout,
    Network(String),
    Loop(String),
    TooMany,
    TooLarge(String),
}

impl Fail {
    fn transient(&self) -> bool {
        match self {
            Fail::Status(s, _) => {
                let code: u16 = s[..3].parse().unwrap_or(0);
                matches!(code, 408 | 425 | 429 | 500 | 502 | 503 | 504)
            }
            Fail::Timeout | Fail::Network(_) => true,
            Fail::Loop(_) | Fail::TooMany | Fail::TooLarge(_) => false,
        }
    }

    fn into_error(self, url: &str, opts: &FetchOptions, attempts: u32) -> FetchError {
        let url = url.to_string();
        match self {
            Fail::Status(status, _) => FetchError::Status {
                url,
                status,
                attempts,
            },
            Fail::Timeout => FetchError::Timeout {
                url,
                secs: opts.timeout.as_secs_f64(),
                attempts,
            },
            Fail::Network(message) => FetchError::Network {
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
        // Host first, then the overall slot, so a task waiting on a busy host holds no
        // overall slot.
        let host_limit = self.host_limit(&host);
        let _host = host_limit.acquire().await.expect("semaphore never closed");
        let _slot = self.global.acquire().await.expect("semaphore never closed");
        if self.opts.robots {
            self.obey_robots(client, &parsed, &host).await?;
        }
        let attempts = AtomicU32::new(0);
        let backoff = ExponentialBuilder::default()
            .with_min_delay(self.opts.backoff)
            .with_max_delay(self.opts.backoff * 16)
            .with_max_times(self.opts.retries as usize)
            .with_jitter();
        let got = (|| async {
            attempts.fetch_add(1, Ordering::Relaxed);
            self.attempt(client, url, cached.as_ref()).await
        })
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(Fail::transient)
        .adjust(|e, d| match e {
            Fail::Status(_, Some(after)) => d.map(|_| (*after).min(Duration::from_secs(30))),
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
                    c.put(&meta, &body)?;
                }
                Ok(Page {
                    url: url.to_string(),
                    final_url,
                    content_type,
                    body,
                    via: Via::Network,
                    attempts,
                })
            }
        }
    }

    /// Checks the host's robots.txt (read once per run) allows the URL, then waits out
    /// its Crawl-delay since the host's last request.
    async fn obey_robots(
        &self,
        client: &reqwest::Client,
        url: &url::Url,
        host: &str,
    ) -> Result<(), FetchError> {
        let h = {
            let mut all = self.robots.lock().unwrap_or_else(|e| e.into_inner());
            all.entry(host.to_string()).or_default().clone()
        };
        let rules = h.rules.get_or_init(|| self.load_robots(client, url)).await;
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
        if let Some(d) = delay {
            let mut next = h.next.lock().await;
            if let Some(t) = *next {
                tokio::time::sleep_until(t).await;
            }
            *next = Some(tokio::time::Instant::now() + d);
        }
        Ok(())
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
                    Fail::Network(m) => Rules::Unreachable(m),
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
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Err(Fail::Status(status.to_string(), after));
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

/// Sorts a reqwest error into timeout, redirect trouble or a network failure.
fn classify(e: reqwest::Error) -> Fail {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = src {
        if let Some(l) = s.downcast_ref::<LoopError>() {
            return Fail::Loop(l.0.clone());
        }
        if s.downcast_ref::<TooManyError>().is_some() {
            return Fail::TooMany;
        }
        src = s.source();
    }
    if e.is_timeout() {
        return Fail::Timeout;
    }
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        msg = format!("{msg}: {s}");
        src = s.source();
    }
    let url = e.url().map(|u| u.to_string());
    if let Some(u) = url {
        msg = msg.replace(&format!(" ({u})"), "");
    }
    Fail::Network(msg)
}
