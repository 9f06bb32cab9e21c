//! A JSON-RPC client for the real `amends lsp`, shared by the language-server tests:
//! it starts the binary in a temporary HOME, reads its messages on a thread, answers the
//! server's own requests as a client would, and waits for what a test expects.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Long enough for a debug build to build the rule pack and lint under a loaded CI machine.
pub const WAIT: Duration = Duration::from_secs(30);

/// Reads the server's messages from `stdout` on a thread, in order, until it closes.
pub fn read_messages(stdout: ChildStdout) -> Receiver<Value> {
    let (tx, incoming) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    length = v.trim().parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("the server always sends Content-Length")];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let message = serde_json::from_slice(&body).expect("the server sends JSON");
            if tx.send(message).is_err() {
                return;
            }
        }
    });
    incoming
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// One running server and what the test, as its client, has received from it.
pub struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications received while waiting for something else, oldest first.
    held: Vec<Value>,
    next_id: i64,
    /// The answer to `workspace/configuration`, per item.
    pub settings: Value,
    /// Keeps the temporary HOME (and workspace) alive as long as the server.
    pub home: tempfile::TempDir,
}

impl Server {
    pub fn spawn() -> Server {
        let home = tempfile::tempdir().expect("temp home");
        let mut child = Command::new(env!("CARGO_BIN_EXE_amends"))
            .arg("lsp")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join(".config"))
            .env_remove("AMENDS_LOG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("amends lsp starts");
        let stdin = child.stdin.take().expect("stdin piped");
        let stdout = child.stdout.take().expect("stdout piped");
        let incoming = read_messages(stdout);
        Server {
            child,
            stdin,
            incoming,
            held: Vec::new(),
            next_id: 1,
            settings: Value::Null,
            home,
        }
    }

    pub fn root(&self) -> PathBuf {
        self.home.path().join("letters")
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("server reads");
        self.stdin.flush().expect("flush");
    }

    /// Writes every message in one go, as a client that does not wait for answers does.
    pub fn send_all(&mut self, messages: &[Value]) {
        let mut bytes = Vec::new();
        for message in messages {
            let body = message.to_string();
            write!(bytes, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("in memory");
        }
        self.stdin.write_all(&bytes).expect("server reads");
        self.stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response (with `result` or `error`),
    /// answering the server's own requests meanwhile.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    pub fn next(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(message) => {
                if message.get("method").is_some() && message.get("id").is_some() {
                    self.answer(&message);
                }
                Some(message)
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Answers a request from the server as a client that supports it would.
    pub fn answer(&mut self, request: &Value) {
        let result = match request["method"].as_str() {
            Some("workspace/configuration") => {
                let items = request["params"]["items"].as_array().map_or(0, Vec::len);
                Value::Array(vec![self.settings.clone(); items])
            }
            _ => Value::Null,
        };
        let id = request["id"].clone();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    /// The first message (held or new) that `matches`; panics after [`WAIT`].
    pub fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.held.iter().position(&matches) {
            return self.held.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        while let Some(message) = self.next(deadline) {
            if matches(&message) {
                return message;
            }
            self.held.push(message);
        }
        panic!(
            "no matching message within {WAIT:?}; received: {:#?}",
            self.held
        );
    }

    /// Drops the messages received so far while waiting for others.
    pub fn forget_held(&mut self) {
        self.held.clear();
    }

    /// Everything that arrives within `quiet` of the last message.
    pub fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut out = std::mem::take(&mut self.held);
        while let Some(message) = self.next(Instant::now() + quiet) {
            out.push(message);
        }
        out
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        message["params"]["diagnostics"]
            .as_array()
            .expect("a list of diagnostics")
            .clone()
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    /// Replaces the whole text of the document.
    pub fn replace(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    /// Asks for an orderly shutdown and returns the exit status.
    pub fn shutdown(mut self) -> Option<i32> {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.exit_status()
    }

    pub fn exit_status(mut self) -> Option<i32> {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server did not exit after `exit`");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
