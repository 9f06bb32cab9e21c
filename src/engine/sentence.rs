//! `pattern`, `swap` and `limit` rules: matches inside sentences.

use super::fill;
use super::matching::{LEARNED, hits};
use super::scan::Gate;
use crate::Finding;
use crate::document::Document;
use crate::rules::Rule;

/// One finding per rewrite offered, and one per occurrence for the rest of the rule's
/// matches. Matches of different patterns in one stretch of a sentence are one problem
/// said at length ("I only missed it because…, so I couldn't say no") and share an
/// underline; the same pattern matching again, or a match past a line break or a
/// semicolon, is a problem of its own ("you made me do it, and later: YOU MADE ME"). The
/// weights' hit on words a phrase left in the sentence joins the phrase's stretch the same
/// way, under the phrase's message: the stretch is no longer only what the weights found.
pub fn check(rule: &Rule, doc: &Document, gate: Gate, out: &mut Vec<Finding>) {
    struct Group {
        span: std::ops::Range<usize>,
        message: Option<String>,
        matchers: Vec<usize>,
    }
    for index in 0..doc.sentences().len() {
        let mut group: Option<Group> = None;
        for hit in hits(doc, index, rule, gate) {
            if let Some(fix) = hit.fix {
                out.push(finding(rule, doc, hit.lint, hit.message, vec![fix]));
                continue;
            }
            if let Some(g) = &mut group {
                let between = &doc.lint_text()[g.span.end..hit.lint.start.max(g.span.end)];
                let separate = g.matchers.contains(&hit.matcher) || between.contains(['\n', ';']);
                if !separate {
                    g.span.end = hit.lint.end;
                    if g.matchers.iter().all(|&m| m == LEARNED) {
                        g.message = hit.message;
                    } else if hit.matcher != LEARNED {
                        g.message = g.message.take().or(hit.message);
                    }
                    g.matchers.push(hit.matcher);
                    continue;
                }
            }
            let next = Group {
                span: hit.lint,
                message: hit.message,
                matchers: vec![hit.matcher],
            };
            if let Some(g) = group.replace(next) {
                out.push(finding(rule, doc, g.span, g.message, Vec::new()));
            }
        }
        if let Some(g) = group {
            out.push(finding(rule, doc, g.span, g.message, Vec::new()));
        }
    }
}

fn finding(
    rule: &Rule,
    doc: &Document,
    lint: std::ops::Range<usize>,
    message: Option<String>,
    fixes: Vec<crate::Fix>,
) -> Finding {
    Finding {
        rule: rule.id().clone(),
        level: rule.level(),
        span: doc.to_original(lint.start)..doc.to_original(lint.end),
        message: message.unwrap_or_else(|| rule.message().to_string()),
        fixes,
    }
}

/// Reports the first match past `max`, once, with the total count in the message.
pub fn limit(rule: &Rule, doc: &Document, gate: Gate, out: &mut Vec<Finding>) {
    let all: Vec<_> = (0..doc.sentences().len())
        .flat_map(|i| hits(doc, i, rule, gate))
        .map(|hit| doc.to_original(hit.lint.start)..doc.to_original(hit.lint.end))
        .collect();
    out.extend(limit_judge(rule, &all));
}

/// The finding for a letter whose matches of a `limit` rule are `all` (original spans,
/// in order). Shared by [`limit`] and the incremental engine.
pub fn limit_judge(rule: &Rule, all: &[std::ops::Range<usize>]) -> Option<Finding> {
    let max = rule.params().max;
    let first_extra = all.get(max as usize)?;
    Some(Finding {
        rule: rule.id().clone(),
        level: rule.level(),
        span: first_extra.clone(),
        message: fill(
            rule.message(),
            &[("count", all.len().to_string()), ("max", max.to_string())],
        ),
        fixes: Vec::new(),
    })
}
