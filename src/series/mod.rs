//! A series of dated drafts: the first letter and the follow-ups after it, judged over
//! time. Pure: callers hand in each draft's file name and text; [`discover`] reads a
//! folder for the edges.
//!
//! A draft is dated by its front matter (`date: 2026-11-20`, or `date: 2026-11-20 18:30`;
//! also `2026/11/20`, `20 November 2026` and `November 20, 2026`) or, failing that, by a
//! file name starting `YYYY-MM-DD`. A date that cannot be read (no such day, day and month
//! in an order that cannot be known, or another way of writing) leaves the draft undated
//! and gives a [`DateWarning`] the edges show. Front matter may also say
//! `kind: letter` or `kind: follow-up` (by default the earliest draft is the letter and
//! every later one a follow-up) and `sent: false` for a draft not sent yet. Undated files
//! are not part of the series.
//!
//! Series rules (kinds `gap` and `revisit`) are judged here, one draft at a time, from
//! what the drafts before it were: [`Series::new`] works out each draft's place (its kind,
//! the days since the last sent message and since the first letter, which revisit rules
//! earlier follow-ups already satisfied) and [`Series::findings_for`] judges one draft's
//! current text in that place.

pub mod discover;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::document::{self, DraftKind};
use crate::engine::{any_match, fill};
use crate::rules::{Kind, Pack, Rule};
use crate::{Document, Finding, Format};

/// Fewer dated drafts than this in a folder are single letters, not a series.
pub const MIN_DRAFTS: usize = 2;

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
    fn key(&self) -> (i64, u32) {
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

/// What a draft says about itself: its front matter, else its file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub date: Option<Stamp>,
    /// The `date:` line of the front matter (trimmed), where date findings are shown;
    /// `None` when the date came from the file name.
    pub date_line: Option<Range<usize>>,
    /// `kind:` from the front matter, when it names one.
    pub kind: Option<DraftKind>,
    /// `false` only when the front matter says `sent: false` (or `no`, `off`).
    pub sent: bool,
    /// Dates that were written but could not be read, in the order they appear: a
    /// `date:` value, then a file name that starts like a date. Empty when the draft
    /// is dated by its front matter.
    pub date_warnings: Vec<DateWarning>,
}

/// A date that was written but does not date the draft. Shown as a warning by
/// `amends check` and `amends timeline` and as a diagnostic in the editor; the draft is
/// still checked, as an undated one (or by the date in its file name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateWarning {
    /// The `date:` value in the text (bytes, without quotes), or `None` when the date
    /// is the start of the file name.
    pub span: Option<Range<usize>>,
    /// The date as written.
    pub written: String,
    pub error: DateError,
    /// The date the draft goes by instead: its file name's, when that is a date.
    pub instead: Option<Stamp>,
}

impl DateWarning {
    /// The warning in plain words, saying which ways of writing a date are read. With
    /// `quote`, a `date:` value is quoted; without, the message holds no text of the
    /// draft (for standard error, which may end up in a CI log) and leans on its location.
    pub fn message(&self, quote: bool) -> String {
        let error = &self.error;
        if self.span.is_none() {
            return format!(
                "The file name starts with `{}`, which {error}, so this draft is read as \
                 undated. To date it by its name, start the name with a real date written \
                 2026-11-20 (as in 2026-11-20-heron.md), or put `date: 2026-11-20` in its \
                 front matter.",
                self.written
            );
        }
        let subject = if quote {
            format!("The date `{}`", self.written)
        } else {
            "This date".to_string()
        };
        let outcome = match self.instead {
            Some(date) => format!("the date in the file name, {date}, is used instead"),
            None => "this draft is read as undated".to_string(),
        };
        format!(
            "{subject} {error}, so {outcome}. Write it as 2026-11-20, 2026/11/20, \
             20 November 2026 or November 20, 2026, with a time after it if you like \
             (2026-11-20 18:30)."
        )
    }
}

impl fmt::Display for DateWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(true))
    }
}

impl Meta {
    /// Reads the top-level `date`, `kind` and `sent` keys of `text`'s front matter
    /// (`key: value` in YAML, `key = value` in TOML; quotes and trailing comments are
    /// dropped; other keys are ignored) and falls back on `file_name` for the date. A
    /// date that is written but cannot be read is a [`DateWarning`]; an empty `date:` is
    /// no date and no warning.
    pub fn read(text: &str, file_name: &str) -> Meta {
        let mut meta = Meta {
            date: None,
            date_line: None,
            kind: None,
            sent: true,
            date_warnings: Vec::new(),
        };
        let mut unread: Option<(Range<usize>, DateError)> = None;
        if let Some(block) = document::front_matter(text) {
            let mut at = block.start;
            for raw in text[block].split_inclusive('\n') {
                let start = at;
                at += raw.len();
                let line = raw.trim_end();
                let Some((key, range)) = key_value(line) else {
                    continue;
                };
                let value = &line[range.clone()];
                match key.to_ascii_lowercase().as_str() {
                    "date" => match Stamp::read(value) {
                        Ok(stamp) => {
                            meta.date = Some(stamp);
                            meta.date_line = Some(start..start + line.len());
                        }
                        Err(error) if !value.is_empty() => {
                            unread = Some((start + range.start..start + range.end, error));
                        }
                        Err(_) => {}
                    },
                    "kind" => meta.kind = DraftKind::parse(value),
                    "sent" => {
                        meta.sent =
                            !matches!(value.to_ascii_lowercase().as_str(), "false" | "no" | "off");
                    }
                    _ => {}
                }
            }
        }
        if meta.date.is_none() {
            let from_name = Stamp::read_file_name(file_name);
            meta.date = from_name.clone().and_then(Result::ok);
            if let Some((span, error)) = unread {
                meta.date_warnings.push(DateWarning {
                    written: shortened(&text[span.clone()]),
                    span: Some(span),
                    error,
                    instead: meta.date,
                });
            }
            if let Some(Err(error)) = from_name {
                meta.date_warnings.push(DateWarning {
                    span: None,
                    written: file_name.chars().take(10).collect(),
                    error,
                    instead: None,
                });
            }
        }
        meta
    }
}

/// A top-level `key: value` or `key = value` line: the key, and where the value is in
/// the line (trimmed, unquoted, without a trailing ` # comment`).
fn key_value(line: &str) -> Option<(&str, Range<usize>)> {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len());
    if end == 0 {
        return None;
    }
    let sep = end + (line[end..].len() - line[end..].trim_start().len());
    if !line[sep..].starts_with([':', '=']) {
        return None;
    }
    let from = sep + 1;
    let to = line[from..].find(" #").map_or(line.len(), |i| from + i);
    let value = trimmed(line, from..to);
    let inner = &line[value.clone()];
    let quoted = inner.len() >= 2
        && ['"', '\'']
            .iter()
            .any(|q| inner.starts_with(*q) && inner.ends_with(*q));
    let value = if quoted {
        trimmed(line, value.start + 1..value.end - 1)
    } else {
        value
    };
    Some((&line[..end], value))
}

/// A written value short enough to quote in a message.
fn shortened(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        value.chars().take(MAX).chain(['…']).collect()
    }
}

/// `range` of `line` without the whitespace at either end.
fn trimmed(line: &str, range: Range<usize>) -> Range<usize> {
    let part = &line[range.clone()];
    let start = range.start + (part.len() - part.trim_start().len());
    start..start + part.trim().len()
}

/// One draft as read: its file name (which may date it) and the text that is linted.
#[derive(Debug, Clone)]
pub struct Draft {
    pub name: String,
    pub format: Format,
    pub text: String,
}

impl Draft {
    pub fn document(&self, kind: DraftKind) -> Document {
        Document::new(self.text.as_str(), self.format).with_kind(kind)
    }
}

/// A dated draft's place in its series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Index into the drafts the series was made from.
    pub draft: usize,
    pub name: String,
    pub date: Stamp,
    pub kind: DraftKind,
    pub sent: bool,
    /// Whole days since the last *sent* message before this one; `None` for the first.
    pub gap: Option<i64>,
    /// Whole days since the first letter, for drafts after it.
    pub since_letter: Option<i64>,
    /// The `revisit` rules that a sent follow-up before this one already satisfied.
    revisited: Vec<Arc<str>>,
}

/// The dated drafts of a folder, in date order.
#[derive(Debug, Clone, Default)]
pub struct Series {
    entries: Vec<Entry>,
    /// Indices of the drafts with no date, which are not part of the series.
    undated: Vec<usize>,
}

impl Series {
    /// The series `drafts` make, judged with the series rules of `pack`. Drafts are
    /// ordered by date, then time, then file name.
    pub fn new(drafts: &[Draft], pack: &Pack) -> Series {
        let mut dated = Vec::new();
        let mut undated = Vec::new();
        for (i, draft) in drafts.iter().enumerate() {
            let meta = Meta::read(&draft.text, &draft.name);
            match meta.date {
                Some(date) => dated.push((i, date, meta)),
                None => undated.push(i),
            }
        }
        dated.sort_by(|a, b| (a.1.key(), &drafts[a.0].name).cmp(&(b.1.key(), &drafts[b.0].name)));
        let revisit_rules: Vec<&Rule> = pack
            .rules()
            .iter()
            .filter(|r| r.enabled && r.kind == Kind::Revisit)
            .collect();
        let mut entries: Vec<Entry> = Vec::with_capacity(dated.len());
        let mut last_sent: Option<Stamp> = None;
        let mut letter: Option<Stamp> = None;
        let mut revisited: Vec<Arc<str>> = Vec::new();
        for (n, (i, date, meta)) in dated.into_iter().enumerate() {
            let kind = meta.kind.unwrap_or(if n == 0 {
                DraftKind::Letter
            } else {
                DraftKind::FollowUp
            });
            let since_letter = letter.map(|l| date.days_since(&l));
            entries.push(Entry {
                draft: i,
                name: drafts[i].name.clone(),
                date,
                kind,
                sent: meta.sent,
                gap: last_sent.map(|p| date.days_since(&p)),
                since_letter,
                revisited: revisited.clone(),
            });
            if kind == DraftKind::Letter && letter.is_none() {
                letter = Some(date);
            }
            if meta.sent {
                last_sent = Some(date);
                // Only a follow-up that went out has come back to the mistake.
                if kind == DraftKind::FollowUp && since_letter.is_some() {
                    let doc = drafts[i].document(kind);
                    for rule in &revisit_rules {
                        if !revisited.contains(&rule.id) && any_match(rule, &doc) {
                            revisited.push(rule.id.clone());
                        }
                    }
                }
            }
        }
        Series { entries, undated }
    }

    /// The dated drafts, in date order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Indices (into the drafts given) of the drafts without a date.
    pub fn undated(&self) -> &[usize] {
        &self.undated
    }

    /// Whether there are enough dated drafts to judge them as a series.
    pub fn is_series(&self) -> bool {
        self.entries.len() >= MIN_DRAFTS
    }

    /// The entry of the draft with this file name.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.name == name)
    }

    /// The findings of `pack`'s series rules for the entry at `index`, whose current
    /// text is `doc` (it may differ from the text the series was made from: an unsaved
    /// edit, a fix). Spans are bytes of `doc`'s text: the `date:` line, or the first line
    /// after the front matter when the date came from the file name.
    pub fn findings_for(&self, pack: &Pack, index: usize, doc: &Document) -> Vec<Finding> {
        let Some(entry) = self.entries.get(index) else {
            return Vec::new();
        };
        let at = Meta::read(doc.text(), &entry.name)
            .date_line
            .unwrap_or_else(|| first_line(doc));
        let mut out = Vec::new();
        for rule in pack.rules() {
            if !rule.enabled || !rule.applies_to(entry.kind) {
                continue;
            }
            let message = match rule.kind {
                Kind::Gap => entry
                    .gap
                    .filter(|&gap| gap < i64::from(rule.params.min_gap_days))
                    .map(|gap| {
                        fill(
                            &rule.message,
                            &[
                                ("gap", days_phrase(gap)),
                                ("min", rule.params.min_gap_days.to_string()),
                            ],
                        )
                    }),
                Kind::Revisit => entry
                    .since_letter
                    .filter(|&days| {
                        entry.kind == DraftKind::FollowUp
                            && days >= i64::from(rule.params.revisit_after_days)
                            && !entry.revisited.contains(&rule.id)
                            && !any_match(rule, doc)
                    })
                    .map(|days| {
                        fill(
                            &rule.message,
                            &[
                                ("days", days.to_string()),
                                ("after", rule.params.revisit_after_days.to_string()),
                            ],
                        )
                    }),
                _ => None,
            };
            if let Some(message) = message {
                out.push(Finding {
                    rule: rule.id.clone(),
                    level: rule.level,
                    span: at.clone(),
                    message: capitalised(&message),
                    fixes: Vec::new(),
                });
            }
        }
        out
    }
}

/// Adds a draft's series findings to the linter's, keeping the engine's order
/// (position, then rule id).
pub fn merge(findings: &mut Vec<Finding>, series: Vec<Finding>) {
    if series.is_empty() {
        return;
    }
    findings.extend(series);
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
}

/// The first non-blank line of the draft after its front matter (trimmed), or an empty
/// span where the text (after the front matter) starts.
fn first_line(doc: &Document) -> Range<usize> {
    let text = doc.text();
    let mut at = doc.front_matter().map_or(0, |r| r.end);
    let start = at;
    for raw in text[start..].split_inclusive('\n') {
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            let start = at + (raw.len() - raw.trim_start().len());
            return start..start + trimmed.len();
        }
        at += raw.len();
    }
    start..start
}

/// "3 days", "1 day", "less than a day".
pub fn days_phrase(days: i64) -> String {
    match days {
        ..=0 => "less than a day".to_string(),
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
    fn file_names_date_a_draft_when_the_front_matter_does_not() {
        assert_eq!(
            Stamp::from_file_name("2026-11-20-coffee.md"),
            Some(stamp("2026-11-20"))
        );
        assert_eq!(
            Stamp::from_file_name("2026-11-20.txt"),
            Some(stamp("2026-11-20"))
        );
        assert_eq!(Stamp::from_file_name("2026-11-201.txt"), None);
        assert_eq!(Stamp::from_file_name("notes-2026-11-20.txt"), None);
        let text =
            "---\ntitle: x\ndate: \"2026-12-01\"  # moved\nkind: Follow-Up\nsent: no\n---\nHi.\n";
        let meta = Meta::read(text, "2026-11-20-coffee.md");
        assert_eq!(meta.date, Some(stamp("2026-12-01")));
        assert_eq!(
            &text[meta.date_line.unwrap()],
            "date: \"2026-12-01\"  # moved"
        );
        assert_eq!(meta.kind, Some(DraftKind::FollowUp));
        assert!(!meta.sent);
        let toml = Meta::read("+++\ndate = 2026-12-02\n+++\nHi.\n", "x.md");
        assert_eq!(toml.date, Some(stamp("2026-12-02")));
        assert!(toml.sent);
        let fallback = Meta::read("---\ndate: someday\n---\n", "2026-11-20-coffee.md");
        assert_eq!(fallback.date, Some(stamp("2026-11-20")));
        assert_eq!(fallback.date_line, None);
        // Not front matter: a date in the prose does not date the draft.
        assert_eq!(Meta::read("date: 2026-11-20\n", "x.txt").date, None);
        // Odd input is undated, never a panic.
        for odd in [
            "\u{feff}---\ndate: 2026-11-2é\n---\n",
            "---\ndate: ２０２６-11-20\n---\n",
            "---\ndate:\n---\n",
            "---\n: 2026-11-20\n---\n",
            "---\ndate: 2026-11-20",
        ] {
            assert_eq!(Meta::read(odd, "é.md").date, None, "{odd:?}");
        }
        let no_time = Meta::read("---\ndate: 2026-11-20T2é:00\n---\n", "x.md");
        assert_eq!(no_time.date, Some(stamp("2026-11-20")));
        let bom = Meta::read("\u{feff}---\ndate: 2026-11-20\n---\n", "x.md");
        assert_eq!(bom.date, Some(stamp("2026-11-20")));
        assert_eq!(bom.date_line, Some(7..23));
        assert_eq!(Stamp::from_file_name("2026-11-2é.md"), None);
        // Nested keys are not the draft's.
        assert_eq!(
            Meta::read("---\nmeta:\n  date: 2026-11-20\n---\n", "x.md").date,
            None
        );
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

    #[test]
    fn a_date_that_cannot_be_read_is_a_located_warning() {
        let text = "---\ntitle: x\ndate: \"2025-13-45\"  # oops\n---\nHi.\n";
        let meta = Meta::read(text, "note.md");
        assert_eq!(meta.date, None);
        let [warning] = meta.date_warnings.as_slice() else {
            panic!("one warning: {:?}", meta.date_warnings)
        };
        assert_eq!(&text[warning.span.clone().expect("span")], "2025-13-45");
        assert_eq!(
            warning.to_string(),
            "The date `2025-13-45` is not a day on the calendar (there is no month 13), so \
             this draft is read as undated. Write it as 2026-11-20, 2026/11/20, 20 November \
             2026 or November 20, 2026, with a time after it if you like (2026-11-20 18:30)."
        );
        assert!(!warning.message(false).contains("2025-13-45"));
        // The file name's date stands in, and the warning says so.
        let meta = Meta::read("---\ndate: 09/10/2025\n---\n", "2025-10-09-x.md");
        assert_eq!(meta.date, Some(stamp("2025-10-09")));
        assert!(
            meta.date_warnings[0]
                .message(false)
                .starts_with("This date could be read day first or month first, so the date in the file name, 2025-10-09, is used instead."),
            "{:?}",
            meta.date_warnings
        );
        // A file name that starts like a date but is none.
        let meta = Meta::read("Hi.\n", "2025-02-30-impossible.md");
        assert_eq!(meta.date, None);
        assert_eq!(meta.date_warnings.len(), 1);
        assert_eq!(meta.date_warnings[0].span, None);
        assert!(
            meta.date_warnings[0].to_string().starts_with(
                "The file name starts with `2025-02-30`, which is not a day on the calendar (February 2025 has 28 days)"
            ),
            "{}",
            meta.date_warnings[0]
        );
        let ambiguous = Meta::read("Hi.\n", "20-09-2025-note.md");
        assert_eq!(ambiguous.date_warnings[0].error, DateError::Ambiguous);
        // Both unreadable: both said.
        assert_eq!(
            Meta::read("---\ndate: soon\n---\n", "2025-02-30-x.md")
                .date_warnings
                .len(),
            2
        );
        // A readable front-matter date makes the file name irrelevant; an empty one, or
        // a name that does not look dated, is no warning.
        for (text, name) in [
            ("---\ndate: 2025-09-20\n---\n", "2025-02-30-x.md"),
            ("---\ndate:\n---\n", "x.md"),
            ("---\ndate: \"\"\n---\n", "x.md"),
            ("Hi.\n", "2026-11-201.txt"),
            ("Hi.\n", "05-texting.txt"),
            ("Hi.\n", "notes-2026-13-01.txt"),
        ] {
            assert_eq!(Meta::read(text, name).date_warnings, [], "{text:?} {name}");
        }
        // A long value is cut short in the message.
        let long = format!("---\ndate: {}\n---\n", "x".repeat(500));
        assert!(
            Meta::read(&long, "x.md").date_warnings[0]
                .written
                .chars()
                .count()
                <= 41
        );
    }
}
