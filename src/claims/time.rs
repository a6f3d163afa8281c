//! Time expressions in a sentence, resolved against the publication date.
//!
//! Each expression resolves to a [`DateSpan`]: one day ("on Saturday", "30/11/2024") or a
//! range of days ("this week", "since Wednesday"), and says whether it was written as a
//! calendar date ([`DateBasis::Stated`]) or worked out from the publication date
//! ([`DateBasis::Relative`]). Without a publication date, relative expressions stay
//! unresolved: no date is invented.

use crate::text::dates::find_dates;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::{Regex, RegexSet};
use std::ops::Range;
use std::sync::LazyLock;

/// How a claim's date was arrived at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

impl DateBasis {
    /// True when the date was written out in the text; false when it was inferred.
    pub fn stated(self) -> bool {
        self == DateBasis::Stated
    }
}

/// How precise a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// One day.
    Day,
    /// Some day, or every day, within a range.
    Range,
}

/// The days a time expression covers, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DateSpan {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// True for "since X": the state holds from `from` on, so that is the day it dates.
    pub since: bool,
}

impl DateSpan {
    /// A single day.
    pub fn day(d: NaiveDate) -> Self {
        DateSpan {
            from: d,
            to: d,
            since: false,
        }
    }

    /// The day a claim with this span is placed on the timeline: the start of a "since"
    /// range, otherwise the last day (by then, at the latest, it was so).
    pub fn anchor(&self) -> NaiveDate {
        if self.since {
            self.from
        } else {
            self.to
        }
    }

    /// Day or range.
    pub fn precision(&self) -> Precision {
        if self.from == self.to {
            Precision::Day
        } else {
            Precision::Range
        }
    }
}

/// A time expression found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeExpr {
    /// Byte range within the sentence.
    pub range: Range<usize>,
    /// The days it names, if it can be resolved.
    pub span: Option<DateSpan>,
    /// How it was resolved.
    pub basis: DateBasis,
}

impl TimeExpr {
    /// The day a claim dated by this expression is placed on.
    pub fn date(&self) -> Option<NaiveDate> {
        self.span.map(|s| s.anchor())
    }
}

/// A year written alone ("in 2016", "since 2020"): a sign that the sentence looks back.
#[derive(Clone, Debug, PartialEq)]
pub struct YearMention {
    /// Byte range within the sentence.
    pub range: Range<usize>,
    /// The year.
    pub year: i32,
}

const DAY_NAME: &str = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:(early|late|on|last|this\s+past|this|since|by|until|earlier\s+on|later\s+on|overnight|before\s+dawn\s+on|from)\s+)?{DAY_NAME}(?:\s+(morning|afternoon|evening|night))?(?-u:\b)(?:\s+(?:to|into|and|through|until)\s+(?:early\s+|late\s+)?{DAY_NAME}(?-u:\b))?"
    ))
    .expect("valid regex")
});
static SAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(overnight|today|tonight|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|later\s+today|hours\s+ago|on\s+the\s+day)(?-u:\b)",
    )
    .expect("valid regex")
});
static DAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(yesterday|last\s+night)(?-u:\b)").expect("valid regex")
});
static DAYS_AGO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(a|one|two|three|four|five|six|seven|\d{1,2})\s+days?\s+(?:ago|earlier)(?-u:\b)|(?-u:\b)(a)\s+week\s+ago(?-u:\b)").expect("valid regex")
});
static PAST_DAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|over|during|within)\s+the\s+(?:past|last)\s+(?:(two|three|four|five|six|seven|few|\d{1,2})\s+days|(24|48|72)\s+hours|(week))(?-u:\b)|(?-u:\b)in\s+recent\s+days(?-u:\b)").expect("valid regex")
});
static WEEK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(earlier|later)\s+)?(this|last)\s+week(?:end)?(?-u:\b)|(?-u:\b)(?:over|at)\s+the\s+weekend(?-u:\b)").expect("valid regex")
});
/// The relative time patterns in one set: a sentence is searched only with those it matches.
static RELATIVE: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(
        [
            &WEEKDAY,
            &WEEK,
            &PAST_DAYS,
            &DAYS_AGO,
            &SAME_DAY,
            &DAY_BEFORE,
        ]
        .map(|re| re.as_str()),
    )
    .expect("valid regexes")
});
/// A word that every [`RELATIVE`] pattern holds, lower-case: a sentence without one, its
/// ASCII letters lower-cased, is not searched with them. "wee" stands for week and weekend,
/// since `(?i)` also lets `k` match the Kelvin sign (U+212A); none of the words has a letter
/// that `(?i)` matches beyond ASCII otherwise.
static RELATIVE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"day|wee|hour|night|morning|afternoon|evening").expect("valid regex")
});
static SINCE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)since\s+(?:the\s+)?$").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(19[4-9]\d|20\d\d)(?-u:\b)").expect("valid regex"));

fn weekday(name: &str) -> Weekday {
    match name.to_ascii_lowercase().as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn small_number(s: &str) -> Option<u64> {
    Some(match s.to_ascii_lowercase().as_str() {
        "a" | "one" => 1,
        "two" => 2,
        "three" | "few" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" | "week" => 7,
        n => n.parse().ok()?,
    })
}

/// The latest `day` on or before `reference` (strictly before when `strictly`); `None`
/// when that falls before the first day chrono can represent.
///
/// A weekday naming the reference day itself is that day, not a week earlier.
///
/// ```
/// use chrono::{NaiveDate, Weekday};
/// let sunday = NaiveDate::from_ymd_opt(2024, 12, 1).unwrap();
/// use frontline::claims::time::latest_weekday;
/// assert_eq!(latest_weekday(sunday, Weekday::Sat, false).unwrap().to_string(), "2024-11-30");
/// assert_eq!(latest_weekday(sunday, Weekday::Sun, false), Some(sunday));
/// assert_eq!(latest_weekday(sunday, Weekday::Sun, true).unwrap().to_string(), "2024-11-24");
/// ```
pub fn latest_weekday(reference: NaiveDate, day: Weekday, strictly: bool) -> Option<NaiveDate> {
    let back = (reference.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
    let back = if back == 0 && strictly { 7 } else { back };
    back_days(reference, back.into())
}

/// `n` days before `d`, if chrono can represent it.
fn back_days(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    d.checked_sub_days(Days::new(n))
}

/// Monday of the week `d` falls in.
fn monday(d: NaiveDate) -> Option<NaiveDate> {
    back_days(d, d.weekday().num_days_from_monday().into())
}

/// Finds the time expressions of a sentence and resolves them against `published`.
///
/// ```
/// use frontline::claims::time::{find, Precision};
/// let sunday = "2024-12-01".parse().ok();
/// let t = find("Rebels have held the town since Wednesday", sunday);
/// let s = t[0].span.unwrap();
/// assert_eq!((s.from.to_string(), s.to.to_string()), ("2024-11-27".into(), "2024-12-01".into()));
/// assert_eq!(s.precision(), Precision::Range);
/// assert_eq!(t[0].date().unwrap().to_string(), "2024-11-27");
/// ```
pub fn find(sentence: &str, published: Option<NaiveDate>) -> Vec<TimeExpr> {
    find_lowered(sentence, &sentence.to_ascii_lowercase(), published)
}

/// [`find`], given the sentence with its ASCII letters lower-cased as well (as claim
/// reading has it already), so that it is not lower-cased again.
pub(crate) fn find_lowered(
    sentence: &str,
    lower: &str,
    published: Option<NaiveDate>,
) -> Vec<TimeExpr> {
    debug_assert_eq!(lower, sentence.to_ascii_lowercase());
    let mut out: Vec<TimeExpr> = Vec::new();
    let overlaps = |out: &[TimeExpr], r: &Range<usize>| {
        out.iter()
            .any(|t| t.range.start < r.end && r.start < t.range.end)
    };
    let relative = |range: Range<usize>, span: Option<DateSpan>| TimeExpr {
        range,
        basis: if span.is_some() {
            DateBasis::Relative
        } else {
            DateBasis::Unresolved
        },
        span,
    };
    for m in find_dates(sentence) {
        let date = match (m.full(), published) {
            (Some(d), _) => Some(d),
            (None, Some(p)) => m.resolve(p),
            (None, None) => None,
        };
        let since = SINCE_DATE.is_match(&sentence[..m.range.start]);
        let span = date.map(|d| match (since, published) {
            (true, Some(p)) if p >= d => DateSpan {
                from: d,
                to: p,
                since: true,
            },
            _ => DateSpan::day(d),
        });
        out.push(TimeExpr {
            range: m.range.clone(),
            span,
            basis: if span.is_some() {
                DateBasis::Stated
            } else {
                DateBasis::Unresolved
            },
        });
    }
    let found = RELATIVE_WORDS
        .is_match(lower)
        .then(|| RELATIVE.matches(sentence));
    let [weekdays, weeks, past_days, days_ago, same_day, day_before]: [bool; 6] =
        std::array::from_fn(|i| found.as_ref().is_some_and(|f| f.matched(i)));
    if weekdays {
        for c in WEEKDAY.captures_iter(sentence) {
            let whole = c.get(0).expect("whole match").range();
            if overlaps(&out, &whole) {
                continue;
            }
            let prefix = c
                .get(1)
                .map(|p| p.as_str().to_ascii_lowercase())
                .unwrap_or_default();
            let strictly = prefix == "last";
            let span = published.and_then(|p| {
                let first = latest_weekday(p, weekday(&c[2]), strictly)?;
                Some(match c.get(4) {
                    // "from Friday to Sunday", "Friday into Saturday": the second day ends it.
                    Some(second) => {
                        let end = latest_weekday(p, weekday(second.as_str()), false)?;
                        let start = if first <= end {
                            first
                        } else {
                            back_days(first, 7)?
                        };
                        DateSpan {
                            from: start,
                            to: end,
                            since: false,
                        }
                    }
                    None if prefix == "since" => DateSpan {
                        from: first,
                        to: p,
                        since: true,
                    },
                    None => DateSpan::day(first),
                })
            });
            out.push(relative(whole, span));
        }
    }
    let add = |out: &mut Vec<TimeExpr>, range: Range<usize>, span: Option<DateSpan>| {
        if !overlaps(out, &range) {
            out.push(relative(range, span));
        }
    };
    if weeks {
        for m in WEEK.captures_iter(sentence) {
            let whole = m.get(0).expect("whole match");
            let text = whole.as_str().to_ascii_lowercase();
            let span = published.and_then(|p| {
                Some(if text.ends_with("weekend") {
                    let sat = latest_weekday(p, Weekday::Sat, text.contains("last"))?;
                    DateSpan {
                        from: sat,
                        // Sunday, unless publication came first; the last day chrono has has no Sunday after it.
                        to: sat.succ_opt().map_or(p, |sun| sun.min(p.max(sat))),
                        since: false,
                    }
                } else if m
                    .get(2)
                    .is_some_and(|w| w.as_str().eq_ignore_ascii_case("last"))
                {
                    let start = back_days(monday(p)?, 7)?;
                    DateSpan {
                        from: start,
                        to: start.checked_add_days(Days::new(6))?,
                        since: false,
                    }
                } else {
                    DateSpan {
                        from: monday(p)?,
                        to: p,
                        since: false,
                    }
                })
            });
            add(&mut out, whole.range(), span);
        }
    }
    if past_days {
        for c in PAST_DAYS.captures_iter(sentence) {
            let whole = c.get(0).expect("whole match");
            let n = c
                .get(1)
                .and_then(|n| small_number(n.as_str()))
                .or_else(|| {
                    c.get(2)
                        .and_then(|h| h.as_str().parse::<u64>().ok().map(|h| h / 24))
                })
                .or_else(|| c.get(3).map(|_| 7))
                .unwrap_or(3);
            let span = published.and_then(|p| {
                Some(DateSpan {
                    from: back_days(p, n.max(1) - 1)?,
                    to: p,
                    since: false,
                })
            });
            add(&mut out, whole.range(), span);
        }
    }
    if days_ago {
        for c in DAYS_AGO.captures_iter(sentence) {
            let whole = c.get(0).expect("whole match");
            let n = c.get(1).and_then(|n| small_number(n.as_str())).unwrap_or(7);
            add(
                &mut out,
                whole.range(),
                published.and_then(|p| Some(DateSpan::day(back_days(p, n)?))),
            );
        }
    }
    if same_day {
        for m in SAME_DAY.find_iter(sentence) {
            add(&mut out, m.range(), published.map(DateSpan::day));
        }
    }
    if day_before {
        for m in DAY_BEFORE.find_iter(sentence) {
            add(
                &mut out,
                m.range(),
                published.and_then(|p| Some(DateSpan::day(p.pred_opt()?))),
            );
        }
    }
    out.sort_by_key(|t| t.range.start);
    out
}

/// Years written on their own (not inside a full date).
pub fn years(sentence: &str) -> Vec<YearMention> {
    if !YEAR.is_match(sentence) {
        return Vec::new();
    }
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
    fn every_relative_match_holds_a_relative_word() {
        // `(?i)` matches an ASCII letter beyond ASCII only as the Kelvin sign (k) and the
        // long s (s), and no word of the prefilter has either letter.
        let letter = Regex::new("(?i)^[a-z]$").unwrap();
        let beyond: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|c| letter.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert_eq!(beyond, ['\u{17f}', '\u{212a}']);
        let words = RELATIVE_WORDS.as_str();
        assert!(!words.contains('k') && !words.contains('s'), "{words}");
        // Random sentences of the patterns' own words, in any case, with the Kelvin sign:
        // whatever the patterns find, the prefilter lets through.
        let pieces = [
            "Monday",
            "SUNDAY",
            "week",
            "WEE\u{212a}END",
            "weekend",
            "last",
            "this",
            "the",
            "past",
            "two",
            "72",
            "hours",
            "HOURS",
            "ago",
            "days",
            "day",
            "Day",
            "earlier",
            "today",
            "Tonight",
            "overnight",
            "morning",
            "Evening",
            "afternoon",
            "yesterday",
            "night",
            "recent",
            "in",
            "over",
            "at",
            "on",
            "a",
            "to",
            "Hama",
            ",",
            "\u{17f}",
        ];
        let mut next = crate::testing::rng(0x2545F4914F6CDD1D);
        let matched = (0..30_000)
            .map(|n| crate::testing::random_text(&pieces, 1 + n % 7, " ", &mut next))
            .filter(|s| RELATIVE.is_match(s))
            .inspect(|s| assert!(RELATIVE_WORDS.is_match(&s.to_ascii_lowercase()), "{s:?}"))
            .count();
        assert!(matched > 3_000, "{matched}");
        // The Kelvin sign is why the prefilter has "wee" and not "week".
        assert!(RELATIVE.is_match("last wee\u{212a}end"));
    }

    /// (from, to, basis) of each expression in `s`, published on Sunday 1 Dec 2024.
    fn spans(s: &str) -> Vec<(String, String, DateBasis)> {
        find(s, Some(d("2024-12-01")))
            .iter()
            .map(|t| {
                let sp = t.span.unwrap();
                (sp.from.to_string(), sp.to.to_string(), t.basis)
            })
            .collect()
    }

    fn one(s: &str) -> (String, String) {
        let v = spans(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        (v[0].0.clone(), v[0].1.clone())
    }

    fn day(s: &str) -> String {
        let (f, t) = one(s);
        assert_eq!(f, t, "{s}");
        f
    }

    #[test]
    fn weekdays_and_relative_days() {
        let p = Some(d("2024-12-01")); // a Sunday
        let t = find(
            "rebels overran Aleppo on Saturday and struck Idlib on Sunday overnight",
            p,
        );
        let got: Vec<String> = t.iter().map(|t| t.date().unwrap().to_string()).collect();
        assert_eq!(got, ["2024-11-30", "2024-12-01", "2024-12-01"]);
        assert_eq!(t[0].basis, DateBasis::Relative);
        assert!(!t[0].basis.stated());
        assert_eq!(day("late Friday"), "2024-11-29");
        assert_eq!(day("early Sunday"), "2024-12-01");
        assert_eq!(day("Saturday night"), "2024-11-30");
        assert_eq!(day("last Sunday"), "2024-11-24");
        assert_eq!(day("yesterday"), "2024-11-30");
        assert_eq!(day("today"), "2024-12-01");
        assert_eq!(day("two days ago"), "2024-11-29");
        assert_eq!(day("a week ago"), "2024-11-24");
    }

    #[test]
    fn ranges() {
        assert_eq!(
            one("fighting has raged since Wednesday"),
            ("2024-11-27".into(), "2024-12-01".into())
        );
        assert_eq!(
            one("earlier this week"),
            ("2024-11-25".into(), "2024-12-01".into())
        );
        assert_eq!(one("last week"), ("2024-11-18".into(), "2024-11-24".into()));
        assert_eq!(
            one("over the weekend"),
            ("2024-11-30".into(), "2024-12-01".into())
        );
        assert_eq!(
            one("in the past 48 hours"),
            ("2024-11-30".into(), "2024-12-01".into())
        );
        assert_eq!(
            one("from Friday to Sunday"),
            ("2024-11-29".into(), "2024-12-01".into())
        );
        assert_eq!(
            one("since 27 November"),
            ("2024-11-27".into(), "2024-12-01".into())
        );
        let t = find("this week", Some(d("2024-12-01")));
        assert_eq!(t[0].span.unwrap().precision(), Precision::Range);
        // A range dates a change at its end, a "since" range at its start.
        assert_eq!(t[0].date(), Some(d("2024-12-01")));
        assert_eq!(
            find("since Friday", Some(d("2024-12-01")))[0].date(),
            Some(d("2024-11-29"))
        );
    }

    #[test]
    fn explicit_dates_in_common_formats() {
        for s in [
            "30 November 2024",
            "November 30, 2024",
            "Nov. 30",
            "November 30th",
            "the 30th of November",
            "2024-11-30",
            "30/11/2024",
            "30.11.2024",
            "11/30/2024",
            "Saturday, Nov 30",
        ] {
            let v = spans(s);
            assert!(!v.is_empty(), "{s}");
            assert!(
                v.iter().all(|x| x.0 == "2024-11-30" && x.1 == "2024-11-30"),
                "{s}: {v:?}"
            );
            assert_eq!(v[v.len() - 1].2, DateBasis::Stated, "{s}");
        }
    }

    #[test]
    fn undated_articles_resolve_nothing_relative() {
        let t = find("on Saturday, and on November 30, 2024", None);
        assert_eq!((t[0].span, t[0].basis), (None, DateBasis::Unresolved));
        assert_eq!(t[1].date(), Some(d("2024-11-30")));
        assert_eq!(t[1].basis, DateBasis::Stated);
        assert!(find("this week and yesterday", None)
            .iter()
            .all(|t| t.span.is_none() && t.basis == DateBasis::Unresolved));
    }

    #[test]
    fn the_ends_of_the_calendar_do_not_overflow() {
        // Found by the `dates` fuzz target: latest_weekday(NaiveDate::MIN, ..) panicked on
        // overflow. The other day arithmetic of `find` ("last week", "yesterday", "two days
        // ago", a weekend at NaiveDate::MAX) could overflow the same way and is checked too.
        for wd in [Weekday::Mon, Weekday::Thu, Weekday::Sun] {
            assert_eq!(latest_weekday(NaiveDate::MIN, wd, true), None);
            let same = latest_weekday(NaiveDate::MIN, wd, false);
            assert_eq!(same.is_some(), NaiveDate::MIN.weekday() == wd);
            assert!(latest_weekday(NaiveDate::MAX, wd, true).is_some());
        }
        let all = "on Saturday, last Sunday, since Wednesday, from Friday to Sunday, over the \
                   weekend, last weekend, last week, this week, in the past 3 days, two days ago, \
                   a week ago, today, yesterday, on December 30, since 1 January";
        for p in [NaiveDate::MIN, NaiveDate::MAX] {
            let t = find(all, Some(p));
            assert!(t.len() >= 14, "{t:?}");
            for e in &t {
                if let Some(s) = e.span {
                    assert!(s.from <= s.to, "{e:?}");
                } else {
                    assert_eq!(e.basis, DateBasis::Unresolved, "{e:?}");
                }
            }
        }
        let t = find("today", Some(NaiveDate::MAX));
        assert_eq!(t[0].date(), Some(NaiveDate::MAX));
    }

    #[test]
    fn lone_years() {
        let y = years("since 2016, and on December 1, 2024");
        assert_eq!(y.len(), 1);
        assert_eq!(y[0].year, 2016);
    }
}
