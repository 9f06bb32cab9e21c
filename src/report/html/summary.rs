//! The page's summary: counts by level and by rule, and the few things to fix first.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Page, RuleInfo, finding_id};
use crate::report::first::fix_first;
use crate::report::markup::esc;
use crate::report::{Checked, CheckedFile, Outcome};
use crate::{Finding, Level};

/// Counts by level and by rule, and the few things to fix first.
pub(super) fn summary(out: &mut String, page: &Page<'_>, rules: &RuleInfo<'_>) {
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
    let first = fix_first(
        all.iter().map(|(file, index, f)| ((*file, *index), *f)),
        |id| rules.family(id),
    );
    out.push_str("<h3>Fix these first</h3>\n<ol class=\"first\">\n");
    for ((file, index), f) in first {
        let at = match &page.files[file].outcome {
            Outcome::Checked(c) => c.position(f.span.start).line,
            Outcome::Unreadable(_) => 0,
        };
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\"><code>{}</code> in {}, line {}</a>: {}</li>",
            finding_id(file, index),
            esc(&f.rule),
            esc(&page.files[file].path),
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
