//! The letter's outline: which paragraphs open it, explain, retell, make amends and close,
//! read from the roles of their sentences. Editors show it as the document's symbols.

use std::ops::Range;

use crate::document::Document;
use crate::rules::Role;

/// A paragraph shorter than this is a greeting, a sign-off or an aside, never a part of
/// its own; it joins its neighbour (the same threshold the closing rule uses).
const SUBSTANTIAL_WORDS: usize = 8;

/// The part a run of paragraphs plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Opening,
    Apology,
    Explanation,
    Retelling,
    Amends,
    Closing,
}

impl Part {
    /// The name an outline shows.
    pub fn title(self) -> &'static str {
        match self {
            Part::Opening => "Opening",
            Part::Apology => "Apology",
            Part::Explanation => "Explanation",
            Part::Retelling => "What happened",
            Part::Amends => "Amends",
            Part::Closing => "Closing",
        }
    }
}

/// One part of the outline: a run of whole paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub part: Part,
    /// Bytes of the original text, from the first paragraph's start to the last one's end.
    pub span: Range<usize>,
}

/// The outline of `doc`, given one role per sentence. A letter of fewer than two
/// substantial paragraphs has no parts to tell apart and gets an empty outline.
pub fn outline(doc: &Document, roles: &[Role]) -> Vec<Section> {
    let paragraphs = doc.paragraphs();
    let words = |i: usize| -> usize {
        doc.sentences()[paragraphs[i].sentences.clone()]
            .iter()
            .map(|s| s.words.len())
            .sum()
    };
    let substantial: Vec<usize> = (0..paragraphs.len())
        .filter(|&i| words(i) >= SUBSTANTIAL_WORDS)
        .collect();
    let (Some(&first), Some(&last)) = (substantial.first(), substantial.last()) else {
        return Vec::new();
    };
    if first == last {
        return Vec::new();
    }
    let mut sections: Vec<Section> = Vec::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        let part = if i <= first {
            Some(Part::Opening)
        } else if i >= last {
            Some(Part::Closing)
        } else if words(i) < SUBSTANTIAL_WORDS {
            None
        } else {
            Some(dominant(&roles[paragraph.sentences.clone()]))
        };
        match (sections.last_mut(), part) {
            (Some(prev), Some(part)) if prev.part == part => prev.span.end = paragraph.span.end,
            (Some(prev), None) => prev.span.end = paragraph.span.end,
            (_, Some(part)) => sections.push(Section {
                part,
                span: paragraph.span.clone(),
            }),
            (None, None) => {}
        }
    }
    sections
}

/// The middle part a paragraph's sentences mostly play; a paragraph with none of them
/// counts as explanation, the part most letters need more of.
fn dominant(roles: &[Role]) -> Part {
    let candidates = [
        (Role::Explains, Part::Explanation),
        (Role::Retells, Part::Retelling),
        (Role::Amends, Part::Amends),
        (Role::Apologises, Part::Apology),
    ];
    let mut best = (0, Part::Explanation);
    for (role, part) in candidates {
        let count = roles.iter().filter(|r| **r == role).count();
        if count > best.0 {
            best = (count, part);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Format, Linter, Pack};

    fn parts(text: &str) -> Vec<(Part, String)> {
        let linter = Linter::new(Pack::builtin(&Default::default()).0);
        let doc = Document::new(text, Format::Plain);
        outline(&doc, &linter.roles(&doc))
            .into_iter()
            .map(|s| {
                let body = &doc.text()[s.span.clone()];
                (
                    s.part,
                    body.split_whitespace()
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            })
            .collect()
    }

    #[test]
    fn a_letter_is_divided_into_its_parts() {
        let letter = "Dear Sam,\n\n\
            I am writing because I owe you an apology for what I did at the party.\n\n\
            I think I lied because I was afraid of losing you, and that fear was mine to deal with.\n\n\
            I have started seeing a counsellor every week, and I am working on being honest.\n\n\
            If you are ever willing to talk, I would love to hear from you, whenever you are ready.\n\n\
            Love,\nAlex\n";
        assert_eq!(
            parts(letter),
            [
                (Part::Opening, "Dear Sam,".into()),
                (Part::Explanation, "I think".into()),
                (Part::Amends, "I have".into()),
                (Part::Closing, "If you".into()),
            ]
        );
    }

    #[test]
    fn a_short_message_has_no_outline() {
        assert!(parts("Hi Sam, thinking of you today. Take care.").is_empty());
    }
}
