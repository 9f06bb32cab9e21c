//! Embeds the built-in rule pack (`rules/*.toml`) into the binary, so `amends` works on
//! its own wherever it is copied. Adding a rule is adding a file: nothing is registered by
//! hand.
//!
//! Also looks for the tools the editor and browser tests drive (no network: environment
//! variables, `PATH`, fixed paths and `--version`), so that a test whose tool is missing
//! is reported as ignored, not as passed. See [`probe_test_tools`].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::{env, fs};

#[path = "tests/support/binwheels.rs"]
mod binwheels;

use binwheels::binwheels_nvim;

fn main() {
    embed_rules();
    probe_test_tools();
}

fn embed_rules() {
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

/// A tool some integration tests need, as the tests themselves find it
/// (`tests/support/nvim.rs`, `tests/report_render.rs`).
struct Tool {
    /// The `cfg` set when it is there: the tests are `ignore`d without it.
    cfg: &'static str,
    /// The environment variable naming the binary; when set, the tests run (and check
    /// the binary themselves: a wrong one is a broken set-up, which fails).
    env_var: &'static str,
    /// Where to look when `env_var` is not set.
    find: fn() -> Option<PathBuf>,
}

const TOOLS: [Tool; 3] = [
    Tool {
        cfg: "has_nvim_07",
        env_var: "AMENDS_NVIM_07",
        find: || nvim_of_version(PathBuf::from("/usr/bin/nvim"), "NVIM v0.7."),
    },
    Tool {
        cfg: "has_nvim_011",
        env_var: "AMENDS_NVIM_011",
        find: || nvim_of_version(binwheels_nvim()?, "NVIM v0.11."),
    },
    Tool {
        cfg: "has_chromium",
        env_var: "AMENDS_CHROMIUM",
        find: || on_path("chromium"),
    },
];

/// Sets `cfg(has_nvim_07)`, `cfg(has_nvim_011)` and `cfg(has_chromium)` for the tools
/// found. With `CI=true` every one is set whatever is found: CI installs them, so their
/// tests must run, and fail when a tool is missing rather than be ignored.
///
/// The probe reruns when `PATH`, `CI` or a tool's variable changes, or when a binary it
/// found changes or goes; a tool installed since the last build at a place `PATH`
/// already covered is seen after `touch build.rs`.
fn probe_test_tools() {
    println!("cargo:rerun-if-env-changed=PATH");
    println!("cargo:rerun-if-env-changed=CI");
    let ci = env::var("CI").is_ok_and(|v| v == "true");
    for tool in &TOOLS {
        println!("cargo::rustc-check-cfg=cfg({})", tool.cfg);
        println!("cargo:rerun-if-env-changed={}", tool.env_var);
        let named = env::var_os(tool.env_var).is_some_and(|v| !v.is_empty());
        let found = if named { None } else { (tool.find)() };
        if let Some(path) = &found {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        if ci || named || found.is_some() {
            println!("cargo:rustc-cfg={}", tool.cfg);
        }
    }
}

/// `path`, when it is a file whose `--version` starts with `prefix`.
fn nvim_of_version(path: PathBuf, prefix: &str) -> Option<PathBuf> {
    if !path.is_file() {
        return None;
    }
    let out = Command::new(&path)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .starts_with(prefix)
        .then_some(path)
}

/// The first file called `name` in a folder of `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    env::split_paths(&env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| Path::is_file(p))
}
