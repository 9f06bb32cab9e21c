//! A rule's own examples, run: each example is checked by its rule alone and must be
//! flagged or not as the rule file says (`amends test-rules`, `tests/rule_examples.rs`).
//! Above the engine and the series, which it drives both: a series rule's example is a
//! follow-up in a series of two.

use crate::engine::check_rule;
use crate::rules::{Example, Find, Phrase, RoleModel, Rule};
use crate::series::{Draft, Series, Stamp};
use crate::{Document, Format, Pack};

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

/// Runs a rule's own examples, each checked by that rule alone. An example is read as
/// the kind of draft the rule applies to; a series rule's example is a follow-up in a
/// series of two (see [`series_example_flagged`]).
///
/// With learned weights, an example must come out the same with them and with the
/// phrases alone: the weights were trained on the examples, so they could hide a broken
/// phrase (a problem found only by them, an explanation recognised only by them), and they
/// must not turn a right answer of the phrases wrong.
pub fn run_examples(rule: &Rule) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    let mut ways = vec![rule.clone()];
    if rule.learned().is_some() {
        let mut phrases_alone = rule.clone();
        let off = toml::Value::Boolean(false);
        // Cannot fail: the rule has weights, so it takes the setting.
        let _ = phrases_alone.set_param("learned", &off, &crate::rules::Origin::CommandLine);
        ways.push(phrases_alone);
    }
    for (index, example) in rule.examples().iter().enumerate() {
        let format = example_format(example);
        let wrong = ways.iter().any(|rule| {
            let flagged = if rule.kind().is_series() {
                series_example_flagged(rule, example, format)
            } else {
                let doc = Document::new(example.text.as_str(), format)
                    .with_kind(rule.applies_to_kind().unwrap_or_default());
                let mut found = Vec::new();
                check_rule(rule, &doc, &mut found);
                !found.is_empty()
            };
            flagged != example.flagged
        });
        if wrong {
            failures.push(ExampleFailure {
                rule: rule.id().to_string(),
                index,
                text: example.text.clone(),
                expected_flagged: example.flagged,
            });
        }
    }
    failures
}

/// The phrases of `rule` that find none of its flagged examples: each phrase should be the
/// one that catches some example, or a reader cannot tell what it is for (and a typo in it
/// goes unnoticed). Phrases a rule takes from a sentence role of `roles` are left out: the
/// role's own examples test them. Phrases match one sentence at a time, as in a check.
pub fn untested_phrases<'r>(rule: &'r Rule, roles: &RoleModel) -> Vec<&'r str> {
    let of_roles: Vec<&str> = roles
        .groups()
        .flat_map(|(_, role)| &role.finds)
        .filter_map(phrase_of)
        .map(Phrase::as_str)
        .collect();
    let sentences: Vec<String> = rule
        .examples()
        .iter()
        .filter(|e| e.flagged)
        .flat_map(|e| {
            let doc = Document::new(e.text.as_str(), example_format(e));
            doc.sentences()
                .iter()
                .map(|s| doc.sentence_lint(s).to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    rule.matchers()
        .iter()
        .filter_map(|m| phrase_of(&m.find))
        .filter(|p| !of_roles.contains(&p.as_str()))
        .filter(|p| !sentences.iter().any(|text| p.is_match(text)))
        .map(|p| p.as_str())
        .collect()
}

fn phrase_of(find: &Find) -> Option<&Phrase> {
    match find {
        Find::Phrase(p) => Some(p),
        Find::Regex(_) => None,
    }
}

/// The format an example is written in (`format = "markdown"`), plain when not given.
fn example_format(example: &Example) -> Format {
    example
        .format
        .as_deref()
        .and_then(|f| f.parse().ok())
        .unwrap_or(Format::Plain)
}

/// Whether a series rule flags its example: the example's text as a follow-up dated
/// `after-days` days after a first letter (sent), judged by that rule alone.
fn series_example_flagged(rule: &Rule, example: &Example, format: Format) -> bool {
    let days = i64::from(example.after_days.unwrap_or(0));
    let name = |day: i64, what: &str| format!("{}-{what}.txt", Stamp::from_day(day));
    let drafts = [
        Draft {
            name: name(0, "1-letter"),
            format: Format::Plain,
            text: "Dear Sam,\n\nI'm sorry for what I did.\n".into(),
        },
        Draft {
            name: name(days, "2-follow-up"),
            format,
            text: example.text.clone(),
        },
    ];
    let mut pack = Pack::default();
    pack.insert(rule.clone());
    let series = Series::new(&drafts, &pack);
    let Some(index) = series.position(&drafts[1].name) else {
        return false;
    };
    let doc = drafts[1].document(series.entries()[index].kind);
    !series.findings_for(&pack, index, &doc).is_empty()
}
