//! Explicit calendar dates in running text: "1 December 2024", "November 30, 2024", "2024-11-29", "Dec. 3".

use chrono::NaiveDate;
use regex::{Regex, RegexSet};
use std::ops::Range;
use std::sync::LazyLock;

const MONTH: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\.?";

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("valid regex"));
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(\d{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b){MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(\d{{4}})(?-u:\b))?"
    ))
    .expect("valid regex")
});

/// Day, month and year in digits: "30/11/2024", "30.11.2024"; "11/30/2024" is read
/// month first because 30 cannot be a month.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})([/.])(\d{1,2})([/.])(\d{4})(?-u:\b)").expect("valid regex")
});

/// The date patterns in one set: a text is searched only with those it matches.
static DATES: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([&ISO, &NUMERIC, &DMY, &MDY].map(|re| re.as_str())).expect("valid regexes")
});

/// A date written out in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range in the searched text.
    pub range: Range<usize>,
    /// The year, when written.
    pub year: Option<i32>,
    /// Month 1–12.
    pub month: u32,
    /// Day of the month.
    pub day: u32,
}

impl DateMention {
    /// The full date when the year was written and the date exists.
    pub fn full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }

    /// The date, taking a missing year from `reference` so that it falls on or before it
    /// (or at most a week after, for reports that look ahead).
    pub fn resolve(&self, reference: NaiveDate) -> Option<NaiveDate> {
        use chrono::Datelike;
        if let Some(d) = self.full() {
            return Some(d);
        }
        let y = reference.year();
        let this = NaiveDate::from_ymd_opt(y, self.month, self.day)?;
        // A week after the last day chrono has is past every date it has.
        let week_after = reference
            .checked_add_days(chrono::Days::new(7))
            .unwrap_or(NaiveDate::MAX);
        if this <= week_after {
            Some(this)
        } else {
            NaiveDate::from_ymd_opt(y - 1, self.month, self.day)
        }
    }
}

fn month_number(m: &str) -> u32 {
    let m = m.trim_end_matches('.').to_lowercase();
    let names = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    names
        .iter()
        .position(|n| m.starts_with(n))
        .map(|i| i as u32 + 1)
        .unwrap_or(0)
}

/// Every explicit date in `s`, in order; impossible dates (31 November) are left out.
///
/// ```
/// use frontline::text::dates::find_dates;
/// let d = find_dates("Taken on November 30, 2024 and held by 1 Dec; see 2024-12-05.");
/// let got: Vec<String> = d.iter().map(|m| format!("{:?}-{}-{}", m.year, m.month, m.day)).collect();
/// assert_eq!(got, ["Some(2024)-11-30", "None-12-1", "Some(2024)-12-5"]);
/// ```
pub fn find_dates(s: &str) -> Vec<DateMention> {
    let mut out: Vec<DateMention> = Vec::new();
    // Every pattern needs a digit; `\d` also takes other scripts' digits, so only a text
    // of ASCII without one is passed over unsearched.
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    let found = DATES.matches(s);
    let [iso, numeric, dmy, mdy]: [bool; 4] = std::array::from_fn(|i| found.matched(i));
    if iso {
        for c in ISO.captures_iter(s) {
            let m = c.get(0).expect("whole match");
            out.push(DateMention {
                range: m.range(),
                year: c[1].parse().ok(),
                month: c[2].parse().unwrap_or(0),
                day: c[3].parse().unwrap_or(0),
            });
        }
    }
    if numeric {
        for c in NUMERIC.captures_iter(s) {
            if c[2] != c[4] {
                continue;
            }
            let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[3].parse().unwrap_or(0));
            // Day first, as most of the world writes it, unless that cannot be a date.
            let (day, month) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
            out.push(DateMention {
                range: c.get(0).expect("whole match").range(),
                year: c[5].parse().ok(),
                month,
                day,
            });
        }
    }
    // Month names: "1 December 2024" (day in group 1), "December 1, 2024" (day in group 2).
    for (on, re, day, month) in [(dmy, &*DMY, 1, 2), (mdy, &*MDY, 2, 1)] {
        if !on {
            continue;
        }
        for c in re.captures_iter(s) {
            out.push(DateMention {
                range: c.get(0).expect("whole match").range(),
                year: c.get(3).and_then(|y| y.as_str().parse().ok()),
                month: month_number(&c[month]),
                day: c[day].parse().unwrap_or(0),
            });
        }
    }
    out.retain(|d| NaiveDate::from_ymd_opt(d.year.unwrap_or(2024), d.month, d.day).is_some());
    out.sort_by_key(|d| (d.range.start, std::cmp::Reverse(d.range.end)));
    // Drop matches inside an earlier, longer one ("1 December 2024" also holds "December 2024"? no, but "Dec 1" inside "1 Dec 1...")
    let mut kept: Vec<DateMention> = Vec::new();
    for d in out {
        if kept.last().is_some_and(|k| d.range.start < k.range.end) {
            continue;
        }
        kept.push(d);
    }
    kept
}

/// The calendar date of a timestamp, in its own offset; plain dates and written dates
/// ("5 December 2024") too.
///
/// ```
/// use frontline::text::dates::stamp_date;
/// assert_eq!(stamp_date("2024-11-29T22:45:00-05:00").unwrap().to_string(), "2024-11-29");
/// assert_eq!(stamp_date("Sat, 30 Nov 2024 10:00:00 +0000").unwrap().to_string(), "2024-11-30");
/// assert_eq!(stamp_date("20241201T093000Z").unwrap().to_string(), "2024-12-01");
/// assert_eq!(stamp_date("5 December 2024, 16:40").unwrap().to_string(), "2024-12-05");
/// assert!(stamp_date("soon").is_none());
/// ```
pub fn stamp_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
        "%Y%m%dT%H%M%S%#z",
    ] {
        if let Ok(d) = chrono::DateTime::parse_from_str(s, f) {
            return Some(d.date_naive());
        }
    }
    let head = s.get(..10).unwrap_or(s);
    if let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s.get(..8).unwrap_or(s), "%Y%m%d") {
        return Some(d);
    }
    find_dates(s).into_iter().find_map(|d| d.full())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn header_styles() {
        let d = find_dates("1 December 2024, 07:14 | Updated: 1 December 2024, 09:23");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].full(), Some(ymd(2024, 12, 1)));
        assert_eq!(
            find_dates("29 November 2024")[0].full(),
            Some(ymd(2024, 11, 29))
        );
        assert_eq!(find_dates("2024-11-29")[0].full(), Some(ymd(2024, 11, 29)));
        assert_eq!(
            find_dates("Dec. 3rd, 2024")[0].full(),
            Some(ymd(2024, 12, 3))
        );
    }

    #[test]
    fn impossible_and_verbs_are_not_dates() {
        assert!(find_dates("31 November 2024").is_empty());
        assert!(find_dates("it may be 30 days").is_empty());
        assert!(find_dates("2024-13-01").is_empty());
    }

    #[test]
    fn missing_year_resolves_backwards() {
        let d = &find_dates("on December 30")[0];
        assert_eq!(d.resolve(ymd(2025, 1, 2)), Some(ymd(2024, 12, 30)));
        assert_eq!(d.resolve(ymd(2024, 12, 28)), Some(ymd(2024, 12, 30)));
    }

    #[test]
    fn resolving_against_the_last_day_chrono_has() {
        // Found reviewing the `dates` fuzz target's crash: a week after NaiveDate::MAX overflowed.
        let d = &find_dates("on December 30")[0];
        let last = NaiveDate::MAX;
        use chrono::Datelike;
        assert_eq!(d.resolve(last), Some(ymd(last.year(), 12, 30)));
        // Impossible dates are no full date and resolve to none, without a panic.
        for (m, day) in [(2, 30), (1, 0), (13, 1)] {
            let m = DateMention {
                range: 0..0,
                year: None,
                month: m,
                day,
            };
            assert_eq!(m.full(), None);
            assert_eq!(m.resolve(last), None);
            assert_eq!(m.resolve(NaiveDate::MIN), None);
        }
        let beyond = DateMention {
            range: 0..0,
            year: Some(262_143),
            month: 1,
            day: 1,
        };
        assert_eq!(beyond.full(), None);
    }
}
