//! What each chunk contributes to the document's findings ([`Facts`]), worked out from a
//! document of the whole text or of one chunk, cut into chunks, and put together again
//! ([`Whole`]) for the document-level rules.

use std::ops::Range;

use super::Chunk;
use super::text::Piece;
use crate::Finding;
use crate::document::Document;
use crate::engine::judge::{self, Allowed, Reach};
use crate::engine::matching::hits;
use crate::engine::scan::Gate;
use crate::engine::{Linter, Shape, sentence, sort};

/// What one chunk contributes to the document's findings; spans relative to the chunk.
#[derive(Debug, Default)]
pub(super) struct Facts {
    /// Each sentence's span and number of words.
    pub(super) sentences: Vec<(Range<usize>, usize)>,
    /// Each paragraph's sentences.
    pub(super) paragraphs: Vec<Range<usize>>,
    /// Findings of sentence-level rules (`pattern`, `swap`) before allow lists, sorted
    /// like [`Linter::check`]'s.
    pub(super) findings: Vec<Finding>,
    /// Per slot: the sentences the rule matches (what `share` and `require` judge).
    pub(super) marks: Vec<Vec<usize>>,
    /// Per slot: the rule's matches, in order (what `limit` judges).
    pub(super) hits: Vec<Vec<Range<usize>>>,
    /// Per rule with an allow list (pack index): where its phrases occur.
    pub(super) allow: Vec<(usize, Vec<Allowed>)>,
}

/// The facts of `doc`, with spans into its text.
pub(super) fn doc_facts(linter: &Linter, doc: &Document, slots: &[usize]) -> Facts {
    let scan = linter.prefilter.scan(doc);
    let mut facts = Facts {
        sentences: doc
            .sentences()
            .iter()
            .map(|s| (s.span.clone(), s.words.len()))
            .collect(),
        paragraphs: doc
            .paragraphs()
            .iter()
            .map(|p| p.sentences.clone())
            .collect(),
        marks: vec![Vec::new(); slots.len()],
        hits: vec![Vec::new(); slots.len()],
        ..Facts::default()
    };
    let count = doc.sentences().len();
    for (index, rule) in linter.pack.rules().iter().enumerate() {
        if !rule.enabled() || !rule.applies_to(doc.kind()) {
            continue;
        }
        let gate = Gate::new(&scan, linter.prefilter.rule_offset(index));
        match (
            Reach::of(rule.kind()),
            slots.iter().position(|&s| s == index),
        ) {
            (Reach::Sentence, _) => sentence::check(rule, doc, gate, &mut facts.findings),
            (Reach::Document, Some(slot)) => {
                for i in 0..count {
                    let found = hits(doc, i, rule, gate);
                    if !found.is_empty() {
                        facts.marks[slot].push(i);
                    }
                    facts.hits[slot].extend(
                        found
                            .iter()
                            .map(|h| doc.to_original(h.lint.start)..doc.to_original(h.lint.end)),
                    );
                }
            }
            _ => continue,
        }
        if rule.allow_regex().is_some() {
            facts.allow.push((index, judge::allowed(rule, doc)));
        }
    }
    sort(&mut facts.findings);
    facts
}

/// Cuts the facts of a whole document into the chunks `pieces` (which tile its text),
/// with spans relative to each chunk. Sentences, findings and allow matches never cross
/// a blank line, so each lies in one chunk.
pub(super) fn distribute(facts: Facts, pieces: &[Piece], slots: usize) -> Vec<Facts> {
    let mut out: Vec<Facts> = pieces
        .iter()
        .map(|_| Facts {
            marks: vec![Vec::new(); slots],
            hits: vec![Vec::new(); slots],
            ..Facts::default()
        })
        .collect();
    let chunk_of = |at: usize| pieces.partition_point(|p| p.start <= at).saturating_sub(1);
    let base = |c: usize| pieces[c].start;
    let mut home = Vec::with_capacity(facts.sentences.len());
    for (span, words) in facts.sentences {
        let c = chunk_of(span.start);
        home.push((c, out[c].sentences.len()));
        out[c]
            .sentences
            .push((span.start - base(c)..span.end - base(c), words));
    }
    for p in facts.paragraphs {
        if let Some(&(c, local)) = home.get(p.start) {
            out[c].paragraphs.push(local..local + p.len());
        }
    }
    for mut f in facts.findings {
        let c = chunk_of(f.span.start);
        f.span = f.span.start - base(c)..f.span.end - base(c);
        out[c].findings.push(f);
    }
    for (slot, marks) in facts.marks.into_iter().enumerate() {
        for s in marks {
            if let Some(&(c, local)) = home.get(s) {
                out[c].marks[slot].push(local);
            }
        }
    }
    for (slot, hits) in facts.hits.into_iter().enumerate() {
        for h in hits {
            let c = chunk_of(h.start);
            out[c].hits[slot].push(h.start - base(c)..h.end - base(c));
        }
    }
    for (rule, allowed) in facts.allow {
        for f in &mut out {
            f.allow.push((rule, Vec::new()));
        }
        for a in allowed {
            let c = chunk_of(a.span.start);
            if let Some((_, local)) = out[c].allow.last_mut() {
                local.push(Allowed {
                    span: a.span.start - base(c)..a.span.end - base(c),
                    phrase: a.phrase,
                });
            }
        }
    }
    out
}

/// The whole document's sentences and paragraphs, put together from the chunks, for the
/// document-level rules.
pub(super) struct Whole {
    pub(super) spans: Vec<Range<usize>>,
    pub(super) words: Vec<usize>,
    pub(super) paragraphs: Vec<Range<usize>>,
    pub(super) word_count: usize,
}

impl Whole {
    pub(super) fn new(chunks: &[Chunk]) -> Self {
        let mut whole = Whole {
            spans: Vec::new(),
            words: Vec::new(),
            paragraphs: Vec::new(),
            word_count: 0,
        };
        for c in chunks {
            let base = whole.spans.len();
            for (span, words) in &c.facts.sentences {
                whole.spans.push(shift(span, c.start));
                whole.words.push(*words);
                whole.word_count += words;
            }
            whole
                .paragraphs
                .extend(c.facts.paragraphs.iter().map(|p| shift(p, base)));
        }
        whole
    }
}

impl Shape for Whole {
    fn paragraphs(&self) -> usize {
        self.paragraphs.len()
    }

    fn paragraph(&self, index: usize) -> Range<usize> {
        self.paragraphs[index].clone()
    }

    fn sentences(&self) -> usize {
        self.spans.len()
    }

    fn words(&self, index: usize) -> usize {
        self.words[index]
    }

    fn word_count(&self) -> usize {
        self.word_count
    }

    fn span(&self, index: usize) -> Range<usize> {
        self.spans[index].clone()
    }
}

pub(super) fn shift(r: &Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}
