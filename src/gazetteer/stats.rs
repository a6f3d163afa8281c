//! Counts of a gazetteer: places by governorate and kind, and how well they are named.

use super::{Gazetteer, Kind};
use std::collections::BTreeMap;

/// Summary counts of a gazetteer.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stats {
    /// All places.
    pub places: usize,
    /// Places in Syria.
    pub in_syria: usize,
    /// Places abroad.
    pub foreign: usize,
    /// Syrian places by governorate P-code, then kind.
    pub by_governorate: BTreeMap<String, BTreeMap<Kind, usize>>,
    /// Share of Syrian places with an Arabic name, 0..1.
    pub arabic_share: f64,
    /// Share of Syrian places with at least two Latin spellings (name plus one alternate), 0..1.
    pub two_latin_share: f64,
    /// Places whose source says their coordinates are unchecked.
    pub unchecked: Vec<String>,
}

/// Counts a gazetteer.
///
/// ```
/// let g = frontline::gazetteer::Gazetteer::bundled().unwrap();
/// let s = frontline::gazetteer::stats::stats(&g);
/// assert_eq!(s.places, s.in_syria + s.foreign);
/// assert_eq!(s.by_governorate.len(), 15); // 14 governorates and Syria itself
/// ```
pub fn stats(g: &Gazetteer) -> Stats {
    let syrian: Vec<_> = g.places.iter().filter(|p| p.in_syria()).collect();
    let mut by_governorate: BTreeMap<String, BTreeMap<Kind, usize>> = BTreeMap::new();
    for p in &syrian {
        *by_governorate
            .entry(p.governorate.clone())
            .or_default()
            .entry(p.kind)
            .or_default() += 1;
    }
    let share = |n: usize| {
        if syrian.is_empty() {
            0.0
        } else {
            (n as f64 / syrian.len() as f64 * 1000.0).round() / 1000.0
        }
    };
    Stats {
        places: g.places.len(),
        in_syria: syrian.len(),
        foreign: g.places.len() - syrian.len(),
        by_governorate,
        arabic_share: share(syrian.iter().filter(|p| !p.name_ar.is_empty()).count()),
        two_latin_share: share(syrian.iter().filter(|p| !p.alt_names.is_empty()).count()),
        unchecked: g
            .places
            .iter()
            .filter(|p| p.source.starts_with("UNCHECKED"))
            .map(|p| p.id.clone())
            .collect(),
    }
}

/// The counts as a Markdown table plus summary lines.
pub fn markdown(g: &Gazetteer, s: &Stats) -> String {
    let kinds: Vec<Kind> = Kind::ALL
        .iter()
        .copied()
        .filter(|k| *k != Kind::Region)
        .collect();
    let mut out = String::from("| governorate |");
    for k in &kinds {
        out.push_str(&format!(" {k} |"));
    }
    out.push_str(" all |\n|---|");
    out.push_str(&"---|".repeat(kinds.len() + 1));
    out.push('\n');
    for (code, counts) in &s.by_governorate {
        let name = if code.is_empty() {
            "(country)".to_string()
        } else {
            format!("{} ({code})", g.governorate_name(code).unwrap_or(code))
        };
        out.push_str(&format!("| {name} |"));
        for k in &kinds {
            out.push_str(&format!(" {} |", counts.get(k).copied().unwrap_or(0)));
        }
        out.push_str(&format!(" {} |\n", counts.values().sum::<usize>()));
    }
    out.push_str(&format!(
        "\n{} places: {} in Syria, {} abroad. Syrian places with an Arabic name: {:.1} %; with at least two Latin spellings: {:.1} %. Unchecked coordinates: {}.\n",
        s.places,
        s.in_syria,
        s.foreign,
        s.arabic_share * 100.0,
        s.two_latin_share * 100.0,
        if s.unchecked.is_empty() { "none".to_string() } else { s.unchecked.join(", ") }
    ));
    out
}
