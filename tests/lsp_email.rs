//! An `.eml` draft gives the same findings in the editor as from `amends check`: both read
//! the MIME message and check its decoded body (issue #18). The JSON-RPC client is
//! `support/lsp.rs`.

#[path = "support/lsp.rs"]
mod lsp_support;

use std::process::Command;

use lsp_support::{Server, file_uri};
use serde_json::{Value, json};

/// Quoted-printable, with a soft line break inside the blamed words and an encoded
/// apostrophe: undecoded, "wou=\nldn=E2=80=99t" matches nothing.
const QP_EMAIL: &str = "From: a@example.org\nTo: b@example.org\nSubject: sorry\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nI=E2=80=99m sorry. If you hadn=E2=80=99t ignored me I wou=\nldn=E2=80=99t have done it.\n";

/// (rule, start line, start column, end line, end column), 0-based, from either edge.
type Place = (String, u64, u64, u64, u64);

fn from_check(path: &std::path::Path) -> Vec<Place> {
    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(["check", "--format", "json"])
        .arg(path)
        .env("HOME", "/nonexistent")
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .output()
        .expect("amends runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let n = |v: &Value| v.as_u64().expect("number") - 1;
            (
                f["rule"].as_str().expect("rule").to_string(),
                n(&f["start"]["line"]),
                n(&f["start"]["column"]),
                n(&f["end"]["line"]),
                n(&f["end"]["column"]),
            )
        })
        .collect()
}

#[test]
fn an_encoded_email_gets_the_same_findings_in_the_editor_as_from_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("draft.eml");
    std::fs::write(&path, QP_EMAIL).expect("draft");
    let expected = from_check(&path);
    assert!(
        expected.iter().any(|p| p.0 == "blame-shifting"),
        "check finds the blame across the soft line break: {expected:?}"
    );

    let mut server = Server::spawn();
    server.request(
        "initialize",
        json!({"processId": null, "capabilities": {}, "rootUri": null}),
    );
    server.notify("initialized", json!({}));
    let uri = file_uri(&path);
    server.open(&uri, "mail", QP_EMAIL);
    let got: Vec<Place> = server
        .diagnostics(&uri, 1)
        .iter()
        .map(|d| {
            let n = |v: &Value| v.as_u64().expect("number");
            let r = &d["range"];
            (
                d["code"].as_str().expect("code").to_string(),
                n(&r["start"]["line"]),
                n(&r["start"]["character"]),
                n(&r["end"]["line"]),
                n(&r["end"]["character"]),
            )
        })
        .collect();
    assert_eq!(got, expected);
}
