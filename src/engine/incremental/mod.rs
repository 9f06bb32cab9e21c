//! Incremental checking for the editor: a document is cut at blank lines into *chunks*,
//! each chunk's share of the work (its sentences, their findings, which sentences match
//! each document-level rule) is cached, and after an edit only the chunks it touched are
//! parsed and matched again. Document-level rules (`limit`, `share`, `require`) are then
//! judged from the cached facts of every chunk, with the same code [`Linter::check`] uses.
//!
//! The result is always exactly [`Linter::check`] of the whole new text
//! (`tests/incremental.rs` checks it on random edit sequences). That holds because a
//! chunk is re-checked on its own only when nothing outside it can change how it is read,
//! nor it how anything else is read: the chunks replaced must have been *independent*
//! (plain prose, not masked, not the first chunk, not after an `… wrote:` line) and the
//! new ones must be plain prose too (see [`plain`]). Anything else — a fence, a quote
//! marker, a list, front matter, a signature delimiter, markup — falls back to checking
//! the whole text, which also re-derives every chunk's facts and independence.

mod facts;
mod text;

use std::ops::Range;
use std::sync::Arc;

use super::judge::{self, Matches, Reach};
use super::scan::Prefilter;
use super::{Linter, sentence, sort};
use crate::Finding;
use crate::document::{Document, DraftKind, Format};
use crate::rules::Rule;
use facts::{Facts, Whole, distribute, doc_facts, shift};
use text::{Piece, common_prefix, common_suffix, contains_wrote, ends_in_text, pieces, plain};

/// How the last [`Incremental::check`] got its result; for tests and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Nothing was checked yet.
    None,
    /// The whole text was parsed and checked.
    Full,
    /// Only this many new chunks were parsed and checked.
    Chunks(usize),
    /// The text had not changed.
    Unchanged,
}

/// One document's cached checking state, for a caller that checks successive versions
/// of the same document (the language server keeps one per open document).
#[derive(Debug)]
pub struct Incremental {
    /// The linter the facts came from (its prefilter is shared by its clones).
    prefilter: Option<Arc<Prefilter>>,
    format: Format,
    kind: DraftKind,
    /// Pack indices of the enabled `limit`, `share` and `require` rules that judge this
    /// kind of draft, in pack order; `Facts::marks` and `Facts::hits` follow it.
    slots: Vec<usize>,
    /// Whether no allow-list phrase spans a line break: an allow match could otherwise
    /// cross a chunk boundary, and chunks could not be checked alone.
    local_allow: bool,
    text: String,
    chunks: Vec<Chunk>,
    last: Update,
}

/// A run of non-blank lines and the blank lines after it.
#[derive(Debug)]
struct Chunk {
    /// Byte offset of the run in the text.
    start: usize,
    /// Length of the run and the blank lines after it: chunks tile the text.
    len: usize,
    /// The run is plain prose (see [`plain`]).
    plain: bool,
    /// The run can be replaced by chunks checked alone (see the module docs).
    independent: bool,
    facts: Facts,
}

impl Default for Incremental {
    fn default() -> Self {
        Incremental {
            prefilter: None,
            format: Format::Plain,
            kind: DraftKind::Letter,
            slots: Vec::new(),
            local_allow: false,
            text: String::new(),
            chunks: Vec::new(),
            last: Update::None,
        }
    }
}

impl Incremental {
    /// An engine with nothing cached: the first check parses the whole text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every finding of `linter` in `text`, exactly as
    /// `linter.check(&Document::new(text, format).with_kind(kind))` gives them, re-using
    /// what was cached for the previous text where that provably changes nothing.
    pub fn check(
        &mut self,
        linter: &Linter,
        text: &str,
        format: Format,
        kind: DraftKind,
    ) -> Vec<Finding> {
        let same = self
            .prefilter
            .as_ref()
            .is_some_and(|p| Arc::ptr_eq(p, &linter.prefilter))
            && self.format == format
            && self.kind == kind
            && self.local_allow;
        if !same || !self.try_chunks(linter, text) {
            self.full(linter, text, format, kind);
        }
        self.assemble(linter)
    }

    /// How the last check got its result.
    pub fn last_update(&self) -> Update {
        self.last
    }

    /// Parses and checks the whole text, and cuts the facts into chunks.
    fn full(&mut self, linter: &Linter, text: &str, format: Format, kind: DraftKind) {
        let rules = linter.pack.rules();
        self.slots = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.enabled() && r.applies_to(kind))
            .filter(|(_, r)| Reach::of(r.kind()) == Reach::Document)
            .map(|(i, _)| i)
            .collect();
        self.local_allow = rules
            .iter()
            .all(|r| r.allow().iter().all(|p| !p.trim().contains(['\n', '\r'])));
        self.prefilter = Some(linter.prefilter.clone());
        self.format = format;
        self.kind = kind;
        let doc = Document::new(text, format).with_kind(kind);
        let facts = doc_facts(linter, &doc, &self.slots);
        let (lead, mut pieces) = pieces(text, 0);
        match pieces.first_mut() {
            // The first chunk starts the text, leading blank lines included.
            Some(first) => {
                first.start = 0;
                first.body += lead;
                first.len += lead;
            }
            None => pieces.push(Piece {
                start: 0,
                body: text.len(),
                len: text.len(),
            }),
        }
        let mut parts = distribute(facts, &pieces, self.slots.len());
        let masked = doc.masked();
        let mut m = 0;
        let mut chunks = Vec::with_capacity(pieces.len());
        let mut after_wrote = false;
        for (k, piece) in pieces.iter().enumerate() {
            let body = &text[piece.start..piece.start + piece.body];
            let is_plain = plain(body);
            while m < masked.len() && masked[m].end <= piece.start {
                m += 1;
            }
            let unmasked = masked
                .get(m)
                .is_none_or(|r| r.start >= piece.start + piece.body);
            chunks.push(Chunk {
                start: piece.start,
                len: piece.len,
                plain: is_plain,
                independent: k > 0 && is_plain && unmasked && !after_wrote,
                facts: std::mem::take(&mut parts[k]),
            });
            // A quoted reply's `… wrote:` line is masked or not by what follows it.
            after_wrote = contains_wrote(body);
        }
        self.chunks = chunks;
        self.text.clear();
        self.text.push_str(text);
        self.last = Update::Full;
    }

    /// Re-checks only the chunks an edit touched, when that is sure to give the same
    /// result as checking the whole text; `false` (with nothing changed) otherwise.
    fn try_chunks(&mut self, linter: &Linter, text: &str) -> bool {
        let old = self.text.as_str();
        if old == text {
            self.last = Update::Unchanged;
            return true;
        }
        let p = common_prefix(old.as_bytes(), text.as_bytes());
        let s = common_suffix(
            old.as_bytes(),
            text.as_bytes(),
            old.len().min(text.len()) - p,
        );
        let q_old = old.len() - s;
        // The first chunk (front matter, email headers, a byte-order mark) is never
        // checked alone.
        let i = self
            .chunks
            .partition_point(|c| c.start <= p)
            .saturating_sub(1);
        if i == 0 {
            return false;
        }
        let mut j = self
            .chunks
            .partition_point(|c| c.start <= q_old)
            .saturating_sub(1);
        let start = self.chunks[i].start;
        // The edited region in the new text, grown until the chunk after it still
        // follows a blank line (else it would join the region's last paragraph). Its
        // ends are line starts in unchanged text, so character boundaries; should that
        // ever not hold, the whole text is checked rather than a slice panicking.
        let region = loop {
            let end_old = self.chunks[j].start + self.chunks[j].len;
            let Some(region) = text.get(start..end_old + text.len() - old.len()) else {
                return false;
            };
            if j + 1 < self.chunks.len() && ends_in_text(region) {
                j += 1;
                continue;
            }
            break region;
        };
        if !self.chunks[i..=j].iter().all(|c| c.independent) {
            return false;
        }
        let (lead, new) = pieces(region, start);
        if !new
            .iter()
            .all(|piece| plain(&text[piece.start..piece.start + piece.body]))
        {
            return false;
        }
        // With the region gone, the next chunk follows an unchanged one: fine only when
        // it is plain prose, which reads the same after anything.
        if new.is_empty() && self.chunks.get(j + 1).is_some_and(|c| !c.plain) {
            return false;
        }
        let format = match self.format {
            // Email headers are in the first chunk; the rest of a message is plain text.
            Format::Email => Format::Plain,
            other => other,
        };
        let chunks: Vec<Chunk> = new
            .iter()
            .map(|piece| {
                let body = &text[piece.start..piece.start + piece.body];
                let doc = Document::new(body, format).with_kind(self.kind);
                Chunk {
                    start: piece.start,
                    len: piece.len,
                    plain: true,
                    independent: true,
                    facts: doc_facts(linter, &doc, &self.slots),
                }
            })
            .collect();
        let added = chunks.len();
        self.chunks[i - 1].len += lead;
        self.chunks.splice(i..=j, chunks);
        for c in &mut self.chunks[i + added..] {
            c.start = c.start + text.len() - old.len();
        }
        self.text.clear();
        self.text.push_str(text);
        self.last = Update::Chunks(added);
        true
    }

    /// The document's findings from every chunk's facts, as [`Linter::check`] orders them.
    fn assemble(&self, linter: &Linter) -> Vec<Finding> {
        let rules = linter.pack.rules();
        let total: usize = self.chunks.iter().map(|c| c.facts.findings.len()).sum();
        let mut out = Vec::with_capacity(total + self.slots.len());
        for c in &self.chunks {
            for f in &c.facts.findings {
                let allowed = c.facts.allow.iter().any(|(rule, allowed)| {
                    rules.get(*rule).is_some_and(|r| *r.id() == f.rule)
                        && judge::silencer(allowed, 0, &f.span).is_some()
                });
                if !allowed {
                    let mut f = f.clone();
                    f.span = f.span.start + c.start..f.span.end + c.start;
                    out.push(f);
                }
            }
        }
        let whole = Whole::new(&self.chunks);
        let mut extra = Vec::new();
        for (slot, &index) in self.slots.iter().enumerate() {
            let Some(rule) = rules.get(index) else {
                continue;
            };
            let cached = Cached {
                chunks: &self.chunks,
                whole: &whole,
                slot,
                marked: std::cell::OnceCell::new(),
            };
            let Some(found) = judge::judge(rule, &cached) else {
                continue;
            };
            let allowed = self.chunks.iter().any(|c| {
                c.facts.allow.iter().any(|(rule, allowed)| {
                    *rule == index && judge::silencer(allowed, c.start, &found.span).is_some()
                })
            });
            if !allowed {
                extra.push(found);
            }
        }
        // Each chunk's findings are sorted and chunks do not overlap, so `out` is
        // sorted; the few document-level findings go where the sort would put them.
        if extra.is_empty() {
            return out;
        }
        out.extend(extra);
        sort(&mut out);
        out
    }
}

/// A document-level rule's matches, from every chunk's cached facts.
struct Cached<'a> {
    chunks: &'a [Chunk],
    whole: &'a Whole,
    slot: usize,
    /// Whether each sentence of the whole text matches, worked out once when asked.
    marked: std::cell::OnceCell<Vec<bool>>,
}

impl Matches for Cached<'_> {
    type Shape = Whole;

    fn shape(&self) -> &Whole {
        self.whole
    }

    fn limit(&self, rule: &Rule) -> Option<Finding> {
        let all: Vec<Range<usize>> = self
            .chunks
            .iter()
            .flat_map(|c| c.facts.hits[self.slot].iter().map(|h| shift(h, c.start)))
            .collect();
        sentence::limit_judge(rule, &all)
    }

    fn matches(&self, _: &Rule, index: usize) -> bool {
        let marked = self.marked.get_or_init(|| {
            let mut marked = vec![false; self.whole.spans.len()];
            let mut base = 0;
            for c in self.chunks {
                for &s in &c.facts.marks[self.slot] {
                    marked[base + s] = true;
                }
                base += c.facts.sentences.len();
            }
            marked
        });
        marked[index]
    }
}
