//! Waiting for a child process with a time limit, for tests that drive an outside
//! program (Neovim, Chromium) which could hang.

use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

/// The child's exit status, or `None` after killing it once `limit` has passed.
pub fn wait_or_kill(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            return Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
