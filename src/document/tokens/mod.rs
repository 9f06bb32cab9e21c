//! Words as rules see them: each word of a sentence folded to a canonical form, so a
//! phrase written once ("you had not") matches what writers actually type ("u hadnt",
//! "you'd not", "You hadn’t"), while every token keeps the bytes it came from.
//!
//! Folding happens in one pass, word by word: lower case; runs of a repeated letter
//! shortened ("soooo"); contractions, with or without the apostrophe, spelled out
//! ("didnt" → "did not", "would of" → "would have"); texting shorthand ("u", "ur", "coz",
//! "pls"); common misspellings; British spellings to American ones ("apologise",
//! "behaviour"). Phrases are folded by the same code, so a rule author may write either.

use std::ops::Range;

use rustc_hash::FxHashSet;

pub use intern::{UNKNOWN, WordId, intern, known, word_id, word_of};

mod intern;
mod spelling;
#[cfg(test)]
mod tests;

use spelling::{
    ENDS_IN_IN, G_DROPPED, ILL_I_WILL, MODALS, PRONOUNS_IS, STRETCHED_DOUBLE, UR_YOU_ARE,
    british_to_american, respelling, shorthand,
};

/// One word (or punctuation mark) of a sentence, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The canonical form: lower case, spelled out, American spelling.
    pub norm: Box<str>,
    /// A second reading where the written form is ambiguous: "'d" is "would" or "had",
    /// "'s" after a pronoun is "is" or "has".
    pub alt: Option<&'static str>,
    /// Bytes of the text the token came from. Words spelled out from one written word
    /// ("didnt" → "did", "not") share its span.
    pub span: Range<usize>,
    /// Punctuation that ends a clause or a sentence (`, ; : - ( ) . ! ?`); gaps in phrases
    /// never cross it.
    pub punct: bool,
}

impl Token {
    /// Whether the token reads as `word` (already canonical).
    pub fn is(&self, word: &str) -> bool {
        &*self.norm == word || self.alt == Some(word)
    }
}

/// A sentence's tokens, the number of each token's word and of its second reading (see
/// `intern`), and every number present. Every rule's phrases and the sentence roles read
/// the same ones, so a document makes them once per sentence; `present` lets a phrase
/// that needs a word the sentence lacks be skipped before it runs.
#[derive(Debug, Clone, Default)]
pub struct SentenceWords {
    pub tokens: Vec<Token>,
    /// Per token: its word's number and its second reading's (`UNKNOWN` when none).
    pub ids: Vec<[WordId; 2]>,
    pub present: FxHashSet<WordId>,
    /// `present` folded into a [`signature`]: a set of words a phrase needs and the
    /// sentence lacks is often ruled out by the signatures alone.
    pub signature: u128,
    /// How many words had numbers when these were looked up: a phrase that names a word
    /// numbered since must look the tokens up again.
    pub known: WordId,
}

impl SentenceWords {
    pub fn new(text: &str) -> Self {
        Self::from_tokens(tokenize(text))
    }

    /// These words, looked up again when more words have numbers than when they were
    /// (`known`: how many had numbers when the phrase or index asking was made).
    pub fn as_of(&self, known: WordId) -> std::borrow::Cow<'_, SentenceWords> {
        if self.known < known {
            std::borrow::Cow::Owned(Self::from_tokens(self.tokens.clone()))
        } else {
            std::borrow::Cow::Borrowed(self)
        }
    }

    pub fn from_tokens(tokens: Vec<Token>) -> Self {
        let known = intern::known();
        let id = |w: &str| word_id(w).unwrap_or(UNKNOWN);
        let ids: Vec<[WordId; 2]> = tokens
            .iter()
            .map(|t| [id(&t.norm), t.alt.map_or(UNKNOWN, id)])
            .collect();
        let present: FxHashSet<WordId> = ids
            .iter()
            .flatten()
            .copied()
            .filter(|&i| i != UNKNOWN)
            .collect();
        SentenceWords {
            tokens,
            ids,
            signature: signature(&present),
            present,
            known,
        }
    }
}

/// A 128-bit summary of a set of word numbers: each sets one bit. Two sets whose
/// signatures share no bit share no word (the converse does not hold).
pub fn signature<'a>(ids: impl IntoIterator<Item = &'a WordId>) -> u128 {
    ids.into_iter().fold(0, |sig, &id| {
        sig | 1u128 << (id.wrapping_mul(0x9E37_79B9) >> 25)
    })
}

/// Splits `text` into canonical tokens; spans are byte ranges of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c.is_alphanumeric() {
            let start = i;
            let mut end = i + len;
            if let Some(full) = slashed(&text[i..]) {
                out.push(word(full, None, i..i + 3));
                i += 3;
                continue;
            }
            // A word runs over letters, digits and inner apostrophes ("don't", "o'clock").
            while let Some(d) = text[end..].chars().next() {
                if d.is_alphanumeric() {
                    end += d.len_utf8();
                } else if d == '\''
                    && text[end + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                {
                    end += 1;
                } else {
                    break;
                }
            }
            push_word(&mut out, &text[start..end], start..end);
            i = end;
            continue;
        }
        // "'cause" and "'em": a leading apostrophe that belongs to the word.
        if c == '\'' {
            let rest = &text[i + 1..];
            let elided = [("cause", "because"), ("cos", "because"), ("em", "them")]
                .into_iter()
                .find(|(short, _)| {
                    rest.get(..short.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(short))
                        && !rest[short.len()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                });
            match elided {
                Some((short, full)) => {
                    out.push(word(full, None, i..i + 1 + short.len()));
                    i += 1 + short.len();
                }
                None => i += 1,
            }
            continue;
        }
        let punct = match c {
            ',' | ';' | ':' | '(' | ')' | '.' | '!' | '?' => Some(c.to_string()),
            '-' | '\u{2013}' | '\u{2014}' => {
                // A hyphen inside a word ("self-harm") splits it without a clause break;
                // a dash between spaces, or a double hyphen, is a break.
                let spaced = (i > 0 && bytes[i - 1] == b' ')
                    || matches!(bytes.get(i + 1), Some(b' ' | b'-') | None);
                (c != '-' || spaced).then(|| "-".to_string())
            }
            '&' | '+' => {
                out.push(word("and", None, i..i + len));
                None
            }
            _ => None,
        };
        if let Some(p) = punct {
            // "..." and "--" are one mark.
            let mut end = i + len;
            while text[end..].starts_with(c) {
                end += len;
            }
            out.push(Token {
                norm: p.into(),
                alt: None,
                span: i..end,
                punct: true,
            });
            i = end;
            continue;
        }
        i += len;
    }
    fix_in_context(&mut out);
    out
}

/// "w/o" and "b/c" at the start of `rest`, as the word they stand for.
fn slashed(rest: &str) -> Option<&'static str> {
    let head = rest.get(..3)?;
    if rest[3..].starts_with(char::is_alphanumeric) {
        return None;
    }
    [("w/o", "without"), ("b/c", "because")]
        .into_iter()
        .find(|(short, _)| head.eq_ignore_ascii_case(short))
        .map(|(_, full)| full)
}

fn word(norm: &str, alt: Option<&'static str>, span: Range<usize>) -> Token {
    Token {
        norm: norm.into(),
        alt,
        span,
        punct: false,
    }
}

/// Folds one written word into one or more tokens.
fn push_word(out: &mut Vec<Token>, written: &str, span: Range<usize>) {
    let lower = shorten_runs(&written.to_lowercase());
    // Contractions with an apostrophe: the part before it, then what the ending means.
    if let Some((head, tail)) = lower.split_once('\'') {
        if let Some((first, second, alt)) = contraction(head, tail) {
            // "u'd", "ye'd": a one-word shorthand before the apostrophe is folded too.
            let first = match shorthand(first) {
                Some(&[(one, None)]) => one.to_string(),
                _ => spell(first),
            };
            out.push(word(&first, None, span.clone()));
            out.push(word(second, alt, span));
            return;
        }
    }
    let plain = lower.replace('\'', "");
    if let Some(words) = shorthand(&plain) {
        for (w, alt) in words {
            out.push(word(w, *alt, span.clone()));
        }
        return;
    }
    out.push(word(&spell(&plain), None, span));
}

/// A stretched word ("soooo", "pleeease", "sooorry") back to its plain spelling: a run of
/// three or more of one letter becomes one, or two for the few words spelled with two.
fn shorten_runs(word: &str) -> String {
    let runs = |keep: usize| {
        let mut out = String::with_capacity(word.len());
        let chars: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let mut j = i;
            while j < chars.len() && chars[j] == chars[i] {
                j += 1;
            }
            let n = if j - i >= 3 { keep } else { j - i };
            out.extend(std::iter::repeat_n(chars[i], n));
            i = j;
        }
        out
    };
    let single = runs(1);
    if single.len() == word.len() {
        return single;
    }
    let double = runs(2);
    if STRETCHED_DOUBLE.contains(&double.as_str()) {
        double
    } else {
        single
    }
}

/// `head'tail` spelled out: the words and the second word's other reading.
fn contraction<'a>(
    head: &'a str,
    tail: &str,
) -> Option<(&'a str, &'static str, Option<&'static str>)> {
    Some(match tail {
        "t" => {
            let (first, _) = match head {
                "won" => return Some(("will", "not", None)),
                "can" => return Some(("can", "not", None)),
                "shan" => return Some(("shall", "not", None)),
                // Spelled out as "aint" is, with its second reading on "is".
                "ain" => return None,
                _ => (head.strip_suffix('n')?, ()),
            };
            (first, "not", None)
        }
        "m" => (head, "am", None),
        "re" => (head, "are", None),
        "ve" => (head, "have", None),
        "ll" => (head, "will", None),
        "d" => (head, "would", Some("had")),
        "s" if head == "let" => ("let", "us", None),
        "s" if PRONOUNS_IS.contains(&head) => (head, "is", Some("has")),
        "s" => (head, "'s", Some("is")),
        _ => return None,
    })
}

/// One word's canonical spelling.
fn spell(w: &str) -> String {
    if let Some(fixed) = respelling(w) {
        return fixed.to_string();
    }
    // Dropped g: "nothin", "doin'", "keepin", "sittin" (the apostrophe is gone by now).
    if let Some(stem) = w.strip_suffix("in") {
        let long_verb = stem.len() >= 3
            && stem.ends_with(|c: char| c.is_ascii_alphabetic() && !"aeiou".contains(c))
            && !ENDS_IN_IN.contains(&w);
        if long_verb || G_DROPPED.contains(&stem) {
            return format!("{stem}ing");
        }
    }
    british_to_american(w).unwrap_or_else(|| w.to_string())
}

/// Readings that depend on the neighbouring words: "would of" is "would have"; "ur"
/// followed by what describes a person ("ur so", "ur not", "ur being") is "you are".
fn fix_in_context(tokens: &mut Vec<Token>) {
    let mut i = 0;
    while i < tokens.len() {
        // "would of", and "wouldnt of" (the "not" between).
        let modal = |t: &Token| MODALS.contains(&&*t.norm);
        let after_modal = i > 0
            && (modal(&tokens[i - 1])
                || (i > 1 && &*tokens[i - 1].norm == "not" && modal(&tokens[i - 2])));
        if &*tokens[i].norm == "of" && after_modal {
            tokens[i].norm = "have".into();
        }
        // "ill be there", "ill never": "ill" before a verb is "I'll" typed without its
        // apostrophe; "I was ill" stays.
        if &*tokens[i].norm == "ill"
            && tokens
                .get(i + 1)
                .is_some_and(|t| ILL_I_WILL.contains(&&*t.norm))
        {
            let span = tokens[i].span.clone();
            tokens[i] = word("i", None, span.clone());
            tokens.insert(i + 1, word("will", None, span));
            i += 1;
        }
        // "ain't" is "is not" or "are not" alone; after a pronoun it is the form that
        // pronoun takes, or "have"/"has" before a past participle ("you ain't been").
        if &*tokens[i].norm == "is" && tokens[i].alt == Some("are") {
            let (norm, alt) = match i.checked_sub(1).map(|p| &*tokens[p].norm) {
                Some("i") => ("am", "have"),
                Some("you" | "we" | "they") => ("are", "have"),
                Some(_) => ("is", "has"),
                None => ("is", "are"),
            };
            tokens[i].norm = norm.into();
            tokens[i].alt = Some(alt);
        }
        if &*tokens[i].norm == "your" && tokens[i].alt == Some("you're") {
            let next = tokens.get(i + 1).map(|t| &*t.norm);
            let is_you_are = next.is_some_and(|n| {
                UR_YOU_ARE.contains(&n) || n.ends_with("ing") || n.ends_with("ed")
            });
            if is_you_are {
                let span = tokens[i].span.clone();
                tokens[i] = word("you", None, span.clone());
                tokens.insert(i + 1, word("are", None, span));
                i += 1;
            } else {
                tokens[i].alt = None;
            }
        }
        i += 1;
    }
}
