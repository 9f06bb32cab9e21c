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
//! | `#`               | any number written in digits: `7`, `40`, `1412`, `3rd`         |
//! | `...` `...3`      | up to 6 (or 3) words, never across a comma or other break      |
//! | `,`               | a comma, semicolon, colon or dash, if there is one             |
//! | `?` `.` `!` alone | that punctuation mark                                          |
//! | `!word` `!(a b)`  | not followed by this word, sequence or `@class` entry (zero width) |
//! | `^` `$`           | the start or end of the sentence                               |
//!
//! Words written in a phrase are folded like the sentence's words: "don't" is "do not".
//! `you` and `your` also match the partner's name when configuration gives one.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use super::lexicon::Lexicon;
use crate::document::{SentenceWords, Token, WordId, intern, signature};

mod matcher;
mod parse;
#[cfg(test)]
mod tests;

use matcher::{Cont, Matcher};
use parse::Parser;

/// The default reach of `...`, in words.
const GAP: usize = 6;
/// The deepest a construction may use other constructions: deeper is taken for a loop.
const MAX_DEPTH: usize = 8;

/// A set of words, by number (see `document::intern`).
type Words = Arc<FxHashSet<WordId>>;
/// Generates a lemma's forms.
type Inflect = fn(&str) -> Vec<String>;

#[derive(Debug, Clone)]
enum Node {
    Word(Words),
    Any,
    /// A number written in digits (see `matcher::is_number`), followed in the same word by
    /// the ending given ("7pm" for `#pm`), or by an ordinal's ending or none when none is
    /// given.
    Number(Box<str>),
    Gap(usize),
    Seq(Vec<Node>),
    /// Choices, and the words any of them can begin with when that is known (see
    /// [`Node::alt`]).
    Alt(Vec<Node>, Option<Words>),
    Opt(Box<Node>),
    /// What must not come next: a word, a choice, or a sequence (zero width).
    Not(Box<Node>),
    Start,
    End,
    Break,
    Mark(Box<str>),
    /// A lexicon class or construction, built once and shared by every phrase using it.
    Class(Arc<Class>),
}

/// A class's tree with what phrases ask of it, worked out once: a large class is used
/// by dozens of phrases, and walking it for each cost most of building a pack.
#[derive(Debug)]
struct Class {
    node: Node,
    requires: Vec<Words>,
    first: Option<First>,
}

impl Class {
    fn new(node: Node) -> Class {
        Class {
            requires: requires(&node),
            first: first_of(&node),
            node,
        }
    }
}

/// A compiled phrase.
#[derive(Debug, Clone)]
pub struct Phrase {
    source: String,
    /// The phrase's choices, tried in order at each word, when the whole phrase is one
    /// choice (`a b | c d`); otherwise the one sequence. Each knows the words it needs,
    /// so a sentence skips the choices it cannot hold rather than the phrase needing
    /// only what all of them share.
    branches: Vec<Branch>,
    /// How many words had numbers once the phrase was compiled: a sentence whose words
    /// were looked up before then must be looked up again.
    known: WordId,
}

#[derive(Debug, Clone)]
struct Branch {
    nodes: Vec<Node>,
    /// Sets of words of which each match contains at least one word of each, with their
    /// signatures.
    required: Vec<(Words, u128)>,
    /// The words a match can begin with (`None` when it may begin with any): a match is
    /// tried only where one of them stands, not at every word of the sentence.
    first: Option<Words>,
}

impl Branch {
    fn new(nodes: Vec<Node>) -> Branch {
        let mut required: Vec<Words> = nodes.iter().flat_map(requires).collect();
        // The set a sentence is least likely to hold first, so most sentences are
        // turned away after one look.
        required.sort_by_cached_key(rarity);
        let required = required
            .into_iter()
            .map(|set| {
                let sig = signature(set.iter());
                (set, sig)
            })
            .collect();
        let first = first_words(&nodes)
            .filter(|f| !f.nullable)
            .map(|f| union(f.words));
        Branch {
            nodes,
            required,
            first,
        }
    }

    fn may_match(&self, words: &SentenceWords) -> bool {
        self.required.iter().all(|(set, sig)| {
            if sig & words.signature == 0 {
                false
            } else if set.len() < words.present.len() {
                set.iter().any(|w| words.present.contains(w))
            } else {
                words.present.iter().any(|w| set.contains(w))
            }
        })
    }
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
        let branch = |item: Node| match item {
            Node::Seq(nodes) => Branch::new(nodes),
            other => Branch::new(vec![other]),
        };
        let branches = match <[Node; 1]>::try_from(root) {
            Ok([Node::Alt(items, _)]) => items.into_iter().map(branch).collect(),
            Ok([Node::Class(class)]) => match &class.node {
                Node::Alt(items, _) => items.iter().cloned().map(branch).collect(),
                _ => vec![Branch::new(vec![Node::Class(class)])],
            },
            Ok([node]) => vec![Branch::new(vec![node])],
            Err(nodes) => vec![Branch::new(nodes)],
        };
        Ok(Phrase {
            source: source.to_string(),
            branches,
            known: crate::document::known_words(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the phrase occurs in `text` (tokenized here; for tests and examples).
    pub fn is_match(&self, text: &str) -> bool {
        !self.find_iter(&SentenceWords::new(text)).is_empty()
    }

    /// Whether every word one of the phrase's choices needs is among the sentence's.
    pub fn may_match(&self, words: &SentenceWords) -> bool {
        let words = &*words.as_of(self.known);
        self.branches.iter().any(|b| b.may_match(words))
    }

    /// The byte spans (in the sentence's text) of the phrase's matches, or none at once
    /// when a word it needs is not among the sentence's words. A match is tried only
    /// where a word it can begin with stands. The same matches as [`Phrase::find_iter`],
    /// found with less work.
    pub fn spans(&self, words: &SentenceWords) -> Vec<Range<usize>> {
        let words = &*words.as_of(self.known);
        let live: Vec<&Branch> = self
            .branches
            .iter()
            .filter(|b| b.may_match(words))
            .collect();
        if live.is_empty() {
            return Vec::new();
        }
        Self::byte_spans(&words.tokens, Self::matches(words, &live, true))
    }

    /// [`Phrase::spans`] tried at every word, with no shortcut: what the shortcuts must
    /// agree with (see `Linter::check_without_prefilter`).
    pub fn spans_everywhere(&self, words: &SentenceWords) -> Vec<Range<usize>> {
        let words = words.as_of(self.known);
        Self::byte_spans(&words.tokens, self.find_iter(&words))
    }

    fn byte_spans(tokens: &[Token], found: Vec<Range<usize>>) -> Vec<Range<usize>> {
        found
            .into_iter()
            .map(|r| tokens[r.start].span.start..tokens[r.end - 1].span.end)
            .collect()
    }

    /// Non-overlapping matches, leftmost first, as token ranges with the punctuation at
    /// their edges left out. Choices are tried in the order written, optional parts
    /// first taken, gaps shortest first: the first way that matches wins.
    pub fn find_iter(&self, words: &SentenceWords) -> Vec<Range<usize>> {
        Self::matches(words, &self.branches.iter().collect::<Vec<_>>(), false)
    }

    /// [`Phrase::find_iter`] over the choices `branches`; with `shortcuts`, a choice is
    /// tried only where a word it can begin with stands.
    fn matches(words: &SentenceWords, branches: &[&Branch], shortcuts: bool) -> Vec<Range<usize>> {
        let tokens = &words.tokens;
        let m = Matcher {
            tokens,
            ids: &words.ids,
            failed: Default::default(),
            in_gaps: Default::default(),
        };
        let mut out = Vec::new();
        let mut start = 0;
        while start < tokens.len() {
            // The first choice that matches here wins, as with any `|`.
            let found = branches.iter().find_map(|b| {
                let cannot_begin = shortcuts
                    && b.first.as_ref().is_some_and(|first| {
                        !m.word_at(start).is_some_and(|ids| Matcher::has(first, ids))
                    });
                if cannot_begin {
                    None
                } else {
                    m.run(&b.nodes, &Cont::Done, start)
                }
            });
            match found {
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

/// Words so common that a phrase filed under them would be asked of nearly every
/// sentence (canonical forms: "don't" is filed as "do" and "not").
const COMMON: [&str; 64] = [
    "a", "about", "all", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
    "did", "do", "for", "get", "got", "had", "has", "have", "he", "her", "him", "i", "if", "in",
    "is", "it", "just", "know", "like", "me", "my", "no", "not", "of", "on", "one", "or", "out",
    "she", "so", "that", "the", "then", "there", "they", "this", "to", "up", "us", "was", "we",
    "were", "what", "when", "will", "with", "would", "you", "your", "how",
];

/// How likely a sentence is to hold a word of `set`, as an order: by how many of its
/// words are common ones, then by its size.
fn rarity(set: &Words) -> (usize, usize) {
    static COMMON_IDS: OnceLock<FxHashSet<WordId>> = OnceLock::new();
    let common_ids = COMMON_IDS.get_or_init(|| COMMON.iter().map(|w| intern(w)).collect());
    let common = set.iter().filter(|w| common_ids.contains(w)).count();
    (common, set.len())
}

impl Phrase {
    /// The required sets the phrase is filed under in a [`PhraseIndex`], one per choice:
    /// of each choice's, the one least likely to be in a sentence (see [`rarity`]).
    /// `None` when some choice needs no word in particular.
    fn anchors(&self) -> Option<Vec<&Words>> {
        self.branches
            .iter()
            .map(|b| b.required.first().map(|(set, _)| set))
            .collect()
    }
}

/// Which of a rule's phrases may match a sentence, found from the sentence's words
/// instead of by asking every phrase: each phrase is filed under the words of one of
/// its required sets, so a sentence calls up only the phrases one of its words was filed
/// under (a phrase with no required word is always called). A rule has hundreds of
/// phrases and a sentence calls up a few dozen.
#[derive(Debug, Clone, Default)]
pub struct PhraseIndex {
    by_word: FxHashMap<WordId, Vec<usize>>,
    always: Vec<usize>,
    /// One past the highest position filed.
    len: usize,
    /// How many words had numbers when the index was made (see `Phrase::known`).
    known: WordId,
}

impl PhraseIndex {
    /// Files each phrase under its position in the rule's list of matchers.
    pub fn new<'a>(phrases: impl IntoIterator<Item = (usize, &'a Phrase)>) -> Self {
        let mut index = PhraseIndex {
            known: crate::document::known_words(),
            ..PhraseIndex::default()
        };
        for (position, phrase) in phrases {
            index.len = index.len.max(position + 1);
            match phrase.anchors() {
                Some(anchors) => {
                    for &word in anchors.into_iter().flat_map(|a| a.iter()) {
                        let filed = index.by_word.entry(word).or_default();
                        // Two choices may share a word: the phrase is filed once.
                        if filed.last() != Some(&position) {
                            filed.push(position);
                        }
                    }
                }
                None => index.always.push(position),
            }
        }
        index
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// For each position, whether the phrase filed there may match the sentence; the
    /// answer is `false` past the last position filed.
    pub fn candidates(&self, words: &SentenceWords) -> Vec<bool> {
        let words = &*words.as_of(self.known);
        let mut out = vec![false; self.len];
        for &i in &self.always {
            out[i] = true;
        }
        for word in &words.present {
            if let Some(positions) = self.by_word.get(word) {
                for &i in positions {
                    out[i] = true;
                }
            }
        }
        out
    }
}

impl Node {
    /// A choice between `items`, knowing which words it can begin with when each
    /// choice must begin with a word.
    fn alt(items: Vec<Node>) -> Node {
        let mut first = Vec::new();
        for item in &items {
            match first_of(item) {
                Some(f) if !f.nullable => first.extend(f.words),
                _ => return Node::Alt(items, None),
            }
        }
        Node::Alt(items, Some(union(first)))
    }
}

fn zero_width(node: &Node) -> bool {
    match node {
        Node::Word(_) | Node::Any | Node::Number(_) | Node::Mark(_) => false,
        Node::Seq(items) => items.iter().all(zero_width),
        Node::Alt(items, _) => items.iter().any(zero_width),
        Node::Class(class) => zero_width(&class.node),
        Node::Opt(_) | Node::Gap(_) | Node::Not(_) | Node::Start | Node::End | Node::Break => true,
    }
}

/// The words a match can begin with, and whether it can begin before any word (then the
/// words are not the whole story). The words are kept as the sets they came in, and
/// joined only when a set of them is kept ([`union`]).
#[derive(Debug, Clone)]
struct First {
    words: Vec<Words>,
    nullable: bool,
}

/// One set of the words of `sets`; without copying when there is one.
fn union(mut sets: Vec<Words>) -> Words {
    if sets.len() == 1 {
        return sets.swap_remove(0);
    }
    let mut all = FxHashSet::default();
    for set in &sets {
        all.extend(set.iter().copied());
    }
    Arc::new(all)
}

/// What a match of `nodes` can begin with; `None` when it may begin with any word or a
/// punctuation mark.
fn first_words(nodes: &[Node]) -> Option<First> {
    let mut words = Vec::new();
    for node in nodes {
        let f = first_of(node)?;
        words.extend(f.words);
        if !f.nullable {
            return Some(First {
                words,
                nullable: false,
            });
        }
    }
    Some(First {
        words,
        nullable: true,
    })
}

fn first_of(node: &Node) -> Option<First> {
    match node {
        Node::Word(w) => Some(First {
            words: vec![w.clone()],
            nullable: false,
        }),
        Node::Any | Node::Number(_) | Node::Gap(_) | Node::Mark(_) | Node::Break => None,
        Node::Start | Node::End | Node::Not(_) => Some(First {
            words: Vec::new(),
            nullable: true,
        }),
        Node::Seq(items) => first_words(items),
        Node::Opt(inner) => first_of(inner).map(|f| First {
            words: f.words,
            nullable: true,
        }),
        Node::Alt(_, Some(first)) => Some(First {
            words: vec![first.clone()],
            nullable: false,
        }),
        Node::Alt(items, None) => {
            let mut all = First {
                words: Vec::new(),
                nullable: false,
            };
            for item in items {
                let f = first_of(item)?;
                all.words.extend(f.words);
                all.nullable |= f.nullable;
            }
            Some(all)
        }
        Node::Class(class) => class.first.clone(),
    }
}

/// The word sets a match of `node` must contain one word of each of.
fn requires(node: &Node) -> Vec<Words> {
    match node {
        Node::Word(w) => vec![w.clone()],
        Node::Seq(items) => items.iter().flat_map(requires).collect(),
        // Every choice begins with a word of `first`, so a match holds one of them: the
        // set is already built, where joining the choices' own sets would build it again.
        Node::Alt(_, Some(first)) => vec![first.clone()],
        Node::Alt(items, None) => {
            let mut each = Vec::new();
            for item in items {
                match requires(item).into_iter().next() {
                    Some(first) => each.push(first),
                    None => return Vec::new(),
                }
            }
            vec![union(each)]
        }
        Node::Class(class) => class.requires.clone(),
        _ => Vec::new(),
    }
}
