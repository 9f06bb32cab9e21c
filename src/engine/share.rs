//! `share` rules: too much of the letter doing one thing, reported on its densest passage.

use super::Shape;
use super::fill;
use crate::Finding;
use crate::rules::Rule;

/// The finding for a letter of this `shape` whose sentences match as `matching` says
/// (asked only when the letter is long enough to judge). Shared by the whole check and
/// the incremental engine, which knows which sentences match from cached chunks
/// (`judge::judge`).
pub fn judge(
    rule: &Rule,
    shape: &impl Shape,
    matching: impl FnOnce() -> Vec<bool>,
) -> Option<Finding> {
    let p = &rule.params();
    let (max_share, min_sentences, window, min_words) =
        (p.max_share, p.min_sentences, p.window, p.min_words);
    let total = shape.sentences();
    if total < min_sentences as usize || shape.word_count() < min_words as usize || total == 0 {
        return None;
    }
    let matching = matching();
    let count = matching.iter().filter(|&&m| m).count();
    let share = count as f64 / total as f64;
    if share <= max_share {
        return None;
    }
    // The window of `window` sentences holding the most matches; the earliest on a tie.
    let width = (window as usize).min(total);
    let mut best = (0, 0);
    let mut in_window = matching[..width].iter().filter(|&&m| m).count();
    best.1 = in_window;
    for start in 1..=total - width {
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
    Some(Finding {
        rule: rule.id().clone(),
        level: rule.level(),
        span: shape.span(first).start..shape.span(last).end,
        message: fill(
            rule.message(),
            &[
                ("percent", format!("{:.0}", share * 100.0)),
                ("count", count.to_string()),
                ("total", total.to_string()),
                ("max", format!("{:.0}", max_share * 100.0)),
            ],
        ),
        fixes: Vec::new(),
    })
}
