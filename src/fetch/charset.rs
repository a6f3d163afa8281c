//! Turning the bytes of a page into text: byte-order mark, the `Content-Type` charset,
//! the page's `<meta charset>`, and detection when those are missing or wrong.
//!
//! The rules, in order:
//! 1. A byte-order mark wins.
//! 2. Bytes that are valid UTF-8 and hold non-ASCII text are UTF-8, whatever is declared
//!    (a legacy encoding almost never produces valid multi-byte UTF-8 by chance).
//! 3. Otherwise the declared charset is used: the `Content-Type` header's, else the
//!    page's `<meta>`. When the two disagree, the one the detector agrees with wins.
//! 4. With no usable declaration (none, or UTF-8 declared for bytes that are not UTF-8),
//!    the encoding is detected with `chardetng`, as browsers do.
//!
//! Every departure from the declaration is noted, so the run can warn about it.

use encoding_rs::{Encoding, UTF_8};

/// How the encoding was settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A byte-order mark.
    Bom,
    /// The `Content-Type` header.
    Header,
    /// A `<meta charset>` or `http-equiv` tag.
    Meta,
    /// The bytes are valid UTF-8.
    Utf8,
    /// Detected from the bytes.
    Detected,
}

/// Decoded text and how it was decoded.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's name, e.g. `windows-1256`.
    pub encoding: &'static str,
    /// How it was chosen.
    pub basis: Basis,
    /// Set when the declaration was wrong or disagreed, saying what was done.
    pub note: Option<String>,
}

/// The `charset` parameter of a `Content-Type` value.
pub fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| Encoding::for_label(v.trim().trim_matches(['"', '\'']).as_bytes()))
            .flatten()
    })
}

/// The charset a page declares in its first 4 KB of markup.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(i) = rest.find("<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(j) = tag.find("charset") {
            let Some(v) = tag[j + 7..].trim_start().strip_prefix('=') else {
                continue;
            };
            let v = v.trim_start();
            let v = v.trim_start_matches(['"', '\'']);
            let end = v
                .find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '/')
                .unwrap_or(v.len());
            if let Some(e) = Encoding::for_label(&v.as_bytes()[..end]) {
                // A page served as bytes cannot really be UTF-16; browsers read that as UTF-8.
                return Some(if e.name().starts_with("UTF-16") {
                    UTF_8
                } else {
                    e
                });
            }
        }
    }
    None
}

/// Decodes a page. `content_type` is the header's value; `tld` (e.g. `sy`) helps detection.
///
/// ```
/// use frontline::fetch::charset::{decode, Basis};
/// // "حلب" (Aleppo) in Windows-1256, served with no charset at all
/// let d = decode(b"<p>\xcd\xe1\xc8 \xcd\xe1\xc8 \xcd\xe1\xc8 \xe6\xc7\xe1\xe3\xcf\xed\xe4\xc9</p>", None, None);
/// assert!(d.text.contains("حلب"));
/// assert_eq!((d.encoding, d.basis), ("windows-1256", Basis::Detected));
/// ```
pub fn decode(bytes: &[u8], content_type: Option<&str>, tld: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return done(text.into_owned(), enc, Basis::Bom, None);
    }
    let header = content_type.and_then(header_charset);
    let meta = meta_charset(bytes);
    let declared = header
        .map(|e| (e, Basis::Header))
        .or(meta.map(|e| (e, Basis::Meta)));
    let is_utf8 = std::str::from_utf8(bytes).is_ok();
    if is_utf8 {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let note = match declared {
            Some((e, _)) if e != UTF_8 && !bytes.is_ascii() => Some(format!(
                "declared {} but the bytes are valid UTF-8; read as UTF-8",
                e.name()
            )),
            _ => None,
        };
        let basis = match declared {
            Some((e, b)) if e == UTF_8 => b,
            _ => Basis::Utf8,
        };
        return done(text, UTF_8, basis, note);
    }
    let detect = || {
        let mut d = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        d.feed(bytes, true);
        d.guess(tld.map(str::as_bytes), chardetng::Utf8Detection::Deny)
    };
    match (header, meta) {
        (Some(h), Some(m)) if h != m && h != UTF_8 && m != UTF_8 => {
            let g = detect();
            let (e, basis) = if g == m {
                (m, Basis::Meta)
            } else {
                (h, Basis::Header)
            };
            let note = format!(
                "the header says {} and the page says {}; the bytes look like {}, read as {}",
                h.name(),
                m.name(),
                g.name(),
                e.name()
            );
            return decode_with(bytes, e, basis, Some(note), detect);
        }
        _ => {}
    }
    match declared {
        Some((e, b)) if e != UTF_8 => decode_with(bytes, e, b, None, detect),
        // The header's UTF-8 is wrong; the page's own legacy declaration comes next.
        Some((_, Basis::Header)) if meta.is_some_and(|m| m != UTF_8) => {
            let m = meta.expect("checked just above");
            let note = format!(
                "the header declares UTF-8 but the bytes are not UTF-8; read as {}, as the page declares",
                m.name()
            );
            decode_with(bytes, m, Basis::Meta, Some(note), detect)
        }
        Some((_, b)) => {
            let g = detect();
            let how = if b == Basis::Header {
                "the header"
            } else {
                "the page"
            };
            let note = format!(
                "{how} declares UTF-8 but the bytes are not UTF-8; detected and read as {}",
                g.name()
            );
            let (text, _) = g.decode_without_bom_handling(bytes);
            done(text.into_owned(), g, Basis::Detected, Some(note))
        }
        None => {
            let g = detect();
            let (text, _) = g.decode_without_bom_handling(bytes);
            done(text.into_owned(), g, Basis::Detected, None)
        }
    }
}

/// Decodes with a declared legacy encoding, falling back to detection if it has errors.
fn decode_with(
    bytes: &[u8],
    e: &'static Encoding,
    basis: Basis,
    note: Option<String>,
    detect: impl Fn() -> &'static Encoding,
) -> Decoded {
    if let Some(text) = e.decode_without_bom_handling_and_without_replacement(bytes) {
        return done(text.into_owned(), e, basis, note);
    }
    let g = detect();
    let (text, _) = g.decode_without_bom_handling(bytes);
    let note = format!(
        "declared {} but the bytes do not decode as it; detected and read as {}",
        e.name(),
        g.name()
    );
    done(text.into_owned(), g, Basis::Detected, Some(note))
}

fn done(text: String, e: &'static Encoding, basis: Basis, note: Option<String>) -> Decoded {
    Decoded {
        text,
        encoding: e.name(),
        basis,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "مدينة حلب" repeated, in Windows-1256.
    fn arabic_1256() -> Vec<u8> {
        let (b, _, _) =
            encoding_rs::WINDOWS_1256.encode("سيطرت الفصائل على مدينة حلب وريف إدلب الجنوبي. ");
        b.repeat(4)
    }

    #[test]
    fn declared_windows_1256_is_used() {
        let mut page = b"<html><head><meta charset=\"windows-1256\"></head><body>".to_vec();
        page.extend(arabic_1256());
        let d = decode(&page, Some("text/html"), None);
        assert_eq!((d.encoding, d.basis), ("windows-1256", Basis::Meta));
        assert!(d.text.contains("مدينة حلب"), "{}", d.text);
        assert!(d.note.is_none());
    }

    #[test]
    fn wrong_utf8_header_falls_back_to_detection() {
        let d = decode(&arabic_1256(), Some("text/html; charset=utf-8"), None);
        assert_eq!((d.encoding, d.basis), ("windows-1256", Basis::Detected));
        assert!(d.text.contains("مدينة حلب"));
        assert!(d.note.unwrap().contains("declares UTF-8"));
    }

    #[test]
    fn a_wrong_utf8_header_yields_to_the_page_and_meta_scan_goes_on() {
        let (greek, _, _) = encoding_rs::ISO_8859_7.encode("Η πόλη της Χάμα έπεσε στους αντάρτες.");
        let mut page =
            b"<meta name=\"description\" content=\"which charset to use\"><meta charset=\"ISO-8859-7\">".to_vec();
        page.extend(greek.repeat(3));
        let d = decode(&page, Some("text/html; charset=UTF-8"), None);
        assert_eq!((d.encoding, d.basis), ("ISO-8859-7", Basis::Meta));
        assert!(d.text.contains("Χάμα"));
        assert!(d.note.unwrap().contains("as the page declares"));
    }

    #[test]
    fn header_and_meta_disagree() {
        let mut page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">"
                .to_vec();
        page.extend(arabic_1256());
        let d = decode(&page, Some("text/html; charset=ISO-8859-1"), None);
        assert_eq!((d.encoding, d.basis), ("windows-1256", Basis::Meta));
        assert!(d.text.contains("مدينة حلب"));
        assert!(d.note.is_some());
    }

    #[test]
    fn utf8_bytes_beat_a_legacy_label() {
        let d = decode(
            "<p>حلب</p>".as_bytes(),
            Some("text/html; charset=windows-1252"),
            None,
        );
        assert_eq!((d.encoding, d.basis), ("UTF-8", Basis::Utf8));
        assert_eq!(d.text, "<p>حلب</p>");
        assert!(d.note.is_some());
        let d = decode(b"\xef\xbb\xbfplain", None, None);
        assert_eq!((d.text.as_str(), d.basis), ("plain", Basis::Bom));
    }
}
