//! Reading RSS and Atom feeds (with `feed-rs`): each item's link, title and date.

use super::FetchError;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One item of a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedItem {
    /// The feed's URL.
    pub feed: String,
    /// The item's link (absolute).
    pub link: String,
    /// The item's title.
    pub title: Option<String>,
    /// The item's date (published, else updated): its calendar date in the offset the
    /// feed wrote it with.
    pub date: Option<NaiveDate>,
    /// The date as the feed wrote it.
    pub date_text: Option<String>,
}

/// A parsed feed.
#[derive(Clone, Debug)]
pub struct Feed {
    /// The feed's URL.
    pub url: String,
    /// Its title.
    pub title: Option<String>,
    /// Items with a link, in feed order.
    pub items: Vec<FeedItem>,
    /// Items skipped because they had no usable link.
    pub skipped: usize,
}

/// Parses a feed. Relative links are resolved against `url`.
///
/// ```
/// let xml = br#"<rss version="2.0"><channel><title>Desk</title><item><title>Hama</title>
///   <link>/news/hama</link><pubDate>Thu, 05 Dec 2024 18:00:00 +0000</pubDate></item></channel></rss>"#;
/// let f = frontline::fetch::feed::parse(xml, "https://desk.example/rss").unwrap();
/// assert_eq!(f.items[0].link, "https://desk.example/news/hama");
/// assert_eq!(f.items[0].date.unwrap().to_string(), "2024-12-05");
/// ```
pub fn parse(bytes: &[u8], url: &str) -> Result<Feed, FetchError> {
    // feed-rs hands back UTC instants; the text each came from is kept here so that a
    // date keeps the publisher's own offset (23:30 at -05:00 is that day, not the next).
    let written: Arc<Mutex<HashMap<i64, String>>> = Arc::default();
    let keep = written.clone();
    let parsed = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        .timestamp_parser(move |text: &str| {
            let t = text.trim();
            let when = chrono::DateTime::parse_from_rfc2822(t)
                .or_else(|_| chrono::DateTime::parse_from_rfc3339(t))
                .or_else(|_| chrono::DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f%z"))
                .map(|d| d.with_timezone(&chrono::Utc))
                .ok()
                .or_else(|| {
                    crate::text::dates::stamp_date(t)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|d| d.and_utc())
                })?;
            keep.lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(when.timestamp())
                .or_insert_with(|| t.to_string());
            Some(when)
        })
        .build()
        .parse(bytes)
        .map_err(|e| FetchError::Feed {
            url: url.into(),
            message: e.to_string(),
        })?;
    let base = url::Url::parse(url).ok();
    let mut items = Vec::new();
    let mut skipped = 0;
    for e in parsed.entries {
        let href = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.trim().to_string());
        let link = href.and_then(|h| match &base {
            Some(b) => b.join(&h).ok().map(|u| u.to_string()),
            None => url::Url::parse(&h).ok().map(|u| u.to_string()),
        });
        let Some(link) = link.filter(|l| l.starts_with("http://") || l.starts_with("https://"))
        else {
            skipped += 1;
            continue;
        };
        let when = e.published.or(e.updated);
        let text = when.and_then(|w| {
            written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&w.timestamp())
                .cloned()
        });
        let date = text
            .as_deref()
            .and_then(crate::text::dates::stamp_date)
            .or(when.map(|d| d.date_naive()));
        items.push(FeedItem {
            feed: url.to_string(),
            link,
            title: e.title.map(|t| t.content.trim().to_string()),
            date,
            date_text: text.or(when.map(|d| d.to_rfc3339())),
        });
    }
    Ok(Feed {
        url: url.into(),
        title: parsed.title.map(|t| t.content.trim().to_string()),
        items,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_entries_and_bad_feeds() {
        let xml = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><id>x</id><updated>2024-12-01T00:00:00Z</updated>
          <entry><id>1</id><title>Saraqib</title><link href="https://w.example/1"/><published>2024-11-30T08:00:00Z</published><updated>2024-11-30T09:00:00Z</updated></entry>
          <entry><id>2</id><title>No link</title><updated>2024-11-30T09:00:00Z</updated></entry></feed>"#;
        let f = parse(xml, "https://w.example/atom").unwrap();
        assert_eq!(f.title.as_deref(), Some("W"));
        assert_eq!(f.items.len(), 1);
        assert_eq!(f.skipped, 1);
        assert_eq!(f.items[0].date.unwrap().to_string(), "2024-11-30");
        // a late-evening item keeps its own day, not the UTC one
        let rss =
            br#"<rss version="2.0"><channel><title>D</title><item><link>https://d.example/1</link>
          <pubDate>Thu, 05 Dec 2024 23:30:00 -0500</pubDate></item></channel></rss>"#;
        let f = parse(rss, "https://d.example/rss").unwrap();
        assert_eq!(f.items[0].date.unwrap().to_string(), "2024-12-05");
        assert_eq!(
            f.items[0].date_text.as_deref(),
            Some("Thu, 05 Dec 2024 23:30:00 -0500")
        );
        let e = parse(
            b"<html><body>not a feed</body></html>",
            "https://w.example/x",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("https://w.example/x: not a readable RSS or Atom feed"),
            "{e}"
        );
    }
}
