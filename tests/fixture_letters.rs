//! Fixture letters under `tests/fixtures/letters/` and the findings they give, as
//! snapshots: a change in what the default pack finds shows up as a reviewed diff.

use std::fmt::Write;

use amends::config::Config;
use amends::{Document, Format};

fn findings_of(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).expect("fixture letters are UTF-8");
    let doc = Document::new(text, Format::from_path(path));
    let (linter, errors) = Config::default().build(&[]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut out = String::new();
    for f in linter.check(&doc) {
        let at = doc.lines().position(doc.text(), f.span.start);
        let quoted: String = doc.text()[f.span.clone()]
            .chars()
            .take(70)
            .collect::<String>()
            .replace('\n', " ");
        writeln!(
            out,
            "{}:{} {} {} {:?}",
            at.line, at.column, f.level, f.rule, quoted
        )
        .unwrap();
        for fix in &f.fixes {
            writeln!(out, "    fix: {:?}", fix.replacement).unwrap();
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    let roles: Vec<&str> = linter.roles(&doc).iter().map(|r| r.name()).collect();
    writeln!(out, "roles: {}", roles.join(" ")).unwrap();
    out
}

#[test]
fn fixture_letters_give_their_recorded_findings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/letters");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 5);
    for path in paths {
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace('.', "_");
        insta::assert_snapshot!(name, findings_of(&path));
    }
}
