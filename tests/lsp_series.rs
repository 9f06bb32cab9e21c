//! The language server and series of dated drafts: editing a dated draft whose folder
//! holds other dated drafts publishes the series findings for it, from the folder on disk
//! and the other drafts open in the editor. The JSON-RPC client is `support/lsp.rs`.

#[path = "support/lsp.rs"]
mod lsp_support;

use std::path::Path;

use lsp_support::{Server, file_uri as uri};
use serde_json::{Value, json};

/// A server whose workspace is `root`, inside the server's own temporary HOME.
fn start(root: &Path) -> Server {
    let mut server = Server::spawn();
    server.request(
        "initialize",
        json!({
            "processId": null,
            "capabilities": {},
            "workspaceFolders": [{"uri": uri(root), "name": "drafts"}],
        }),
    );
    server.notify("initialized", json!({}));
    server
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect()
}

const LETTER: &str = "Dear Sam,\n\nI lied to you about where I was, for weeks. I'm sorry.\n";

#[test]
fn a_dated_draft_gets_the_series_findings_of_its_folder() {
    let home = tempfile::tempdir().expect("home");
    let root = home.path().join("drafts");
    std::fs::create_dir(&root).expect("folder");
    std::fs::write(root.join("2026-03-01-letter.txt"), LETTER).expect("letter");
    let mut server = start(&root);

    // A new follow-up, not saved yet, three days after the letter on disk.
    let note = uri(&root.join("note.md"));
    let text = "---\ndate: 2026-03-04\n---\nHi Sam,\n\nSaw a heron by the canal today.\n";
    server.open(&note, "markdown", text);
    let diagnostics = server.diagnostics(&note, 1);
    assert_eq!(codes(&diagnostics), ["contact-too-frequent"]);
    let gap = &diagnostics[0];
    assert_eq!(
        gap["message"],
        "3 days since your last message; waiting 7 days or more gives them room."
    );
    assert_eq!(
        gap["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 16}}),
        "on the date line"
    );
    assert_eq!(gap["severity"], 2);
    assert!(
        gap["data"].is_object(),
        "a series finding carries its data like any other: {gap}"
    );

    // Moved to ten days after the letter: nothing to say.
    server.replace(&note, 2, &text.replace("2026-03-04", "2026-03-11"));
    assert!(server.diagnostics(&note, 2).is_empty());

    // Another draft open in the editor, never saved, counts with its current text: it was
    // sent two days before the note.
    let other = uri(&root.join("2026-03-09-other.txt"));
    server.open(&other, "plaintext", "Hi Sam, the swifts are back.\n");
    let on_other = server.diagnostics(&other, 1);
    assert!(codes(&on_other).is_empty(), "{on_other:?}");
    server.replace(&note, 3, &text.replace("2026-03-04", "2026-03-11"));
    let diagnostics = server.diagnostics(&note, 3);
    assert_eq!(codes(&diagnostics), ["contact-too-frequent"]);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("2 days since"),
        "{diagnostics:?}"
    );

    // Marked unsent, the other draft no longer counts.
    server.replace(
        &other,
        2,
        "---\nsent: false\n---\nHi Sam, the swifts are back.\n",
    );
    server.diagnostics(&other, 2);
    server.replace(&note, 4, &text.replace("2026-03-04", "2026-03-11"));
    assert!(server.diagnostics(&note, 4).is_empty());

    // An undated letter in the same folder is a letter as ever: its own rules only.
    let undated = uri(&root.join("thoughts.txt"));
    server.open(&undated, "plaintext", "You made me do it.\n");
    assert_eq!(codes(&server.diagnostics(&undated, 1)), ["blame-shifting"]);
}

#[test]
fn a_follow_up_is_spared_the_letter_rules_and_gets_the_follow_up_ones() {
    let home = tempfile::tempdir().expect("home");
    let root = home.path().join("drafts");
    std::fs::create_dir(&root).expect("folder");
    std::fs::write(root.join("2026-03-01-letter.txt"), LETTER).expect("letter");
    std::fs::write(root.join("2026-03-10-heron.txt"), "Saw a heron.\n").expect("heron");
    let mut server = start(&root);
    // Long enough for the letter rules, with no explanation and no open door; 35 days
    // after the letter, with no follow-up come back to the mistake; and a costly gift.
    let text = "Hi Sam,\n\nThe allotment is doing well and the beans are finally up. I went \
        to the market on Saturday and bought far too many tomatoes. Work has been quiet, \
        which is nice. My brother is visiting next month with the dog, who still eats \
        socks. I bought you a diamond necklace for your birthday.\n\nAlex\n";
    let draft = uri(&root.join("2026-04-05-allotment.txt"));
    server.open(&draft, "plaintext", text);
    let diagnostics = server.diagnostics(&draft, 1);
    assert_eq!(
        codes(&diagnostics),
        ["revisit-the-mistake", "expensive-gesture"],
        "{diagnostics:#?}"
    );
    assert_eq!(diagnostics[0]["severity"], 4, "a hint");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("It has been 35 days since your first letter"),
        "{diagnostics:?}"
    );
}

#[test]
fn a_date_that_cannot_be_read_is_a_diagnostic_on_it() {
    let home = tempfile::tempdir().expect("home");
    let root = home.path().join("drafts");
    std::fs::create_dir(&root).expect("folder");
    std::fs::write(root.join("2026-03-01-letter.txt"), LETTER).expect("letter");
    let mut server = start(&root);
    let note = uri(&root.join("note.md"));
    let text = "---\ndate: 2026-03-32\n---\nHi Sam,\n\nSaw a heron by the canal today.\n";
    server.open(&note, "markdown", text);
    let diagnostics = server.diagnostics(&note, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let warning = &diagnostics[0];
    assert_eq!(warning["severity"], 2);
    assert_eq!(
        warning["range"],
        json!({"start": {"line": 1, "character": 6}, "end": {"line": 1, "character": 16}}),
        "on the date itself"
    );
    assert_eq!(
        warning["message"],
        "The date `2026-03-32` is not a day on the calendar (March has 31 days), so this \
         draft is read as undated. Write it as 2026-11-20, 2026/11/20, 20 November 2026 or \
         November 20, 2026, with a time after it if you like (2026-11-20 18:30)."
    );
    // No quick fix offers to turn a rule off for it.
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": note},
            "range": warning["range"],
            "context": {"diagnostics": [warning]},
        }),
    );
    assert_eq!(actions["result"], json!([]), "{actions}");

    // Written another way, the date is read: the note is three days after the letter.
    server.replace(&note, 2, &text.replace("2026-03-32", "4 March 2026"));
    assert_eq!(
        codes(&server.diagnostics(&note, 2)),
        ["contact-too-frequent"]
    );

    // A file name that starts like a date but is none: the warning is on the first line.
    let named = uri(&root.join("2026-02-30-note.txt"));
    server.open(&named, "plaintext", "Hi Sam,\nthe swifts are back.\n");
    let diagnostics = server.diagnostics(&named, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0]["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 7}})
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("The file name starts with `2026-02-30`, which is not a day on the calendar (February 2026 has 28 days)"),
        "{diagnostics:?}"
    );
}
