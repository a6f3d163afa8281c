//! The JSON-lines records of each article (mentions, unresolved names, claims, the article),
//! made and written as the articles arrive, so a run never holds them all.

use super::LayerError;
use crate::article::Article;
use crate::gazetteer::Gazetteer;
use crate::geoparse::{Mention, Unresolved};
use crate::precision::round6;
use crate::timeline::Sourced;
use compact_str::CompactString;
use serde_json::{json, Value};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// How a claim cites its article: all the layers keep of an article once its own records
/// are written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cited {
    /// The path or URL the article was read from.
    pub source: CompactString,
    /// Its outlet, when known.
    pub outlet: Option<CompactString>,
    /// Its canonical URL, when known.
    pub url: Option<CompactString>,
}

impl Cited {
    /// How claims cite `a` (short names are kept inline: a run keeps one per article).
    pub fn of(a: &Article) -> Cited {
        let compact = |s: &Option<String>| s.as_deref().map(CompactString::from);
        Cited {
            source: a.source.as_str().into(),
            outlet: compact(&a.outlet),
            url: compact(&a.url),
        }
    }
}

/// A claim as a JSON record: its `claims.jsonl` form when `mention` (the text of the
/// mention it is about) is given, else its evidence form in the layers and the viewer.
/// It serialises straight to text, its keys in the sorted order a JSON map gives.
pub struct ClaimRecord<'a> {
    /// How its article is cited.
    pub cited: &'a Cited,
    /// The claim.
    pub sourced: &'a Sourced,
    /// The gazetteer its place index points into.
    pub gazetteer: &'a Gazetteer,
    /// The text of its mention: given for the `claims.jsonl` form, `None` for evidence.
    pub mention: Option<&'a str>,
}

impl ClaimRecord<'_> {
    /// The record as a JSON value.
    pub fn to_value(&self) -> Value {
        // Strings, numbers, booleans and enums of names only: nothing here can fail.
        serde_json::to_value(self).expect("a claim record serialises")
    }
}

/// JSON text made of several values, written into one growing buffer (no string of
/// its own per value) and checked as UTF-8 once at the end.
pub struct JsonText(Vec<u8>);

impl JsonText {
    /// An empty text with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> JsonText {
        JsonText(Vec::with_capacity(bytes))
    }

    /// Appends `v` as compact JSON.
    pub fn push(&mut self, v: &impl serde::Serialize) {
        // The values written here hold strings, numbers, booleans and enums of names
        // only, which cannot fail to serialise, and a Vec cannot fail to grow.
        serde_json::to_writer(&mut self.0, v).expect("a record serialises");
    }

    /// Appends `v` as one line of compact JSON.
    pub fn line(&mut self, v: &impl serde::Serialize) {
        self.push(v);
        self.raw("\n");
    }

    /// Appends raw text (a separator or a line break).
    pub fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// The text.
    pub fn finish(self) -> String {
        // serde_json writes UTF-8, and so does `raw`.
        String::from_utf8(self.0).expect("JSON text is UTF-8")
    }
}

/// A date written as `YYYY-MM-DD` (its `Display` form).
struct Iso(chrono::NaiveDate);

impl serde::Serialize for Iso {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl serde::Serialize for ClaimRecord<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (a, c) = (self.cited, &self.sourced.claim);
        let p = &self.gazetteer.places[c.place];
        let full = self.mention.is_some();
        let mut m = s.serialize_map(None)?;
        // Keys in byte order, as a sorted map writes them.
        if full {
            m.serialize_entry("actor", &c.actor)?;
        }
        m.serialize_entry("article", &a.source)?;
        m.serialize_entry("claimed_by", &c.claimed_by)?;
        m.serialize_entry("confidence", &c.confidence)?;
        m.serialize_entry("confirmed", &c.confirmed)?;
        m.serialize_entry("controller", &c.controller)?;
        m.serialize_entry("date", &c.date.map(Iso))?;
        m.serialize_entry("date_basis", &c.date_basis)?;
        m.serialize_entry("date_from", &c.date_span.map(|d| Iso(d.from)))?;
        m.serialize_entry("date_precision", &c.date_span.map(|d| d.precision()))?;
        m.serialize_entry("date_stated", &c.date_basis.stated())?;
        m.serialize_entry("date_to", &c.date_span.map(|d| Iso(d.to)))?;
        if full {
            m.serialize_entry("evidence", &c.evidence)?;
            m.serialize_entry("in_syria", &p.in_syria())?;
            m.serialize_entry("kind", &p.kind)?;
            m.serialize_entry("mention", &self.mention)?;
            m.serialize_entry("name", &p.name)?;
        }
        m.serialize_entry("outlet", &a.outlet)?;
        if full {
            m.serialize_entry("place_id", &p.id)?;
            m.serialize_entry("reported_by", &c.reported_by)?;
        }
        m.serialize_entry("retraction", &c.retraction)?;
        m.serialize_entry("rule", &c.rule)?;
        if full {
            m.serialize_entry("sentence_end", &c.sentence.end)?;
            m.serialize_entry("sentence_start", &c.sentence.start)?;
        } else {
            m.serialize_entry("sentence", &c.evidence)?;
        }
        m.serialize_entry("source", &self.sourced.source)?;
        m.serialize_entry("status", &c.status)?;
        m.serialize_entry("url", &a.url)?;
        m.end()
    }
}

/// A line of `mentions.jsonl`, its fields in the sorted order of every other record.
#[derive(serde::Serialize)]
struct MentionLine<'a> {
    article: &'a str,
    end: usize,
    governorate: &'a str,
    in_syria: bool,
    kind: crate::gazetteer::Kind,
    lat: f64,
    lon: f64,
    name: &'a str,
    place_id: &'a str,
    point: Option<[f64; 2]>,
    qualifier: Option<&'a str>,
    reason: &'a str,
    score: f64,
    start: usize,
    text: &'a str,
}

/// One article's lines of each record file, made ready to write.
#[derive(Debug, Default)]
pub struct Lines {
    /// Its `mentions.jsonl` lines.
    pub mentions: String,
    /// Its `unresolved.jsonl` lines.
    pub unresolved: String,
    /// Its `claims.jsonl` lines.
    pub claims: String,
    /// Its `articles.jsonl` line.
    pub article: String,
}

/// Makes the record lines of article `a` (which claims cite as `cited`): its `mentions`,
/// the names it left `unresolved` and its `claims` (with `a` as their article).
pub fn lines(
    a: &Article,
    cited: &Cited,
    mentions: &[Mention],
    unresolved: &[Unresolved],
    claims: &[Sourced],
    g: &Gazetteer,
) -> Lines {
    let mut out = Lines::default();
    let mut text = JsonText::with_capacity(mentions.len() * 320);
    for m in mentions {
        let p = &g.places[m.place];
        let line = MentionLine {
            article: &a.source,
            end: m.end,
            governorate: &p.governorate,
            in_syria: p.in_syria(),
            kind: p.kind,
            lat: round6(p.lat),
            lon: round6(p.lon),
            name: &p.name,
            place_id: &p.id,
            point: m.offset.map(|_| {
                let (lon, lat) = m.point(g);
                [lon, lat]
            }),
            qualifier: m.qualifier.as_deref(),
            reason: m.reason,
            score: m.score,
            start: m.start,
            text: &m.text,
        };
        text.line(&line);
    }
    out.mentions = text.finish();
    let mut text = JsonText::with_capacity(unresolved.len() * 256);
    for u in unresolved {
        let rivals: Vec<&str> = u.rivals.iter().map(|&r| g.places[r].id.as_str()).collect();
        let v = json!({
            "article": a.source,
            "start": u.start,
            "end": u.end,
            "text": u.text,
            "reason": u.reason,
            "rivals": rivals,
            "score": u.score,
        });
        text.line(&v);
    }
    out.unresolved = text.finish();
    let mut text = JsonText::with_capacity(claims.len() * 768);
    for c in claims {
        let mention = mentions[c.claim.mention].text.as_str();
        text.line(&ClaimRecord {
            cited,
            sourced: c,
            gazetteer: g,
            mention: Some(mention),
        });
    }
    out.claims = text.finish();
    let v = json!({
        "article": a.source,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "published": a.published.map(|d| d.to_string()),
        "published_basis": a.date_source,
        "undated": a.published.is_none(),
        "updated": a.updated.as_ref().map(|(d, _)| d.to_string()),
        "updated_basis": a.updated.as_ref().map(|(_, s)| s),
        "page": a.page,
        "mentions": mentions.len(),
        "unresolved": unresolved.len(),
        "claims": claims.len(),
    });
    let mut text = JsonText::with_capacity(512);
    text.line(&v);
    out.article = text.finish();
    out
}

/// The four record files of a run, written in article order as the articles arrive.
pub struct RecordFiles {
    files: [(PathBuf, BufWriter<File>); 4],
}

impl RecordFiles {
    /// Creates `mentions.jsonl`, `unresolved.jsonl`, `claims.jsonl` and `articles.jsonl`
    /// in `dir` (a staging folder: they are moved into place only when the run is done).
    pub fn create(dir: &Path) -> Result<RecordFiles, LayerError> {
        use super::files::{ARTICLES, CLAIMS, MENTIONS, UNRESOLVED};
        let open = |name: &str| {
            let p = dir.join(name);
            let f = File::create(&p).map_err(|e| LayerError::io(&p, e))?;
            Ok::<_, LayerError>((p, BufWriter::with_capacity(1 << 20, f)))
        };
        Ok(RecordFiles {
            files: [
                open(MENTIONS)?,
                open(UNRESOLVED)?,
                open(CLAIMS)?,
                open(ARTICLES)?,
            ],
        })
    }

    /// Appends one article's lines.
    pub fn write(&mut self, l: &Lines) -> Result<(), LayerError> {
        let texts = [&l.mentions, &l.unresolved, &l.claims, &l.article];
        for ((path, w), text) in self.files.iter_mut().zip(texts) {
            w.write_all(text.as_bytes())
                .map_err(|e| LayerError::io(path, e))?;
        }
        Ok(())
    }

    /// Flushes every file to the disk.
    pub fn finish(self) -> Result<(), LayerError> {
        for (path, w) in self.files {
            let f = w
                .into_inner()
                .map_err(|e| LayerError::io(&path, e.into_error()))?;
            f.sync_all().map_err(|e| LayerError::io(&path, e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::{self, index::NameIndex};

    /// The claims of a short dispatch, with its mentions.
    fn claims_of(text: &str) -> (Article, Vec<Mention>, Vec<Sourced>) {
        let g = Gazetteer::bundled().unwrap();
        let a = crate::article::parse("d.txt".into(), text.into(), None, None, Path::new("d.txt"))
            .unwrap();
        let p = geoparse::parse(&a.text, a.body.clone(), &g, &NameIndex::build(&g));
        let claims = crate::claims::extract(&a, &p.mentions, &g)
            .into_iter()
            .map(|c| Sourced::new(0, c, &a))
            .collect();
        (a, p.mentions, claims)
    }

    #[test]
    fn claim_records_write_their_keys_sorted_like_a_json_map() {
        let g = Gazetteer::bundled().unwrap();
        let (a, mentions, claims) = claims_of(
            "---\npublished: 2024-12-07\noutlet: Desk\n---\nRebels said they took Saraqib on Friday. \
             Government troops still hold Hama, state media said on 5 December 2024.\n",
        );
        assert!(claims.len() >= 2, "{claims:?}");
        let cited = Cited::of(&a);
        for c in &claims {
            for mention in [None, Some(mentions[c.claim.mention].text.as_str())] {
                let r = ClaimRecord {
                    cited: &cited,
                    sourced: c,
                    gazetteer: &g,
                    mention,
                };
                // A sorted map (the Value) and the record written directly agree byte for byte.
                let v = r.to_value();
                assert_eq!(serde_json::to_string(&r).unwrap(), v.to_string());
                let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
                let want = if mention.is_some() { 27 } else { 18 };
                assert_eq!(keys.len(), want, "{keys:?}");
            }
        }
        let line = lines(&a, &cited, &mentions, &[], &claims, &g).claims;
        assert_eq!(line.lines().count(), claims.len());
        assert!(line.starts_with("{\"actor\":\"opposition\",\"article\":\"d.txt\","));
    }
}
