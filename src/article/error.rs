//! Errors raised while reading an article.

use std::path::PathBuf;

/// An article could not be read; it is reported and skipped.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than any one article can be.
    #[error("{path}: {:.1} MB, more than the {} MB one article file may hold; not read (split it into articles, or give many as JSONL)", *bytes as f64 / 1_048_576.0, limit / 1_048_576)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        bytes: u64,
        /// The most an article file may hold.
        limit: u64,
    },
    /// The file holds nothing but white space.
    #[error("{path}: empty article")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds NUL bytes: not text.
    #[error("{path}: binary file (NUL byte at offset {offset}), not an article")]
    Binary {
        /// The file.
        path: PathBuf,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The file is not UTF-8.
    #[error("{path}:{line}: not valid UTF-8 (byte {offset}); convert it to UTF-8 first")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Offset of the first bad byte.
        offset: usize,
        /// Its 1-based line.
        line: usize,
    },
    /// Front matter or a sidecar file is malformed.
    #[error("{path}:{line}: {message}")]
    Meta {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A line of an articles JSON-lines file (or stream) is no article record.
    #[error("{path}:{line}: {message}")]
    Record {
        /// The file, or `stdin`.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An HTML page holds no readable article.
    #[error("{path}: {message}")]
    Html {
        /// The file or URL.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An input path does not exist or holds no articles.
    #[error("{path}: {message}")]
    Input {
        /// The path.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}
