//! The JSON-lines records of each article (mentions, unresolved names, claims, the article),
//! made and written as the articles arrive, so a run never holds them all.

use super::{object, LayerError};
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

/// The JSON record of a claim: its `claims.jsonl` form when `mention` (the text of the
/// mention it is about) is given, else its evidence form in the layers and the viewer.
pub fn claim_value(a: &Cited, s: &Sourced, g: &Gazetteer, mention: Option<&str>) -> Value {
    let c = &s.claim;
    let mut v = json!({
        "article": a.source,
        "outlet": a.outlet,
        "url": a.url,
        "sentence": c.evidence,
        "source": s.source,
        "date": c.date.map(|d| d.to_string()),
        "date_from": c.date_span.map(|s| s.from.to_string()),
        "date_to": c.date_span.map(|s| s.to.to_string()),
        "date_precision": c.date_span.map(|s| s.precision()),
        "date_basis": c.date_basis,
        "date_stated": c.date_basis.stated(),
        "controller": c.controller,
        "status": c.status,
        "confidence": c.confidence,
        "confirmed": c.confirmed,
        "claimed_by": c.claimed_by,
        "rule": c.rule,
        "retraction": c.retraction,
    });
    if let Some(mention) = mention {
        let p = &g.places[c.place];
        let mut m = object(v.take());
        m.insert("place_id".into(), json!(p.id));
        m.insert("name".into(), json!(p.name));
        m.insert("kind".into(), json!(p.kind));
        m.insert("in_syria".into(), json!(p.in_syria()));
        m.insert("actor".into(), json!(c.actor));
        m.insert("reported_by".into(), json!(c.reported_by));
        m.insert("evidence".into(), json!(c.evidence));
        m.insert("mention".into(), json!(mention));
        m.insert("sentence_start".into(), json!(c.sentence.start));
        m.insert("sentence_end".into(), json!(c.sentence.end));
        m.remove("sentence");
        v = Value::Object(m);
    }
    v
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
    let push = |s: &mut String, v: Value| {
        s.push_str(&v.to_string());
        s.push('\n');
    };
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
        // Strings, numbers and enums of names only: nothing here can fail to serialise.
        out.mentions
            .push_str(&serde_json::to_string(&line).expect("a mention line serialises"));
        out.mentions.push('\n');
    }
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
        push(&mut out.unresolved, v);
    }
    for c in claims {
        let mention = mentions[c.claim.mention].text.as_str();
        push(&mut out.claims, claim_value(cited, c, g, Some(mention)));
    }
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
    push(&mut out.article, v);
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
