//! Rules written by users cannot hurt the tool: a pattern too deep or too large to
//! compile is a located error, and a pack of ten thousand patterns loads and works.

use std::path::Path;
use std::process::{Command, Output};

fn rule(id: &str, patterns: &[String]) -> String {
    let list: String = patterns.iter().map(|p| format!("  '''{p}''',\n")).collect();
    format!(
        "id = \"{id}\"\nlevel = \"warning\"\nkind = \"pattern\"\nmessage = \"Found one.\"\nexplanation = \"A test rule.\"\npatterns = [\n{list}]\n"
    )
}

fn check_with_pack(pack: &Path, letter: &str) -> Output {
    let dir = pack.parent().expect("parent");
    std::fs::write(dir.join("letter.txt"), letter).expect("letter");
    Command::new(env!("CARGO_BIN_EXE_amends"))
        .args(["check", "--no-user-config", "--format", "short", "--pack"])
        .arg(pack)
        .arg(dir.join("letter.txt"))
        .env_remove("AMENDS_LOG")
        .output()
        .expect("amends runs")
}

#[test]
fn patterns_too_deep_or_too_large_are_located_errors() {
    let dir = tempfile::tempdir().expect("dir");
    let pack = dir.path().join("rules");
    std::fs::create_dir(&pack).expect("pack");
    let deep = format!("{}a{}", "(?:".repeat(300), ")".repeat(300));
    std::fs::write(pack.join("too-deep.toml"), rule("too-deep", &[deep])).expect("deep");
    let large = r"(?:\w{1,100}){1,100}".to_string();
    std::fs::write(pack.join("too-large.toml"), rule("too-large", &[large])).expect("large");
    let out = check_with_pack(&pack, "You made me do it.\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("too-deep.toml:7:3: invalid pattern"), "{err}");
    assert!(err.contains("nested parentheses"), "{err}");
    assert!(err.contains("too-large.toml:7:3: invalid pattern"), "{err}");
    assert!(err.contains("too large to compile"), "{err}");
    // The built-in rules still run.
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("blame-shifting"), "{report}");
}

#[test]
fn a_pack_of_ten_thousand_patterns_loads_and_matches() {
    let dir = tempfile::tempdir().expect("dir");
    let pack = dir.path().join("rules");
    std::fs::create_dir(&pack).expect("pack");
    let patterns: Vec<String> = (0..10_000)
        .map(|i| format!(r"needle\s+number\s+{i}\b"))
        .collect();
    std::fs::write(pack.join("many.toml"), rule("many", &patterns)).expect("many");
    let out = check_with_pack(
        &pack,
        "Dear Sam,\n\nThis holds needle number 9876 and nothing else.\n",
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("warning[many] Found one."), "{report}");
}
