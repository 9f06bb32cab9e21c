//! `amends report`: the HTML page's structure, read back with an XML parser. Each finding
//! `amends check` gives appears once, highlighted over exactly its text; balance shares
//! add up to 100%; the timeline's gaps are the days between the drafts' dates; nothing
//! points outside the page; `--redact` leaves the words out.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use roxmltree::{Document, Node};
use serde_json::Value;

fn amends(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(args)
        .arg("--no-user-config")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("amends runs")
}

/// The report for `paths`, as text, written to a temporary file.
fn report(paths: &[&str], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let mut args = vec!["report"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["-o", out.to_str().unwrap()]);
    args.extend_from_slice(extra);
    let run = amends(&args);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    fs::read_to_string(&out).unwrap()
}

fn parse(html: &str) -> Document<'_> {
    Document::parse_with_options(
        html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("the report is not well-formed: {e}"))
}

fn has_class(node: &Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// Text of a node and its descendants, leaving out tooltips.
fn text_of(node: Node<'_, '_>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if d.is_text() && !d.ancestors().any(|a| has_class(&a, "tip")) {
            out.push_str(d.text().unwrap_or(""));
        }
    }
    out
}

/// (path, rule, start, end) of every finding `amends check --format json` gives.
fn checked_findings(paths: &[&str]) -> Vec<(String, String, usize, usize)> {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(paths);
    let run = amends(&args);
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let mut out = Vec::new();
    for file in json["files"].as_array().unwrap() {
        for f in file["findings"].as_array().unwrap() {
            out.push((
                file["path"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["span"]["start"].as_u64().unwrap() as usize,
                f["span"]["end"].as_u64().unwrap() as usize,
            ));
        }
    }
    out.sort();
    out
}

/// Every letter section: its path (the heading) and the section node.
fn letters<'a, 'i>(doc: &'a Document<'i>) -> Vec<(String, Node<'a, 'i>)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("section") && has_class(n, "letter"))
        .map(|n| {
            let h2 = n.children().find(|c| c.has_tag_name("h2")).unwrap();
            (text_of(h2), n)
        })
        .collect()
}

#[test]
fn every_finding_appears_once_highlighted_over_its_own_text() {
    let html = report(&["samples/"], &[]);
    let doc = parse(&html);
    let mut listed = Vec::new();
    for (path, section) in letters(&doc) {
        let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path)).unwrap();
        let marks: Vec<Node> = section
            .descendants()
            .filter(|n| n.has_tag_name("mark"))
            .collect();
        for item in section
            .descendants()
            .filter(|n| n.has_tag_name("li") && has_class(n, "finding"))
        {
            let id = item.attribute("id").unwrap();
            let start: usize = item.attribute("data-start").unwrap().parse().unwrap();
            let end: usize = item.attribute("data-end").unwrap().parse().unwrap();
            listed.push((
                path.clone(),
                item.attribute("data-rule").unwrap().to_string(),
                start,
                end,
            ));
            // The marks that name this finding, in page order, spell its text exactly.
            let highlighted: String = marks
                .iter()
                .filter(|m| m.attribute("data-f").unwrap().split(' ').any(|f| f == id))
                .map(|m| text_of(*m))
                .collect();
            assert_eq!(highlighted, text[start..end], "{path}: finding {id}");
            assert!(
                marks
                    .iter()
                    .any(|m| m.attribute("data-f").unwrap().split(' ').any(|f| f == id)),
                "{path}: finding {id} is not highlighted anywhere"
            );
        }
        // And the letter's text is there whole, highlights included.
        let body = section
            .descendants()
            .find(|n| n.has_tag_name("div") && has_class(n, "text"))
            .unwrap();
        assert_eq!(text_of(body), text, "{path}: the letter is not shown whole");
    }
    listed.sort();
    let expected = checked_findings(&["samples/"]);
    assert!(!expected.is_empty());
    assert_eq!(listed, expected);
}

#[test]
fn what_was_not_checked_is_shown_as_such_in_emails_and_markdown() {
    let html = report(&["samples/03-reply.eml", "samples/04-draft-notes.md"], &[]);
    let doc = parse(&html);
    let masked = |path: &str| -> String {
        let (_, section) = letters(&doc)
            .into_iter()
            .find(|(p, _)| p.ends_with(path))
            .unwrap();
        section
            .descendants()
            .filter(|n| has_class(n, "masked"))
            .map(text_of)
            .collect()
    };
    // The headers and the quoted reply of the email, the front matter of the Markdown.
    let email = masked("03-reply.eml");
    assert!(email.contains("Subject:"), "{email}");
    let file =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/03-reply.eml"))
            .unwrap();
    let quoted: Vec<&str> = file.lines().filter(|l| l.starts_with('>')).collect();
    assert!(!quoted.is_empty());
    for line in quoted {
        assert!(email.contains(line), "{line:?} is not shown as quoted");
    }
    let markdown = masked("04-draft-notes.md");
    assert!(markdown.starts_with("---"), "{markdown}");
}

#[test]
fn marks_can_be_reached_by_keyboard_and_describe_their_findings() {
    let html = report(&["samples/02-sorry-but.txt"], &[]);
    let doc = parse(&html);
    let marks: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("mark"))
        .collect();
    assert!(marks.len() >= 10, "{} marks", marks.len());
    for mark in marks {
        assert_eq!(mark.attribute("tabindex"), Some("0"));
        let tip_id = mark.attribute("aria-describedby").unwrap();
        let tip = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(tip_id))
            .unwrap_or_else(|| panic!("no tooltip {tip_id}"));
        assert_eq!(tip.attribute("role"), Some("tooltip"));
        // Each finding the mark covers has its message in the tooltip.
        let tip_text = text_of_all(tip);
        for id in mark.attribute("data-f").unwrap().split(' ') {
            let item = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(id))
                .unwrap();
            let rule = item.attribute("data-rule").unwrap();
            assert!(tip_text.contains(rule), "{tip_text}");
        }
    }
    // Hover and focus both open the tooltip, without scripts.
    assert!(html.contains(".seg:hover>.tip,.seg:focus-within>.tip{display:block}"));
    assert!(!html.contains("<script"));
}

fn text_of_all(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|d| d.is_text())
        .map(|d| d.text().unwrap_or(""))
        .collect()
}

#[test]
fn balance_shares_add_up_to_one_hundred_and_count_every_sentence() {
    let html = report(&["samples/"], &[]);
    let doc = parse(&html);
    let run = amends(&[
        "check",
        "--format",
        "json",
        "--roles",
        "--fail-on",
        "never",
        "samples/",
    ]);
    let json: Value = serde_json::from_slice(&run.stdout).unwrap();
    let sentences: BTreeMap<String, usize> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["sentences"].as_array().map_or(0, Vec::len),
            )
        })
        .collect();
    let mut bars = 0;
    for (path, section) in letters(&doc) {
        let Some(figure) = section
            .descendants()
            .find(|n| n.has_tag_name("figure") && has_class(n, "balance"))
        else {
            assert_eq!(sentences[&path], 0, "{path} has sentences but no balance");
            continue;
        };
        bars += 1;
        let parts: Vec<Node> = figure
            .descendants()
            .filter(|n| n.attribute("data-share").is_some())
            .collect();
        let share: u32 = parts
            .iter()
            .map(|p| p.attribute("data-share").unwrap().parse::<u32>().unwrap())
            .sum();
        assert_eq!(share, 100, "{path}");
        let counted: usize = parts
            .iter()
            .map(|p| {
                p.attribute("data-sentences")
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(counted, sentences[&path], "{path}");
        // The drawn width is the share.
        for p in parts {
            let share = p.attribute("data-share").unwrap();
            assert_eq!(
                p.attribute("style"),
                Some(format!("width:{share}%").as_str())
            );
        }
    }
    assert!(bars >= 5, "{bars} balance bars");
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, computed here independently of amends.
fn day_number(date: &str) -> i64 {
    let y: i64 = date[0..4].parse().unwrap();
    let m: i64 = date[5..7].parse().unwrap();
    let d: i64 = date[8..10].parse().unwrap();
    let days_before_month = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days = (1970..y)
        .map(|y| if leap(y) { 366 } else { 365 })
        .sum::<i64>();
    days += days_before_month[(m - 1) as usize] + d - 1;
    if m > 2 && leap(y) {
        days += 1;
    }
    days
}

#[test]
fn the_timeline_shows_each_message_with_the_days_since_the_last_one_sent() {
    let html = report(&["samples/series/"], &[]);
    let doc = parse(&html);
    // The dates and sent flags, read from the drafts themselves.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/series");
    let mut drafts: Vec<(String, bool)> = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let date = text
            .lines()
            .find_map(|l| l.strip_prefix("date:"))
            .map(|d| d.trim()[..10].to_string())
            .unwrap_or_else(|| name[..10].to_string());
        let sent = !text.lines().any(|l| l.trim() == "sent: false");
        drafts.push((date, sent));
    }
    drafts.sort();
    let mut expected = Vec::new();
    let mut last_sent: Option<i64> = None;
    for (date, sent) in &drafts {
        let day = day_number(date);
        expected.push((
            date.clone(),
            last_sent.map(|s| (day - s).to_string()).unwrap_or_default(),
        ));
        if *sent {
            last_sent = Some(day);
        }
    }

    let svg = doc
        .descendants()
        .find(|n| n.has_tag_name("svg"))
        .expect("a timeline");
    let shown: Vec<(String, String)> = svg
        .descendants()
        .filter(|n| n.has_tag_name("g") && has_class(n, "message"))
        .map(|g| {
            (
                g.attribute("data-date").unwrap()[..10].to_string(),
                g.attribute("data-gap").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(shown, expected);
    // A gap shorter than a week is drawn as short; the others are not.
    for path in svg.descendants().filter(|n| n.has_tag_name("path")) {
        let days: i64 = path.attribute("data-days").unwrap().parse().unwrap();
        assert_eq!(has_class(&path, "short"), days < 7, "gap of {days} days");
    }
    // A band from 7 to 10 days after each sent message.
    let bands: Vec<(i64, i64)> = svg
        .descendants()
        .filter(|n| has_class(n, "band"))
        .map(|b| {
            (
                b.attribute("data-from").unwrap().parse().unwrap(),
                b.attribute("data-to").unwrap().parse().unwrap(),
            )
        })
        .collect();
    // (Bands that overlap are drawn as one.)
    let first = day_number(&drafts[0].0);
    let mut sent_days: Vec<(i64, i64)> = Vec::new();
    for (d, _) in drafts.iter().filter(|(_, sent)| *sent) {
        let (from, to) = (day_number(d) - first + 7, day_number(d) - first + 10);
        match sent_days.last_mut() {
            Some(last) if from <= last.1 => last.1 = to,
            _ => sent_days.push((from, to)),
        }
    }
    assert_eq!(bands, sent_days);
    assert!(bands.len() >= 3);
    // Each message's findings are marked on it.
    for g in svg.descendants().filter(|n| has_class(n, "message")) {
        let findings: usize = g.attribute("data-findings").unwrap().parse().unwrap();
        let marks = g
            .descendants()
            .filter(|n| has_class(n, "finding-mark"))
            .count();
        assert_eq!(marks, findings.min(5));
    }
}

#[test]
fn the_page_refers_to_nothing_outside_itself() {
    let html = report(&["samples/"], &[]);
    let doc = parse(&html);
    for node in doc.descendants().filter(|n| n.is_element()) {
        for attr in node.attributes() {
            if matches!(
                attr.name(),
                "src" | "href" | "action" | "srcset" | "poster" | "data"
            ) {
                assert!(
                    attr.value().starts_with('#'),
                    "<{} {}=\"{}\">",
                    node.tag_name().name(),
                    attr.name(),
                    attr.value()
                );
            }
        }
        assert!(
            !matches!(
                node.tag_name().name(),
                "script" | "link" | "img" | "iframe" | "object" | "embed" | "base" | "form"
            ),
            "<{}> in the report",
            node.tag_name().name()
        );
    }
    assert!(!html.contains("http"), "a web address in the report");
    assert!(!html.contains("url("), "CSS that loads something");
    assert!(!html.contains("@import") && !html.contains("@font-face"));
}

#[test]
fn redacted_reports_keep_the_shape_and_leave_out_the_words() {
    let dir = tempfile::tempdir().unwrap();
    let letter = dir.path().join("letter.txt");
    fs::write(
        &letter,
        "Dear Quillon,\n\nI'm sorry, but you made me do it with Zephyrine. Answer me tonight or we're done.\n\nI felt invisible, so I lied.\n",
    )
    .unwrap();
    let path = letter.to_str().unwrap();
    let plain = report(&[path], &[]);
    let redacted = report(&[path], &["--redact"]);
    for secret in ["Quillon", "Zephyrine", "invisible", "tonight"] {
        assert!(
            plain.contains(secret),
            "{secret} missing from the plain report"
        );
        assert!(
            !redacted.contains(secret),
            "{secret} in the redacted report"
        );
    }
    let (a, b) = (parse(&plain), parse(&redacted));
    let count = |d: &Document, tag: &str| d.descendants().filter(|n| n.has_tag_name(tag)).count();
    assert_eq!(count(&a, "mark"), count(&b, "mark"));
    assert!(count(&b, "mark") >= 3);
    // The letter keeps its length and its lines: every character but spaces and line
    // breaks becomes an `x` of a grey bar.
    let body = |d: &Document| {
        text_of(
            d.descendants()
                .find(|n| n.has_tag_name("div") && has_class(n, "text"))
                .unwrap(),
        )
    };
    let shape: String = body(&a)
        .chars()
        .map(|c| if c.is_whitespace() { c } else { 'x' })
        .collect();
    assert_eq!(body(&b), shape);
    // Rewrites are letter text too.
    assert!(!redacted.contains("Try:"));
}

#[test]
fn hostile_letter_text_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let letter = dir.path().join("letter.md");
    let text = "Hi <script>alert('x')</script> & \"you\" </div></section>\u{7}\n\nYou made me do it <b>bold</b>.\n";
    fs::write(&letter, text).unwrap();
    let html = report(&[letter.to_str().unwrap()], &[]);
    let doc = parse(&html);
    assert!(
        !doc.descendants()
            .any(|n| n.has_tag_name("script") || n.has_tag_name("b"))
    );
    let (_, section) = letters(&doc).pop().unwrap();
    let body = section
        .descendants()
        .find(|n| n.has_tag_name("div") && has_class(n, "text"))
        .unwrap();
    // The bell, which XML cannot hold, is the only character shown differently.
    assert_eq!(text_of(body), text.replace('\u{7}', "\u{fffd}"));
}

#[test]
fn the_report_never_overwrites_a_letter_and_says_where_it_went() {
    let dir = tempfile::tempdir().unwrap();
    let letter = dir.path().join("letter.txt");
    let text = "Dear Sam, you made me do it.\n";
    fs::write(&letter, text).unwrap();
    let path = letter.to_str().unwrap();

    let run = amends(&["report", path, "-o", path]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("where a letter lives"));
    assert_eq!(fs::read_to_string(&letter).unwrap(), text);

    let missing = dir.path().join("no/such/folder/report.html");
    let run = amends(&["report", path, "-o", missing.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("does not exist"));

    let out = dir.path().join("report.html");
    let run = amends(&["report", path, "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "findings do not fail a report");
    assert!(String::from_utf8_lossy(&run.stderr).contains("Wrote"));
    assert!(fs::read_to_string(&out).unwrap().contains("blame-shifting"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a new report is private to its owner");
    }

    let run = amends(&["report", path, "-o", "-"]);
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stdout).starts_with("<!DOCTYPE html>"));
}

#[test]
fn an_unreadable_file_is_reported_on_the_page_and_in_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let missing = dir.path().join("gone.txt");
    let run = amends(&[
        "report",
        "samples/01-owning-it.txt",
        missing.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let html = fs::read_to_string(&out).unwrap();
    let doc = parse(&html);
    assert!(
        doc.descendants()
            .any(|n| has_class(&n, "unreadable") && text_of(n).contains("no such file"))
    );
    assert_eq!(letters(&doc).len(), 2);
}
