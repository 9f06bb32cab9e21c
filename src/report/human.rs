//! The terminal report, in the manner of rustc: where, what, the line with the span
//! underlined, and the suggested rewrite.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level as Snip, Patch, Renderer, Snippet};

use super::{Checked, CheckedFile, Outcome, Style, Summary};
use crate::{Finding, Level};

/// Renders every finding of every file, then a summary line. Under `--redact` each
/// finding is one line with its position, and no line of the letter is shown.
pub fn render(files: &[CheckedFile], style: Style) -> String {
    let color = style.color;
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Unicode);
    let mut out = String::new();
    for file in files {
        if let Outcome::Checked(checked) = &file.outcome {
            for finding in &checked.findings {
                if style.redact {
                    let length = checked.text()[finding.span.clone()].chars().count();
                    out.push_str(&super::short::line(&file.path, checked, finding));
                    out.push_str(&format!(" ({length} characters redacted)\n"));
                } else {
                    out.push_str(&renderer.render(&finding_report(&file.path, checked, finding)));
                    out.push_str("\n\n");
                }
            }
        }
    }
    out.push_str(&summary_line(files, color));
    out.push('\n');
    out
}

fn level(level: Level) -> Snip<'static> {
    match level {
        Level::Error => Snip::ERROR,
        Level::Warning => Snip::WARNING,
        Level::Info => Snip::INFO,
        Level::Hint => Snip::NOTE.with_name("hint"),
    }
}

fn finding_report<'a>(path: &'a str, checked: &'a Checked, finding: &'a Finding) -> Vec<Group<'a>> {
    // Line numbers are the file's; the words shown are the letter's own (for a MIME
    // email, its decoded body rather than base64 or quoted-printable).
    let (text, span) = checked.shown_span(finding.span.clone());
    let lines = checked.shown_lines();
    let first = lines.position(text, span.start);
    let last = lines.position(text, span.end);
    let from = lines.line_range(text, first.line).start;
    let to = lines.line_range(text, last.line).end.max(span.end);
    let source = &text[from..to];
    let local = span.start - from..span.end - from;
    let first = checked.position(finding.span.start);
    let mut groups = vec![
        level(finding.level)
            .primary_title(finding.message.as_str())
            .id(finding.rule.as_ref())
            .element(
                Snippet::source(source)
                    .line_start(first.line)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(local.clone())),
            ),
    ];
    for fix in &finding.fixes {
        groups.push(
            Group::with_title(Snip::HELP.secondary_title(fix.title.as_str())).element(
                Snippet::source(source)
                    .line_start(first.line)
                    .path(path)
                    .patch(Patch::new(local.clone(), fix.replacement.as_str())),
            ),
        );
    }
    groups
}

fn summary_line(files: &[CheckedFile], color: bool) -> String {
    let s = Summary::of(files);
    let unreadable = files
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Unreadable(_)))
        .count();
    let files_word = |n: usize| if n == 1 { "file" } else { "files" };
    let mut line = if s.findings == 0 {
        format!(
            "No findings in {} {}.",
            s.files - unreadable,
            files_word(s.files - unreadable)
        )
    } else {
        let parts: Vec<String> = Level::ALL
            .into_iter()
            .filter(|&l| s.count(l) > 0)
            .map(|l| {
                let n = s.count(l);
                let plural = if n != 1 && l != Level::Info { "s" } else { "" };
                format!("{n} {l}{plural}")
            })
            .collect();
        let with = files.iter().filter(|f| !f.findings().is_empty()).count();
        format!(
            "{} {} ({}) in {} of {} {}.",
            s.findings,
            if s.findings == 1 {
                "finding"
            } else {
                "findings"
            },
            parts.join(", "),
            with,
            s.files - unreadable,
            files_word(s.files - unreadable),
        )
    };
    if unreadable > 0 {
        line.push_str(&format!(
            " {unreadable} {} could not be read.",
            files_word(unreadable)
        ));
    }
    if color {
        format!("\x1b[1m{line}\x1b[0m")
    } else {
        line
    }
}
