//! Static labels read back from records.
//!
//! A few fields hold `&'static str` labels: why a mention resolved as it did
//! ([`Mention::reason`]), a page's charset and where its canonical URL came from
//! ([`PageInfo`]). Records written by `frontline extract` carry them as text; reading one
//! back keeps each distinct label once for the life of the process, so a label costs its
//! memory once however many records repeat it. The number of distinct labels is capped:
//! the code only ever writes a few dozen, and a stream of made-up ones is refused rather
//! than kept.
//!
//! The two types get their `Deserialize` here, through a twin with owned strings: serde's
//! derive would only read them from `'static` input.

use crate::article::PageInfo;
use crate::geoparse::Mention;
use serde::{de::Error, Deserialize, Deserializer};
use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

/// Most distinct labels kept; a record bringing one more is refused.
pub const MAX_LABELS: usize = 4096;

static LABELS: LazyLock<Mutex<HashSet<&'static str>>> =
    LazyLock::new(|| Mutex::new(HashSet::new()));

/// The one static copy of `s`, made on first sight; `None` when [`MAX_LABELS`] are kept
/// already and `s` is not among them.
pub fn label(s: &str) -> Option<&'static str> {
    let mut set = LABELS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&kept) = set.get(s) {
        return Some(kept);
    }
    if set.len() >= MAX_LABELS {
        return None;
    }
    let kept: &'static str = Box::leak(s.to_owned().into_boxed_str());
    set.insert(kept);
    Some(kept)
}

fn kept<E: Error>(s: &str) -> Result<&'static str, E> {
    label(s).ok_or_else(|| {
        E::custom(format!(
            "more than {MAX_LABELS} distinct labels (such as {s:?}): not records frontline wrote"
        ))
    })
}

impl<'de> Deserialize<'de> for Mention {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Twin {
            start: usize,
            end: usize,
            text: String,
            place: usize,
            #[serde(with = "crate::exact")]
            score: f64,
            qualifier: Option<String>,
            #[serde(with = "crate::exact::pair")]
            offset: Option<(f64, f64)>,
            reason: String,
        }
        let t = Twin::deserialize(d)?;
        Ok(Mention {
            start: t.start,
            end: t.end,
            text: t.text,
            place: t.place,
            score: t.score,
            qualifier: t.qualifier,
            offset: t.offset,
            reason: kept(&t.reason)?,
        })
    }
}

impl<'de> Deserialize<'de> for PageInfo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Twin {
            final_url: Option<String>,
            canonical_from: Option<String>,
            charset: String,
            charset_basis: Option<crate::fetch::charset::Basis>,
            charset_note: Option<String>,
            lang: Option<String>,
            feed: Option<String>,
        }
        let t = Twin::deserialize(d)?;
        Ok(PageInfo {
            final_url: t.final_url,
            canonical_from: t.canonical_from.as_deref().map(kept).transpose()?,
            charset: kept(&t.charset)?,
            charset_basis: t.charset_basis,
            charset_note: t.charset_note,
            lang: t.lang,
            feed: t.feed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_kept_once() {
        let a = label("near the article's other places").unwrap();
        let owned = String::from("near the article's other places");
        let b = label(&owned).unwrap();
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn labelled_types_read_back() {
        let m = Mention {
            start: 3,
            end: 8,
            text: "Hama".into(),
            place: 12,
            score: 0.1 + 0.2,
            qualifier: Some("north".into()),
            offset: Some((10.0, 180.0)),
            reason: "a \"quoted\" label",
        };
        let back: Mention = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m, "floats come back to the bit");
        let p = PageInfo {
            final_url: Some("https://example.org/a".into()),
            canonical_from: Some("og:url"),
            charset: "windows-1256",
            charset_basis: Some(crate::fetch::charset::Basis::Meta),
            ..Default::default()
        };
        let back: PageInfo = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }
}
