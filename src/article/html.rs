//! Reading a news page's HTML: the body text without boilerplate (with `dom_smoothie`,
//! a port of Mozilla's Readability), the headline, the outlet, the canonical URL and the
//! publication and update dates, each with where it was found.
//!
//! Dates are taken, in order of trust, from `article:published_time`, Open Graph
//! (`og:published_time`, `og:article:published_time`), JSON-LD `datePublished`, other
//! date meta tags (`pubdate`, `date`, `DC.date`, `parsely-pub-date`, `itemprop`), a
//! `<time datetime>` element, and a dated byline. A timestamp's date is its date in the
//! publisher's own UTC offset.

use crate::text::dates::find_dates;
use chrono::NaiveDate;
use dom_query::{Document, Selection};
use serde_json::Value;

/// Where a page's date was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateTag {
    /// `<meta property="article:published_time">` (or `article:modified_time`).
    ArticlePublishedTime,
    /// Open Graph: `og:published_time`, `og:article:published_time` (or `og:updated_time`).
    OpenGraph,
    /// JSON-LD `datePublished` (or `dateModified`).
    JsonLd,
    /// Another date meta tag.
    Meta,
    /// A `<time datetime>` element.
    TimeElement,
    /// A dated byline ("Published 5 December 2024").
    Byline,
}

impl DateTag {
    /// The label used in records: `article_published_time`, `open_graph`, ...
    pub fn label(self) -> &'static str {
        match self {
            DateTag::ArticlePublishedTime => "article_published_time",
            DateTag::OpenGraph => "open_graph",
            DateTag::JsonLd => "json_ld",
            DateTag::Meta => "meta",
            DateTag::TimeElement => "time_element",
            DateTag::Byline => "byline",
        }
    }
}

/// A date found in a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageDate {
    /// The calendar date, in the publisher's offset.
    pub date: NaiveDate,
    /// Where it was found.
    pub tag: DateTag,
    /// The value as written.
    pub value: String,
}

/// What a page yields.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    /// The headline.
    pub title: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
    /// The canonical URL (absolute), when the page gives one.
    pub canonical: Option<String>,
    /// Which tag gave the canonical URL: `link`, `og:url` or `json_ld`.
    pub canonical_from: Option<&'static str>,
    /// Publication date.
    pub published: Option<PageDate>,
    /// Last update, when the page gives one.
    pub updated: Option<PageDate>,
    /// The page's language (`<html lang>`).
    pub lang: Option<String>,
    /// The article body: paragraphs separated by blank lines.
    pub body: String,
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HtmlError(pub String);

/// Elements removed before the body is looked for: banners, menus, forms, comments,
/// related links and the like (matched on tag, role, id and class).
const BOILERPLATE: &str = "nav, footer, aside, form, noscript, script, style, template, iframe, button, \
    dialog, [role=dialog], [role=navigation], [role=complementary], [role=contentinfo], [aria-modal=true], \
    [data-ad-slot], [data-ad], [hidden]";

/// Words in an id or class that mark boilerplate.
const BOILERPLATE_WORDS: [&str; 24] = [
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "signup",
    "paywall",
    "comment",
    "related",
    "recommend",
    "most-read",
    "mostread",
    "popular",
    "trending",
    "share",
    "social",
    "advert",
    "promo",
    "sponsor",
    "sidebar",
    "breadcrumb",
    "also-like",
    "read-more",
    "readmore",
];

/// Extracts a page. `page_url` (the address it was read from) resolves relative links.
///
/// ```
/// let html = r#"<html><head><meta property="og:site_name" content="Levant Desk">
///   <meta property="article:published_time" content="2024-11-29T22:45:00-05:00">
///   <title>Rebels enter Aleppo | Levant Desk</title></head><body>
///   <div class="cookie-banner">We use cookies. Accept all?</div>
///   <article><h1>Rebels enter Aleppo</h1><p>Opposition fighters entered the western districts of Aleppo on Friday, a monitor said, after a two-day advance from Idlib province.</p>
///   <p>The army said it was sending reinforcements to the city and that fighting went on through the night in several neighbourhoods.</p></article></body></html>"#;
/// let x = frontline::article::html::extract(html, Some("https://desk.example/a")).unwrap();
/// assert_eq!(x.title.as_deref(), Some("Rebels enter Aleppo"));
/// assert_eq!(x.outlet.as_deref(), Some("Levant Desk"));
/// // 22:45 at UTC-5 is still 29 November where it was published
/// assert_eq!(x.published.unwrap().date.to_string(), "2024-11-29");
/// assert!(x.body.contains("entered the western districts of Aleppo"));
/// assert!(!x.body.contains("cookies"));
/// ```
pub fn extract(html: &str, page_url: Option<&str>) -> Result<Extracted, HtmlError> {
    let doc = Document::from(html);
    let base = page_url.and_then(|u| url::Url::parse(u).ok());
    let ld = json_ld(&doc);
    let metas = Metas::read(&doc);
    let mut x = Extracted {
        lang: doc
            .select("html")
            .attr("lang")
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty()),
        ..Default::default()
    };
    x.outlet = meta(&metas, &["og:site_name", "application-name"]).or_else(|| {
        ld_str(
            &ld,
            &[&["publisher", "name"], &["sourceOrganization", "name"]],
        )
    });
    x.title = meta(&metas, &["og:title", "twitter:title"])
        .or_else(|| ld_str(&ld, &[&["headline"], &["name"]]))
        .or_else(|| text_of(&doc.select("h1").first()))
        .or_else(|| text_of(&doc.select("title").first()))
        .map(|t| strip_outlet(&t, x.outlet.as_deref()));
    let canonical = [
        (
            doc.select("link[rel~=canonical]")
                .first()
                .attr("href")
                .map(|s| s.to_string()),
            "link",
        ),
        (meta(&metas, &["og:url"]), "og:url"),
        (
            ld_str(
                &ld,
                &[
                    &["mainEntityOfPage", "@id"],
                    &["mainEntityOfPage"],
                    &["url"],
                ],
            ),
            "json_ld",
        ),
    ];
    for (href, from) in canonical {
        let abs = href.and_then(|h| absolute(&h, base.as_ref()));
        if let Some(u) = abs {
            x.canonical = Some(u);
            x.canonical_from = Some(from);
            break;
        }
    }
    x.published = published(&doc, &metas, &ld);
    x.updated = updated(&doc, &metas, &ld);
    let first_heading_date = byline_date(&doc);
    if x.published.is_none() {
        x.published = first_heading_date;
    }
    // Boilerplate out, then Readability finds the body.
    doc.select(BOILERPLATE).remove();
    for el in doc.select("[class], [id]").iter() {
        if !el.is("html, body, article, main") && is_boilerplate(&el) {
            el.remove();
        }
    }
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let url = base.as_ref().map(|u| u.as_str());
    let mut r = dom_smoothie::Readability::with_document(doc, url, Some(cfg))
        .or_else(|_| dom_smoothie::Readability::with_document(Document::from(html), None, None))
        .map_err(|e| HtmlError(format!("cannot read the page: {e}")))?;
    let a = r
        .parse()
        .map_err(|e| HtmlError(format!("no article body found: {e}")))?;
    x.body = paragraphs(&a.text_content);
    if x.body.trim().is_empty() {
        return Err(HtmlError(
            "no article body found: the page has no text".into(),
        ));
    }
    if x.title.is_none() && !a.title.trim().is_empty() {
        x.title = Some(strip_outlet(a.title.trim(), x.outlet.as_deref()));
    }
    if x.outlet.is_none() {
        x.outlet = a.site_name.clone().filter(|s| !s.trim().is_empty());
    }
    Ok(x)
}

/// A page's meta tags with content: the names each goes by (`property`, `name`,
/// `itemprop`, lower-cased) and the content, read in one pass over the page.
struct Metas(Vec<([String; 3], String)>);

impl Metas {
    fn read(doc: &Document) -> Metas {
        Metas(
            doc.select("meta[content]")
                .iter()
                .filter_map(|m| {
                    let content = clean(&m.attr("content")?);
                    let name = |a: &str| {
                        m.attr(a)
                            .map(|v| v.trim().to_ascii_lowercase())
                            .unwrap_or_default()
                    };
                    (!content.is_empty())
                        .then(|| ([name("property"), name("name"), name("itemprop")], content))
                })
                .collect(),
        )
    }
}

/// The first `content` of a meta tag named (by `property`, `name` or `itemprop`) one of
/// `keys`, in the order of `keys`.
fn meta(metas: &Metas, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        let k = k.to_ascii_lowercase();
        metas
            .0
            .iter()
            .find(|(names, _)| names.contains(&k))
            .map(|(_, c)| c.clone())
    })
}

/// Collapses white space.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_of(sel: &Selection) -> Option<String> {
    sel.exists()
        .then(|| clean(&sel.text()))
        .filter(|t| !t.is_empty())
}

/// Drops a trailing " | Outlet" (or " - Outlet", " — Outlet") from a headline.
fn strip_outlet(title: &str, outlet: Option<&str>) -> String {
    let title = clean(title);
    if let Some(o) = outlet {
        for sep in [" | ", " - ", " — ", " – ", " :: "] {
            if let Some(t) = title.strip_suffix(&format!("{sep}{o}")) {
                return t.trim().to_string();
            }
        }
    }
    title
}

/// An absolute http(s) URL for `href`, resolved against `base`.
fn absolute(href: &str, base: Option<&url::Url>) -> Option<String> {
    let href = href.trim();
    let u = match base {
        Some(b) => b.join(href).ok()?,
        None => url::Url::parse(href).ok()?,
    };
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// Every JSON-LD object of the page, flattened (`@graph` and arrays opened), article
/// types first.
fn json_ld(doc: &Document) -> Vec<Value> {
    let mut out = Vec::new();
    for s in doc.select("script[type='application/ld+json']").iter() {
        let raw = s.text();
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("//<![CDATA[")
            .trim_end_matches("//]]>");
        if let Ok(v) = serde_json::from_str::<Value>(raw) {
            flatten(v, &mut out);
        }
    }
    out.sort_by_key(|v| !is_article(v));
    out
}

fn flatten(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.into_iter().for_each(|v| flatten(v, out)),
        Value::Object(mut m) => {
            if let Some(g) = m.remove("@graph") {
                flatten(g, out);
            }
            if !m.is_empty() {
                out.push(Value::Object(m));
            }
        }
        _ => {}
    }
}

fn is_article(v: &Value) -> bool {
    let t = match v.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    t.iter()
        .any(|t| t.contains("Article") || t.contains("Posting") || *t == "Report")
}

/// The first string found at one of `paths` in the JSON-LD objects (article types first).
fn ld_str(ld: &[Value], paths: &[&[&str]]) -> Option<String> {
    paths.iter().find_map(|path| {
        ld.iter().find_map(|v| {
            let mut cur = v;
            for k in *path {
                cur = match cur {
                    Value::Array(a) => a.first()?.get(k)?,
                    _ => cur.get(k)?,
                };
            }
            match cur {
                Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
                Value::Array(a) => a.first()?.as_str().map(clean),
                _ => None,
            }
        })
    })
}

/// The calendar date of a timestamp, in its own offset; plain dates and written dates
/// ("5 December 2024") too.
///
/// ```
/// use frontline::article::html::stamp_date;
/// assert_eq!(stamp_date("2024-11-29T22:45:00-05:00").unwrap().to_string(), "2024-11-29");
/// assert_eq!(stamp_date("Sat, 30 Nov 2024 10:00:00 +0000").unwrap().to_string(), "2024-11-30");
/// assert_eq!(stamp_date("20241201T093000Z").unwrap().to_string(), "2024-12-01");
/// assert_eq!(stamp_date("5 December 2024, 16:40").unwrap().to_string(), "2024-12-05");
/// assert!(stamp_date("soon").is_none());
/// ```
pub fn stamp_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
        "%Y%m%dT%H%M%S%#z",
    ] {
        if let Ok(d) = chrono::DateTime::parse_from_str(s, f) {
            return Some(d.date_naive());
        }
    }
    let head = s.get(..10).unwrap_or(s);
    if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s.get(..8).unwrap_or(s), "%Y%m%d") {
        return Some(d);
    }
    find_dates(s).into_iter().find_map(|d| d.full())
}

fn dated(tag: DateTag, value: Option<String>) -> Option<PageDate> {
    let value = value?;
    Some(PageDate {
        date: stamp_date(&value)?,
        tag,
        value,
    })
}

fn published(doc: &Document, metas: &Metas, ld: &[Value]) -> Option<PageDate> {
    dated(
        DateTag::ArticlePublishedTime,
        meta(metas, &["article:published_time"]),
    )
    .or_else(|| {
        dated(
            DateTag::OpenGraph,
            meta(
                metas,
                &[
                    "og:published_time",
                    "og:article:published_time",
                    "og:pubdate",
                ],
            ),
        )
    })
    .or_else(|| {
        dated(
            DateTag::JsonLd,
            ld_str(ld, &[&["datePublished"], &["dateCreated"]]),
        )
    })
    .or_else(|| {
        dated(
            DateTag::Meta,
            meta(
                metas,
                &[
                    "datePublished",
                    "pubdate",
                    "publishdate",
                    "publish-date",
                    "parsely-pub-date",
                    "sailthru.date",
                    "dc.date.issued",
                    "dcterms.issued",
                    "dc.date",
                    "dcterms.created",
                    "date",
                ],
            ),
        )
    })
    .or_else(|| time_element(doc, false))
}

fn updated(doc: &Document, metas: &Metas, ld: &[Value]) -> Option<PageDate> {
    dated(
        DateTag::ArticlePublishedTime,
        meta(metas, &["article:modified_time"]),
    )
    .or_else(|| {
        dated(
            DateTag::OpenGraph,
            meta(metas, &["og:updated_time", "og:modified_time"]),
        )
    })
    .or_else(|| dated(DateTag::JsonLd, ld_str(ld, &[&["dateModified"]])))
    .or_else(|| {
        dated(
            DateTag::Meta,
            meta(
                metas,
                &["dateModified", "last-modified", "dcterms.modified"],
            ),
        )
    })
    .or_else(|| time_element(doc, true))
}

/// Does the element's class or id mark it as boilerplate (a word of
/// [`BOILERPLATE_WORDS`], or an `ad`/`ad-…`/`ads…` token)?
fn is_boilerplate(el: &Selection) -> bool {
    let marks = format!(
        "{} {}",
        el.attr("class").unwrap_or_default(),
        el.attr("id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    BOILERPLATE_WORDS.iter().any(|w| marks.contains(w))
        || marks
            .split(|c: char| c.is_whitespace() || c == '_')
            .any(|t| t == "ad" || t.starts_with("ad-") || t.starts_with("ads"))
}

/// Is `el` inside boilerplate (comments, related links, menus, footers)?
fn in_boilerplate(el: &Selection) -> bool {
    el.ancestors(None)
        .iter()
        .any(|a| a.is("nav, footer, aside") || is_boilerplate(&a))
}

/// A `<time datetime>`: one marked as the publication (or update) time, else the first
/// outside boilerplate whose text does not say "updated" (or says it, for updates).
fn time_element(doc: &Document, update: bool) -> Option<PageDate> {
    let times: Vec<Selection> = doc
        .select("time[datetime]")
        .iter()
        .filter(|t| !in_boilerplate(t))
        .collect();
    let says_updated = |t: &Selection| {
        let around = format!(
            "{} {} {}",
            t.text(),
            t.attr("class").unwrap_or_default(),
            t.parent().text()
        )
        .to_ascii_lowercase();
        around.contains("updated") || around.contains("modified")
    };
    let marked = times.iter().find(|t| {
        let item = t.attr("itemprop").unwrap_or_default().to_ascii_lowercase();
        if update {
            item == "datemodified"
        } else {
            t.has_attr("pubdate") || item == "datepublished"
        }
    });
    let pick = marked.or_else(|| times.iter().find(|t| says_updated(t) == update));
    dated(
        DateTag::TimeElement,
        pick.and_then(|t| t.attr("datetime")).map(|v| v.to_string()),
    )
}

/// A byline or dateline with a full date: a short element marked as such by its class,
/// id, `rel` or `itemprop`, or whose text starts "Published", "Posted" or "By".
fn byline_date(doc: &Document) -> Option<PageDate> {
    for el in doc
        .select("p, span, div, small, address, header, li")
        .iter()
    {
        let marks = format!(
            "{} {} {} {}",
            el.attr("class").unwrap_or_default(),
            el.attr("id").unwrap_or_default(),
            el.attr("rel").unwrap_or_default(),
            el.attr("itemprop").unwrap_or_default()
        )
        .to_ascii_lowercase();
        let marked = [
            "byline",
            "dateline",
            "date",
            "posted",
            "published",
            "timestamp",
            "meta",
        ]
        .iter()
        .any(|w| marks.contains(w));
        // Cheap tests first: the element's own text, before the text of all its descendants.
        let lead = clean(&el.immediate_text()).to_ascii_lowercase();
        let worded = ["published", "posted", "by ", "dated"]
            .iter()
            .any(|w| lead.starts_with(w));
        if !(marked || worded) || in_boilerplate(&el) {
            continue;
        }
        let text = clean(&el.text());
        if text.is_empty() || text.chars().count() > 160 {
            continue;
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("updated") || lower.starts_with("last updated") {
            continue;
        }
        // The date before any "Updated ..." part.
        let upto = lower.find("updated").unwrap_or(text.len());
        if let Some(d) = find_dates(&text[..upto]).into_iter().find_map(|d| d.full()) {
            return Some(PageDate {
                date: d,
                tag: DateTag::Byline,
                value: text,
            });
        }
    }
    None
}

/// Readability's formatted text as paragraphs: lines trimmed, runs of blank lines
/// collapsed to one.
fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    for p in text.split('\n').map(clean).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str, body: &str) -> String {
        format!("<html><head>{head}</head><body><article><h1>Headline</h1>{body}<p>Fighting went on in the countryside east of the town on several fronts, residents said, and thousands fled toward the north.</p><p>A monitor reported that shelling had hit several villages, and that the road to the provincial capital had been cut by the advance.</p></article></body></html>")
    }

    #[test]
    fn dates_follow_the_order_of_trust() {
        let all = page(
            r#"<meta property="article:published_time" content="2024-11-30T08:00:00Z">
               <meta property="og:published_time" content="2024-11-29T08:00:00Z">
               <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-11-28"}</script>"#,
            r#"<time datetime="2024-11-27">27 Nov</time><p class="byline">Published 26 November 2024</p>"#,
        );
        let x = extract(&all, None).unwrap();
        assert_eq!(
            x.published.as_ref().unwrap().tag,
            DateTag::ArticlePublishedTime
        );
        let og = all.replace("article:published_time", "x");
        assert_eq!(
            extract(&og, None).unwrap().published.unwrap().tag,
            DateTag::OpenGraph
        );
        let ld = og.replace("og:published_time", "y");
        let p = extract(&ld, None).unwrap().published.unwrap();
        assert_eq!(
            (p.tag, p.date.to_string().as_str()),
            (DateTag::JsonLd, "2024-11-28")
        );
        let time = ld.replace("datePublished", "z");
        let p = extract(&time, None).unwrap().published.unwrap();
        assert_eq!(
            (p.tag, p.date.to_string().as_str()),
            (DateTag::TimeElement, "2024-11-27")
        );
        let byline = time.replace("<time datetime=\"2024-11-27\">27 Nov</time>", "");
        let p = extract(&byline, None).unwrap().published.unwrap();
        assert_eq!(
            (p.tag, p.date.to_string().as_str()),
            (DateTag::Byline, "2024-11-26")
        );
        let none = byline.replace("Published 26 November 2024", "By a reporter");
        assert!(extract(&none, None).unwrap().published.is_none());
    }

    #[test]
    fn graph_json_ld_canonical_and_updates() {
        let html = page(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
                 {"@type":"WebPage","@id":"https://m.example/p#page","datePublished":"2020-01-01"},
                 {"@type":"Article","headline":"Monitor: Hama falls","datePublished":"2024-12-05T18:20:00+02:00",
                  "dateModified":"2024-12-06T08:00:00+02:00","publisher":{"@type":"Organization","name":"Qalaat Monitor"},
                  "mainEntityOfPage":{"@id":"https://m.example/hama-falls"}}]}</script>
               <link rel="canonical" href="/2024/12/hama-falls">"#,
            "",
        );
        let x = extract(&html, Some("https://m.example/?p=12")).unwrap();
        assert_eq!(x.published.unwrap().date.to_string(), "2024-12-05");
        assert_eq!(x.updated.unwrap().date.to_string(), "2024-12-06");
        assert_eq!(x.outlet.as_deref(), Some("Qalaat Monitor"));
        assert_eq!(x.title.as_deref(), Some("Monitor: Hama falls"));
        assert_eq!(
            x.canonical.as_deref(),
            Some("https://m.example/2024/12/hama-falls")
        );
        assert_eq!(x.canonical_from, Some("link"));
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert!(extract(
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
            None
        )
        .is_err());
    }
}
