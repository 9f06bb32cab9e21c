//! Dates: [`Stamp`], a day (and maybe a time) a draft is dated, read from the ways people
//! write one; calendar arithmetic without a clock. [`DateError`] says why a written date
//! is not read.

use std::fmt;
use std::ops::Range;

/// A day (and maybe a time of day) a draft is dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    /// Days since 1970-01-01.
    day: i64,
    /// Minutes since midnight, when a time was given.
    minute: Option<u32>,
}

impl Stamp {
    /// A date as the front matter gives it, optionally followed by a time of day:
    /// `2026-11-20`, `2026/11/20`, `2026-1-5`, `20 November 2026`, `20th Nov 2026`,
    /// `November 20, 2026`, `Friday, 20 November 2026`; then `18:30`, `T18:30:00+01:00`
    /// or `at 9:05` (seconds and offsets are read past, not used). Anything after a valid
    /// date that is not a time is ignored. `None` for anything else; [`Stamp::read`] says why.
    pub fn parse(text: &str) -> Option<Stamp> {
        Stamp::read(text).ok()
    }

    /// Like [`Stamp::parse`], with the reason when `text` is not a date: no such day
    /// (`2025-13-45`), day and month as numbers in an order that cannot be known
    /// (`09/10/2025`), or a way of writing it that is not read (`someday`, `20250920`).
    pub fn read(text: &str) -> Result<Stamp, DateError> {
        let text = text.trim();
        let (day, rest) = read_day(text)?;
        Ok(Stamp {
            day,
            minute: time_after(rest),
        })
    }

    /// The date a file name starts with (`2026-11-20-coffee.md`), when the date is not
    /// followed by another digit.
    pub fn from_file_name(name: &str) -> Option<Stamp> {
        Stamp::read_file_name(name)?.ok()
    }

    /// Whether a file name starts with a date: `None` when it does not look dated at all,
    /// an error when it starts like one but is no day on the calendar (`2025-02-30-x.md`)
    /// or puts the day and month first (`20-09-2025-x.md`). Only `YYYY-MM-DD` dates a file
    /// by its name.
    pub fn read_file_name(name: &str) -> Option<Result<Stamp, DateError>> {
        let b = name.as_bytes();
        let digits = |r: Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        if b.get(10).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        if digits(0..4)
            && b.get(4) == Some(&b'-')
            && digits(5..7)
            && b.get(7) == Some(&b'-')
            && digits(8..10)
        {
            let number = |r: Range<usize>| name[r].parse::<u32>().unwrap_or(0);
            let day = calendar_day(number(0..4), number(5..7), number(8..10));
            return Some(day.map(|day| Stamp { day, minute: None }));
        }
        let sep = b.get(2).copied();
        if digits(0..2)
            && matches!(sep, Some(b'-' | b'.'))
            && digits(3..5)
            && b.get(5).copied() == sep
            && digits(6..10)
        {
            return Some(Err(DateError::Ambiguous));
        }
        None
    }

    /// The stamp `days` after 1970-01-01, without a time (for rule examples).
    pub fn from_day(days: i64) -> Stamp {
        Stamp {
            day: days,
            minute: None,
        }
    }

    /// Whole days from `earlier` to this stamp: by the clock when both have a time, by
    /// the calendar otherwise.
    pub fn days_since(&self, earlier: &Stamp) -> i64 {
        match (self.minute, earlier.minute) {
            (Some(a), Some(b)) => {
                let minutes = (self.day - earlier.day) * 1440 + i64::from(a) - i64::from(b);
                minutes.div_euclid(1440)
            }
            _ => self.day - earlier.day,
        }
    }

    /// The order drafts are read in: by day, then time (a draft without one counts as
    /// written at midnight).
    pub(super) fn key(&self) -> (i64, u32) {
        (self.day, self.minute.unwrap_or(0))
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.day);
        write!(f, "{y:04}-{m:02}-{d:02}")?;
        if let Some(minute) = self.minute {
            write!(f, " {:02}:{:02}", minute / 60, minute % 60)?;
        }
        Ok(())
    }
}

/// Why a written date does not date a draft. Each reads after "This date …" or "…,
/// which …".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Written like a date, but there is no such day.
    #[error("is not a day on the calendar ({0})")]
    NotOnCalendar(String),
    /// The day and the month are both numbers, and either could come first.
    #[error("could be read day first or month first")]
    Ambiguous,
    /// Not a way of writing a date that amends reads.
    #[error("is not written in a way amends can read")]
    Unreadable,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Days since 1970-01-01 of a year, month and day, when that day exists (years from 1000).
fn calendar_day(year: u32, month: u32, day: u32) -> Result<i64, DateError> {
    let not = |why: String| Err(DateError::NotOnCalendar(why));
    if year < 1000 {
        return not("amends reads years from 1000 on".into());
    }
    if !(1..=12).contains(&month) {
        return not(format!("there is no month {month}"));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    let name = MONTHS[month as usize - 1];
    match day {
        0 => not("there is no day 0".into()),
        d if d > days_in_month && month == 2 => {
            not(format!("{name} {year} has {days_in_month} days"))
        }
        d if d > days_in_month => not(format!("{name} has {days_in_month} days")),
        d => Ok(days_from_civil(i64::from(year), month, d)),
    }
}

/// The day a date at the start of `text` names, and what follows it.
fn read_day(text: &str) -> Result<(i64, &str), DateError> {
    let mut at = Cursor { text, at: 0 };
    let lead = at.digits();
    let sep = text.as_bytes().get(lead).copied();
    // Year first, in numbers: 2026-11-20, 2026/11/20, 2026-1-5.
    if lead == 4 && matches!(sep, Some(b'-' | b'/')) {
        let year = at.number(4..=4).ok_or(DateError::Unreadable)?;
        at.at += 1;
        let month = at.number(1..=2).ok_or(DateError::Unreadable)?;
        if !at.eat(char::from(sep.unwrap_or(b'-'))) {
            return Err(DateError::Unreadable);
        }
        let day = at.number(1..=2).ok_or(DateError::Unreadable)?;
        let rest = at.rest();
        // The date ends there, or a `T` and the time follow (2026-11-20T18:30).
        if rest.starts_with(|c: char| c.is_alphanumeric() && c != 'T' && c != 't') {
            return Err(DateError::Unreadable);
        }
        return Ok((calendar_day(year, month, day)?, rest));
    }
    // Day and month in numbers before the year: 09/10/2025, 20-09-2025, 20.9.25.
    if (1..=2).contains(&lead) && matches!(sep, Some(b'/' | b'-' | b'.')) {
        let mut probe = Cursor { text, at: lead + 1 };
        let second = probe.digits();
        if (1..=2).contains(&second) && text.as_bytes().get(lead + 1 + second).copied() == sep {
            probe.at += second + 1;
            if matches!(probe.digits(), 2 | 4) {
                return Err(DateError::Ambiguous);
            }
        }
        return Err(DateError::Unreadable);
    }
    // In words: an optional weekday, then 20 November 2026 or November 20, 2026.
    let before = at.at;
    if at.word().is_some_and(weekday) {
        at.eat('.');
        at.eat(',');
        at.space();
    } else {
        at.at = before;
    }
    let (day, month) = if let Some(day) = at.number(1..=2) {
        at.ordinal();
        at.space();
        let before = at.at;
        if !at.word().is_some_and(|w| w.eq_ignore_ascii_case("of")) {
            at.at = before;
        }
        at.space();
        (day, at.month().ok_or(DateError::Unreadable)?)
    } else {
        let month = at.month().ok_or(DateError::Unreadable)?;
        at.space();
        let day = at.number(1..=2).ok_or(DateError::Unreadable)?;
        at.ordinal();
        (day, month)
    };
    at.eat(',');
    at.space();
    let year = at.number(4..=4).ok_or(DateError::Unreadable)?;
    if at.rest().starts_with(char::is_alphanumeric) {
        return Err(DateError::Unreadable);
    }
    Ok((calendar_day(year, month, day)?, at.rest()))
}

fn weekday(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .any(|d| *d == word || (word.len() >= 3 && d.starts_with(word.as_str())))
}

/// A place in a date being read.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.at..).unwrap_or("")
    }

    /// How many ASCII digits start here (without moving).
    fn digits(&self) -> usize {
        self.rest().bytes().take_while(u8::is_ascii_digit).count()
    }

    /// A number of `len` digits, not followed by another digit.
    fn number(&mut self, len: std::ops::RangeInclusive<usize>) -> Option<u32> {
        let n = self.digits();
        if !len.contains(&n) {
            return None;
        }
        let value = self.rest()[..n].parse().ok()?;
        self.at += n;
        Some(value)
    }

    /// A run of ASCII letters.
    fn word(&mut self) -> Option<&'a str> {
        let n = self
            .rest()
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let word = self.rest().get(..n).filter(|w| !w.is_empty())?;
        self.at += n;
        Some(word)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.rest().starts_with(c);
        if found {
            self.at += c.len_utf8();
        }
        found
    }

    fn space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    /// "st", "nd", "rd" or "th" after a day's number.
    fn ordinal(&mut self) {
        let before = self.at;
        let is_ordinal = self.word().is_some_and(|w| {
            ["st", "nd", "rd", "th"]
                .iter()
                .any(|o| w.eq_ignore_ascii_case(o))
        });
        if !is_ordinal {
            self.at = before;
        }
    }

    /// A month by name: "November", "Nov", "Nov.", "Sept".
    fn month(&mut self) -> Option<u32> {
        let before = self.at;
        let word = self.word().map(str::to_ascii_lowercase);
        let month = word.and_then(|w| {
            MONTHS.iter().position(|m| {
                let m = m.to_ascii_lowercase();
                w == m || (w.len() == 3 && m.starts_with(&w)) || (w == "sept" && m == "september")
            })
        });
        match month {
            Some(i) => {
                self.eat('.');
                Some(i as u32 + 1)
            }
            None => {
                self.at = before;
                None
            }
        }
    }
}

/// The time of day after a date, if one follows: `T18:30`, ` 18:30`, `, 9:05`, ` at 18:30`.
fn time_after(rest: &str) -> Option<u32> {
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest);
    let rest = rest.trim_start_matches([',', ' ']);
    let rest = rest.strip_prefix("at ").unwrap_or(rest).trim_start();
    parse_time(rest)
}

/// `HH:MM` or `H:MM` (then anything: seconds, an offset) as minutes since midnight.
fn parse_time(text: &str) -> Option<u32> {
    let hours = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&hours) || text.as_bytes().get(hours) != Some(&b':') {
        return None;
    }
    let minutes = text.get(hours + 1..hours + 3)?;
    if !minutes.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (text[..hours].parse().ok()?, minutes.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((month + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap_or_else(|| panic!("{text} is a date"))
    }

    #[test]
    fn dates_and_times_are_read_and_checked() {
        assert_eq!(stamp("1970-01-01").day, 0);
        assert_eq!(stamp("2000-03-01").day - stamp("2000-02-28").day, 2);
        assert_eq!(stamp("2100-03-01").day - stamp("2100-02-28").day, 1);
        assert_eq!(stamp("2026-11-20 18:30").minute, Some(18 * 60 + 30));
        assert_eq!(stamp("2026-11-20T07:05:00+01:00").minute, Some(7 * 60 + 5));
        assert_eq!(stamp("2026-11-20 evening").minute, None);
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-100",
            "20261120",
            "0999-01-01",
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
        for day in [-300_000, -1, 0, 59, 60, 10_957, 20_412, 2_000_000] {
            let s = Stamp::from_day(day);
            assert_eq!(stamp(&s.to_string()), s);
        }
        assert_eq!(stamp("2026-11-20 18:30").to_string(), "2026-11-20 18:30");
    }

    #[test]
    fn gaps_count_whole_days_by_the_clock_when_both_have_times() {
        let late = stamp("2026-11-20 23:00");
        assert_eq!(stamp("2026-11-21 08:00").days_since(&late), 0);
        assert_eq!(stamp("2026-11-27 22:59").days_since(&late), 6);
        assert_eq!(stamp("2026-11-27 23:00").days_since(&late), 7);
        assert_eq!(stamp("2026-11-27").days_since(&late), 7);
    }

    #[test]
    fn common_unambiguous_ways_of_writing_a_date_are_read() {
        let day = stamp("2025-09-20");
        for same in [
            "2025/09/20",
            "2025-9-20",
            "2025/9/20",
            "20 September 2025",
            "20 Sep 2025",
            "20th September 2025",
            "20th of September, 2025",
            "September 20, 2025",
            "Sept. 20 2025",
            "sep 20th, 2025",
            "Saturday, 20 September 2025",
            "Sat 20 Sep 2025",
            "  September 20, 2025  ",
        ] {
            assert_eq!(Stamp::parse(same), Some(day), "{same}");
        }
        assert_eq!(
            stamp("20 September 2025 18:30").to_string(),
            "2025-09-20 18:30"
        );
        assert_eq!(
            stamp("September 20, 2025 at 9:05").to_string(),
            "2025-09-20 09:05"
        );
        assert_eq!(stamp("2025/09/20 18:30").to_string(), "2025-09-20 18:30");
    }

    #[test]
    fn dates_that_cannot_be_read_say_why() {
        let why = |text: &str| Stamp::read(text).map(|s| s.to_string());
        let not = |reason: &str| Err(DateError::NotOnCalendar(reason.to_string()));
        assert_eq!(why("2025-13-45"), not("there is no month 13"));
        assert_eq!(why("2025-09-31"), not("September has 30 days"));
        assert_eq!(why("2025-02-29"), not("February 2025 has 28 days"));
        assert_eq!(why("2025/00/10"), not("there is no month 0"));
        assert_eq!(why("31 April 2025"), not("April has 30 days"));
        assert_eq!(why("2025-04-00"), not("there is no day 0"));
        for ambiguous in [
            "09/10/2025",
            "20/09/2025",
            "9-10-2025",
            "20.09.25",
            "1/2/25",
        ] {
            assert_eq!(why(ambiguous), Err(DateError::Ambiguous), "{ambiguous}");
        }
        for unreadable in [
            "someday",
            "20250920",
            "2025/09-20",
            "2025-09",
            "September 2025",
            "20 Septembre 2025",
            "20 September 25",
            "Friday",
            "2025年9月20日",
            "é",
        ] {
            assert_eq!(why(unreadable), Err(DateError::Unreadable), "{unreadable}");
        }
    }
}
