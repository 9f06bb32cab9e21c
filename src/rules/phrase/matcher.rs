//! Matching a phrase's tree against a sentence's tokens: backtracking, first way wins.

use std::cell::{Cell, RefCell};

use rustc_hash::FxHashSet;

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

/// What is left to match after the current node: a linked list of node slices, each link
/// with a fingerprint of the whole list (where its slices sit in the phrase's tree), so two
/// links that leave the same nodes to match have the same key. (Two different rests would
/// have to collide in 64 bits for a gap to skip a try it needed.)
pub(super) enum Cont<'a> {
    Done,
    Then(&'a [Node], &'a Cont<'a>, u64),
}

impl<'a> Cont<'a> {
    fn key(&self) -> u64 {
        match self {
            Cont::Done => 0,
            Cont::Then(_, _, key) => *key,
        }
    }

    fn then(nodes: &'a [Node], k: &'a Cont<'a>) -> Cont<'a> {
        let here = (nodes.as_ptr() as u64).rotate_left(17) ^ nodes.len() as u64;
        let key = (k.key() ^ here)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
        Cont::Then(nodes, k, key)
    }
}

pub(super) struct Matcher<'t> {
    pub(super) tokens: &'t [Token],
    /// The numbers of each token's readings (see `SentenceWords`).
    pub(super) ids: &'t [[WordId; 2]],
    /// What is left to match, by its key, at a token where it was tried and failed: a gap
    /// after a gap ("if you … , … , … I would have") would otherwise try the same rest at the
    /// same token once for every way the earlier gaps can end, and a failure there does not
    /// depend on how the match got there or where it began.
    /// Kept only inside another gap's tries, where repeats happen: looking it up for every
    /// gap would cost more than it saves.
    pub(super) failed: RefCell<FxHashSet<(u64, usize)>>,
    /// How many gaps the current try is inside.
    pub(super) in_gaps: Cell<u32>,
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
                Cont::Then(next, after, _) => self.run(next, after, pos),
            };
        };
        let k = Cont::then(rest, k);
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
                let key = k.key();
                let remember = self.in_gaps.get() > 0;
                self.in_gaps.set(self.in_gaps.get() + 1);
                let mut found = None;
                for skip in 0..=*max {
                    let at = (key, pos + skip);
                    if !(remember && self.failed.borrow().contains(&at)) {
                        found = next(pos + skip);
                        if found.is_some() {
                            break;
                        }
                        if remember {
                            self.failed.borrow_mut().insert(at);
                        }
                    }
                    if self.word_at(pos + skip).is_none() {
                        break;
                    }
                }
                self.in_gaps.set(self.in_gaps.get() - 1);
                found
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
