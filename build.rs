//! Embeds the built-in rule pack (`rules/*.toml`) into the binary, so `amends` works on
//! its own wherever it is copied. Adding a rule is adding a file: nothing is registered by
//! hand.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("rules");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("the rules/ folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        // The lexicon is not a rule: `rules::Lexicon` embeds it.
        .filter(|p| p.file_name().is_none_or(|n| n != "lexicon.toml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// The built-in rule files: (file name, contents), sorted by name.\npub static BUILTIN_RULES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("rule file names are UTF-8");
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
