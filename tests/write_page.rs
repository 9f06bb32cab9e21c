//! `amends write`: the writing page, as a writer and as a stranger would meet it.
//!
//! The server is the real binary, started on a draft in a temporary folder. Without a
//! browser, raw HTTP requests check who is let in (only this computer, only the printed
//! address with its token, only the page's own origin), saving and its conflicts, the
//! settings edits, and how the server ends (Ctrl-C, the last tab closed). With Debian's
//! headless Chromium (`tests/support/cdp.rs`), a test types a draft into the page and
//! sees the highlights, applies a rewrite, allows a phrase, saves, takes a change made
//! on disk, and checks that a hostile draft stays text and the page stays responsive.
//!
//! `AMENDS_UPDATE_SCREENSHOT=1 cargo test --test write_page` also writes the README's
//! picture of the page (`docs/write.png`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/cdp.rs"]
mod cdp;
#[path = "support/child.rs"]
mod child;

/// The longest the server may take to stop once asked (Ctrl-C) or once its last tab
/// said goodbye (three seconds of grace for a reload, then the stop).
const STOP_LIMIT: Duration = Duration::from_secs(15);

/// A running `amends write`, killed when dropped.
struct Server {
    child: Child,
    stdout: BufReader<ChildStdout>,
    /// `http://127.0.0.1:PORT/TOKEN/`
    url: String,
    port: u16,
    token: String,
    dir: tempfile::TempDir,
}

impl Server {
    /// `amends write` on `file` (a name in a fresh folder, holding `text` unless that is
    /// `None`), with the writer's own configuration left out.
    fn start(file: Option<&str>, text: Option<&str>) -> Server {
        Server::start_with(file, text, &[])
    }

    fn start_with(file: Option<&str>, text: Option<&str>, env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut command = Command::new(env!("CARGO_BIN_EXE_amends"));
        command
            .current_dir(dir.path())
            .args(["write", "--no-open", "--no-user-config"])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(name) = file {
            if let Some(text) = text {
                std::fs::write(dir.path().join(name), text).expect("the draft is written");
            }
            command.arg(name);
        }
        let mut child = command.spawn().expect("amends starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout.read_line(&mut first).expect("the address line");
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .expect("a loopback address");
        let (port, token) = rest.split_once('/').expect("port/token/");
        Server {
            port: port.parse().expect("a port"),
            token: token.trim_end_matches('/').to_string(),
            url,
            child,
            stdout,
            dir,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A raw HTTP/1.1 request to the server; returns the status and the body.
    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("the server accepts");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("a read timeout");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
            body.len()
        );
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("host"))
        {
            head.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("request sent");
        stream.write_all(body.as_bytes()).expect("body sent");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("an answer");
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {answer:?}"));
        let body = answer
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    /// A request as the page makes it: to the tokened path, from its own origin.
    fn api(&self, name: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        let origin = format!("http://127.0.0.1:{}", self.port);
        let (status, text) = self.request(
            "POST",
            &format!("/{}/api/{name}", self.token),
            &[("Origin", &origin), ("Content-Type", "application/json")],
            &body.to_string(),
        );
        let value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        (status, value)
    }

    /// What the page starts from (`api/draft`).
    fn draft(&self) -> serde_json::Value {
        let (status, body) = self.request("GET", &format!("/{}/api/draft", self.token), &[], "");
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).expect("JSON")
    }

    /// Saves `text` as the page does, based on the file's version `stamp`.
    fn save(&self, text: &str, stamp: &serde_json::Value) -> (u16, serde_json::Value) {
        self.api("save", &serde_json::json!({ "text": text, "stamp": stamp }))
    }

    /// The file `name` in the server's folder, as it is on disk.
    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Waits for the server to end; its exit status and what it printed after the address.
    fn wait_for_exit(mut self) -> (std::process::ExitStatus, String, String) {
        let status = child::wait_or_kill(&mut self.child, STOP_LIMIT)
            .unwrap_or_else(|| panic!("amends write did not stop within {STOP_LIMIT:?}"));
        let mut out = String::new();
        let _ = self.stdout.read_to_string(&mut out);
        let mut err = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = stderr.read_to_string(&mut err);
        }
        (status, out, err)
    }

    fn interrupt(&self) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("a pid");
        // SAFETY: sends a signal to our own child; no memory is touched.
        let sent = unsafe { libc::kill(pid, libc::SIGINT) };
        assert_eq!(sent, 0, "SIGINT sent");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const BLAMING: &str = "Dear Sam,\n\nYou made me do it, and I hate that it happened.\n";

#[test]
fn the_page_is_served_only_at_the_printed_address() {
    let server = Server::start(Some("letter.txt"), Some(BLAMING));
    let page = format!("/{}/", server.token);
    let (status, body) = server.request("GET", &page, &[], "");
    assert_eq!(status, 200);
    assert!(
        body.contains("<textarea id=\"draft\""),
        "the page: {body:.200}"
    );

    let wrong_token: String = server.token.chars().rev().collect();
    let refused = [
        ("no token", "/".to_string(), vec![]),
        (
            "the API without the token",
            "/api/draft".to_string(),
            vec![],
        ),
        ("a wrong token", format!("/{wrong_token}/"), vec![]),
        (
            "the token without its slash",
            format!("/{}", server.token),
            vec![],
        ),
        (
            "another host name (DNS rebinding)",
            page.clone(),
            vec![("Host", "letters.example:80".to_string())],
        ),
        (
            "another port in Host",
            page.clone(),
            vec![("Host", "127.0.0.1:1".to_string())],
        ),
        (
            "another origin",
            page.clone(),
            vec![("Origin", "http://letters.example".to_string())],
        ),
        (
            "a cross-site fetch",
            page.clone(),
            vec![("Sec-Fetch-Site", "cross-site".to_string())],
        ),
    ];
    for (what, path, headers) in refused {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let (status, body) = server.request("GET", &path, &headers, "");
        assert!(status == 403 || status == 404, "{what}: status {status}");
        assert!(!body.contains("textarea"), "{what}: the page was served");
    }
    // A page elsewhere cannot make the server check (or save) anything either.
    let (status, _) = server.request(
        "POST",
        &format!("/{}/api/save", server.token),
        &[
            ("Origin", "http://letters.example"),
            ("Content-Type", "application/json"),
        ],
        r#"{"text":"overwritten","stamp":null}"#,
    );
    assert_eq!(status, 403);
    assert_eq!(server.read("letter.txt"), BLAMING);
}

#[test]
fn the_server_is_not_reachable_from_outside_this_computer() {
    let server = Server::start(Some("letter.txt"), Some(BLAMING));
    let outside: Vec<IpAddr> = local_addresses()
        .into_iter()
        .filter(|ip| !ip.is_loopback())
        .collect();
    if outside.is_empty() {
        eprintln!(
            "NOTE: this machine has no address but loopback, so only the loopback refusal is tested (guard unit tests cover the rest)"
        );
    }
    for ip in outside {
        let reached = TcpStream::connect_timeout(&(ip, server.port).into(), Duration::from_secs(2));
        assert!(reached.is_err(), "the server answered on {ip}");
    }
}

/// The machine's own addresses, as `hostname -I` lists them (none when it cannot say).
fn local_addresses() -> Vec<IpAddr> {
    Command::new("hostname")
        .arg("-I")
        .output()
        .map(|out| {
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_page_forbids_itself_any_request_but_to_this_server() {
    let server = Server::start(None, None);
    let (status, head_and_body) = {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        let request = format!(
            "GET /{}/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            server.token, server.port
        );
        stream.write_all(request.as_bytes()).expect("sent");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("answer");
        (answer.split_whitespace().nth(1).map(str::to_string), answer)
    };
    assert_eq!(status.as_deref(), Some("200"));
    let (head, body) = head_and_body.split_once("\r\n\r\n").expect("head and body");
    let policy = head
        .lines()
        .find_map(|l| l.strip_prefix("content-security-policy: "))
        .expect("a Content-Security-Policy header");
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("*"),
        "{policy}"
    );
    // Nothing in the page names another place to fetch from.
    for external in ["http://", "https://", "//fonts", "@import", "url("] {
        assert!(!body.contains(external), "the page contains {external}");
    }
}

#[test]
fn saving_never_overwrites_a_change_made_on_disk() {
    let server = Server::start(Some("letter.txt"), Some(BLAMING));
    let draft = server.draft();
    assert_eq!(draft["text"], BLAMING);
    let stamp = draft["stamp"].clone();

    let mine = "Dear Sam,\n\nI did it, and I am sorry.\n";
    let (status, saved) = server.save(mine, &stamp);
    assert_eq!(status, 200, "{saved}");
    assert_eq!(server.read("letter.txt"), mine);

    // Another program writes the file; a save from the page's old version is refused
    // and hands back what is on disk.
    let theirs = "Dear Sam,\n\nWritten in another editor.\n";
    std::fs::write(server.path("letter.txt"), theirs).expect("written");
    let (status, conflict) = server.save("from the page", &saved["stamp"]);
    assert_eq!(status, 409);
    assert_eq!(conflict["text"], theirs);
    assert_eq!(server.read("letter.txt"), theirs);

    // Having seen that version, the page may replace it.
    let (status, _) = server.save("from the page", &conflict["stamp"]);
    assert_eq!(status, 200);
    assert_eq!(server.read("letter.txt"), "from the page");
}

#[test]
fn windows_line_endings_are_kept() {
    let crlf = "Dear Sam,\r\n\r\nI am sorry.\r\n";
    let server = Server::start(Some("letter.txt"), Some(crlf));
    let draft = server.draft();
    assert_eq!(
        draft["text"], "Dear Sam,\n\nI am sorry.\n",
        "the page gets LF, as a text area holds it"
    );
    assert_eq!(draft["dirty"], false, "that is not an unsaved change");
    let (status, _) = server.save("Dear Sam,\n\nI am so sorry.\n", &draft["stamp"]);
    assert_eq!(status, 200);
    assert_eq!(
        server.read("letter.txt"),
        "Dear Sam,\r\n\r\nI am so sorry.\r\n"
    );
}

#[test]
fn a_new_file_is_created_on_the_first_save_and_no_file_means_no_save() {
    let server = Server::start(Some("new-letter.md"), None);
    assert!(!server.path("new-letter.md").exists());
    let (status, _) = server.save("Dear Sam,", &serde_json::Value::Null);
    assert_eq!(status, 200);
    assert_eq!(server.read("new-letter.md"), "Dear Sam,");

    let pageonly = Server::start(None, None);
    let (status, answer) = pageonly.save("Dear Sam,", &serde_json::Value::Null);
    assert_eq!(status, 400);
    assert!(
        answer["error"]
            .as_str()
            .is_some_and(|e| e.contains("only in the page")),
        "{answer}"
    );
}

#[test]
fn allowing_a_phrase_and_turning_a_rule_off_are_written_beside_the_file() {
    let server = Server::start(Some("letter.txt"), Some(BLAMING));
    let (_, checked) = server.api("check", &serde_json::json!({ "text": BLAMING }));
    let blame = checked["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "blame-shifting")
        .unwrap_or_else(|| panic!("no blame-shifting finding in {checked}"))
        .clone();
    let phrase = blame["phrase"]
        .as_str()
        .expect("an allowable phrase")
        .to_string();
    let (status, answer) = server.api(
        "allow",
        &serde_json::json!({ "rule": "blame-shifting", "phrase": phrase }),
    );
    assert_eq!(status, 200, "{answer}");
    let settings = server.read(".amends.toml");
    assert!(
        settings.contains("[allow]") && settings.contains(&phrase),
        "{settings}"
    );
    let (_, checked) = server.api("check", &serde_json::json!({ "text": BLAMING }));
    assert!(
        !checked["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"] == "blame-shifting"),
        "the allowed phrase is still flagged: {checked}"
    );

    let (status, answer) = server.api("off", &serde_json::json!({ "rule": "no-such-rule" }));
    assert_eq!(status, 409, "{answer}");
    let (status, _) = server.api("off", &serde_json::json!({ "rule": "conditional-apology" }));
    assert_eq!(status, 200);
    let settings = server.read(".amends.toml");
    assert!(
        settings.contains("conditional-apology = \"off\""),
        "{settings}"
    );
    assert!(
        settings.contains(&phrase),
        "the earlier allow was kept: {settings}"
    );
}

#[test]
fn a_broken_settings_file_is_shown_and_the_last_good_settings_stay() {
    let server = Server::start(Some("letter.txt"), Some(BLAMING));
    let (_, before) = server.api("check", &serde_json::json!({ "text": BLAMING }));
    let count = before["findings"].as_array().expect("findings").len();
    assert!(count > 0);
    std::fs::write(
        server.path(".amends.toml"),
        "[rules]\nblame-shifting = \"sometimes\"\n",
    )
    .expect("written");
    // The server looks at the settings once a second.
    let start = Instant::now();
    let after = loop {
        let (_, after) = server.api("check", &serde_json::json!({ "text": BLAMING }));
        if !after["config_errors"]
            .as_array()
            .expect("errors")
            .is_empty()
            || start.elapsed() > Duration::from_secs(10)
        {
            break after;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let errors = after["config_errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{after}");
    let error = errors[0].as_str().expect("text");
    assert!(
        error.contains(".amends.toml:2:"),
        "the error says where: {error}"
    );
    assert_eq!(
        after["findings"].as_array().expect("findings").len(),
        count,
        "the last good settings stay in force"
    );
}

#[test]
fn a_dated_draft_shows_its_series() {
    let server = Server::start(
        Some("2026-11-23-follow-up.txt"),
        Some("Hi Sam, just checking in.\n"),
    );
    std::fs::write(
        server.path("2026-11-20-letter.txt"),
        "Dear Sam,\n\nI am sorry.\n",
    )
    .expect("written");
    let (status, checked) = server.api(
        "check",
        &serde_json::json!({ "text": "Hi Sam, just checking in again.\n" }),
    );
    assert_eq!(status, 200);
    let series = checked["series"].as_array().expect("series");
    let names: Vec<&str> = series.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(
        names,
        ["2026-11-20-letter.txt", "2026-11-23-follow-up.txt"],
        "{checked}"
    );
    assert_eq!(series[1]["this"], true);
    assert_eq!(series[1]["gap"], 3);
    assert!(
        checked["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"] == "contact-too-frequent"),
        "a follow-up three days after the letter is too soon: {checked}"
    );
}

#[test]
fn a_date_that_cannot_be_read_is_said() {
    let server = Server::start(Some("letter.md"), Some(""));
    let text = "---\ndate: the Tuesday after next\n---\nDear Sam,\n";
    let (status, checked) = server.api("check", &serde_json::json!({ "text": text }));
    assert_eq!(status, 200);
    let notes = checked["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 1, "{checked}");
    assert!(
        notes[0]
            .as_str()
            .is_some_and(|n| n.contains("the Tuesday after next")),
        "{checked}"
    );
    let (_, checked) = server.api(
        "check",
        &serde_json::json!({ "text": "---\ndate: 2026-11-20\n---\nDear Sam,\n" }),
    );
    assert_eq!(checked["notes"], serde_json::json!([]));
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let server = Server::start(None, None);
    server.interrupt();
    let (status, out, _) = server.wait_for_exit();
    assert!(status.success(), "{status}");
    assert!(out.contains("stopped"), "{out}");
}

#[test]
fn closing_the_last_tab_stops_the_server() {
    let server = Server::start(Some("letter.txt"), Some(BLAMING));
    // A tab announces itself by waiting for news; closing, it says goodbye.
    let port = server.port;
    let token = server.token.clone();
    let waiting = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let body = r#"{"tab":"tab-1","seen":0}"#;
        let request = format!(
            "POST /{token}/api/wait HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("sent");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    });
    // Whichever comes first, the goodbye or the request for news, the tab is closed.
    let (status, _) = server.api("bye", &serde_json::json!({ "tab": "tab-1" }));
    assert_eq!(status, 204);
    let (status, out, _) = server.wait_for_exit();
    assert!(status.success(), "{status}");
    assert!(out.contains("the page was closed"), "{out}");
    let answer = waiting.join().expect("the waiting request ends");
    assert!(
        answer.starts_with("HTTP/1.1 200"),
        "the held request was answered: {answer:.80}"
    );
}

#[test]
fn the_letter_is_not_logged_even_at_debug() {
    let secret = "Kestrel-7 my words for Sam alone";
    let server = Server::start_with(Some("letter.txt"), Some(secret), &[("AMENDS_LOG", "debug")]);
    let _ = server.api(
        "check",
        &serde_json::json!({ "text": format!("{secret}. You made me do it.") }),
    );
    let _ = server.save(secret, &serde_json::json!("stale"));
    let _ = server.request("GET", "/wrong/", &[], "");
    server.interrupt();
    let (_, out, err) = server.wait_for_exit();
    assert!(
        !out.contains("Kestrel") && !err.contains("Kestrel"),
        "the letter reached the output:\n{out}\n{err}"
    );
    assert!(err.contains("refused"), "debug logging was on: {err}");
}

#[test]
fn a_file_that_is_not_text_or_has_no_folder_is_refused_with_a_message() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("photo.txt"), [0xff, 0xd8, 0xff, 0xe0, 0, 1]).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .current_dir(dir.path())
        .args(["write", "--no-open", "--no-user-config", "photo.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("photo.txt") && err.contains("UTF-8"), "{err}");

    let out = Command::new(env!("CARGO_BIN_EXE_amends"))
        .current_dir(dir.path())
        .args([
            "write",
            "--no-open",
            "--no-user-config",
            "no-such-folder/letter.txt",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no-such-folder") && err.contains("no such folder"),
        "{err}"
    );
}

// ---- in the browser ----

/// One browser test at a time: three Chromiums and a megabyte being checked at once on a
/// two-core machine would time the machine, not the page.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A browser for `server`'s page, and the lock that keeps other browser tests waiting
/// while it runs.
fn in_browser(
    server: &Server,
    width: u32,
) -> (std::sync::MutexGuard<'static, ()>, cdp::Browser, String) {
    let turn = ONE_BROWSER.lock().unwrap_or_else(|p| p.into_inner());
    (turn, cdp::Browser::launch((width, 900)), server.url.clone())
}

/// True in the page once the findings of the text it holds are painted: the copy of the
/// text behind the text area (with its final line break) is that text.
const PAINTED: &str = "document.getElementById('backdrop').textContent === document.getElementById('draft').value + '\\n'";

/// Waits for the page to have shown the findings of a text at least once (it counts
/// them in `data-checked`).
fn checked(page: &cdp::Page<'_>) {
    page.wait_until(
        "Number(document.body.dataset.checked || 0) >= 1",
        Duration::from_secs(10),
    );
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "Chromium not found: install it (apt-get install chromium) or set AMENDS_CHROMIUM, then `touch build.rs`"
)]
fn a_writer_types_sees_fixes_allows_saves_and_reloads() {
    let server = Server::start(Some("letter.txt"), Some(""));
    let (_turn, browser, url) = in_browser(&server, 1280);
    let page = browser.open(&url);
    page.wait_until(
        "document.activeElement && document.activeElement.id === 'draft'",
        Duration::from_secs(10),
    );

    // Typing: the blame is highlighted at its words, fast.
    page.insert_text("Dear Sam,\n\nI am sorry for what I said. ");
    checked(&page);
    let typed = Instant::now();
    page.insert_text("You made me do it.");
    page.wait_until(
        "[...document.querySelectorAll('#backdrop mark')].some(m => m.dataset.rule.includes('blame-shifting'))",
        Duration::from_secs(5),
    );
    let took = typed.elapsed();
    eprintln!("the blame highlight appeared {took:?} after the sentence was typed");
    assert!(
        took <= Duration::from_millis(500),
        "the highlight took {took:?}"
    );
    let marked = page.eval(
        "[...document.querySelectorAll('#backdrop mark')].filter(m => m.dataset.rule.includes('blame-shifting')).map(m => m.textContent).join('')",
    );
    assert_eq!(
        marked, "You made me do",
        "the highlight covers the blaming words"
    );

    // The card explains the finding under the cursor.
    page.eval("(() => { const a = document.getElementById('draft'); a.focus(); const i = a.value.indexOf('made'); a.setSelectionRange(i, i); })()");
    page.wait_until("!document.getElementById('card').hidden && document.getElementById('card').textContent.includes('blame-shifting')", Duration::from_secs(5));

    // A rewrite, applied in one click.
    page.press("End");
    page.insert_text(" Sorry if you were hurt.");
    page.wait_until(
        "[...document.querySelectorAll('#findings button')].some(b => b.textContent.includes('conditional-apology'))",
        Duration::from_secs(5),
    );
    open_card(&page, "conditional-apology");
    page.click("#card .apply");
    page.wait_until(
        "document.getElementById('draft').value.includes('Sorry I hurt you')",
        Duration::from_secs(5),
    );

    // Allowing the blaming phrase writes the settings file and takes the highlight away.
    open_card(&page, "blame-shifting");
    page.click("#card .allow");
    page.wait_until(
        "![...document.querySelectorAll('#backdrop mark')].some(m => m.dataset.rule.includes('blame-shifting'))",
        Duration::from_secs(5),
    );
    let settings = server.read(".amends.toml");
    assert!(
        settings.contains("blame-shifting") && settings.contains("You made me do"),
        "{settings}"
    );

    // Ctrl+S saves what is in the page.
    page.focus("#draft");
    page.press("Ctrl+S");
    page.wait_until(
        "document.getElementById('status').textContent === 'Saved'",
        Duration::from_secs(5),
    );
    let text = page.eval("document.getElementById('draft').value");
    assert_eq!(server.read("letter.txt"), text.as_str().expect("text"));

    // Another program changes the file: the page offers it rather than overwriting it.
    let theirs = "Dear Sam,\n\nThis came from another editor.\n";
    std::fs::write(server.path("letter.txt"), theirs).expect("written");
    page.wait_until(
        "document.getElementById('disk-offer') !== null",
        Duration::from_secs(10),
    );
    assert_eq!(server.read("letter.txt"), theirs, "nothing was overwritten");
    page.eval("[...document.querySelectorAll('#disk-offer button')].find(b => b.textContent.includes('Load')).click()");
    page.wait_until(
        &format!(
            "document.getElementById('draft').value === {}",
            serde_json::json!(theirs)
        ),
        Duration::from_secs(5),
    );

    // A reload keeps words not saved yet (the server has them once they were checked).
    page.focus("#draft");
    page.eval("document.getElementById('draft').setSelectionRange(1e9, 1e9)");
    page.insert_text("More to say.");
    // Checked: the highlights are painted over exactly this text.
    page.wait_until(
        &format!("{PAINTED} && document.getElementById('draft').value.endsWith('More to say.')"),
        Duration::from_secs(5),
    );
    assert!(page.reload(), "leaving with words not saved asks first");
    page.wait_until(
        "document.getElementById('draft').value.endsWith('More to say.')",
        Duration::from_secs(10),
    );

    // And a reload does not lose a change made on disk meanwhile: it is offered again.
    let later = "Dear Sam,\n\nWritten elsewhere, again.\n";
    std::fs::write(server.path("letter.txt"), later).expect("written");
    let _ = page.reload();
    page.wait_until(
        "document.getElementById('disk-offer') !== null",
        Duration::from_secs(10),
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        server.read("letter.txt"),
        later,
        "the page saved over the change made on disk"
    );

    assert_eq!(
        page.errors(),
        Vec::<String>::new(),
        "the page logged errors"
    );
    if std::env::var_os("AMENDS_UPDATE_SCREENSHOT").is_some() {
        screenshot();
    }
}

/// Opens the card of `rule`'s finding from the list of everything found, as a click would.
fn open_card(page: &cdp::Page<'_>, rule: &str) {
    page.eval(&format!(
        "[...document.querySelectorAll('#findings button')].find(b => b.textContent.includes('({rule}')).click()"
    ));
    page.wait_until(
        &format!("!document.getElementById('card').hidden && document.querySelector('#card .rule').textContent.startsWith('{rule}')"),
        Duration::from_secs(5),
    );
}

/// Writes the README's picture of the page: a short letter with a few findings, the
/// cursor on the blaming words, in a page of its own.
fn screenshot() {
    let server = Server::start(Some("letter.txt"), Some(""));
    let browser = cdp::Browser::launch((1280, 900));
    let page = browser.open(&server.url);
    checked(&page);
    let letter = "Dear Sam,\n\nI am sorry I missed your birthday dinner. You know how busy work has been, and you could have reminded me.\n\nI was not paying attention to what mattered to you, and that is mine to own. I have put the next three Fridays in my calendar as yours, no phone.\n\nSorry if you were hurt. I hope we can get past this quickly.\n\nWhenever you feel ready, I would love to hear from you.\n";
    page.eval(&format!(
        "(() => {{ const a = document.getElementById('draft'); a.value = {}; a.dispatchEvent(new Event('input')); }})()",
        serde_json::json!(letter)
    ));
    page.wait_until(
        "document.querySelectorAll('#backdrop mark').length >= 2",
        Duration::from_secs(10),
    );
    page.eval("(() => { const a = document.getElementById('draft'); a.focus(); const i = a.value.indexOf('you could'); a.setSelectionRange(i, i); })()");
    page.wait_until(
        "!document.getElementById('card').hidden",
        Duration::from_secs(5),
    );
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/write.png");
    page.screenshot_png(&out);
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "Chromium not found: install it (apt-get install chromium) or set AMENDS_CHROMIUM, then `touch build.rs`"
)]
fn a_hostile_draft_stays_text_and_the_page_stays_responsive() {
    let server = Server::start(None, None);
    let (_turn, browser, url) = in_browser(&server, 1280);
    let page = browser.open(&url);
    page.wait_until(
        "document.activeElement && document.activeElement.id === 'draft'",
        Duration::from_secs(10),
    );

    let hostile = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> You made me do it.";
    page.insert_text(hostile);
    page.wait_until(
        "document.querySelector('#backdrop mark') !== null",
        Duration::from_secs(10),
    );
    assert_eq!(
        page.eval("window.pwned === undefined"),
        true,
        "markup in the draft ran"
    );
    assert_eq!(
        page.eval("document.querySelectorAll('#backdrop script, #backdrop img').length"),
        0
    );
    assert_eq!(
        page.eval("document.getElementById('backdrop').textContent.trimEnd()"),
        hostile,
        "the draft is shown as the text it is"
    );

    // A megabyte of letters, one line of it very long: the page keeps answering while it
    // is checked, shows the findings, and still takes typing.
    page.eval(
        "(() => { const a = document.getElementById('draft'); let t = 'You made me do it, and '.repeat(8000) + '\\n\\n'; \
         while (t.length < 1000000) t += 'Dear Sam,\\n\\nI am sorry. You made me do it. Sorry if you were hurt.\\n\\n'; \
         a.value = t; a.dispatchEvent(new Event('input')); })()",
    );
    let before = page
        .eval("Number(document.body.dataset.checked || 0)")
        .as_f64()
        .expect("a count");
    for _ in 0..5 {
        let asked = Instant::now();
        assert_eq!(page.eval("1 + 1"), 2);
        assert!(
            asked.elapsed() < Duration::from_secs(2),
            "the page took {:?} to answer",
            asked.elapsed()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    page.wait_until(
        &format!("Number(document.body.dataset.checked || 0) > {before}"),
        Duration::from_secs(60),
    );
    // Painted: the page answers at once, with the highlights in place.
    let asked = Instant::now();
    assert_eq!(page.eval("1 + 1"), 2);
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "the page took {:?} to answer after drawing the findings",
        asked.elapsed()
    );
    let marks = page
        .eval("document.querySelectorAll('#backdrop mark').length")
        .as_f64()
        .expect("count");
    assert!(marks > 100.0, "only {marks} highlights on the megabyte");
    // Typed as keys: DevTools' insertText takes time that grows with the square of the
    // textarea's length (half a second at 100 KB), which a keyboard does not.
    page.focus("#draft");
    page.eval("document.getElementById('draft').setSelectionRange(1e9, 1e9)");
    page.press("x");
    assert_eq!(
        page.eval("document.getElementById('draft').value.endsWith('x')"),
        true
    );
    assert_eq!(
        page.errors(),
        Vec::<String>::new(),
        "the page logged errors"
    );
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "Chromium not found: install it (apt-get install chromium) or set AMENDS_CHROMIUM, then `touch build.rs`"
)]
fn the_page_works_by_keyboard_at_double_zoom_and_in_the_dark() {
    let server = Server::start(Some("letter.txt"), Some(BLAMING));
    // A 1280-pixel window at 200% zoom lays out as 640 CSS pixels.
    let (_turn, browser, url) = in_browser(&server, 640);
    let page = browser.open(&url);
    checked(&page);
    assert_eq!(
        page.eval("document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
        true,
        "the page scrolls sideways at 200%"
    );
    assert_eq!(
        page.eval("document.querySelector('aside').getBoundingClientRect().top >= document.querySelector('.editor').getBoundingClientRect().bottom"),
        true,
        "the findings go below the letter on a narrow page"
    );

    // F8 goes to the finding and the card explains it; Tab reaches its buttons.
    page.focus("#draft");
    page.eval("document.getElementById('draft').setSelectionRange(0, 0)");
    page.press("F8");
    page.wait_until(
        "!document.getElementById('card').hidden",
        Duration::from_secs(5),
    );
    let selected = page.eval("(() => { const a = document.getElementById('draft'); return a.value.slice(a.selectionStart, a.selectionEnd); })()");
    assert_eq!(selected, "You made me do");
    page.press("Tab");
    let focused = page.eval("document.activeElement.tagName + ' ' + (document.activeElement.closest('aside, header') ? 'outside the letter' : '')");
    assert!(
        focused.as_str().is_some_and(|f| f.starts_with("BUTTON")),
        "Tab from the letter reaches a button: {focused}"
    );

    // Hovering the highlight with the mouse explains it too.
    page.focus("#draft");
    page.eval("document.getElementById('draft').setSelectionRange(0, 0)");
    page.wait_until(
        "document.getElementById('card').hidden",
        Duration::from_secs(5),
    );
    let mark = page.eval("(() => { const r = document.querySelector('#backdrop mark').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()");
    page.call(
        "Input.dispatchMouseEvent",
        serde_json::json!({"type": "mouseMoved", "x": mark[0], "y": mark[1]}),
    );
    page.wait_until(
        "!document.getElementById('card').hidden && document.getElementById('card').textContent.includes('blame-shifting')",
        Duration::from_secs(5),
    );

    // A broken settings file is shown on the page, with where it is broken.
    std::fs::write(
        server.path(".amends.toml"),
        "[rules]\nblame-shifting = \"sometimes\"\n",
    )
    .expect("written");
    page.wait_until(
        "document.getElementById('config-errors') !== null && document.getElementById('config-errors').textContent.includes('.amends.toml:2')",
        Duration::from_secs(10),
    );

    page.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
    );
    let background = page.eval("getComputedStyle(document.body).backgroundColor");
    let rgb: Vec<f64> = background
        .as_str()
        .expect("a colour")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    assert!(
        rgb.iter().all(|c| *c < 60.0),
        "the dark scheme's background is dark: {background}"
    );
    assert_eq!(
        page.errors(),
        Vec::<String>::new(),
        "the page logged errors"
    );
}
