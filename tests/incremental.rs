//! The incremental engine the language server uses gives exactly what checking the whole
//! text gives: after any sequence of edits to a real letter, in every format and for
//! both kinds of draft, `Incremental::check` equals `Linter::check` of the new text
//! (same findings, same order, same messages). Named tests pin the fallbacks to a full
//! check (a fence typed, a quote marker, front matter edited…) and that ordinary typing
//! is in fact incremental.

use std::path::Path;
use std::sync::OnceLock;

use amends::engine::{Incremental, Update};
use amends::{Document, DraftKind, Finding, Format, Linter, Pack};
use proptest::prelude::*;

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| {
        let mut pack = Pack::builtin(&Default::default()).0;
        // An allow list, so the allow-list path is exercised too.
        if let Some(rule) = pack.get_mut("pathos") {
            rule.set_allow(vec!["I can't eat".into(), "nothing without".into()]);
        }
        Linter::new(pack)
    })
}

/// Our letters: the corpora, the fixtures and the samples.
fn letters() -> &'static [String] {
    static LETTERS: OnceLock<Vec<String>> = OnceLock::new();
    LETTERS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in [
            "tests/corpus",
            "tests/corpus2",
            "tests/corpus3",
            "tests/fixtures/letters",
            "samples",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if matches!(ext, "txt" | "md" | "eml" | "letter") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        out.push(text);
                    }
                }
            }
        }
        assert!(out.len() > 50, "{} letters", out.len());
        out
    })
}

/// What gets typed: phrases the rules look for (their examples), pieces of letters,
/// paragraph breaks, and every character masking or Markdown reads as structure.
fn phrases() -> &'static [String] {
    static PHRASES: OnceLock<Vec<String>> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut out: Vec<String> = [
            "x",
            " ",
            "\n",
            "\n\n",
            "\n\n\n",
            ". ",
            "I'm sorry",
            "\u{2019}",
            "\u{2026}",
            "```",
            "\n```\n",
            "~~~\n",
            "> ",
            "\n> ",
            "- ",
            "\n- ",
            "* ",
            "1. ",
            "# ",
            "\n---\n",
            "---\n",
            "+++\n",
            "...\n",
            "\n-- \n",
            "--\n",
            "<",
            "<!-- ",
            " -->",
            "<div>\n",
            "[",
            "](x)",
            "[a]: /u\n",
            "`",
            "|",
            "    ",
            "\t",
            "\r\n",
            "\r",
            "===\n",
            "On Tue, Sam wrote:\n",
            "wrote:",
            "\u{feff}",
            "Subject: hi\n",
            "\u{a0}",
            "date: 2026-01-02\n",
            "kind: follow-up\n",
            "_",
            "\n\nDear Sam,\n\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for rule in linter().pack().rules() {
            out.extend(rule.examples().iter().take(2).map(|e| e.text.clone()));
        }
        for letter in letters().iter().take(8) {
            out.extend(letter.split("\n\n").take(3).map(str::to_string));
        }
        out
    })
}

#[derive(Debug, Clone)]
struct Edit {
    /// Where, as a fraction of the text (in 1/1000ths).
    at: u32,
    /// Bytes removed from there (rounded to characters).
    remove: usize,
    /// Index into [`phrases`], or none to only delete.
    insert: Option<usize>,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        0u32..=1000,
        prop_oneof![3 => Just(0usize), 2 => 1usize..4, 1 => 4usize..200],
        prop::option::weighted(0.8, any::<prop::sample::Index>()),
    )
        .prop_map(|(at, remove, insert)| Edit {
            at,
            remove,
            insert: insert.map(|i| i.index(phrases().len())),
        })
}

fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, e: &Edit) {
    let start = floor_char(text, text.len() * e.at as usize / 1000);
    let end = floor_char(text, start + e.remove);
    let insert = e.insert.map_or("", |i| phrases()[i].as_str());
    text.replace_range(start..end, insert);
}

fn full(text: &str, format: Format, kind: DraftKind) -> Vec<Finding> {
    linter().check(&Document::new(text, format).with_kind(kind))
}

/// Applies `edits` one by one, comparing after each; returns how many were incremental.
fn run(text: &str, format: Format, kind: DraftKind, edits: &[Edit]) -> usize {
    let mut text = text.to_string();
    let mut inc = Incremental::new();
    assert_eq!(
        inc.check(linter(), &text, format, kind),
        full(&text, format, kind)
    );
    let mut incremental = 0;
    for (n, e) in edits.iter().enumerate() {
        apply(&mut text, e);
        let got = inc.check(linter(), &text, format, kind);
        assert_eq!(
            got,
            full(&text, format, kind),
            "after edit {n} ({e:?}, {:?}) of {format}:\n{text}",
            inc.last_update()
        );
        incremental += usize::from(matches!(inc.last_update(), Update::Chunks(_)));
    }
    incremental
}

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![
        Just(Format::Plain),
        Just(Format::Markdown),
        Just(Format::Email)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        // `INCREMENTAL_CASES=5000` for a longer run.
        cases: std::env::var("INCREMENTAL_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn edits_to_any_letter_check_like_the_whole_text(
        letter in any::<prop::sample::Index>(),
        format in format(),
        follow_up in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..24),
    ) {
        let text = letter.get(letters());
        let kind = if follow_up { DraftKind::FollowUp } else { DraftKind::Letter };
        run(text, format, kind, &edits);
    }

    #[test]
    fn edits_to_short_made_up_texts_check_like_the_whole_text(
        pieces in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        format in format(),
        edits in prop::collection::vec(edit(), 1..24),
    ) {
        let text: String = pieces.iter().map(|i| i.get(phrases()).as_str()).collect();
        run(&text, format, DraftKind::Letter, &edits);
    }
}

/// Types `typed` one character at a time at byte `at` of `text`, checking each step.
fn typing(text: &str, at: usize, typed: &str, format: Format) -> Vec<Update> {
    let mut text = text.to_string();
    let mut inc = Incremental::new();
    inc.check(linter(), &text, format, DraftKind::Letter);
    let mut at = at;
    let mut updates = Vec::new();
    for c in typed.chars() {
        text.insert(at, c);
        at += c.len_utf8();
        assert_eq!(
            inc.check(linter(), &text, format, DraftKind::Letter),
            full(&text, format, DraftKind::Letter),
            "{text}"
        );
        updates.push(inc.last_update());
    }
    updates
}

const LETTER: &str = "Dear Sam,\n\nI have been thinking about the night I left. I'm sorry if you were hurt.\n\nHonestly, you made me do it when you ignored me all week.\n\nIf you are ever willing to talk, I would love to hear from you.\n\nLove,\nAlex\n";

#[test]
fn typing_inside_a_paragraph_is_incremental() {
    let at = LETTER.find("ignored").unwrap_or(0);
    for format in [Format::Plain, Format::Markdown, Format::Email] {
        let updates = typing(LETTER, at, "so sorry, you made me. ", format);
        assert!(
            updates.iter().all(|u| matches!(u, Update::Chunks(1))),
            "{format}: {updates:?}"
        );
    }
    // A new paragraph is two chunks checked.
    let updates = typing(LETTER, at, "\n\nI lied", Format::Plain);
    assert!(
        updates.iter().all(|u| matches!(u, Update::Chunks(_))),
        "{updates:?}"
    );
}

#[test]
fn typing_a_fence_opener_falls_back_to_a_full_check() {
    let at = LETTER.find("Honestly").unwrap_or(0);
    let updates = typing(LETTER, at, "```\n", Format::Markdown);
    assert_eq!(updates[0], Update::Full);
    // The rest of the letter is code now: nothing after the fence is flagged.
    let mut text = LETTER.to_string();
    text.insert_str(at, "```\n");
    let mut inc = Incremental::new();
    let findings = inc.check(linter(), &text, Format::Markdown, DraftKind::Letter);
    assert!(findings.iter().all(|f| f.span.start < at), "{findings:?}");
}

#[test]
fn typing_a_quote_marker_falls_back_to_a_full_check() {
    let at = LETTER.find("Honestly").unwrap_or(0);
    for format in [Format::Plain, Format::Markdown] {
        let updates = typing(LETTER, at, "> ", format);
        assert_eq!(updates[0], Update::Full, "{format}");
    }
}

#[test]
fn editing_front_matter_falls_back_to_a_full_check() {
    let text = format!("---\ndate: 2026-11-20\n\nkind: letter\n---\n{LETTER}");
    let at = text.find("kind").unwrap_or(0);
    for format in [Format::Plain, Format::Markdown] {
        let updates = typing(&text, at, "x", format);
        assert_eq!(updates, [Update::Full], "{format}");
        // Closing the front matter early unmasks what was inside it.
        let updates = typing(&text, at, "---\n", format);
        assert!(updates.contains(&Update::Full), "{format}");
    }
}

#[test]
fn a_paragraph_after_a_reply_attribution_is_checked_with_it() {
    let text = "Dear Sam,\n\nOn Tue, Sam wrote:\n\nyou made me do it\n\n> you never listen\n";
    let at = text.find("you made").unwrap_or(0);
    // Deleting the paragraph puts the quote right after the attribution, which then is
    // masked: a full check.
    let mut inc = Incremental::new();
    inc.check(linter(), text, Format::Plain, DraftKind::Letter);
    let mut edited = text.to_string();
    edited.replace_range(at..at + "you made me do it\n\n".len(), "");
    assert_eq!(
        inc.check(linter(), &edited, Format::Plain, DraftKind::Letter),
        full(&edited, Format::Plain, DraftKind::Letter)
    );
    assert_eq!(inc.last_update(), Update::Full);
}

#[test]
fn inside_an_open_code_block_nothing_is_checked_alone() {
    let text = format!("Hi,\n\n```\n\n{LETTER}");
    let at = text.find("Honestly").unwrap_or(0);
    let updates = typing(&text, at, "you made me", Format::Markdown);
    assert!(updates.iter().all(|u| *u == Update::Full), "{updates:?}");
}

#[test]
fn document_rules_follow_edits_made_chunk_by_chunk() {
    // Enough pleading sentences that `share`-style rules fire, then remove them one at
    // a time; every step must agree with a full check.
    let mut text = String::from("Dear Sam,\n\n");
    for _ in 0..12 {
        text.push_str("I can't eat, I can't sleep, I am nothing without you.\n\n");
    }
    text.push_str("Love,\nAlex\n");
    // A rule's allow list silences only that rule's findings: `pathos` allows "I can't
    // eat", and the `require` findings on such a sentence still stand.
    let findings = full(&text, Format::Plain, DraftKind::Letter);
    assert!(
        findings.iter().any(|f| &*f.rule == "missing-explanation"),
        "{findings:?}"
    );
    assert!(
        findings.iter().all(|f| &*f.rule != "pathos"),
        "{findings:?}"
    );
    let mut inc = Incremental::new();
    inc.check(linter(), &text, Format::Plain, DraftKind::Letter);
    while let Some(at) = text.find("I can't eat, I can't sleep, I am nothing without you.\n\n") {
        text.replace_range(at..at + 55, "");
        assert_eq!(
            inc.check(linter(), &text, Format::Plain, DraftKind::Letter),
            full(&text, Format::Plain, DraftKind::Letter),
            "{:?} {text:?}",
            inc.last_update()
        );
    }
}
