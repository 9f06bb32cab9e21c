//! (a) Any bytes, linted as plain text, Markdown and email, as a letter and as a
//! follow-up (read lossily, as a file with stray bytes would be); decoded as a MIME
//! message the way `amends check` reads `.eml` files; and cut at each `0x1e` byte into
//! drafts of one folder, judged as a dated series. No panic, every span a range of its
//! text on character boundaries, every fix applicable. See `tests/properties/checks.rs`.

#![no_main]

#[path = "../../tests/properties/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

/// File names for the drafts of a series: dated by name or not, in each format.
const NAMES: [&str; 4] = [
    "2024-01-04-letter.md",
    "2024-01-05.txt",
    "draft.eml",
    "2024-01-20 note.letter",
];

fuzz_target!(|data: &[u8]| {
    let linter = checks::builtin();
    let text = String::from_utf8_lossy(data);
    checks::lint_every_format(linter, &text);
    checks::lint_email_bytes(linter, data);
    if text.contains('\u{1e}') {
        let drafts: Vec<(String, String)> = text
            .split('\u{1e}')
            .zip(NAMES)
            .map(|(text, name)| (name.to_string(), text.to_string()))
            .collect();
        checks::lint_series(linter, &drafts);
    }
});
