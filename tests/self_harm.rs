//! The safety rule: any mention of suicide or self-harm gets a pointer to support, in any
//! register, and everyday figures of speech with the same words do not.
//!
//! The probe sentences under `tests/self_harm/` were written by three helpers who had not
//! seen the rule, each in other registers (texting and American colloquial; British
//! colloquial and formal; English as a second language, run-on sentences and work email).
//! `mentions/` must all be caught; at most 2% of `figurative/` may be.

#[path = "support/lsp.rs"]
mod lsp_support;

use std::path::Path;
use std::process::Command;

use amends::engine::check_rule;
use amends::{Document, Format, Pack};
use serde_json::{Value, json};

/// The lines of every probe file in `tests/self_harm/<kind>/`, with their file names.
fn probe(kind: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/self_harm")
        .join(kind);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("probe folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&file).expect("probe file");
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| (name.clone(), l.to_string())),
        );
    }
    out
}

fn flagged_by_safety_rule(text: &str) -> bool {
    static PACK: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
    let pack = PACK.get_or_init(|| {
        let (pack, errors) = Pack::builtin(&Default::default());
        assert!(errors.is_empty(), "{errors:#?}");
        pack
    });
    let rule = pack.get("self-harm").expect("the safety rule is built in");
    let mut found = Vec::new();
    check_rule(rule, &Document::new(text, Format::Plain), &mut found);
    !found.is_empty()
}

#[test]
fn every_probe_mention_gets_the_pointer() {
    let mentions = probe("mentions");
    assert!(mentions.len() >= 120, "{} mentions", mentions.len());
    let writers: std::collections::BTreeSet<_> = mentions.iter().map(|(f, _)| f).collect();
    assert!(writers.len() >= 3, "mentions from {writers:?}");
    let missed: Vec<_> = mentions
        .iter()
        .filter(|(_, line)| !flagged_by_safety_rule(line))
        .map(|(file, line)| format!("{file}: {line}"))
        .collect();
    assert!(
        missed.is_empty(),
        "{} of {} mentions get no pointer:\n{}",
        missed.len(),
        mentions.len(),
        missed.join("\n")
    );
}

#[test]
fn figures_of_speech_are_left_alone() {
    let figurative = probe("figurative");
    assert!(
        figurative.len() >= 120,
        "{} figurative lines",
        figurative.len()
    );
    let flagged: Vec<_> = figurative
        .iter()
        .filter(|(_, line)| flagged_by_safety_rule(line))
        .map(|(file, line)| format!("{file}: {line}"))
        .collect();
    // At most 2%.
    assert!(
        flagged.len() * 50 <= figurative.len(),
        "{} of {} figurative lines flagged:\n{}",
        flagged.len(),
        figurative.len(),
        flagged.join("\n")
    );
}

#[test]
fn a_quoted_title_is_not_the_writer_but_their_own_quoted_thought_is() {
    assert!(!flagged_by_safety_rule(
        "My sister put on \u{201c}Suicide Is Painless\u{201d} and we sang along badly."
    ));
    assert!(!flagged_by_safety_rule(
        "We finally watched 'Suicide Squad' and it was as bad as you said."
    ));
    assert!(flagged_by_safety_rule(
        "Some nights a voice in my head says \"I should just end it all\" and I believe it."
    ));
    // Negated, and still a mention that deserves the pointer.
    assert!(flagged_by_safety_rule(
        "I'm not suicidal, but I think about not waking up."
    ));
}

/// The three drafts the issue was filed with.
const DRAFT: &str = "Dear Sam,\n\nI've contemplated suicide several times since you left.\n\nSometimes I think about killing myself.\n\nI've been cutting again since the breakup.\n";

fn write_draft() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("letter.txt");
    std::fs::write(&path, DRAFT).expect("draft written");
    (dir, path)
}

fn amends(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .env("HOME", "/nonexistent")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .expect("amends runs")
}

/// Lines (1-based) that got a self-harm finding, from `check --format json`.
fn lines_with_pointer(report: &Value) -> Vec<u64> {
    report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "self-harm")
        .map(|f| f["start"]["line"].as_u64().expect("line"))
        .collect()
}

#[test]
fn each_sentence_gets_the_pointer_from_amends_check() {
    let (_dir, path) = write_draft();
    let out = amends(&["check", "--format", "json", path.to_str().expect("utf-8")]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(lines_with_pointer(&report), [3, 5, 7]);
    let human = amends(&["check", path.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert_eq!(text.matches("warning[self-harm]").count(), 3, "{text}");
    assert!(text.contains("crisis line"), "{text}");
}

#[test]
fn each_sentence_gets_the_pointer_in_the_report_listed_first() {
    let (_dir, path) = write_draft();
    let out = amends(&["report", path.to_str().expect("utf-8"), "-o", "-"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(
        page.matches("data-rule=\"self-harm\" data-level=\"warning\" data-family=\"safety\"")
            .count(),
        3,
        "three findings listed in the safety family"
    );
    let first = page.find("<ol class=\"first\">").expect("a fix-first list");
    let after = &page[first..];
    let end = after.find("</ol>").expect("list closes");
    assert!(
        after[..end].contains("self-harm"),
        "the safety finding comes first: {}",
        &after[..end]
    );
}

#[test]
fn each_sentence_gets_the_pointer_in_the_editor() {
    let mut server = lsp_support::Server::spawn();
    server.request(
        "initialize",
        json!({"processId": null, "capabilities": {}, "rootUri": null}),
    );
    server.notify("initialized", json!({}));
    let uri = "untitled:letter";
    server.open(uri, "plaintext", DRAFT);
    let diagnostics = server.diagnostics(uri, 1);
    let lines: Vec<u64> = diagnostics
        .iter()
        .filter(|d| d["code"] == "self-harm")
        .map(|d| d["range"]["start"]["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, [2, 4, 6], "{diagnostics:#?}");
}

#[test]
fn amends_rules_marks_the_safety_rule_even_when_off() {
    let out = amends(&["rules", "--rule", "self-harm=off"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let at = text.find("self-harm").expect("listed");
    let block = &text[at..];
    let block = &block[..block.find("\n\n").unwrap_or(block.len()).min(300)];
    assert!(block.contains("off"), "{block}");
    assert!(block.contains("safety rule, turned off"), "{block}");
}
