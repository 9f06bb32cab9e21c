//! Matching a phrase's tree against a sentence's tokens: backtracking, first way wins.

use super::{Node, Words};
use crate::document::{Token, UNKNOWN, WordId};

/// Digits, then `ending` ("7pm", "3ish" for `#pm`, `#ish`), or with no ending asked for,
/// an ordinal's ending if it has one ("7", "1412", "3rd", "21st"): what `#` matches, so
/// times, dates and room numbers need no list of every number.
fn is_number(word: &str, ending: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &word[digits..];
    digits > 0
        && if ending.is_empty() {
            matches!(rest, "" | "st" | "nd" | "rd" | "th")
        } else {
            rest == ending
        }
}

/// What is left to match after the current node: a linked list of node slices.
pub(super) enum Cont<'a> {
    Done,
    Then(&'a [Node], &'a Cont<'a>),
}

pub(super) struct Matcher<'t> {
    pub(super) tokens: &'t [Token],
    /// The numbers of each token's readings (see `SentenceWords`).
    pub(super) ids: &'t [[WordId; 2]],
}

impl Matcher<'_> {
    /// The numbers of the token at `pos`, if it is a word.
    pub(super) fn word_at(&self, pos: usize) -> Option<[WordId; 2]> {
        match self.tokens.get(pos) {
            Some(t) if !t.punct => self.ids.get(pos).copied(),
            _ => None,
        }
    }

    pub(super) fn has(words: &Words, [id, alt]: [WordId; 2]) -> bool {
        words.contains(&id) || (alt != UNKNOWN && words.contains(&alt))
    }

    /// Matches `nodes`, then `k`, from token `pos`; the end of the first way found.
    pub(super) fn run(&self, nodes: &[Node], k: &Cont<'_>, pos: usize) -> Option<usize> {
        let Some((first, rest)) = nodes.split_first() else {
            return match k {
                Cont::Done => Some(pos),
                Cont::Then(next, after) => self.run(next, after, pos),
            };
        };
        let k = Cont::Then(rest, k);
        let next = |p: usize| self.run(&[], &k, p);
        match first {
            Node::Word(words) => {
                let t = self.word_at(pos)?;
                if Self::has(words, t) {
                    next(pos + 1)
                } else {
                    None
                }
            }
            Node::Any => self.word_at(pos).and_then(|_| next(pos + 1)),
            Node::Number(ending) => match self.tokens.get(pos) {
                Some(t) if !t.punct && is_number(&t.norm, ending) => next(pos + 1),
                _ => None,
            },
            Node::Mark(mark) => {
                let t = self.tokens.get(pos)?;
                if t.punct && t.norm == *mark {
                    next(pos + 1)
                } else {
                    None
                }
            }
            Node::Gap(max) => {
                for skip in 0..=*max {
                    if let Some(end) = next(pos + skip) {
                        return Some(end);
                    }
                    if self.word_at(pos + skip).is_none() {
                        break;
                    }
                }
                None
            }
            Node::Seq(items) => self.run(items, &k, pos),
            Node::Class(class) => self.run(std::slice::from_ref(&class.node), &k, pos),
            Node::Alt(items, first) => {
                // One look at the word here rules out every choice at once.
                if let Some(first) = first
                    && !self.word_at(pos).is_some_and(|ids| Self::has(first, ids))
                {
                    return None;
                }
                items
                    .iter()
                    .find_map(|item| self.run(std::slice::from_ref(item), &k, pos))
            }
            Node::Opt(inner) => self
                .run(std::slice::from_ref(inner), &k, pos)
                .or_else(|| next(pos)),
            Node::Not(inner) => match self.run(std::slice::from_ref(inner), &Cont::Done, pos) {
                Some(_) => None,
                None => next(pos),
            },
            Node::Start => {
                if self.tokens[..pos.min(self.tokens.len())]
                    .iter()
                    .all(|t| t.punct)
                {
                    next(pos)
                } else {
                    None
                }
            }
            Node::End => {
                if self.tokens[pos.min(self.tokens.len())..]
                    .iter()
                    .all(|t| t.punct)
                {
                    next(pos)
                } else {
                    None
                }
            }
            Node::Break => match self.tokens.get(pos) {
                Some(t) if t.punct && matches!(&*t.norm, "," | ";" | ":" | "-") => {
                    next(pos + 1).or_else(|| next(pos))
                }
                _ => next(pos),
            },
        }
    }
}
