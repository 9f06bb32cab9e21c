//! How long building the built-in pack takes (phrases parsed, classes expanded), and
//! checking one short letter with it: `cargo run --release --example pack_cost`.

fn main() {
    let t = std::time::Instant::now();
    let (pack, _) = amends::Pack::builtin(&Default::default());
    let built = t.elapsed();
    let text = std::fs::read_to_string("samples/02-sorry-but.txt").unwrap_or_default();
    let linter = amends::Linter::new(pack);
    let t = std::time::Instant::now();
    let doc = amends::Document::new(text, amends::Format::Plain);
    let found = linter.check(&doc).len();
    println!(
        "build the pack: {:.1} ms; check a short letter: {:.1} ms ({found} findings)",
        built.as_secs_f64() * 1000.0,
        t.elapsed().as_secs_f64() * 1000.0
    );
}
