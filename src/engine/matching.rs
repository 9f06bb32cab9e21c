//! Matching a rule's patterns inside one sentence.

use std::ops::Range;

use regex::Regex;

use crate::Fix;
use crate::document::{Document, Sentence};
use crate::rules::Matcher;

/// One match, in lint-text bytes, with the rewrite it offers (for swaps).
pub struct Hit {
    pub lint: Range<usize>,
    pub fix: Option<Fix>,
}

/// True when any `unless` pattern matches the sentence: the rule stays silent there.
pub fn excused(doc: &Document, sentence: &Sentence, unless: &[Regex]) -> bool {
    let text = doc.sentence_lint(sentence);
    unless.iter().any(|r| r.is_match(text))
}

/// Non-overlapping matches of any matcher in the sentence, leftmost first (the longest
/// wins a tie). Empty when an `unless` pattern matches.
pub fn hits(
    doc: &Document,
    sentence: &Sentence,
    matchers: &[Matcher],
    unless: &[Regex],
) -> Vec<Hit> {
    if excused(doc, sentence, unless) {
        return Vec::new();
    }
    let text = doc.sentence_lint(sentence);
    let base = sentence.lint.start;
    let mut found: Vec<Hit> = Vec::new();
    for m in matchers {
        match &m.replacement {
            None => found.extend(
                m.regex
                    .find_iter(text)
                    .filter(|x| !x.is_empty())
                    .map(|x| Hit {
                        lint: base + x.start()..base + x.end(),
                        fix: None,
                    }),
            ),
            Some(replacement) => {
                for caps in m.regex.captures_iter(text) {
                    let Some(whole) = caps.get(0).filter(|x| !x.is_empty()) else {
                        continue;
                    };
                    let mut expanded = String::new();
                    caps.expand(replacement, &mut expanded);
                    let lint = base + whole.start()..base + whole.end();
                    let original =
                        &doc.text()[doc.to_original(lint.start)..doc.to_original(lint.end)];
                    let replacement = in_writers_style(original, &expanded);
                    let title = match &m.title {
                        Some(t) => t.clone(),
                        None => format!("Replace with “{replacement}”"),
                    };
                    found.push(Hit {
                        lint,
                        fix: Some(Fix { title, replacement }),
                    });
                }
            }
        }
    }
    found.sort_by(|a, b| {
        a.lint
            .start
            .cmp(&b.lint.start)
            .then(b.lint.end.cmp(&a.lint.end))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(found.len());
    for hit in found {
        if kept.last().is_none_or(|k| hit.lint.start >= k.lint.end) {
            kept.push(hit);
        }
    }
    kept
}

/// Adapts a rewrite to how the writer typed the original: a capital first letter stays
/// capital, and curly apostrophes stay curly.
fn in_writers_style(original: &str, replacement: &str) -> String {
    let mut out = if original.contains('\u{2019}') {
        replacement.replace('\'', "\u{2019}")
    } else {
        replacement.to_string()
    };
    let starts_upper = original.chars().next().is_some_and(char::is_uppercase);
    if starts_upper {
        if let Some(first) = out.chars().next() {
            if first.is_lowercase() {
                out = first.to_uppercase().chain(out.chars().skip(1)).collect();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_keep_the_writers_capitals_and_apostrophes() {
        assert_eq!(
            in_writers_style("Sorry you’re hurt", "I'm sorry I hurt you"),
            "I’m sorry I hurt you"
        );
        assert_eq!(in_writers_style("Sorry if", "sorry that"), "Sorry that");
        assert_eq!(in_writers_style("sorry if", "sorry that"), "sorry that");
    }
}
