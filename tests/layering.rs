//! The crate's modules depend on each other one way only (ARCHITECTURE.md, "Layers"):
//! every `crate::` path in `src/` is read, and a module that names one of a higher layer,
//! or of its own layer, fails this test. So `lsp/` and `cli/` never import each other,
//! and no import cycle can come back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use the modules of the layers below its own.
const LAYERS: &[&[&str]] = &[
    // Small helpers that use no other module of the crate.
    &["finding", "suggest", "fsutil", "par"],
    &["document"],
    &["rules"],
    &["engine"],
    &["series"],
    &["config", "examples"],
    &["draft"],
    &["report"],
    &["cli", "lsp", "write"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to; `None` for the crate root.
fn module_of(file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src()).expect("under src");
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The code of a file without its comments (doc comments name modules in prose).
fn code(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        // A trailing comment; no string in `src/` holds `// ` before a `crate::` path.
        let line = line.find(" // ").map_or(line, |at| &line[..at]);
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The first segment of every path after `crate::` in `code`, braces expanded:
/// `crate::{Document, engine::Linter}` gives `Document` and `engine`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `$crate::` in a macro, or a longer name ending in `crate`.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut end = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end = i;
                    break;
                }
            }
            let mut depth = 0;
            let mut start = 0;
            let inner = &group[..end];
            for (i, c) in inner.char_indices().chain([(inner.len(), ',')]) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(first_segment(&inner[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(first_segment(rest));
        }
    }
    out.retain(|s| !s.is_empty() && s != "self");
    out
}

fn first_segment(path: &str) -> String {
    path.trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// What the crate root re-exports, by name: `Document` → `document`.
fn root_exports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let mut out = BTreeMap::new();
    for statement in code(&lib).split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = first_segment(path);
        let tail = &path[module.len()..];
        match tail.find('{') {
            Some(open) => {
                for name in tail[open + 1..].trim_end_matches('}').split(',') {
                    let name = name.trim();
                    out.insert(name.to_string(), module.clone());
                }
            }
            None => {
                let name = tail.rsplit("::").next().unwrap_or("").trim();
                out.insert(name.to_string(), module.clone());
            }
        }
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_its_own() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let exports = root_exports();
    let mut modules = BTreeSet::new();
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(file) else {
            continue;
        };
        modules.insert(module.clone());
        let Some(own) = layer_of(&module) else {
            continue;
        };
        let source = std::fs::read_to_string(file).expect("readable");
        for segment in crate_paths(&code(&source)) {
            let target = if layer_of(&segment).is_some() {
                segment.clone()
            } else if let Some(module) = exports.get(&segment) {
                module.clone()
            } else {
                wrong.push(format!(
                    "{}: `crate::{segment}` is neither a module in LAYERS nor re-exported by lib.rs",
                    file.display()
                ));
                continue;
            };
            if target == module {
                continue;
            }
            let Some(theirs) = layer_of(&target) else {
                continue;
            };
            if theirs >= own {
                let how = if theirs == own {
                    "its own layer"
                } else {
                    "a higher layer"
                };
                wrong.push(format!(
                    "{}: `{module}` uses `{target}` (via `crate::{segment}`), of {how}",
                    file.display()
                ));
            }
        }
    }
    let unlisted: Vec<_> = modules.iter().filter(|m| layer_of(m).is_none()).collect();
    assert!(
        unlisted.is_empty(),
        "modules missing from LAYERS (give each its layer): {unlisted:?}"
    );
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_of_paths_sees_braces_and_re_exports() {
    assert_eq!(
        crate_paths(
            "use crate::{Document, engine::{Linter, Gate}};\nlet x = crate::series::merge;"
        ),
        ["Document", "engine", "series"]
    );
    assert_eq!(crate_paths("use crate::{self, rules};"), ["rules"]);
    assert_eq!(crate_paths("$crate::x; foocrate::y"), Vec::<String>::new());
    let exports = root_exports();
    assert_eq!(
        exports.get("Document").map(String::as_str),
        Some("document")
    );
    assert_eq!(exports.get("Linter").map(String::as_str), Some("engine"));
}
