//! Reading a news page's HTML: the body text without boilerplate (with `dom_smoothie`,
//! a port of Mozilla's Readability), the headline, the outlet, the canonical URL and the
//! publication and update dates, each with where it was found.
//!
//! Dates are taken, in order of trust, from `article:published_time`, Open Graph
//! (`og:published_time`, `og:article:published_time`), JSON-LD `datePublished`, other
//! date meta tags (`pubdate`, `date`, `DC.date`, `parsely-pub-date`, `itemprop`), a
//! `<time datetime>` element, and a dated byline. A timestamp's date is its date in the
//! publisher's own UTC offset.

use crate::text::dates::{find_dates, stamp_date};
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

/// The deepest element nesting read; real news pages stay far below it, and deeper
/// (hostile) markup would make extraction slow.
pub const MAX_DEPTH: usize = 512;

/// Elements HTML never closes.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// How deep the tags of `html` nest, counted from the text before parsing: each start tag
/// (not a void or self-closed one) opens a level, each end tag closes one. Unclosed
/// paragraphs make it an overestimate, so it is held to a loose bound only.
fn tag_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + k + 1;
        i = at;
        match b.get(at) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = b[at..]
                    .iter()
                    .position(|c| !c.is_ascii_alphanumeric())
                    .map_or(b.len(), |p| at + p);
                let name = &html[at..name_end];
                let close = b[name_end..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(b.len(), |p| name_end + p);
                let self_closed = close > 0 && b.get(close - 1) == Some(&b'/');
                let void = VOID.iter().any(|v| v.eq_ignore_ascii_case(name));
                if !void && !self_closed {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                i = close.min(b.len());
            }
            _ => {}
        }
    }
    deepest
}

/// The deepest nesting of a document, in one pass.
fn max_depth(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            stack.push((c, d + 1));
        }
    }
    deepest
}

/// Parts of a class or id (split at spaces, hyphens and underscores) that mark
/// boilerplate: `cookie-banner`, `comments`, `ad-slot`; not `commentary` or `candidates`.
const BOILERPLATE_PARTS: [&str; 39] = [
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "signup",
    "paywall",
    "comment",
    "comments",
    "related",
    "recommended",
    "recommendations",
    "popular",
    "trending",
    "share",
    "sharing",
    "social",
    "advert",
    "advertisement",
    "adverts",
    "ad",
    "ads",
    "promo",
    "promos",
    "sponsor",
    "sponsored",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "disqus",
    "discussion",
    "outbrain",
    "taboola",
    "recirc",
    "recirculation",
    "masthead",
];

/// Runs of parts that mark boilerplate.
const BOILERPLATE_PHRASES: [&str; 10] = [
    "most-read",
    "mostread",
    "read-more",
    "readmore",
    "also-like",
    "may-like",
    "more-stories",
    "more-news",
    "latest-news",
    "site-header",
];

/// Does a class or id value mark boilerplate: one of its parts, or a run of them?
fn boilerplate_marks(value: &str) -> bool {
    marked_as(value, &BOILERPLATE_PARTS)
        || value.split_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            let parts: Vec<&str> = token.split(['-', '_']).filter(|p| !p.is_empty()).collect();
            let joined = parts.join("-");
            BOILERPLATE_PHRASES.iter().any(|ph| joined.contains(ph))
        })
}

/// Do a class or id value's parts include one of `words`?
fn marked_as(value: &str, words: &[&str]) -> bool {
    value
        .to_ascii_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|p| words.contains(&p))
}

/// An element's tag name, lower-cased.
fn tag(el: &Selection) -> String {
    el.nodes()
        .first()
        .and_then(|n| n.node_name())
        .map(|t| t.to_ascii_lowercase())
        .unwrap_or_default()
}

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
    // Parsing itself slows down with depth, so hostile markup is refused from its tags
    // before it is parsed; the parsed tree is then held to the exact limit.
    let rough = tag_depth(html);
    if rough > 8 * MAX_DEPTH {
        return Err(HtmlError(format!(
            "markup nested about {rough} levels deep (by its tags), beyond the {MAX_DEPTH} a news page needs; not read"
        )));
    }
    let doc = Document::from(html);
    let depth = max_depth(&doc);
    if depth > MAX_DEPTH {
        return Err(HtmlError(format!(
            "markup nested {depth} levels deep, beyond the {MAX_DEPTH} a news page needs; not read"
        )));
    }
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
            ld_find(
                &ld,
                &[
                    &["mainEntityOfPage", "@id"],
                    &["mainEntityOfPage"],
                    &["url"],
                ],
                is_page,
                |_| true,
            ),
            "json_ld",
        ),
    ];
    for (href, from) in canonical {
        // A canonical URL that is a site's home page names the site, not the article.
        let abs = href
            .and_then(|h| absolute(&h, base.as_ref()))
            .filter(|u| u.path().len() > 1 || u.query().is_some());
        if let Some(u) = abs {
            x.canonical = Some(u.to_string());
            x.canonical_from = Some(from);
            break;
        }
    }
    // The byline, the last tier, walks the whole page: only when nothing else dated it.
    x.published = page_date(&doc, &metas, &ld, &PUBLISHED).or_else(|| byline_date(&doc));
    x.updated = page_date(&doc, &metas, &ld, &UPDATED);
    // Boilerplate out, then Readability finds the body. An element marked as boilerplate
    // that holds most of the page's paragraph text is the body in a badly named box
    // ("story-body paywall-content") and stays.
    doc.select(BOILERPLATE).remove();
    let para_len =
        |sel: &Selection| -> usize { sel.select("p").iter().map(|p| p.text().len()).sum() };
    let total = para_len(&doc.select("body"));
    for el in doc.select("[class], [id]").iter() {
        if !matches!(tag(&el).as_str(), "html" | "body" | "article" | "main")
            && is_boilerplate(&el)
            && para_len(&el) * 2 <= total
        {
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
                // not the microdata of a related story in a side box
                .filter(|m| !in_boilerplate(m))
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
    meta_where(metas, keys, |_| true)
}

/// The first meta tag content of `keys` that is a date [`stamp_date`] reads.
fn meta_date(metas: &Metas, keys: &[&str]) -> Option<String> {
    meta_where(metas, keys, |c| stamp_date(c).is_some())
}

fn meta_where(metas: &Metas, keys: &[&str], ok: impl Fn(&str) -> bool) -> Option<String> {
    keys.iter().find_map(|k| {
        let k = k.to_ascii_lowercase();
        metas
            .0
            .iter()
            .find(|(names, c)| names.contains(&k) && ok(c))
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
fn absolute(href: &str, base: Option<&url::Url>) -> Option<url::Url> {
    let href = href.trim();
    let u = match base {
        Some(b) => b.join(href).ok()?,
        None => url::Url::parse(href).ok()?,
    };
    matches!(u.scheme(), "http" | "https").then_some(u)
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
    ld_find(ld, paths, |_| true, |_| true)
}

/// The first date (one [`stamp_date`] reads) at one of `paths` in the JSON-LD objects.
fn ld_date(ld: &[Value], paths: &[&[&str]]) -> Option<String> {
    ld_find(ld, paths, |_| true, |s| stamp_date(s).is_some())
}

/// The first string at one of `paths` in the JSON-LD objects that `obj` accepts, whose
/// value `val` accepts.
fn ld_find(
    ld: &[Value],
    paths: &[&[&str]],
    obj: impl Fn(&Value) -> bool,
    val: impl Fn(&str) -> bool,
) -> Option<String> {
    paths.iter().find_map(|path| {
        ld.iter().filter(|v| obj(v)).find_map(|v| {
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
            .filter(|s| val(s))
        })
    })
}

/// Is a JSON-LD object the page itself: an article or a web page (not the publisher,
/// whose `url` is its home page)?
fn is_page(v: &Value) -> bool {
    is_article(v)
        || match v.get("@type") {
            Some(Value::String(s)) => s.ends_with("WebPage"),
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .any(|s| s.ends_with("WebPage")),
            _ => false,
        }
}

fn dated(tag: DateTag, value: Option<String>) -> Option<PageDate> {
    let value = value?;
    Some(PageDate {
        date: stamp_date(&value)?,
        tag,
        value,
    })
}

/// The tags a date is looked for in, tier by tier.
struct DateKeys {
    article: &'static [&'static str],
    open_graph: &'static [&'static str],
    json_ld: &'static [&'static [&'static str]],
    meta: &'static [&'static str],
    /// Look for an update `<time>` rather than a publication one.
    update: bool,
}

const PUBLISHED: DateKeys = DateKeys {
    article: &["article:published_time"],
    open_graph: &[
        "og:published_time",
        "og:article:published_time",
        "og:pubdate",
    ],
    json_ld: &[&["datePublished"], &["dateCreated"]],
    meta: &[
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
    update: false,
};

const UPDATED: DateKeys = DateKeys {
    article: &["article:modified_time"],
    open_graph: &["og:updated_time", "og:modified_time"],
    json_ld: &[&["dateModified"]],
    meta: &["dateModified", "last-modified", "dcterms.modified"],
    update: true,
};

/// The first date found, tier by tier in the order of trust.
fn page_date(doc: &Document, metas: &Metas, ld: &[Value], k: &DateKeys) -> Option<PageDate> {
    dated(DateTag::ArticlePublishedTime, meta_date(metas, k.article))
        .or_else(|| dated(DateTag::OpenGraph, meta_date(metas, k.open_graph)))
        .or_else(|| dated(DateTag::JsonLd, ld_date(ld, k.json_ld)))
        .or_else(|| dated(DateTag::Meta, meta_date(metas, k.meta)))
        .or_else(|| time_element(doc, k.update))
}

/// Does the element's class or id mark it as boilerplate?
fn is_boilerplate(el: &Selection) -> bool {
    el.attr("class").is_some_and(|c| boilerplate_marks(&c))
        || el.attr("id").is_some_and(|c| boilerplate_marks(&c))
}

/// Is `el` boilerplate or inside it: menus, footers, asides, complementary regions,
/// comments, related links?
fn in_boilerplate(el: &Selection) -> bool {
    std::iter::once(el.clone())
        .chain(el.ancestors(None).iter())
        .any(|a| {
            matches!(tag(&a).as_str(), "nav" | "footer" | "aside")
                || a.attr("role")
                    .is_some_and(|r| matches!(&*r, "complementary" | "navigation" | "contentinfo"))
                || is_boilerplate(&a)
        })
}

/// Is `el` inside the article itself (`article`, `main`, `[itemprop=articleBody]`,
/// `[role=main]`)?
fn in_article(el: &Selection) -> bool {
    el.ancestors(None).iter().any(|a| {
        matches!(tag(&a).as_str(), "article" | "main")
            || a.attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
            || a.attr("role").is_some_and(|v| &*v == "main")
    })
}

/// Is `el` inside a page header that holds no headline (the site's masthead)?
fn in_site_header(el: &Selection) -> bool {
    el.ancestors(None)
        .iter()
        .any(|a| tag(&a) == "header" && !a.select("h1").exists())
}

/// A `<time datetime>`: one marked as the publication (or update) time, else the first
/// outside boilerplate whose text does not say "updated" (or says it, for updates).
fn time_element(doc: &Document, update: bool) -> Option<PageDate> {
    let mut times: Vec<Selection> = doc
        .select("time[datetime]")
        .iter()
        .filter(|t| !in_boilerplate(t) && !in_site_header(t))
        .collect();
    // Times inside the article, when there are any, are the article's.
    if times.iter().any(in_article) {
        times.retain(in_article);
    }
    // "Updated" in the time's own text, class or its label (the text right around it).
    let says_updated = |t: &Selection| {
        let around = format!(
            "{} {} {}",
            t.text(),
            t.attr("class").unwrap_or_default(),
            t.parent().immediate_text()
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
        );
        let marked = marked_as(
            &marks,
            &[
                "byline",
                "dateline",
                "date",
                "pubdate",
                "posted",
                "published",
                "timestamp",
                "meta",
                "author",
            ],
        );
        // Cheap tests first: the element's own text, before the text of all its descendants.
        // "By" must be followed by a name ("By Staff Reporter"), not "By 4 December".
        let own = clean(&el.immediate_text());
        let lead = own.to_ascii_lowercase();
        let by_name = own
            .strip_prefix("By ")
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase);
        let worded = by_name
            || ["published", "posted", "dated"]
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

    #[test]
    fn tag_depth_counts_open_elements_only() {
        // Void and self-closed elements open no level; end tags close one.
        assert_eq!(
            tag_depth("<html><body><p>a<BR><img src=x/><div/></p></body></html>"),
            3
        );
        assert_eq!(tag_depth(&"<div>".repeat(10)), 10);
        assert_eq!(tag_depth("no tags, a < b"), 0);
    }

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

    /// Two long paragraphs of article text, for pages built in tests.
    const TEXT: &str = "<p>Fighting went on in the countryside east of the town on several fronts, residents said, and thousands fled toward the north.</p><p>A monitor reported that shelling had hit several villages, and that the road to the provincial capital had been cut by the advance.</p>";

    fn date_of(html: &str) -> Option<String> {
        extract(html, None)
            .unwrap()
            .published
            .map(|d| d.date.to_string())
    }

    #[test]
    fn dates_in_comments_related_boxes_and_site_headers_are_not_the_article_date() {
        let comments = format!(
            "<html><body><article><h1>H</h1>{TEXT}</article><section class=\"discussion\"><time datetime=\"2025-01-15\">Jan</time></section><li class=\"comment-body\">Posted 15 January 2025 by a reader</li></body></html>"
        );
        assert_eq!(date_of(&comments), None);
        let related = format!(
            "<html><body><header class=\"top\"><time datetime=\"2026-11-21\">today</time></header><article><h1>H</h1><time datetime=\"2024-12-05\">5 Dec</time>{TEXT}</article><div class=\"latest-news\"><time datetime=\"2023-03-01\">old</time></div><aside><div itemscope itemtype=\"https://schema.org/NewsArticle\"><meta itemprop=\"datePublished\" content=\"2023-03-01\"></div></aside></body></html>"
        );
        let p = extract(&related, None).unwrap().published.unwrap();
        assert_eq!(
            (p.date.to_string().as_str(), p.tag),
            ("2024-12-05", DateTag::TimeElement)
        );
        // "updated" in the article's text does not make its <time> an update time
        let body_word = format!(
            "<html><body><article><h1>H</h1><time datetime=\"2024-12-05T18:00:00+02:00\">5 Dec</time><p>The health ministry updated the death toll on Thursday evening, and officials said more were missing.</p>{TEXT}</article></body></html>"
        );
        assert_eq!(date_of(&body_word).as_deref(), Some("2024-12-05"));
    }

    #[test]
    fn bylines_need_a_name_or_a_byline_class() {
        let by_date = format!("<html><body><article><h1>H</h1><p>By 4 December 2024 the rebels had reached the outskirts.</p>{TEXT}</article></body></html>");
        assert_eq!(date_of(&by_date), None);
        let candidates = format!("<html><body><article><h1>H</h1><p class=\"candidates\">Two were named on 1 November 2024.</p>{TEXT}</article></body></html>");
        assert_eq!(date_of(&candidates), None);
        let byline = format!("<html><body><article><h1>H</h1><p>By Staff Reporter | Published 5 December 2024, 16:40</p>{TEXT}</article></body></html>");
        assert_eq!(date_of(&byline).as_deref(), Some("2024-12-05"));
    }

    #[test]
    fn a_badly_named_body_box_is_kept() {
        for class in ["story-body paywall-content", "commentary-body"] {
            let html = format!("<html><body><div class=\"{class}\"><h1>H</h1>{TEXT}</div><div class=\"weather\">Sunny, 18 degrees.</div></body></html>");
            let x = extract(&html, None).unwrap();
            assert!(
                x.body.contains("shelling had hit several villages"),
                "{class}: {}",
                x.body
            );
        }
    }

    #[test]
    fn home_pages_are_no_canonical_url() {
        let org = format!(
            r#"<html><head><script type="application/ld+json">[{{"@type":"NewsArticle","headline":"H"}},{{"@type":"Organization","url":"https://news.example/"}}]</script></head><body><article><h1>H</h1>{TEXT}</article></body></html>"#
        );
        assert_eq!(
            extract(&org, Some("https://news.example/a"))
                .unwrap()
                .canonical,
            None
        );
        let root = format!("<html><head><link rel=\"canonical\" href=\"https://news.example/\"></head><body><article>{TEXT}</article></body></html>");
        assert_eq!(
            extract(&root, Some("https://news.example/a"))
                .unwrap()
                .canonical,
            None
        );
    }

    #[test]
    fn hostile_nesting_is_refused() {
        let deep = format!(
            "<html><body>{}<p>x</p>{}</body></html>",
            "<div>".repeat(2000),
            "</div>".repeat(2000)
        );
        let e = extract(&deep, None).unwrap_err();
        assert!(e.0.contains("nested"), "{e}");
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
