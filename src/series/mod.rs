//! A series of dated drafts: the first letter and the follow-ups after it, judged over
//! time. Pure: callers hand in each draft's file name and text; [`discover`] reads a
//! folder for the edges.
//!
//! A draft is dated by its front matter (`date: 2026-11-20`, or `date: 2026-11-20 18:30`)
//! or, failing that, by a file name starting `YYYY-MM-DD`. Front matter may also say
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
use crate::rules::{Example, Kind, Pack, Rule};
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
    /// `2026-11-20`, optionally followed by a time: `2026-11-20 18:30`,
    /// `2026-11-20T18:30:00+01:00` (seconds and offsets are read past, not used).
    /// Anything after a valid date that is not a time is ignored.
    pub fn parse(text: &str) -> Option<Stamp> {
        let text = text.trim();
        let day = parse_date(text.get(..10)?)?;
        let rest = &text[10..];
        let minute = rest
            .strip_prefix(['T', 't', ' '])
            .and_then(|t| parse_time(t.trim_start()));
        Some(Stamp { day, minute })
    }

    /// The date a file name starts with (`2026-11-20-coffee.md`), when the date is not
    /// followed by another digit.
    pub fn from_file_name(name: &str) -> Option<Stamp> {
        let date = name.get(..10)?;
        if name[10..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        Some(Stamp {
            day: parse_date(date)?,
            minute: None,
        })
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

/// `YYYY-MM-DD` as days since 1970-01-01, for a real calendar date.
fn parse_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: Range<usize>| -> Option<u32> {
        let part = &text[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1000 && (1..=days_in_month).contains(&day))
        .then(|| days_from_civil(i64::from(year), month, day))
}

/// `HH:MM` (then anything: seconds, an offset) as minutes since midnight.
fn parse_time(text: &str) -> Option<u32> {
    let b = text.as_bytes();
    if b.len() < 5 || b[2] != b':' || !b[..2].iter().chain(&b[3..5]).all(u8::is_ascii_digit) {
        return None;
    }
    let (h, m): (u32, u32) = (text[..2].parse().ok()?, text[3..5].parse().ok()?);
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
}

impl Meta {
    /// Reads the top-level `date`, `kind` and `sent` keys of `text`'s front matter
    /// (`key: value` in YAML, `key = value` in TOML; quotes and trailing comments are
    /// dropped; other keys are ignored) and falls back on `file_name` for the date.
    pub fn read(text: &str, file_name: &str) -> Meta {
        let mut meta = Meta {
            date: None,
            date_line: None,
            kind: None,
            sent: true,
        };
        if let Some(block) = document::front_matter(text) {
            let mut at = block.start;
            for raw in text[block].split_inclusive('\n') {
                let start = at;
                at += raw.len();
                let line = raw.trim_end();
                let Some((key, value)) = key_value(line) else {
                    continue;
                };
                match key.to_ascii_lowercase().as_str() {
                    "date" => {
                        if let Some(stamp) = Stamp::parse(value) {
                            meta.date = Some(stamp);
                            meta.date_line = Some(start..start + line.len());
                        }
                    }
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
            meta.date = Stamp::from_file_name(file_name);
        }
        meta
    }
}

/// A top-level `key: value` or `key = value` line, the value unquoted and without a
/// trailing ` # comment`.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(line.len());
    if end == 0 {
        return None;
    }
    let (key, rest) = line.split_at(end);
    let rest = rest.trim_start();
    let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
    let value = value.split(" #").next().unwrap_or(value).trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
        .unwrap_or(value);
    Some((key, unquoted.trim()))
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

/// Whether a series rule flags its example: the example's text as a follow-up dated
/// `after-days` days after a first letter (sent), judged by that rule alone.
pub fn example_flagged(rule: &Rule, example: &Example, format: Format) -> bool {
    let days = i64::from(example.after_days.unwrap_or(0));
    let name = |day: i64, what: &str| format!("{}-{what}.txt", Stamp::from_day(day));
    let drafts = [
        Draft {
            name: name(0, "1-letter"),
            format: Format::Plain,
            text: "Dear Sam,\n\nI'm sorry for what I did.\n".into(),
        },
        Draft {
            name: name(days, "2-follow-up"),
            format,
            text: example.text.clone(),
        },
    ];
    let mut pack = Pack::default();
    pack.insert(rule.clone());
    let series = Series::new(&drafts, &pack);
    let Some(index) = series.position(&drafts[1].name) else {
        return false;
    };
    let doc = drafts[1].document(series.entries()[index].kind);
    !series.findings_for(&pack, index, &doc).is_empty()
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
            "2026-1-10",
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
}
