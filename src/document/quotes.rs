//! Quotation marks in the writer's prose: what someone else said ("She told me “I'm sorry
//! if you were hurt”"), a title ("Suicide Squad"), or the writer's own words set apart.
//! Rules decide what quoted text means to them (`quoted` in a rule file); this module only
//! finds it.
//!
//! Quotes are paired inside one paragraph: a stray mark never silences the rest of the
//! letter, and a quotation never runs across a blank line (which also keeps the regions
//! the same whether a paragraph is checked alone or in its letter).

use std::ops::Range;

/// Byte ranges of the lint text from an opening quotation mark to its closing one, marks
/// included, for each paragraph (a lint-text range) in `paragraphs`.
pub fn regions(
    lint: &str,
    paragraphs: impl IntoIterator<Item = Range<usize>>,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for para in paragraphs {
        let base = para.start;
        let text = &lint[para];
        double_quoted(text, base, &mut out);
        single_quoted(text, base, &mut out);
    }
    out.sort_by_key(|r| r.start);
    out
}

/// `"…"` pairs (typographic double quotes are already folded to `"`).
fn double_quoted(text: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c == '"' {
            match open.take() {
                Some(start) => out.push(base + start..base + i + 1),
                None => open = Some(i),
            }
        }
    }
}

/// `'…'` pairs. An apostrophe is far more common than a single quotation mark, so a mark
/// opens a quotation only after a space or an opening bracket and before a letter, and
/// closes one only after a letter or punctuation and before a space, punctuation or the
/// end: "I'm", "dogs' bowls" and "'til" never pair up.
fn single_quoted(text: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c != '\'' {
            continue;
        }
        let before = text[..i].chars().next_back();
        let after = text[i + 1..].chars().next();
        let opens = before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '"'))
            && after.is_some_and(char::is_alphanumeric);
        let closes = before
            .is_some_and(|b| b.is_alphanumeric() || matches!(b, '.' | ',' | '!' | '?'))
            && after.is_none_or(|a| a.is_whitespace() || a.is_ascii_punctuation());
        match open {
            Some(start) if closes => {
                out.push(base + start..base + i + 1);
                open = None;
            }
            None if opens => open = Some(i),
            _ => {}
        }
    }
}

/// Whether quoted text speaks in the first person ("I", "me", "my"…), which makes it the
/// writer's own words rather than a title or a name.
pub fn is_first_person(quoted: &str) -> bool {
    quoted
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "i" | "i'm"
                    | "im"
                    | "me"
                    | "my"
                    | "myself"
                    | "mine"
                    | "i've"
                    | "ive"
                    | "i'd"
                    | "i'll"
                    | "ill"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        regions(text, std::iter::once(0..text.len()))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn double_and_single_quotes_pair_but_apostrophes_do_not() {
        assert_eq!(
            quoted(r#"She said "I'm sorry if you were hurt" to me."#),
            [r#""I'm sorry if you were hurt""#]
        );
        assert_eq!(
            quoted("We saw 'Suicide Squad' and the dogs' bowls were empty."),
            ["'Suicide Squad'"]
        );
        assert!(quoted("I'm sure you're right, 'til then I'll wait.").is_empty());
        assert!(quoted(r#"A stray " mark stays alone."#).is_empty());
    }

    #[test]
    fn first_person_marks_the_writers_own_words() {
        assert!(is_first_person("\"I should just end it\""));
        assert!(is_first_person("'leave me alone'"));
        assert!(!is_first_person("\"Suicide Is Painless\""));
        assert!(!is_first_person("'Killing Eve'"));
    }
}
