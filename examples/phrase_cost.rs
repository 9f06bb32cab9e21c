//! Which phrases of the built-in pack cost the most to match, on the letters given (files
//! or folders of `.txt` letters): each phrase's `spans` timed over every sentence, the
//! costliest 25 printed with their rule. For finding the phrase behind a slowdown after a
//! round of rule work (`BENCHMARKS.md`).
//!
//!     cargo run --release --example phrase_cost -- FOLDER …

use std::time::Instant;

use amends::rules::Find;
use amends::{Document, Format, Linter, Pack};

fn letters(paths: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for p in paths {
        let path = std::path::Path::new(p);
        let files: Vec<std::path::PathBuf> = if path.is_dir() {
            std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|x| x == "txt"))
                .collect()
        } else {
            vec![path.to_path_buf()]
        };
        out.extend(files.iter().filter_map(|f| std::fs::read_to_string(f).ok()));
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let docs: Vec<Document> = letters(&args)
        .into_iter()
        .map(|t| Document::new(t, Format::Plain))
        .collect();
    let linter = Linter::new(Pack::builtin(&Default::default()).0);
    let mut costs = Vec::new();
    for rule in linter.pack().rules().iter().filter(|r| r.enabled()) {
        for m in rule.matchers() {
            let Find::Phrase(p) = &m.find else {
                continue;
            };
            let t = Instant::now();
            let mut found = 0;
            for doc in &docs {
                for i in 0..doc.sentences().len() {
                    found += p.spans(doc.sentence_words(i)).len();
                }
            }
            costs.push((
                t.elapsed().as_micros(),
                rule.id().to_string(),
                found,
                p.as_str().to_string(),
            ));
        }
    }
    costs.sort();
    let total: u128 = costs.iter().map(|c| c.0).sum();
    println!(
        "{} letters; {} phrases, {} ms in all",
        docs.len(),
        costs.len(),
        total / 1000
    );
    for (us, rule, found, phrase) in costs.iter().rev().take(25) {
        let short: String = phrase.chars().take(110).collect();
        println!("{us:>6} us  {rule:<24} {found:>3} found  {short}");
    }
}
