//! Series of dated drafts as a writer meets them: folders of drafts dated by front matter
//! or file name, unsent drafts, the series rules and their settings, `amends timeline`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use amends::series::{Draft, Series};
use amends::{Document, DraftKind, Format, Linter, Pack};
use serde_json::Value;

fn amends_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("AMENDS_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("amends runs");
    {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        if let Some(text) = stdin {
            pipe.write_all(text.as_bytes()).expect("stdin is read");
        }
    }
    child.wait_with_output().expect("amends finishes")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `amends check --format json` over `dir` (run inside it): each file's name with its
/// report.
fn check_json(dir: &Path, extra: &[&str]) -> Vec<(String, Value)> {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    args.push(".");
    let out = amends_in(dir, &args, None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().expect("path");
            let name = Path::new(path).file_name().expect("name");
            (name.to_string_lossy().into_owned(), f.clone())
        })
        .collect()
}

fn file<'a>(report: &'a [(String, Value)], name: &str) -> &'a Value {
    &report
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} is in the report"))
        .1
}

fn rules(file: &Value) -> Vec<String> {
    file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule").to_string())
        .collect()
}

/// A folder holding `files` as (name, text), and nothing else.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write draft");
    }
    dir
}

const LETTER: &str = "Dear Sam,\n\nI lied to you about where I was, for weeks. I'm sorry.\n";
const LIGHT: &str = "Hi Sam,\n\nSaw a heron by the canal today and thought of your drawings.\n";

#[test]
fn drafts_are_dated_by_front_matter_or_by_file_name() {
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        // Front matter wins over the file name, and gives a time.
        (
            "2026-01-01-misnamed.md",
            "---\ndate: 2026-03-05 08:15\n---\nHi Sam,\n\nThe daffodils are out.\n",
        ),
        ("heron.md", &format!("---\ndate: 2026-03-20\n---\n{LIGHT}")),
        ("notes.txt", "Things to remember: be patient.\n"),
    ]);
    let report = check_json(dir.path(), &[]);
    let draft = |name: &str| file(&report, name)["draft"].clone();
    assert_eq!(
        draft("2026-03-01-letter.txt"),
        serde_json::json!({"date": "2026-03-01", "kind": "letter", "sent": true})
    );
    assert_eq!(
        draft("2026-01-01-misnamed.md"),
        serde_json::json!({"date": "2026-03-05 08:15", "kind": "follow-up", "sent": true,
            "days_since_previous": 4, "days_since_letter": 4})
    );
    assert_eq!(draft("heron.md")["days_since_previous"], 15);
    assert_eq!(draft("heron.md")["date"], "2026-03-20");
    // Undated files are ordinary letters, outside the series.
    assert!(file(&report, "notes.txt").get("draft").is_none());
    // The draft 4 days after the letter is too soon; its finding sits on the date line.
    let misnamed = file(&report, "2026-01-01-misnamed.md");
    assert_eq!(rules(misnamed), ["contact-too-frequent"]);
    let finding = &misnamed["findings"][0];
    assert_eq!(finding["text"], "date: 2026-03-05 08:15");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        finding["message"],
        "4 days since your last message; waiting 7 days or more gives them room."
    );
    assert!(rules(file(&report, "heron.md")).is_empty());
}

#[test]
fn a_draft_dated_by_its_file_name_has_its_finding_on_its_first_line_of_prose() {
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        (
            "2026-03-03-note.md",
            &format!("---\ntitle: x\n---\n\n{LIGHT}"),
        ),
    ]);
    let report = check_json(dir.path(), &[]);
    let note = file(&report, "2026-03-03-note.md");
    assert_eq!(rules(note), ["contact-too-frequent"]);
    assert_eq!(note["findings"][0]["text"], "Hi Sam,");
    assert_eq!(
        note["findings"][0]["message"],
        "2 days since your last message; waiting 7 days or more gives them room."
    );
}

#[test]
fn unsent_drafts_are_measured_from_the_last_sent_message_and_do_not_count_as_one() {
    let unsent = |text: &str| format!("---\nsent: false\n---\n{text}");
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        // Two unsent versions of one note, a day apart: neither is too soon after the
        // other, because neither went out; both are 10 and 11 days after the letter.
        ("2026-03-11-first-try.md", &unsent(LIGHT)),
        ("2026-03-12-second-try.md", &unsent(LIGHT)),
        // The first follow-up that went out: measured from the letter, 14 days on.
        ("2026-03-15-sent.md", LIGHT),
        ("2026-03-17-next.md", &unsent(LIGHT)),
    ]);
    let report = check_json(dir.path(), &[]);
    let draft = |name: &str| file(&report, name)["draft"].clone();
    assert_eq!(draft("2026-03-11-first-try.md")["sent"], false);
    assert_eq!(draft("2026-03-11-first-try.md")["days_since_previous"], 10);
    assert_eq!(draft("2026-03-12-second-try.md")["days_since_previous"], 11);
    assert_eq!(draft("2026-03-15-sent.md")["days_since_previous"], 14);
    assert_eq!(draft("2026-03-17-next.md")["days_since_previous"], 2);
    for quiet in [
        "2026-03-11-first-try.md",
        "2026-03-12-second-try.md",
        "2026-03-15-sent.md",
    ] {
        assert!(rules(file(&report, quiet)).is_empty(), "{quiet}");
    }
    assert_eq!(
        rules(file(&report, "2026-03-17-next.md")),
        ["contact-too-frequent"]
    );
}

#[test]
fn the_gap_can_be_set_per_folder_in_configuration() {
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        ("2026-03-10-heron.txt", LIGHT),
    ]);
    let report = check_json(dir.path(), &[]);
    assert!(rules(file(&report, "2026-03-10-heron.txt")).is_empty());
    std::fs::write(
        dir.path().join(".amends.toml"),
        "[rules.contact-too-frequent]\nlevel = \"error\"\nmin-gap-days = 10\n",
    )
    .unwrap();
    let report = check_json(dir.path(), &[]);
    let heron = file(&report, "2026-03-10-heron.txt");
    assert_eq!(rules(heron), ["contact-too-frequent"]);
    assert_eq!(heron["findings"][0]["severity"], "error");
    assert_eq!(
        heron["findings"][0]["message"],
        "9 days since your last message; waiting 10 days or more gives them room."
    );
    // A parameter of another kind is refused with its location.
    std::fs::write(
        dir.path().join(".amends.toml"),
        "[rules.contact-too-frequent]\nrevisit-after-days = 10\n",
    )
    .unwrap();
    let out = amends_in(dir.path(), &["check", "."], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("`revisit-after-days` is not a parameter of `gap` rules"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_month_on_a_follow_up_should_come_back_to_the_mistake() {
    let back = "Hi Sam,\n\nI still think about what I did, and how much it hurt you.\n";
    let unsent = |text: &str| format!("---\nsent: false\n---\n{text}");
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        ("2026-03-12-heron.txt", LIGHT),
        ("2026-03-24-spring.txt", LIGHT),
        ("2026-04-04-book.txt", LIGHT),
        // An unsent draft that comes back to it counts for itself only.
        ("2026-04-12-unsent.md", &unsent(back)),
        ("2026-04-20-later.md", &unsent(LIGHT)),
    ]);
    let report = check_json(dir.path(), &[]);
    let hinted = |report: &[(String, Value)], name: &str| {
        rules(file(report, name)).contains(&"revisit-the-mistake".to_string())
    };
    assert!(
        !hinted(&report, "2026-03-24-spring.txt"),
        "23 days is early"
    );
    assert!(hinted(&report, "2026-04-04-book.txt"), "34 days on");
    assert!(
        !hinted(&report, "2026-04-12-unsent.md"),
        "it comes back itself"
    );
    assert!(
        hinted(&report, "2026-04-20-later.md"),
        "the unsent one did not go out"
    );
    let book = file(&report, "2026-04-04-book.txt");
    assert_eq!(book["findings"][0]["severity"], "hint");
    assert!(
        book["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("It has been 34 days since your first letter"),
        "{book}"
    );
    // Once a sent follow-up has come back to it, later ones are not hinted.
    std::fs::write(dir.path().join("2026-04-12-unsent.md"), back).unwrap();
    let report = check_json(dir.path(), &[]);
    assert!(!hinted(&report, "2026-04-20-later.md"));

    // The month is a setting.
    std::fs::write(
        dir.path().join(".amends.toml"),
        "[rules.revisit-the-mistake]\nrevisit-after-days = 40\n",
    )
    .unwrap();
    let report = check_json(dir.path(), &[]);
    assert!(!hinted(&report, "2026-04-04-book.txt"), "34 < 40 days");
    std::fs::write(
        dir.path().join(".amends.toml"),
        "[rules.revisit-the-mistake]\nrevisit-after-days = 20\n",
    )
    .unwrap();
    let report = check_json(dir.path(), &[]);
    assert!(hinted(&report, "2026-03-24-spring.txt"), "23 >= 20 days");
}

#[test]
fn expensive_gestures_are_flagged_in_follow_ups_only_and_follow_the_settings() {
    let gift = "Hi Sam,\n\nI bought you a diamond necklace and sent you £500.\n";
    let dir = folder(&[
        (
            "2026-03-01-letter.txt",
            &format!("{LETTER}\nI bought you a diamond necklace.\n"),
        ),
        ("2026-03-12-gift.txt", gift),
    ]);
    let report = check_json(dir.path(), &[]);
    assert!(!rules(file(&report, "2026-03-01-letter.txt")).contains(&"expensive-gesture".into()));
    let found = file(&report, "2026-03-12-gift.txt");
    assert_eq!(rules(found), ["expensive-gesture"]);
    assert_eq!(found["findings"][0]["severity"], "info");
    assert_eq!(
        found["findings"][0]["text"],
        "bought you a diamond necklace and sent you £500"
    );
    // A level and a pattern of the writer's own, from configuration.
    std::fs::write(
        dir.path().join(".amends.toml"),
        "[rules.expensive-gesture]\nlevel = \"warning\"\npatterns = ['heron']\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("2026-03-25-heron.txt"), LIGHT).unwrap();
    let report = check_json(dir.path(), &[]);
    assert_eq!(
        file(&report, "2026-03-12-gift.txt")["findings"][0]["severity"],
        "warning"
    );
    assert_eq!(
        rules(file(&report, "2026-03-25-heron.txt")),
        ["expensive-gesture"]
    );
    // And off.
    let report = check_json(dir.path(), &["--rule", "expensive-gesture=off"]);
    assert!(rules(file(&report, "2026-03-12-gift.txt")).is_empty());
}

#[test]
fn letter_only_rules_skip_follow_ups_and_tone_rules_judge_every_draft() {
    // Long enough for the letter rules, with nothing explained and no open door.
    let long = "Hi Sam,\n\nThe allotment is doing well and the beans are finally up. I went to \
        the market on Saturday and bought far too many tomatoes. Work has been quiet, which \
        is nice for a change. My brother is visiting next month with the dog, who still \
        eats socks. I hope the new job is treating you kindly.\n\nAlex\n";
    let pleading = "Hi Sam,\n\nI can't sleep without you. Why haven't you answered me?\n";
    let dir = folder(&[
        ("2026-03-01-letter.txt", long),
        ("2026-03-12-follow-up.txt", long),
        ("2026-03-20-pleading.txt", pleading),
    ]);
    let report = check_json(dir.path(), &[]);
    let letter = rules(file(&report, "2026-03-01-letter.txt"));
    assert!(letter.contains(&"missing-explanation".into()), "{letter:?}");
    assert!(
        letter.contains(&"missing-closing-invitation".into()),
        "{letter:?}"
    );
    assert!(rules(file(&report, "2026-03-12-follow-up.txt")).is_empty());
    assert_eq!(
        rules(file(&report, "2026-03-20-pleading.txt")),
        ["pathos", "pressure"]
    );
    // Alone, a draft whose front matter says it is a follow-up is read as one too.
    let alone = folder(&[("draft.txt", &format!("---\nkind: follow-up\n---\n{long}"))]);
    assert!(rules(file(&check_json(alone.path(), &[]), "draft.txt")).is_empty());
}

#[test]
fn a_draft_named_alone_or_read_from_stdin_is_judged_with_its_folder() {
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        ("2026-03-04-note.txt", LIGHT),
    ]);
    let out = amends_in(
        dir.path(),
        &["check", "--format", "short", "2026-03-04-note.txt"],
        None,
    );
    assert_eq!(
        stdout(&out),
        "2026-03-04-note.txt:1:1: warning[contact-too-frequent] 3 days since your last message; waiting 7 days or more gives them room.\n"
    );
    // A draft not saved yet, piped in under its future name.
    let out = amends_in(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "2026-03-06-new.md",
            "-",
        ],
        Some("---\nsent: false\n---\nHi Sam, the swifts are back.\n"),
    );
    assert_eq!(
        stdout(&out),
        "2026-03-06-new.md:4:1: warning[contact-too-frequent] 2 days since your last message; waiting 7 days or more gives them room.\n"
    );
}

#[test]
fn the_sample_series_has_a_timeline() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = amends_in(
        root,
        &["timeline", "--no-user-config", "samples/series"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn the_timeline_lists_undated_files_and_refuses_a_folder_without_dates() {
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        ("notes.txt", "Be patient.\n"),
    ]);
    let out = amends_in(dir.path(), &["timeline", "."], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "date        gap  kind    sent  draft                  findings\n\
         2026-03-01  -    letter  yes   2026-03-01-letter.txt  -\n\
         \n\
         1 draft on 2026-03-01 (1 sent); no findings.\n\
         Not dated, so not in the series: notes.txt\n"
    );
    let undated = folder(&[("notes.txt", "Be patient.\n")]);
    let out = amends_in(undated.path(), &["timeline", "."], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no dated drafts here"));
}

/// The series rules in the library, without the binary: a series made from texts, and the
/// prefilter agreeing with the full check on follow-ups (which only series read).
#[test]
fn the_library_judges_a_series_from_texts() {
    let linter = Linter::new(Pack::builtin(&Default::default()).0);
    let draft = |name: &str, text: &str| Draft {
        name: name.into(),
        format: Format::Plain,
        text: text.into(),
    };
    let drafts = [
        draft("2026-03-12-b.txt", LIGHT),
        draft("undated.txt", LIGHT),
        draft("2026-03-01-a.txt", LETTER),
    ];
    let series = Series::new(&drafts, linter.pack());
    assert!(series.is_series());
    let names: Vec<_> = series.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["2026-03-01-a.txt", "2026-03-12-b.txt"]);
    assert_eq!(series.undated(), [1]);
    assert_eq!(series.entries()[1].kind, DraftKind::FollowUp);
    assert_eq!(series.entries()[1].gap, Some(11));

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<String> = std::fs::read_dir(root.join("samples/series"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let expensive = linter.pack().get("expensive-gesture").unwrap();
    texts.extend(expensive.examples().iter().map(|e| e.text.clone()));
    let mut flagged = 0;
    for text in &texts {
        let doc = Document::new(text.as_str(), Format::Markdown).with_kind(DraftKind::FollowUp);
        let found = linter.check(&doc);
        assert_eq!(found, linter.check_without_prefilter(&doc), "{text}");
        flagged += found
            .iter()
            .filter(|f| &*f.rule == "expensive-gesture")
            .count();
    }
    assert!(flagged >= 10, "{flagged}");
}

#[test]
fn ignored_drafts_are_not_part_of_the_series_outside_git_too() {
    // Not a git work tree. If the ignored copies counted, the heron note would be only
    // a day or two after them.
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        ("2026-03-08-copy.txt", LIGHT),
        ("2026-03-09-backup.txt", LIGHT),
        ("2026-03-10-heron.txt", LIGHT),
        (".gitignore", "*-copy.txt\n"),
        (".ignore", "*-backup.txt\n"),
    ]);
    let out = amends_in(
        dir.path(),
        &["check", "--format", "short", "2026-03-10-heron.txt"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "", "the short format lists nothing");
    let report = check_json(dir.path(), &[]);
    let names: Vec<&str> = report.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["2026-03-01-letter.txt", "2026-03-10-heron.txt"]);
    assert_eq!(
        file(&report, "2026-03-10-heron.txt")["draft"]["days_since_previous"],
        9
    );
    let out = amends_in(dir.path(), &["timeline", "."], None);
    assert_eq!(out.status.code(), Some(0));
    let table = stdout(&out);
    assert!(table.contains("2026-03-10-heron.txt"), "{table}");
    assert!(
        !table.contains("copy") && !table.contains("backup"),
        "{table}"
    );
}

#[test]
fn costly_gifts_and_sums_are_flagged_in_follow_ups_however_the_money_is_written() {
    let gifts = [
        "I bought you a $2000 watch.",
        "I sent you 2,000 dollars.",
        "I paid $1,500 for concert tickets for you.",
        "Here is £5000 for you.",
        "I sent you $2,000.",
        "i sent u 500 quid last night x",
        "I've transferred a thousand pounds to you.",
        "I spent 2k on your birthday present.",
        "I got you a 1,200-euro coat from the shop in Milan.",
    ];
    let clean = [
        "I sent you $20 for a coffee on me.",
        "I paid £2000 for my counselling course.",
        "The rent is $1,500 now, so I moved somewhere smaller.",
        "As we agreed, I've sent you the $1,500 for the car repairs.",
        "Here is the £300 I owe you.",
        "The concert tickets were $1,500, so I stayed home.",
    ];
    let paragraphs = |sentences: &[&str]| format!("Hi Sam,\n\n{}\n", sentences.join("\n\n"));
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        ("2026-03-12-gifts.txt", &paragraphs(&gifts)),
        ("2026-03-24-clean.txt", &paragraphs(&clean)),
    ]);
    let report = check_json(dir.path(), &[]);
    let flagged = |name: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.path().join(name)).expect("draft");
        file(&report, name)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == "expensive-gesture")
            .map(|f| {
                let line = f["start"]["line"].as_u64().expect("line") as usize;
                text.lines().nth(line - 1).expect("line").to_string()
            })
            .collect()
    };
    assert_eq!(flagged("2026-03-12-gifts.txt"), gifts);
    assert_eq!(flagged("2026-03-24-clean.txt"), Vec::<String>::new());
}

#[test]
fn dates_that_cannot_be_read_are_located_warnings_and_common_ways_of_writing_them_work() {
    let dated = |date: &str| format!("---\ndate: {date}\n---\n{LIGHT}");
    let dir = folder(&[
        ("2025-09-01-letter.txt", LETTER),
        ("a.md", &dated("2025-13-45")),
        ("b.md", &dated("2025/09/12")),
        ("c.md", &dated("20 September 2025")),
        ("d.md", &dated("September 30, 2025")),
        ("e.md", &dated("09/10/2025")),
        ("2025-02-30-impossible.md", LIGHT),
    ]);
    let accepted = "Write it as 2026-11-20, 2026/11/20, 20 November 2026 or November 20, \
                    2026, with a time after it if you like (2026-11-20 18:30).";
    let warnings = [
        "warning: ./2025-02-30-impossible.md:1:1: The file name starts with `2025-02-30`, \
         which is not a day on the calendar (February 2025 has 28 days), so this draft is \
         read as undated. To date it by its name, start the name with a real date written \
         2026-11-20 (as in 2026-11-20-heron.md), or put `date: 2026-11-20` in its front \
         matter."
            .to_string(),
        format!(
            "warning: ./a.md:2:7: This date is not a day on the calendar (there is no month \
             13), so this draft is read as undated. {accepted}"
        ),
        format!(
            "warning: ./e.md:2:7: This date could be read day first or month first, so this \
             draft is read as undated. {accepted}"
        ),
    ];

    // `amends check`: the accepted dates date their drafts; the others are warned about
    // on standard error, in path order, and the exit status does not change.
    let out = amends_in(dir.path(), &["check", "--format", "json", "."], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().collect::<Vec<_>>(), warnings, "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let date = |name: &str| {
        report["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["path"] == format!("./{name}"))
            .unwrap_or_else(|| panic!("{name} is checked"))["draft"]["date"]
            .clone()
    };
    assert_eq!(date("b.md"), "2025-09-12");
    assert_eq!(date("c.md"), "2025-09-20");
    assert_eq!(date("d.md"), "2025-09-30");
    for undated in ["a.md", "e.md", "2025-02-30-impossible.md"] {
        assert_eq!(date(undated), Value::Null, "{undated}");
    }

    // `amends timeline`: the same warnings, and the table without those drafts.
    let out = amends_in(dir.path(), &["timeline", "."], None);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().collect::<Vec<_>>(), warnings, "{stderr}");
    assert!(
        stdout(&out)
            .ends_with("Not dated, so not in the series: 2025-02-30-impossible.md, a.md, e.md\n"),
        "{}",
        stdout(&out)
    );

    // A draft named alone is warned about alone.
    let out = amends_in(dir.path(), &["check", "e.md"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("warning: e.md:2:7: "), "{stderr}");
}

#[test]
fn the_timeline_prints_json_for_scripts() {
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        (
            "2026-03-03-again.txt",
            "Hi Sam,\n\nI know it has only been two days. Please write back.\n",
        ),
        (
            "2026-03-20-heron.md",
            &format!("---\nsent: false\n---\n{LIGHT}"),
        ),
        ("notes.txt", "Be patient.\n"),
    ]);
    let out = amends_in(dir.path(), &["timeline", "--format", "json", "."], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["version"], 1);
    assert_eq!(report["folder"], ".");
    assert_eq!(report["undated"], serde_json::json!(["notes.txt"]));
    let drafts = report["drafts"].as_array().expect("drafts");
    let dates: Vec<&str> = drafts
        .iter()
        .map(|d| d["date"].as_str().expect("date"))
        .collect();
    assert_eq!(dates, ["2026-03-01", "2026-03-03", "2026-03-20"]);
    let first = &drafts[0];
    assert_eq!(first["path"], "./2026-03-01-letter.txt");
    assert_eq!(first["kind"], "letter");
    assert!(first.get("days_since_previous").is_none(), "{first}");
    let again = &drafts[1];
    assert_eq!(again["kind"], "follow-up");
    assert_eq!(again["days_since_previous"], 2);
    assert_eq!(again["days_since_letter"], 2);
    let again_rules: Vec<&str> = again["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule"))
        .collect();
    assert!(again_rules.contains(&"contact-too-frequent"), "{again}");
    assert_eq!(drafts[2]["sent"], false);
    assert_eq!(drafts[2]["days_since_previous"], 17);
    let summary = &report["summary"];
    assert_eq!(summary["drafts"], 3);
    assert_eq!(summary["sent"], 2);
    let found: usize = drafts
        .iter()
        .map(|d| d["findings"].as_array().expect("findings").len())
        .sum();
    assert_eq!(summary["findings"], found);
    // The human table is still the default.
    let table = stdout(&amends_in(dir.path(), &["timeline", "."], None));
    assert!(table.starts_with("date "), "{table}");
}

#[test]
fn series_are_made_of_the_files_include_and_exclude_let_through() {
    let dir = folder(&[
        ("2026-03-01-letter.txt", LETTER),
        (
            "2026-03-03-old-try.txt",
            "Hi Sam,\n\nAn early try I never sent.\n",
        ),
        ("2026-03-10-heron.txt", LIGHT),
        ("2026-03-12-draft.draft", "Hi Sam,\n\nJust checking in.\n"),
    ]);
    let gap = |report: &[(String, Value)], name: &str| {
        file(report, name)["draft"]["days_since_previous"].clone()
    };
    // Everything with a letter extension: the early try is the previous message.
    let all = check_json(dir.path(), &[]);
    assert_eq!(gap(&all, "2026-03-10-heron.txt"), 7);
    assert!(all.iter().all(|(name, _)| !name.ends_with(".draft")));
    // Excluded, it is neither checked nor part of the series.
    let excluded = check_json(dir.path(), &["--exclude", "*-old-try.txt"]);
    assert!(
        excluded
            .iter()
            .all(|(name, _)| name != "2026-03-03-old-try.txt")
    );
    assert_eq!(gap(&excluded, "2026-03-10-heron.txt"), 9);
    // `--include` replaces the extensions, for the series too.
    let included = check_json(
        dir.path(),
        &["--include", "*.draft", "--include", "*-letter.txt"],
    );
    let names: Vec<&str> = included.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["2026-03-01-letter.txt", "2026-03-12-draft.draft"]);
    assert_eq!(gap(&included, "2026-03-12-draft.draft"), 11);
    // `amends timeline` takes the same globs.
    let out = amends_in(
        dir.path(),
        &[
            "timeline",
            "--format",
            "json",
            "--exclude",
            "*-old-try.txt",
            ".",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let drafts = report["drafts"].as_array().expect("drafts");
    let paths: Vec<&str> = drafts
        .iter()
        .map(|d| d["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["./2026-03-01-letter.txt", "./2026-03-10-heron.txt"]);
    assert_eq!(drafts[1]["days_since_previous"], 9);
    let bad = amends_in(dir.path(), &["timeline", "--include", "[", "."], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--include ["));
}
