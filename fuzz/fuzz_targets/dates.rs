//! Dates: any text against any reference date (including the ends of chrono's range),
//! and any day/month/year triple, resolve without a panic.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{NaiveDate, Weekday};
use frontline::claims::time;
use frontline::text::dates::{find_dates, stamp_date, DateMention};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Reference {
    /// Days from the common era: covers chrono's whole range, both ends included.
    Days(i32),
    /// A year, month and day that may not exist (day 0, 30 February, year 262143).
    Ymd(i32, u32, u32),
    Min,
    Max,
}

#[derive(Arbitrary, Debug)]
struct Input {
    reference: Reference,
    mention: (Option<i32>, u32, u32),
    weekday: u8,
    strictly: bool,
    text: String,
}

fuzz_target!(|input: Input| {
    let reference = match input.reference {
        Reference::Days(n) => NaiveDate::from_num_days_from_ce_opt(n),
        Reference::Ymd(y, m, d) => NaiveDate::from_ymd_opt(y, m, d),
        Reference::Min => Some(NaiveDate::MIN),
        Reference::Max => Some(NaiveDate::MAX),
    };
    let s = input.text.as_str();

    let found = find_dates(s);
    let mut last_end = 0;
    for m in &found {
        assert!(
            m.range.start >= last_end,
            "dates overlap or are out of order: {found:?}"
        );
        assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
        assert!((1..=12).contains(&m.month), "month {} in {m:?}", m.month);
        last_end = m.range.end;
        let _ = m.full();
        if let Some(r) = reference {
            let _ = m.resolve(r);
        }
    }
    let _ = stamp_date(s);

    let (year, month, day) = input.mention;
    let dm = DateMention {
        range: 0..0,
        year,
        month,
        day,
    };
    let _ = dm.full();

    for published in [reference, None] {
        for t in time::find(s, published) {
            assert!(t.range.start <= t.range.end && t.range.end <= s.len());
            if let Some(span) = t.span {
                assert!(
                    span.from <= span.to,
                    "span {span:?} of {t:?} runs backwards"
                );
            }
        }
    }
    let _ = time::years(s);

    if let Some(r) = reference {
        let _ = dm.resolve(r);
        let day = match input.weekday % 7 {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        };
        let _ = time::latest_weekday(r, day, input.strictly);
    }
});
