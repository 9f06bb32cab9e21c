//! `pattern`, `swap` and `limit` rules: matches inside sentences.

use super::fill;
use super::matching::hits;
use crate::Finding;
use crate::document::Document;
use crate::rules::Rule;

pub fn check(rule: &Rule, doc: &Document, out: &mut Vec<Finding>) {
    for sentence in doc.sentences() {
        for hit in hits(doc, sentence, &rule.matchers, &rule.unless) {
            out.push(Finding {
                rule: rule.id.clone(),
                level: rule.level,
                span: doc.to_original(hit.lint.start)..doc.to_original(hit.lint.end),
                message: rule.message.clone(),
                fixes: hit.fix.into_iter().collect(),
            });
        }
    }
}

/// Reports the first match past `max`, once, with the total count in the message.
pub fn limit(rule: &Rule, doc: &Document, out: &mut Vec<Finding>) {
    let max = rule.params.max;
    let all: Vec<_> = doc
        .sentences()
        .iter()
        .flat_map(|s| hits(doc, s, &rule.matchers, &rule.unless))
        .collect();
    let Some(first_extra) = all.get(max as usize) else {
        return;
    };
    out.push(Finding {
        rule: rule.id.clone(),
        level: rule.level,
        span: doc.to_original(first_extra.lint.start)..doc.to_original(first_extra.lint.end),
        message: fill(
            &rule.message,
            &[("count", all.len().to_string()), ("max", max.to_string())],
        ),
        fixes: Vec::new(),
    });
}
