//! The linter: a compiled pack applied to a [`Document`], giving [`Finding`]s. One module
//! per way of judging a letter; all of them share [`matching`].

mod context;
mod incremental;
mod judge;
mod matching;
mod outline;
mod require;
mod roles;
mod scan;
mod sentence;
mod share;

use std::sync::Arc;

use crate::Finding;
use crate::document::Document;
use crate::rules::{Pack, Role, RoleModel, Rule};
pub use incremental::{Incremental, Update};
use judge::{Live, Reach};
pub use matching::learned_excused;
pub use outline::{Part, Section};
pub use scan::Gate;
use scan::Prefilter;

/// Checks documents against a pack. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Linter {
    pack: Pack,
    roles: RoleModel,
    prefilter: Arc<Prefilter>,
}

impl Linter {
    pub fn new(pack: Pack) -> Self {
        // The role file is built in and tested; if it ever failed to compile, sentences
        // would all be labelled `other` rather than the checker failing.
        let roles = RoleModel::new(pack.context()).unwrap_or_else(|e| {
            tracing::error!("sentence roles unavailable: {e}");
            RoleModel::default()
        });
        let prefilter = Arc::new(Prefilter::new(&pack, &roles));
        Linter {
            pack,
            roles,
            prefilter,
        }
    }

    /// The part each sentence of `doc` plays in the letter, one role per sentence.
    pub fn roles(&self, doc: &Document) -> Vec<Role> {
        let scan = self.prefilter.scan(doc);
        roles::label(&self.roles, doc, |group| {
            Gate::new(&scan, self.prefilter.role_offset(group))
        })
    }

    /// The letter's parts (opening, explanation, amends, closing…) where they can be
    /// told apart; empty for a short message.
    pub fn outline(&self, doc: &Document) -> Vec<Section> {
        outline::outline(doc, &self.roles(doc))
    }

    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// Every finding of every enabled rule, sorted by position, then rule id.
    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        self.check_noting_allowed(doc, &mut Vec::new())
    }

    /// [`Linter::check`] with every pattern run on every sentence and every phrase tried
    /// at every word: the reference the prefilter and the phrases' shortcuts must agree
    /// with, used by tests and benchmarks.
    pub fn check_without_prefilter(&self, doc: &Document) -> Vec<Finding> {
        let mut out = Vec::new();
        for rule in self.pack.rules().iter().filter(|r| r.enabled()) {
            check_rule_noting_allowed(rule, doc, Gate::EXHAUSTIVE, &mut out, &mut Vec::new());
        }
        sort(&mut out);
        out
    }

    /// [`Linter::roles`] with every pattern run on every sentence (see above).
    pub fn roles_without_prefilter(&self, doc: &Document) -> Vec<Role> {
        roles::label(&self.roles, doc, |_| Gate::EXHAUSTIVE)
    }

    /// [`Linter::check`], also noting in `allowed` each (rule, allow-list index) that
    /// silenced a finding, so allow entries that no longer match anything can be listed.
    pub fn check_noting_allowed(
        &self,
        doc: &Document,
        allowed: &mut Vec<(Arc<str>, usize)>,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let scan = self.prefilter.scan(doc);
        for (i, rule) in self.pack.rules().iter().enumerate() {
            if rule.enabled() {
                let gate = Gate::new(&scan, self.prefilter.rule_offset(i));
                check_rule_noting_allowed(rule, doc, gate, &mut out, allowed);
            }
        }
        sort(&mut out);
        out
    }
}

/// What the document-level rules (`share`, `require`) look at: paragraphs of sentences
/// with their word counts and spans. A [`Document`] has one; so do the incremental
/// engine's cached chunks, put together, without a document of the whole text.
pub(crate) trait Shape {
    fn paragraphs(&self) -> usize;
    /// The sentences of paragraph `index`.
    fn paragraph(&self, index: usize) -> std::ops::Range<usize>;
    fn sentences(&self) -> usize;
    /// Words in sentence `index`.
    fn words(&self, index: usize) -> usize;
    fn word_count(&self) -> usize;
    /// Sentence `index` in the original text.
    fn span(&self, index: usize) -> std::ops::Range<usize>;
}

impl Shape for Document {
    fn paragraphs(&self) -> usize {
        Document::paragraphs(self).len()
    }

    fn paragraph(&self, index: usize) -> std::ops::Range<usize> {
        Document::paragraphs(self)[index].sentences.clone()
    }

    fn sentences(&self) -> usize {
        Document::sentences(self).len()
    }

    fn words(&self, index: usize) -> usize {
        Document::sentences(self)[index].words.len()
    }

    fn word_count(&self) -> usize {
        Document::word_count(self)
    }

    fn span(&self, index: usize) -> std::ops::Range<usize> {
        Document::sentences(self)[index].span.clone()
    }
}

/// Findings by position, then rule id.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
}

/// Applies one rule to a document, appending its findings, minus any that overlap a
/// phrase on the rule's allow list.
pub fn check_rule(rule: &Rule, doc: &Document, out: &mut Vec<Finding>) {
    check_rule_noting_allowed(rule, doc, Gate::OPEN, out, &mut Vec::new());
}

/// [`check_rule`], noting in `allowed` which allow-list phrases silenced a finding.
fn check_rule_noting_allowed(
    rule: &Rule,
    doc: &Document,
    gate: Gate,
    out: &mut Vec<Finding>,
    allowed: &mut Vec<(Arc<str>, usize)>,
) {
    // A rule limited to letters or to follow-ups (`applies-to`) passes over other drafts.
    if !rule.applies_to(doc.kind()) {
        return;
    }
    let first = out.len();
    match Reach::of(rule.kind()) {
        Reach::Sentence => sentence::check(rule, doc, gate, out),
        Reach::Document => out.extend(judge::judge(rule, &Live { doc, gate })),
        // Series rules judge a folder of dated drafts, not one document: `crate::series`.
        Reach::Series => {}
    }
    judge::filter(rule, doc, out, first, allowed);
}

/// Whether any sentence of `doc` holds a match of `rule`'s patterns that its `unless`
/// patterns and negation setting leave standing: the yes-or-no question a `revisit` rule
/// asks of each follow-up (has it come back to the mistake?).
pub fn any_match(rule: &Rule, doc: &Document) -> bool {
    (0..doc.sentences().len()).any(|i| !matching::hits(doc, i, rule, Gate::OPEN).is_empty())
}

/// Fills `{name}` values into a rule's message, for kinds that count things.
pub(crate) fn fill(message: &str, values: &[(&str, String)]) -> String {
    let mut out = message.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::rules::Context;

    fn rule(extra: &str) -> Rule {
        let source = format!(
            "id = \"demo\"\nlevel = \"warning\"\nkind = \"pattern\"\nmessage = \"rule message\"\nexplanation = \"e\"\n{extra}"
        );
        Rule::parse("demo.toml", Some("demo"), &source, &Context::default()).unwrap()
    }

    fn found(rule: &Rule, text: &str) -> Vec<(String, String)> {
        let doc = Document::new(text, Format::Plain);
        let mut out = Vec::new();
        check_rule(rule, &doc, &mut out);
        out.into_iter()
            .map(|f| (doc.text()[f.span].to_string(), f.message))
            .collect()
    }

    #[test]
    fn negation_suppress_skips_matches_a_negation_governs() {
        let plain = rule("patterns = ['{your} fault', '{you} made me do it']");
        let negating =
            rule("negation = \"suppress\"\npatterns = ['{your} fault', '{you} made me do it']");
        let text = "It was never your fault. I won't pretend you made me do it.";
        assert_eq!(found(&plain, text).len(), 2);
        assert!(found(&negating, text).is_empty());
        assert_eq!(
            found(&negating, "I didn't want to, but you made me do it.").len(),
            1
        );
    }

    #[test]
    fn clause_scoped_unless_only_excuses_its_own_clause() {
        let sentence_wide = rule("patterns = ['call me tonight']\nunless = ['whenever']");
        let clause = rule(
            "patterns = ['call me tonight']\nunless = ['whenever']\nunless-scope = \"clause\"",
        );
        let text = "Call me tonight, whenever you get off work.";
        assert!(found(&sentence_wide, text).is_empty());
        assert_eq!(found(&clause, text).len(), 1);
        assert!(found(&clause, "Call me tonight whenever you like.").is_empty());
    }

    #[test]
    fn a_before_scoped_exception_governs_what_follows_it_only() {
        let before = rule(
            "phrases = ['I was lonely']\nexcept = ['only ...3 because']\nunless-scope = \"before\"",
        );
        assert!(
            found(
                &before,
                "I only did it because you went cold, and I was lonely."
            )
            .is_empty()
        );
        assert_eq!(
            found(
                &before,
                "I was lonely, and I only said so because you asked."
            )
            .len(),
            1
        );
    }

    #[test]
    fn the_next_sentence_of_the_paragraph_can_excuse_a_match() {
        let r = rule("phrases = ['I was drunk']\nexcept-next = ['^ that is no excuse']");
        assert!(found(&r, "I was drunk. That is no excuse.").is_empty());
        assert_eq!(found(&r, "I was drunk. I hope you see.").len(), 1);
        // Only the very next sentence, and only in the same paragraph.
        assert_eq!(found(&r, "I was drunk. Sorry. That is no excuse.").len(), 1);
        assert_eq!(found(&r, "I was drunk.\n\nThat is no excuse.").len(), 1);
    }

    #[test]
    fn matches_in_one_sentence_are_one_finding_with_the_most_specific_message() {
        let r = rule(
            "patterns = ['i cant eat', { pattern = 'nothing without {you}', message = 'own message' }]",
        );
        assert_eq!(
            found(&r, "i cant eat, im nothing without u. i cant eat"),
            [
                (
                    "i cant eat, im nothing without u".to_string(),
                    "own message".to_string()
                ),
                ("i cant eat".to_string(), "rule message".to_string())
            ]
        );
    }

    #[test]
    fn an_allow_list_silences_only_its_own_rules_findings() {
        let source = |id: &str, pattern: &str| {
            format!(
                "id = \"{id}\"\nlevel = \"warning\"\nkind = \"pattern\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = ['{pattern}']\n"
            )
        };
        let (a, b) = (source("a", "you made me"), source("b", "made me do it"));
        let (mut pack, errors) = Pack::from_files(
            [
                ("a.toml", "a.toml", a.as_str()),
                ("b.toml", "b.toml", b.as_str()),
            ],
            &Context::default(),
        );
        assert!(errors.is_empty());
        pack.get_mut("b")
            .unwrap()
            .set_allow(vec!["made me do it".into()]);
        let doc = Document::new("Then you made me do it.", Format::Plain);
        let rules: Vec<String> = Linter::new(pack)
            .check(&doc)
            .into_iter()
            .map(|f| f.rule.to_string())
            .collect();
        // `b` is silenced by its own list; `a`, overlapping the same words, is not.
        assert_eq!(rules, ["a"]);
    }

    #[test]
    fn the_allow_list_silences_only_overlapping_findings() {
        let mut r = rule("patterns = ['{you} made me']");
        r.set_allow(vec!["You made me promise".into()]);
        assert_eq!(
            found(&r, "You made me promise. Then you made me leave.").len(),
            1
        );
    }
}
