//! The language server as an editor meets it: the real `amends lsp` binary, spoken to in
//! JSON-RPC over its standard input and output.
//!
//! Every published range is checked against the text it covers: the test keeps its own
//! copy of each document, applies the same edits to it, lints the copy with the library
//! and converts the findings to positions with its own code, independent of the server's.

#[path = "support/lsp.rs"]
mod lsp_support;

use std::time::Duration;

use amends::{Document, Format, Linter, Pack};
use lsp_support::{Server, file_uri};
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    fn offered(self) -> Value {
        match self {
            Enc::Utf8 => json!(["utf-8", "utf-16"]),
            Enc::Utf16 => json!(["utf-16"]),
        }
    }
}

/// The position of a byte offset, counted the way a client in `enc` counts.
fn position(text: &str, byte: usize, enc: Enc) -> Value {
    let before = &text[..byte];
    let mut line = 0;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            line += 1;
            line_start = i + 1;
        }
        i += 1;
    }
    let prefix = &text[line_start.min(byte)..byte];
    let character = match enc {
        Enc::Utf8 => prefix.len(),
        Enc::Utf16 => prefix.encode_utf16().count(),
    };
    json!({"line": line, "character": character})
}

/// The byte offset of a client position (which the test only makes valid).
fn offset(text: &str, pos: &Value, enc: Enc) -> usize {
    let (line, character) = (
        pos["line"].as_u64().unwrap_or(0),
        pos["character"].as_u64().unwrap_or(0),
    );
    let mut start = 0;
    for _ in 0..line {
        let rest = &text[start..];
        let nl = rest.find(['\n', '\r']).expect("line exists");
        start += nl + if rest[nl..].starts_with("\r\n") { 2 } else { 1 };
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character as usize {
            return start + i;
        }
        units += match enc {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        };
    }
    text.len()
}

fn range(text: &str, from: usize, to: usize, enc: Enc) -> Value {
    json!({"start": position(text, from, enc), "end": position(text, to, enc)})
}

/// What the library finds in `text`, as (rule, range) in `enc`: what the server must say.
fn expected(text: &str, format: Format, enc: Enc) -> Vec<(String, Value)> {
    let linter = Linter::new(Pack::builtin(&Default::default()).0);
    let doc = Document::new(text, format);
    linter
        .check(&doc)
        .into_iter()
        .map(|f| {
            (
                f.rule.to_string(),
                range(text, f.span.start, f.span.end, enc),
            )
        })
        .collect()
}

fn published(diagnostics: &[Value]) -> Vec<(String, Value)> {
    diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d["source"], "amends");
            (
                d["code"].as_str().expect("code").to_string(),
                d["range"].clone(),
            )
        })
        .collect()
}

/// A server initialized with the given client capabilities and options, rooted at
/// a workspace folder inside the temporary home.
fn start(enc: Enc, capabilities: Value, options: Value) -> Server {
    let mut server = Server::spawn();
    let root = server.root();
    std::fs::create_dir_all(&root).expect("workspace folder");
    let mut caps = capabilities;
    caps["general"] = json!({"positionEncodings": enc.offered()});
    let result = server.request(
        "initialize",
        json!({
            "processId": null,
            "capabilities": caps,
            "initializationOptions": options,
            "workspaceFolders": [{"uri": file_uri(&root), "name": "letters"}],
        }),
    );
    let negotiated = result["result"]["capabilities"]["positionEncoding"].clone();
    let want = if enc == Enc::Utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(negotiated, want, "{result}");
    server.notify("initialized", json!({}));
    server
}

/// Replaces `bytes` of `text` with `new`, in the server's copy and in `text`.
fn edit(
    server: &mut Server,
    uri: &str,
    version: i64,
    text: &mut String,
    bytes: std::ops::Range<usize>,
    new: &str,
    enc: Enc,
) {
    let change = json!({"range": range(text, bytes.start, bytes.end, enc), "text": new});
    text.replace_range(bytes, new);
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
    );
}

const LETTER: &str = "Dear Sam,\n\n\
    I'm sorry if you were hurt by what I said at dinner.\n\
    🌻 我 Café\u{301}: you made me do it, and honestly you overreacted.\n\n\
    If you don't answer by Friday, we're done.\n";

fn with_each_encoding(test: impl Fn(Enc)) {
    for enc in [Enc::Utf8, Enc::Utf16] {
        test(enc);
    }
}

#[test]
fn diagnostics_cover_the_flagged_text_in_both_encodings() {
    with_each_encoding(|enc| {
        let mut server = start(enc, json!({}), Value::Null);
        let uri = file_uri(&server.root().join("letter.txt"));
        server.open(&uri, "plaintext", LETTER);
        let diagnostics = server.diagnostics(&uri, 1);
        let want = expected(LETTER, Format::Plain, enc);
        assert!(
            want.iter().any(|(rule, _)| rule == "blame-shifting"),
            "{want:?}"
        );
        assert_eq!(published(&diagnostics), want, "{enc:?}");
        // The blame after the emoji, CJK and combining mark starts exactly at "you made".
        let blame = diagnostics
            .iter()
            .find(|d| d["code"] == "blame-shifting")
            .expect("blame found");
        let start = offset(LETTER, &blame["range"]["start"], enc);
        assert!(
            LETTER[start..].starts_with("you made me"),
            "{enc:?}: {blame}"
        );
        assert_eq!(blame["severity"], 1);
        assert!(blame["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(server.shutdown(), Some(0));
    });
}

#[test]
fn incremental_edits_keep_every_range_on_its_text() {
    with_each_encoding(|enc| {
        let mut server = start(enc, json!({}), Value::Null);
        let uri = file_uri(&server.root().join("draft.md"));
        let mut text = LETTER.to_string();
        server.open(&uri, "markdown", &text);
        server.diagnostics(&uri, 1);
        let mut version = 1;
        let mut step =
            |server: &mut Server, text: &mut String, from: usize, to: usize, new: &str| {
                version += 1;
                edit(server, &uri, version, text, from..to, new, enc);
                let got = published(&server.diagnostics(&uri, version));
                assert_eq!(
                    got,
                    expected(text, Format::Markdown, enc),
                    "{enc:?} after {new:?}: {text}"
                );
            };
        // A multibyte insert before the flagged phrase.
        let at = text.find("you made").expect("phrase");
        step(&mut server, &mut text, at, at, "😢 真的 ");
        // A new blame on a new line, typed at the end.
        let end = text.len();
        step(
            &mut server,
            &mut text,
            end,
            end,
            "Honestly, it was your fault.\n",
        );
        // A multi-line delete: from inside the first paragraph into the ultimatum.
        let from = text.find("by what").expect("from");
        let to = text.find("answer by").expect("to");
        step(&mut server, &mut text, from, to, "");
        // A CRLF pasted in, and a combining mark typed after a flagged word.
        let at = text.find("Honestly").expect("honestly");
        step(&mut server, &mut text, at, at, "Ok.\r\n\u{301}");
        // Deleting everything, then typing again.
        let len = text.len();
        step(&mut server, &mut text, 0, len, "");
        step(
            &mut server,
            &mut text,
            0,
            0,
            "Dear Sam,\n\nYou made me do it.\n",
        );
        assert_eq!(server.shutdown(), Some(0));
    });
}

#[test]
fn an_edit_outside_the_document_is_clamped_and_the_server_carries_on() {
    let enc = Enc::Utf16;
    let mut server = start(enc, json!({}), Value::Null);
    let uri = file_uri(&server.root().join("note.txt"));
    server.open(&uri, "plaintext", "I miss you.\n");
    server.diagnostics(&uri, 1);
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 40, "character": 3}, "end": {"line": 99, "character": 0}},
             "text": "You made me do it."}
        ]}),
    );
    let text = "I miss you.\nYou made me do it.";
    assert_eq!(
        published(&server.diagnostics(&uri, 2)),
        expected(text, Format::Plain, enc)
    );
    // Edits to a document that was never opened are ignored, not fatal.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.txt", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 2}}),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("blame-shifting")),
        "{hover}"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn hover_explains_the_rule_and_offers_the_rewrite() {
    let enc = Enc::Utf8;
    let mut server = start(enc, json!({}), Value::Null);
    let uri = file_uri(&server.root().join("letter.txt"));
    server.open(&uri, "plaintext", LETTER);
    let diagnostics = server.diagnostics(&uri, 1);
    let conditional = diagnostics
        .iter()
        .find(|d| d["code"] == "conditional-apology")
        .expect("conditional apology found");
    let fix = conditional["data"]["fixes"][0]["replacement"]
        .as_str()
        .expect("a rewrite")
        .to_string();
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": conditional["range"]["start"]}),
    );
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .expect("markdown hover");
    assert_eq!(hover["result"]["contents"]["kind"], "markdown");
    assert!(value.contains("**conditional-apology**"), "{value}");
    assert!(value.contains(&fix), "the rewrite is offered: {value}");
    assert!(value.len() > 200, "the explanation is included: {value}");
    assert_eq!(hover["result"]["range"], conditional["range"]);
    // Clean text has no hover.
    let clean = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(clean["result"], Value::Null, "{clean}");
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn hover_shows_every_finding_under_the_cursor() {
    let mut server = start(Enc::Utf8, json!({}), Value::Null);
    let uri = file_uri(&server.root().join("letter.txt"));
    // Its last sentence rushes back, and is also where the letter lacks an open door.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/02-sorry-but.txt"),
    )
    .expect("the sample");
    server.open(&uri, "plaintext", &text);
    let diagnostics = server.diagnostics(&uri, 1);
    let under = |rule: &str| {
        diagnostics
            .iter()
            .find(|d| d["code"] == rule)
            .unwrap_or_else(|| panic!("{rule} in {diagnostics:?}"))
            .clone()
    };
    let rushing = under("rushing-reconciliation");
    let closing = under("missing-closing-invitation");
    assert_eq!(rushing["range"]["start"], closing["range"]["start"]);
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": rushing["range"]["start"]}),
    );
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .expect("a hover");
    let (a, b) = (
        value
            .find("**rushing-reconciliation**")
            .expect("the rush back"),
        value
            .find("**missing-closing-invitation**")
            .expect("the missing door"),
    );
    assert!(a < b, "the warning comes before the note: {value}");
    assert_eq!(
        value.matches("\n---\n").count() + 1,
        value.matches("** (").count()
    );
    assert_eq!(server.shutdown(), Some(0));
}

/// The actions the server offers for `diagnostic`.
fn actions(server: &mut Server, uri: &str, diagnostic: &Value) -> Vec<Value> {
    let response = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
    );
    response["result"]
        .as_array()
        .expect("a list of actions")
        .clone()
}

fn find_action<'a>(actions: &'a [Value], starts: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(starts)))
        .unwrap_or_else(|| panic!("an action titled {starts}…: {actions:#?}"))
}

/// Applies a workspace edit's text edits for `uri` to `text`, last first.
fn apply_edits(text: &mut String, edits: &[Value], enc: Enc) {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let from = offset(text, &e["range"]["start"], enc);
            let to = offset(text, &e["range"]["end"], enc);
            (
                from,
                to,
                e["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    for (from, to, new) in spans {
        text.replace_range(from..to, &new);
    }
}

#[test]
fn a_quick_fix_rewrites_the_phrase_and_the_finding_goes() {
    with_each_encoding(|enc| {
        let mut server = start(enc, json!({}), Value::Null);
        let uri = file_uri(&server.root().join("letter.txt"));
        let mut text = LETTER.replace("Dear Sam", "Dear 💛 Sam");
        server.open(&uri, "plaintext", &text);
        let diagnostics = server.diagnostics(&uri, 1);
        let conditional = diagnostics
            .iter()
            .find(|d| d["code"] == "conditional-apology")
            .expect("conditional apology found");
        let offered = actions(&mut server, &uri, conditional);
        let fix = offered
            .iter()
            .find(|a| a["isPreferred"] == true)
            .expect("a preferred fix");
        assert_eq!(fix["kind"], "quickfix");
        let edits = fix["edit"]["changes"][&uri]
            .as_array()
            .expect("edits for the letter");
        apply_edits(&mut text, edits, enc);
        assert!(
            text.contains("I'm sorry I hurt you by what I said"),
            "{text}"
        );
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": text}]}),
        );
        let after = server.diagnostics(&uri, 2);
        assert!(
            !after.iter().any(|d| d["code"] == "conditional-apology"),
            "{after:#?}"
        );
        assert_eq!(published(&after), expected(&text, Format::Plain, enc));
        assert_eq!(server.shutdown(), Some(0));
    });
}

#[test]
fn allowing_a_phrase_creates_the_workspace_config_and_silences_it() {
    let enc = Enc::Utf16;
    let caps = json!({"workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}});
    let mut server = start(enc, caps, Value::Null);
    let path = server.root().join("letter.txt");
    let uri = file_uri(&path);
    server.open(&uri, "plaintext", LETTER);
    let diagnostics = server.diagnostics(&uri, 1);
    let blame = diagnostics
        .iter()
        .find(|d| d["code"] == "blame-shifting")
        .expect("blame");
    let offered = actions(&mut server, &uri, blame);
    let allow = find_action(&offered, "Allow \u{201c}you made me");
    assert!(
        allow["title"]
            .as_str()
            .is_some_and(|t| t.ends_with("for blame-shifting")),
        "{allow}"
    );
    // No .amends.toml yet: the edit creates one at the workspace root, then fills it.
    let config = server.root().join(".amends.toml");
    let ops = allow["edit"]["documentChanges"]
        .as_array()
        .expect("document changes");
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], file_uri(&config));
    let new_text = ops[1]["edits"][0]["newText"]
        .as_str()
        .expect("the new file's text");
    assert!(
        new_text.contains("[allow]") && new_text.contains("blame-shifting"),
        "{new_text}"
    );
    // The client applies the edit, then runs the action's command.
    std::fs::write(&config, new_text).expect("write config");
    let command = &allow["command"];
    let response = server.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    assert!(response.get("error").is_none(), "{response}");
    let after = server.diagnostics(&uri, 1);
    assert!(
        !after.iter().any(|d| d["code"] == "blame-shifting"),
        "{after:#?}"
    );
    assert!(
        after.iter().any(|d| d["code"] == "ultimatum-threat"),
        "other findings stay"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn turning_a_rule_off_edits_the_existing_config_and_keeps_its_comments() {
    let enc = Enc::Utf8;
    let mut server = start(enc, json!({}), Value::Null);
    let config = server.root().join(".amends.toml");
    let original = "# Settings for my letters to Sam\npartner = \"Sam\"\n";
    std::fs::write(&config, original).expect("write config");
    let uri = file_uri(&server.root().join("letter.txt"));
    server.open(&uri, "plaintext", LETTER);
    let diagnostics = server.diagnostics(&uri, 1);
    let threat = diagnostics
        .iter()
        .find(|d| d["code"] == "ultimatum-threat")
        .expect("threat");
    let offered = actions(&mut server, &uri, threat);
    let off = find_action(&offered, "Turn off ultimatum-threat");
    let edits = off["edit"]["changes"][file_uri(&config)]
        .as_array()
        .expect("an edit to the config");
    let mut text = original.to_string();
    apply_edits(&mut text, edits, enc);
    assert!(
        text.starts_with(original),
        "comments and settings are kept: {text}"
    );
    assert!(
        text.contains("[rules]\nultimatum-threat = \"off\""),
        "{text}"
    );
    // The editor saves the file; its watcher tells the server.
    std::fs::write(&config, &text).expect("save config");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let after = server.diagnostics(&uri, 1);
    assert!(
        !after.iter().any(|d| d["code"] == "ultimatum-threat"),
        "{after:#?}"
    );
    assert!(after.iter().any(|d| d["code"] == "blame-shifting"));
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn a_broken_config_file_is_shown_and_the_last_good_one_stays() {
    let mut server = start(Enc::Utf16, json!({}), Value::Null);
    let config = server.root().join(".amends.toml");
    std::fs::write(&config, "[rules]\nblame-shifting = \"off\"\n").expect("write config");
    let uri = file_uri(&server.root().join("letter.txt"));
    server.open(&uri, "plaintext", LETTER);
    let before = server.diagnostics(&uri, 1);
    assert!(!before.iter().any(|d| d["code"] == "blame-shifting"));
    std::fs::write(
        &config,
        "[rules]\nblame-shifting = \"off\"\npathos = \"sometimes\"\n",
    )
    .expect("break config");
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
    );
    let shown = server.wait_for(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().expect("message");
    assert_eq!(shown["params"]["type"], 1, "shown as an error");
    assert!(
        message.contains(".amends.toml:3:"),
        "names the file and line: {message}"
    );
    assert!(message.contains("stay in force"), "{message}");
    let after = server.diagnostics(&uri, 1);
    assert!(
        !after.iter().any(|d| d["code"] == "blame-shifting"),
        "the last good config stays: {after:#?}"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn a_config_error_says_what_still_applies() {
    // One bad setting: the rest of the file applies, and the message says so.
    let mut server = start(Enc::Utf16, json!({}), Value::Null);
    let config = server.root().join(".amends.toml");
    std::fs::write(
        &config,
        "[rules]\nblame-shifting = \"off\"\npathos = \"sometimes\"\n",
    )
    .expect("write config");
    let uri = file_uri(&server.root().join("letter.txt"));
    server.open(&uri, "plaintext", LETTER);
    let shown = server.wait_for(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().expect("message");
    assert!(message.contains(".amends.toml:3:"), "{message}");
    assert!(
        message.ends_with(
            "The rest of this file still applies; only this setting is left out until it is fixed."
        ),
        "{message}"
    );
    let diagnostics = server.diagnostics(&uri, 1);
    assert!(
        !diagnostics.iter().any(|d| d["code"] == "blame-shifting"),
        "the file's other setting applies: {diagnostics:#?}"
    );
    assert_eq!(server.shutdown(), Some(0));

    // A file that does not parse is left out whole, and the message says that.
    let mut server = start(Enc::Utf16, json!({}), Value::Null);
    let config = server.root().join(".amends.toml");
    std::fs::write(&config, "[rules]\nblame-shifting = \"off\"\npathos = \n")
        .expect("write config");
    let uri = file_uri(&server.root().join("letter.txt"));
    server.open(&uri, "plaintext", LETTER);
    let shown = server.wait_for(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().expect("message");
    assert!(
        message.ends_with("amends checks without this file until it is fixed."),
        "{message}"
    );
    let diagnostics = server.diagnostics(&uri, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "blame-shifting"),
        "none of the file applies: {diagnostics:#?}"
    );
    assert_eq!(server.shutdown(), Some(0));

    // A rule file with two mistakes: one message with both, and only that rule left out.
    let mut server = start(Enc::Utf16, json!({}), Value::Null);
    let root = server.root();
    std::fs::write(root.join(".amends.toml"), "packs = [\"my-rules\"]\n").expect("config");
    std::fs::create_dir_all(root.join("my-rules")).expect("rule folder");
    std::fs::write(
        root.join("my-rules/mine.toml"),
        "id = \"mine\"\nlevel = \"warnin\"\nkind = \"patern\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"x\"]\n",
    )
    .expect("rule file");
    let uri = file_uri(&root.join("letter.txt"));
    server.open(&uri, "plaintext", LETTER);
    let shown = server.wait_for(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().expect("message");
    assert!(
        message.contains("mine.toml:2:9: `warnin` is not a level (did you mean `warning`?)")
            && message.contains(
                "mine.toml:3:8: `patern` is not a kind of rule (did you mean `pattern`?)"
            ),
        "{message}"
    );
    assert!(
        message.ends_with("amends checks without this rule until it is fixed."),
        "{message}"
    );
    let diagnostics = server.diagnostics(&uri, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "blame-shifting"),
        "the other rules apply: {diagnostics:#?}"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn settings_come_from_init_options_and_configuration_changes() {
    // A client without `workspace/configuration`: options at start, then pushed settings.
    let mut server = start(
        Enc::Utf8,
        json!({}),
        json!({"rules": {"ultimatum-threat": "off"}}),
    );
    let uri = file_uri(&server.root().join("letter.txt"));
    server.open(&uri, "plaintext", LETTER);
    let first = published(&server.diagnostics(&uri, 1));
    assert!(
        !first.iter().any(|(r, _)| r == "ultimatum-threat"),
        "{first:?}"
    );
    assert!(first.iter().any(|(r, _)| r == "blame-shifting"));
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"amends": {"rules": {"blame-shifting": "hint"}}}}),
    );
    let after = server.diagnostics(&uri, 1);
    let blame = after
        .iter()
        .find(|d| d["code"] == "blame-shifting")
        .expect("still found");
    assert_eq!(blame["severity"], 4, "now a hint");
    assert!(
        after.iter().any(|d| d["code"] == "ultimatum-threat"),
        "the new settings replace the old"
    );
    assert_eq!(server.shutdown(), Some(0));

    // A client with `workspace/configuration`: the server asks, per workspace folder.
    let mut server = Server::spawn();
    server.settings = json!({"partner": "Robin", "rules": {"ultimatum-threat": "off"}});
    let root = server.root();
    std::fs::create_dir_all(&root).expect("root");
    server.request(
        "initialize",
        json!({"capabilities": {"workspace": {"configuration": true, "didChangeConfiguration": {"dynamicRegistration": false}}},
               "workspaceFolders": [{"uri": file_uri(&root), "name": "letters"}]}),
    );
    server.notify("initialized", json!({}));
    let uri = file_uri(&root.join("letter.txt"));
    server.open(
        &uri,
        "plaintext",
        "Robin made me do it. If you leave, I will hurt myself.\n",
    );
    let got = published(&server.diagnostics(&uri, 1));
    assert!(
        got.iter().any(|(r, _)| r == "blame-shifting"),
        "the partner's name counts as `you`: {got:?}"
    );
    assert!(!got.iter().any(|(r, _)| r == "ultimatum-threat"), "{got:?}");
    server.settings = json!({"partner": "Robin"});
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let got = published(&server.diagnostics(&uri, 1));
    assert!(got.iter().any(|(r, _)| r == "ultimatum-threat"), "{got:?}");
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn pull_clients_get_diagnostics_on_request_and_nothing_pushed() {
    let caps = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let mut server = start(Enc::Utf16, caps, Value::Null);
    let uri = file_uri(&server.root().join("letter.txt"));
    server.open(&uri, "plaintext", LETTER);
    let report = server.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(report["result"]["kind"], "full");
    let items = report["result"]["items"].as_array().expect("items");
    assert_eq!(
        published(items),
        expected(LETTER, Format::Plain, Enc::Utf16)
    );
    let pushed = server.drain(Duration::from_millis(500));
    assert!(
        !pushed
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "{pushed:#?}"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn documents_follow_the_language_settings_and_closing_clears() {
    let mut server = start(Enc::Utf16, json!({}), Value::Null);
    let rust = file_uri(&server.root().join("main.rs"));
    server.open(&rust, "rust", "// you made me do it\n");
    assert!(
        server.diagnostics(&rust, 1).is_empty(),
        "code is not a letter"
    );
    let letter = file_uri(&server.root().join("to-sam.letter"));
    server.open(&letter, "letter-ish", "You made me do it.\n");
    assert!(
        !server.diagnostics(&letter, 1).is_empty(),
        "*.letter files are letters"
    );
    let mail = file_uri(&server.root().join("draft.eml"));
    let email = "From: a@example.org\nSubject: you made me do it\n\nI'm sorry.\n";
    server.open(&mail, "mail", email);
    assert!(
        server.diagnostics(&mail, 1).is_empty(),
        "headers are masked"
    );
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": letter}}),
    );
    let cleared = server.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == letter
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    server.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"amends": {"languages": ["rust"]}}}),
    );
    let now = server.diagnostics(&rust, 1);
    assert_eq!(published(&now).len(), 1, "{now:#?}");
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn the_outline_names_the_parts_of_a_letter() {
    let mut server = start(Enc::Utf8, json!({}), Value::Null);
    let uri = file_uri(&server.root().join("letter.txt"));
    let letter = "Dear Sam,\n\n\
        I am writing because I owe you an apology for what I did at the party.\n\n\
        I think I lied because I was afraid of losing you, and that fear was mine to deal with.\n\n\
        I have started seeing a counsellor every week, and I am working on being honest.\n\n\
        If you are ever willing to talk, I would love to hear from you, whenever you are ready.\n\n\
        Love,\nAlex\n";
    server.open(&uri, "plaintext", letter);
    let symbols = server.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Opening", "Explanation", "Amends", "Closing"]);
    let closing = &symbols["result"][3]["range"];
    let start = offset(letter, &closing["start"], Enc::Utf8);
    assert!(
        letter[start..].starts_with("If you are ever willing"),
        "{closing}"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn a_burst_of_edits_publishes_only_the_latest_version_last() {
    let enc = Enc::Utf16;
    let mut server = start(enc, json!({}), Value::Null);
    let uri = file_uri(&server.root().join("letter.txt"));
    let mut text = LETTER.to_string();
    server.open(&uri, "plaintext", &text);
    server.diagnostics(&uri, 1);
    let edits: i64 = 200;
    for version in 2..=edits + 1 {
        let end = text.len();
        edit(&mut server, &uri, version, &mut text, end..end, "x", enc);
    }
    let last = server.diagnostics(&uri, edits + 1);
    assert_eq!(published(&last), expected(&text, Format::Plain, enc));
    // Earlier versions published before the latest were current when sent; only what
    // arrives after it would be stale.
    server.forget_held();
    let stale: Vec<i64> = server
        .drain(Duration::from_millis(500))
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(
        stale.is_empty(),
        "nothing older arrives after the latest: {stale:?}"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn protocol_errors_are_answered_not_fatal() {
    let mut server = Server::spawn();
    let early = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(
        early["error"]["code"], -32002,
        "not initialized yet: {early}"
    );
    server.request("initialize", json!({"capabilities": {}}));
    server.notify("initialized", json!({}));
    let unknown = server.request("amends/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let unopened = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///never-opened.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(
        unopened["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not open")),
        "{unopened}"
    );
    let bad_command = server.request(
        "workspace/executeCommand",
        json!({"command": "amends.createConfig", "arguments": [{"path": "/etc/passwd", "text": "x"}]}),
    );
    assert!(
        bad_command.get("error").is_some(),
        "only config files are ever written: {bad_command}"
    );
    let uri = "untitled:Untitled-1";
    server.open(uri, "plaintext", "You made me do it.");
    assert_eq!(
        published(&server.diagnostics(uri, 1)).len(),
        1,
        "unsaved buffers are checked too"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn a_client_that_does_not_wait_for_initialize_still_gets_diagnostics() {
    // `initialize`, `initialized` and `didOpen` written at once, before any answer: the
    // protocol asks clients to wait, but scripts, test clients and some editors don't.
    let mut server = Server::spawn();
    let uri = "untitled:pipelined";
    server.send_all(&[
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}),
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
            {"uri": uri, "languageId": "plaintext", "version": 1, "text": "You made me do it."}}}),
    ]);
    let init = server.wait_for(|m| m["id"] == 0 && m.get("method").is_none());
    assert!(init.get("result").is_some(), "{init}");
    assert_eq!(
        published(&server.diagnostics(uri, 1)).len(),
        1,
        "the document opened before the answer to initialize is checked"
    );
    // The session goes on as usual.
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_status_one() {
    let mut server = Server::spawn();
    server.request("initialize", json!({"capabilities": {}}));
    server.notify("exit", Value::Null);
    assert_eq!(server.exit_status(), Some(1));
}

#[test]
fn each_workspace_folder_uses_its_own_config_and_files_are_watched() {
    let mut server = Server::spawn();
    let (a, b) = (server.home.path().join("a"), server.home.path().join("b"));
    for dir in [&a, &b] {
        std::fs::create_dir_all(dir).expect("folder");
    }
    std::fs::write(
        a.join(".amends.toml"),
        "[rules]\nblame-shifting = \"off\"\n",
    )
    .expect("config a");
    server.request(
        "initialize",
        json!({"capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
               "workspaceFolders": [{"uri": file_uri(&a), "name": "a"}, {"uri": file_uri(&b), "name": "b"}]}),
    );
    server.notify("initialized", json!({}));
    let registration = server.wait_for(|m| m["method"] == "client/registerCapability");
    let registered = &registration["params"]["registrations"][0];
    assert_eq!(registered["method"], "workspace/didChangeWatchedFiles");
    let globs = registered["registerOptions"]["watchers"].to_string();
    assert!(globs.contains("**/.amends.toml"), "{globs}");
    let (in_a, in_b) = (
        file_uri(&a.join("letter.txt")),
        file_uri(&b.join("letter.txt")),
    );
    server.open(&in_a, "plaintext", "You made me do it.\n");
    server.open(&in_b, "plaintext", "You made me do it.\n");
    assert!(
        server.diagnostics(&in_a, 1).is_empty(),
        "folder a turned the rule off"
    );
    assert_eq!(
        published(&server.diagnostics(&in_b, 1)).len(),
        1,
        "folder b did not"
    );
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn a_change_to_the_writers_own_config_file_rechecks_open_documents() {
    // The user's `config.toml` lies outside every workspace folder, where no editor
    // watches for us; the server notices it appear, change and go by itself.
    let mut server = start(Enc::Utf16, json!({}), Value::Null);
    let uri = file_uri(&server.root().join("letter.txt"));
    server.open(&uri, "plaintext", "You made me do it.\n");
    assert_eq!(published(&server.diagnostics(&uri, 1)).len(), 1);
    // `Server::spawn` sets XDG_CONFIG_HOME to the temporary home's `.config`.
    let folder = server.home.path().join(".config").join("amends");
    std::fs::create_dir_all(&folder).expect("user config folder");
    let user = folder.join("config.toml");
    let published_for = |wanted: usize| {
        let uri = uri.clone();
        move |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && m["params"]["diagnostics"].as_array().map(Vec::len) == Some(wanted)
        }
    };
    std::fs::write(&user, "[rules]\nblame-shifting = \"off\"\n").expect("user config");
    server.wait_for(published_for(0));
    server.forget_held();
    std::fs::write(&user, "[rules]\nblame-shifting = \"warning\"\n").expect("changed");
    let on = server.wait_for(published_for(1));
    assert_eq!(on["params"]["diagnostics"][0]["severity"], 2, "{on}");
    server.forget_held();
    std::fs::write(&user, "[rules]\nblame-shifting = \"off\"\n").expect("off again");
    server.wait_for(published_for(0));
    server.forget_held();
    std::fs::remove_file(&user).expect("removed");
    server.wait_for(published_for(1));
    assert_eq!(server.shutdown(), Some(0));
}

#[test]
fn a_client_that_pulls_but_cannot_refresh_is_pushed_to() {
    // Neovim 0.10 and 0.11 pull, but cannot be asked to pull again after a settings
    // change; they get pushed diagnostics instead, and no pull provider is offered.
    let mut server = Server::spawn();
    let init = server.request(
        "initialize",
        json!({"capabilities": {"textDocument": {"diagnostic": {}}}}),
    );
    assert!(
        init["result"]["capabilities"]
            .get("diagnosticProvider")
            .is_none(),
        "{init}"
    );
    server.notify("initialized", json!({}));
    let uri = "untitled:draft";
    server.open(uri, "plaintext", "You made me do it.");
    assert_eq!(published(&server.diagnostics(uri, 1)).len(), 1);
    assert_eq!(server.shutdown(), Some(0));
}
