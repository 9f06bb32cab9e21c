//! (c) Any bytes as a rule file, as a project's `.amends.toml` and, when they are JSON,
//! as the editor's `amends` settings: a located error or a working result, never a
//! panic. Bytes that are not UTF-8 are read lossily. See `tests/properties/checks.rs`.

#![no_main]

#[path = "../../tests/properties/checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    checks::rule_file(&checks::rule_file_name(&source), &source);
    checks::config_file(&source);
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        checks::editor_settings(&value);
    }
});
