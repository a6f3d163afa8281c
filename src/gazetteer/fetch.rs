//! Downloading a source (by default the GeoNames dump for Syria) with reqwest.

use super::error::GazetteerError;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::time::Duration;

/// Where GeoNames publishes its per-country dumps.
pub const GEONAMES_DUMPS: &str = "https://download.geonames.org/export/dump";

/// The default address for a country's dump (`SY` → `.../SY.zip`).
pub fn default_url(country: &str) -> String {
    format!("{GEONAMES_DUMPS}/{country}.zip")
}

/// A downloaded file and its fingerprint.
#[derive(Clone, Debug)]
pub struct Fetched {
    /// The address asked for.
    pub url: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    /// When, UTC, RFC 3339.
    pub at: String,
}

/// Largest download accepted (the GeoNames allCountries zip is about 400 MB).
pub const MAX_BYTES: usize = 600 * 1024 * 1024;

/// Downloads `url`, following at most 5 redirects, with a 5-minute timeout.
pub fn fetch(url: &str) -> Result<Fetched, GazetteerError> {
    let bad = |message: String| GazetteerError::File {
        path: PathBuf::from(url),
        message,
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| bad(e.to_string()))?;
    let bytes = rt.block_on(async {
        let client = reqwest::Client::builder()
            .user_agent(concat!(
                "frontline/",
                env!("CARGO_PKG_VERSION"),
                " (gazetteer fetch)"
            ))
            .redirect(reqwest::redirect::Policy::limited(5))
            .connect_timeout(Duration::from_secs(20))
            .timeout(Duration::from_secs(300))
            .build()
            .map_err(|e| bad(e.to_string()))?;
        let mut resp = client
            .get(url)
            .send()
            .await
            .map_err(|e| bad(format!("download failed: {e}")))?;
        if !resp.status().is_success() {
            return Err(bad(format!("HTTP {}", resp.status())));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| bad(format!("download failed: {e}")))?
        {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_BYTES {
                return Err(bad(format!("larger than {} MB", MAX_BYTES / 1024 / 1024)));
            }
        }
        Ok(body)
    })?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    Ok(Fetched {
        url: url.to_string(),
        bytes,
        sha256,
        at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    })
}
