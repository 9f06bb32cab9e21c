//! The linter: a compiled pack applied to a [`Document`], giving [`Finding`]s. One module
//! per way of judging a letter; all of them share [`matching`].

mod matching;
mod require;
mod sentence;
mod share;

use crate::document::Document;
use crate::rules::{Kind, Pack, Rule};
use crate::{Finding, Format};

/// Checks documents against a pack. Cheap to share between threads.
#[derive(Debug, Clone)]
pub struct Linter {
    pack: Pack,
}

impl Linter {
    pub fn new(pack: Pack) -> Self {
        Linter { pack }
    }

    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// Every finding of every enabled rule, sorted by position, then rule id.
    pub fn check(&self, doc: &Document) -> Vec<Finding> {
        let mut out = Vec::new();
        for rule in self.pack.rules().iter().filter(|r| r.enabled) {
            check_rule(rule, doc, &mut out);
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        out
    }
}

/// Applies one rule to a document, appending its findings, minus any that overlap a
/// phrase on the rule's allow list.
pub fn check_rule(rule: &Rule, doc: &Document, out: &mut Vec<Finding>) {
    let first = out.len();
    match rule.kind {
        Kind::Pattern | Kind::Swap => sentence::check(rule, doc, out),
        Kind::Limit => sentence::limit(rule, doc, out),
        Kind::Share => share::check(rule, doc, out),
        Kind::Require => require::check(rule, doc, out),
    }
    let Some(allow) = rule.allow_regex().filter(|_| out.len() > first) else {
        return;
    };
    let allowed: Vec<_> = allow
        .find_iter(doc.lint_text())
        .map(|m| doc.to_original(m.start())..doc.to_original(m.end()))
        .collect();
    let mut index = first;
    out.retain(|f| {
        let keep = index < first
            || !allowed
                .iter()
                .any(|a| a.start < f.span.end && f.span.start < a.end);
        index += 1;
        keep
    });
}

/// An example of a rule whose outcome was not the one its file promised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    /// Index into the rule's examples.
    pub index: usize,
    pub text: String,
    /// What the file said: should the rule flag it?
    pub expected_flagged: bool,
}

/// Runs a rule's own examples, each checked by that rule alone.
pub fn run_examples(rule: &Rule) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (index, example) in rule.examples.iter().enumerate() {
        let format = example
            .format
            .as_deref()
            .and_then(|f| f.parse().ok())
            .unwrap_or(Format::Plain);
        let doc = Document::new(example.text.as_str(), format);
        let mut found = Vec::new();
        check_rule(rule, &doc, &mut found);
        if found.is_empty() == example.flagged {
            failures.push(ExampleFailure {
                rule: rule.id.to_string(),
                index,
                text: example.text.clone(),
                expected_flagged: example.flagged,
            });
        }
    }
    failures
}

/// Fills `{name}` values into a rule's message, for kinds that count things.
fn fill(message: &str, values: &[(&str, String)]) -> String {
    let mut out = message.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}
