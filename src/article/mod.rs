//! Reading articles and finding their publication dates.
//!
//! An article is a plain-text file or an HTML page (a local `.html` file or a fetched
//! URL; see [`html`]). A text file's publication date comes, in order of trust, from a
//! date line in its header, YAML front matter, a sidecar file (`NAME.meta.yaml`), the
//! `--published` flag, or, marked as inferred, the latest full date written in its text.
//! A page's date comes from its meta tags, JSON-LD, `<time>` or byline, then a sidecar,
//! the feed item that linked to it, the flag, or the text. An article with none of these
//! is undated: no date is invented for it. An article given as a line of JSON ([`record`])
//! is read like a text file whose record fields come before its front matter.

pub mod error;
pub mod html;
pub mod inputs;
pub mod record;

pub use error::ArticleError;

use crate::text::dates::find_dates;
use chrono::NaiveDate;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Where an article's publication date came from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum DateSource {
    /// A date line near the top of the text.
    Header {
        /// 1-based line number.
        line: usize,
        /// The line itself.
        text: String,
    },
    /// The `published` (or `date`) key of YAML front matter.
    FrontMatter,
    /// The `published` field of an article given as a JSON line.
    Record,
    /// The `published` key of a sidecar file.
    Sidecar {
        /// The sidecar's path.
        path: String,
    },
    /// The `--published` option.
    Flag,
    /// The latest full date written in the text; a guess, marked as such.
    Inferred {
        /// The date as written.
        text: String,
    },
    /// A page's `article:published_time` (or `article:modified_time`) meta tag.
    ArticlePublishedTime {
        /// The value as written.
        value: String,
    },
    /// A page's Open Graph date tag.
    OpenGraph {
        /// The value as written.
        value: String,
    },
    /// A page's JSON-LD `datePublished` (or `dateModified`).
    JsonLd {
        /// The value as written.
        value: String,
    },
    /// Another date meta tag of a page.
    Meta {
        /// The value as written.
        value: String,
    },
    /// A page's `<time datetime>` element.
    TimeElement {
        /// The `datetime` value.
        value: String,
    },
    /// A dated byline of a page.
    Byline {
        /// The byline.
        text: String,
    },
    /// The date of the feed item that linked to the page (UTC).
    Feed {
        /// The feed's URL.
        feed: String,
        /// The item's date as RFC 3339.
        value: String,
    },
    /// No date found.
    Undated,
}

impl DateSource {
    /// A short label: header, front_matter, record, sidecar, flag, inferred, undated, or
    /// the page tag it came from.
    pub fn label(&self) -> &'static str {
        match self {
            DateSource::Header { .. } => "header",
            DateSource::FrontMatter => "front_matter",
            DateSource::Record => "record",
            DateSource::Sidecar { .. } => "sidecar",
            DateSource::Flag => "flag",
            DateSource::Inferred { .. } => "inferred",
            DateSource::ArticlePublishedTime { .. } => "article_published_time",
            DateSource::OpenGraph { .. } => "open_graph",
            DateSource::JsonLd { .. } => "json_ld",
            DateSource::Meta { .. } => "meta",
            DateSource::TimeElement { .. } => "time_element",
            DateSource::Byline { .. } => "byline",
            DateSource::Feed { .. } => "feed",
            DateSource::Undated => "undated",
        }
    }

    /// The record of a date found in a page.
    pub fn from_page(d: &html::PageDate) -> DateSource {
        let value = d.value.clone();
        match d.tag {
            html::DateTag::ArticlePublishedTime => DateSource::ArticlePublishedTime { value },
            html::DateTag::OpenGraph => DateSource::OpenGraph { value },
            html::DateTag::JsonLd => DateSource::JsonLd { value },
            html::DateTag::Meta => DateSource::Meta { value },
            html::DateTag::TimeElement => DateSource::TimeElement { value },
            html::DateTag::Byline => DateSource::Byline { text: value },
        }
    }
}

/// Where a page article was read from and how it was decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PageInfo {
    /// The URL after redirects, for a fetched page.
    pub final_url: Option<String>,
    /// Which tag gave the canonical URL (`link`, `og:url`, `json_ld`), if one did.
    pub canonical_from: Option<&'static str>,
    /// The character encoding used, e.g. `UTF-8` or `windows-1256`.
    pub charset: &'static str,
    /// How it was chosen.
    pub charset_basis: Option<crate::fetch::charset::Basis>,
    /// Set when the declared encoding was wrong.
    pub charset_note: Option<String>,
    /// The page's language, when declared.
    pub lang: Option<String>,
    /// The feed that linked to it.
    pub feed: Option<String>,
}

/// Metadata read from front matter or a sidecar file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Headline.
    pub title: Option<String>,
    /// Outlet (site or agency name).
    pub outlet: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
}

/// An article ready for geoparsing.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// The path or URL as the user gave it; used as the evidence reference.
    pub source: String,
    /// The whole text (UTF-8, byte-order mark removed). Offsets refer to it.
    pub text: String,
    /// The part of `text` to read (after any front matter).
    pub body: Range<usize>,
    /// Publication date, when known.
    pub published: Option<NaiveDate>,
    /// Where the date came from.
    pub date_source: DateSource,
    /// Headline: front matter title, or the first line.
    pub title: Option<String>,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Canonical URL, when known (for a fetched page without one, the URL it was read from).
    pub url: Option<String>,
    /// Last update, when a page gives one, with where it was found.
    pub updated: Option<(NaiveDate, DateSource)>,
    /// For HTML pages: where the page came from and how it was decoded.
    pub page: Option<PageInfo>,
}

/// The largest article file read (16 MB): news pages, scripts and all, stay far below it.
pub const MAX_FILE_BYTES: u64 = 16 * 1_048_576;

/// Reads an article file, its sidecar if any, and settles its date.
pub fn read(path: &Path, fallback: Option<NaiveDate>) -> Result<Article, ArticleError> {
    let io = |e| ArticleError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    // Refused before it is read: a stray dump or disk image must not fill the memory.
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ArticleError::TooLarge {
            path: path.to_path_buf(),
            bytes: size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let sidecar = sidecar_path(path)
        .into_iter()
        .find(|p| p.is_file())
        .map(|p| -> Result<(Meta, PathBuf), ArticleError> {
            let t = std::fs::read_to_string(&p).map_err(|e| ArticleError::Io {
                path: p.clone(),
                source: e,
            })?;
            Ok((parse_meta(&t, &p, 0)?, p))
        })
        .transpose()?;
    if is_html(path, &bytes) {
        check_page_bytes(&bytes, path)?;
        let decoded = crate::fetch::charset::decode(&bytes, None, None);
        let page = Page {
            decoded,
            url: None,
            item: None,
        };
        return from_page(path.display().to_string(), page, sidecar, fallback);
    }
    let text = decode(&bytes, path)?;
    parse(path.display().to_string(), text, sidecar, fallback, path)
}

/// Is this file an HTML page: named `.html`, `.htm` or `.xhtml`, or starting like one?
pub fn is_html(path: &Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if inputs::HTML_EXTENSIONS.contains(&ext.as_str()) {
        return true;
    }
    looks_like_html(bytes)
}

/// Do these bytes start like an HTML document (`<!DOCTYPE html` or `<html`)?
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// A page to read: its decoded text, its address and the feed item that led to it.
#[derive(Clone, Debug)]
pub struct Page {
    /// The page decoded to text.
    pub decoded: crate::fetch::charset::Decoded,
    /// The address it was read from, after redirects (`None` for a local file).
    pub url: Option<String>,
    /// The feed item that linked to it.
    pub item: Option<crate::fetch::FeedItem>,
}

/// Builds an article from an HTML page: body, headline, outlet, canonical URL and dates
/// (page tags, then a sidecar, the feed item, `fallback`, and last a date in the text).
pub fn from_page(
    source: String,
    page: Page,
    sidecar: Option<(Meta, PathBuf)>,
    fallback: Option<NaiveDate>,
) -> Result<Article, ArticleError> {
    let x =
        html::extract(&page.decoded.text, page.url.as_deref()).map_err(|e| ArticleError::Html {
            path: PathBuf::from(&source),
            message: e.0,
        })?;
    let mut text = String::new();
    if let Some(t) = &x.title {
        if !x.body.starts_with(t.as_str()) {
            text.push_str(t);
            text.push_str("\n\n");
        }
    }
    text.push_str(&x.body);
    text.push('\n');
    let mut a = Article {
        body: 0..text.len(),
        source,
        published: None,
        date_source: DateSource::Undated,
        title: x.title.clone(),
        outlet: x.outlet.clone(),
        url: x.canonical.clone().or(page.url.clone()),
        updated: x
            .updated
            .as_ref()
            .map(|d| (d.date, DateSource::from_page(d))),
        page: Some(PageInfo {
            final_url: page.url.clone(),
            canonical_from: x.canonical_from,
            charset: page.decoded.encoding,
            charset_basis: Some(page.decoded.basis),
            charset_note: page.decoded.note.clone(),
            lang: x.lang.clone(),
            feed: page.item.as_ref().map(|i| i.feed.clone()),
        }),
        text,
    };
    let item_date = page
        .item
        .as_ref()
        .and_then(|i| Some((i.date?, i.feed.clone(), i.date_text.clone()?)));
    if let Some(d) = &x.published {
        a.published = Some(d.date);
        a.date_source = DateSource::from_page(d);
    } else if let Some((m, p)) = sidecar.as_ref().filter(|(m, _)| m.published.is_some()) {
        a.published = m.published;
        a.date_source = DateSource::Sidecar {
            path: p.display().to_string(),
        };
    } else if let Some((d, feed, value)) = item_date {
        a.published = Some(d);
        a.date_source = DateSource::Feed { feed, value };
    } else if let Some(d) = fallback {
        a.published = Some(d);
        a.date_source = DateSource::Flag;
    } else if let Some((d, t)) = latest_date(&a.text) {
        a.published = Some(d);
        a.date_source = DateSource::Inferred { text: t };
    }
    if let Some((m, _)) = &sidecar {
        a.title = a.title.take().or_else(|| m.title.clone());
        a.outlet = a.outlet.take().or_else(|| m.outlet.clone());
        a.url = a.url.take().or_else(|| m.url.clone());
    }
    if a.title.is_none() {
        a.title = page.item.as_ref().and_then(|i| i.title.clone());
    }
    if a.outlet.is_none() {
        // Articles of one site are not independent sources: name them by the site.
        a.outlet = a
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| {
                u.host_str()
                    .map(|h| h.trim_start_matches("www.").to_string())
            });
    }
    Ok(a)
}

/// Candidate sidecar paths for an article: `NAME.meta.yaml` and `NAME.meta.yml`.
pub fn sidecar_path(path: &Path) -> Vec<PathBuf> {
    ["meta.yaml", "meta.yml"]
        .iter()
        .map(|ext| path.with_extension(ext))
        .collect()
}

/// Checks bytes are not empty and not binary.
fn check_bytes(bytes: &[u8], path: &Path) -> Result<(), ArticleError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ArticleError::Empty {
            path: path.to_path_buf(),
        });
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(ArticleError::Binary {
            path: path.to_path_buf(),
            offset: pos,
        });
    }
    Ok(())
}

/// Checks the bytes of a page (local HTML or fetched) are not empty and not binary; a
/// UTF-16 page, which holds NUL bytes by nature, says so with its byte-order mark.
pub fn check_page_bytes(bytes: &[u8], path: &Path) -> Result<(), ArticleError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(());
    }
    check_bytes(bytes, path)
}

/// Checks bytes are a text article and decodes them.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, ArticleError> {
    check_bytes(bytes, path)?;
    let text = std::str::from_utf8(bytes).map_err(|e| ArticleError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.valid_up_to(),
        line: bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1,
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

/// Builds an article from its text and optional sidecar metadata.
///
/// ```
/// use frontline::article::{parse, DateSource};
/// let a = parse("a.txt".into(), "Rebels advance\n29 November 2024\nRebels entered Aleppo on Friday.".into(),
///               None, None, "a.txt".as_ref()).unwrap();
/// assert_eq!(a.published.unwrap().to_string(), "2024-11-29");
/// assert_eq!(a.date_source.label(), "header");
/// let b = parse("b.txt".into(), "No date here.".into(), None, None, "b.txt".as_ref()).unwrap();
/// assert_eq!((b.published, b.date_source), (None, DateSource::Undated));
/// ```
pub fn parse(
    source: String,
    text: String,
    sidecar: Option<(Meta, PathBuf)>,
    fallback: Option<NaiveDate>,
    path: &Path,
) -> Result<Article, ArticleError> {
    parse_with(source, text, None, sidecar, fallback, path)
}

/// [`parse`], with the metadata of a JSON-line record (trusted after a header date line,
/// before front matter).
fn parse_with(
    source: String,
    text: String,
    record: Option<Meta>,
    sidecar: Option<(Meta, PathBuf)>,
    fallback: Option<NaiveDate>,
    path: &Path,
) -> Result<Article, ArticleError> {
    let (front, body_start) = front_matter(&text, path)?;
    let body = body_start..text.len();
    let header = header_date(&text, body.clone());
    let mut a = Article {
        source,
        body: body.clone(),
        published: None,
        date_source: DateSource::Undated,
        title: None,
        outlet: None,
        url: None,
        updated: None,
        page: None,
        text,
    };
    if let Some((d, line, t)) = header {
        a.published = Some(d);
        a.date_source = DateSource::Header { line, text: t };
    } else if let Some(d) = record.as_ref().and_then(|m| m.published) {
        a.published = Some(d);
        a.date_source = DateSource::Record;
    } else if let Some(d) = front.as_ref().and_then(|m| m.published) {
        a.published = Some(d);
        a.date_source = DateSource::FrontMatter;
    } else if let Some((m, p)) = sidecar.as_ref().filter(|(m, _)| m.published.is_some()) {
        a.published = m.published;
        a.date_source = DateSource::Sidecar {
            path: p.display().to_string(),
        };
    } else if let Some(d) = fallback {
        a.published = Some(d);
        a.date_source = DateSource::Flag;
    } else if let Some((d, t)) = latest_date(&a.text[body.clone()]) {
        a.published = Some(d);
        a.date_source = DateSource::Inferred { text: t };
    }
    for m in [
        record.as_ref(),
        front.as_ref(),
        sidecar.as_ref().map(|(m, _)| m),
    ]
    .into_iter()
    .flatten()
    {
        a.title = a.title.take().or_else(|| m.title.clone());
        a.outlet = a.outlet.take().or_else(|| m.outlet.clone());
        a.url = a.url.take().or_else(|| m.url.clone());
    }
    if a.title.is_none() {
        a.title = a.text[body]
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(String::from);
    }
    Ok(a)
}

/// Splits off YAML front matter (`---` ... `---` at the very top).
fn front_matter(text: &str, path: &Path) -> Result<(Option<Meta>, usize), ArticleError> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok((None, 0));
    };
    let start = text.len() - rest.len();
    let mut off = start;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let meta = parse_meta(&text[start..off], path, 1)?;
            return Ok((Some(meta), off + line.len()));
        }
        off += line.len();
    }
    Err(ArticleError::Meta {
        path: path.to_path_buf(),
        line: 1,
        message: "front matter opened with --- is never closed".into(),
    })
}

/// Parses YAML metadata (front matter or sidecar). `line_offset` is added to error lines.
pub fn parse_meta(yaml: &str, path: &Path, line_offset: usize) -> Result<Meta, ArticleError> {
    let v: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(yaml).map_err(|e| ArticleError::Meta {
            path: path.to_path_buf(),
            line: e
                .location()
                .map(|l| l.line() + line_offset)
                .unwrap_or(line_offset + 1),
            message: e.to_string(),
        })?;
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| match v.get(*k)? {
            serde_yaml_ng::Value::String(s) => Some(s.clone()),
            serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    let published = match get(&["published", "date", "published_at", "datePublished"]) {
        None => None,
        Some(s) => {
            let d = find_dates(&s).first().and_then(|d| d.full());
            Some(d.ok_or_else(|| ArticleError::Meta {
                path: path.to_path_buf(),
                line: line_offset + 1,
                message: format!(
                    "published date {s:?} is not a full calendar date (expected e.g. 2024-12-01)"
                ),
            })?)
        }
    };
    Ok(Meta {
        published,
        title: get(&["title", "headline"]),
        outlet: get(&["outlet", "source", "site_name", "publisher"]),
        url: get(&["url", "canonical_url", "link"]),
    })
}

/// A date line in the first lines of the body: short, holding a full date and few other words.
fn header_date(text: &str, body: Range<usize>) -> Option<(NaiveDate, usize, String)> {
    let first_line = text[..body.start].matches('\n').count() + 1;
    for (i, line) in text[body]
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(8)
    {
        let line = line.trim();
        if line.chars().count() > 100 {
            continue;
        }
        let dates = find_dates(line);
        let Some(d) = dates.iter().find_map(|d| d.full()) else {
            continue;
        };
        let mut rest = line.to_string();
        for m in dates.iter().rev() {
            rest.replace_range(m.range.clone(), " ");
        }
        let words = rest
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.len() > 1)
            .count();
        if words <= 6 {
            return Some((d, first_line + i, line.to_string()));
        }
    }
    None
}

/// The latest full date written in the text, with its text.
fn latest_date(s: &str) -> Option<(NaiveDate, String)> {
    find_dates(s)
        .into_iter()
        .filter_map(|m| m.full().map(|d| (d, s[m.range].to_string())))
        .max_by_key(|(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, fallback: Option<NaiveDate>) -> Article {
        parse(
            "t.txt".into(),
            text.into(),
            None,
            fallback,
            Path::new("t.txt"),
        )
        .unwrap()
    }

    #[test]
    fn header_beats_text_dates() {
        let a = p("Headline\n1 December 2024, 07:14 | Updated: 1 December 2024, 09:23\nOn November 30, 2024 rebels...", None);
        assert_eq!(a.published.unwrap().to_string(), "2024-12-01");
        assert!(matches!(a.date_source, DateSource::Header { line: 2, .. }));
    }

    #[test]
    fn front_matter_then_flag_then_inference() {
        let a = p("---\ntitle: T\npublished: 2024-12-03\noutlet: Desk\n---\nBody 2024-11-01 text text text text text text text text.", None);
        assert_eq!(a.published.unwrap().to_string(), "2024-12-03");
        assert_eq!(a.date_source, DateSource::FrontMatter);
        assert_eq!(a.outlet.as_deref(), Some("Desk"));
        assert_eq!(&a.text[a.body.clone()][..4], "Body");
        let flag = NaiveDate::from_ymd_opt(2024, 12, 1);
        let b = p("A long first line with many words and no date at all here\nPictured on November 30, 2024 in a caption with lots of words", flag);
        assert_eq!(b.date_source, DateSource::Flag);
        let c = p("A long first line with many words and no date at all here\nPictured on November 30, 2024 in a caption with lots of words", None);
        assert_eq!(c.published.unwrap().to_string(), "2024-11-30");
        assert_eq!(c.date_source.label(), "inferred");
    }

    #[test]
    fn bad_metadata_names_file_and_line() {
        let e = parse(
            "t.txt".into(),
            "---\ntitle: [unclosed\n---\nx".into(),
            None,
            None,
            Path::new("t.txt"),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("t.txt:"), "{e}");
        let e = parse(
            "t.txt".into(),
            "---\npublished: 2024-02-31\n---\nx".into(),
            None,
            None,
            Path::new("t.txt"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("not a full calendar date"), "{e}");
    }

    #[test]
    fn bytes_are_checked() {
        let path = Path::new("x.txt");
        assert!(matches!(
            decode(b"  \n", path),
            Err(ArticleError::Empty { .. })
        ));
        assert!(matches!(
            decode(b"ab\0c", path),
            Err(ArticleError::Binary { offset: 2, .. })
        ));
        let e = decode(b"line\n\xC7\xE1", path).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.txt:2: not valid UTF-8 (byte 5); convert it to UTF-8 first"
        );
        assert_eq!(decode("\u{feff}hi".as_bytes(), path).unwrap(), "hi");
    }
}
