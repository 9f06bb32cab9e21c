//! The pacing of a series of dated drafts, drawn as an SVG timeline for the HTML report:
//! each message on a line of days, the gap since the last message sent before it, the
//! band of days when the next message fits (by default 7 to 10 days after one is sent),
//! and each message's findings as small marks under it. A table under the drawing says
//! the same in words.

use std::fmt::Write as _;
use std::path::Path;

use super::markup::esc;
use super::{Checked, CheckedFile, Outcome};
use crate::Level;
use crate::series::{Entry, days_phrase};

const WIDTH: f64 = 760.0;
const PAD: f64 = 90.0;
const AXIS: f64 = 80.0;
const HEIGHT: f64 = 215.0;
/// Findings drawn under a message; more are counted ("+3").
const MARKS: usize = 5;
/// Days drawn after the last message, so the band after it shows.
const TAIL_DAYS: i64 = 12;

/// The files of each series the report holds: indices into `files`, grouped by folder
/// and in date order. A group needs two dated drafts to be a series.
pub fn series_groups(files: &[CheckedFile]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(&Path, Vec<usize>)> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let Outcome::Checked(checked) = &file.outcome else {
            continue;
        };
        if checked.draft.is_none() {
            continue;
        }
        let dir = Path::new(&file.path).parent().unwrap_or(Path::new(""));
        match groups.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, members)) => members.push(i),
            None => groups.push((dir, vec![i])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, members)| members.len() >= crate::series::MIN_DRAFTS)
        .map(|(_, mut members)| {
            members.sort_by_key(|&i| entry(files, i).map(|e| (e.date, e.name.clone())));
            members
        })
        .collect()
}

fn checked(files: &[CheckedFile], i: usize) -> Option<&Checked> {
    match &files.get(i)?.outcome {
        Outcome::Checked(c) => Some(c),
        Outcome::Unreadable(_) => None,
    }
}

fn entry(files: &[CheckedFile], i: usize) -> Option<&Entry> {
    checked(files, i)?.draft.as_ref()
}

/// One series: the drawing and its table. `anchor` gives a file's section id.
pub fn render(
    out: &mut String,
    files: &[CheckedFile],
    group: &[usize],
    min_gap_days: u32,
    anchor: &dyn Fn(usize) -> String,
) {
    let members: Vec<(usize, &Entry, &Checked)> = group
        .iter()
        .filter_map(|&i| Some((i, entry(files, i)?, checked(files, i)?)))
        .collect();
    let Some((_, first, _)) = members.first() else {
        return;
    };
    let folder = Path::new(&files[group[0]].path)
        .parent()
        .map(|p| p.display().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".to_string());
    let day = |e: &Entry| e.date.days_since(&first.date).max(0);
    let last_day = members.iter().map(|(_, e, _)| day(e)).max().unwrap_or(0);
    let span = (last_day + TAIL_DAYS).max(1) as f64;
    let x = |d: i64| PAD + d as f64 / span * (WIDTH - 2.0 * PAD);
    let band = (i64::from(min_gap_days), i64::from(min_gap_days) + 3);

    let _ = writeln!(
        out,
        "<section class=\"timeline\" aria-labelledby=\"tl-{0}-h\">\n<h2 id=\"tl-{0}-h\">Pacing of the series in {1}</h2>\n<p class=\"note\">The diamond is the letter and each dot a follow-up (hollow when not sent yet). The green band is {2} to {3} days after a message you sent, when the next one fits. A gap in red is shorter than {2} days. The small marks under a message are its findings, coloured by level.</p>",
        group[0],
        esc(&folder),
        band.0,
        band.1
    );
    let _ = writeln!(
        out,
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"tl-{0}-title\" class=\"series\" font-family=\"system-ui, sans-serif\" font-size=\"12\"><title id=\"tl-{0}-title\">Timeline of {1} messages over {2}</title>",
        group[0],
        members.len(),
        days_phrase(last_day)
    );
    // The band after each sent message; bands that overlap are drawn as one.
    let mut bands: Vec<(i64, i64)> = Vec::new();
    for (_, e, _) in members.iter().filter(|(_, e, _)| e.sent) {
        let (from, to) = (day(e) + band.0, day(e) + band.1);
        match bands.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => bands.push((from, to)),
        }
    }
    for (from, to) in bands {
        let (a, b) = (x(from), x(to));
        let _ = writeln!(
            out,
            "<rect class=\"band\" x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"36\" fill=\"#cdebd0\" data-from=\"{from}\" data-to=\"{to}\"/>",
            AXIS - 18.0,
            (b - a).max(1.0),
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{PAD}\" y1=\"{AXIS}\" x2=\"{:.1}\" y2=\"{AXIS}\" stroke=\"#555\" stroke-width=\"2\"/>",
        WIDTH - PAD
    );
    // Gaps: an arc from the last sent message to each message after it.
    let mut last_sent: Option<i64> = None;
    for (_, e, _) in &members {
        if let (Some(from), Some(gap)) = (last_sent, e.gap) {
            let (a, b) = (x(from), x(day(e)));
            let short = gap < i64::from(min_gap_days);
            let colour = if short { "#b3261e" } else { "#4a4a4a" };
            let mid = (a + b) / 2.0;
            let _ = writeln!(
                out,
                "<path class=\"gap{}\" d=\"M{a:.1} {:.1} Q{mid:.1} {:.1} {b:.1} {:.1}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\" data-days=\"{gap}\"/><text x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{colour}\" font-weight=\"{}\">{}</text>",
                if short { " short" } else { "" },
                AXIS - 10.0,
                AXIS - 52.0,
                AXIS - 10.0,
                if short { 2.5 } else { 1.5 },
                AXIS - 36.0,
                if short { 700 } else { 400 },
                esc(&days_phrase(gap))
            );
        }
        if e.sent {
            last_sent = Some(day(e));
        }
    }
    // The messages, each a link to its letter, with its findings stacked under it.
    for (i, e, c) in &members {
        let cx = x(day(e));
        let findings = c.findings.len();
        let _ = write!(
            out,
            "<a href=\"#{}\"><g class=\"message\" data-date=\"{}\" data-gap=\"{}\" data-kind=\"{}\" data-sent=\"{}\" data-findings=\"{findings}\"><title>{}</title>",
            anchor(*i),
            e.date,
            e.gap.map_or_else(String::new, |g| g.to_string()),
            e.kind.name(),
            e.sent,
            esc(&format!(
                "{} · {}{} · {} · {} {}",
                e.date,
                e.kind.name(),
                if e.sent { "" } else { " (not sent)" },
                e.gap.map_or_else(
                    || "first message".to_string(),
                    |g| format!("{} since the last message sent", days_phrase(g))
                ),
                findings,
                if findings == 1 { "finding" } else { "findings" }
            ))
        );
        let (fill, stroke) = if e.sent {
            ("#1b1b1b", "#1b1b1b")
        } else {
            ("#ffffff", "#1b1b1b")
        };
        match e.kind {
            crate::DraftKind::Letter => {
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"14\" height=\"14\" transform=\"rotate(45 {cx:.1} {AXIS})\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>",
                    cx - 7.0,
                    AXIS - 7.0
                );
            }
            crate::DraftKind::FollowUp => {
                let _ = write!(
                    out,
                    "<circle cx=\"{cx:.1}\" cy=\"{AXIS}\" r=\"7\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"/>"
                );
            }
        }
        for (k, f) in c.findings.iter().take(MARKS).enumerate() {
            let _ = write!(
                out,
                "<rect class=\"finding-mark\" x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"6\" fill=\"{}\" data-level=\"{}\"/>",
                cx - 4.0,
                AXIS + 12.0 + 8.0 * k as f64,
                level_colour(f.level),
                f.level.name()
            );
        }
        if findings > MARKS {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">+{}</text>",
                cx + 6.0,
                AXIS + 12.0 + 8.0 * MARKS as f64,
                findings - MARKS
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"end\" transform=\"rotate(-35 {cx:.1} {:.1})\" fill=\"#1b1b1b\">{}</text></g></a>",
            AXIS + 56.0,
            AXIS + 56.0,
            e.date
        );
    }
    out.push_str("</svg>\n");

    // The same in words.
    out.push_str("<table>\n<thead><tr><th scope=\"col\">date</th><th scope=\"col\">gap</th><th scope=\"col\">kind</th><th scope=\"col\">sent</th><th scope=\"col\">draft</th><th scope=\"col\">findings</th></tr></thead>\n<tbody>\n");
    for (i, e, c) in &members {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href=\"#{}\">{}</a></td><td>{}</td></tr>",
            e.date,
            e.gap.map_or_else(|| "first".to_string(), days_phrase),
            e.kind.name(),
            if e.sent { "yes" } else { "no" },
            anchor(*i),
            esc(&e.name),
            c.findings.len()
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn level_colour(level: Level) -> &'static str {
    match level {
        Level::Error => "#b3261e",
        Level::Warning => "#c26a00",
        Level::Info => "#1f4e9c",
        Level::Hint => "#777777",
    }
}
