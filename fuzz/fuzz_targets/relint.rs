//! (d) Successive versions of one document (the input cut at each `0x1e` byte), checked
//! one after the other by the language server's incremental engine, in every format:
//! after each version the findings equal a full check of that version's text. See
//! `tests/incremental.rs`, which runs the same comparison on edits to real letters.

#![no_main]

#[path = "../../tests/properties/checks.rs"]
mod checks;

use amends::engine::Incremental;
use amends::{Document, DraftKind, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let linter = checks::builtin();
    let text = String::from_utf8_lossy(data);
    for format in Format::ALL {
        let mut engine = Incremental::new();
        for version in text.split('\u{1e}') {
            let got = engine.check(linter, version, format, DraftKind::Letter);
            let want = linter.check(&Document::new(version, format));
            assert_eq!(got, want, "{format}: {version:?}");
        }
    }
});
