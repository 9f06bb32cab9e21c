//! The prefilter only skips work: on every letter and prose text we have, checking with it
//! gives exactly the findings and roles that running every pattern on every sentence does.

use std::path::Path;

use amends::{Document, Format, Linter, Pack};

fn texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut dirs: Vec<_> = [
        "tests/corpus",
        "tests/corpus2",
        "tests/corpus3",
        "tests/prose",
        "tests/fixtures/letters",
        "samples",
    ]
    .iter()
    .map(|d| root.join(d))
    .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn findings_and_roles_are_the_same_with_and_without_the_prefilter() {
    let linter = Linter::new(Pack::builtin(&Default::default()).0);
    let texts = texts();
    assert!(texts.len() > 80, "{} texts", texts.len());
    let mut findings = 0;
    for (name, text) in &texts {
        let format = Format::from_path(Path::new(name));
        let doc = Document::new(text.as_str(), format);
        let fast = linter.check(&doc);
        assert_eq!(fast, linter.check_without_prefilter(&doc), "{name}");
        assert_eq!(
            linter.roles(&doc),
            linter.roles_without_prefilter(&doc),
            "{name}"
        );
        findings += fast.len();
    }
    assert!(
        findings > 100,
        "the texts exercise the rules ({findings} findings)"
    );
}

#[test]
fn every_rule_example_agrees_with_and_without_the_prefilter() {
    let linter = Linter::new(Pack::builtin(&Default::default()).0);
    let mut checked = 0;
    for rule in linter.pack().rules() {
        for example in rule.examples() {
            let format = example
                .format
                .as_deref()
                .and_then(|f| f.parse().ok())
                .unwrap_or(Format::Plain);
            let doc = Document::new(example.text.as_str(), format);
            assert_eq!(
                linter.check(&doc),
                linter.check_without_prefilter(&doc),
                "{}: {}",
                rule.id(),
                example.text
            );
            checked += 1;
        }
    }
    assert!(checked > 700, "{checked} examples");
}
