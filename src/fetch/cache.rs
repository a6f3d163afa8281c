//! The disk cache: one file per URL, written atomically, revalidated with ETag and
//! Last-Modified.
//!
//! An entry is `<sha256 of the URL>.entry`: one line of JSON (the response's metadata,
//! with the body's length and SHA-256), a newline, then the body as received (after
//! content decoding). Entries are written to a temporary file in the cache folder and
//! renamed into place, so a reader sees a whole entry or none; an entry whose body does
//! not match its recorded length and hash is ignored.

use super::FetchError;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What the cache keeps about a response.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntryMeta {
    /// The URL asked for (the key).
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// HTTP status (always a success).
    pub status: u16,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// `ETag`, when sent.
    pub etag: Option<String>,
    /// `Last-Modified`, when sent.
    pub last_modified: Option<String>,
    /// When the body was fetched (UTC, RFC 3339).
    pub fetched_at: String,
    /// Body length in bytes.
    pub length: usize,
    /// Hex SHA-256 of the body.
    pub sha256: String,
}

/// A cached response.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Its metadata.
    pub meta: EntryMeta,
    /// The body.
    pub body: Vec<u8>,
}

/// A cache folder.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

/// The default cache folder: `$FRONTLINE_CACHE`, else the user's cache folder
/// (`~/.cache/frontline/http` on Linux), else `.frontline-cache` here.
pub fn default_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("FRONTLINE_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    dirs::cache_dir()
        .map(|d| d.join("frontline").join("http"))
        .unwrap_or_else(|| PathBuf::from(".frontline-cache"))
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

impl Cache {
    /// A cache in `dir` (created when first written).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry file of a URL.
    pub fn path(&self, url: &str) -> PathBuf {
        self.dir
            .join(format!("{}.entry", sha256_hex(url.as_bytes())))
    }

    /// The entry for `url`, if a whole and intact one is stored.
    pub fn get(&self, url: &str) -> Option<Entry> {
        let bytes = std::fs::read(self.path(url)).ok()?;
        let nl = bytes.iter().position(|&b| b == b'\n')?;
        let meta: EntryMeta = serde_json::from_slice(&bytes[..nl]).ok()?;
        let body = bytes[nl + 1..].to_vec();
        (meta.url == url && meta.length == body.len() && meta.sha256 == sha256_hex(&body))
            .then_some(Entry { meta, body })
    }

    /// Stores an entry atomically (temporary file, then rename).
    pub fn put(&self, meta: &EntryMeta, body: &[u8]) -> Result<(), FetchError> {
        let path = self.path(&meta.url);
        let err = |e: std::io::Error| FetchError::Cache {
            path: path.clone(),
            message: e.to_string(),
        };
        let mut line = serde_json::to_vec(meta).map_err(|e| FetchError::Cache {
            path: path.clone(),
            message: e.to_string(),
        })?;
        line.push(b'\n');
        line.extend_from_slice(body);
        // No fsync: after a crash a renamed entry may be short, and `get` then ignores it
        // because its length and hash do not match.
        let mut tmp = crate::atomic::temp_beside(&path).map_err(err)?;
        std::io::Write::write_all(&mut tmp, &line).map_err(err)?;
        tmp.persist(&path).map_err(|e| err(e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(url: &str, body: &[u8]) -> EntryMeta {
        EntryMeta {
            url: url.into(),
            final_url: url.into(),
            status: 200,
            content_type: Some("text/html".into()),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            fetched_at: "2024-12-01T00:00:00Z".into(),
            length: body.len(),
            sha256: sha256_hex(body),
        }
    }

    #[test]
    fn round_trips_and_rejects_damage() {
        let d = tempfile::tempdir().unwrap();
        let c = Cache::new(d.path().join("http"));
        let url = "https://news.example/a";
        assert!(c.get(url).is_none());
        c.put(&meta(url, b"<p>hi</p>"), b"<p>hi</p>").unwrap();
        let e = c.get(url).unwrap();
        assert_eq!(e.body, b"<p>hi</p>");
        assert_eq!(e.meta.etag.as_deref(), Some("\"v1\""));
        // a truncated entry (as a crash mid-write would leave without the rename) is ignored
        let p = c.path(url);
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes[..bytes.len() - 2]).unwrap();
        assert!(c.get(url).is_none());
        let names: Vec<_> = std::fs::read_dir(c.dir()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary files are left behind");
    }
}
