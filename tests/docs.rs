//! The documentation's examples, run as written: a writer following them must succeed.

use std::fs;
use std::process::{Command, Output, Stdio};

/// The fenced ```toml blocks of a document, in order.
fn toml_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        let trimmed = line.trim_start();
        match &mut current {
            None if trimmed == "```toml" => current = Some(String::new()),
            Some(block) if trimmed == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line.strip_prefix("  ").unwrap_or(line));
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

fn amends(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env_remove("XDG_CONFIG_HOME")
        .stdin(Stdio::null())
        .output()
        .expect("amends runs")
}

#[test]
fn the_rule_in_writing_rules_md_passes_test_rules() {
    let doc = include_str!("../docs/writing-rules.md");
    let rule = &toml_blocks(doc)[0];
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("my-rules")).unwrap();
    fs::write(dir.path().join("my-rules/deadline-promise.toml"), rule).unwrap();
    let out = amends(dir.path(), &["test-rules", "my-rules"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1 rules, 4 examples: 4 passed, 0 failed"),
        "{stdout}"
    );
    // The guide's own rule is a good one: each phrase finds one of its examples.
    assert!(!stdout.contains("note:"), "{stdout}");

    // And, named in a config file as the guide says, it checks letters.
    fs::write(
        dir.path().join(".amends.toml"),
        "packs = [\"./my-rules\"]\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("letter.txt"),
        "I'll be better by Christmas.\n",
    )
    .unwrap();
    let out = amends(dir.path(), &["check", "letter.txt"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("warning[deadline-promise]"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_examples_in_configuration_md_load_without_errors() {
    let doc = include_str!("../docs/configuration.md");
    let rule = &toml_blocks(include_str!("../docs/writing-rules.md"))[0];
    let blocks = toml_blocks(doc);
    assert!(blocks.len() >= 3, "configuration.md shows its examples");
    for block in blocks {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("my-rules")).unwrap();
        fs::write(dir.path().join("my-rules/deadline-promise.toml"), rule).unwrap();
        fs::write(dir.path().join(".amends.toml"), &block).unwrap();
        let out = amends(dir.path(), &["config"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{block}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The `unless-scope` example in writing-rules.md: a rule written out in full, which flags
/// the sentence the guide says it flags and leaves the other alone, as the binary shows.
#[test]
fn the_clause_example_in_writing_rules_md_does_what_it_says() {
    let doc = include_str!("../docs/writing-rules.md");
    let rule = toml_blocks(doc)
        .into_iter()
        .find(|b| b.contains("id = \"call-me-tonight\""))
        .expect("writing-rules.md shows the call-me-tonight rule in full");
    assert!(rule.contains("unless-scope = \"clause\""), "{rule}");
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("my-rules")).unwrap();
    fs::write(dir.path().join("my-rules/call-me-tonight.toml"), &rule).unwrap();
    let out = amends(dir.path(), &["test-rules", "my-rules"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let flagged = "Call me tonight, whenever you get off work.\n";
    let kind = "Call me tonight whenever you like.\n";
    fs::write(dir.path().join("flagged.txt"), flagged).unwrap();
    fs::write(dir.path().join("kind.txt"), kind).unwrap();
    let with_rule = |file: &str| {
        let out = amends(dir.path(), &["check", "--pack", "my-rules", file]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(with_rule("flagged.txt").contains("warning[call-me-tonight]"));
    assert!(!with_rule("kind.txt").contains("call-me-tonight"));
    // As the guide says, the built-in rules alone leave the sentence be.
    assert!(
        doc.contains("none of the built-in rules"),
        "the guide says so"
    );
    let out = amends(dir.path(), &["check", "flagged.txt"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "No findings in 1 file.\n"
    );
    // And without the clause scope, "whenever" excuses the whole sentence.
    fs::write(
        dir.path().join("my-rules/call-me-tonight.toml"),
        rule.replace("unless-scope = \"clause\"", ""),
    )
    .unwrap();
    assert!(!with_rule("flagged.txt").contains("call-me-tonight"));
}

/// The rule table in the README, as the rule files make it: `id`, level and `summary`,
/// grouped by family (in the families' order) and sorted by id inside a family.
fn rule_table() -> String {
    let (pack, errors) = amends::Pack::builtin(&Default::default());
    assert!(errors.is_empty(), "{errors:?}");
    let mut rules: Vec<&amends::Rule> = pack.rules().iter().collect();
    rules.sort_by_key(|r| (r.family(), r.id().to_string()));
    let mut table = String::from("| rule | level | catches |\n|---|---|---|\n");
    for rule in rules {
        assert!(
            !rule.summary().is_empty(),
            "`{}` has no `summary` for the README's table",
            rule.id()
        );
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id(),
            rule.default_level(),
            rule.summary()
        ));
    }
    table
}

const TABLE_START: &str = "<!-- rule table: from rules/*.toml";
const TABLE_END: &str = "<!-- end of rule table -->";

/// The README's table cannot drift from the rules: it is checked against them, and
/// `AMENDS_UPDATE_README=1 cargo test --test docs` writes it anew.
#[test]
fn the_readme_rule_table_is_made_from_the_rule_files() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme
        .find(TABLE_START)
        .expect("the README marks its rule table");
    let body = start + readme[start..].find('\n').expect("marker line") + 1;
    let end = readme
        .find(TABLE_END)
        .expect("the README marks the table's end");
    let want = rule_table();
    if readme[body..end] == want {
        return;
    }
    if std::env::var("AMENDS_UPDATE_README").as_deref() == Ok("1") {
        let updated = format!("{}{want}{}", &readme[..body], &readme[end..]);
        std::fs::write(&path, updated).expect("README.md is writable");
        return;
    }
    panic!(
        "README.md's rule table is stale; run `AMENDS_UPDATE_README=1 cargo test --test docs` \
         (or paste this between the markers):\n{want}"
    );
}
