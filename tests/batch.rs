//! `amends check` in pipelines: every output format, redaction, globs and ignore files,
//! standard input with a name, safe fixes and diffs, ordering across runs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn amends_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let home = tempfile::tempdir().expect("temp home");
    let mut child = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env_remove("AMENDS_LOG")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("amends starts");
    {
        let mut pipe = child.stdin.take().expect("stdin piped");
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).expect("stdin written");
        }
    }
    child.wait_with_output().expect("amends finishes")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const LETTER: &str = "Dear Sam,\n\nI'm sorry if you were hurt by the things I said.\nBut honestly, you made me do it.\n\nIf you don't answer by Friday, we're done.\n";

/// A folder with the letter in it, and the letter's path inside.
fn folder_with_letter() -> (tempfile::TempDir, &'static str) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("drafts")).expect("drafts");
    std::fs::write(dir.path().join("drafts/to-sam.txt"), LETTER).expect("letter");
    (dir, "drafts/to-sam.txt")
}

#[test]
fn sarif_has_the_required_structure_with_rules_results_and_fixes() {
    let (dir, letter) = folder_with_letter();
    let out = amends_in(dir.path(), &["check", "--format", "sarif", letter], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    // Required by the 2.1.0 schema: version, runs; each run a tool with a named driver;
    // each result a message; rule descriptors an id.
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "amends");
    let rules = driver["rules"].as_array().expect("rules");
    assert!(rules.len() >= 14, "one descriptor per rule in force");
    for rule in rules {
        assert!(rule["id"].is_string());
        assert!(
            rule["help"]["text"].as_str().is_some_and(|t| t.len() > 100),
            "{rule}"
        );
        assert!(matches!(
            rule["defaultConfiguration"]["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
    }
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        assert!(result["message"]["text"].is_string());
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "the index points at the rule"
        );
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "drafts/to-sam.txt");
        let region = &location["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(region["startColumn"].as_u64().is_some_and(|c| c >= 1));
    }
    let blame = results
        .iter()
        .find(|r| r["ruleId"] == "blame-shifting")
        .expect("blame");
    let region = &blame["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 4);
    assert_eq!(region["startColumn"], 15);
    assert_eq!(region["snippet"]["text"], "you made me do");
    let conditional = results
        .iter()
        .find(|r| r["ruleId"] == "conditional-apology")
        .expect("conditional");
    let replacement = &conditional["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "sorry I hurt you");
    assert_eq!(replacement["deletedRegion"]["startLine"], 3);
    assert_eq!(run["columnKind"], "unicodeCodePoints");
}

#[test]
fn github_annotations_parse_back_to_the_findings() {
    let (dir, letter) = folder_with_letter();
    let json = amends_in(dir.path(), &["check", "--format", "json", letter], None);
    let report: Value = serde_json::from_slice(&json.stdout).expect("json");
    let findings = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .clone();
    let out = amends_in(dir.path(), &["check", "--format", "github", letter], None);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = stdout(&out).lines().map(String::from).collect();
    assert_eq!(lines.len(), findings.len(), "{}", stdout(&out));
    for (line, finding) in lines.iter().zip(&findings) {
        let (command, rest) = line[2..].split_once(' ').expect("::level props::message");
        let (props, message) = rest.split_once("::").expect("props::message");
        let props: std::collections::HashMap<&str, &str> = props
            .split(',')
            .map(|p| p.split_once('=').expect("key=value"))
            .collect();
        let level = match finding["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "notice",
        };
        assert_eq!(command, level);
        assert_eq!(props["file"], "drafts/to-sam.txt");
        assert_eq!(props["title"], finding["rule"].as_str().expect("rule"));
        assert_eq!(props["line"], finding["start"]["line"].to_string());
        assert_eq!(props["col"], finding["start"]["column"].to_string());
        assert_eq!(props["endLine"], finding["end"]["line"].to_string());
        assert_eq!(props["endColumn"], finding["end"]["column"].to_string());
        assert_eq!(message, finding["message"].as_str().expect("message"));
    }
}

#[test]
fn short_is_one_grep_friendly_line_per_finding() {
    let (dir, letter) = folder_with_letter();
    let out = amends_in(dir.path(), &["check", "--format", "short", letter], None);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l
                .starts_with("drafts/to-sam.txt:4:15: error[blame-shifting] This puts the cause")),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l.starts_with("drafts/to-sam.txt:")),
        "{text}"
    );
}

#[test]
fn redact_leaves_no_word_of_the_letter_in_any_format() {
    let (dir, letter) = folder_with_letter();
    let plain = amends_in(dir.path(), &["check", "--format", "json", letter], None);
    let report: Value = serde_json::from_slice(&plain.stdout).expect("json");
    let flagged: Vec<String> = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .flat_map(|f| {
            let mut words = vec![f["text"].as_str().expect("text").to_string()];
            words.extend(
                f["fixes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|x| x["replacement"].as_str().expect("replacement").to_string()),
            );
            words
        })
        .collect();
    assert!(flagged.len() >= 4, "{flagged:?}");
    for format in ["human", "json", "sarif", "github", "short"] {
        let out = amends_in(
            dir.path(),
            &["check", "--redact", "--format", format, letter],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{format}");
        let mut text = stdout(&out);
        assert!(
            text.contains("blame-shifting"),
            "{format}: findings still listed"
        );
        if format == "sarif" {
            // The rule descriptions quote example phrases; only the results are the letter's.
            let log: Value = serde_json::from_str(&text).expect("sarif");
            text = log["runs"][0]["results"].to_string();
        }
        for words in &flagged {
            assert!(
                !text.contains(words.as_str()),
                "{format} leaks {words:?}:\n{text}"
            );
        }
    }
    let json = amends_in(
        dir.path(),
        &["check", "--redact", "--format", "json", letter],
        None,
    );
    let report: Value = serde_json::from_slice(&json.stdout).expect("json");
    let blame = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "blame-shifting")
        .expect("blame")
        .clone();
    assert_eq!(blame["text"], "[redacted: 14 characters at 4:15]");
}

#[test]
fn redacted_sarif_carries_no_fixes() {
    let (dir, letter) = folder_with_letter();
    let plain = amends_in(dir.path(), &["check", "--format", "sarif", letter], None);
    let log: Value = serde_json::from_slice(&plain.stdout).expect("sarif");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(
        results.iter().any(|r| r.get("fixes").is_some()),
        "the letter has a finding with a fix: {results:#?}"
    );
    let count = results.len();
    let redacted = amends_in(
        dir.path(),
        &["check", "--redact", "--format", "sarif", letter],
        None,
    );
    let log: Value = serde_json::from_slice(&redacted.stdout).expect("sarif");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), count, "every finding is still there");
    for result in results {
        assert!(result.get("fixes").is_none(), "{result:#}");
    }
}

#[test]
fn globs_and_gitignore_choose_the_files() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    for name in [
        "keep/a.txt",
        "keep/b.draft",
        "old/c.txt",
        "ignored/d.txt",
        "e.md",
    ] {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, "You made me do it.\n").expect("draft");
    }
    // `.ignore` files count anywhere (`.gitignore` too: see tests/cli.rs).
    std::fs::write(root.join(".ignore"), "ignored/\n").expect("ignore file");
    let paths = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = amends_in(root, &all, None);
        let report: Value = serde_json::from_slice(&out.stdout).expect("json");
        report["files"]
            .as_array()
            .expect("files")
            .iter()
            .map(|f| f["path"].as_str().expect("path").to_string())
            .collect()
    };
    assert_eq!(paths(&["."]), ["./e.md", "./keep/a.txt", "./old/c.txt"]);
    assert_eq!(
        paths(&["--exclude", "old/**", "."]),
        ["./e.md", "./keep/a.txt"]
    );
    assert_eq!(
        paths(&["--include", "*.draft", "--include", "*.md", "."]),
        ["./e.md", "./keep/b.draft"]
    );
    let bad = amends_in(root, &["check", "--include", "[", "."], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--include ["), "{}", stderr(&bad));
}

#[test]
fn stdin_filename_picks_format_config_and_name() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir_all(dir.path().join("letters")).expect("letters");
    std::fs::write(
        dir.path().join("letters/.amends.toml"),
        "[rules]\nultimatum-threat = \"off\"\n",
    )
    .expect("config");
    // In Markdown the quoted line is masked; as plain text it would not be.
    let text = "> You made me do it, you said.\n\nIf you don't answer by Friday, we're done. You made me do it.\n";
    let out = amends_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "letters/draft.md",
            "-",
        ],
        Some(text.as_bytes()),
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let file = &report["files"][0];
    assert_eq!(file["path"], "letters/draft.md");
    assert_eq!(file["format"], "markdown");
    let rules: Vec<&str> = file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(rules, ["blame-shifting"], "the folder's config applies");
    assert_eq!(file["findings"][0]["start"]["line"], 3);
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn diff_shows_safe_rewrites_and_fix_applies_them_keeping_permissions() {
    let (dir, letter) = folder_with_letter();
    let path = dir.path().join(letter);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let diff = amends_in(dir.path(), &["check", "--diff", letter], None);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    let text = stdout(&diff);
    assert!(text.contains("--- a/drafts/to-sam.txt"), "{text}");
    assert!(
        text.contains("-I'm sorry if you were hurt by the things I said."),
        "{text}"
    );
    assert!(
        text.contains("+I'm sorry I hurt you by the things I said."),
        "{text}"
    );
    assert!(
        !text.contains("+But honestly"),
        "blame has no safe rewrite: {text}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        LETTER,
        "--diff never writes"
    );

    let fix = amends_in(
        dir.path(),
        &["check", "--fix", "--format", "short", letter],
        None,
    );
    assert!(
        stderr(&fix).contains("Applied 1 safe rewrite in 1 file."),
        "{}",
        stderr(&fix)
    );
    let fixed = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        fixed,
        LETTER.replace("sorry if you were hurt", "sorry I hurt you")
    );
    assert!(
        !stdout(&fix).contains("conditional-apology"),
        "only what is left is reported"
    );
    assert!(stdout(&fix).contains("blame-shifting"));
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600, "permissions kept");
    let again = amends_in(dir.path(), &["check", "--diff", letter], None);
    assert_eq!(again.status.code(), Some(0), "nothing left to rewrite");
    assert_eq!(stdout(&again), "");
    let no_stdin = amends_in(dir.path(), &["check", "--fix", "-"], Some(b"x"));
    assert_eq!(no_stdin.status.code(), Some(2));
}

#[test]
fn output_is_identical_across_runs_and_job_counts() {
    let dir = tempfile::tempdir().expect("dir");
    for i in 0..60 {
        let sub = dir.path().join(format!("batch{}", i % 4));
        std::fs::create_dir_all(&sub).expect("dir");
        let text = if i % 3 == 0 {
            LETTER.to_string()
        } else {
            format!("Dear Sam,\n\nI lied to you about {i} things. I am sorry.\n")
        };
        std::fs::write(sub.join(format!("{i:03}.txt")), text).expect("draft");
    }
    let run = |jobs: &str| {
        stdout(&amends_in(
            dir.path(),
            &["check", "--format", "short", "-j", jobs, "."],
            None,
        ))
    };
    let serial = run("1");
    assert_eq!(serial.lines().count(), 20 * 3, "{serial}");
    assert_eq!(run("2"), serial);
    assert_eq!(run("8"), serial);
    let mut sorted: Vec<&str> = serial.lines().collect();
    sorted.sort_by_key(|l| l.split(':').next().map(String::from));
    assert_eq!(sorted, serial.lines().collect::<Vec<_>>(), "sorted by path");
}

#[test]
fn unused_allow_entries_are_listed() {
    let (dir, letter) = folder_with_letter();
    std::fs::write(
        dir.path().join(".amends.toml"),
        "[allow]\nblame-shifting = [\"you made me do it\", \"you forced me\"]\n",
    )
    .expect("config");
    let out = amends_in(
        dir.path(),
        &["check", "--report-unused-allow", letter],
        None,
    );
    let err = stderr(&out);
    assert!(
        err.contains("\"you forced me\" for blame-shifting silenced nothing"),
        "{err}"
    );
    assert!(
        !err.contains("\"you made me do it\" for"),
        "that one is used: {err}"
    );
    assert!(
        !stdout(&out).contains("blame-shifting"),
        "the allowed phrase is silenced"
    );
}

#[test]
fn emails_are_decoded_and_findings_point_at_the_file_on_disk() {
    let dir = tempfile::tempdir().expect("dir");
    let qp = "From: Alex <alex@example.org>\r\nTo: Sam <sam@example.org>\r\nSubject: =?utf-8?q?I=E2=80=99m_sorry?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nDear Sam,\r\n\r\nI know I hurt you and I=E2=80=99m not going to pretend otherwise. But honestly, you made =\r\nme do it.\r\n\r\nOn Tue, 3 Nov 2026, Sam wrote:\r\n> If you don't call me back by tonight, we're done.\r\n";
    std::fs::write(dir.path().join("qp.eml"), qp).expect("qp");
    let body = "Dear Sam,\n\nI miss you every day. If you don't answer by Friday, we're done.\n";
    let encoded = base64(body.as_bytes());
    let b64 = format!(
        "From: Alex <alex@example.org>\nSubject: hi\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n{}\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p>You made me do it.</p>\n--b1--\n",
        encoded
            .as_bytes()
            .chunks(20)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    std::fs::write(dir.path().join("b64.eml"), &b64).expect("b64");
    let out = amends_in(dir.path(), &["check", "--format", "json", "."], None);
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let files = report["files"].as_array().expect("files");
    let file = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .expect("file reported")
    };
    let rules = |f: &Value| -> Vec<String> {
        f["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|x| x["rule"].as_str().expect("rule").to_string())
            .collect()
    };
    // Quoted-printable: the soft line break is inside the flagged words; the quoted
    // reply's ultimatum is the partner's, not the writer's.
    let qp_file = file("qp.eml");
    assert_eq!(rules(qp_file), ["blame-shifting"], "{qp_file}");
    let blame = &qp_file["findings"][0];
    // The span is the file's bytes; the text shown is the decoded words.
    assert_eq!(blame["text"], "you made me do");
    assert_eq!(blame["start"]["line"], 10);
    let start = blame["span"]["start"].as_u64().expect("start") as usize;
    assert!(qp[start..].starts_with("you made ="));
    // Base64 in a multipart message: the plain part is read, and the finding points into
    // the encoded lines, not at the headers or the HTML part.
    let b64_file = file("b64.eml");
    assert_eq!(rules(b64_file), ["ultimatum-threat"], "{b64_file}");
    let line = b64_file["findings"][0]["start"]["line"]
        .as_u64()
        .expect("line") as usize;
    let body_lines = 10..10 + encoded.len().div_ceil(20);
    assert!(
        body_lines.contains(&line),
        "line {line} is not in {body_lines:?}"
    );
}

/// Standard base64, for building test messages.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn a_hostile_folder_is_checked_file_by_file() {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    std::fs::write(root.join("good.txt"), "You made me do it.\n").expect("good");
    std::fs::write(root.join("latin1.txt"), b"Caf\xe9. You made me do it.\n").expect("latin1");
    let mut binary = b"PK\x03\x04".to_vec();
    binary.extend(std::iter::repeat_n(0u8, 64));
    std::fs::write(root.join("photo.txt"), &binary).expect("binary");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Dear Sam,\r\n\r\nYou made me do it.\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(root.join("windows.txt"), utf16).expect("utf16");
    std::fs::write(root.join("huge.txt"), "I'm sorry. ".repeat(20)).expect("huge");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("loop-b.txt"), root.join("loop-a.txt")).expect("link");
        std::os::unix::fs::symlink(root.join("loop-a.txt"), root.join("loop-b.txt")).expect("link");
    }
    let out = amends_in(
        root,
        &[
            "check",
            "--format",
            "short",
            "--max-file-size",
            "150",
            ".",
            "loop-a.txt",
        ],
        None,
    );
    let (text, err) = (stdout(&out), stderr(&out));
    // The non-UTF-8 file and the symlink loop are errors: exit 2, named once (in the
    // report, which has a line for them), the rest checked.
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        text.contains("./latin1.txt:1:1: error[unreadable] is not UTF-8"),
        "{text}"
    );
    assert!(!err.contains("latin1.txt"), "{err}");
    assert!(text.contains("loop-a.txt:1:1: error[unreadable]"), "{text}");
    assert!(
        text.contains("./good.txt:1:1: error[blame-shifting]"),
        "{text}"
    );
    // UTF-16 with a byte-order mark is decoded and checked.
    assert!(
        text.contains("./windows.txt:3:1: error[blame-shifting]"),
        "{text}"
    );
    // Binary and oversized files are skipped with a note, not reported as letters.
    assert!(
        err.contains("note: ./photo.txt: skipped: it looks like a binary file"),
        "{err}"
    );
    assert!(
        err.contains(
            "note: ./huge.txt: skipped: it is 220 bytes, more than --max-file-size (150 bytes)"
        ),
        "{err}"
    );
    assert!(
        !text.contains("photo.txt") && !text.contains("huge.txt"),
        "{text}"
    );
}

#[test]
fn a_folder_of_many_empty_files_is_no_trouble() {
    let dir = tempfile::tempdir().expect("dir");
    for batch in 0..100 {
        let sub = dir.path().join(format!("{batch:03}"));
        std::fs::create_dir(&sub).expect("dir");
        for i in 0..1000 {
            std::fs::File::create(sub.join(format!("{i:04}.txt"))).expect("file");
        }
    }
    let out = amends_in(dir.path(), &["check", "."], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "No findings in 100000 files.\n");
}

#[cfg(unix)]
#[test]
fn fix_killed_midway_leaves_each_file_old_or_new() {
    let dir = tempfile::tempdir().expect("dir");
    let fixed = LETTER.replace("sorry if you were hurt", "sorry I hurt you");
    for i in 0..400 {
        std::fs::write(dir.path().join(format!("{i:03}.txt")), LETTER).expect("draft");
    }
    for delay_ms in [5, 40, 150] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_amends"))
            .args(["check", "--fix", "--no-user-config", "-j", "2", "."])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("amends starts");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for i in 0..400 {
            let text =
                std::fs::read_to_string(dir.path().join(format!("{i:03}.txt"))).expect("read");
            assert!(
                text == LETTER || text == fixed,
                "file {i} is partial after a kill at {delay_ms} ms: {text:?}"
            );
        }
    }
}
