//! `amends timeline`: a series of dated drafts as a compact table, one row per draft in
//! date order: when, how long since the last message sent before it, what kind of draft,
//! whether it went out, and what was found in it (rule ids, by level). Or the same as
//! JSON (`--format json`), a stable contract for scripts like `amends check`'s.

use serde::Serialize;

use super::json::{FindingHead, JsonDraft, LevelCounts};
use crate::series::Entry;
use crate::{Finding, Level};

/// One draft of the series with everything found in it.
#[derive(Debug)]
pub struct Row<'a> {
    pub entry: &'a Entry,
    pub findings: &'a [Finding],
    /// Where the draft is, as the folder was given.
    pub path: &'a str,
}

/// The table, a summary line and, when there are any, the files left out for having no
/// date.
pub fn render(rows: &[Row<'_>], undated: &[String]) -> String {
    let header = ["date", "gap", "kind", "sent", "draft", "findings"];
    let mut cells: Vec<[String; 6]> = vec![header.map(String::from)];
    for row in rows {
        let e = row.entry;
        cells.push([
            e.date.to_string(),
            e.gap.map_or_else(|| "-".to_string(), gap),
            e.kind.name().to_string(),
            if e.sent { "yes" } else { "no" }.to_string(),
            e.name.clone(),
            findings(row.findings),
        ]);
    }
    let mut widths = [0; 6];
    for line in &cells {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in &cells {
        let mut text = String::new();
        for (i, (cell, w)) in line.iter().zip(widths).enumerate() {
            if i + 1 == line.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:w$}  "));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&summary(rows));
    if !undated.is_empty() {
        out.push_str(&format!(
            "Not dated, so not in the series: {}\n",
            undated.join(", ")
        ));
    }
    out
}

#[derive(Serialize)]
struct JsonTimeline<'a> {
    version: u32,
    /// The folder, as it was given.
    folder: &'a str,
    /// The dated drafts, in date order.
    drafts: Vec<TimelineDraft<'a>>,
    /// The file names of the letters without a date, which are not part of the series.
    undated: &'a [String],
    summary: TimelineSummary,
}

/// A draft: its path, its place in the series exactly as `amends check --format json`
/// gives it (`report::json`, shared so the two cannot drift), and what was found.
#[derive(Serialize)]
struct TimelineDraft<'a> {
    path: &'a str,
    #[serde(flatten)]
    place: JsonDraft,
    /// What was found, in the draft's order; `amends check --format json` gives where.
    findings: Vec<FindingHead<'a>>,
}

#[derive(Serialize)]
struct TimelineSummary {
    drafts: usize,
    sent: usize,
    findings: usize,
    #[serde(flatten)]
    levels: LevelCounts,
}

/// The series as one JSON object (`"version": 1`): each dated draft with its date, kind,
/// whether it was sent, the days since the previous message and since the letter, and
/// what was found in it; the undated files; counts. The letters' words are not in it.
pub fn render_json(folder: &str, rows: &[Row<'_>], undated: &[String]) -> String {
    let report = JsonTimeline {
        version: 1,
        folder,
        drafts: rows
            .iter()
            .map(|r| TimelineDraft {
                path: r.path,
                place: JsonDraft::of(r.entry),
                findings: r.findings.iter().map(FindingHead::of).collect(),
            })
            .collect(),
        undated,
        summary: TimelineSummary {
            drafts: rows.len(),
            sent: rows.iter().filter(|r| r.entry.sent).count(),
            findings: rows.iter().map(|r| r.findings.len()).sum(),
            levels: LevelCounts::of(rows.iter().flat_map(|r| r.findings)),
        },
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

/// "9 days", "1 day", "<1 day".
fn gap(days: i64) -> String {
    match days {
        ..=0 => "<1 day".to_string(),
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    }
}

/// The rules that found something, most severe level first, each once (with `×n` when
/// it found several things): `warning: pathos ×2, pressure; hint: revisit-the-mistake`.
fn findings(found: &[Finding]) -> String {
    if found.is_empty() {
        return "-".to_string();
    }
    let mut parts = Vec::new();
    for level in Level::ALL {
        let mut rules: Vec<(&str, usize)> = Vec::new();
        for f in found.iter().filter(|f| f.level == level) {
            match rules.iter_mut().find(|(r, _)| *r == &*f.rule) {
                Some((_, n)) => *n += 1,
                None => rules.push((&f.rule, 1)),
            }
        }
        if rules.is_empty() {
            continue;
        }
        let list: Vec<String> = rules
            .into_iter()
            .map(|(r, n)| {
                if n > 1 {
                    format!("{r} ×{n}")
                } else {
                    r.to_string()
                }
            })
            .collect();
        parts.push(format!("{level}: {}", list.join(", ")));
    }
    parts.join("; ")
}

fn summary(rows: &[Row<'_>]) -> String {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return "No dated drafts.\n".to_string();
    };
    let sent = rows.iter().filter(|r| r.entry.sent).count();
    let unsent = rows.len() - sent;
    let found: usize = rows.iter().map(|r| r.findings.len()).sum();
    let drafts = if rows.len() == 1 { "draft" } else { "drafts" };
    let span = if rows.len() == 1 {
        format!("on {}", first.entry.date)
    } else {
        format!(
            "over {} days, {} to {}",
            last.entry.date.days_since(&first.entry.date),
            first.entry.date,
            last.entry.date
        )
    };
    let not_sent = match unsent {
        0 => String::new(),
        n => format!(", {n} not sent yet"),
    };
    let findings = match found {
        0 => "no findings".to_string(),
        1 => "1 finding".to_string(),
        n => format!("{n} findings"),
    };
    format!(
        "{} {drafts} {span} ({sent} sent{not_sent}); {findings}.\n",
        rows.len()
    )
}
