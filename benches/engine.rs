//! The engine's costs, one benchmark a stage: building a document, each kind of rule, the
//! whole pack on a letter and on a megabyte, and the prefilter against running every
//! pattern. Texts are generated deterministically from our own sentences.
//!
//! `cargo bench --bench engine`; figures and the machine are recorded in BENCHMARKS.md.

use std::sync::LazyLock;

use amends::engine::Incremental;
use amends::{Document, DraftKind, Format, Kind, Linter, Pack};

fn main() {
    divan::main();
}

const SENTENCES: [&str; 16] = [
    "I have been thinking about the night I left without a word.",
    "I was wrong to read your messages, and I know it broke something between us.",
    "I think I lied because I was afraid that the truth would make you leave.",
    "That fear was mine to deal with, and I put it on you instead.",
    "I have started seeing a counsellor, and I am learning to say what I feel.",
    "You deserved honesty from me, and I did not give it.",
    "I'm sorry if you were hurt by what I said at dinner.",
    "Honestly, you made me do it when you ignored me all week.",
    "If you don't answer by Friday, we're done.",
    "I can't eat, I can't sleep, I am nothing without you.",
    "I remember the look on your face when you found the receipts in my coat.",
    "There is no hurry, and you owe me nothing, not even a reply.",
    "If you are ever willing to talk, I would love to hear from you.",
    "I am going to pay back the money I borrowed, starting this month.",
    "I know sorry doesn't undo it, but I am sorry.",
    "Why haven't you answered me yet?",
];

/// A letter of about `bytes` bytes: paragraphs of two to five sentences, picked by a
/// fixed linear congruential sequence so every run measures the same text.
fn letter(bytes: usize) -> String {
    let mut state: u64 = 20_261_128;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 33) as usize % n
    };
    let mut out = String::from("Dear Sam,\n\n");
    while out.len() < bytes {
        for _ in 0..2 + next(4) {
            out.push_str(SENTENCES[next(SENTENCES.len())]);
            out.push(' ');
        }
        out.push_str("\n\n");
    }
    out.push_str("Love,\nAlex\n");
    out
}

static LINTER: LazyLock<Linter> = LazyLock::new(|| {
    let linter = Linter::new(Pack::builtin(&Default::default()).0);
    // Compile every pattern up front so no benchmark pays for first use.
    linter.check_without_prefilter(&Document::new(letter(4_000), Format::Plain));
    linter
});
static LETTER: LazyLock<String> = LazyLock::new(|| letter(3_000));
static MEGABYTE: LazyLock<String> = LazyLock::new(|| letter(1_000_000));

#[divan::bench(args = [3_000, 100_000, 1_000_000])]
fn parse_document(bencher: divan::Bencher, bytes: usize) {
    let text = letter(bytes);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| Document::new(divan::black_box(text.as_str()), Format::Plain));
}

#[divan::bench]
fn whole_pack_on_a_letter(bencher: divan::Bencher) {
    let doc = Document::new(LETTER.as_str(), Format::Plain);
    let linter = &*LINTER;
    bencher.bench(|| linter.check(divan::black_box(&doc)));
}

#[divan::bench]
fn whole_pack_on_a_letter_without_prefilter(bencher: divan::Bencher) {
    let doc = Document::new(LETTER.as_str(), Format::Plain);
    let linter = &*LINTER;
    bencher.bench(|| linter.check_without_prefilter(divan::black_box(&doc)));
}

#[divan::bench(sample_count = 10)]
fn whole_pack_on_a_megabyte(bencher: divan::Bencher) {
    let doc = Document::new(MEGABYTE.as_str(), Format::Plain);
    let linter = &*LINTER;
    bencher
        .counter(divan::counter::BytesCount::new(MEGABYTE.len()))
        .bench(|| linter.check(divan::black_box(&doc)));
}

/// What the language server does per keystroke: a one-character edit in the middle of
/// the megabyte, re-checked incrementally (the character typed, then deleted).
#[divan::bench(sample_count = 50)]
fn one_character_edit_in_a_megabyte(bencher: divan::Bencher) {
    let linter = &*LINTER;
    let text = MEGABYTE.as_str();
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let edited = format!("{}x{}", &text[..at], &text[at..]);
    let mut engine = Incremental::new();
    engine.check(linter, text, Format::Plain, DraftKind::Letter);
    let mut typed = false;
    bencher.bench_local(|| {
        typed = !typed;
        let now = if typed { edited.as_str() } else { text };
        engine.check(
            linter,
            divan::black_box(now),
            Format::Plain,
            DraftKind::Letter,
        )
    });
}

#[divan::bench(sample_count = 10)]
fn parse_and_check_a_megabyte(bencher: divan::Bencher) {
    let linter = &*LINTER;
    bencher
        .counter(divan::counter::BytesCount::new(MEGABYTE.len()))
        .bench(|| linter.check(&Document::new(MEGABYTE.as_str(), Format::Plain)));
}

#[divan::bench]
fn sentence_roles_on_a_letter(bencher: divan::Bencher) {
    let doc = Document::new(LETTER.as_str(), Format::Plain);
    let linter = &*LINTER;
    bencher.bench(|| linter.roles(divan::black_box(&doc)));
}

/// One rule of each kind alone on the letter, through `amends::engine::check_rule`.
#[divan::bench(args = ["pattern", "swap", "share", "require"])]
fn one_rule_of_each_kind(bencher: divan::Bencher, kind: &str) {
    let wanted = match kind {
        "pattern" => Kind::Pattern,
        "swap" => Kind::Swap,
        "share" => Kind::Share,
        _ => Kind::Require,
    };
    let linter = &*LINTER;
    let Some(rule) = linter.pack().rules().iter().find(|r| r.kind() == wanted) else {
        return;
    };
    let doc = Document::new(LETTER.as_str(), Format::Plain);
    bencher.bench(|| {
        let mut out = Vec::new();
        amends::engine::check_rule(rule, divan::black_box(&doc), &mut out);
        out
    });
}

/// Building the built-in pack: parsing every rule file and checking every pattern's
/// syntax (patterns themselves compile on first use).
#[divan::bench(sample_count = 10)]
fn build_the_builtin_pack() -> Linter {
    Linter::new(Pack::builtin(&Default::default()).0)
}
