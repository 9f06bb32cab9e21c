//! What a test says when a tool it needs (Neovim, Chromium) is missing at run time. The
//! tests run only when the build found the tool (`build.rs`) or under `CI=true`, and are
//! ignored otherwise; so a missing tool fails the test: under CI because CI installs it,
//! elsewhere because it has gone since the build.

#![allow(dead_code, reason = "each test binary uses a different part")]

/// Whether this is a CI run (`CI=true`), where every tool is installed: a test whose tool
/// is missing fails there instead of being ignored.
pub fn ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Why a missing `what` ("browser", "editor") fails the test rather than being ignored,
/// for the end of its message.
pub fn why_it_fails(what: &str) -> String {
    if ci() {
        format!("CI=true: a missing {what} fails the run")
    } else {
        "it was there when the tests were built; after removing it, `touch build.rs` so that \
         its tests are ignored"
            .to_string()
    }
}
