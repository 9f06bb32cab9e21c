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
//! | `!word` `!(a\|b)` | the next word is not this one (matches no word itself)         |
//! | `^` `$`           | the start or end of the sentence                               |
//!
//! Words written in a phrase are folded like the sentence's words: "don't" is "do not".
//! `you` and `your` also match the partner's name when configuration gives one.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use super::lexicon::{Lexicon, Part, noun_forms, verb_forms};
use crate::document::{Token, tokenize};

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
    Not(Words),
    Start,
    End,
    Break,
    Mark(Box<str>),
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
    pub lexicon: &'a Lexicon,
    pub partner: Option<&'a str>,
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
            Node::Not(words) => match self.tokens.get(pos) {
                Some(t) if !t.punct && Self::has(words, t) => None,
                _ => next(pos),
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

/// The phrase syntax, read left to right.
struct Parser<'a, 'e> {
    text: &'a str,
    pos: usize,
    env: &'a Env<'e>,
    depth: usize,
}

impl Parser<'_, '_> {
    fn parse(text: &str, env: &Env<'_>, depth: usize) -> Result<Vec<Node>, String> {
        if depth > MAX_DEPTH {
            return Err("constructions use each other in a loop".into());
        }
        let mut p = Parser {
            text,
            pos: 0,
            env,
            depth,
        };
        let node = p.alternatives()?;
        p.skip_spaces();
        if p.pos < text.len() {
            return Err(format!("unexpected `{}`", &text[p.pos..p.pos + 1]));
        }
        Ok(match node {
            Node::Seq(items) => items,
            other => vec![other],
        })
    }

    fn skip_spaces(&mut self) -> bool {
        let before = self.pos;
        while self.text[self.pos..].starts_with(char::is_whitespace) {
            self.pos += 1;
        }
        self.pos > before
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Sequences separated by ` | ` (with spaces).
    fn alternatives(&mut self) -> Result<Node, String> {
        let mut options = vec![self.sequence()?];
        loop {
            self.skip_spaces();
            if self.peek() != Some('|') {
                break;
            }
            self.pos += 1;
            options.push(self.sequence()?);
        }
        Ok(if options.len() == 1 {
            options.swap_remove(0)
        } else {
            Node::Alt(options)
        })
    }

    fn sequence(&mut self) -> Result<Node, String> {
        let mut items = Vec::new();
        loop {
            self.skip_spaces();
            match self.peek() {
                None | Some(')') | Some('|') => break,
                _ => items.extend(self.item()?),
            }
        }
        if items.is_empty() {
            return Err("an empty choice: something is missing before or after a `|`".into());
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Node::Seq(items)
        })
    }

    /// One item, with the words a single written word folds into (usually one), and
    /// `word|word` choices and a `?` suffix attached.
    fn item(&mut self) -> Result<Vec<Node>, String> {
        let mut choice = vec![self.atom()?];
        while self.peek() == Some('|')
            && self.text[self.pos + 1..].starts_with(|c: char| !c.is_whitespace())
        {
            self.pos += 1;
            choice.push(self.atom()?);
        }
        let mut node = if choice.len() == 1 {
            choice.swap_remove(0)
        } else {
            Node::Alt(choice)
        };
        if self.peek() == Some('~') {
            self.pos += 1;
            node =
                match node {
                    Node::Word(lemmas) => Node::Word(Arc::new(
                        lemmas
                            .iter()
                            .flat_map(|l| verb_forms(l))
                            .map(Box::from)
                            .collect(),
                    )),
                    _ => return Err(
                        "`~` follows a single word: `give~` is give, gives, gave, given, giving"
                            .into(),
                    ),
                };
        }
        if self.peek() == Some('?') {
            self.pos += 1;
            node = Node::Opt(Box::new(node));
        }
        Ok(vec![node])
    }

    fn atom(&mut self) -> Result<Node, String> {
        let rest = &self.text[self.pos..];
        let c = rest.chars().next().ok_or("the phrase ends too early")?;
        match c {
            '(' => {
                self.pos += 1;
                let open = self.pos;
                let inner = self.alternatives()?;
                self.skip_spaces();
                if self.peek() != Some(')') {
                    return Err("a `(` is not closed".into());
                }
                check_not_ambiguous(&self.text[open..self.pos])?;
                self.pos += 1;
                Ok(inner)
            }
            '@' => {
                self.pos += 1;
                let name = self.name();
                if name.is_empty() {
                    return Err("`@` needs a class name after it, such as `@cause`".into());
                }
                self.class(&name)
            }
            '!' if rest[1..].starts_with(|c: char| c.is_alphanumeric() || c == '(' || c == '@') => {
                self.pos += 1;
                let mut all: HashSet<Box<str>> = HashSet::new();
                if !first_words(&self.atom()?, &mut all) {
                    return Err("`!` takes single words: `!word` or `!(a|b)`".into());
                }
                Ok(Node::Not(Arc::new(all)))
            }
            '*' => {
                self.pos += 1;
                Ok(Node::Any)
            }
            '^' => {
                self.pos += 1;
                Ok(Node::Start)
            }
            '$' => {
                self.pos += 1;
                Ok(Node::End)
            }
            ',' => {
                self.pos += 1;
                Ok(Node::Break)
            }
            '.' if rest.starts_with("...") => {
                self.pos += 3;
                let digits: String = self.text[self.pos..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                self.pos += digits.len();
                let max = if digits.is_empty() {
                    GAP
                } else {
                    digits
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=20).contains(n))
                        .ok_or("a gap is `...` or `...N` with N from 1 to 20")?
                };
                Ok(Node::Gap(max))
            }
            '?' | '.' | '!' => {
                self.pos += 1;
                Ok(Node::Mark(c.to_string().into()))
            }
            c if c.is_alphanumeric() || c == '\'' => {
                let start = self.pos;
                while self.text[self.pos..]
                    .starts_with(|c: char| c.is_alphanumeric() || c == '\'' || c == '-')
                {
                    self.pos += self.peek().map_or(1, char::len_utf8);
                }
                Ok(self.words(&self.text[start..self.pos]))
            }
            other => Err(format!(
                "`{other}` has no meaning in a phrase; phrases are words, `|`, `( )`, `?`, `@class`, `*`, `...`, `,`, `!`, `^` and `$`"
            )),
        }
    }

    fn name(&mut self) -> String {
        let start = self.pos;
        while self.text[self.pos..]
            .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.pos += 1;
        }
        self.text[start..self.pos].to_string()
    }

    /// A written word as the tokens it folds into; "you" and "your" with the partner.
    fn words(&self, written: &str) -> Node {
        let tokens = tokenize(written);
        let mut nodes: Vec<Node> = tokens
            .iter()
            .map(|t| {
                let mut set: HashSet<Box<str>> = HashSet::from([t.norm.clone()]);
                set.extend(t.alt.map(Box::from));
                self.with_partner(Node::Word(Arc::new(set)), t)
            })
            .collect();
        if nodes.len() == 1 {
            nodes.swap_remove(0)
        } else {
            Node::Seq(nodes)
        }
    }

    fn with_partner(&self, node: Node, token: &Token) -> Node {
        let Some(name) = self.env.partner.map(str::trim).filter(|n| !n.is_empty()) else {
            return node;
        };
        let mut name_words: Vec<Node> = tokenize(name)
            .into_iter()
            .filter(|t| !t.punct)
            .map(|t| Node::Word(Arc::new(HashSet::from([t.norm]))))
            .collect();
        match &*token.norm {
            "you" => {}
            "your" => name_words.push(Node::Word(Arc::new(HashSet::from(["'s".into()])))),
            _ => return node,
        }
        if name_words.is_empty() {
            return node;
        }
        Node::Alt(vec![node, Node::Seq(name_words)])
    }

    fn class(&self, name: &str) -> Result<Node, String> {
        let Some(entry) = self.env.lexicon.get(name) else {
            let hint = crate::suggest::did_you_mean(name, self.env.lexicon.names());
            return Err(format!(
                "there is no class or construction `@{name}` in the lexicon{hint}"
            ));
        };
        let mut options = Vec::new();
        for item in &entry.items {
            let mut nodes = Parser::parse(item, self.env, self.depth + 1)
                .map_err(|e| format!("in `@{name}` (\"{item}\"): {e}"))?;
            // A verb is inflected on its first word ("wind up"), a noun on its last
            // ("lack of attention").
            let (head, inflect): (Option<&mut Node>, Inflect) = match entry.part {
                Part::Verb => (nodes.first_mut(), verb_forms),
                Part::Noun => (nodes.last_mut(), noun_forms),
                Part::Word | Part::Construction => (None, |_| Vec::new()),
            };
            if let Some(Node::Word(lemmas)) = head {
                let forms: HashSet<Box<str>> = lemmas
                    .iter()
                    .flat_map(|lemma| inflect(lemma))
                    .map(Box::from)
                    .collect();
                *lemmas = Arc::new(forms);
            }
            options.push(if nodes.len() == 1 {
                nodes.swap_remove(0)
            } else {
                Node::Seq(nodes)
            });
        }
        Ok(merge_words(options))
    }
}

/// Refuses a group of plain words holding a tight choice, such as `(small|stupid|like
/// nothing)`: it reads as `(small|stupid|like) nothing`, which is rarely what was meant, and
/// the parentheses add nothing to `(small|stupid|like) nothing` if it was.
fn check_not_ambiguous(group: &str) -> Result<(), String> {
    let parts: Vec<&str> = group.split_whitespace().collect();
    if parts.contains(&"|") {
        return Ok(());
    }
    let plain = parts.iter().all(|p| {
        p.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '-' | '|'))
    });
    if parts.len() > 1 && plain && parts.iter().any(|p| p.contains('|')) {
        let spaced = group.replace('|', " | ");
        return Err(format!(
            "`({group})` chooses single words and then goes on; to choose between word sequences put spaces around `|`: `({spaced})`"
        ));
    }
    Ok(())
}

/// Collects the words `!` excludes: single words, or choices of them. A partner's name
/// of several words ("you" with `partner = "Jo Ann"`) counts by its first word, since `!`
/// looks at one word.
fn first_words(node: &Node, into: &mut HashSet<Box<str>>) -> bool {
    match node {
        Node::Word(w) => {
            into.extend(w.iter().cloned());
            true
        }
        Node::Alt(items) => items.iter().all(|item| match item {
            Node::Seq(words) => words.first().is_some_and(|w| first_words(w, into)),
            other => first_words(other, into),
        }),
        _ => false,
    }
}

/// Single-word options of a class become one set (fast to test); phrases stay choices,
/// tried after it.
fn merge_words(options: Vec<Node>) -> Node {
    let mut single: HashSet<Box<str>> = HashSet::new();
    let mut phrases = Vec::new();
    for option in options {
        match option {
            Node::Word(w) => single.extend(w.iter().cloned()),
            other => phrases.push(other),
        }
    }
    // Longer phrases first, so "wind up" is not cut short by a one-word entry.
    let mut all = phrases;
    if !single.is_empty() {
        all.push(Node::Word(Arc::new(single)));
    }
    if all.len() == 1 {
        all.swap_remove(0)
    } else {
        Node::Alt(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let mut l = Lexicon::default();
        l.extend(
            "test",
            r#"
[verbs]
cause = ["make", "drive", "push", "wind up", "set off"]
[words]
partner-act = ["nagging", "ignoring"]
[constructions]
if-you-had = "(if you had|would | had you)"
loop-a = "@loop-b"
loop-b = "@loop-a"
"#,
        )
        .unwrap();
        l
    }

    fn phrase(source: &str, partner: Option<&str>) -> Phrase {
        let lexicon = lexicon();
        Phrase::new(
            source,
            &Env {
                lexicon: &lexicon,
                partner,
            },
        )
        .unwrap()
    }

    fn matches(source: &str, text: &str) -> Vec<String> {
        let p = phrase(source, None);
        let tokens = tokenize(text);
        p.find_iter(&tokens)
            .into_iter()
            .map(|r| text[tokens[r.start].span.start..tokens[r.end - 1].span.end].to_string())
            .collect()
    }

    #[test]
    fn words_match_however_they_are_typed() {
        assert_eq!(matches("you had not", "If U HADNT gone"), ["U HADNT"]);
        assert_eq!(
            matches("you hadn't", "if you had not gone"),
            ["you had not"]
        );
        assert_eq!(matches("I would have", "I'd have"), ["I'd have"]);
        assert_eq!(matches("I had been", "I'd been"), ["I'd been"]);
    }

    #[test]
    fn classes_bring_every_form_and_phrases_inside_them() {
        assert_eq!(
            matches("you @cause me", "you drove me mad and u made me cry"),
            ["you drove me", "u made me"]
        );
        assert_eq!(
            matches("you @cause", "you wound up the dog"),
            ["you wound up"]
        );
        assert_eq!(
            matches("your @partner-act", "your nagging"),
            ["your nagging"]
        );
        assert_eq!(
            matches("@if-you-had ... I would", "had you called I would have"),
            ["had you called I would"]
        );
    }

    #[test]
    fn gaps_stay_inside_the_clause_and_breaks_are_optional() {
        let p = "if you had ... , I would not have";
        assert_eq!(
            matches(p, "if you had listened I would not have"),
            ["if you had listened I would not have"]
        );
        assert_eq!(
            matches(p, "if you had listened, I wouldn't have"),
            ["if you had listened, I wouldn't have"]
        );
        assert!(matches("if you had ... I would", "if you had, then I would").is_empty());
        assert!(matches("you ...2 me", "you really truly badly hurt me").is_empty());
        assert_eq!(
            matches("you ...2 me", "you really hurt me"),
            ["you really hurt me"]
        );
    }

    #[test]
    fn choices_options_negation_and_anchors() {
        assert_eq!(
            matches(
                "sorry (you feel | if you felt) hurt?",
                "sorry you feel hurt"
            ),
            ["sorry you feel hurt"]
        );
        assert_eq!(
            matches("sorry (you feel | if you felt) hurt?", "sorry if you felt"),
            ["sorry if you felt"]
        );
        assert_eq!(
            matches("you made me !laugh", "you made me cry"),
            ["you made me"]
        );
        assert!(matches("you made me !(laugh|smile)", "you made me smile").is_empty());
        assert_eq!(matches("^ so what", "So what? so what"), ["So what"]);
        // Punctuation at the edges is matched but not underlined.
        assert_eq!(
            matches("what did you expect ?", "what did you expect?"),
            ["what did you expect"]
        );
        assert!(matches("what did you expect ?", "what did you expect from me").is_empty());
        assert_eq!(matches("started it $", "you started it."), ["started it"]);
        assert!(matches("started it $", "you started it again").is_empty());
    }

    #[test]
    fn every_occurrence_is_its_own_match() {
        assert_eq!(
            matches(
                "you made me",
                "you made me do it, and later: YOU MADE ME DO IT"
            ),
            ["you made me", "YOU MADE ME"]
        );
    }

    #[test]
    fn the_partner_name_stands_for_you() {
        let p = phrase("it was !(you|your) *", Some("Jo Ann"));
        assert!(p.is_match("it was me"));
        assert!(!p.is_match("it was Jo"));
        assert!(!p.is_match("it was your"));
        let p = phrase("you made me", Some("Jo Ann"));
        assert!(p.is_match("Jo Ann made me"));
        assert!(p.is_match("u made me"));
        let p = phrase("it is your fault", Some("Sam"));
        assert!(p.is_match("it's Sam's fault"));
    }

    #[test]
    fn mistakes_are_explained() {
        let lexicon = lexicon();
        let env = Env {
            lexicon: &lexicon,
            partner: None,
        };
        let err = |s: &str| Phrase::new(s, &env).unwrap_err();
        assert_eq!(
            err("you @caus me"),
            "there is no class or construction `@caus` in the lexicon (did you mean `cause`?)"
        );
        assert_eq!(err("(you made"), "a `(` is not closed");
        assert_eq!(
            err("you ...99"),
            "a gap is `...` or `...N` with N from 1 to 20"
        );
        assert_eq!(
            err("a | | b"),
            "an empty choice: something is missing before or after a `|`"
        );
        assert_eq!(
            err("word?"),
            "this phrase matches no words; give at least one word"
        );
        assert!(err("@loop-a").contains("loop"), "{}", err("@loop-a"));
        assert!(err("you [made]").starts_with("`[` has no meaning"));
        assert_eq!(
            err("feel (small|like nothing)"),
            "`(small|like nothing)` chooses single words and then goes on; to choose between word sequences put spaces around `|`: `(small | like nothing)`"
        );
        assert!(Phrase::new("feel (small | like nothing)", &env).is_ok());
        assert!(Phrase::new("(I only|just @cause | me)", &env).is_ok());
    }

    #[test]
    fn required_words_let_a_sentence_be_skipped() {
        let p = phrase("you @cause me", None);
        let present: HashSet<&str> = ["you", "drove", "me"].into_iter().collect();
        assert!(p.may_match(&present));
        let present: HashSet<&str> = ["you", "me"].into_iter().collect();
        assert!(!p.may_match(&present));
    }
}
