//! `require` rules: something every letter needs, missing from the letter or its close.

use super::matching::hits;
use super::scan::Gate;
use crate::Finding;
use crate::document::Document;
use crate::rules::{Rule, Scope};

/// A paragraph with fewer words than this is a sign-off or an aside ("Love, Alex",
/// "Take care."), not the letter's closing paragraph.
const CLOSING_MIN_WORDS: usize = 8;

pub fn check(rule: &Rule, doc: &Document, gate: Gate, out: &mut Vec<Finding>) {
    let (scope, min_words) = (rule.params.scope, rule.params.min_words);
    let paragraphs = doc.paragraphs();
    if paragraphs.is_empty() || doc.word_count() < min_words as usize {
        return;
    }
    let word_count = |p: &crate::document::Paragraph| {
        doc.sentences()[p.sentences.clone()]
            .iter()
            .map(|s| s.words.len())
            .sum::<usize>()
    };
    // The last substantial paragraph; a letter of short lines falls back to its last one.
    let closing = paragraphs
        .iter()
        .rposition(|p| word_count(p) >= CLOSING_MIN_WORDS)
        .unwrap_or(paragraphs.len() - 1);
    let searched = match scope {
        Scope::Document => 0..doc.sentences().len(),
        Scope::LastParagraph => paragraphs[closing].sentences.start..doc.sentences().len(),
    };
    let satisfied = searched
        .into_iter()
        .any(|i| !hits(doc, i, rule, gate).is_empty());
    if satisfied {
        return;
    }
    let at = &doc.sentences()[paragraphs[closing].sentences.end - 1];
    out.push(Finding {
        rule: rule.id.clone(),
        level: rule.level,
        span: at.span.clone(),
        message: rule.message.clone(),
        fixes: Vec::new(),
    });
}
