//! HTML pages: any bytes, decoded and read the way `article::read` reads a `.html` file,
//! give an article or a typed error, and no page nested deeper than the limit is read.
#![no_main]

use dom_query::Document;
use frontline::article::{self, html::MAX_DEPTH, Page};
use frontline::fetch::charset;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

/// The deepest element nesting of a document, counted independently of the library.
fn depth(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, d)) = stack.pop() {
        deepest = deepest.max(d);
        for c in node.children() {
            stack.push((c, d + 1));
        }
    }
    deepest
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.html");
    if article::check_page_bytes(data, path).is_err() {
        return;
    }
    let decoded = charset::decode(data, None, None);
    let text = decoded.text.clone();
    // As a local file (no URL), or, for odd lengths, as a fetched page whose URL
    // resolves relative canonical links.
    let url = (data.len() % 2 == 1).then(|| "https://news.example/2024/12/story".to_string());
    let page = Page {
        decoded,
        url,
        item: None,
    };
    match article::from_page("fuzz.html".into(), page, None, None) {
        Ok(a) => {
            assert!(a.body.end <= a.text.len());
            let d = depth(&Document::from(text.as_str()));
            assert!(d <= MAX_DEPTH, "a page nested {d} deep was read");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
