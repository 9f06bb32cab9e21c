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

mod date;
pub mod discover;
mod meta;

use std::ops::Range;
use std::sync::Arc;

pub use date::{DateError, Stamp};
pub use meta::{DateWarning, Meta};

use crate::document::DraftKind;
use crate::engine::{any_match, fill};
use crate::rules::{Kind, Pack, Rule};
use crate::{Document, Finding, Format};

/// Fewer dated drafts than this in a folder are single letters, not a series.
pub const MIN_DRAFTS: usize = 2;

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
            .filter(|r| r.enabled() && r.kind() == Kind::Revisit)
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
                        if !revisited.contains(rule.id()) && any_match(rule, &doc) {
                            revisited.push(rule.id().clone());
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
            if !rule.enabled() || !rule.applies_to(entry.kind) {
                continue;
            }
            let message = match rule.kind() {
                Kind::Gap => entry
                    .gap
                    .filter(|&gap| gap < i64::from(rule.params().min_gap_days))
                    .map(|gap| {
                        fill(
                            rule.message(),
                            &[
                                ("gap", days_phrase(gap)),
                                ("min", rule.params().min_gap_days.to_string()),
                            ],
                        )
                    }),
                Kind::Revisit => entry
                    .since_letter
                    .filter(|&days| {
                        entry.kind == DraftKind::FollowUp
                            && days >= i64::from(rule.params().revisit_after_days)
                            && !entry.revisited.contains(rule.id())
                            && !any_match(rule, doc)
                    })
                    .map(|days| {
                        fill(
                            rule.message(),
                            &[
                                ("days", days.to_string()),
                                ("after", rule.params().revisit_after_days.to_string()),
                            ],
                        )
                    }),
                _ => None,
            };
            if let Some(message) = message {
                out.push(Finding {
                    rule: rule.id().clone(),
                    level: rule.level(),
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
