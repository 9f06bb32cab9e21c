//! Reading the phrase syntax into the tree `super` matches.

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use super::{Class, Env, GAP, Inflect, MAX_DEPTH, Node, Words, zero_width};
use crate::document::{WordId, intern, tokenize, word_of};
use crate::rules::lexicon::{Part, noun_forms, verb_forms};

const LOOP: &str = "constructions use each other in a loop";

/// The phrase syntax, read left to right.
pub(super) struct Parser<'a, 'e> {
    text: &'a str,
    pos: usize,
    env: &'a Env<'e>,
    depth: usize,
}

impl<'a> Parser<'a, '_> {
    pub(super) fn parse(text: &str, env: &Env<'_>, depth: usize) -> Result<Vec<Node>, String> {
        if depth > MAX_DEPTH {
            return Err(LOOP.into());
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
            Node::alt(options)
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
        let mut choice = vec![self.inflected()?];
        while self.peek() == Some('|')
            && self.text[self.pos + 1..].starts_with(|c: char| !c.is_whitespace())
        {
            self.pos += 1;
            choice.push(self.inflected()?);
        }
        let mut node = if choice.len() == 1 {
            choice.swap_remove(0)
        } else {
            Node::alt(choice)
        };
        if self.peek() == Some('?') {
            self.pos += 1;
            node = Node::Opt(Box::new(node));
        }
        Ok(vec![node])
    }

    /// An atom, with every form of it when `~` follows: `give~` (or `give~|make~`).
    fn inflected(&mut self) -> Result<Node, String> {
        let node = self.atom()?;
        if self.peek() != Some('~') {
            return Ok(node);
        }
        self.pos += 1;
        match node {
            Node::Word(lemmas) => Ok(Node::Word(Arc::new(forms(&lemmas, verb_forms)))),
            _ => {
                Err("`~` follows a single word: `give~` is give, gives, gave, given, giving".into())
            }
        }
    }

    /// The characters from here on that `keep` accepts; the parser moves past them.
    fn take_while(&mut self, keep: fn(char) -> bool) -> &'a str {
        let rest = &self.text[self.pos..];
        let end = rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
        self.pos += end;
        &rest[..end]
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
                let inner = self.atom()?;
                if zero_width(&inner) {
                    return Err(
                        "`!` needs words after it: `!word`, `!(a|b)`, `!(a b | c)` or `!@class`"
                            .into(),
                    );
                }
                Ok(Node::Not(Box::new(inner)))
            }
            '*' => {
                self.pos += 1;
                Ok(Node::Any)
            }
            '#' => {
                self.pos += 1;
                let ending = self.take_while(|c| c.is_ascii_alphabetic());
                Ok(Node::Number(ending.to_ascii_lowercase().into()))
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
                let digits = self.take_while(|c| c.is_ascii_digit());
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
                "`{other}` has no meaning in a phrase; phrases are words, `|`, `( )`, `?`, `@class`, `*`, `#`, `...`, `,`, `!`, `^` and `$`"
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
        let mut nodes: Vec<Node> = folded(written)
            .iter()
            .map(|(set, norm)| self.with_partner(Node::Word(set.clone()), norm))
            .collect();
        if nodes.len() == 1 {
            nodes.swap_remove(0)
        } else {
            Node::Seq(nodes)
        }
    }

    fn with_partner(&self, node: Node, norm: &str) -> Node {
        let Some(name) = self.env.partner.map(str::trim).filter(|n| !n.is_empty()) else {
            return node;
        };
        let mut name_words: Vec<Node> = tokenize(name)
            .into_iter()
            .filter(|t| !t.punct)
            .map(|t| Node::Word(Arc::new(FxHashSet::from_iter([intern(&t.norm)]))))
            .collect();
        match norm {
            "you" => {}
            "your" => name_words.push(Node::Word(Arc::new(FxHashSet::from_iter([intern("'s")])))),
            _ => return node,
        }
        if name_words.is_empty() {
            return node;
        }
        Node::alt(vec![node, Node::Seq(name_words)])
    }

    fn class(&self, name: &str) -> Result<Node, String> {
        if let Some(node) = self.env.classes.get(self.env, name) {
            return Ok(node);
        }
        let node = match self.build_class(name)? {
            word @ Node::Word(_) => word,
            other => Node::Class(Arc::new(Class::new(other))),
        };
        self.env.classes.put(self.env, name, &node);
        Ok(node)
    }

    fn build_class(&self, name: &str) -> Result<Node, String> {
        let Some(entry) = self.env.lexicon.get(name) else {
            let hint = crate::suggest::did_you_mean(name, self.env.lexicon.names());
            return Err(format!(
                "there is no class or construction `@{name}` in the lexicon{hint}"
            ));
        };
        let mut options = Vec::new();
        for item in &entry.items {
            let mut nodes = Parser::parse(item, self.env, self.depth + 1).map_err(|e| {
                // A loop is named once, where it closes, not once per round.
                if e.starts_with("in `@") && e.ends_with(LOOP) {
                    e
                } else {
                    format!("in `@{name}` (\"{item}\"): {e}")
                }
            })?;
            // A verb is inflected on its first word ("wind up"), a noun on its last
            // ("lack of attention").
            let (head, inflect): (Option<&mut Node>, Inflect) = match entry.part {
                Part::Verb => (nodes.first_mut(), verb_forms),
                Part::Noun => (nodes.last_mut(), noun_forms),
                Part::Word | Part::Construction => (None, |_| Vec::new()),
            };
            if let Some(Node::Word(lemmas)) = head {
                *lemmas = Arc::new(forms(lemmas, inflect));
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

/// A written word's tokens: each one's readings, and its canonical form.
type Folded = Rc<[(Words, Box<str>)]>;

/// The words `written` folds into, each as its set of readings and its canonical form.
/// Remembered per thread: a pack writes the same few hundred words thousands of times,
/// and folding one runs the whole tokenizer.
fn folded(written: &str) -> Folded {
    thread_local! {
        static SEEN: RefCell<FxHashMap<Box<str>, Folded>> = RefCell::default();
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(done) = seen.get(written) {
            return done.clone();
        }
        let done: Folded = tokenize(written)
            .into_iter()
            .map(|t| {
                let mut set: FxHashSet<WordId> = FxHashSet::from_iter([intern(&t.norm)]);
                set.extend(t.alt.map(intern));
                (Arc::new(set), Box::from(&*t.norm))
            })
            .collect();
        seen.insert(written.into(), done.clone());
        done
    })
}

/// Refuses a group holding a tight choice and more, such as `(small|stupid|like nothing)`
/// or `(@wrong|could not)`: it reads as `(small|stupid|like) nothing`, which is rarely
/// what was meant, and the parentheses add nothing if it was. Nested groups are left to
/// their own check; a spaced ` | ` anywhere at the top makes the group unambiguous.
fn check_not_ambiguous(group: &str) -> Result<(), String> {
    let (mut depth, mut items, mut tight, mut spaced, mut in_item) =
        (0usize, 0, false, false, false);
    let bytes = group.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 && b != b'(' {
            continue;
        }
        if b.is_ascii_whitespace() {
            in_item = false;
        } else if b == b'|' {
            let before = i > 0 && !bytes[i - 1].is_ascii_whitespace();
            let after = bytes.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace());
            if before && after {
                tight = true;
            } else {
                spaced = true;
            }
        } else if !in_item {
            in_item = true;
            items += 1;
        }
    }
    if items > 1 && tight && !spaced {
        let spaced = group.replace('|', " | ");
        return Err(format!(
            "`({group})` chooses single words and then goes on; to choose between word sequences put spaces around `|`: `({spaced})`"
        ));
    }
    Ok(())
}

/// Every form `inflect` makes of each of `lemmas`, by number.
fn forms(lemmas: &FxHashSet<WordId>, inflect: Inflect) -> FxHashSet<WordId> {
    lemmas
        .iter()
        .filter_map(|&lemma| word_of(lemma))
        .flat_map(|lemma| inflect(&lemma))
        .map(|form| intern(&form))
        .collect()
}

/// Single-word options of a class become one set (fast to test); phrases stay choices,
/// tried after it.
fn merge_words(options: Vec<Node>) -> Node {
    let mut single: FxHashSet<WordId> = FxHashSet::default();
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
        Node::alt(all)
    }
}
