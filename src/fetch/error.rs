//! Why a URL could not be read.

use std::path::PathBuf;

/// A URL failed; it is reported and skipped, and the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The address is not an absolute http or https URL.
    #[error("{url}: not a usable http(s) URL: {reason}")]
    BadUrl {
        /// The address as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The server answered with an error status.
    #[error("{url}: HTTP {status}{}", attempts_note(*attempts))]
    Status {
        /// The address.
        url: String,
        /// Status code and reason, e.g. `404 Not Found`.
        status: String,
        /// Requests made (retries included).
        attempts: u32,
    },
    /// No answer within the timeout.
    #[error("{url}: timed out after {secs} s{}", attempts_note(*attempts))]
    Timeout {
        /// The address.
        url: String,
        /// The per-request timeout.
        secs: f64,
        /// Requests made.
        attempts: u32,
    },
    /// The connection failed, or broke while the body was read.
    #[error("{url}: {message}{}", attempts_note(*attempts))]
    Network {
        /// The address.
        url: String,
        /// What failed.
        message: String,
        /// Requests made.
        attempts: u32,
    },
    /// A redirect led back to an address already visited.
    #[error("{url}: redirect loop ({chain})")]
    RedirectLoop {
        /// The address.
        url: String,
        /// The addresses visited, in order.
        chain: String,
    },
    /// More redirects than allowed.
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects {
        /// The address.
        url: String,
        /// The limit.
        max: usize,
    },
    /// The body is larger than the limit; nothing of it is kept.
    #[error(
        "{url}: body larger than the {limit_mb} MB limit ({how}); raise --max-body-mb to read it"
    )]
    TooLarge {
        /// The address.
        url: String,
        /// The limit in MB.
        limit_mb: f64,
        /// How it was found out: declared length or bytes read.
        how: String,
    },
    /// The site's robots.txt forbids the URL.
    #[error("{url}: not fetched: {why}; pass --ignore-robots to fetch it anyway")]
    Robots {
        /// The address.
        url: String,
        /// Which rule, or why robots.txt could not be read.
        why: String,
    },
    /// `--offline` was given and the URL is not in the cache.
    #[error(
        "{url}: not in the cache, and --offline forbids fetching it (run `frontline fetch` first)"
    )]
    NotCached {
        /// The address.
        url: String,
    },
    /// The feed could not be parsed.
    #[error("{url}: not a readable RSS or Atom feed: {message}")]
    Feed {
        /// The feed's address.
        url: String,
        /// The parser's complaint.
        message: String,
    },
    /// The cache folder could not be used.
    #[error("cache {path}: {message}")]
    Cache {
        /// The file or folder.
        path: PathBuf,
        /// What failed.
        message: String,
    },
}

fn attempts_note(n: u32) -> String {
    if n > 1 {
        format!(" (after {n} attempts)")
    } else {
        String::new()
    }
}

impl FetchError {
    /// A URL that was never asked for, because the fetching machinery itself failed.
    pub fn unsent(url: &str, message: &str) -> FetchError {
        FetchError::Network {
            url: url.to_string(),
            message: message.to_string(),
            attempts: 0,
        }
    }

    /// The address the error is about, when it is about one.
    pub fn url(&self) -> Option<&str> {
        match self {
            FetchError::BadUrl { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Network { url, .. }
            | FetchError::RedirectLoop { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::Robots { url, .. }
            | FetchError::NotCached { url }
            | FetchError::Feed { url, .. } => Some(url),
            FetchError::Cache { .. } => None,
        }
    }
}
