//! Where one `amends check` of a letter spends its time, phase by phase: building the
//! built-in pack (phrases parsed, classes expanded), making the linter, the first check
//! (which compiles the patterns the letter needs) and a second check of the same letter.
//!
//! `cargo run --release --example pack_cost [letter]` (default: `samples/02-sorry-but.txt`).

use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "samples/02-sorry-but.txt".into());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let t = Instant::now();
    let (pack, _) = amends::Pack::builtin(&Default::default());
    let built = ms(t);
    let t = Instant::now();
    let linter = amends::Linter::new(pack);
    let made = ms(t);
    let t = Instant::now();
    let doc = amends::Document::new(text.clone(), amends::Format::Plain);
    let found = linter.check(&doc).len();
    let first = ms(t);
    let t = Instant::now();
    let doc = amends::Document::new(text, amends::Format::Plain);
    linter.check(&doc);
    let second = ms(t);
    println!(
        "build the pack: {built:.1} ms; make the linter: {made:.1} ms; \
         first check: {first:.1} ms; second check: {second:.1} ms ({found} findings, {path})"
    );
}
