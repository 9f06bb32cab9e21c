//! Prints every pattern of the built-in pack, one regex per line, as the engine compiles
//! it: for comparing the engine with other regex tools on the same work (bench/targets.py
//! feeds them to ripgrep).
//!
//! `cargo run --release --example export_patterns > patterns.txt`

use std::io::Write;

fn main() {
    let linter = amends::Linter::new(amends::Pack::builtin(&Default::default()).0);
    let mut out = std::io::stdout().lock();
    for rule in linter.pack().rules().iter().filter(|r| r.enabled()) {
        for m in rule.matchers() {
            let amends::rules::Find::Regex(p) = &m.find else {
                continue;
            };
            if writeln!(out, "{}", p.regex.as_str()).is_err() {
                return;
            }
        }
    }
}
