//! The evaluation as a plain-text table and problem list.

use super::{Counts, Metrics, Report};
use std::fmt::Write;

fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into())
}

fn row(name: &str, c: &Counts, m: &Metrics) -> String {
    format!(
        "{name:<40} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6} {:>7} {:>6} {:>3} {:>7} {:>6}\n",
        c.gold_mentions,
        c.found,
        c.found - c.found_right,
        pct(m.precision),
        pct(m.recall),
        pct(m.f1),
        pct(m.resolution_within),
        pct(m.resolution_exact),
        c.unresolved,
        format!("{}/{}", c.claims_right, c.claims),
        pct(m.claim_accuracy),
    )
}

/// Renders the report as text: per-article table, totals, calibration, problems.
pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "gold: {}", r.gold);
    s.push_str(&format!(
        "{:<40} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6} {:>7} {:>6} {:>3} {:>7} {:>6}\n",
        "article",
        "gold",
        "found",
        "false",
        "P",
        "R",
        "F1",
        "res@tol",
        "exact",
        "unr",
        "claims",
        "acc"
    ));
    for a in &r.articles {
        s.push_str(&row(&a.article, &a.counts, &a.metrics));
    }
    s.push_str(&row(
        &format!("overall ({} articles)", r.articles.len()),
        &r.overall,
        &r.metrics,
    ));
    let o = &r.overall;
    let _ = writeln!(
        s,
        "\nnot-place strings read as places: {}; mentions resolved abroad or to a country (not scored): {}; claims with the gold status too: {}/{}; forbidden claims made: {}",
        o.not_place_hits, o.foreign_ignored, o.claims_status_right, o.claims, o.forbidden_claims
    );
    let _ = writeln!(
        s,
        "unresolved gold mentions: {} (best candidate would have been right for {})",
        o.unresolved, r.unresolved_would_be_right
    );
    s.push_str("\nresolution by score\n  score         n  within tolerance\n");
    for b in &r.calibration {
        let _ = writeln!(
            s,
            "  {:.2}-{:<5.3} {:>4}  {}",
            b.from,
            b.to,
            b.n,
            b.accuracy
                .map(|a| format!("{a:.3} ({}/{})", b.right, b.n))
                .unwrap_or_else(|| "-".into())
        );
    }
    if !r.missing.is_empty() {
        s.push_str("\nmissing articles\n");
        for m in &r.missing {
            let _ = writeln!(s, "  {m}");
        }
    }
    if !r.gold_warnings.is_empty() {
        s.push_str("\ngold warnings\n");
        for w in &r.gold_warnings {
            let _ = writeln!(s, "  {w}");
        }
    }
    if r.problems.is_empty() {
        s.push_str("\nno misses, false hits or claim errors\n");
    } else {
        let _ = writeln!(s, "\nproblems ({})", r.problems.len());
        for p in &r.problems {
            let _ = writeln!(
                s,
                "  {}:{}: {}: {:?}: {}",
                p.article, p.line, p.kind, p.text, p.detail
            );
        }
    }
    s
}
