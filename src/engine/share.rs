//! `share` rules: too much of the letter doing one thing, reported on its densest passage.

use super::fill;
use super::matching::hits;
use super::scan::Gate;
use crate::Finding;
use crate::document::Document;
use crate::rules::Rule;

pub fn check(rule: &Rule, doc: &Document, gate: Gate, out: &mut Vec<Finding>) {
    let p = &rule.params;
    let (max_share, min_sentences, window, min_words) =
        (p.max_share, p.min_sentences, p.window, p.min_words);
    let sentences = doc.sentences();
    if sentences.len() < min_sentences as usize
        || doc.word_count() < min_words as usize
        || sentences.is_empty()
    {
        return;
    }
    let matching: Vec<bool> = (0..sentences.len())
        .map(|i| !hits(doc, i, rule, gate).is_empty())
        .collect();
    let count = matching.iter().filter(|&&m| m).count();
    let share = count as f64 / sentences.len() as f64;
    if share <= max_share {
        return;
    }
    // The window of `window` sentences holding the most matches; the earliest on a tie.
    let width = (window as usize).min(sentences.len());
    let mut best = (0, 0);
    let mut in_window = matching[..width].iter().filter(|&&m| m).count();
    best.1 = in_window;
    for start in 1..=sentences.len() - width {
        in_window =
            in_window + usize::from(matching[start + width - 1]) - usize::from(matching[start - 1]);
        if in_window > best.1 {
            best = (start, in_window);
        }
    }
    let passage = best.0..best.0 + width;
    let first = passage
        .clone()
        .find(|&i| matching[i])
        .unwrap_or(passage.start);
    let last = passage
        .clone()
        .rev()
        .find(|&i| matching[i])
        .unwrap_or(passage.end - 1);
    out.push(Finding {
        rule: rule.id.clone(),
        level: rule.level,
        span: sentences[first].span.start..sentences[last].span.end,
        message: fill(
            &rule.message,
            &[
                ("percent", format!("{:.0}", share * 100.0)),
                ("count", count.to_string()),
                ("total", sentences.len().to_string()),
            ],
        ),
        fixes: Vec::new(),
    });
}
