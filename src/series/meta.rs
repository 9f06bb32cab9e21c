//! What a draft says about itself: [`Meta`], its front matter's `date`, `kind` and
//! `sent` (else a date in its file name), and a [`DateWarning`] for each date written but
//! not read.

use std::fmt;
use std::ops::Range;

use super::date::{DateError, Stamp};
use crate::document::{self, DraftKind};

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

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Stamp {
        Stamp::parse(text).unwrap_or_else(|| panic!("{text} is a date"))
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
