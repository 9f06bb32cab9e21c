//! Dividing the lint text into paragraphs, sentences and words.
//!
//! Sentences follow Unicode's sentence boundaries (UAX #29), with one change for letters:
//! a single line break inside a paragraph is only a sentence break when the line before it
//! is short (a greeting, a sign-off, a texting-style line) or the next line starts a list
//! item. Long lines that run on are taken to be hard-wrapped prose.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Lines at least this long (in bytes, trimmed) are taken to be wrapped prose when they
/// end without punctuation.
const WRAPPED_LINE: usize = 40;

pub struct Segments {
    pub paragraphs: Vec<Para>,
    pub sentences: Vec<Sent>,
    pub words: Vec<Range<usize>>,
}

pub struct Para {
    pub lint: Range<usize>,
    pub sentences: Range<usize>,
}

pub struct Sent {
    pub lint: Range<usize>,
    pub paragraph: usize,
    pub words: Range<usize>,
}

pub fn segment(lint: &str) -> Segments {
    let mut seg = Segments {
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        words: Vec::new(),
    };
    for para in paragraph_ranges(lint) {
        let first_sentence = seg.sentences.len();
        let index = seg.paragraphs.len();
        for group in line_groups(lint, para.clone()) {
            sentences_in(lint, group, index, &mut seg);
        }
        if seg.sentences.len() > first_sentence {
            seg.paragraphs.push(Para {
                lint: para,
                sentences: first_sentence..seg.sentences.len(),
            });
        }
    }
    seg
}

/// Runs of non-blank lines, trimmed of surrounding whitespace.
fn paragraph_ranges(lint: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut at = 0;
    for raw in lint.split_inclusive('\n') {
        let start = at;
        at += raw.len();
        if raw.trim().is_empty() {
            out.extend(current.take());
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let end = start + raw.trim_end().len();
        match &mut current {
            Some(r) => r.end = end,
            None => current = Some(start + lead..end),
        }
    }
    out.extend(current);
    out
}

/// Splits a paragraph at the line breaks that end a sentence (see the module docs).
fn line_groups(lint: &str, para: Range<usize>) -> Vec<Range<usize>> {
    let line_by_line = written_line_by_line(&lint[para.clone()]);
    let mut groups = Vec::new();
    let mut group_start = para.start;
    let mut at = para.start;
    let mut prev: Option<&str> = None;
    for raw in lint[para.clone()].split_inclusive('\n') {
        let start = at;
        at += raw.len();
        let line = raw.trim();
        if let Some(prev) = prev {
            let ends = prev.len() < WRAPPED_LINE || (line_by_line && !runs_on(prev));
            if ends || starts_list_item(line) {
                groups.push(group_start..start);
                group_start = start;
            }
        }
        prev = Some(line);
    }
    groups.push(group_start..para.end);
    groups
}

/// A paragraph typed the way people text: several lines and not one full stop, question
/// or exclamation mark anywhere. Hard-wrapped prose ends its sentences with punctuation,
/// so there each line break is read as a space; here each line is its own sentence, and
/// a kind word on one line ("i will respect whatever u decide") no longer excuses the
/// line before it.
fn written_line_by_line(para: &str) -> bool {
    para.contains('\n') && !para.contains(['.', '!', '?'])
}

/// A line that visibly goes on to the next: it ends with a comma, a dash or a word that
/// joins clauses ("im sorry but\nu have to understand").
fn runs_on(line: &str) -> bool {
    if line.ends_with([',', ';', ':', '-', '&', '\u{2013}', '\u{2014}']) {
        return true;
    }
    let last = line
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        last.as_str(),
        "and" | "but" | "or" | "so" | "because" | "coz" | "cuz" | "cos" | "that" | "if" | "when"
    )
}

fn starts_list_item(line: &str) -> bool {
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'-' | b'*' | b'+' | b'\xE2') => {
            // "- ", "* ", "+ " or a bullet character.
            line.starts_with("- ")
                || line.starts_with("* ")
                || line.starts_with("+ ")
                || line.starts_with('•')
        }
        Some(b) if b.is_ascii_digit() => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            matches!(bytes.get(digits), Some(b'.' | b')'))
                && matches!(bytes.get(digits + 1), Some(b' ') | None)
        }
        _ => false,
    }
}

fn sentences_in(lint: &str, group: Range<usize>, paragraph: usize, seg: &mut Segments) {
    // UAX #29 breaks at every line break; inside a group they are soft, so read them as
    // spaces (same length, so offsets stay put).
    let flat: String = lint[group.clone()]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let pieces = flat
        .split_sentence_bound_indices()
        .flat_map(|(offset, piece)| {
            split_before_lowercase(piece).map(move |(o, p)| (offset + o, p))
        });
    for (offset, piece) in pieces {
        let trimmed = piece.trim();
        if !trimmed.chars().any(char::is_alphanumeric) {
            continue;
        }
        let start = group.start + offset + (piece.len() - piece.trim_start().len());
        let end = start + trimmed.len();
        let first_word = seg.words.len();
        for (w_off, word) in trimmed.split_word_bound_indices() {
            if word.chars().any(char::is_alphanumeric) {
                seg.words.push(start + w_off..start + w_off + word.len());
            }
        }
        seg.sentences.push(Sent {
            lint: start..end,
            paragraph,
            words: first_word..seg.words.len(),
        });
    }
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: [&str; 14] = [
    "e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "approx", "ca", "cf", "no", "p.s",
];

/// Unicode's rules never end a sentence before a lowercase word ("…till five. im sorry"),
/// so text typed without capitals would run on as one sentence. Splits there too, except
/// after an ellipsis or an abbreviation.
fn split_before_lowercase(piece: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = piece.as_bytes();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !matches!(bytes[i], b'.' | b'!' | b'?') {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < bytes.len() && matches!(bytes[i], b'.' | b'!' | b'?') {
            i += 1;
        }
        let run = &piece[run_start..i];
        let mut j = i;
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')') {
            j += 1;
        }
        let spaces = piece[j..].len() - piece[j..].trim_start().len();
        let next_is_lower = piece[j + spaces..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if spaces == 0 || !next_is_lower || (run.len() > 1 && run.bytes().all(|b| b == b'.')) {
            continue;
        }
        if run == "." {
            let word_start = piece[..run_start]
                .char_indices()
                .rev()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
                .map_or(0, |(k, c)| k + c.len_utf8());
            let word = &piece[word_start..run_start];
            // A capital initial ("J. smith") is kept; "u." and "i." end texting sentences.
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            let numeral = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
            if initial || numeral || ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
                continue;
            }
        }
        cuts.push(j + spaces);
    }
    let mut start = 0;
    cuts.push(piece.len());
    cuts.into_iter().map(move |end| {
        let out = (start, &piece[start..end]);
        start = end;
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texting_lines_are_sentences_but_wrapped_prose_is_not() {
        let texting = "hey its me\npls text me back by tomorrow, i need to know where we stand\ni will respect whatever u decide";
        assert_eq!(
            sentences(texting),
            [
                "hey its me",
                "pls text me back by tomorrow, i need to know where we stand",
                "i will respect whatever u decide"
            ]
        );
        let wrapped = "I have been thinking about what you said to me last week, and I\nunderstand now that I was wrong about all of it.";
        assert_eq!(sentences(wrapped).len(), 1);
        let joined = "im so sorry for everything that happened that night but\nu have to understand how it looked to me";
        assert_eq!(sentences(joined).len(), 1);
    }

    fn sentences(text: &str) -> Vec<&str> {
        segment(text)
            .sentences
            .iter()
            .map(|s| &text[s.lint.clone()])
            .collect()
    }

    #[test]
    fn hard_wrapped_prose_is_joined_but_short_lines_are_not() {
        let text = "Dear Sam,\nI have been thinking about what I did that night and\nwhy I did it. It was wrong.\nLove,\nAlex";
        assert_eq!(
            sentences(text),
            [
                "Dear Sam,",
                "I have been thinking about what I did that night and\nwhy I did it.",
                "It was wrong.",
                "Love,",
                "Alex"
            ]
        );
    }

    #[test]
    fn texting_lines_and_list_items_are_separate_sentences() {
        assert_eq!(
            sentences("im sorry\nu know i am"),
            ["im sorry", "u know i am"]
        );
        let text = "Here is what I will do, starting this week without fail:\n- see a counsellor\n2. pay you back";
        assert_eq!(
            sentences(text),
            [
                "Here is what I will do, starting this week without fail:",
                "- see a counsellor",
                "2. pay you back"
            ]
        );
    }

    #[test]
    fn lowercase_texting_is_split_after_full_stops_but_not_abbreviations() {
        assert_eq!(
            sentences("we were out till five. im sorry! u deserved better... i know"),
            [
                "we were out till five.",
                "im sorry!",
                "u deserved better... i know"
            ]
        );
        assert_eq!(
            sentences("I said it twice (e.g. at dinner) and i.e. meant it."),
            ["I said it twice (e.g. at dinner) and i.e. meant it."]
        );
    }

    #[test]
    fn paragraphs_hold_their_sentences() {
        let seg = segment("One. Two.\n\n   \n\nThree.");
        assert_eq!(seg.paragraphs.len(), 2);
        assert_eq!(seg.paragraphs[0].sentences, 0..2);
        assert_eq!(seg.paragraphs[1].sentences, 2..3);
        assert_eq!(seg.sentences[2].paragraph, 1);
    }
}
