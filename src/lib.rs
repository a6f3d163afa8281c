//! frontline turns war reporting into dated control maps.
//!
//! Data flows one way through the stages, one module each:
//!
//! 1. [`article`]: read an article and find its publication date;
//! 2. [`text`]: fold spellings, split words and sentences;
//! 3. [`gazetteer`]: the places, their names and boundaries;
//! 4. [`geoparse`]: find place names in the text and resolve them;
//! 5. [`claims`]: read who holds each place, and when, from the sentence around it;
//! 6. [`timeline`]: fuse the claims of all articles into each place's state per day;
//! 7. [`layers`]: write GeoJSON layers and JSON-lines records.
//!
//! [`eval`] scores the stages against gold annotations; [`explain`] tells one place's
//! timeline with its evidence.
//!
//! [`pipeline`] runs the stages over many articles; the `frontline` binary is a thin
//! command-line front over it. [`split`] cuts a run in two, a map step per article
//! (`frontline extract`) and a reduce step over all of them (`frontline layers`), so the
//! first can run on many machines (as under Apache Spark).

#![warn(missing_docs)]

pub mod areas;
pub mod article;
pub mod atomic;
pub mod claims;
pub mod corpus;
pub mod eval;
pub mod exact;
pub mod explain;
pub mod fetch;
pub mod gazetteer;
pub mod geoparse;
pub mod intern;
pub mod layers;
pub mod pipeline;
pub mod precision;
pub mod split;
#[cfg(test)]
mod testing;
pub mod text;
pub mod timeline;

/// Prints the time since the first call, and the resident and peak memory of the process,
/// at a named point of a run to standard error when `FRONTLINE_MEMTRACE` is set (Linux;
/// for profiling).
pub fn memtrace(at: &str) {
    if std::env::var_os("FRONTLINE_MEMTRACE").is_some() {
        let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let get = |k: &str| {
            s.lines()
                .find(|l| l.starts_with(k))
                .unwrap_or("")
                .to_string()
        };
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let t = START.get_or_init(std::time::Instant::now).elapsed();
        eprintln!(
            "memtrace {:.2} s {at}: {} {}",
            t.as_secs_f64(),
            get("VmRSS"),
            get("VmHWM")
        );
    }
}
