//! `amends report`: one self-contained HTML page that shows each letter whole, with what
//! was flagged highlighted in place, the letter's balance as a bar, and a series' pacing
//! as a timeline.
//!
//! The page must work offline, print, and leak nothing: inline CSS and SVG only, no
//! scripts, no fonts, images or links outside the page. Explanations appear on hover *and*
//! on keyboard focus through CSS alone, and every finding is also listed in plain text
//! under its letter, for screen readers and paper. The markup is well-formed XML as well
//! as HTML, so tests can read it with an XML parser.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use std::collections::HashMap;

use super::balance::{Balance, Part};
use super::markup::{esc, words};
use super::pacing;
use super::{Checked, CheckedFile, Outcome};
use crate::rules::Family;
use crate::{Finding, Level, Rule};

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

/// Counts by level and by rule, and the few things to fix first.
fn summary(out: &mut String, page: &Page<'_>, rules: &RuleInfo<'_>) {
    let checked: Vec<(usize, &CheckedFile, &Checked)> = page
        .files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match &f.outcome {
            Outcome::Checked(c) => Some((i, f, c)),
            Outcome::Unreadable(_) => None,
        })
        .collect();
    let all: Vec<(usize, usize, &Finding)> = checked
        .iter()
        .flat_map(|(i, _, c)| c.findings.iter().enumerate().map(move |(j, f)| (*i, j, f)))
        .collect();
    out.push_str("<section class=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary</h2>\n");
    let letters = checked.len();
    let _ = writeln!(
        out,
        "<p>{} {} checked, {} {}.</p>",
        letters,
        if letters == 1 { "draft" } else { "drafts" },
        all.len(),
        if all.len() == 1 {
            "finding"
        } else {
            "findings"
        }
    );
    out.push_str("<ul class=\"levels\">\n");
    for level in Level::ALL {
        let n = all.iter().filter(|(_, _, f)| f.level == level).count();
        let _ = writeln!(
            out,
            "<li class=\"level-{0}\" data-level=\"{0}\" data-count=\"{1}\"><strong>{1}</strong> {2}</li>",
            level.name(),
            n,
            level_words(level, n)
        );
    }
    out.push_str("</ul>\n");

    if all.is_empty() {
        out.push_str("<p class=\"clear\">Nothing to fix: none of the rules found anything.</p>\n</section>\n");
        return;
    }

    // The first few things to fix: the writer's safety before anything else, then the
    // most serious rule, each rule once.
    let mut order: Vec<&(usize, usize, &Finding)> = all.iter().collect();
    order.sort_by_key(|(file, index, f)| {
        (
            rules.family(&f.rule) != Family::Safety,
            std::cmp::Reverse(f.level),
            family_rank(rules.family(&f.rule)),
            *file,
            *index,
        )
    });
    let mut first: Vec<&(usize, usize, &Finding)> = Vec::new();
    for item in order {
        if first.len() == 3 {
            break;
        }
        if !first.iter().any(|(_, _, f)| f.rule == item.2.rule) {
            first.push(item);
        }
    }
    out.push_str("<h3>Fix these first</h3>\n<ol class=\"first\">\n");
    for (file, index, f) in first {
        let at = match &page.files[*file].outcome {
            Outcome::Checked(c) => c.position(f.span.start).line,
            Outcome::Unreadable(_) => 0,
        };
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\"><code>{}</code> in {}, line {}</a>: {}</li>",
            finding_id(*file, *index),
            esc(&f.rule),
            esc(&page.files[*file].path),
            at,
            esc(&f.message)
        );
    }
    out.push_str("</ol>\n");

    // Rules that found something, most serious level first, then most findings.
    let mut by_rule: BTreeMap<&str, (Level, usize, usize)> = BTreeMap::new();
    for (i, _, _) in &checked {
        let Outcome::Checked(c) = &page.files[*i].outcome else {
            continue;
        };
        let mut seen_here: Vec<&str> = Vec::new();
        for f in &c.findings {
            let entry = by_rule.entry(&f.rule).or_insert((f.level, 0, 0));
            entry.0 = entry.0.max(f.level);
            entry.1 += 1;
            if !seen_here.contains(&&*f.rule) {
                seen_here.push(&f.rule);
                entry.2 += 1;
            }
        }
    }
    let mut rows: Vec<(&str, (Level, usize, usize))> = by_rule.into_iter().collect();
    rows.sort_by_key(|(rule, (level, n, _))| {
        (std::cmp::Reverse(*level), std::cmp::Reverse(*n), *rule)
    });
    out.push_str("<table class=\"rules\">\n<caption>Findings by rule</caption>\n<thead><tr><th scope=\"col\">rule</th><th scope=\"col\">concern</th><th scope=\"col\">level</th><th scope=\"col\">findings</th><th scope=\"col\">letters</th></tr></thead>\n<tbody>\n");
    for (rule, (level, n, letters)) in rows {
        let family = rules.family(rule);
        let _ = writeln!(
            out,
            "<tr data-rule=\"{0}\" data-count=\"{4}\"><td><code>{0}</code></td><td><span class=\"swatch fam-{1}\"></span>{2}</td><td>{3}</td><td>{4}</td><td>{5}</td></tr>",
            esc(rule),
            family.name(),
            family.label(),
            level.name(),
            n,
            letters
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn level_words(level: Level, n: usize) -> &'static str {
    match (level, n == 1) {
        (Level::Error, true) => "error",
        (Level::Error, false) => "errors",
        (Level::Warning, true) => "warning",
        (Level::Warning, false) => "warnings",
        (Level::Info, true) => "note",
        (Level::Info, false) => "notes",
        (Level::Hint, true) => "hint",
        (Level::Hint, false) => "hints",
    }
}

/// Which concern is fixed first among findings of the same level: the writer's safety,
/// then what most harms the letter's chance (blame, pressure) before what weakens it.
fn family_rank(family: Family) -> usize {
    match family {
        Family::Safety => 0,
        Family::Blame => 1,
        Family::Pressure => 2,
        Family::NonApology => 3,
        Family::Rushing => 4,
        Family::SelfPity => 5,
        Family::Dwelling => 6,
        Family::Structure => 7,
        Family::Pacing => 8,
        Family::Other => 9,
    }
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
            map.entry(&*rule.id)
                .or_insert_with(|| (rule.family, why_it_matters(&rule.explanation)));
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

/// The "why it matters" paragraph of a rule's explanation, as plain text: short enough
/// for a tooltip, and the part a writer most needs. Falls back to the first paragraph.
fn why_it_matters(explanation: &str) -> Option<String> {
    let paragraphs: Vec<&str> = explanation
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let chosen = paragraphs
        .iter()
        .find(|p| p.starts_with("**Why it matters"))
        .or(paragraphs.first())?;
    let plain = chosen.replace("**", "").replace('`', "");
    let plain = plain
        .strip_prefix("Why it matters.")
        .unwrap_or(&plain)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!plain.is_empty()).then_some(plain)
}

/// The page's styles: light, printable, readable contrast (text on highlight colours is
/// at least 7:1), and hover or focus reveals a finding's explanation.
const CSS: &str = r#"
:root{--ink:#1b1b1b;--muted:#555;--line:#d6d6d6;--paper:#fff;--soft:#f6f6f4}
*{box-sizing:border-box}
body{margin:0;background:var(--soft);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.7rem;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:0 0 .25rem;word-break:break-all}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
section{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:1.25rem;margin:0 0 1.25rem}
.note,.meta{color:var(--muted)}
.levels{display:flex;gap:.75rem;list-style:none;padding:0;flex-wrap:wrap}
.levels li{border:1px solid var(--line);border-radius:6px;padding:.4rem .8rem;background:var(--soft)}
.levels strong{font-size:1.3rem;margin-right:.25rem}
.level-error strong{color:#a4161a}.level-warning strong{color:#8a4b00}.level-info strong{color:#1f4e9c}.level-hint strong{color:#444}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid var(--line)}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;vertical-align:-.05em;border:1px solid rgba(0,0,0,.35)}
.text{position:relative;white-space:pre-wrap;overflow-wrap:anywhere;font:1rem/1.7 Georgia,"Times New Roman",serif;background:#fffdf8;border:1px solid var(--line);border-radius:6px;padding:1rem 1.25rem;margin:1rem 0}
.masked{color:#6b6b6b;font-style:italic}
mark{color:var(--ink);border-radius:2px;padding:0 1px;cursor:help;text-decoration-thickness:2px;text-underline-offset:3px}
mark.level-error{text-decoration-line:underline;text-decoration-style:solid}
mark.level-warning{text-decoration-line:underline;text-decoration-style:dashed}
mark.level-info,mark.level-hint{text-decoration-line:underline;text-decoration-style:dotted}
mark.point::before{content:"\25B8";padding:0 .15em}
mark:focus{outline:3px solid #1b1b1b;outline-offset:1px}
.tip{display:none;position:absolute;left:1rem;right:1rem;margin-top:1.8em;z-index:5;white-space:normal;font:.9rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;background:#1f2328;color:#f5f5f5;border-radius:6px;padding:.6rem .75rem;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.tip a{color:#b9d4ff}
.tip-item{display:block}.tip-item+.tip-item{margin-top:.5rem;border-top:1px solid #444;padding-top:.5rem}
.tip-head{font-weight:700;color:#ffd18a}
.tip-fix{display:block;color:#c8f2c8}
.tip-why{display:block;color:#d8d8d8}
.seg:hover>.tip,.seg:focus-within>.tip{display:block}
.fam-safety{background:#c9ecf5;text-decoration-color:#0b5566}
.fam-blame{background:#fbd5d5;text-decoration-color:#a4161a}
.fam-non-apology{background:#fde3c4;text-decoration-color:#8a4b00}
.fam-dwelling{background:#e6dcf7;text-decoration-color:#5b2ca0}
.fam-pressure{background:#fff1a8;text-decoration-color:#6b5900}
.fam-self-pity{background:#d7e5fb;text-decoration-color:#1f4e9c}
.fam-rushing{background:#cfeee6;text-decoration-color:#0b6150}
.fam-structure{background:#e9e9e9;text-decoration-color:#444}
.fam-pacing{background:#f6d8ee;text-decoration-color:#8a1f6e}
.fam-other{background:#dff0d2;text-decoration-color:#2f5d1f}
.r{background:#c9c9c9;color:transparent;border-radius:2px}
mark .r{background:transparent}
.balance{margin:1rem 0}
.balance figcaption{font-weight:600;margin-bottom:.35rem}
.bar{display:flex;height:1.4rem;border-radius:4px;overflow:hidden;border:1px solid #999;background:#eee}
.part{display:block;height:100%}
.part-explains{background:#2e7d32}.part-apologises{background:#1565c0}.part-retells{background:#e07b00}.part-amends{background:#00838f}.part-presses{background:#c62828}.part-closes{background:#6a3fb0}.part-other{background:#b8b8b8}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:.5rem 0 0;font-size:.92rem}
.warn-note{color:#8a4b00;font-weight:600}
.findings li{margin-bottom:.6rem}
.quote{color:var(--muted)}
.fix{color:#0b6150}
.why{color:var(--muted);font-size:.92rem}
.timeline svg{width:100%;height:auto;display:block}
.timeline table{font-size:.92rem;margin-top:.75rem}
.clear{color:#0b6150;font-weight:600}
footer{color:var(--muted);font-size:.85rem;text-align:center}
@media print{body{background:#fff}.tip{display:none!important}section{break-inside:avoid-page;border:none}}
"#;
