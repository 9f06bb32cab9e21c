//! `pattern`, `swap` and `limit` rules: matches inside sentences.

use super::fill;
use super::matching::hits;
use super::scan::Gate;
use crate::Finding;
use crate::document::Document;
use crate::rules::Rule;

/// One finding per rewrite offered, and one for the rest of the rule's matches in a
/// sentence: two underlines with the same message in one sentence say nothing more.
pub fn check(rule: &Rule, doc: &Document, gate: Gate, out: &mut Vec<Finding>) {
    for index in 0..doc.sentences().len() {
        let mut plain: Option<(std::ops::Range<usize>, Option<String>)> = None;
        for hit in hits(doc, index, rule, gate) {
            if let Some(fix) = hit.fix {
                out.push(finding(rule, doc, hit.lint, hit.message, vec![fix]));
                continue;
            }
            plain = Some(match plain {
                None => (hit.lint, hit.message),
                Some((span, message)) => (span.start..hit.lint.end, message.or(hit.message)),
            });
        }
        if let Some((span, message)) = plain {
            out.push(finding(rule, doc, span, message, Vec::new()));
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
        rule: rule.id.clone(),
        level: rule.level,
        span: doc.to_original(lint.start)..doc.to_original(lint.end),
        message: message.unwrap_or_else(|| rule.message.clone()),
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
    let max = rule.params.max;
    let first_extra = all.get(max as usize)?;
    Some(Finding {
        rule: rule.id.clone(),
        level: rule.level,
        span: first_extra.clone(),
        message: fill(
            &rule.message,
            &[("count", all.len().to_string()), ("max", max.to_string())],
        ),
        fixes: Vec::new(),
    })
}
