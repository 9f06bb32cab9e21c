//! `amends report`: one self-contained HTML page that shows each letter whole, with what
//! was flagged highlighted in place, the letter's balance as a bar, and a series' pacing
//! as a timeline.
//!
//! The page must work offline, print, and leak nothing: inline CSS and SVG only, no
//! scripts, no fonts, images or links outside the page. Explanations appear on hover *and*
//! on keyboard focus through CSS alone, and every finding is also listed in plain text
//! under its letter, for screen readers and paper. The markup is well-formed XML as well
//! as HTML, so tests can read it with an XML parser.

mod summary;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use super::balance::{Balance, Part};
use super::first;
use super::markup::{esc, words};
use super::pacing;
use super::{Checked, CheckedFile, Outcome};
use crate::rules::Family;
use crate::{Finding, Rule};
use summary::summary;

/// Marks a page as written by `amends report`, so a later report may replace it and
/// nothing else: see [`is_amends_report`].
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"amends report\"/>";

/// Whether `start` (the first few kilobytes of a file) is a page `amends report` wrote.
pub fn is_amends_report(start: &[u8]) -> bool {
    start
        .windows(GENERATOR.len())
        .any(|w| w == GENERATOR.as_bytes())
}

/// What the page shows and how.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    pub title: &'a str,
    pub files: &'a [CheckedFile],
    /// The rules in force, for each finding's family and explanation.
    pub rules: &'a [&'a Rule],
    /// Draw every word of the letters as a grey bar and leave rewrites out.
    pub redact: bool,
    /// The fewest days between messages before `contact-too-frequent` speaks; the
    /// timeline draws the band from here to three days later.
    pub min_gap_days: u32,
}

/// The whole page.
pub fn render(page: &Page<'_>) -> String {
    let rules = RuleInfo::new(page.rules);
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str(GENERATOR);
    out.push('\n');
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\"/>\n");
    let _ = writeln!(out, "<title>{}</title>", esc(page.title));
    out.push_str("<style>");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<main>\n");
    let _ = writeln!(out, "<h1>{}</h1>", esc(page.title));
    if page.redact {
        out.push_str("<p class=\"note\">The words of the letters are left out of this page: each is drawn as a grey bar of its length, and flagged words as a bar in the colour of their concern.</p>\n");
    }
    summary(&mut out, page, &rules);
    for group in pacing::series_groups(page.files) {
        pacing::render(
            &mut out,
            page.files,
            &group,
            page.min_gap_days,
            &letter_anchor,
        );
    }
    for (index, file) in page.files.iter().enumerate() {
        match &file.outcome {
            Outcome::Checked(checked) => {
                letter(&mut out, page, index, &file.path, checked, &rules);
            }
            Outcome::Unreadable(why) => {
                let _ = writeln!(
                    out,
                    "<section class=\"letter unreadable\" id=\"{}\">\n<h2>{}</h2>\n<p>Could not be read: {}</p>\n</section>",
                    letter_anchor(index),
                    esc(&file.path),
                    esc(why)
                );
            }
        }
    }
    out.push_str("<footer><p>Made by amends on this computer. Nothing in this page loads from anywhere else.</p></footer>\n");
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A letter's section id: `letter-3` for the fourth file.
fn letter_anchor(file: usize) -> String {
    format!("letter-{file}")
}

/// A finding's list-entry id: `f3-7` for the fourth file's eighth finding.
fn finding_id(file: usize, finding: usize) -> String {
    format!("f{file}-{finding}")
}

/// One letter: its heading, its balance, its text with highlights, its findings listed.
fn letter(
    out: &mut String,
    page: &Page<'_>,
    index: usize,
    path: &str,
    checked: &Checked,
    rules: &RuleInfo<'_>,
) {
    let _ = writeln!(
        out,
        "<section class=\"letter\" id=\"{}\" aria-labelledby=\"{0}-h\">",
        letter_anchor(index)
    );
    let _ = write!(
        out,
        "<h2 id=\"{}-h\">{}</h2>\n<p class=\"meta\">",
        letter_anchor(index),
        esc(path)
    );
    if let Some(entry) = &checked.draft {
        let _ = write!(
            out,
            "{} · {}{} · ",
            entry.date,
            entry.kind.name(),
            if entry.sent { "" } else { " (not sent)" }
        );
        if let Some(gap) = entry.gap {
            let _ = write!(
                out,
                "{} after the last message sent · ",
                crate::series::days_phrase(gap)
            );
        }
    }
    let n = checked.findings.len();
    let _ = writeln!(
        out,
        "{} {} · {} {}</p>",
        checked.doc.word_count(),
        if checked.doc.word_count() == 1 {
            "word"
        } else {
            "words"
        },
        n,
        if n == 1 { "finding" } else { "findings" }
    );

    let spans = checked.sentence_spans();
    let balance = Balance::of(&spans, &checked.roles, &checked.findings, |id| {
        rules.family(id)
    });
    balance_bar(out, &balance, &letter_anchor(index));

    // What the writer reads: an email's decoded body, not its transfer encoding.
    let reading = checked.reading();
    let masked: Vec<_> = checked
        .masked_spans()
        .into_iter()
        .map(|m| reading.span(m))
        .collect();
    let shown: Vec<Finding> = checked
        .findings
        .iter()
        .map(|f| Finding {
            span: reading.span(f.span.clone()),
            ..f.clone()
        })
        .collect();
    out.push_str("<div class=\"text\">");
    body(out, page, index, reading.text(), &masked, &shown, rules);
    out.push_str("</div>\n");

    if checked.findings.is_empty() {
        out.push_str("<p class=\"clear\">Nothing found in this letter.</p>\n");
    } else {
        let _ = writeln!(out, "<h3>What was found</h3>\n<ol class=\"findings\">");
        for (j, f) in checked.findings.iter().enumerate() {
            finding_item(out, page, index, j, checked, f, rules);
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

/// The bar of parts, with a legend that says the same in words and numbers.
fn balance_bar(out: &mut String, balance: &Balance, anchor: &str) {
    if balance.sentences == 0 {
        out.push_str("<p class=\"balance-none\">No sentences of the writer's own to weigh.</p>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<figure class=\"balance\" data-sentences=\"{}\">\n<figcaption id=\"{anchor}-bal\">Balance of the letter's {} {}</figcaption>\n<div class=\"bar\" role=\"img\" aria-labelledby=\"{anchor}-bal\" aria-describedby=\"{anchor}-legend\">",
        balance.sentences,
        balance.sentences,
        if balance.sentences == 1 {
            "sentence"
        } else {
            "sentences"
        }
    );
    for (part, n, pct) in &balance.parts {
        if *n > 0 {
            let _ = write!(
                out,
                "<span class=\"part part-{0}\" style=\"width:{1}%\" data-part=\"{0}\" data-share=\"{1}\" data-sentences=\"{2}\" title=\"{1}% {3}\"></span>",
                part.name(),
                pct,
                n,
                part.label()
            );
        }
    }
    let _ = writeln!(out, "</div>\n<ul class=\"legend\" id=\"{anchor}-legend\">");
    for (part, n, pct) in &balance.parts {
        if *n > 0 {
            let _ = writeln!(
                out,
                "<li><span class=\"swatch part-{}\"></span>{}% {} ({} of {})</li>",
                part.name(),
                pct,
                part.label(),
                n,
                balance.sentences
            );
        }
    }
    out.push_str("</ul>\n");
    if balance.percent(Part::Retells) >= 40 {
        let _ = writeln!(
            out,
            "<p class=\"warn-note\">{}% of this letter retells what happened. Most of it could be about what was going on in you and what you will do.</p>",
            balance.percent(Part::Retells)
        );
    }
    out.push_str("</figure>\n");
}

/// The letter's text, cut where findings and masked regions begin and end: each piece
/// covered by findings becomes a focusable `<mark>` with the findings' explanations in a
/// tooltip beside it.
#[allow(
    clippy::too_many_arguments,
    reason = "one call site; a struct would only rename them"
)]
fn body(
    out: &mut String,
    page: &Page<'_>,
    file: usize,
    text: &str,
    masked: &[Range<usize>],
    findings: &[Finding],
    rules: &RuleInfo<'_>,
) {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for f in findings {
        cuts.push(f.span.start.min(text.len()));
        cuts.push(f.span.end.min(text.len()));
    }
    for m in masked {
        cuts.push(m.start.min(text.len()));
        cuts.push(m.end.min(text.len()));
    }
    cuts.retain(|&c| text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    // One sweep over the cuts: findings enter the active set where they start and leave
    // where they end (every end is a cut), so a long letter with thousands of findings
    // costs no more than its length.
    let mut by_start: Vec<usize> = (0..findings.len()).collect();
    by_start.sort_by_key(|&j| (findings[j].span.start, j));
    let mut next = by_start.iter().copied().peekable();
    let mut active: Vec<usize> = Vec::new();
    let mut mask = masked.iter().peekable();
    let mut tip = 0usize;
    let mut points = |out: &mut String, upto: usize, active: &mut Vec<usize>, tip: &mut usize| {
        while let Some(j) = next.next_if(|&j| findings[j].span.start <= upto) {
            if findings[j].span.is_empty() {
                // A finding with no width (a point in the letter) gets a marker.
                mark(out, page, file, &[(j, &findings[j])], "", tip, rules, true);
            } else {
                active.push(j);
            }
        }
    };
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        points(out, a, &mut active, &mut tip);
        active.retain(|&j| findings[j].span.end > a);
        active.sort_unstable();
        while mask.next_if(|m| m.end <= a).is_some() {}
        let in_mask = mask.peek().is_some_and(|m| m.start <= a);
        let piece = &text[a..b];
        if active.is_empty() {
            if in_mask {
                out.push_str("<span class=\"masked\">");
                words(out, piece, page.redact);
                out.push_str("</span>");
            } else {
                words(out, piece, page.redact);
            }
        } else {
            let covering: Vec<(usize, &Finding)> =
                active.iter().map(|&j| (j, &findings[j])).collect();
            mark(out, page, file, &covering, piece, &mut tip, rules, false);
        }
    }
    points(out, usize::MAX, &mut active, &mut tip);
}

/// A highlighted piece with its tooltip. The mark is coloured by the family of its most
/// serious finding and underlined by level, so colour is never the only signal.
#[allow(clippy::too_many_arguments, reason = "private helper of `body`")]
fn mark(
    out: &mut String,
    page: &Page<'_>,
    file: usize,
    covering: &[(usize, &Finding)],
    piece: &str,
    tip: &mut usize,
    rules: &RuleInfo<'_>,
    point: bool,
) {
    let Some((_, lead)) = covering
        .iter()
        .max_by_key(|(j, f)| (f.level, std::cmp::Reverse(*j)))
    else {
        return;
    };
    *tip += 1;
    let tip_id = format!("t{file}-{tip}");
    let refs: Vec<String> = covering.iter().map(|(j, _)| finding_id(file, *j)).collect();
    let _ = write!(
        out,
        "<span class=\"seg\"><mark tabindex=\"0\" class=\"fam-{}{} level-{}\" data-f=\"{}\" aria-describedby=\"{tip_id}\">",
        rules.family(&lead.rule).name(),
        if point { " point" } else { "" },
        lead.level.name(),
        refs.join(" ")
    );
    words(out, piece, page.redact);
    let _ = write!(
        out,
        "</mark><span class=\"tip\" role=\"tooltip\" id=\"{tip_id}\">"
    );
    for (j, f) in covering {
        let _ = write!(
            out,
            "<span class=\"tip-item\"><span class=\"tip-head\">{} · {}</span> {}",
            f.level.name(),
            esc(&f.rule),
            esc(&f.message)
        );
        if let Some(fix) = f.fixes.first().filter(|_| !page.redact) {
            let _ = write!(
                out,
                " <span class=\"tip-fix\">Try: “{}”</span>",
                esc(&fix.replacement)
            );
        }
        if let Some(why) = rules.why(&f.rule) {
            let _ = write!(out, " <span class=\"tip-why\">{}</span>", esc(why));
        }
        let _ = write!(
            out,
            " <a href=\"#{}\">more</a></span>",
            finding_id(file, *j)
        );
    }
    out.push_str("</span></span>");
}

/// One entry of a letter's findings list.
#[allow(clippy::too_many_arguments, reason = "private helper of `letter`")]
fn finding_item(
    out: &mut String,
    page: &Page<'_>,
    file: usize,
    index: usize,
    checked: &Checked,
    f: &Finding,
    rules: &RuleInfo<'_>,
) {
    let at = checked.position(f.span.start);
    let family = rules.family(&f.rule);
    let _ = write!(
        out,
        "<li class=\"finding level-{0}\" id=\"{1}\" data-rule=\"{2}\" data-level=\"{0}\" data-family=\"{3}\" data-start=\"{4}\" data-end=\"{5}\"><span class=\"swatch fam-{3}\"></span><strong>{0}</strong> <code>{2}</code>, line {6}, column {7}: {8}",
        f.level.name(),
        finding_id(file, index),
        esc(&f.rule),
        family.name(),
        f.span.start,
        f.span.end,
        at.line,
        at.column,
        esc(&f.message)
    );
    let flagged = checked.shown(f.span.clone());
    if !flagged.is_empty() {
        if page.redact {
            let _ = write!(
                out,
                "<br/><span class=\"quote\">[{} characters]</span>",
                flagged.chars().count()
            );
        } else {
            let _ = write!(out, "<br/><q class=\"quote\">{}</q>", esc(flagged));
        }
    }
    if !page.redact {
        for fix in &f.fixes {
            let _ = write!(
                out,
                "<br/><span class=\"fix\">Try: “{}”</span>",
                esc(&fix.replacement)
            );
        }
    }
    if let Some(why) = rules.why(&f.rule) {
        let _ = write!(out, "<br/><span class=\"why\">{}</span>", esc(why));
    }
    let _ = writeln!(out, "</li>");
}

/// What the page needs of each rule in force, worked out once rather than per finding:
/// its family and the "why it matters" text its tooltips and list entries show.
struct RuleInfo<'a>(HashMap<&'a str, (Family, Option<String>)>);

impl<'a> RuleInfo<'a> {
    fn new(rules: &[&'a Rule]) -> Self {
        let mut map = HashMap::new();
        for rule in rules {
            map.entry(&**rule.id())
                .or_insert_with(|| (rule.family(), first::why_it_matters(rule.explanation())));
        }
        RuleInfo(map)
    }

    /// The rule's family; [`Family::Other`] for a rule not in force.
    fn family(&self, id: &str) -> Family {
        self.0.get(id).map_or(Family::Other, |(family, _)| *family)
    }

    fn why(&self, id: &str) -> Option<&str> {
        self.0.get(id).and_then(|(_, why)| why.as_deref())
    }
}

/// The page's styles: light, printable, readable contrast (text on highlight colours is
/// at least 7:1), and hover or focus reveals a finding's explanation.
const CSS: &str = include_str!("page.css");
