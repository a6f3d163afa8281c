//! Articles as JSON lines: one article per line, as `frontline map FILE.jsonl` and
//! `frontline extract` read them, and as `frontline corpus --jsonl` writes them.
//!
//! Each line is one JSON object:
//!
//! | field | | |
//! |---|---|---|
//! | `id` | required | a non-empty string; becomes the article's source, the reference its evidence cites |
//! | `text` | required | the article's text, read as a text file's (a header date line and YAML front matter count) |
//! | `published` | optional | `YYYY-MM-DD`; trusted after a date line in the text's header, before its front matter |
//! | `title` | optional | the headline (else the text's front matter, else its first line) |
//! | `outlet` | optional | the site or agency |
//! | `url` | optional | the article's address |
//!
//! Other fields are ignored; `null` is the same as a missing optional field. Blank lines
//! are skipped, a line may end in `\r\n`, and a byte-order mark before the first line is
//! dropped. A line that is no such object is an error naming the file (or `stdin`) and
//! line; it is reported and skipped.

use super::{parse_with, Article, ArticleError, Meta};
use chrono::NaiveDate;
use std::path::Path;

/// File extensions read as articles JSON lines (`.jsonl`, `.ndjson`).
pub const EXTENSIONS: [&str; 2] = ["jsonl", "ndjson"];

/// Is this file an articles JSON-lines file, by its extension?
pub fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// One article as a JSON line.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleRecord {
    /// The article's name: its source and evidence reference.
    pub id: String,
    /// The text.
    pub text: String,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The error of line `line` of the articles JSON-lines input `path`.
pub(crate) fn record_error(path: &Path, line: usize, message: String) -> ArticleError {
    ArticleError::Record {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// The text of line `line` (1-based) of an articles JSON-lines input named `path`, or
/// `None` for a blank line: a trailing `\r` is dropped, and on line 1 a byte-order mark.
pub fn line_text<'a>(
    bytes: &'a [u8],
    path: &Path,
    line: usize,
) -> Result<Option<&'a str>, ArticleError> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let bytes = match line {
        1 => bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes),
        _ => bytes,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        record_error(
            path,
            line,
            format!(
                "not valid UTF-8 (byte {} of the line); convert it to UTF-8 first",
                e.valid_up_to()
            ),
        )
    })?;
    Ok((!text.trim().is_empty()).then_some(text))
}

/// Reads the article on line `line` of `path`; `fallback` dates it when nothing else does.
///
/// ```
/// use frontline::article::record::from_json_line;
/// let a = from_json_line(r#"{"id":"a1","text":"Rebels entered Saraqib on Friday.","published":"2024-11-30"}"#,
///                        "in.jsonl".as_ref(), 1, None).unwrap();
/// assert_eq!((a.source.as_str(), a.date_source.label()), ("a1", "record"));
/// assert_eq!(a.published.unwrap().to_string(), "2024-11-30");
/// let e = from_json_line(r#"{"id":"a2"}"#, "in.jsonl".as_ref(), 7, None).unwrap_err();
/// assert_eq!(e.to_string(), "in.jsonl:7: not an article record: missing field `text` (column 11)");
/// ```
pub fn from_json_line(
    text: &str,
    path: &Path,
    line: usize,
    fallback: Option<NaiveDate>,
) -> Result<Article, ArticleError> {
    let err = |message: String| record_error(path, line, message);
    if !text.trim_start().starts_with('{') {
        return Err(err(
            "not an article record: a JSON object ({\"id\": ..., \"text\": ...}) is expected"
                .into(),
        ));
    }
    let r: ArticleRecord = serde_json::from_str(text).map_err(|e| {
        err(format!(
            "not an article record: {} (column {})",
            json_message(&e),
            e.column()
        ))
    })?;
    from_record(r, path, line, fallback)
}

/// Turns a record read from line `line` of `path` into an article.
pub fn from_record(
    r: ArticleRecord,
    path: &Path,
    line: usize,
    fallback: Option<NaiveDate>,
) -> Result<Article, ArticleError> {
    let err = |message: String| record_error(path, line, message);
    if r.id.trim().is_empty() {
        return Err(err("the article's id is empty".into()));
    }
    let id = format!("id {:?}", r.id);
    if r.text.trim().is_empty() {
        return Err(err(format!("{id}: the article's text is empty")));
    }
    if r.text.contains('\0') {
        return Err(err(format!(
            "{id}: the text holds a NUL character: binary data, not an article"
        )));
    }
    let published = match r.published.as_deref() {
        None => None,
        Some(s) => Some(
            (s.len() == 10)
                .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .flatten()
                .ok_or_else(|| {
                    err(format!(
                        "{id}: published {s:?} is not a date of the form YYYY-MM-DD"
                    ))
                })?,
        ),
    };
    let meta = Meta {
        published,
        title: r.title,
        outlet: r.outlet,
        url: r.url,
    };
    let text = match r.text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => r.text,
    };
    parse_with(r.id, text, Some(meta), None, fallback, path).map_err(|e| match e {
        ArticleError::Meta {
            line: l, message, ..
        } => err(format!(
            "{id}: its text's front matter, line {l}: {message}"
        )),
        other => other,
    })
}

/// A serde_json message without the position it appends (the caller names the line).
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    s.strip_suffix(&tail).map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Result<Article, ArticleError> {
        from_json_line(line, Path::new("a.jsonl"), 3, None)
    }

    #[test]
    fn fields_and_dates() {
        let a = read(r#"{"id":"x","text":"Headline\n\nFighters entered Saraqib.","title":"T","outlet":"O","url":"https://example.org/x","published":"2024-12-01","extra":1}"#).unwrap();
        assert_eq!(a.source, "x");
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.outlet.as_deref(), Some("O"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/x"));
        assert_eq!(a.date_source, super::super::DateSource::Record);
        // a date line in the text's header is trusted first, as in a file
        let b = read(r#"{"id":"y","text":"Headline\n29 November 2024\nFighters entered Saraqib.","published":"2024-12-01"}"#).unwrap();
        assert_eq!(b.date_source.label(), "header");
        assert_eq!(b.title.as_deref(), Some("Headline"));
        // without a date the flag dates it, as for a file
        let flag = NaiveDate::from_ymd_opt(2024, 12, 2);
        let c = from_json_line(
            r#"{"id":"z","text":"A long first line with many words and no date at all here","published":null}"#,
            Path::new("a.jsonl"),
            1,
            flag,
        )
        .unwrap();
        assert_eq!((c.published, c.date_source.label()), (flag, "flag"));
    }

    #[test]
    fn bad_records_name_file_and_line() {
        for (line, want) in [
            ("not json", "a.jsonl:3: not an article record: a JSON object ({\"id\": ..., \"text\": ...}) is expected"),
            (r#"["a","b"]"#, "a.jsonl:3: not an article record: a JSON object"),
            (r#"{"id":"a","text":"t"} x"#, "a.jsonl:3: not an article record: trailing characters (column 23)"),
            (r#"{"id":5,"text":"t"}"#, "a.jsonl:3: not an article record: invalid type: integer `5`, expected a string (column 7)"),
            (r#"{"id":" ","text":"t"}"#, "a.jsonl:3: the article's id is empty"),
            (r#"{"id":"a","text":"  \n"}"#, "a.jsonl:3: id \"a\": the article's text is empty"),
            (r#"{"id":"a","text":"x\u0000y"}"#, "a.jsonl:3: id \"a\": the text holds a NUL character: binary data, not an article"),
            (r#"{"id":"a","text":"t","published":"2024-02-31"}"#, "a.jsonl:3: id \"a\": published \"2024-02-31\" is not a date of the form YYYY-MM-DD"),
            (r#"{"id":"a","text":"t","published":"2024-2-3"}"#, "a.jsonl:3: id \"a\": published \"2024-2-3\" is not a date of the form YYYY-MM-DD"),
            (r#"{"id":"a","text":"---\ntitle: [x\n---\nbody"}"#, "a.jsonl:3: id \"a\": its text's front matter, line 3:"),
        ] {
            let e = read(line).unwrap_err().to_string();
            assert!(e.starts_with(want), "{line}: {e}");
        }
    }

    #[test]
    fn lines_are_cleaned() {
        let p = Path::new("s");
        assert_eq!(line_text(b"\xEF\xBB\xBF{}\r", p, 1).unwrap(), Some("{}"));
        assert_eq!(line_text(b"  \r", p, 2).unwrap(), None);
        let e = line_text(b"{\"a\xC7\"}", p, 4).unwrap_err();
        assert_eq!(
            e.to_string(),
            "s:4: not valid UTF-8 (byte 3 of the line); convert it to UTF-8 first"
        );
    }
}
