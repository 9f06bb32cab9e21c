//! Turning findings into text for people and programs. Pure: every function returns a
//! string; the CLI decides where it goes.

pub mod balance;
pub mod first;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
mod markup;
pub mod pacing;
pub mod sarif;
pub mod short;
pub mod timeline;

use std::ops::Range;

use crate::document::email::DecodedEmail;
use crate::document::{LineIndex, Position};
use crate::draft::Draft;
use crate::rules::Role;
use crate::{Document, Finding, Level};

/// How reports are written, whatever the format.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Terminal colours (human format only).
    pub color: bool,
    /// Leave out every word of the letter: flagged text and rewrites become their length
    /// and position, for logs seen by more people than the drafts are.
    pub redact: bool,
}

/// One checked input, as the reports see it.
#[derive(Debug)]
pub struct CheckedFile {
    /// The path as the user gave it (or as found inside a directory they gave); `-` for
    /// standard input.
    pub path: String,
    pub outcome: Outcome,
}

#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per file, built once: boxing buys nothing"
)]
pub enum Outcome {
    Checked(Checked),
    /// The file could not be read; the message says why.
    Unreadable(String),
}

/// A file that was read and checked.
#[derive(Debug)]
pub struct Checked {
    /// What was linted.
    pub doc: Document,
    /// Spans are bytes of [`Checked::text`]: the file as it is on disk.
    pub findings: Vec<Finding>,
    /// Each sentence's role, when asked for (`--roles`); empty otherwise.
    pub roles: Vec<Role>,
    /// The file as it is on disk when that differs from what was linted (a MIME email,
    /// whose body was decoded), with the sentences' spans mapped onto it.
    pub on_disk: Option<OnDisk>,
    /// The draft's place in the series of dated drafts its folder holds, if any.
    pub draft: Option<crate::series::Entry>,
}

#[derive(Debug)]
pub struct OnDisk {
    pub text: String,
    /// The decoding that produced the linted body, for showing people the decoded words.
    pub email: DecodedEmail,
    pub lines: LineIndex,
    pub sentences: Vec<Range<usize>>,
    /// What was not linted, in this text: everything before the body (the headers) and
    /// the body's own masked regions (quoted replies, signature), mapped here.
    pub masked: Vec<Range<usize>>,
}

impl OnDisk {
    /// The file of a decoded email, with `doc` (its body, as linted) mapped onto it.
    fn new(email: DecodedEmail, doc: &Document) -> OnDisk {
        let sentences = doc
            .sentences()
            .iter()
            .map(|s| email.to_display(s.span.start)..email.to_display(s.span.end))
            .collect();
        let body_start = email.to_display(0);
        let masked = std::iter::once(0..body_start)
            .chain(
                doc.masked()
                    .iter()
                    .map(|r| email.to_display_span(r.clone())),
            )
            .filter(|r| !r.is_empty())
            .collect();
        OnDisk {
            text: email.display.clone(),
            lines: LineIndex::new(&email.display),
            email,
            sentences,
            masked,
        }
    }
}

impl Checked {
    pub fn new(doc: Document, findings: Vec<Finding>, roles: Vec<Role>) -> Self {
        Checked {
            doc,
            findings,
            roles,
            on_disk: None,
            draft: None,
        }
    }

    /// A draft checked: the document linted, its findings (spans in the file as it is on
    /// disk), its roles; for a MIME email, the file and the sentences and masked regions
    /// mapped onto it; the draft's place in its series.
    pub fn of_draft(draft: Draft, doc: Document, findings: Vec<Finding>, roles: Vec<Role>) -> Self {
        let entry = draft.entry().cloned();
        let on_disk = draft.into_email().map(|email| OnDisk::new(email, &doc));
        Checked {
            doc,
            findings,
            roles,
            on_disk,
            draft: entry,
        }
    }

    /// The text findings point into: the file as it is on disk.
    pub fn text(&self) -> &str {
        self.on_disk
            .as_ref()
            .map_or(self.doc.text(), |d| d.text.as_str())
    }

    pub fn lines(&self) -> &LineIndex {
        self.on_disk.as_ref().map_or(self.doc.lines(), |d| &d.lines)
    }

    /// Line and column (1-based, in characters) of a byte of [`Checked::text`].
    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(self.text(), offset)
    }

    /// The regions of [`Checked::text`] that were not linted (quotes, front matter,
    /// headers), sorted and not overlapping.
    pub fn masked_spans(&self) -> Vec<Range<usize>> {
        match &self.on_disk {
            Some(d) => d.masked.clone(),
            None => self.doc.masked().to_vec(),
        }
    }

    /// What a person is shown for `span` (bytes of [`Checked::text`]): the letter's own
    /// words. For a MIME email these are the decoded body, not its base64 or
    /// quoted-printable encoding; for any other file, the text itself.
    pub fn shown(&self, span: Range<usize>) -> &str {
        let (text, span) = self.shown_span(span);
        text.get(span).unwrap_or("")
    }

    /// The text a person reads and `span` (bytes of [`Checked::text`]) within it: the
    /// decoded body of a MIME email, else [`Checked::text`] itself.
    pub fn shown_span(&self, span: Range<usize>) -> (&str, Range<usize>) {
        match &self.on_disk {
            Some(d) => (self.doc.text(), d.email.to_body_span(span)),
            None => (self.text(), span),
        }
    }

    /// The whole file as a person reads it: for a MIME email, the headers as they are on
    /// disk followed by the decoded body; for any other file, the file itself. Spans of
    /// [`Checked::text`] map into it with [`Reading::span`].
    pub fn reading(&self) -> Reading<'_> {
        match &self.on_disk {
            Some(d) => {
                let head = d.email.to_display(0).min(d.text.len());
                Reading {
                    text: std::borrow::Cow::Owned(format!(
                        "{}{}",
                        &d.text[..head],
                        self.doc.text()
                    )),
                    email: Some((&d.email, head)),
                }
            }
            None => Reading {
                text: std::borrow::Cow::Borrowed(self.text()),
                email: None,
            },
        }
    }

    /// Lines of the text [`Checked::shown_span`] returns.
    pub fn shown_lines(&self) -> &LineIndex {
        match &self.on_disk {
            Some(_) => self.doc.lines(),
            None => self.lines(),
        }
    }

    /// The format the file was read in: `email` for a MIME message, whose decoded body
    /// was checked as plain text.
    pub fn format(&self) -> crate::Format {
        if self.on_disk.is_some() {
            crate::Format::Email
        } else {
            self.doc.format()
        }
    }

    /// Each sentence's span in [`Checked::text`].
    pub fn sentence_spans(&self) -> Vec<Range<usize>> {
        match &self.on_disk {
            Some(d) => d.sentences.clone(),
            None => self
                .doc
                .sentences()
                .iter()
                .map(|s| s.span.clone())
                .collect(),
        }
    }
}

/// A checked file as a person reads it (see [`Checked::reading`]).
pub struct Reading<'a> {
    text: std::borrow::Cow<'a, str>,
    /// The decoding and the length of the headers, for a MIME email.
    email: Option<(&'a DecodedEmail, usize)>,
}

impl Reading<'_> {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where `span` (bytes of [`Checked::text`]) is in [`Reading::text`].
    pub fn span(&self, span: Range<usize>) -> Range<usize> {
        let Some((email, head)) = self.email else {
            return span;
        };
        let map = |at: usize| {
            if at <= head {
                at
            } else {
                head + email.to_body_span(at..at).start
            }
        };
        if span.start < head || span.is_empty() {
            return map(span.start)..map(span.end).max(map(span.start));
        }
        let body = email.to_body_span(span);
        head + body.start..head + body.end
    }
}

impl CheckedFile {
    pub fn findings(&self) -> &[Finding] {
        match &self.outcome {
            Outcome::Checked(c) => &c.findings,
            Outcome::Unreadable(_) => &[],
        }
    }
}

/// What stands in for letter text under `--redact`: its length and where it was.
pub fn redacted(text: &str, at: Position) -> String {
    format!(
        "[redacted: {} characters at {}:{}]",
        text.chars().count(),
        at.line,
        at.column
    )
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub hint: usize,
}

impl Summary {
    pub fn of(files: &[CheckedFile]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for f in files.iter().flat_map(CheckedFile::findings) {
            s.findings += 1;
            *s.count_mut(f.level) += 1;
        }
        s
    }

    pub fn count(&self, level: Level) -> usize {
        match level {
            Level::Error => self.error,
            Level::Warning => self.warning,
            Level::Info => self.info,
            Level::Hint => self.hint,
        }
    }

    fn count_mut(&mut self, level: Level) -> &mut usize {
        match level {
            Level::Error => &mut self.error,
            Level::Warning => &mut self.warning,
            Level::Info => &mut self.info,
            Level::Hint => &mut self.hint,
        }
    }
}
