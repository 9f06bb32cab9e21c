//! A letter's sentences as the learned weights read them, one JSON object per line: the
//! sentence's bytes in the file and its words (`rules::learned::read`: canonical,
//! punctuation left out, words after a negation marked); a sentence long enough to be
//! judged in windows comes as one object per window. For training and scoring scripts that
//! must read text exactly as the engine does (`bench/`):
//!
//!     cargo run --release --example sentences -- letter.txt …   # each file's sentences
//!     cargo run --release --example sentences -- --lines < lines.txt   # each line is one
//!
//! With `--lines`, each line's words come whole (`tokens`) and sentence by sentence
//! (`sentences`). With `--excused` before the files, each object also names the built-in
//! rules with weights that would excuse the weights' finding on those words anyway
//! (`excused`; `engine::learned_excused`): the training script keeps only the kind
//! examples a rule does not excuse as a floor under its threshold.

use std::io::{BufRead, Write};

use amends::engine::learned_excused;
use amends::rules::learned::{read, windows};
use amends::{Document, Format, Pack, Rule};

/// The sentence's words as the learned weights read them, each with its token's place.
fn words(doc: &Document, index: usize) -> Vec<(usize, String)> {
    read(doc.sentence_words(index))
        .map(|(i, w)| (i, w.into_owned()))
        .collect()
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    if args.first().map(String::as_str) == Some("--lines") {
        for line in std::io::stdin().lock().lines() {
            let doc = Document::new(line?, Format::Plain);
            let each: Vec<Vec<String>> = (0..doc.sentences().len())
                .map(|i| words(&doc, i).into_iter().map(|(_, w)| w).collect())
                .collect();
            let all: Vec<&String> = each.iter().flatten().collect();
            // `sentences`: the same words sentence by sentence, as the engine scores them.
            writeln!(
                out,
                "{}",
                serde_json::json!({ "tokens": all, "sentences": each })
            )?;
        }
        return Ok(());
    }
    let (excusers, paths) = match args.split_first() {
        Some((flag, paths)) if flag == "--excused" => {
            let (pack, _) = Pack::builtin(&Default::default());
            let rules: Vec<Rule> = pack
                .rules()
                .iter()
                .filter(|r| r.learned().is_some())
                .cloned()
                .collect();
            (rules, paths)
        }
        _ => (Vec::new(), &args[..]),
    };
    for path in paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let doc = Document::new(text, Format::from_path(std::path::Path::new(path)));
        for (i, s) in doc.sentences().iter().enumerate() {
            // A long sentence in the windows the learned weights judge it in.
            let tokens = &doc.sentence_words(i).tokens;
            let read = words(&doc, i);
            for w in windows(read.len()) {
                let at_end = w.end == read.len();
                let part = &read[w];
                let (first, last) = (&tokens[part[0].0], &tokens[part[part.len() - 1].0]);
                let mut line = serde_json::json!({
                    "file": path,
                    "start": doc.to_original(s.lint.start + first.span.start),
                    "end": doc.to_original(s.lint.start + last.span.end),
                    "tokens": part.iter().map(|(_, w)| w).collect::<Vec<_>>(),
                });
                if !excusers.is_empty() {
                    let local = first.span.start..last.span.end;
                    line["excused"] = excusers
                        .iter()
                        .filter(|r| {
                            learned_excused(&doc, i, r, local.clone(), at_end) == Some(true)
                        })
                        .map(|r| r.id().to_string())
                        .collect();
                }
                writeln!(out, "{line}")?;
            }
        }
    }
    Ok(())
}
