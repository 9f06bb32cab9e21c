//! The language server against a client that gets everything wrong: broken framing,
//! broken JSON, messages out of order, edits to the wrong place, far too much text, and
//! a configuration file that breaks while the writer works.
//!
//! After each, the server must still be there for the writer: a hover on a flagged
//! phrase of an open letter is answered correctly within a second, nothing panicked, and
//! `exit` ends the process with the protocol's status (0 after `shutdown`, 1 without).

#[path = "support/lsp.rs"]
mod lsp_support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lsp_support::read_messages;
use serde_json::{Value, json};

/// The promise to the writer: a hover is answered, whatever came before. How fast is
/// measured by `bench/lsp_latency.py`, not here: a timed test fails on a loaded machine.
/// For everything else (the first lint of a debug build on a loaded machine).
const WAIT: Duration = Duration::from_secs(60);

/// The letter every test keeps open; the blame in it is what the hover must explain.
const LETTER: &str = "Dear Sam,\n\nI'm sorry. But you made me do it.\n\n\
    Whenever you are ready, if you ever want to talk, I will be here. There is no hurry.\n";

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    held: Vec<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
    home: tempfile::TempDir,
    /// The open letter's URI and text, as the server should have it.
    letter: Option<(String, String)>,
    version: i64,
}

impl Server {
    fn spawn() -> Server {
        let home = tempfile::tempdir().expect("temp home");
        std::fs::create_dir_all(home.path().join("letters")).expect("workspace");
        let mut child = Command::new(env!("CARGO_BIN_EXE_amends"))
            .args(["lsp", "--log-level", "warn"])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env_remove("AMENDS_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("amends lsp starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout piped");
        let mut stderr_pipe = child.stderr.take().expect("stderr piped");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut all = Vec::new();
            let _ = stderr_pipe.read_to_end(&mut all);
            sink.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push_str(&String::from_utf8_lossy(&all));
        });
        let incoming = read_messages(stdout);
        Server {
            child,
            stdin,
            incoming,
            held: Vec::new(),
            next_id: 1,
            stderr,
            home,
            letter: None,
            version: 1,
        }
    }

    fn root(&self) -> PathBuf {
        self.home.path().join("letters")
    }

    fn initialize(&mut self) {
        let root = self.root();
        let init = self.request(
            "initialize",
            json!({
                "processId": null,
                "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": false}}},
                "workspaceFolders": [{"uri": file_uri(&root), "name": "letters"}],
            }),
        );
        assert!(init.get("result").is_some(), "{init}");
        self.notify("initialized", json!({}));
    }

    /// A server, initialized, with the letter open and checked once (so the rules are
    /// built before anything is timed).
    fn ready() -> Server {
        let mut server = Server::spawn();
        server.initialize();
        server.open_letter();
        server
    }

    fn open_letter(&mut self) {
        let uri = file_uri(&self.root().join("letter.txt"));
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": LETTER}}),
        );
        self.letter = Some((uri.clone(), LETTER.to_string()));
        self.version = 1;
        self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin still open");
        // A server that stopped reading is caught by the checks that follow.
        let _ = stdin.write_all(bytes);
        let _ = stdin.flush();
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend(body.as_bytes());
        self.send_raw(&framed);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request_within(&mut self, method: &str, params: Value, within: Duration) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_within(|m| m["id"] == id && m.get("method").is_none(), within)
            .unwrap_or_else(|| {
                panic!(
                    "no answer to `{method}` within {within:?}; stderr: {}",
                    self.stderr()
                )
            })
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.request_within(method, params, WAIT)
    }

    /// The first message (held or new) that `matches` within `within`; the server's own
    /// requests are answered meanwhile, as a client would.
    fn wait_within(&mut self, matches: impl Fn(&Value) -> bool, within: Duration) -> Option<Value> {
        if let Some(i) = self.held.iter().position(&matches) {
            return Some(self.held.remove(i));
        }
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self.incoming.recv_timeout(left).ok()?;
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
            if matches(&message) {
                return Some(message);
            }
            self.held.push(message);
        }
    }

    fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        self.wait_within(matches, WAIT).unwrap_or_else(|| {
            panic!(
                "no matching message within {WAIT:?}; held: {:#?}; stderr: {}",
                self.held,
                self.stderr()
            )
        })
    }

    fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The promise: a hover on the blame in the open letter names the rule, within a second.
    fn hover_still_works(&mut self, after: &str) {
        let (uri, text) = self.letter.clone().expect("the letter is open");
        let at = text
            .find("you made me")
            .expect("the blame is in the letter");
        let position = utf16_position(&text, at + 4);
        let hover = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": position}),
        );
        let value = hover["result"]["contents"]["value"].as_str().unwrap_or("");
        assert!(
            value.contains("blame-shifting"),
            "after {after}: the hover does not explain the blame: {hover}"
        );
        self.no_panic(after);
    }

    fn no_panic(&self, after: &str) {
        let stderr = self.stderr();
        assert!(
            !stderr.contains("panicked"),
            "after {after}: the server panicked: {stderr}"
        );
    }

    /// Changes the open letter: `bytes` of it become `new` (the test's copy too).
    fn edit_letter(&mut self, bytes: std::ops::Range<usize>, new: &str) {
        let (uri, mut text) = self.letter.take().expect("open");
        let range = json!({"start": utf16_position(&text, bytes.start), "end": utf16_position(&text, bytes.end)});
        text.replace_range(bytes, new);
        self.version += 1;
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": self.version},
                   "contentChanges": [{"range": range, "text": new}]}),
        );
        self.letter = Some((uri, text));
    }

    fn shutdown_and_exit(mut self) -> Option<i32> {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.exit_status()
    }

    fn exit_status(mut self) -> Option<i32> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.no_panic("exit");
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the server did not exit; stderr: {}", self.stderr());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Line and UTF-16 character of a byte offset (lines end at `\n` in these tests).
fn utf16_position(text: &str, byte: usize) -> Value {
    let before = &text[..byte];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[start..].encode_utf16().count()})
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

/// The server answers a message it cannot read with a JSON-RPC error (no id: it could
/// not read one), and reads on.
fn expect_error_for_unreadable(server: &mut Server, what: &str) {
    let error = server
        .wait_within(|m| m.get("error").is_some() && m["id"].is_null(), WAIT)
        .unwrap_or_else(|| panic!("{what}: no error answered; stderr: {}", server.stderr()));
    let code = error["error"]["code"].as_i64().unwrap_or(0);
    assert!(
        code == -32700 || code == -32600,
        "{what}: a parse error or an invalid request: {error}"
    );
}

#[test]
fn malformed_json_is_answered_with_an_error_and_the_server_reads_on() {
    let mut server = Server::ready();
    let bodies: [(&str, &[u8]); 7] = [
        (
            "broken JSON",
            b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ",
        ),
        ("not JSON at all", b"you made me do it"),
        (
            "invalid UTF-8",
            b"{\"jsonrpc\": \"2.0\", \"method\": \"\xff\xfe\"}",
        ),
        ("a JSON array", b"[1, 2, 3]"),
        ("a JSON string", b"\"hello\""),
        (
            "the wrong JSON-RPC version",
            b"{\"jsonrpc\": \"1.0\", \"id\": 5, \"method\": \"shutdown\"}",
        ),
        (
            "an id of the wrong type",
            b"{\"jsonrpc\": \"2.0\", \"id\": [1], \"method\": \"shutdown\"}",
        ),
    ];
    for (what, body) in bodies {
        server.send_raw(&framed(body));
        expect_error_for_unreadable(&mut server, what);
        server.hover_still_works(what);
    }
    // Valid JSON-RPC with parameters of the wrong shape: an error for the request,
    // nothing for the notification.
    let bad = server.request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    server.notify("textDocument/didChange", json!({"textDocument": "nope"}));
    server.notify("textDocument/didOpen", json!([]));
    server.hover_still_works("parameters of the wrong shape");
    assert_eq!(server.shutdown_and_exit(), Some(0));
}

#[test]
fn broken_framing_is_survived() {
    let mut server = Server::ready();
    let hover_body =
        |id: i64| json!({"jsonrpc": "2.0", "id": id, "method": "$/amends/nothing"}).to_string();

    // A Content-Length shorter than the body: the cut message is unreadable, the rest of
    // it is skipped up to the next header.
    let body = hover_body(1001);
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len() - 10).into_bytes();
    bytes.extend(body.as_bytes());
    server.send_raw(&bytes);
    expect_error_for_unreadable(&mut server, "a Content-Length too short");
    server.hover_still_works("a Content-Length too short");

    // A Content-Length longer than the body: the next message is not swallowed.
    let body =
        json!({"jsonrpc": "2.0", "method": "$/setTrace", "params": {"value": "off"}}).to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len() + 40).into_bytes();
    bytes.extend(body.as_bytes());
    server.send_raw(&bytes);
    server.hover_still_works("a Content-Length too long");

    // A header and no body at all, alone and with the next message in the same write.
    server.send_raw(b"Content-Length: 0\r\n\r\n");
    server.hover_still_works("an empty body");
    let body = hover_body(1002);
    let mut bytes = b"Content-Length: 0\r\n\r\n".to_vec();
    bytes.extend(framed(body.as_bytes()));
    server.send_raw(&bytes);
    server.hover_still_works("an empty body before a message");

    // Headers that are no use: no length, a length that is no number, a charset we do
    // not speak, a header line that is not a header, a huge length.
    for (what, bytes) in [
        (
            "no Content-Length",
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".to_vec(),
        ),
        (
            "a Content-Length that is no number",
            b"Content-Length: twelve\r\n\r\n{}".to_vec(),
        ),
        (
            "a negative Content-Length",
            b"Content-Length: -5\r\n\r\n{}".to_vec(),
        ),
        (
            "another charset",
            b"Content-Length: 2\r\nContent-Type: application/json; charset=latin1\r\n\r\n{}"
                .to_vec(),
        ),
        (
            "garbage instead of a header",
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        (
            "a header line with no colon",
            b"Content-Length 2\r\n\r\n{}".to_vec(),
        ),
        ("bare newlines", b"\n\n\n\r\n\r\n".to_vec()),
    ] {
        server.send_raw(&bytes);
        server.hover_still_works(what);
    }
    // Every kind of error above is answered; none kills the server.
    assert_eq!(server.shutdown_and_exit(), Some(0));
}

#[test]
fn requests_before_initialize_are_refused_and_do_no_harm() {
    let mut server = Server::spawn();
    let uri = file_uri(&server.root().join("letter.txt"));
    for method in [
        "textDocument/hover",
        "textDocument/documentSymbol",
        "textDocument/codeAction",
        "shutdown",
    ] {
        let early = server.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                   "context": {"diagnostics": []}}),
        );
        assert_eq!(
            early["error"]["code"], -32002,
            "{method}: not initialized yet: {early}"
        );
    }
    // Notifications before initialize are dropped, not remembered.
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": "x"}}),
    );
    server.initialize();
    let second = server.request("initialize", json!({"capabilities": {}}));
    assert!(second.get("error").is_some(), "initialize twice: {second}");
    server.open_letter();
    server.hover_still_works("requests before initialize");
    assert_eq!(server.shutdown_and_exit(), Some(0));
}

#[test]
fn requests_after_shutdown_are_refused_and_exit_is_still_zero() {
    let mut server = Server::ready();
    let response = server.request("shutdown", Value::Null);
    assert!(response.get("error").is_none(), "{response}");
    let (uri, _) = server.letter.clone().expect("open");
    let late = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 16}}),
    );
    assert_eq!(late["error"]["code"], -32600, "after shutdown: {late}");
    let again = server.request("shutdown", Value::Null);
    assert!(again.get("error").is_some(), "shutdown twice: {again}");
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 9}, "contentChanges": [{"text": ""}]}),
    );
    server.no_panic("requests after shutdown");
    server.notify("exit", Value::Null);
    assert_eq!(server.exit_status(), Some(0));
}

#[test]
fn exit_without_shutdown_is_one_and_a_closed_stream_ends_the_server() {
    let mut server = Server::ready();
    server.hover_still_works("opening");
    server.notify("exit", Value::Null);
    assert_eq!(server.exit_status(), Some(1));

    // The editor dies: standard input closes without `exit`.
    let mut server = Server::ready();
    drop(server.stdin.take());
    assert_eq!(server.exit_status(), Some(1));
}

#[test]
fn edits_to_unopened_documents_are_ignored() {
    let mut server = Server::ready();
    let elsewhere = file_uri(&server.root().join("never-opened.txt"));
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": elsewhere, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]}),
    );
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "not a uri", "version": 2}, "contentChanges": []}),
    );
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": elsewhere}}),
    );
    server.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": elsewhere}}),
    );
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": elsewhere}, "position": {"line": 0, "character": 0}}),
    );
    assert!(hover.get("error").is_some(), "{hover}");
    let actions = server.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": elsewhere},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert!(actions.get("error").is_some(), "{actions}");
    // Opening the same document twice replaces it; closing it twice is harmless.
    server.open_letter();
    server.hover_still_works("edits to unopened documents");
    assert_eq!(server.shutdown_and_exit(), Some(0));
}

#[test]
fn edits_out_of_range_are_clamped() {
    let mut server = Server::ready();
    let (uri, _) = server.letter.clone().expect("open");
    let change = |start: (u64, u64), end: (u64, u64), text: &str| {
        json!({"range": {"start": {"line": start.0, "character": start.1},
                         "end": {"line": end.0, "character": end.1}}, "text": text})
    };
    // Appended past the end; a reversed range far out; positions at u32::MAX; a position
    // inside the line break. None of them may touch the blame on line 2.
    let changes = [
        change((400, 3), (900, 0), "\nLove, Alex"),
        change((u32::MAX as u64, u32::MAX as u64), (5000, 2), "\nP.S."),
        change((0, 9999), (0, 9999), "!"),
        change((3, 1000), (1, 0), ""),
    ];
    for (i, c) in changes.into_iter().enumerate() {
        server.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2 + i}, "contentChanges": [c]}),
        );
    }
    // Numbers too large for the protocol's unsigned integers are rejected, not wrapped.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 20},
               "contentChanges": [{"range": {"start": {"line": -1, "character": 0},
                                             "end": {"line": 1e20, "character": 0}}, "text": "x"}]}),
    );
    // Start over from a known text and check the hover lands on the blame.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 30}, "contentChanges": [{"text": LETTER}]}),
    );
    server.letter = Some((uri, LETTER.to_string()));
    server.version = 30;
    server.hover_still_works("edits out of range");
    assert_eq!(server.shutdown_and_exit(), Some(0));
}

#[test]
fn a_twenty_megabyte_document_does_not_stop_the_server() {
    let mut server = Server::ready();
    let paragraph = "I keep thinking about that night and what I said to you. \
        I was wrong, and there is no excuse for it. I am sorry.\n\n";
    let mut big = String::with_capacity(20 * 1024 * 1024 + paragraph.len());
    while big.len() < 20 * 1024 * 1024 {
        big.push_str(paragraph);
    }
    big.push_str("Honestly, you made me do it.\n");
    let uri = file_uri(&server.root().join("huge.txt"));
    let sending = Instant::now();
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": big}}),
    );
    drop(big);
    server.hover_still_works("a 20 MB document");
    // Reading it is linear: a debug build takes well under a second on a quiet machine.
    let took = sending.elapsed();
    assert!(
        took < Duration::from_secs(10),
        "reading 20 MB took {took:?}"
    );
    // Editing the huge document is applied in place, and the letter still answers.
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "Dear Sam,\n"}]}),
    );
    server.hover_still_works("an edit to a 20 MB document");
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    server.hover_still_works("closing a 20 MB document");
    assert_eq!(server.shutdown_and_exit(), Some(0));
}

#[test]
fn a_thousand_edits_in_a_burst() {
    let mut server = Server::ready();
    // Type a thousand characters at the start, each its own change, in one write.
    let (uri, mut text) = server.letter.clone().expect("open");
    let mut burst = Vec::new();
    for i in 0..1000 {
        let version = server.version + 1 + i;
        let c = ["a", "é", "😀", " ", "\n"][i as usize % 5];
        burst.extend(framed(
            json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
                   "params": {"textDocument": {"uri": uri, "version": version},
                              "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": c}]}})
                .to_string()
                .as_bytes(),
        ));
        text.insert_str(0, c);
    }
    server.version += 1000;
    server.send_raw(&burst);
    server.letter = Some((uri.clone(), text.clone()));
    server.hover_still_works("a thousand edits in a burst");
    // The last version is published, with the blame where the test's copy has it.
    let version = server.version;
    let published = server.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == version
    });
    let blame = published["params"]["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["code"] == "blame-shifting").cloned())
        .expect("the blame is still found");
    let at = text.find("you made me").expect("blame");
    assert_eq!(
        blame["range"]["start"],
        utf16_position(&text, at),
        "{blame}"
    );
    // And a burst of edits that each delete what the last one typed.
    for _ in 0..200 {
        server.edit_letter(0..0, "xyz");
        server.edit_letter(0..3, "");
    }
    server.hover_still_works("typing and deleting");
    assert_eq!(server.shutdown_and_exit(), Some(0));
}

#[test]
fn a_config_file_that_turns_bad_mid_session() {
    let mut server = Server::spawn();
    let config = server.root().join(".amends.toml");
    std::fs::write(&config, "partner = \"Robin\"\n[rules]\npathos = \"off\"\n").expect("config");
    server.initialize();
    server.open_letter();
    server.hover_still_works("a good config");
    let changed = |server: &mut Server| {
        server.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": file_uri(&config), "type": 2}]}),
        );
    };
    let bad: [(&str, &[u8]); 5] = [
        ("a TOML syntax error", b"partner = \"Robin\n[rules\n"),
        (
            "an unknown rule",
            b"[rules]\nblame-shifting-typo = \"off\"\n",
        ),
        (
            "a pattern that does not compile",
            b"[rules.blame-shifting]\npatterns = ['(']\n",
        ),
        ("bytes that are not UTF-8", b"partner = \"\xff\xfe\"\n"),
        (
            "an enormous pattern",
            b"[rules.pathos]\npatterns = ['(?:a{1000}){1000}']\n",
        ),
    ];
    for (what, text) in bad {
        std::fs::write(&config, text).expect("break the config");
        changed(&mut server);
        let shown = server.wait_for(|m| m["method"] == "window/showMessage");
        assert_eq!(
            shown["params"]["type"], 1,
            "{what}: shown as an error: {shown}"
        );
        server.hover_still_works(what);
    }
    // The file becomes a folder, then disappears, then comes back good.
    std::fs::remove_file(&config).expect("remove");
    std::fs::create_dir(&config).expect("a folder named like the config");
    changed(&mut server);
    server.hover_still_works("the config becoming a folder");
    std::fs::remove_dir(&config).expect("remove folder");
    changed(&mut server);
    server.hover_still_works("the config disappearing");
    std::fs::write(&config, "[rules]\npathos = \"off\"\n").expect("good again");
    changed(&mut server);
    server.hover_still_works("the config fixed");
    // A change notification about files that do not exist, or are not files.
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": "file:///nowhere/.amends.toml", "type": 3}, {"uri": "untitled:x", "type": 1}]}),
    );
    server.hover_still_works("changes to files that are not there");
    assert_eq!(server.shutdown_and_exit(), Some(0));
}
