//! How each kind of rule is judged, and what its allow list silences: one definition for
//! the whole check ([`super::Linter::check`]) and the incremental one
//! ([`super::Incremental`]), which differ only in where a document's matches come from
//! (a [`Document`] checked now, or chunks cached from earlier versions).

use std::ops::Range;
use std::sync::Arc;

use super::matching::hits;
use super::scan::Gate;
use super::{Shape, require, sentence, share};
use crate::Finding;
use crate::document::Document;
use crate::rules::{Kind, Rule};

/// What a rule of each kind looks at: the one dispatch on rule kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// `pattern`, `swap`: each sentence on its own, one finding per occurrence.
    Sentence,
    /// `limit`, `share`, `require`: the matches of the whole document, judged together
    /// by [`judge`].
    Document,
    /// `gap`, `revisit`: a folder of dated drafts, judged by `crate::series`; the
    /// per-document engine passes over them.
    Series,
}

impl Reach {
    pub(crate) fn of(kind: Kind) -> Reach {
        match kind {
            Kind::Pattern | Kind::Swap => Reach::Sentence,
            Kind::Limit | Kind::Share | Kind::Require => Reach::Document,
            Kind::Gap | Kind::Revisit => Reach::Series,
        }
    }
}

/// Where a document-level rule's matches come from.
pub(crate) trait Matches {
    type Shape: Shape;
    /// The document's paragraphs and sentences.
    fn shape(&self) -> &Self::Shape;
    /// A `limit` rule's finding: its matches (original spans, in order) judged by
    /// [`sentence::limit_judge`].
    fn limit(&self, rule: &Rule) -> Option<Finding>;
    /// Whether sentence `index` holds a match of the rule.
    fn matches(&self, rule: &Rule, index: usize) -> bool;
}

/// The finding of a document-level rule ([`Reach::Document`]), if it has one.
pub(crate) fn judge(rule: &Rule, m: &impl Matches) -> Option<Finding> {
    match rule.kind() {
        Kind::Limit => m.limit(rule),
        Kind::Share => share::judge(rule, m.shape(), || {
            (0..m.shape().sentences())
                .map(|i| m.matches(rule, i))
                .collect()
        }),
        Kind::Require => require::judge(rule, m.shape(), |i| m.matches(rule, i)),
        Kind::Pattern | Kind::Swap | Kind::Gap | Kind::Revisit => None,
    }
}

/// A document being checked now: matches are found as the judgement asks for them (a
/// `share` or `require` rule on a letter too short to judge runs no pattern at all).
pub(crate) struct Live<'a> {
    pub doc: &'a Document,
    pub gate: Gate<'a>,
}

impl Matches for Live<'_> {
    type Shape = Document;

    fn shape(&self) -> &Document {
        self.doc
    }

    fn limit(&self, rule: &Rule) -> Option<Finding> {
        let mut out = Vec::new();
        sentence::limit(rule, self.doc, self.gate, &mut out);
        out.pop()
    }

    fn matches(&self, rule: &Rule, index: usize) -> bool {
        !hits(self.doc, index, rule, self.gate).is_empty()
    }
}

/// One place an allow-list phrase occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Allowed {
    /// Bytes of the original text.
    pub span: Range<usize>,
    /// Which phrase of [`Rule::allow`] it is.
    pub phrase: Option<usize>,
}

/// Where `rule`'s allow-list phrases occur in `doc`; empty for a rule without any.
pub(crate) fn allowed(rule: &Rule, doc: &Document) -> Vec<Allowed> {
    let Some(allow) = rule.allow_regex() else {
        return Vec::new();
    };
    allow
        .find_iter(doc.lint_text())
        .map(|m| Allowed {
            span: doc.to_original(m.start())..doc.to_original(m.end()),
            phrase: rule.allow_index(m.as_str()),
        })
        .collect()
}

/// The occurrence of an allowed phrase that silences a finding at `span`: one that
/// overlaps it. `shift` moves the occurrences' spans first (a cached chunk's are relative
/// to the chunk).
pub(crate) fn silencer<'a>(
    allowed: &'a [Allowed],
    shift: usize,
    span: &Range<usize>,
) -> Option<&'a Allowed> {
    allowed
        .iter()
        .find(|a| a.span.start + shift < span.end && span.start < a.span.end + shift)
}

/// Removes the findings `rule`'s allow list silences from `out[first..]` (the rule's
/// own findings: an allow list silences no other rule), noting in `noted` each (rule,
/// allow-list index) that silenced one.
pub(crate) fn filter(
    rule: &Rule,
    doc: &Document,
    out: &mut Vec<Finding>,
    first: usize,
    noted: &mut Vec<(Arc<str>, usize)>,
) {
    if out.len() <= first {
        return;
    }
    let allowed = allowed(rule, doc);
    if allowed.is_empty() {
        return;
    }
    let mut index = 0;
    out.retain(|f| {
        let silencer = (index >= first)
            .then(|| silencer(&allowed, 0, &f.span))
            .flatten();
        index += 1;
        if let Some(phrase) = silencer.and_then(|a| a.phrase) {
            noted.push((rule.id().clone(), phrase));
        }
        silencer.is_none()
    });
}
