//! `amends rules`, `amends explain` and `amends test-rules`: seeing, learning and testing
//! the rule set.

use std::path::{Path, PathBuf};

use super::{ConfigArgs, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE, report_problem};
use crate::config::{PackFile, discover};
use crate::examples::{run_examples, untested_phrases};
use crate::rules::{Context, RoleModel};
use crate::suggest::did_you_mean;
use crate::{FileError, Linter, Pack};

/// The linter for `path` (default: the current folder), or exit status 2 after saying why.
fn load(path: Option<&Path>, args: &ConfigArgs) -> Result<Linter, u8> {
    let (_, linter, errors) = discover::load(path.unwrap_or(Path::new(".")), &args.options());
    report_all(&errors);
    if errors.is_empty() {
        Ok(linter)
    } else {
        Err(EXIT_TROUBLE)
    }
}

fn report_all(errors: &[FileError]) {
    for e in errors {
        report_problem(e);
    }
}

pub fn list(path: Option<&Path>, args: &ConfigArgs) -> u8 {
    let linter = match load(path, args) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let rules = linter.pack().rules();
    let width = rules.iter().map(|r| r.id().len()).max().unwrap_or(0);
    for rule in rules {
        let state = if rule.enabled() {
            rule.level().name()
        } else {
            "off"
        };
        let origin = if rule.origin().starts_with("built-in:") {
            "built-in"
        } else {
            rule.origin()
        };
        println!(
            "{:width$}  {state:7}  {:7}  {origin}",
            rule.id(),
            rule.kind().name()
        );
        if rule.family() == crate::rules::Family::Safety {
            let note = if rule.enabled() {
                "a safety rule: it points to support when a draft mentions suicide or self-harm"
            } else {
                "a safety rule, turned off: drafts that mention suicide or self-harm get no pointer to support"
            };
            println!("{:width$}    {note}", "");
        }
        for change in rule.changes() {
            println!(
                "{:width$}    {}  (from {})",
                "", change.setting, change.origin
            );
        }
    }
    EXIT_OK
}

pub fn explain(id: &str, args: &ConfigArgs) -> u8 {
    let linter = match load(None, args) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let pack = linter.pack();
    let Some(rule) = pack.get(id) else {
        let hint = did_you_mean(id, pack.ids());
        report_problem(format!(
            "there is no rule `{id}`{hint}; `amends rules` lists them"
        ));
        return EXIT_TROUBLE;
    };
    println!(
        "{} ({}, {} rule)\n",
        rule.id(),
        rule.level(),
        rule.kind().name()
    );
    println!("{}\n", rule.message());
    println!("{}", rule.explanation().trim_end());
    if let Some(index) = rule.learned() {
        let towards = crate::rules::learned::Model::builtin()
            .weights_of(index)
            .iter()
            .filter(|(_, w)| *w > 0.0)
            .count();
        // A `require` rule's weights find what the letter needs; the others', problems.
        let (count, what) = if rule.kind() == crate::rules::Kind::Require {
            (
                "count towards\nit being there",
                "A sentence none of its phrases matches\ncounts as what the letter needs when its words weigh enough.",
            )
        } else {
            (
                "count towards\nflagging",
                "A sentence none of its phrases matches is\nflagged when its words weigh enough; such a finding says so. A phrase's match\n\
                 is dropped in a sentence whose words weigh well against the rule and show\nno other problem.",
            )
        };
        println!(
            "\n**Learned weights.** Beside its phrases, this rule has weights for words and word\n\
             pairs, learned from labelled letters and sentences ({towards} of them {count}). \
             {what}\nTo use the phrases alone, set `learned = false` under `[rules.{}]`.",
            rule.id()
        );
    }
    let show = |flagged: bool, heading: &str| {
        let texts: Vec<_> = rule
            .examples()
            .iter()
            .filter(|e| e.flagged == flagged)
            .take(4)
            .collect();
        if !texts.is_empty() {
            println!("\n{heading}");
            for e in texts {
                // A series rule's example is a follow-up some days after the letter.
                let when = e.after_days.map_or_else(String::new, |d| {
                    let days = if d == 1 { "day" } else { "days" };
                    format!(" ({d} {days} after the letter)")
                });
                println!("  - {}{when}", e.text.trim().replace('\n', "\n    "));
            }
        }
    };
    show(true, "Flagged, for example:");
    show(false, "Not flagged, for example:");
    EXIT_OK
}

pub fn test(paths: &[PathBuf]) -> u8 {
    let (pack, errors) = if paths.is_empty() {
        Pack::builtin(&Context::default())
    } else {
        let (files, mut errors) = discover::read_rule_paths(paths);
        let (cx, files, more) = crate::config::pack_context(None, &files);
        errors.extend(more);
        let (pack, more) = Pack::from_files(
            files
                .iter()
                .map(|f: &&PackFile| (f.origin.as_str(), f.name.as_str(), f.text.as_str())),
            &cx,
        );
        errors.extend(more);
        FileError::sort(&mut errors);
        (pack, errors)
    };
    report_all(&errors);
    // Without the roles (a broken roles file is a build defect), every phrase is checked.
    let roles = RoleModel::new(pack.context()).unwrap_or_default();
    let mut examples = 0;
    let mut failed = 0;
    let mut untested = 0;
    for rule in pack.rules() {
        examples += rule.examples().len();
        let failures = run_examples(rule);
        if failures.is_empty() {
            println!("ok      {} ({} examples)", rule.id(), rule.examples().len());
        } else {
            println!(
                "FAILED  {} ({} of {} examples)",
                rule.id(),
                failures.len(),
                rule.examples().len()
            );
        }
        for f in &failures {
            let want = if f.expected_flagged {
                "should be flagged but was not"
            } else {
                "should not be flagged but was"
            };
            println!(
                "    example {}: {want}:\n      {}",
                f.index + 1,
                f.text.trim().replace('\n', "\n      ")
            );
        }
        failed += failures.len();
        let phrases = untested_phrases(rule, &roles);
        for phrase in &phrases {
            println!("    note: no flagged example is found by the phrase `{phrase}`");
        }
        untested += phrases.len();
    }
    println!(
        "\n{} rules, {examples} examples: {} passed, {failed} failed",
        pack.rules().len(),
        examples - failed
    );
    if untested > 0 {
        println!(
            "{untested} phrase(s) find no flagged example: add an example each one catches, \
             so a reader sees what it is for and a typo in it shows, or remove it"
        );
    }
    if !errors.is_empty() {
        EXIT_TROUBLE
    } else if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
