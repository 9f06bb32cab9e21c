//! What a new user hit in their first half hour (issue #20), through the real binary: the
//! writer's words are never lost or mangled, and what amends shows is what they wrote.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn amends(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("NO_COLOR", "1")
        .output()
        .expect("amends runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const TEXTING: &str = "hey its me\nim sorry about everything\n";

// 1. `amends report -o` never overwrites a draft.

#[test]
fn report_refuses_to_write_over_an_existing_letter_and_leaves_it_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("texting.txt"), TEXTING).expect("draft");
    let middle = "I am still writing this one.\n";
    fs::write(dir.path().join("middle.md"), middle).expect("other draft");
    let out = amends(dir.path(), &["report", "texting.txt", "-o", "middle.md"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("middle.md"), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("middle.md")).expect("still there"),
        middle
    );
}

#[test]
fn report_refuses_a_letter_extension_even_for_a_new_file_or_an_excluded_draft() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("drafts")).expect("folder");
    fs::write(dir.path().join("drafts/a.txt"), TEXTING).expect("draft");
    let keep = "Dear Sam, this one is not finished.\n";
    fs::write(dir.path().join("drafts/keep.txt"), keep).expect("excluded draft");

    let out = amends(dir.path(), &["report", "drafts", "-o", "drafts/new.letter"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.path().join("drafts/new.letter").exists());

    let out = amends(
        dir.path(),
        &[
            "report",
            "drafts",
            "--exclude",
            "keep.txt",
            "--force",
            "-o",
            "drafts/keep.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("drafts/keep.txt")).expect("kept"),
        keep
    );
}

#[test]
fn report_replaces_its_own_page_but_another_file_only_with_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("a.txt"), TEXTING).expect("draft");
    let notes = "<html><body>my own notes</body></html>\n";
    fs::write(dir.path().join("notes.html"), notes).expect("notes");

    let out = amends(dir.path(), &["report", "a.txt", "-o", "notes.html"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.html")).expect("kept"),
        notes
    );

    let out = amends(
        dir.path(),
        &["report", "a.txt", "-o", "notes.html", "--force"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        fs::read_to_string(dir.path().join("notes.html"))
            .expect("page")
            .contains("amends report")
    );

    // A page amends wrote is replaced without asking.
    let out = amends(dir.path(), &["report", "a.txt", "-o", "report.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = amends(dir.path(), &["report", "a.txt", "-o", "report.html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

// 2. Quoted speech is not the writer's apology, and is never rewritten.

fn findings(out: &Output) -> Vec<(String, String)> {
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["findings"].as_array().cloned().unwrap_or_default())
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_string(),
                f["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn fix_leaves_quoted_speech_alone_and_it_is_not_flagged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = "She said \"I'm sorry if you were hurt\" to me once, and I hated it.\n";
    let markdown =
        "My mother always said \u{201c}I'm sorry if you were hurt\u{201d} and never meant it.\n";
    fs::write(dir.path().join("plain.txt"), plain).expect("plain");
    fs::write(dir.path().join("notes.md"), markdown).expect("markdown");

    let out = amends(
        dir.path(),
        &["check", "--format", "json", "plain.txt", "notes.md"],
    );
    let rules: Vec<_> = findings(&out).into_iter().map(|(r, _)| r).collect();
    assert!(
        !rules.iter().any(|r| r == "conditional-apology"),
        "quoted words flagged: {rules:?}"
    );

    amends(dir.path(), &["check", "--fix", "plain.txt", "notes.md"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("plain.txt")).expect("plain"),
        plain
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.md")).expect("md"),
        markdown
    );

    // The writer's own words, outside quotes, are still fixed.
    fs::write(dir.path().join("own.txt"), "I'm sorry if you were hurt.\n").expect("own");
    amends(dir.path(), &["check", "--fix", "own.txt"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("own.txt")).expect("own"),
        "I'm sorry I hurt you.\n"
    );
}

// 3. Encoded email bodies are shown decoded.

const B64_EMAIL: &str = "From: a@example.org\nTo: b@example.org\nSubject: sorry\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nSeKAmW0gc29ycnkgaWYgeW91IHdlcmUgaHVydC4gWW91IG1hZGUgbWUgZG8gaXQuCg==\n";
const QP_EMAIL: &str = "From: a@example.org\nTo: b@example.org\nSubject: sorry\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nI=E2=80=99m sorry. If you hadn=E2=80=99t ignored me I wou=\nldn=E2=80=99t have done it.\n";

#[test]
fn an_encoded_email_shows_its_decoded_words_everywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("b64.eml"), B64_EMAIL).expect("b64");
    fs::write(dir.path().join("qp.eml"), QP_EMAIL).expect("qp");

    let out = amends(
        dir.path(),
        &["check", "--format", "json", "b64.eml", "qp.eml"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    for file in report["files"].as_array().expect("files") {
        assert_eq!(file["format"], "email", "{file}");
    }
    let texts: Vec<_> = findings(&out).into_iter().map(|(_, t)| t).collect();
    assert!(
        texts.contains(&"sorry if you were hurt".to_string()),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("If you hadn\u{2019}t ignored me")),
        "{texts:?}"
    );
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("=E2") || t.contains("c29ycnk")),
        "{texts:?}"
    );

    let human = stdout(&amends(dir.path(), &["check", "b64.eml", "qp.eml"]));
    assert!(
        human.contains("I\u{2019}m sorry if you were hurt. You made me do it."),
        "{human}"
    );
    assert!(
        human.contains("I\u{2019}m sorry I hurt you."),
        "the rewrite preview: {human}"
    );
    assert!(
        !human.contains("SeKAmW0g") && !human.contains("=E2=80=99"),
        "{human}"
    );

    let page = stdout(&amends(dir.path(), &["report", "b64.eml", "-o", "-"]));
    assert!(
        page.contains("sorry if you were hurt</mark>"),
        "decoded in the report"
    );
    assert!(!page.contains("SeKAmW0g"), "no base64 in the report");
}

// 4. Texting written line by line: each line is a sentence.

#[test]
fn a_kind_texting_line_does_not_excuse_the_line_before_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let alone = "hey\npls text me back by tomorrow, i need to know where we stand\n";
    let followed = "hey\npls text me back by tomorrow, i need to know where we stand\ni will respect whatever u decide\n";
    fs::write(dir.path().join("alone.txt"), alone).expect("alone");
    fs::write(dir.path().join("followed.txt"), followed).expect("followed");
    for name in ["alone.txt", "followed.txt"] {
        let out = amends(dir.path(), &["check", "--format", "json", name]);
        let got = findings(&out);
        assert!(got.iter().any(|(r, _)| r == "pressure"), "{name}: {got:?}");
    }
    let out = amends(
        dir.path(),
        &["check", "--format", "json", "--roles", "followed.txt"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let sentences = report["files"][0]["sentences"]
        .as_array()
        .expect("sentences");
    assert_eq!(sentences.len(), 3, "{sentences:#?}");
}

// 6. dwelling-on-details says the figures it judged, and its threshold.

#[test]
fn dwelling_reports_what_it_counted_against_its_threshold() {
    let dir = tempfile::tempdir().expect("temp dir");
    let letter = "Dear Ana,\n\nI am so, so sorry. I lied to you about the money for a year. I'm sorry I hid it. I'm sorry I let you find the statements yourself. I'm sorry for the weekend I ruined. I am so sorry. I'm sorry for what it did to us.\n\nBen\n";
    fs::write(dir.path().join("letter.txt"), letter).expect("letter");
    let out = amends(dir.path(), &["check", "--format", "json", "letter.txt"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let dwelling: Vec<_> = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "dwelling-on-details")
        .collect();
    assert_eq!(dwelling.len(), 1, "{report:#}");
    let message = dwelling[0]["message"].as_str().expect("message");
    assert!(message.contains("(2 of 9 sentences)"), "{message}");
    assert!(
        message.contains("more than the 15% this rule allows"),
        "{message}"
    );

    // Under the threshold it stays quiet: one piled-up apology in nine sentences.
    let calmer = letter.replacen("I am so sorry.", "I miss our walks.", 1);
    fs::write(dir.path().join("calmer.txt"), calmer).expect("calmer");
    let out = amends(dir.path(), &["check", "--format", "json", "calmer.txt"]);
    assert!(
        !findings(&out)
            .iter()
            .any(|(r, _)| r == "dwelling-on-details"),
        "{}",
        stdout(&out)
    );
}
