//! The document model: a letter's text, which parts of it are the writer's own prose,
//! and how that prose divides into paragraphs, sentences and words.
//!
//! Every span handed out here is a byte range into the original text, so findings can be
//! shown against exactly what the writer typed. Matching happens on a second string, the
//! *lint text*: the original with masked regions blanked out and typographic punctuation
//! folded to ASCII. [`Document::to_original`] maps lint offsets back.

pub mod email;
mod format;
mod kind;
mod lines;
mod mask;
mod normalize;
mod quotes;
mod segment;
mod tokens;

use std::ops::Range;
use std::sync::OnceLock;

pub use format::{Format, UnknownFormat};
pub use kind::DraftKind;
pub use lines::{LineIndex, Position};
use normalize::OffsetMap;
pub use quotes::is_first_person;
pub use tokens::{
    SentenceWords, Token, UNKNOWN, WordId, intern, known as known_words, signature, tokenize,
    word_of,
};

/// A paragraph of the writer's prose: a run of non-blank lines once masked text is removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Bytes of the original text, trimmed of surrounding whitespace.
    pub span: Range<usize>,
    /// Indices into [`Document::sentences`].
    pub sentences: Range<usize>,
}

/// One sentence of the writer's prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Bytes of the original text, trimmed of surrounding whitespace.
    pub span: Range<usize>,
    /// The same sentence as bytes of the lint text.
    pub lint: Range<usize>,
    /// Index into [`Document::paragraphs`].
    pub paragraph: usize,
    /// Indices into [`Document::words`].
    pub words: Range<usize>,
}

/// A checked letter. Built once per text; immutable afterwards.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    format: Format,
    lint: String,
    map: OffsetMap,
    masked: Vec<Range<usize>>,
    /// Quotations in the lint text, marks included (see `quotes`).
    quoted: Vec<Range<usize>>,
    paragraphs: Vec<Paragraph>,
    sentences: Vec<Sentence>,
    /// Each sentence's canonical words, made when a rule first asks.
    sentence_words: Vec<OnceLock<SentenceWords>>,
    /// Each sentence's scores from the learned weights, made when a rule first asks.
    sentence_scores: Vec<OnceLock<Box<[ScoredPart]>>>,
    words: Vec<Range<usize>>,
    lines: LineIndex,
    kind: DraftKind,
}

/// A stretch of a sentence scored as one (by the learned weights, `rules::learned`), with
/// a score for each rule that has them.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPart {
    /// Tokens of the sentence's [`SentenceWords`], first word to last.
    pub tokens: Range<usize>,
    pub scores: Box<[f32]>,
}

impl ScoredPart {
    /// Its bytes in the sentence's lint text, from its first word to its last (`words`:
    /// the sentence's, which the part was scored from).
    pub fn bytes(&self, words: &SentenceWords) -> Option<Range<usize>> {
        let first = words.tokens.get(self.tokens.start)?;
        let last = words.tokens.get(self.tokens.end.checked_sub(1)?)?;
        Some(first.span.start..last.span.end)
    }
}

impl Document {
    /// Parses `text` as a letter in `format`. Never fails: any text is a document, and
    /// whatever cannot be understood as markup is treated as prose.
    pub fn new(text: impl Into<String>, format: Format) -> Self {
        let text = text.into();
        let masked = mask::masked_regions(&text, format);
        let blanked = mask::blank(&text, &masked);
        let (lint, map) = normalize::normalize(&blanked);
        let seg = segment::segment(&lint);
        let quoted = quotes::regions(&lint, seg.paragraphs.iter().map(|p| p.lint.clone()));
        let to_orig = |r: &Range<usize>| map.to_original(r.start)..map.to_original(r.end);
        let paragraphs = seg
            .paragraphs
            .iter()
            .map(|p| Paragraph {
                span: to_orig(&p.lint),
                sentences: p.sentences.clone(),
            })
            .collect();
        let sentences = seg
            .sentences
            .iter()
            .map(|s| Sentence {
                span: to_orig(&s.lint),
                lint: s.lint.clone(),
                paragraph: s.paragraph,
                words: s.words.clone(),
            })
            .collect();
        let sentence_words = (0..seg.sentences.len()).map(|_| OnceLock::new()).collect();
        let sentence_scores = (0..seg.sentences.len()).map(|_| OnceLock::new()).collect();
        let words = seg.words.iter().map(to_orig).collect();
        let lines = LineIndex::new(&text);
        Document {
            text,
            format,
            lint,
            map,
            masked,
            quoted,
            paragraphs,
            sentences,
            sentence_words,
            sentence_scores,
            words,
            lines,
            kind: DraftKind::default(),
        }
    }

    /// The document as a draft of `kind`: rules with `applies-to` judge only drafts of
    /// their kind. A document is a [`DraftKind::Letter`] unless told otherwise; the edges
    /// say otherwise for follow-ups in a series (see `crate::series`).
    pub fn with_kind(mut self, kind: DraftKind) -> Self {
        self.kind = kind;
        self
    }

    pub fn kind(&self) -> DraftKind {
        self.kind
    }

    /// The front-matter block (`---` … `---` or `+++` … `+++`) at the start of the text,
    /// fences included, as masked; `None` when there is none.
    pub fn front_matter(&self) -> Option<Range<usize>> {
        front_matter(&self.text)
    }

    /// The original text, exactly as given (BOM and CRLF included).
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The text rules match against: same line structure as the original, masked regions
    /// replaced by spaces, typographic quotes folded to ASCII. Offsets differ from the
    /// original only where a multi-byte character was folded.
    pub fn lint_text(&self) -> &str {
        &self.lint
    }

    /// Maps a byte offset in the lint text to the matching offset in the original text.
    pub fn to_original(&self, lint_offset: usize) -> usize {
        self.map.to_original(lint_offset)
    }

    /// Byte ranges of the original text that are not the writer's own prose.
    pub fn masked(&self) -> &[Range<usize>] {
        &self.masked
    }

    /// The quotation (lint text, marks included) that holds all of `lint`, if any.
    pub fn quote_at(&self, lint: Range<usize>) -> Option<&str> {
        let i = self.quoted.partition_point(|q| q.start <= lint.start);
        let q = self.quoted[..i].iter().rev().find(|q| q.end >= lint.end)?;
        (q.start <= lint.start).then(|| &self.lint[q.clone()])
    }

    /// Whether any quoted words (marks included) overlap `lint`.
    pub fn has_quote_in(&self, lint: Range<usize>) -> bool {
        self.quoted
            .iter()
            .any(|q| q.start < lint.end && lint.start < q.end)
    }

    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// Every word of the writer's prose, as byte ranges of the original text.
    pub fn words(&self) -> &[Range<usize>] {
        &self.words
    }

    /// The sentence's text in the lint text (for matching).
    pub fn sentence_lint(&self, sentence: &Sentence) -> &str {
        &self.lint[sentence.lint.clone()]
    }

    /// The canonical words of the sentence numbered `index` (none past the last).
    pub fn sentence_words(&self, index: usize) -> &SentenceWords {
        static NONE: OnceLock<SentenceWords> = OnceLock::new();
        match (self.sentences.get(index), self.sentence_words.get(index)) {
            (Some(sentence), Some(cell)) => {
                cell.get_or_init(|| SentenceWords::new(self.sentence_lint(sentence)))
            }
            _ => NONE.get_or_init(SentenceWords::default),
        }
    }

    /// What `score` makes of sentence `index`'s words (the learned weights' scores),
    /// worked out once: every rule with learned weights reads its own from it.
    pub fn sentence_scores(
        &self,
        index: usize,
        score: impl FnOnce(&SentenceWords) -> Box<[ScoredPart]>,
    ) -> &[ScoredPart] {
        match self.sentence_scores.get(index) {
            Some(cell) => cell.get_or_init(|| score(self.sentence_words(index))),
            None => &[],
        }
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// Number of words in the writer's prose.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }
}

/// The front-matter block at the start of `text` (after a BOM), fences included: the
/// same block [`Document`] masks.
pub fn front_matter(text: &str) -> Option<Range<usize>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    mask::front_matter_end(text, start).map(|end| start..end)
}

/// `text` with typographic quotes, apostrophes and spaces folded to ASCII, the way the
/// lint text is; for matching phrases given outside a document (allow lists).
pub fn fold_typography(text: &str) -> String {
    normalize::normalize(text).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(doc: &Document) -> Vec<&str> {
        doc.sentences()
            .iter()
            .map(|s| &doc.text()[s.span.clone()])
            .collect()
    }

    #[test]
    fn spans_point_into_the_original_after_folding_apostrophes() {
        let doc = Document::new("I’m sorry. You’re right.", Format::Plain);
        assert_eq!(sentences(&doc), ["I’m sorry.", "You’re right."]);
        assert_eq!(doc.sentence_lint(&doc.sentences()[1]), "You're right.");
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_crlf_is_handled() {
        let doc = Document::new(
            "Dear Sam,\r\n\r\nI lied. I'm sorry.\r\n\r\nAlex\r\n",
            Format::Plain,
        );
        let paras: Vec<_> = doc
            .paragraphs()
            .iter()
            .map(|p| &doc.text()[p.span.clone()])
            .collect();
        assert_eq!(paras, ["Dear Sam,", "I lied. I'm sorry.", "Alex"]);
        assert_eq!(
            sentences(&doc),
            ["Dear Sam,", "I lied.", "I'm sorry.", "Alex"]
        );
    }

    #[test]
    fn a_bom_is_not_prose() {
        let doc = Document::new("\u{feff}Hello there.", Format::Plain);
        assert_eq!(sentences(&doc), ["Hello there."]);
        assert_eq!(doc.sentences()[0].span.start, 3);
    }

    #[test]
    fn words_are_counted_without_punctuation() {
        let doc = Document::new("I'm sorry, truly — I am.", Format::Plain);
        let words: Vec<_> = doc.words().iter().map(|w| &doc.text()[w.clone()]).collect();
        assert_eq!(words, ["I'm", "sorry", "truly", "I", "am"]);
    }
}
