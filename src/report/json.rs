//! The JSON report: a stable contract for scripts (`"version": 1`). Fields may be added;
//! none of these may change.

use serde::Serialize;

use super::{CheckedFile, Outcome, Style, Summary, redacted};
use crate::document::{DraftKind, Position};
use crate::rules::Role;
use crate::series::Entry;
use crate::{Finding, Fix, Level};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    findings: Vec<JsonFinding<'a>>,
    /// Each sentence and the part it plays, with `--roles`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sentences: Option<Vec<JsonSentence>>,
    /// The draft's place in a series of dated drafts, when its folder holds one.
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<JsonDraft>,
    /// Present when the file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// A draft's place in its series: `draft` in `amends check --format json`, and each of
/// the `drafts` of `amends timeline --format json` (`report::timeline`), which is this
/// with its path and findings around it.
#[derive(Serialize)]
pub(super) struct JsonDraft {
    /// `2026-11-20`, or `2026-11-20 18:30` when the draft gives a time.
    date: String,
    kind: DraftKind,
    sent: bool,
    /// Whole days since the last message sent before this one (absent for the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    days_since_previous: Option<i64>,
    /// Whole days since the first letter (absent for the letter and drafts before it).
    #[serde(skip_serializing_if = "Option::is_none")]
    days_since_letter: Option<i64>,
}

impl JsonDraft {
    pub(super) fn of(entry: &Entry) -> JsonDraft {
        JsonDraft {
            date: entry.date.to_string(),
            kind: entry.kind,
            sent: entry.sent,
            days_since_previous: entry.gap,
            days_since_letter: entry.since_letter,
        }
    }
}

/// What every JSON finding starts with: the rule, its level and its message. A finding of
/// `amends timeline --format json` is only this.
#[derive(Serialize)]
pub(super) struct FindingHead<'a> {
    rule: &'a str,
    severity: Level,
    message: &'a str,
}

impl<'a> FindingHead<'a> {
    pub(super) fn of(finding: &'a Finding) -> FindingHead<'a> {
        FindingHead {
            rule: &finding.rule,
            severity: finding.level,
            message: &finding.message,
        }
    }
}

/// Findings counted by level, the end of every JSON summary.
#[derive(Serialize)]
pub(super) struct LevelCounts {
    error: usize,
    warning: usize,
    info: usize,
    hint: usize,
}

impl LevelCounts {
    pub(super) fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> LevelCounts {
        let mut counts = LevelCounts {
            error: 0,
            warning: 0,
            info: 0,
            hint: 0,
        };
        for f in findings {
            *match f.level {
                Level::Error => &mut counts.error,
                Level::Warning => &mut counts.warning,
                Level::Info => &mut counts.info,
                Level::Hint => &mut counts.hint,
            } += 1;
        }
        counts
    }
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    head: FindingHead<'a>,
    span: Span,
    start: Position,
    end: Position,
    /// The flagged words (under `--redact`, their length and position instead).
    text: String,
    fixes: Vec<Fix>,
}

#[derive(Serialize)]
struct JsonSentence {
    span: Span,
    start: Position,
    role: Role,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    findings: usize,
    #[serde(flatten)]
    levels: LevelCounts,
}

pub fn render(files: &[CheckedFile], style: Style) -> String {
    let s = Summary::of(files);
    let report = Report {
        version: 1,
        files: files.iter().map(|f| file(f, style)).collect(),
        summary: JsonSummary {
            files: s.files,
            findings: s.findings,
            levels: LevelCounts {
                error: s.error,
                warning: s.warning,
                info: s.info,
                hint: s.hint,
            },
        },
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

fn file(f: &CheckedFile, style: Style) -> File<'_> {
    match &f.outcome {
        Outcome::Unreadable(e) => File {
            path: &f.path,
            format: None,
            findings: Vec::new(),
            sentences: None,
            draft: None,
            error: Some(e),
        },
        Outcome::Checked(checked) => File {
            path: &f.path,
            format: Some(checked.format().name()),
            findings: checked
                .findings
                .iter()
                .map(|x| {
                    let start = checked.position(x.span.start);
                    let text = checked.shown(x.span.clone());
                    let fixes = x.fixes.iter().map(|fix| redact_fix(fix, start, style));
                    JsonFinding {
                        head: FindingHead::of(x),
                        span: Span {
                            start: x.span.start,
                            end: x.span.end,
                        },
                        start,
                        end: checked.position(x.span.end),
                        text: if style.redact {
                            redacted(text, start)
                        } else {
                            text.to_string()
                        },
                        fixes: fixes.collect(),
                    }
                })
                .collect(),
            sentences: (!checked.roles.is_empty()).then(|| {
                checked
                    .sentence_spans()
                    .into_iter()
                    .zip(&checked.roles)
                    .map(|(span, role)| JsonSentence {
                        start: checked.position(span.start),
                        span: Span {
                            start: span.start,
                            end: span.end,
                        },
                        role: *role,
                    })
                    .collect()
            }),
            draft: checked.draft.as_ref().map(JsonDraft::of),
            error: None,
        },
    }
}

/// A fix as reported: under `--redact` its rewrite (which may repeat the writer's words)
/// is left out, and so is a title that quotes it.
pub fn redact_fix(fix: &Fix, at: Position, style: Style) -> Fix {
    if !style.redact {
        return fix.clone();
    }
    let title = if fix.title.contains(&fix.replacement) {
        "Rewrite (redacted)".to_string()
    } else {
        fix.title.clone()
    };
    Fix {
        title,
        replacement: redacted(&fix.replacement, at),
        safe: fix.safe,
    }
}
