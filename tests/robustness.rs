//! Any text is a letter: no input may panic the engine, and every span it hands out must
//! be usable on the original text. A small deterministic generator stands in for fuzzing.

use amends::config::Config;
use amends::{Document, Format};

/// Characters that have broken text tools before: multi-byte letters, combining marks,
/// emoji with joiners, typographic punctuation, markup, line endings.
const ALPHABET: &[&str] = &[
    "a",
    "I",
    "u",
    "you",
    " ",
    " ",
    " ",
    ".",
    ". ",
    "? ",
    "!",
    ",",
    ";",
    "'",
    "’",
    "“",
    "”",
    "…",
    "\n",
    "\r\n",
    "\n\n",
    "> ",
    "-- \n",
    "---\n",
    "+++\n",
    "`",
    "```\n",
    "#",
    "[",
    "](",
    ")",
    "<!--",
    "-->",
    "*",
    "é",
    "ß",
    "繱",
    "𑖿",
    "\u{200d}",
    "\u{301}",
    "👩‍👩‍👧",
    "\u{feff}",
    "\u{a0}",
    "made me ",
    "sorry ",
    "if you ",
    "wrote:",
    "On ",
    "1. ",
    "- ",
];

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn arbitrary_text_in_every_format_never_panics_and_spans_are_valid() {
    let (linter, errors) = Config::default().build(&[]);
    assert!(errors.is_empty());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..1500 {
        let len = (rng.next() % 120) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize])
            .collect();
        for format in Format::ALL {
            let doc = Document::new(text.as_str(), format);
            for s in doc.sentences() {
                assert!(
                    text.get(s.span.clone()).is_some(),
                    "round {round}: sentence span {:?} in {text:?}",
                    s.span
                );
            }
            for f in linter.check(&doc) {
                assert!(
                    text.get(f.span.clone()).is_some(),
                    "round {round}: finding span {:?} in {text:?}",
                    f.span
                );
                let at = doc.lines().position(&text, f.span.start);
                assert!(at.line >= 1 && at.column >= 1);
            }
            assert_eq!(linter.roles(&doc).len(), doc.sentences().len());
        }
    }
}

#[test]
fn a_full_stop_after_a_multibyte_character_is_not_a_crash() {
    let text = "繱𑖿x. y and he said “no”. then left";
    let doc = Document::new(text, Format::Plain);
    assert!(!doc.sentences().is_empty());
}
