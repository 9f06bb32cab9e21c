//! The JSON report: a stable contract for scripts (`"version": 1`). Fields may be added;
//! none of these may change.

use serde::Serialize;

use super::{CheckedFile, Outcome, Summary};
use crate::document::Position;
use crate::rules::Role;
use crate::{Fix, Level};

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
    /// Present when the file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Level,
    message: &'a str,
    span: Span,
    start: Position,
    end: Position,
    text: &'a str,
    fixes: &'a [Fix],
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
    error: usize,
    warning: usize,
    info: usize,
    hint: usize,
}

pub fn render(files: &[CheckedFile]) -> String {
    let s = Summary::of(files);
    let report = Report {
        version: 1,
        files: files.iter().map(file).collect(),
        summary: JsonSummary {
            files: s.files,
            findings: s.findings,
            error: s.error,
            warning: s.warning,
            info: s.info,
            hint: s.hint,
        },
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

fn file(f: &CheckedFile) -> File<'_> {
    match &f.outcome {
        Outcome::Unreadable(e) => File {
            path: &f.path,
            format: None,
            findings: Vec::new(),
            sentences: None,
            error: Some(e),
        },
        Outcome::Checked {
            doc,
            findings,
            roles,
        } => File {
            path: &f.path,
            format: Some(doc.format().name()),
            findings: findings
                .iter()
                .map(|x| JsonFinding {
                    rule: &x.rule,
                    severity: x.level,
                    message: &x.message,
                    span: Span {
                        start: x.span.start,
                        end: x.span.end,
                    },
                    start: doc.lines().position(doc.text(), x.span.start),
                    end: doc.lines().position(doc.text(), x.span.end),
                    text: &doc.text()[x.span.clone()],
                    fixes: &x.fixes,
                })
                .collect(),
            sentences: (!roles.is_empty()).then(|| {
                doc.sentences()
                    .iter()
                    .zip(roles)
                    .map(|(s, role)| JsonSentence {
                        span: Span {
                            start: s.span.start,
                            end: s.span.end,
                        },
                        start: doc.lines().position(doc.text(), s.span.start),
                        role: *role,
                    })
                    .collect()
            }),
            error: None,
        },
    }
}
