//! Time expressions in a sentence, resolved against the publication date.

use crate::text::dates::find_dates;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// How a claim's date was arrived at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// A calendar date written in the sentence.
    Stated,
    /// A relative expression ("on Saturday", "overnight") resolved against the publication date.
    Relative,
    /// No time expression: the claim holds at or before publication.
    Publication,
    /// No date can be given: the article is undated.
    Unresolved,
}

/// A time expression found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeExpr {
    /// Byte range within the sentence.
    pub range: Range<usize>,
    /// The date it names, if it can be resolved.
    pub date: Option<NaiveDate>,
    /// How it was resolved.
    pub basis: DateBasis,
}

/// A year written alone ("in 2016", "since 2020"): a sign that the sentence looks back.
#[derive(Clone, Debug, PartialEq)]
pub struct YearMention {
    /// Byte range within the sentence.
    pub range: Range<usize>,
    /// The year.
    pub year: i32,
}

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(early|late|on|last|this|since|by|earlier on|later on)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(morning|afternoon|evening|night))?\b")
        .expect("valid regex")
});
static SAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(overnight|today|tonight|this morning|this afternoon|this evening|earlier today)\b",
    )
    .expect("valid regex")
});
static DAY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(yesterday|last night)\b").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[4-9]\d|20\d\d)\b").expect("valid regex"));

fn weekday(name: &str) -> Weekday {
    match name {
        "Monday" => Weekday::Mon,
        "Tuesday" => Weekday::Tue,
        "Wednesday" => Weekday::Wed,
        "Thursday" => Weekday::Thu,
        "Friday" => Weekday::Fri,
        "Saturday" => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The latest `day` on or before `reference` (strictly before when `strictly`).
///
/// ```
/// use chrono::{NaiveDate, Weekday};
/// let sunday = NaiveDate::from_ymd_opt(2024, 12, 1).unwrap();
/// assert_eq!(frontline::claims::time::latest_weekday(sunday, Weekday::Sat, false).to_string(), "2024-11-30");
/// assert_eq!(frontline::claims::time::latest_weekday(sunday, Weekday::Sun, false), sunday);
/// assert_eq!(frontline::claims::time::latest_weekday(sunday, Weekday::Sun, true).to_string(), "2024-11-24");
/// ```
pub fn latest_weekday(reference: NaiveDate, day: Weekday, strictly: bool) -> NaiveDate {
    let back = (reference.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
    let back = if back == 0 && strictly { 7 } else { back };
    reference - Duration::days(back as i64)
}

/// Finds the time expressions of a sentence and resolves them against `published`.
pub fn find(sentence: &str, published: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let rel = |d: Option<NaiveDate>| {
        if d.is_some() {
            DateBasis::Relative
        } else {
            DateBasis::Unresolved
        }
    };
    for m in find_dates(sentence) {
        let (date, basis) = match (m.full(), published) {
            (Some(d), _) => (Some(d), DateBasis::Stated),
            (None, Some(p)) => (m.resolve(p), DateBasis::Stated),
            (None, None) => (None, DateBasis::Unresolved),
        };
        out.push(TimeExpr {
            range: m.range.clone(),
            date,
            basis,
        });
    }
    for c in WEEKDAY.captures_iter(sentence) {
        let whole = c.get(0).expect("whole match").range();
        if out
            .iter()
            .any(|t| t.range.start < whole.end && whole.start < t.range.end)
        {
            continue;
        }
        let strictly = c.get(1).is_some_and(|p| p.as_str() == "last");
        let date = published.map(|p| latest_weekday(p, weekday(&c[2]), strictly));
        out.push(TimeExpr {
            range: whole,
            date,
            basis: rel(date),
        });
    }
    for m in SAME_DAY.find_iter(sentence) {
        out.push(TimeExpr {
            range: m.range(),
            date: published,
            basis: rel(published),
        });
    }
    for m in DAY_BEFORE.find_iter(sentence) {
        let date = published.map(|p| p - Duration::days(1));
        out.push(TimeExpr {
            range: m.range(),
            date,
            basis: rel(date),
        });
    }
    out.sort_by_key(|t| t.range.start);
    out
}

/// Years written on their own (not inside a full date).
pub fn years(sentence: &str) -> Vec<YearMention> {
    let dates = find_dates(sentence);
    YEAR.find_iter(sentence)
        .filter(|m| {
            !dates
                .iter()
                .any(|d| d.range.start <= m.start() && m.end() <= d.range.end)
        })
        .map(|m| YearMention {
            range: m.range(),
            year: m.as_str().parse().unwrap_or(0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weekdays_and_relative_days() {
        let p = Some(d("2024-12-01")); // a Sunday
        let t = find(
            "rebels overran Aleppo on Saturday and struck Idlib on Sunday overnight",
            p,
        );
        let got: Vec<String> = t.iter().map(|t| t.date.unwrap().to_string()).collect();
        assert_eq!(got, ["2024-11-30", "2024-12-01", "2024-12-01"]);
        assert_eq!(t[0].basis, DateBasis::Relative);
        assert_eq!(find("late Friday", p)[0].date, Some(d("2024-11-29")));
        assert_eq!(find("yesterday", p)[0].date, Some(d("2024-11-30")));
    }

    #[test]
    fn undated_articles_resolve_nothing_relative() {
        let t = find("on Saturday, and on November 30, 2024", None);
        assert_eq!((t[0].date, t[0].basis), (None, DateBasis::Unresolved));
        assert_eq!(t[1].date, Some(d("2024-11-30")));
        assert_eq!(t[1].basis, DateBasis::Stated);
    }

    #[test]
    fn lone_years() {
        let y = years("since 2016, and on December 1, 2024");
        assert_eq!(y.len(), 1);
        assert_eq!(y[0].year, 2016);
    }
}
