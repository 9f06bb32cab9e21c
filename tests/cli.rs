//! The command line as a user meets it: the real binary, real files, real exit codes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn amends(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_amends"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("AMENDS_LOG")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the amends binary starts");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).expect("stdin accepts the letter");
        }
    }
    child.wait_with_output().expect("amends finishes")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", stdout(out)))
}

fn rules_of(file: &Value) -> Vec<&str> {
    file["findings"]
        .as_array()
        .expect("findings is a list")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule is a string"))
        .collect()
}

#[test]
fn human_output_of_the_samples() {
    let out = amends(
        &["check", "samples/02-sorry-but.txt", "samples/03-reply.eml"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_clean_letter_exits_zero_with_a_summary() {
    let out = amends(&["check", "tests/fixtures/letters/clean.txt"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "No findings in 1 file.\n");
}

#[test]
fn json_has_the_documented_shape_and_spans_point_at_the_text() {
    let letter = "Dear Sam,\n\nI’m sorry. Honestly, you made me do it.\n";
    let out = amends(&["check", "--format", "json", "-"], Some(letter.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["version"], 1);
    let file = &report["files"][0];
    assert_eq!(file["path"], "-");
    let finding = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "blame-shifting")
        .expect("blame is found");
    let (start, end) = (
        finding["span"]["start"].as_u64().unwrap() as usize,
        finding["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&letter[start..end], finding["text"].as_str().unwrap());
    assert!(finding["text"].as_str().unwrap().starts_with("you made me"));
    // Line 3; the curly apostrophe is one column although it is three bytes.
    assert_eq!(
        finding["start"],
        serde_json::json!({"line": 3, "column": 22})
    );
    assert_eq!(finding["severity"], "error");
    assert!(finding["fixes"].is_array());
    let summary = &report["summary"];
    assert_eq!(summary["files"], 1);
    assert_eq!(
        summary["findings"].as_u64(),
        Some(file["findings"].as_array().unwrap().len() as u64)
    );
    assert_eq!(summary["error"], 1);
}

#[test]
fn fail_on_sets_the_threshold_for_exit_status_one() {
    let warning_only = b"I'm sorry if you were hurt by what I said.";
    let default = amends(&["check", "-"], Some(warning_only));
    assert_eq!(default.status.code(), Some(0), "{}", stdout(&default));
    assert!(
        stdout(&default).contains("warning[conditional-apology]"),
        "{}",
        stdout(&default)
    );
    let strict = amends(&["check", "--fail-on", "warning", "-"], Some(warning_only));
    assert_eq!(strict.status.code(), Some(1));
    let never = amends(
        &["check", "--fail-on", "never", "-"],
        Some(b"You made me do it."),
    );
    assert_eq!(never.status.code(), Some(0));
}

#[test]
fn folders_are_walked_in_order_for_letter_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b/nested")).unwrap();
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    for name in [
        "b/nested/z.letter",
        "a.md",
        "c.txt",
        "notes.eml",
        "skip.pdf",
        ".hidden/x.txt",
        "b/y.markdown",
    ] {
        std::fs::write(root.join(name), "You made me do it.\n").unwrap();
    }
    let out = amends(&["check", "--format", "json", root.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let paths: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            Path::new(f["path"].as_str().unwrap())
                .strip_prefix(root)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "a.md",
            "b/nested/z.letter",
            "b/y.markdown",
            "c.txt",
            "notes.eml"
        ]
    );
    for file in report["files"].as_array().unwrap() {
        assert_eq!(rules_of(file), ["blame-shifting"], "{file}");
    }
}

#[test]
fn quoted_text_code_and_markup_are_not_linted() {
    let out = amends(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/letters/quoted.md",
        ],
        None,
    );
    let report = json(&out);
    assert_eq!(
        rules_of(&report["files"][0]),
        Vec::<&str>::new(),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(0));

    let email = "From: Kit <k@example.org>\nSubject: you made me\n\nI hear you.\n\nOn Mon, 2 Nov 2026, Robin wrote:\n> you made me do it\n\n-- \nKit, you made me\n";
    let out = amends(
        &["check", "--format", "json", "--input-format", "email", "-"],
        Some(email.as_bytes()),
    );
    assert_eq!(
        rules_of(&json(&out)["files"][0]),
        Vec::<&str>::new(),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_unreadable_file_exits_two_after_checking_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9, you made me").unwrap();
    let out = amends(
        &[
            "check",
            "--format",
            "json",
            "no/such/letter.txt",
            latin1.to_str().unwrap(),
            "tests/fixtures/letters/clean.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let report = json(&out);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "every file given appears");
    // In path order: the temporary folder's absolute path comes first.
    assert!(files[0]["error"].as_str().unwrap().contains("not UTF-8"));
    assert_eq!(files[1]["error"], "no such file or folder");
    assert_eq!(files[2]["findings"].as_array().unwrap().len(), 0);
    let err = stderr(&out);
    assert!(
        err.contains("error: no/such/letter.txt: no such file or folder"),
        "{err}"
    );
}

#[test]
fn a_broken_rule_file_is_located_and_exits_two() {
    let out = amends(
        &[
            "check",
            "--pack",
            "tests/fixtures/broken-pack",
            "tests/fixtures/letters/clean.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("tests/fixtures/broken-pack/bad-regex.toml:8:3: invalid pattern \"(unclosed\": unclosed group"),
        "{err}"
    );
    // The letter is still checked with the rules that did load.
    assert!(
        stdout(&out).contains("No findings in 1 file."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_user_pack_adds_rules_and_its_examples_can_be_tested() {
    let letter = b"Sorry. So sorry. I apologise again, sorry.";
    let out = amends(
        &[
            "check",
            "--pack",
            "tests/fixtures/extra-pack",
            "--format",
            "json",
            "-",
        ],
        Some(letter),
    );
    let report = json(&out);
    let finding = report["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "over-apologising")
        .expect("the user's limit rule fires")
        .clone();
    assert_eq!(
        finding["message"],
        "You apologise 4 times; more than 2 starts to read as pleading."
    );
    assert_eq!(finding["severity"], "hint");
    assert_eq!(
        finding["text"], "apologise",
        "reported at the first apology past the limit"
    );

    let out = amends(&["test-rules", "tests/fixtures/extra-pack"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("1 rules, 2 examples: 2 passed, 0 failed"),
        "{}",
        stdout(&out)
    );
    let out = amends(&["test-rules", "tests/fixtures/broken-pack"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn colour_follows_the_terminal_and_no_color() {
    let plain = amends(&["check", "-"], Some(b"You made me do it."));
    assert!(
        !stdout(&plain).contains('\x1b'),
        "piped output has no colour"
    );
    let forced = amends(
        &["check", "--color", "always", "-"],
        Some(b"You made me do it."),
    );
    assert!(stdout(&forced).contains('\x1b'), "--color always colours");
}

#[test]
fn usage_errors_say_what_to_do_and_exit_two() {
    let out = amends(&["check"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("<PATH>"), "{}", stderr(&out));
    let out = amends(&["check", "--input-format", "pdf", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("expected plain, markdown or email"),
        "{}",
        stderr(&out)
    );
    let out = amends(&["explain", "blame-shiftin"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("there is no rule `blame-shiftin`"));
}

#[test]
fn explain_and_rules_describe_the_pack() {
    let out = amends(&["explain", "blame-shifting"], None);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("blame-shifting (error, pattern rule)"),
        "{text}"
    );
    assert!(text.contains("Flagged, for example:") && text.contains("Not flagged, for example:"));
    let out = amends(&["rules"], None);
    assert!(
        stdout(&out).lines().any(|l| l.starts_with("blame-shifting")
            && l.contains("error")
            && l.contains("built-in"))
    );
}

#[test]
fn roles_label_every_sentence_in_json() {
    let letter = "I'm sorry I lied to you. I think I was scared of looking like a failure. Whenever you're ready, I'll be here.";
    let out = amends(
        &["check", "--format", "json", "--roles", "-"],
        Some(letter.as_bytes()),
    );
    let report = json(&out);
    let sentences = report["files"][0]["sentences"]
        .as_array()
        .expect("--roles lists sentences");
    let labelled: Vec<(&str, &str)> = sentences
        .iter()
        .map(|s| {
            let span = &s["span"];
            let text = &letter
                [span["start"].as_u64().unwrap() as usize..span["end"].as_u64().unwrap() as usize];
            (text, s["role"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        labelled,
        [
            ("I'm sorry I lied to you.", "apologises"),
            (
                "I think I was scared of looking like a failure.",
                "explains"
            ),
            ("Whenever you're ready, I'll be here.", "closes")
        ]
    );
    let without = json(&amends(
        &["check", "--format", "json", "-"],
        Some(letter.as_bytes()),
    ));
    assert!(
        without["files"][0].get("sentences").is_none(),
        "roles only when asked for"
    );
}

#[test]
fn ignore_files_are_honoured_outside_a_git_repository() {
    // A plain folder, not a git work tree: `.gitignore` and `.ignore` still choose.
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    std::fs::create_dir_all(drafts.join("old")).unwrap();
    for name in ["keep.txt", "secret.txt", "scratch.md", "old/first-try.txt"] {
        std::fs::write(drafts.join(name), "You made me do it.\n").unwrap();
    }
    std::fs::write(drafts.join(".gitignore"), "secret.txt\nold/\n").unwrap();
    std::fs::write(drafts.join(".ignore"), "scratch.md\n").unwrap();
    let drafts = drafts.to_str().unwrap();
    let out = amends(&["check", "--format", "json", drafts], None);
    let report = json(&out);
    let names: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Path::new(f["path"].as_str().unwrap()))
        .map(|p| p.file_name().unwrap().to_str().unwrap())
        .collect();
    assert_eq!(names, ["keep.txt"], "{}", stderr(&out));

    // `amends report` reads the same drafts.
    let out = amends(&["report", "-o", "-", drafts], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains("keep.txt"));
    for ignored in ["secret.txt", "scratch.md", "first-try.txt"] {
        assert!(!page.contains(ignored), "{ignored} is in the report");
    }
}

/// The words of a help text without its line breaks, which depend on the terminal width.
fn unwrapped(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn jobs_zero_means_one_per_core_and_a_bad_count_is_explained() {
    let letter = "tests/fixtures/letters/clean.txt";
    let out = amends(&["check", "-j", "0", letter], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "No findings in 1 file.\n");
    let out = amends(&["check", "--jobs", "many", letter], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`many` is not a number of files to check at once"),
        "{err}"
    );
    assert!(!err.contains("invalid digit"), "{err}");
    let help = unwrapped(&stdout(&amends(&["check", "--help"], None)));
    assert!(help.contains("0 (the default) for one per core"), "{help}");
}

#[test]
fn max_file_size_takes_units() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let small = dir.path().join("small.txt");
    std::fs::write(&big, "I am sorry. ".repeat(250)).unwrap(); // 3000 bytes
    std::fs::write(&small, "I am sorry.\n").unwrap();
    let (big, small) = (big.to_str().unwrap(), small.to_str().unwrap());
    for size in ["2KB", "2kb", "2k", "2K", "2 KiB", "2kib", "2000", "0.002MB"] {
        let out = amends(&["check", "--max-file-size", size, big, small], None);
        assert_eq!(out.status.code(), Some(0), "{size}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("big.txt: skipped"),
            "{size}: {}",
            stderr(&out)
        );
        assert!(
            stdout(&out).contains("in 1 file"),
            "{size}: {}",
            stdout(&out)
        );
    }
    for size in ["1MB", "1M", "1MiB", "1gb", "4KB"] {
        let out = amends(&["check", "--max-file-size", size, big, small], None);
        assert_eq!(out.status.code(), Some(0), "{size}: {}", stderr(&out));
        assert!(
            stdout(&out).contains(" 2 files."),
            "{size}: {}",
            stdout(&out)
        );
    }
    for bad in ["2XB", "MB", "-1", "1.5.2MB"] {
        let out = amends(&["check", &format!("--max-file-size={bad}"), small], None);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = stderr(&out);
        assert!(err.contains(&format!("`{bad}` is not a size")), "{err}");
    }
    let help = unwrapped(&stdout(&amends(&["check", "--help"], None)));
    assert!(
        help.contains("KB, MB, GB (1000 bytes, a million, a billion)"),
        "{help}"
    );
}

#[test]
fn check_help_says_redact_changes_the_human_format() {
    let help = unwrapped(&stdout(&amends(&["check", "--help"], None)));
    assert!(
        help.contains("the human format shows one line per finding"),
        "{help}"
    );
    // And it does.
    let out = amends(&["check", "--redact", "-"], Some(b"You made me do it.\n"));
    assert!(
        stdout(&out).starts_with("-:1:1: error[blame-shifting] "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn timeline_of_a_missing_path_says_it_does_not_exist() {
    let out = amends(&["timeline", "no/such/drafts"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no/such/drafts: there is no such folder"),
        "{err}"
    );
    assert!(!err.contains("not a folder"), "{err}");
    let out = amends(&["timeline", "tests/fixtures/letters/clean.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("clean.txt: this is a file, not a folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn files_are_reported_in_path_order_whatever_the_order_of_the_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for name in ["c/y.txt", "a/z.txt", "b.txt", "a.txt"] {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "You made me do it.\n").unwrap();
    }
    let arg = |name: &str| root.join(name).display().to_string();
    let (c, b, a_dir, a_txt) = (arg("c"), arg("b.txt"), arg("a"), arg("a.txt"));
    for args in [
        vec![c.as_str(), b.as_str(), a_dir.as_str(), a_txt.as_str()],
        vec![
            a_txt.as_str(),
            b.as_str(),
            c.as_str(),
            a_dir.as_str(),
            b.as_str(),
        ],
    ] {
        let mut full = vec!["check", "--format", "short"];
        full.extend(&args);
        let out = amends(&full, None);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let paths: Vec<String> = stdout(&out)
            .lines()
            .map(|l| {
                let path = l.split(":1:").next().unwrap();
                Path::new(path)
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(paths, ["a/z.txt", "a.txt", "b.txt", "c/y.txt"], "{args:?}");
    }
}

#[test]
fn a_missing_file_is_reported_once() {
    for format in ["human", "short", "github"] {
        let out = amends(
            &[
                "check",
                "--format",
                format,
                "no/such/letter.txt",
                "tests/fixtures/letters/clean.txt",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(2), "{format}");
        let everything = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(
            everything.matches("no such file or folder").count(),
            1,
            "{format}:\n{everything}"
        );
    }
    // JSON and SARIF hold it for programs, and stderr says it once for the person.
    let out = amends(&["check", "--format", "json", "no/such/letter.txt"], None);
    assert_eq!(
        stderr(&out).matches("no such file or folder").count(),
        1,
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_error_of_every_rule_file_is_reported_in_order_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |name: &str, text: &str| {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "b-pack/another.toml",
        "id = \"another\"\nlevel = \"hint\"\nkind = \"swap\"\nmessage = \"m\"\nexplanation = \"e\"\nnegation = \"supress\"\n\n[[swaps]]\npattern = \"x\"\nreplacment = \"y\"\n",
    );
    write(
        "a-pack/bad-one.toml",
        "id = \"bad-one\"\nlevel = \"warnin\"\nkind = \"patern\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"fine\", \"(unclosed\", \"{yuo} made me\"]\ncolour = \"red\"\n\n[[examples]]\ntext = \"fine\"\nflaged = true\n",
    );
    write(
        "a-pack/worse.toml",
        "id = \"worse\"\nlevel = \"warning\"\nkind = \"limit\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"x\"]\nmax = -1\nfamily = \"blam\"\nunless = [3]\n",
    );
    write("letter.txt", "You made me do it.\n");
    let expected = [
        "a-pack/bad-one.toml:2:9: `warnin` is not a level (did you mean `warning`?); use `error`, `warning`, `info` or `hint`",
        "a-pack/bad-one.toml:3:8: `patern` is not a kind of rule (did you mean `pattern`?); use `pattern`, `swap`, `limit`, `share`, `require`, `gap` or `revisit`",
        "a-pack/bad-one.toml:6:21: invalid pattern \"(unclosed\": unclosed group",
        "a-pack/bad-one.toml:6:34: unknown placeholder `{yuo}` (did you mean `{you}`?); the placeholders are {you}, {your}, {youre}, {im}",
        "a-pack/bad-one.toml:7:1: unknown key `colour`; a rule file may hold",
        "a-pack/bad-one.toml:11:1: unknown key `flaged` (did you mean `flagged`?); an example may hold `text`, `flagged`, `format`, `after-days`",
        "a-pack/worse.toml:7:7: `max` is a whole number, 0 or more",
        "a-pack/worse.toml:8:10: `blam` is not a family (did you mean `blame`?); use",
        "a-pack/worse.toml:9:11: each entry of `unless` is a pattern in quotes, not an integer",
        "b-pack/another.toml:6:12: `supress` is not a negation setting (did you mean `suppress`?); use `ignore` or `suppress`",
        "b-pack/another.toml:10:1: unknown key `replacment` (did you mean `replacement`?); a [[swaps]] entry may hold `pattern`, `replacement`, `title`, `safe`",
    ];
    for packs in [["b-pack", "a-pack"], ["a-pack", "b-pack"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_amends"))
            .args([
                "check",
                "--pack",
                packs[0],
                "--pack",
                packs[1],
                "letter.txt",
            ])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .env("HOME", root)
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("AMENDS_LOG")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), expected.len(), "{err}");
        for (line, want) in lines.iter().zip(expected) {
            assert!(
                line.starts_with(&format!("error: {want}")),
                "expected {want:?}, got:\n{err}"
            );
        }
        // The letter is still checked with every rule that loaded.
        assert!(
            stdout(&out).contains("error[blame-shifting]"),
            "{}",
            stdout(&out)
        );
    }
    // `test-rules` reports the same, file by file.
    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(["test-rules", "b-pack", "a-pack"])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), expected.len(), "{err}");
}

#[test]
fn a_report_named_by_a_bare_file_name_is_written_in_the_current_folder() {
    // `-o page.html` has the empty path as its parent: the page is written beside it, in
    // the folder amends runs in, through a temporary file that does not stay behind.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("letter.txt"),
        "I'm sorry. But you made me do it.\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args([
            "report",
            "--no-user-config",
            "letter.txt",
            "-o",
            "page.html",
        ])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("HOME", dir.path())
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("AMENDS_LOG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.path().join("page.html")).unwrap();
    assert!(page.contains("blame-shifting"), "{page}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["letter.txt", "page.html"]);
}
