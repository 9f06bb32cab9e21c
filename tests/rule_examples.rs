//! Every example in every built-in rule file, and the promises the default pack makes.

use amends::engine::check_rule;
use amends::examples::{run_examples, untested_phrases};
use amends::rules::Find;
use amends::{Document, Format, Kind, Pack};

/// The rules of the guidance, letters and follow-ups, with their levels, and the safety
/// rule the guidance asks for beside them.
const GUIDANCE_RULES: [(&str, &str); 18] = [
    ("self-harm", "warning"),
    ("blame-shifting", "error"),
    ("counter-accusation", "warning"),
    ("conditional-apology", "warning"),
    ("excuse", "warning"),
    ("minimizing", "warning"),
    ("dwelling-on-details", "warning"),
    ("pressure", "warning"),
    ("ultimatum-threat", "error"),
    ("guilt-trip", "warning"),
    ("pathos", "warning"),
    ("rushing-reconciliation", "warning"),
    ("negotiating-amends", "warning"),
    ("missing-explanation", "info"),
    ("missing-closing-invitation", "info"),
    ("contact-too-frequent", "warning"),
    ("expensive-gesture", "info"),
    ("revisit-the-mistake", "hint"),
];

fn builtin() -> Pack {
    let (pack, errors) = Pack::builtin(&amends::rules::Context::default());
    assert!(
        errors.is_empty(),
        "built-in rule files must compile:\n{errors:#?}"
    );
    pack
}

#[test]
fn every_example_of_every_builtin_rule_holds() {
    let pack = builtin();
    let failures: Vec<String> = pack
        .rules()
        .iter()
        .flat_map(run_examples)
        .map(|f| {
            let want = if f.expected_flagged {
                "should be flagged"
            } else {
                "should not be flagged"
            };
            format!("{} example {}: {want}: {:?}", f.rule, f.index + 1, f.text)
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing examples:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_default_pack_has_every_guidance_rule_at_its_level() {
    let pack = builtin();
    for (id, level) in GUIDANCE_RULES {
        let rule = pack
            .get(id)
            .unwrap_or_else(|| panic!("rule `{id}` is missing from rules/"));
        assert_eq!(rule.level().name(), level, "level of `{id}`");
    }
}

#[test]
fn every_rule_has_enough_examples_both_ways() {
    for rule in builtin().rules() {
        let flagged = rule.examples().iter().filter(|e| e.flagged).count();
        let clean = rule.examples().len() - flagged;
        assert!(
            flagged >= 8 && clean >= 8,
            "`{}` has {flagged} flagged and {clean} clean examples; each needs 8",
            rule.id()
        );
        assert!(!rule.explanation().trim().is_empty() && !rule.message().trim().is_empty());
        if rule.kind().is_series() {
            // A series rule's examples sit on both sides of its threshold.
            let days = |flagged: bool| -> Vec<u32> {
                let mut d: Vec<u32> = rule
                    .examples()
                    .iter()
                    .filter(|e| e.flagged == flagged)
                    .filter_map(|e| e.after_days)
                    .collect();
                d.sort_unstable();
                d
            };
            let threshold = match rule.kind() {
                Kind::Gap => rule.params().min_gap_days,
                _ => rule.params().revisit_after_days,
            };
            let (flagged, clean) = (days(true), days(false));
            let near = |list: &[u32]| list.iter().any(|&d| d.abs_diff(threshold) <= 1);
            assert!(
                near(&flagged) && near(&clean),
                "`{}` needs examples a day either side of {threshold} days: {flagged:?} / {clean:?}",
                rule.id()
            );
        }
        if rule.kind() == Kind::Swap {
            // A swap rule exists to offer a rewrite: every flagged example gets one, unless
            // only the rule's flag-only phrases find it.
            for example in rule.examples().iter().filter(|e| e.flagged) {
                let doc = Document::new(example.text.as_str(), Format::Plain);
                let mut found = Vec::new();
                check_rule(rule, &doc, &mut found);
                let by_phrase = rule
                    .matchers()
                    .iter()
                    .any(|m| matches!(m.find, Find::Phrase(_)) && m.find.is_match(&example.text));
                assert!(
                    by_phrase || found.iter().all(|f| !f.fixes.is_empty()),
                    "`{}` offers no rewrite for {:?}",
                    rule.id(),
                    example.text
                );
            }
        }
    }
}

/// Built-in patterns are compiled on first use; each must compile, or it would silently
/// never match.
#[test]
fn every_builtin_pattern_compiles() {
    let linter = amends::Linter::new(amends::Pack::builtin(&Default::default()).0);
    let mut count = 0;
    for rule in linter.pack().rules() {
        let regexes = rule.matchers().iter().filter_map(|m| match &m.find {
            Find::Regex(p) => Some(&p.regex),
            Find::Phrase(_) => None,
        });
        for regex in regexes.chain(rule.unless()) {
            assert!(regex.get().is_some(), "{}: {}", rule.id(), regex.as_str());
            count += 1;
        }
    }
    assert!(count > 0, "no regular expression was checked");
}

/// Every phrase of a built-in rule is the one that finds at least one of the rule's
/// flagged examples, so no phrase is dead weight a reader has to puzzle over.
#[test]
fn every_builtin_phrase_finds_a_flagged_example() {
    let pack = amends::Pack::builtin(&Default::default()).0;
    let roles = amends::rules::RoleModel::new(&Default::default()).unwrap();
    let dead: Vec<String> = pack
        .rules()
        .iter()
        .flat_map(|rule| {
            untested_phrases(rule, &roles)
                .into_iter()
                .map(move |p| format!("{}: {p}", rule.id()))
        })
        .collect();
    assert!(
        dead.is_empty(),
        "phrases no flagged example uses (add an example, or remove the phrase):\n{}",
        dead.join("\n")
    );
}
