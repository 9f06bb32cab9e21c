//! Phrases: patterns over words rather than characters, written to be read without a
//! regex manual. A phrase is matched against a sentence's canonical tokens (see
//! `document::tokens`), so "you had not" also matches "u hadnt" and "You hadn’t".
//!
//! | written           | matches                                                        |
//! |-------------------|----------------------------------------------------------------|
//! | `made`            | the word (any case, any way of typing it)                      |
//! | `made\|make`      | one of the words (no spaces around `\|`)                       |
//! | `(a b \| c d)`    | one of the word sequences (spaces around `\|`)                 |
//! | `word?` `(…)?`    | optionally the word or group                                   |
//! | `@cause`          | any form of any entry of the lexicon's class or construction   |
//! | `*`               | any one word                                                   |
//! | `...` `...3`      | up to 6 (or 3) words, never across a comma or other break      |
//! | `,`               | a comma, semicolon, colon or dash, if there is one             |
//! | `?` `.` `!` alone | that punctuation mark                                          |
//! | `!word` `!(a b)`  | not followed by this word, sequence or `@class` entry (zero width) |
//! | `^` `$`           | the start or end of the sentence                               |
//!
//! Words written in a phrase are folded like the sentence's words: "don't" is "do not".
//! `you` and `your` also match the partner's name when configuration gives one.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use super::lexicon::Lexicon;
use crate::document::{Token, tokenize};

mod parse;
#[cfg(test)]
mod tests;

use parse::Parser;

/// The default reach of `...`, in words.
const GAP: usize = 6;
/// The deepest a construction may use other constructions: deeper is taken for a loop.
const MAX_DEPTH: usize = 8;

type Words = Arc<HashSet<Box<str>>>;
/// Generates a lemma's forms.
type Inflect = fn(&str) -> Vec<String>;

#[derive(Debug, Clone)]
enum Node {
    Word(Words),
    Any,
    Gap(usize),
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Opt(Box<Node>),
    /// What must not come next: a word, a choice, or a sequence (zero width).
    Not(Box<Node>),
    Start,
    End,
    Break,
    Mark(Box<str>),
}

/// Every reading of a sentence's words (each token's form and its alternative), for the
/// word prefilter of [`Phrase::spans`]: made once per sentence, not once per phrase.
pub fn present_words(tokens: &[Token]) -> HashSet<&str> {
    tokens
        .iter()
        .flat_map(|t| std::iter::once(&*t.norm).chain(t.alt))
        .collect()
}

/// A compiled phrase.
#[derive(Debug, Clone)]
pub struct Phrase {
    source: String,
    root: Vec<Node>,
    /// Sets of words of which each match contains at least one word of each.
    required: Vec<Words>,
}

/// What a phrase is compiled against.
pub struct Env<'a> {
    pub lexicon: &'a Arc<Lexicon>,
    pub partner: Option<&'a str>,
    /// Classes already compiled for this lexicon and partner.
    pub classes: &'a Classes,
}

/// Compiled lexicon classes, shared by every phrase of a pack: a class is inflected and
/// built once, not once per phrase that uses it. A cache, not a setting: it compares equal
/// to any other, and it starts over when asked for another lexicon or partner (it holds
/// the lexicon it was built for, so a lexicon changed since is a different one).
#[derive(Default, Clone)]
pub struct Classes(Arc<Mutex<Option<Memo>>>);

struct Memo {
    lexicon: Arc<Lexicon>,
    partner: Option<String>,
    nodes: HashMap<String, Node>,
}

impl Classes {
    fn get(&self, env: &Env<'_>, name: &str) -> Option<Node> {
        let memo = self.0.lock().ok()?;
        let memo = memo.as_ref()?;
        let same =
            Arc::ptr_eq(&memo.lexicon, env.lexicon) && memo.partner.as_deref() == env.partner;
        if same {
            memo.nodes.get(name).cloned()
        } else {
            None
        }
    }

    fn put(&self, env: &Env<'_>, name: &str, node: &Node) {
        let Ok(mut memo) = self.0.lock() else {
            return;
        };
        let stale = memo.as_ref().is_none_or(|m| {
            !Arc::ptr_eq(&m.lexicon, env.lexicon) || m.partner.as_deref() != env.partner
        });
        if stale {
            *memo = Some(Memo {
                lexicon: env.lexicon.clone(),
                partner: env.partner.map(str::to_string),
                nodes: HashMap::new(),
            });
        }
        if let Some(m) = memo.as_mut() {
            m.nodes.insert(name.to_string(), node.clone());
        }
    }
}

impl PartialEq for Classes {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Classes {}

impl std::fmt::Debug for Classes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Classes(..)")
    }
}

impl Phrase {
    /// Compiles `source`; the error says what is wrong in words a rule author can act on.
    pub fn new(source: &str, env: &Env<'_>) -> Result<Phrase, String> {
        let root = Parser::parse(source, env, 0)?;
        if root.iter().all(zero_width) {
            return Err("this phrase matches no words; give at least one word".into());
        }
        let mut required = Vec::new();
        for node in &root {
            required.extend(requires(node));
        }
        Ok(Phrase {
            source: source.to_string(),
            root,
            required,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the phrase occurs in `text` (tokenized here; for tests and examples).
    pub fn is_match(&self, text: &str) -> bool {
        !self.find_iter(&tokenize(text)).is_empty()
    }

    /// Whether every word the phrase needs is among `present` (the words of a sentence).
    pub fn may_match(&self, present: &HashSet<&str>) -> bool {
        self.required.iter().all(|set| {
            if set.len() < present.len() {
                set.iter().any(|w| present.contains(&**w))
            } else {
                present.iter().any(|w| set.contains(*w))
            }
        })
    }

    /// The byte spans (in the tokenized text) of the phrase's matches, or none at once
    /// when a word it needs is not among `present` (see [`present_words`]).
    pub fn spans(&self, tokens: &[Token], present: &HashSet<&str>) -> Vec<Range<usize>> {
        if !self.may_match(present) {
            return Vec::new();
        }
        self.find_iter(tokens)
            .into_iter()
            .map(|r| tokens[r.start].span.start..tokens[r.end - 1].span.end)
            .collect()
    }

    /// Non-overlapping matches, leftmost first, as token ranges with the punctuation at
    /// their edges left out. Choices are tried in the order written, optional parts
    /// first taken, gaps shortest first: the first way that matches wins.
    pub fn find_iter(&self, tokens: &[Token]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        while start < tokens.len() {
            let m = Matcher { tokens };
            match m.run(&self.root, &Cont::Done, start) {
                Some(end) if end > start => {
                    let mut s = start;
                    let mut e = end;
                    while s < e && tokens[s].punct {
                        s += 1;
                    }
                    while e > s && tokens[e - 1].punct {
                        e -= 1;
                    }
                    if s < e {
                        out.push(s..e);
                    }
                    start = end;
                }
                _ => start += 1,
            }
        }
        out
    }
}

fn zero_width(node: &Node) -> bool {
    match node {
        Node::Word(_) | Node::Any | Node::Mark(_) => false,
        Node::Seq(items) => items.iter().all(zero_width),
        Node::Alt(items) => items.iter().any(zero_width),
        Node::Opt(_) | Node::Gap(_) | Node::Not(_) | Node::Start | Node::End | Node::Break => true,
    }
}

/// The word sets a match of `node` must contain one word of each of.
fn requires(node: &Node) -> Vec<Words> {
    match node {
        Node::Word(w) => vec![w.clone()],
        Node::Seq(items) => items.iter().flat_map(requires).collect(),
        Node::Alt(items) => {
            let mut union: HashSet<Box<str>> = HashSet::new();
            for item in items {
                match requires(item).into_iter().next() {
                    Some(first) => union.extend(first.iter().cloned()),
                    None => return Vec::new(),
                }
            }
            vec![Arc::new(union)]
        }
        _ => Vec::new(),
    }
}

/// What is left to match after the current node: a linked list of node slices.
enum Cont<'a> {
    Done,
    Then(&'a [Node], &'a Cont<'a>),
}

struct Matcher<'t> {
    tokens: &'t [Token],
}

impl Matcher<'_> {
    fn word_at(&self, pos: usize) -> Option<&Token> {
        self.tokens.get(pos).filter(|t| !t.punct)
    }

    fn has(words: &Words, token: &Token) -> bool {
        words.contains(&*token.norm) || token.alt.is_some_and(|a| words.contains(a))
    }

    /// Matches `nodes`, then `k`, from token `pos`; the end of the first way found.
    fn run(&self, nodes: &[Node], k: &Cont<'_>, pos: usize) -> Option<usize> {
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
            Node::Alt(items) => items
                .iter()
                .find_map(|item| self.run(std::slice::from_ref(item), &k, pos)),
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
