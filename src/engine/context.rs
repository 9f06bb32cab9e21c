//! What surrounds a match inside its sentence: the clause it sits in, and whether a
//! negation governs it. Rules switch these on (`negation = "suppress"`,
//! `unless-scope = "clause"`) instead of spelling out every negated form.

use std::ops::Range;
use std::sync::Arc;

use crate::document::SentenceWords;
use crate::rules::Phrase;

/// Words that negate what follows them closely: "it was never your fault", "I won't
/// pretend you made me". Contractions are matched with and without the apostrophe.
const NEGATORS: [&str; 11] = [
    "not", "never", "no", "none", "nothing", "nobody", "neither", "nor", "without", "cannot",
    "hardly",
];

/// Contracted negations typed without an apostrophe ("didnt", "wont").
const BARE_CONTRACTIONS: [&str; 17] = [
    "didnt", "dont", "doesnt", "cant", "wont", "wasnt", "isnt", "couldnt", "wouldnt", "shouldnt",
    "arent", "werent", "havent", "hasnt", "hadnt", "aint", "mustnt",
];

/// Longer lead-ins that deny what follows, whatever their distance.
const DENIALS: [&str; 8] = [
    "lying if i said",
    "lying if i say",
    "lying if i told you",
    "not going to say",
    "not going to pretend",
    "not going to tell you",
    "not saying",
    "not pretending",
];

/// Verbs after which a negation concerns the writer's mind, not the matched words.
const KNOWING: [&str; 6] = [
    "know",
    "knowing",
    "understand",
    "believe",
    "remember",
    "care",
];

/// Words that open a clause a negation before them does not govern.
const QUESTION_WORDS: [&str; 5] = ["why", "what", "whether", "how", "when"];

/// How many words before a match a negation may stand and still govern it.
const NEGATION_REACH: usize = 3;

/// Words that deny a whole clause when they open it as its subject.
const NEGATED_SUBJECTS: [&str; 4] = ["none", "nothing", "nobody", "neither"];
/// How many words a negated subject reaches, from the start of its clause.
const SUBJECT_REACH: usize = 6;

/// Whether any of `phrases` (a rule's or a role's `except`) occurs in `part`.
pub fn phrase_in(phrases: &[Arc<Phrase>], part: &str) -> bool {
    !phrases.is_empty() && {
        let words = SentenceWords::new(part);
        phrases.iter().any(|p| !p.spans(&words).is_empty())
    }
}

/// The clause boundaries of one sentence, found once: a sentence with many matches asks
/// for the clause of each, and finding the boundaries again each time made a long
/// run-on sentence cost the square of its length (a 184 KB line took 3 seconds).
pub struct Clauses {
    /// In text order; they never overlap.
    bounds: Vec<Range<usize>>,
    len: usize,
}

impl Clauses {
    pub fn of(sentence: &str) -> Clauses {
        let mut bounds = boundaries(sentence);
        bounds.sort_by_key(|b| b.start);
        Clauses {
            bounds,
            len: sentence.len(),
        }
    }

    /// The clause around `span` (both relative to the sentence): bounded by clause
    /// punctuation (`, ; : ( )` and dashes) and the word "but".
    pub fn around(&self, span: Range<usize>) -> Range<usize> {
        let before = self.bounds.partition_point(|b| b.end <= span.start);
        let start = before.checked_sub(1).map_or(0, |i| self.bounds[i].end);
        let after = self.bounds.partition_point(|b| b.start < span.end);
        let end = self.bounds.get(after).map_or(self.len, |b| b.start);
        start..end
    }
}

fn boundaries(sentence: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (i, c) in sentence.char_indices() {
        if matches!(c, ',' | ';' | ':' | '(' | ')' | '\u{2014}' | '\u{2013}') {
            out.push(i..i + c.len_utf8());
        } else if c == '-' && sentence[..i].ends_with(' ') && sentence[i + 1..].starts_with(' ') {
            out.push(i..i + 1);
        }
    }
    let lower = sentence.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("but") {
        let at = from + found;
        let before_ok = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
        let after_ok = lower
            .as_bytes()
            .get(at + 3)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if before_ok && after_ok {
            out.push(at..at + 3);
        }
        from = at + 3;
    }
    out
}

/// How many bytes before a match [`negated_in_clause`] reads at most.
const NEGATION_WINDOW: usize = 1000;

/// True when a negation stands in the clause shortly before `at` (an offset into
/// `sentence`, whose clauses are `clauses`).
pub fn negated_in_clause(sentence: &str, clauses: &Clauses, at: usize) -> bool {
    let clause = clauses.around(at..at);
    // Only the end of a very long clause is read: a denial or negation a thousand
    // characters back is not about these words, and reading the whole clause for every
    // match made a long run-on line cost the square of its length.
    let mut from = clause.start.max(at.saturating_sub(NEGATION_WINDOW));
    while !sentence.is_char_boundary(from) {
        from += 1;
    }
    let lead = sentence[from..at].to_ascii_lowercase();
    if DENIALS.iter().any(|d| lead.contains(d)) {
        return true;
    }
    let words: Vec<&str> = lead
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let is_negator =
        |w: &str| NEGATORS.contains(&w) || w.ends_with("n't") || BARE_CONTRACTIONS.contains(&w);
    // "None of what happened was your fault", "Nothing you said made me do it": a clause
    // that opens with a negated subject denies what it goes on to say.
    // (Checked before the question words: "none of what happened" is still the subject.)
    if words.len() <= SUBJECT_REACH && words.first().is_some_and(|w| NEGATED_SUBJECTS.contains(w)) {
        return true;
    }
    // "I'm not sure why you haven't answered": a question word opens a clause of its
    // own, which the negation before it does not reach.
    let opened = words
        .iter()
        .rposition(|w| QUESTION_WORDS.contains(w))
        .map_or(0, |i| i + 1);
    let start = words.len().saturating_sub(NEGATION_REACH).max(opened);
    (start..words.len()).any(|i| {
        // "I don't know what I'll do", "I can't believe you…": the negation is about the
        // writer's knowing, not about the words that follow.
        let about_knowing = words.get(i + 1).is_some_and(|next| KNOWING.contains(next));
        is_negator(words[i]) && !about_knowing
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause_around(sentence: &str, span: Range<usize>) -> Range<usize> {
        Clauses::of(sentence).around(span)
    }

    fn negated(sentence: &str, phrase: &str) -> bool {
        negated_in_clause(
            sentence,
            &Clauses::of(sentence),
            sentence.find(phrase).unwrap(),
        )
    }

    #[test]
    fn a_close_negation_in_the_same_clause_governs_a_match() {
        assert!(negated("It was never your fault.", "your fault"));
        assert!(negated(
            "None of what happened was your fault.",
            "was your fault"
        ));
        assert!(negated("Nothing you said made me do it.", "made me do it"));
        assert!(!negated(
            "None of my friends knew, and you made me do it.",
            "you made me"
        ));
        assert!(!negated(
            "Nobody at the party knew that by then you had pushed me to it.",
            "you had pushed"
        ));
        assert!(negated("I won't pretend you made me do it.", "you made me"));
        assert!(negated("I wont pretend u made me", "u made me"));
        assert!(negated(
            "I'd be lying if I said it meant nothing to me.",
            "it meant nothing"
        ));
        assert!(negated(
            "I'm not going to say that you made me do anything.",
            "you made me"
        ));
        assert!(!negated(
            "You didn't listen, so you made me do it.",
            "you made me"
        ));
        assert!(!negated(
            "I'm not sure why you have not answered me.",
            "you have not answered"
        ));
        assert!(!negated("I don't get why you ignore me", "you ignore me"));
        assert!(!negated(
            "I didn't want to, but you made me do it.",
            "you made me"
        ));
        assert!(!negated(
            "I don't think you realise that you made me do it.",
            "you made me"
        ));
        assert!(!negated("You made me do it.", "You made me"));
        assert!(!negated(
            "If you don't come back I don't know what I'll do to myself.",
            "what I'll do"
        ));
    }

    #[test]
    fn clauses_end_at_punctuation_dashes_and_but() {
        let s = "I'm sorry, but you were never home - and I was lonely.";
        let at = s.find("never").unwrap();
        assert_eq!(&s[clause_around(s, at..at + 5)], " you were never home ");
        let at = s.find("sorry").unwrap();
        assert_eq!(&s[clause_around(s, at..at + 5)], "I'm sorry");
        assert_eq!(clause_around("butter and bread", 0..6), 0..16);
    }
}
