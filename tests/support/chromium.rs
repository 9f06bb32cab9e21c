//! Finding Debian's headless Chromium and the flags every test browser runs with, shared
//! by `tests/report_render.rs` (one `--screenshot` run per report) and
//! `tests/support/cdp.rs` (a browser driven over the DevTools protocol).
//!
//! A test that needs Chromium is ignored when the build did not find it (`build.rs` sets
//! `cfg(has_chromium)`), unless `CI=true`: then it runs, and [`chromium`] fails it.

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::fs;
use std::path::{Path, PathBuf};

#[path = "missing.rs"]
mod missing;
#[allow(
    unused_imports,
    reason = "tests/report_render.rs asks it; tests/write_page.rs does not"
)]
pub use missing::ci;

/// The Chromium to run. Tests that call this run only when the build found it
/// (`cfg(has_chromium)`; see `build.rs`) or under `CI=true`, and are ignored otherwise;
/// so a missing one here fails the test: under CI because CI installs it, elsewhere
/// because it has gone since the build.
pub fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("AMENDS_CHROMIUM").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        // Named on purpose but not there: a broken set-up, not a missing tool.
        assert!(
            path.is_file(),
            "AMENDS_CHROMIUM={} is not a file",
            path.display()
        );
        return path;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        let why_fail = missing::why_it_fails("browser");
        panic!(
            "the browser tests cannot run: `chromium` is not on PATH. Install it \
             with: apt-get install -y chromium (Debian), or set AMENDS_CHROMIUM to a \
             Chromium binary ({why_fail})"
        )
    })
}

/// Headless, in a profile of its own under `dir`, with every networking feature that
/// would run by itself turned off. What is left (update and account checks that start
/// anyway) goes to a proxy on the discard port, which refuses it, and no host name
/// resolves; `file://` pages are not affected.
///
/// `--proxy-bypass-list=<-loopback>` sends even loopback addresses to that proxy, so a
/// browser started with these flags reaches no server at all: right for drawing a
/// `file://` report, wrong for a page served on 127.0.0.1 (see [`loopback_only_flags`]).
pub fn chromium_flags(dir: &Path) -> Vec<String> {
    let mut flags: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-default-apps",
        "--disable-extensions",
        "--metrics-recording-only",
        "--disable-domain-reliability",
        "--dns-prefetch-disable",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    .map(String::from)
    .to_vec();
    flags.push(format!("--user-data-dir={}", dir.join("profile").display()));
    flags
}

/// [`chromium_flags`] without `<-loopback>`, for a browser that must load pages a test
/// serves on `127.0.0.1`: Chromium's own rule that loopback never goes through a proxy
/// applies again, so `http://127.0.0.1:PORT` is fetched directly, while every other
/// address, by name or by number, still goes to the dead proxy and fails. WebRTC is kept
/// from sending UDP around the proxy. Host names stay unresolvable, so use `127.0.0.1`,
/// not `localhost`.
pub fn loopback_only_flags(dir: &Path) -> Vec<String> {
    let mut flags: Vec<String> = chromium_flags(dir)
        .into_iter()
        .filter(|f| f != "--proxy-bypass-list=<-loopback>")
        .map(|f| {
            if f.starts_with("--host-resolver-rules=") {
                // The rules apply to address literals too: 127.0.0.1 must stay itself.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1".to_owned()
            } else {
                f
            }
        })
        .collect();
    flags.push("--force-webrtc-ip-handling-policy=disable_non_proxied_udp".into());
    flags
}

/// Chromium's standard error without its dbus noise, for failure messages.
pub fn chromium_log(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains(":ERROR:dbus/"))
        .collect();
    format!(
        "--- chromium stderr (dbus lines left out) ---\n{}",
        kept.join("\n")
    )
}
