//! `require` rules: something every letter needs, missing from the letter or its close.

use super::Shape;
use crate::Finding;
use crate::rules::{Rule, Scope};

/// A paragraph with fewer words than this is a sign-off or an aside ("Love, Alex",
/// "Take care."), not the letter's closing paragraph.
const CLOSING_MIN_WORDS: usize = 8;

/// The finding for a letter of this `shape` when no sentence of the searched part is
/// `satisfied`. Shared by the whole check and the incremental engine (`judge::judge`).
pub fn judge(
    rule: &Rule,
    shape: &impl Shape,
    satisfied: impl FnMut(usize) -> bool,
) -> Option<Finding> {
    let (scope, min_words) = (rule.params().scope, rule.params().min_words);
    let paragraphs = shape.paragraphs();
    if paragraphs == 0 || shape.word_count() < min_words as usize {
        return None;
    }
    let word_count = |p: usize| shape.paragraph(p).map(|s| shape.words(s)).sum::<usize>();
    // The last substantial paragraph; a letter of short lines falls back to its last one.
    let closing = (0..paragraphs)
        .rev()
        .find(|&p| word_count(p) >= CLOSING_MIN_WORDS)
        .unwrap_or(paragraphs - 1);
    let searched = match scope {
        Scope::Document => 0..shape.sentences(),
        Scope::LastParagraph => shape.paragraph(closing).start..shape.sentences(),
    };
    if searched.into_iter().any(satisfied) {
        return None;
    }
    Some(Finding {
        rule: rule.id().clone(),
        level: rule.level(),
        span: shape.span(shape.paragraph(closing).end - 1),
        message: rule.message().to_string(),
        fixes: Vec::new(),
    })
}
