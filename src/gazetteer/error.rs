//! Errors raised while reading, building or querying a gazetteer.

use std::path::PathBuf;

/// A gazetteer could not be read or built.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A row of a tab-separated file is malformed.
    #[error("{path}:{line}: {message}")]
    Row {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file is malformed as a whole.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl GazetteerError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        GazetteerError::Io {
            path: path.into(),
            source,
        }
    }
}
