//! A small, synchronous Chrome DevTools Protocol client, for tests that drive a real page
//! (one `amends` serves on 127.0.0.1) in Debian's headless Chromium: type into it, press
//! keys, click, wait for what the page's script does, take screenshots, and check that
//! the page logged no errors.
//!
//! The connection is `--remote-debugging-pipe`: Chromium reads NUL-terminated JSON
//! messages from its fd 3 and writes its own to fd 4. No WebSocket and no port, so no
//! other process on the machine can reach the browser, nothing has to wait for a port to
//! open, and no WebSocket crate is needed. A thread reads the messages, files the answers
//! by id and keeps every event; each wait has a time limit and fails saying what it
//! waited for, with the end of Chromium's standard error.
//!
//! The browser runs headless, in a temporary profile, with a fixed window, and may reach
//! only loopback addresses ([`chromium::loopback_only_flags`]): the tests never touch
//! the network. It is killed (with its child processes) when the [`Browser`] is dropped.
//!
//! A test file declares it with `#[path = "support/cdp.rs"] mod cdp;`, and marks its
//! browser tests `#[cfg_attr(not(has_chromium), ignore = "...")]` as
//! `tests/report_render.rs` does (see `build.rs`).

#![allow(dead_code, reason = "each test binary uses a different part")]

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "chromium.rs"]
pub mod chromium;

/// How long one protocol command may take to be answered (and the browser to start):
/// generous, for a loaded CI machine; a command takes milliseconds here.
pub const COMMAND_LIMIT: Duration = Duration::from_secs(30);
/// How long a page may take to load (its `load` event) after it was asked for.
pub const LOAD_LIMIT: Duration = Duration::from_secs(30);
/// How often [`Page::wait_until`] evaluates its condition.
const POLL: Duration = Duration::from_millis(20);
/// How many lines of Chromium's standard error a failure message ends with.
const STDERR_TAIL: usize = 40;

/// A headless Chromium and the DevTools connection to it. Pages opened with
/// [`Browser::open`] borrow it; dropping it kills the browser.
pub struct Browser {
    child: Child,
    /// Chromium's fd 3: our messages to it.
    to_chromium: Mutex<File>,
    inbox: Arc<Inbox>,
    next_id: AtomicU64,
    /// Chromium's standard error (and output), read back for failure messages.
    stderr: PathBuf,
    /// The viewport of every page, in CSS pixels.
    window: (u32, u32),
    /// The profile, HOME and standard error file; removed after the browser is killed.
    dir: tempfile::TempDir,
}

/// What the reader thread has received, shared with the waiters.
struct Inbox {
    state: Mutex<Received>,
    /// Signalled on every message, and when the pipe closes.
    arrived: Condvar,
}

#[derive(Default)]
struct Received {
    /// Answers to commands not yet collected, by command id.
    answers: HashMap<u64, Value>,
    /// Every event, in the order received: a [`Mark`] is an index into it, so waiting for
    /// an event never mistakes one from before the action waited on for its result.
    events: Vec<Value>,
    /// Console errors and uncaught exceptions, by the session (page) they came from.
    errors: HashMap<String, Vec<String>>,
    /// Why the connection ended, once it has.
    closed: Option<String>,
}

/// A point in the browser's stream of events; [`Page::wait_event`] looks only at events
/// received after it.
#[derive(Clone, Copy, Debug)]
pub struct Mark(usize);

impl Browser {
    /// Starts Chromium and waits until it answers on the pipe. Every page it opens shows
    /// `window` (width, height) CSS pixels, which at its device scale factor of 1 is
    /// also the size of a screenshot: fixed, so that a layout a test checks does not
    /// depend on the machine.
    pub fn launch(window: (u32, u32)) -> Browser {
        let binary = chromium::chromium();
        let dir = tempfile::tempdir().expect("a temporary directory");
        let stderr = dir.path().join("chromium.stderr");
        let log = File::create(&stderr).expect("chromium's stderr file");

        // Two pipes, (read end, write end): Chromium reads the first at its fd 3 and
        // writes the second at its fd 4. All four ends are close-on-exec, so a browser
        // that another test thread starts at the same time inherits none of them.
        let (theirs_in, ours_out) = pipe();
        let (ours_in, theirs_out) = pipe();
        let (fd3, fd4) = (theirs_in.as_raw_fd(), theirs_out.as_raw_fd());

        let mut command = Command::new(&binary);
        command
            .args(chromium::loopback_only_flags(dir.path()))
            .arg("--remote-debugging-pipe")
            .arg(format!("--window-size={},{}", window.0, window.1))
            .arg("about:blank")
            // Its own home too: nothing read from or left in the user's.
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("xdg-config"))
            .env("XDG_CACHE_HOME", dir.path().join("xdg-cache"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("a second handle on the stderr file"))
            .stderr(log)
            // A group of its own, so that Drop can kill the renderers and helpers too.
            .process_group(0);
        // SAFETY: between fork and exec the closure calls only fcntl and dup2, which are
        // async-signal-safe, on plain integers it copied.
        unsafe {
            command.pre_exec(move || {
                // Copied above 4 first, so that neither dup2 overwrites the other's source
                // (a pipe end could itself be fd 3 or 4). dup2's copies are not
                // close-on-exec; the other copies are, and close at exec.
                let read = libc::fcntl(fd3, libc::F_DUPFD_CLOEXEC, 10);
                let write = libc::fcntl(fd4, libc::F_DUPFD_CLOEXEC, 10);
                if read < 0 || write < 0 || libc::dup2(read, 3) < 0 || libc::dup2(write, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("{} starts: {e}", binary.display()));
        // Only Chromium may hold its ends: the reader sees the pipe close when it exits.
        drop((theirs_in, theirs_out));

        let inbox = Arc::new(Inbox {
            state: Mutex::default(),
            arrived: Condvar::new(),
        });
        read_messages(ours_in, Arc::clone(&inbox));
        let browser = Browser {
            child,
            to_chromium: Mutex::new(ours_out),
            inbox,
            next_id: AtomicU64::new(1),
            stderr,
            window,
            dir,
        };
        // The first answer says it is up (Chromium reads the pipe once it has started).
        browser.call("Browser.getVersion", json!({}));
        browser
    }

    /// Opens `url` in a new tab and waits for its `load` event. The tab gets its own
    /// DevTools session (`Target.attachToTarget` with `flatten`), with the `Page` and
    /// `Runtime` domains on, so that its console errors and uncaught exceptions are
    /// collected from the start ([`Page::errors`]).
    pub fn open(&self, url: &str) -> Page<'_> {
        let target = self.call("Target.createTarget", json!({"url": "about:blank"}));
        let target = target["targetId"]
            .as_str()
            .expect("Target.createTarget answers a targetId")
            .to_owned();
        let attached = self.call(
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        );
        let page = Page {
            browser: self,
            session: attached["sessionId"]
                .as_str()
                .expect("Target.attachToTarget answers a sessionId")
                .to_owned(),
        };
        page.call("Page.enable", json!({}));
        page.call("Runtime.enable", json!({}));
        // Only the newest tab has the focus: without this, once a second page is open
        // the first one's `document.hasFocus()` is false (and its focus handlers see a
        // background page), though typing into it still works. Each page acts as the
        // one the user is looking at.
        page.call(
            "Emulation.setFocusEmulationEnabled",
            json!({"enabled": true}),
        );
        // The new headless mode draws no browser UI but keeps room for it: a window of
        // 800×600 shows a page of 800×513. The page gets the whole size asked for.
        let (width, height) = self.window;
        page.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        page.navigate(url);
        page
    }

    /// Sends a browser-level command and returns its `result`; a protocol error fails
    /// the test.
    pub fn call(&self, method: &str, params: Value) -> Value {
        self.send(None, method, params.clone())
            .unwrap_or_else(|error| {
                self.fail(&format!("{method} {} failed: {error}", shorten(&params)))
            })
    }

    /// The current end of the event stream: pass it to [`Page::wait_event`] to wait for
    /// an event that an action taken after this call causes.
    pub fn mark(&self) -> Mark {
        Mark(self.lock().events.len())
    }

    /// Sends a command (to a page's session, if given) and waits for its answer: the
    /// `result`, or the protocol `error` as text.
    fn send(&self, session: Option<&str>, method: &str, params: Value) -> Result<Value, String> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = session.into();
        }
        // JSON escapes control characters, so the message holds no NUL of its own.
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        let sent = {
            let mut pipe = self
                .to_chromium
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            pipe.write_all(&bytes).and_then(|()| pipe.flush())
        };
        if let Err(e) = sent {
            self.fail(&format!("sending {method} to Chromium failed: {e}"));
        }
        let what = format!("the answer to {method} {}", shorten(&message["params"]));
        let mut answer = self.wait_for(&what, COMMAND_LIMIT, |r| r.answers.remove(&id));
        match answer.get("error") {
            Some(error) => {
                let message = error["message"].as_str().unwrap_or("an error");
                Err(match error["data"].as_str() {
                    Some(data) if !data.is_empty() => format!("{message} ({data})"),
                    _ => message.to_owned(),
                })
            }
            None => Ok(answer["result"].take()),
        }
    }

    /// Waits until `found` finds what it looks for in what has been received, for at
    /// most `limit`; fails the test naming `what` otherwise, or when Chromium has gone.
    fn wait_for<T>(
        &self,
        what: &str,
        limit: Duration,
        mut found: impl FnMut(&mut Received) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + limit;
        let mut received = self.lock();
        loop {
            if let Some(it) = found(&mut received) {
                return it;
            }
            if let Some(why) = received.closed.clone() {
                drop(received);
                self.fail(&format!("{why}, while waiting for {what}"));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                drop(received);
                self.fail(&format!("waited {limit:?} for {what}, in vain"));
            }
            received = self
                .inbox
                .arrived
                .wait_timeout(received, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn lock(&self) -> MutexGuard<'_, Received> {
        self.inbox
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Fails the test with `message` and the end of Chromium's standard error, which
    /// usually says why a page did not load or the browser died.
    fn fail(&self, message: &str) -> ! {
        let log = chromium::chromium_log(&self.stderr);
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(STDERR_TAIL)..].join("\n");
        panic!("{message}\n{tail}");
    }
}

impl Drop for Browser {
    /// Kills the browser's whole process group (renderers and helpers too), then reaps
    /// it; the temporary profile is removed after, with the other fields.
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: a plain system call; the group is the one the browser leads.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One tab of a [`Browser`], with its own DevTools session.
pub struct Page<'b> {
    browser: &'b Browser,
    session: String,
}

impl Page<'_> {
    /// Loads `url` in this tab and waits for its `load` event. Fails if the navigation
    /// fails (a refused connection, or an address the browser may not reach).
    pub fn navigate(&self, url: &str) {
        let mark = self.browser.mark();
        let result = self.call("Page.navigate", json!({"url": url}));
        if let Some(error) = result["errorText"].as_str() {
            self.browser.fail(&format!("loading {url} failed: {error}"));
        }
        self.wait_event_for(
            &format!("{url} to load"),
            "Page.loadEventFired",
            mark,
            LOAD_LIMIT,
        );
    }

    /// Reloads the page, as the reload button does, and waits for its `load` event. A
    /// page that asks whether to leave (its `beforeunload` prompt) is left, as a user
    /// clicking "Leave" would; returns whether it asked.
    pub fn reload(&self) -> bool {
        let mark = self.browser.mark();
        self.call("Page.reload", json!({}));
        let first = self
            .browser
            .wait_for("the page to reload", LOAD_LIMIT, |received| {
                received.events.get(mark.0..)?.iter().find_map(|event| {
                    let method = event["method"].as_str()?;
                    (event["sessionId"] == self.session.as_str()
                        && matches!(
                            method,
                            "Page.javascriptDialogOpening" | "Page.loadEventFired"
                        ))
                    .then(|| method.to_owned())
                })
            });
        if first == "Page.loadEventFired" {
            return false;
        }
        let mark = self.browser.mark();
        self.call("Page.handleJavaScriptDialog", json!({"accept": true}));
        self.wait_event_for(
            "the page to reload after leaving it",
            "Page.loadEventFired",
            mark,
            LOAD_LIMIT,
        );
        true
    }

    /// Evaluates the JavaScript expression `js` in the page and returns its value as JSON
    /// (a promise is awaited; `undefined` is `null`). It runs as if from a user gesture,
    /// so it may focus, copy or open what only a user may. A thrown exception fails the
    /// test with its message.
    pub fn eval(&self, js: &str) -> Value {
        self.try_eval(js)
            .unwrap_or_else(|error| self.browser.fail(&format!("{error}\nevaluating: {js}")))
    }

    /// Evaluates `js_condition` (an expression; a promise is awaited) every 20 ms until
    /// it is truthy, and returns how long that took. Fails the test after `limit`, with
    /// the condition and the exception it last threw, if any: while the page is still
    /// building itself, a condition that throws counts as false.
    pub fn wait_until(&self, js_condition: &str, limit: Duration) -> Duration {
        let started = Instant::now();
        let js = format!("(async () => !!(await ({js_condition})))()");
        loop {
            let last = match self.try_eval(&js) {
                Ok(Value::Bool(true)) => return started.elapsed(),
                Ok(_) => String::from("it was still false"),
                Err(error) => format!("it last failed with: {error}"),
            };
            if started.elapsed() >= limit {
                self.browser.fail(&format!(
                    "waited {limit:?} for the page to satisfy `{js_condition}`; {last}"
                ));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Types `text` into the focused element as an input method would (one `input`
    /// event, no key events): the way to enter words, including any Unicode. Fails if
    /// nothing is focused, since the text would silently go nowhere.
    pub fn insert_text(&self, text: &str) {
        let focused = self.eval(
            "document.activeElement && document.activeElement !== document.body \
             ? true : 'nothing is focused (document.activeElement is ' \
             + (document.activeElement && document.activeElement.tagName) + ')'",
        );
        if focused != Value::Bool(true) {
            self.browser.fail(&format!(
                "cannot insert {text:?}: {}",
                focused.as_str().unwrap_or("?")
            ));
        }
        self.call("Input.insertText", json!({"text": text}));
    }

    /// Presses and releases a key, with modifiers: `"Enter"`, `"Backspace"`, `"Tab"`,
    /// `"Shift+Tab"`, `"Ctrl+S"`, `"Ctrl+Shift+Z"`, `"Escape"`, `"Delete"`, the arrows
    /// (`"ArrowLeft"`…), `"Home"`, `"End"`, `"Space"`, `"F1"` to `"F12"`, a letter or a digit. The events
    /// carry the `key`, `code` and key code a real keyboard's would, so the page's
    /// handlers and the browser's own editing (a newline for Enter in a textarea, focus
    /// moving for Tab) both see them.
    pub fn press(&self, keys: &str) {
        let mut parts: Vec<&str> = keys.split('+').collect();
        let name = parts.pop().filter(|k| !k.is_empty()).unwrap_or("+");
        let mut modifiers = 0;
        for part in parts {
            modifiers |= match part.to_ascii_lowercase().as_str() {
                "alt" => 1,
                "ctrl" | "control" => 2,
                "meta" | "cmd" => 4,
                "shift" => 8,
                _ => panic!("press({keys:?}): unknown modifier {part:?} (Alt, Ctrl, Meta, Shift)"),
            };
        }
        let shift = modifiers & 8 != 0;
        let Some(Key {
            key,
            code,
            key_code,
            text,
        }) = key(name, shift)
        else {
            panic!("press({keys:?}): unknown key {name:?}; use insert_text for text");
        };
        // Text only without Ctrl, Alt or Meta: Ctrl+S is a command, not an "s".
        let text = if modifiers & 7 == 0 { text } else { None };
        let mut down = json!({
            "type": if text.is_some() { "keyDown" } else { "rawKeyDown" },
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": key_code,
            "nativeVirtualKeyCode": key_code,
            "modifiers": modifiers,
        });
        if let Some(text) = &text {
            down["text"] = text.as_str().into();
            down["unmodifiedText"] = text.as_str().into();
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({
                "type": "keyUp",
                "key": key,
                "code": code,
                "windowsVirtualKeyCode": key_code,
                "nativeVirtualKeyCode": key_code,
                "modifiers": modifiers,
            }),
        );
    }

    /// Clicks the middle of the first element matching `css_selector` with the left
    /// mouse button, as a user would: scrolled into view, then a move, a press and a
    /// release at that point. Fails if nothing matches, the element has no size, or
    /// another element covers its middle (a user's click would land there instead).
    pub fn click(&self, css_selector: &str) {
        let selector = Value::from(css_selector);
        let found = self.eval(&format!(
            "(() => {{
                const e = document.querySelector({selector});
                if (!e) return 'nothing matches';
                e.scrollIntoView({{block: 'center', inline: 'center'}});
                const r = e.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) return 'it has no size (hidden?)';
                const x = r.left + r.width / 2, y = r.top + r.height / 2;
                const hit = document.elementFromPoint(x, y);
                if (hit !== e && !e.contains(hit)) {{
                    return 'its middle is covered by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
                }}
                return [x, y];
            }})()"
        ));
        let Some([x, y]) = found
            .as_array()
            .and_then(|xy| Some([xy.first()?.as_f64()?, xy.get(1)?.as_f64()?]))
        else {
            let why = found.as_str().unwrap_or("?");
            self.browser
                .fail(&format!("cannot click `{css_selector}`: {why}"));
        };
        let at = |kind: &str, buttons: u32| {
            let mut event = json!({"type": kind, "x": x, "y": y, "buttons": buttons});
            if kind != "mouseMoved" {
                event["button"] = "left".into();
                event["clickCount"] = 1.into();
            }
            self.call("Input.dispatchMouseEvent", event);
        };
        at("mouseMoved", 0);
        at("mousePressed", 1);
        at("mouseReleased", 0);
    }

    /// Focuses the first element matching `css_selector` (its `focus()`), and fails if
    /// nothing matches or it does not take the focus (not focusable, or disabled).
    pub fn focus(&self, css_selector: &str) {
        let selector = Value::from(css_selector);
        let focused = self.eval(&format!(
            "(() => {{
                const e = document.querySelector({selector});
                if (!e) return 'nothing matches';
                e.focus();
                return document.activeElement === e || 'it did not take the focus';
            }})()"
        ));
        if focused != Value::Bool(true) {
            let why = focused.as_str().unwrap_or("?");
            self.browser
                .fail(&format!("cannot focus `{css_selector}`: {why}"));
        }
    }

    /// Takes a PNG screenshot of the window, writes it to `path` (for a person to look
    /// at when a test fails) and returns its bytes (for the test to decode).
    pub fn screenshot_png(&self, path: &Path) -> Vec<u8> {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let data = shot["data"]
            .as_str()
            .expect("Page.captureScreenshot answers base64 data");
        let png = base64_decode(data);
        std::fs::write(path, &png)
            .unwrap_or_else(|e| panic!("writing the screenshot {}: {e}", path.display()));
        png
    }

    /// The page's console errors (`console.error`, failed `console.assert`) and uncaught
    /// exceptions (unhandled promise rejections too) since it was opened, reloads
    /// included, oldest first: a test asserts there are none. Exceptions thrown by
    /// [`Page::eval`]'s own code are not among them (they fail the `eval`). Network
    /// failures such as a missing favicon are not console messages and do not count.
    pub fn errors(&self) -> Vec<String> {
        self.browser
            .lock()
            .errors
            .get(&self.session)
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for an event `method` (`"Page.frameNavigated"`…) of this page received
    /// after `since` (from [`Browser::mark`], taken before the action that causes it) and
    /// returns its `params`.
    pub fn wait_event(&self, method: &str, since: Mark, limit: Duration) -> Value {
        self.wait_event_for(&format!("the event {method}"), method, since, limit)
    }

    /// Sends a command to this page's session and returns its `result`: for what the
    /// methods above do not cover. A protocol error fails the test.
    pub fn call(&self, method: &str, params: Value) -> Value {
        self.browser
            .send(Some(&self.session), method, params.clone())
            .unwrap_or_else(|error| {
                self.browser
                    .fail(&format!("{method} {} failed: {error}", shorten(&params)))
            })
    }

    fn wait_event_for(&self, what: &str, method: &str, since: Mark, limit: Duration) -> Value {
        self.browser.wait_for(what, limit, |received| {
            received.events.get(since.0..)?.iter().find_map(|event| {
                (event["method"] == method && event["sessionId"] == self.session.as_str())
                    .then(|| event["params"].clone())
            })
        })
    }

    /// [`Page::eval`], with a thrown exception (or a protocol error, as when the page
    /// navigates away meanwhile) as the error.
    fn try_eval(&self, js: &str) -> Result<Value, String> {
        let mut result = self.browser.send(
            Some(&self.session),
            "Runtime.evaluate",
            json!({
                "expression": js,
                "returnByValue": true,
                "awaitPromise": true,
                "userGesture": true,
            }),
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            return Err(format!("JavaScript threw {}", exception_text(details)));
        }
        Ok(result["result"]["value"].take())
    }
}

/// A key as `Input.dispatchKeyEvent` describes it.
struct Key {
    key: String,
    code: String,
    /// The Windows virtual key code, which is also what `KeyboardEvent.keyCode` reports.
    key_code: u32,
    /// What typing it inserts, if anything.
    text: Option<String>,
}

/// The key called `name` (as in [`Page::press`]); `shift` chooses a letter's case.
fn key(name: &str, shift: bool) -> Option<Key> {
    let named = |key: &str, code: &str, key_code: u32, text: Option<&str>| Key {
        key: key.into(),
        code: code.into(),
        key_code,
        text: text.map(String::from),
    };
    Some(match name {
        "Enter" => named("Enter", "Enter", 13, Some("\r")),
        "Backspace" => named("Backspace", "Backspace", 8, None),
        "Tab" => named("Tab", "Tab", 9, None),
        "Escape" => named("Escape", "Escape", 27, None),
        "Delete" => named("Delete", "Delete", 46, None),
        "Space" | " " => named(" ", "Space", 32, Some(" ")),
        "Home" => named("Home", "Home", 36, None),
        "End" => named("End", "End", 35, None),
        "ArrowLeft" => named("ArrowLeft", "ArrowLeft", 37, None),
        "ArrowUp" => named("ArrowUp", "ArrowUp", 38, None),
        "ArrowRight" => named("ArrowRight", "ArrowRight", 39, None),
        "ArrowDown" => named("ArrowDown", "ArrowDown", 40, None),
        // Function keys F1 to F12: key codes 112 to 123.
        f if f.len() <= 3
            && f.starts_with('F')
            && f[1..].parse::<u32>().is_ok_and(|n| (1..=12).contains(&n)) =>
        {
            let n: u32 = f[1..].parse().unwrap_or(1);
            named(f, f, 111 + n, None)
        }
        _ => {
            let mut chars = name.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return None;
            };
            let upper = c.to_ascii_uppercase();
            let code = if c.is_ascii_alphabetic() {
                format!("Key{upper}")
            } else if c.is_ascii_digit() {
                format!("Digit{c}")
            } else {
                return None;
            };
            let typed = if shift { upper } else { c.to_ascii_lowercase() };
            Key {
                key: typed.to_string(),
                code,
                key_code: u32::from(upper),
                text: Some(typed.to_string()),
            }
        }
    })
}

/// Reads NUL-terminated messages from `pipe` until it closes, filing each in `inbox`.
fn read_messages(pipe: File, inbox: Arc<Inbox>) {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let why = loop {
            let mut bytes = Vec::new();
            match reader.read_until(0, &mut bytes) {
                Ok(0) => break "Chromium closed the DevTools pipe (it exited)".to_owned(),
                Ok(_) => {}
                Err(e) => break format!("reading the DevTools pipe failed: {e}"),
            }
            if bytes.last() == Some(&0) {
                bytes.pop();
            }
            let message: Value = match serde_json::from_slice(&bytes) {
                Ok(message) => message,
                Err(e) => {
                    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]);
                    break format!("Chromium sent a message that is not JSON ({e}): {start}");
                }
            };
            let mut received = inbox.state.lock().unwrap_or_else(PoisonError::into_inner);
            match message["id"].as_u64() {
                Some(id) => {
                    received.answers.insert(id, message);
                }
                None => {
                    if let Some(error) = page_error(&message) {
                        let session = message["sessionId"].as_str().unwrap_or("").to_owned();
                        received.errors.entry(session).or_default().push(error);
                    }
                    received.events.push(message);
                }
            }
            drop(received);
            inbox.arrived.notify_all();
        };
        let mut received = inbox.state.lock().unwrap_or_else(PoisonError::into_inner);
        received.closed = Some(why);
        drop(received);
        inbox.arrived.notify_all();
    });
}

/// The text of a console error or an uncaught exception, if `event` is one.
fn page_error(event: &Value) -> Option<String> {
    let params = &event["params"];
    match event["method"].as_str()? {
        "Runtime.exceptionThrown" => Some(exception_text(&params["exceptionDetails"])),
        "Runtime.consoleAPICalled" => {
            let kind = params["type"].as_str()?;
            if kind != "error" && kind != "assert" {
                return None;
            }
            let args = params["args"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            let words: Vec<String> = args.iter().map(remote_object_text).collect();
            Some(format!("console.{kind}: {}", words.join(" ")))
        }
        _ => None,
    }
}

/// An exception's message and stack (`Error: …\n    at …`), or its thrown value.
fn exception_text(details: &Value) -> String {
    let exception = &details["exception"];
    let text = details["text"].as_str().unwrap_or("an exception");
    if exception.is_null() {
        return text.to_owned();
    }
    match exception["description"].as_str() {
        // `Runtime.evaluate`'s text already holds the message: add the stack.
        Some(description) => match description.lines().next() {
            Some(first) if text.contains(first) => format!("{text}{}", &description[first.len()..]),
            _ => format!("{text}: {description}"),
        },
        None => format!("{text}: {}", remote_object_text(exception)),
    }
}

/// A `Runtime.RemoteObject` as the console would print it, roughly.
fn remote_object_text(object: &Value) -> String {
    match &object["value"] {
        Value::String(s) => s.clone(),
        Value::Null => object["description"]
            .as_str()
            .or(object["type"].as_str())
            .unwrap_or("?")
            .to_owned(),
        value => value.to_string(),
    }
}

/// A command's parameters for a failure message: long ones (an inserted text, a script)
/// cut short.
fn shorten(params: &Value) -> String {
    let text = params.to_string();
    match text.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// A pipe as (read end, write end), both close-on-exec.
fn pipe() -> (File, File) {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two fds into the array it is given.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
    // SAFETY: both fds were just opened, and nothing else owns them.
    unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) }
}

/// Decodes standard base64 (`Page.captureScreenshot`'s data), stopping at padding. The
/// project has no base64 crate, and this is all that is needed of one.
pub fn base64_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut bits, mut held) = (0u32, 0u32);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b'\n' | b'\r' => continue,
            _ => panic!("not base64: byte {c:#04x}"),
        };
        bits = (bits << 6) | u32::from(value);
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
            bits &= (1 << held) - 1;
        }
    }
    out
}
