//! A run in two steps: a map step per article and a reduce step over all of them.
//!
//! `frontline map` reads, geoparses and fuses in one process. The same work splits in
//! two so that the first half can run anywhere, in as many processes as wanted (as the
//! Apache Spark driver in `scripts/spark/` runs it):
//!
//! 1. [`extract`] (`frontline extract`) reads articles as JSON lines
//!    ([`crate::article::record`]) and writes one [`Record`] per article: the article,
//!    its mentions, unresolved names and claims, and its own warnings.
//! 2. [`RecordIndex`] (`frontline layers`) gathers the records of any number of extract
//!    runs, in any order, puts them in one order and hands them to
//!    [`pipeline::Collector`], the code `map` ends with, a batch at a time.
//!
//! **The order rule.** Every record carries `seq`, its place in the articles input:
//! the 0-based index of its line (line number − 1), or, with `--numbered`, the index the
//! driver put before the line (`INDEX<TAB>LINE`, as Spark's `zipWithIndex` gives it).
//! The reduce step sorts records by `seq`, then by article id (or, for a line that could
//! not be read, its message), then by origin. It then keeps the first record of each id:
//! a later one with the same article is read once with a warning, a later one with
//! another article is reported and skipped, exactly as `map` treats the lines of an
//! articles file ([`pipeline::Ids`]). So when `seq` numbers the lines of one input (as it
//! does by default and under Spark), `extract | layers` writes the same files, byte for
//! byte, as `map` over that input, however the records were split, shuffled or
//! concatenated on the way.
//!
//! A record names the gazetteer and frontline version it was made with ([`gazetteer_key`]):
//! place numbers in it mean places of that gazetteer, so the reduce step refuses records
//! made with another.

use crate::article;
use crate::gazetteer::Gazetteer;
use crate::geoparse::index::NameIndex;
use crate::pipeline::{self, Ids, Processed, Summary};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Lines read and processed at a time by [`extract`]: memory stays bounded by a chunk.
pub const CHUNK_LINES: usize = 1000;

/// One line of `frontline extract` output: a processed article, or a line that could not
/// be read (with `--numbered` only).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// The order key: the 0-based index of the article's line in the articles input.
    pub seq: u64,
    /// Where the article was read: `NAME:LINE`.
    pub origin: String,
    /// The gazetteer and frontline version it was made with ([`gazetteer_key`]).
    pub gazetteer: String,
    /// Why the line could not be read, for a line that could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The article's own warnings (undated, date inferred, charset).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The article with its mentions, unresolved names and claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processed: Option<Processed>,
}

impl Record {
    /// The parts of its order key after `seq` and before origin, and after origin: the
    /// article id (or the error) and the text, so that no two different records tie.
    fn order_parts(&self) -> (&str, &str) {
        match (&self.processed, &self.error) {
            (Some(p), _) => (p.article.source.as_str(), p.article.text.as_str()),
            (None, e) => (e.as_deref().unwrap_or(""), ""),
        }
    }
}

/// A split run could not go on.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// Reading an input failed.
    #[error("cannot read {name}: {source}")]
    Read {
        /// The file, or `stdin`.
        name: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Writing records failed (a closed pipe among others).
    #[error("cannot write records: {source}")]
    Write {
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A `--numbered` line does not start with an index and a tab.
    #[error("{name}:{line}: not INDEX<TAB>RECORD, as --numbered expects (the driver feeding extract is broken)")]
    Numbered {
        /// The input.
        name: String,
        /// 1-based line of the input.
        line: usize,
    },
    /// Records on standard input or from a pipe could not be copied to a temporary file.
    #[error("cannot copy {name} to a temporary file (TMPDIR) to read its records twice: {source}")]
    Spool {
        /// `stdin`, or the pipe's name.
        name: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A record read again for the reduce step is no longer the one first read there.
    #[error("{at}: the file changed while it was read: the record is no longer there")]
    Changed {
        /// `FILE:LINE` of the record.
        at: String,
    },
    /// A record was made with another gazetteer or frontline version.
    #[error("{at}: this record was made with gazetteer key {found}, but this run's gazetteer is {expected}: run extract and layers with the same frontline and --gazetteer")]
    Gazetteer {
        /// `FILE:LINE` of the record.
        at: String,
        /// The record's key.
        found: String,
        /// This run's key.
        expected: String,
    },
}

/// The gazetteer's fingerprint: the frontline version and a SHA-256 of its places and
/// non-places, 16 hex digits. Records made with one are only read with the same.
pub fn gazetteer_key(g: &Gazetteer) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(format!("{:?}\n{:?}", g.places, g.nonplaces).as_bytes());
    let hex = format!("{:x}", h.finalize());
    format!("{}-{}", env!("CARGO_PKG_VERSION"), &hex[..16])
}

/// How `frontline extract` reads its input.
#[derive(Clone, Debug)]
pub struct ExtractOptions {
    /// Publication date for articles with none of their own (`--published`).
    pub published: Option<NaiveDate>,
    /// Each line is `INDEX<TAB>LINE`: `INDEX` (0-based) is the line's place in the
    /// original input and becomes `seq`; lines that cannot be read become error records
    /// for the reduce step to report, instead of messages.
    pub numbered: bool,
    /// The input's name in messages and origins (`stdin`, or the original file's).
    pub name: String,
    /// Lines per chunk ([`CHUNK_LINES`]).
    pub chunk: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            published: None,
            numbered: false,
            name: "stdin".into(),
            chunk: CHUNK_LINES,
        }
    }
}

/// What [`extract`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtractCounts {
    /// Lines read (blank ones included).
    pub lines: usize,
    /// Records of articles written.
    pub articles: usize,
    /// Lines that could not be read (reported, or written as error records).
    pub failed: usize,
}

/// One input line, after the `--numbered` prefix: its index and line to name it by.
struct Line {
    seq: u64,
    line: usize,
    bytes: Vec<u8>,
}

/// The map step: reads articles JSON lines from `input` and writes one [`Record`] line per
/// article to `output`, in input order, processing [`ExtractOptions::chunk`] lines at a
/// time in parallel. A line that cannot be read is passed to `report` (its message names
/// the input and line) and skipped; with `numbered` it is written as an error record.
pub fn extract(
    mut input: impl BufRead,
    mut output: impl Write,
    opts: &ExtractOptions,
    g: &Gazetteer,
    report: &mut dyn FnMut(&str),
) -> Result<ExtractCounts, SplitError> {
    let ix = NameIndex::build(g);
    let key = gazetteer_key(g);
    let name = PathBuf::from(&opts.name);
    let mut counts = ExtractCounts::default();
    let mut chunk: Vec<Line> = Vec::with_capacity(opts.chunk.max(1));
    let mut eof = false;
    while !eof {
        chunk.clear();
        while chunk.len() < opts.chunk.max(1) {
            let mut bytes = Vec::new();
            let n = input
                .read_until(b'\n', &mut bytes)
                .map_err(|source| SplitError::Read {
                    name: opts.name.clone(),
                    source,
                })?;
            if n == 0 {
                eof = true;
                break;
            }
            counts.lines += 1;
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
            }
            chunk.push(if opts.numbered {
                numbered(bytes, &opts.name, counts.lines)?
            } else {
                Line {
                    seq: counts.lines as u64 - 1,
                    line: counts.lines,
                    bytes,
                }
            });
        }
        let out: Vec<Option<Record>> = chunk
            .par_iter()
            .map(|l| {
                let read = article::record::line_text(&l.bytes, &name, l.line).and_then(|t| {
                    t.map(|t| article::record::from_json_line(t, &name, l.line, opts.published))
                        .transpose()
                });
                let base = Record {
                    seq: l.seq,
                    origin: format!("{}:{}", opts.name, l.line),
                    gazetteer: key.clone(),
                    error: None,
                    warnings: Vec::new(),
                    processed: None,
                };
                match read {
                    Ok(None) => None,
                    Ok(Some(a)) => Some(Record {
                        warnings: pipeline::article_warnings(&a),
                        processed: Some(pipeline::process(a, g, &ix)),
                        ..base
                    }),
                    Err(e) => Some(Record {
                        error: Some(e.to_string()),
                        ..base
                    }),
                }
            })
            .collect();
        let mut buf = String::new();
        for r in out.into_iter().flatten() {
            if let Some(e) = &r.error {
                counts.failed += 1;
                if !opts.numbered {
                    report(e);
                    continue;
                }
            } else {
                counts.articles += 1;
            }
            buf.push_str(&serde_json::to_string(&r).expect("records serialise"));
            buf.push('\n');
        }
        output
            .write_all(buf.as_bytes())
            .map_err(|source| SplitError::Write { source })?;
    }
    output
        .flush()
        .map_err(|source| SplitError::Write { source })?;
    Ok(counts)
}

/// Splits a `--numbered` line into its index and the line itself.
fn numbered(mut bytes: Vec<u8>, name: &str, at: usize) -> Result<Line, SplitError> {
    let bad = || SplitError::Numbered {
        name: name.to_string(),
        line: at,
    };
    let tab = bytes.iter().position(|&b| b == b'\t').ok_or_else(bad)?;
    let seq: u64 = std::str::from_utf8(&bytes[..tab])
        .ok()
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse().ok())
        .ok_or_else(bad)?;
    let line = usize::try_from(seq).ok().and_then(|s| s.checked_add(1));
    bytes.drain(..=tab);
    Ok(Line {
        seq,
        line: line.ok_or_else(bad)?,
        bytes,
    })
}

/// The records of a reduce step (`frontline layers`). They are read once to be checked
/// and put in order ([`RecordIndex::add_file`]), keeping only each one's order key and
/// where it lies, and read again one batch at a time in that order
/// ([`RecordIndex::reduce`]): memory holds the keys, not the records.
#[derive(Default)]
pub struct RecordIndex {
    /// The inputs: their names in messages, and the files the records are read from.
    files: Vec<(String, std::fs::File)>,
    entries: Vec<Entry>,
    problems: Vec<String>,
}

/// Where one record lies, and the first three parts of its order key (see the
/// [module](self) docs); the fourth, the article's text, is read when the three tie.
struct Entry {
    seq: u64,
    id: String,
    origin: String,
    file: usize,
    line: usize,
    offset: u64,
    len: usize,
    /// A hash of the line as first read: read again, it must be the same line.
    hash: u64,
}

/// The hash [`Entry::hash`] keeps of a record's line.
fn line_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl RecordIndex {
    /// Reads the records of `file` (called `name` in messages): checks each, and notes
    /// where it lies. A line that is no record of this gazetteer is noted as a problem
    /// (`skipped FILE:LINE: why`); a record of another gazetteer stops the run. A pipe, or
    /// any other file that cannot be read twice, is first copied, as
    /// [`RecordIndex::add_stream`] does.
    pub fn add_file(
        &mut self,
        file: std::fs::File,
        name: &Path,
        g: &Gazetteer,
    ) -> Result<(), SplitError> {
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return self.add_stream(file, name, g);
        }
        self.index_file(file, name, g)
    }

    /// [`RecordIndex::add_file`] for a regular file.
    fn index_file(
        &mut self,
        file: std::fs::File,
        name: &Path,
        g: &Gazetteer,
    ) -> Result<(), SplitError> {
        let key = gazetteer_key(g);
        let shown = name.display().to_string();
        let read_error = |source| SplitError::Read {
            name: shown.clone(),
            source,
        };
        let mut input = std::io::BufReader::new(&file);
        let index = self.files.len();
        let mut bytes = Vec::new();
        let mut line = 0;
        let mut offset = 0u64;
        loop {
            bytes.clear();
            let n = input.read_until(b'\n', &mut bytes).map_err(read_error)?;
            if n == 0 {
                break;
            }
            let at_offset = offset;
            offset += n as u64;
            line += 1;
            let r = match parse_record(&bytes, name, line) {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(why) => {
                    self.problems.push(format!("skipped {why}"));
                    continue;
                }
            };
            if r.gazetteer != key {
                return Err(SplitError::Gazetteer {
                    at: format!("{shown}:{line}"),
                    found: r.gazetteer,
                    expected: key,
                });
            }
            if let Err(why) = check(&r, g) {
                self.problems.push(format!("skipped {shown}:{line}: {why}"));
                continue;
            }
            let (id, _) = r.order_parts();
            self.entries.push(Entry {
                seq: r.seq,
                id: id.to_string(),
                origin: r.origin,
                file: index,
                line,
                offset: at_offset,
                len: n,
                hash: line_hash(&bytes),
            });
        }
        drop(input);
        self.files.push((shown, file));
        Ok(())
    }

    /// Copies `input` (standard input) to an unnamed temporary file and reads its records
    /// from there, as [`RecordIndex::add_file`] does.
    pub fn add_stream(
        &mut self,
        mut input: impl std::io::Read,
        name: &Path,
        g: &Gazetteer,
    ) -> Result<(), SplitError> {
        use std::io::Seek;
        let spool_error = |source| SplitError::Spool {
            name: name.display().to_string(),
            source,
        };
        let mut file = tempfile::tempfile().map_err(spool_error)?;
        std::io::copy(&mut input, &mut file).map_err(spool_error)?;
        file.rewind().map_err(spool_error)?;
        self.index_file(file, name, g)
    }

    /// Notes an input that could not be read at all (`FILE: why`).
    pub fn problem(&mut self, why: String) {
        self.problems.push(why);
    }

    /// Reads the record of `e` again: the line first read there, or an error.
    fn read(&self, e: &Entry) -> Result<Record, SplitError> {
        use std::io::{Read, Seek, SeekFrom};
        let (name, file) = &self.files[e.file];
        let changed = || SplitError::Changed {
            at: format!("{name}:{}", e.line),
        };
        let mut f = file;
        let mut bytes = vec![0; e.len];
        f.seek(SeekFrom::Start(e.offset))
            .and_then(|_| f.read_exact(&mut bytes))
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::UnexpectedEof => changed(),
                _ => SplitError::Read {
                    name: name.clone(),
                    source,
                },
            })?;
        if line_hash(&bytes) != e.hash {
            return Err(changed());
        }
        match parse_record(&bytes, Path::new(name), e.line) {
            Ok(Some(r)) => Ok(r),
            _ => Err(changed()),
        }
    }

    /// The reduce step: puts the records in order (see the [module](self) docs), keeps the
    /// first article of each id, and hands the articles to [`pipeline::Collector`] a batch
    /// at a time, as `map` reads them; then writes the layers. The summary reports the
    /// problems found while reading, error records, repeated ids and the articles' own
    /// warnings, as `map` would.
    pub fn reduce(
        self,
        cfg: &pipeline::LayersConfig,
        g: &Gazetteer,
    ) -> Result<Summary, pipeline::MapError> {
        let mut c = pipeline::Collector::new(&cfg.out, g);
        let summary = self.gather(|batch| Ok(c.push(batch)?))?;
        c.finish(summary, cfg)
    }

    /// Puts the records in order and hands the admitted articles to `push` a batch at a
    /// time; the summary so far.
    fn gather(
        mut self,
        mut push: impl FnMut(Vec<Processed>) -> Result<(), pipeline::MapError>,
    ) -> Result<Summary, pipeline::MapError> {
        self.sort()?;
        let mut summary = Summary {
            failed: self.problems.len(),
            warnings: std::mem::take(&mut self.problems),
            ..Default::default()
        };
        let mut kept_warnings = Vec::new();
        let mut ids = Ids::default();
        for chunk in self.entries.chunks(pipeline::BATCH) {
            let records: Vec<Record> = chunk
                .iter()
                .map(|e| self.read(e))
                .collect::<Result<_, _>>()?;
            let mut batch = Vec::with_capacity(records.len());
            for r in records {
                match (r.processed, r.error) {
                    (Some(p), _) => {
                        if ids.admit(&r.origin, &p, &mut summary) {
                            kept_warnings.extend(r.warnings);
                            batch.push(p);
                        }
                    }
                    (None, Some(e)) => {
                        summary.warnings.push(format!("skipped {e}"));
                        summary.failed += 1;
                    }
                    (None, None) => {}
                }
            }
            push(batch)?;
        }
        summary.warnings.extend(kept_warnings);
        Ok(summary)
    }

    /// Sorts the entries by the order key: by seq, id and origin, and where those three
    /// tie, by the article's text, read again for the purpose.
    fn sort(&mut self) -> Result<(), SplitError> {
        fn three(e: &Entry) -> (u64, &str, &str) {
            (e.seq, &e.id, &e.origin)
        }
        self.entries.sort_by(|a, b| three(a).cmp(&three(b)));
        let mut from = 0;
        while from < self.entries.len() {
            let first = &self.entries[from];
            let to = from
                + self.entries[from..]
                    .iter()
                    .take_while(|e| three(e) == three(first))
                    .count();
            if to - from > 1 {
                let mut texts = Vec::with_capacity(to - from);
                for e in &self.entries[from..to] {
                    texts.push(self.read(e)?.order_parts().1.to_string());
                }
                let mut run: Vec<(String, Entry)> = texts
                    .into_iter()
                    .zip(self.entries.drain(from..to))
                    .collect();
                run.sort_by(|a, b| a.0.cmp(&b.0));
                self.entries
                    .splice(from..from, run.into_iter().map(|(_, e)| e));
            }
            from = to;
        }
        Ok(())
    }
}

/// Reads one line of records: `None` for a blank line, or why it is no record.
fn parse_record(bytes: &[u8], name: &Path, line: usize) -> Result<Option<Record>, String> {
    let at = format!("{}:{line}", name.display());
    let text = match article::record::line_text(bytes, name, line) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    if !text.trim_start().starts_with('{') {
        return Err(format!(
            "{at}: not a record of frontline extract: not a JSON object"
        ));
    }
    serde_json::from_str(text)
        .map(Some)
        .map_err(|e| format!("{at}: not a record of frontline extract: {e}"))
}

/// Checks a record holds an article or an error, and that its place and mention numbers
/// point where they can.
fn check(r: &Record, g: &Gazetteer) -> Result<(), String> {
    let p = match (&r.processed, &r.error) {
        (Some(p), None) => p,
        (None, Some(_)) => return Ok(()),
        _ => return Err("a record holds either an article or an error".into()),
    };
    let places = g.places.len();
    let ok = p.mentions.iter().all(|m| m.place < places)
        && p.unresolved
            .iter()
            .all(|u| u.rivals.iter().all(|&r| r < places))
        && p.claims
            .iter()
            .all(|c| c.place < places && c.mention < p.mentions.len());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "id {:?}: a place or mention number out of range: not a record of this gazetteer",
            p.article.source
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str, opts: &ExtractOptions) -> (Vec<Record>, Vec<String>, ExtractCounts) {
        let g = Gazetteer::bundled().unwrap();
        let mut out = Vec::new();
        let mut msgs = Vec::new();
        let counts = extract(input.as_bytes(), &mut out, opts, &g, &mut |m| {
            msgs.push(m.to_string())
        })
        .unwrap();
        let records = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        (records, msgs, counts)
    }

    /// The records as one JSON-lines input.
    fn lines(records: &[Record]) -> String {
        records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap() + "\n")
            .collect()
    }

    /// Gathers `input` (problems first) as `layers` does: the admitted articles in order,
    /// and the summary.
    fn reduce(input: &str, problems: Vec<String>) -> (Vec<Processed>, Summary) {
        let g = Gazetteer::bundled().unwrap();
        let mut ix = RecordIndex::default();
        for p in problems {
            ix.problem(p);
        }
        ix.add_stream(input.as_bytes(), Path::new("records"), &g)
            .unwrap();
        let mut done = Vec::new();
        let summary = ix
            .gather(|batch| {
                done.extend(batch);
                Ok(())
            })
            .unwrap();
        (done, summary)
    }

    const A: &str =
        r#"{"id":"a","text":"Rebels captured Saraqib on Friday.","published":"2024-11-30"}"#;
    const B: &str = r#"{"id":"b","text":"Government forces still hold Hama, state media said."}"#;

    #[test]
    fn records_keep_order_and_name_bad_lines() {
        let input = format!("{A}\n\nnot json\n{B}");
        let (records, msgs, counts) = run(&input, &ExtractOptions::default());
        assert_eq!(
            counts,
            ExtractCounts {
                lines: 4,
                articles: 2,
                failed: 1
            }
        );
        assert_eq!(msgs.len(), 1);
        assert!(
            msgs[0].starts_with("stdin:3: not an article record"),
            "{msgs:?}"
        );
        let seqs: Vec<(u64, &str)> = records.iter().map(|r| (r.seq, r.origin.as_str())).collect();
        assert_eq!(seqs, [(0, "stdin:1"), (3, "stdin:4")]);
        assert!(
            records[1].warnings[0].contains("undated"),
            "{:?}",
            records[1].warnings
        );
        let p = records[0].processed.as_ref().unwrap();
        assert!(!p.claims.is_empty() && !p.mentions.is_empty());
        // a record reads back as it was written
        let again: Record =
            serde_json::from_str(&serde_json::to_string(&records[0]).unwrap()).unwrap();
        let q = again.processed.unwrap();
        assert_eq!(
            (q.mentions, q.claims),
            (p.mentions.clone(), p.claims.clone())
        );
    }

    #[test]
    fn numbered_lines_carry_their_index_and_errors() {
        let opts = ExtractOptions {
            numbered: true,
            name: "in.jsonl".into(),
            chunk: 1,
            ..Default::default()
        };
        let input = format!("7\t{B}\n2\t{{\"id\":\"x\"}}\n0\t{A}\n");
        let (records, msgs, counts) = run(&input, &opts);
        assert!(msgs.is_empty());
        assert_eq!(counts.failed, 1);
        assert_eq!(records[1].origin, "in.jsonl:3");
        assert!(records[1]
            .error
            .as_deref()
            .unwrap()
            .starts_with("in.jsonl:3: not an article record: missing field `text`"));
        let (done, summary) = reduce(&lines(&records), vec!["skipped elsewhere".into()]);
        let ids: Vec<&str> = done.iter().map(|p| p.article.source.as_str()).collect();
        assert_eq!(ids, ["a", "b"], "ordered by seq");
        assert_eq!(summary.failed, 2);
        assert_eq!(summary.warnings[0], "skipped elsewhere");
        assert!(summary.warnings[1].starts_with("skipped in.jsonl:3:"));
        let g = Gazetteer::bundled().unwrap();
        let e = extract("x\n".as_bytes(), std::io::sink(), &opts, &g, &mut |_| {}).unwrap_err();
        assert_eq!(e.to_string(), "in.jsonl:1: not INDEX<TAB>RECORD, as --numbered expects (the driver feeding extract is broken)");
    }

    #[test]
    fn repeated_ids_are_read_once_or_refused() {
        let other = A.replace("Saraqib", "Maarrat al-Numan");
        let input = format!("{A}\n{B}\n{A}\n{other}\n");
        let (mut records, _, _) = run(&input, &ExtractOptions::default());
        records.reverse();
        let (done, summary) = reduce(&lines(&records), vec![]);
        assert_eq!(done.len(), 2);
        assert_eq!(summary.failed, 1);
        assert_eq!(
            summary.warnings[0],
            "stdin:3: id \"a\" repeats stdin:1 with the same article; read once"
        );
        assert_eq!(summary.warnings[1], "skipped stdin:4: id \"a\" is already the id of another article (stdin:1); ids must be unique");
    }

    #[test]
    fn records_that_tie_on_seq_id_and_origin_go_by_text() {
        // Two extract runs over different inputs: both lines are "stdin:1" with id "a".
        let (first, _, _) = run(&format!("{A}\n"), &ExtractOptions::default());
        let other = A.replace("Saraqib", "Maarrat al-Numan");
        let (second, _, _) = run(&format!("{other}\n"), &ExtractOptions::default());
        let texts = |input: &str| {
            let (done, summary) = reduce(input, vec![]);
            assert_eq!(summary.failed, 1, "{:?}", summary.warnings);
            done[0].article.text.clone()
        };
        // Whichever comes first in the input, the same article wins: "Rebels captured
        // Maarrat..." sorts before "Rebels captured Saraqib...".
        let ab = texts(&(lines(&first) + &lines(&second)));
        let ba = texts(&(lines(&second) + &lines(&first)));
        assert_eq!(ab, ba);
        assert!(ab.contains("Maarrat"), "{ab}");
    }

    #[test]
    fn a_record_file_changed_under_the_reduce_step_is_named() {
        let g = Gazetteer::bundled().unwrap();
        let (records, _, _) = run(&format!("{A}\n{B}\n"), &ExtractOptions::default());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        std::fs::write(&path, lines(&records)).unwrap();
        let mut ix = RecordIndex::default();
        ix.add_file(std::fs::File::open(&path).unwrap(), &path, &g)
            .unwrap();
        // Rewritten between the two readings, one record shorter.
        std::fs::write(&path, lines(&records[1..])).unwrap();
        let e = ix.gather(|_| Ok(())).unwrap_err();
        let want = format!(
            "{}:1: the file changed while it was read: the record is no longer there",
            path.display()
        );
        assert_eq!(e.to_string(), want);
        // Rewritten in place, the same length, seq and id: a record is not taken for
        // another that merely parses where it was.
        let first = lines(&records);
        std::fs::write(&path, &first).unwrap();
        let mut ix = RecordIndex::default();
        ix.add_file(std::fs::File::open(&path).unwrap(), &path, &g)
            .unwrap();
        std::fs::write(&path, first.replacen("Saraqib", "Saraqob", 1)).unwrap();
        let e = ix.gather(|_| Ok(())).unwrap_err();
        assert_eq!(e.to_string(), want);
    }

    #[test]
    fn foreign_records_are_refused() {
        let g = Gazetteer::bundled().unwrap();
        let (records, _, _) = run(&format!("{A}\n"), &ExtractOptions::default());
        let mut r = records[0].clone();
        r.gazetteer = "0.0.0-0000".into();
        let line = serde_json::to_string(&r).unwrap();
        let mut ix = RecordIndex::default();
        let e = ix
            .add_stream(line.as_bytes(), Path::new("r.jsonl"), &g)
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("r.jsonl:1: this record was made with gazetteer key 0.0.0-0000"),
            "{e}"
        );
        let mut r = records[0].clone();
        r.processed.as_mut().unwrap().mentions[0].place = usize::MAX;
        let bad = format!("{}\n{{\"seq\":1}}\n", serde_json::to_string(&r).unwrap());
        let mut ix = RecordIndex::default();
        ix.add_stream(bad.as_bytes(), Path::new("r.jsonl"), &g)
            .unwrap();
        assert!(ix.entries.is_empty());
        let problems = &ix.problems;
        assert!(
            problems[0]
                .starts_with("skipped r.jsonl:1: id \"a\": a place or mention number out of range"),
            "{problems:?}"
        );
        assert!(
            problems[1]
                .starts_with("skipped r.jsonl:2: not a record of frontline extract: missing field"),
            "{problems:?}"
        );
    }
}
