//! `amends write`: a writing page in the browser, for people who do not draft in a code
//! editor. The third edge beside the command line and the language server: a small HTTP
//! server on the loopback interface that serves one self-contained page and answers its
//! requests (check this text, save it, allow a phrase, turn a rule off) with the same
//! draft pipeline as `amends check`.
//!
//! Nothing leaves the computer: the server listens on 127.0.0.1 only, every address
//! carries a random token, requests naming another host or sent by another origin are
//! refused (`guard`), and the page's Content-Security-Policy forbids it any request but
//! to this server. The letter's text is never logged.

mod guard;
mod reply;
mod session;
mod tabs;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::watch;

use crate::config::discover;
use guard::Access;
use session::{SaveError, Session};
use tabs::{Interrupt, News, Tabs, bye, wait, wait_for_end, watch_files};

/// How long requests in progress may take to finish once the server is stopping.
const FINISH: Duration = Duration::from_secs(5);

/// The page, with `{{NONCE}}` where the style and script tags carry the nonce the
/// Content-Security-Policy allows.
const PAGE: &str = include_str!("page.html");

/// Runs the writing page for `file` (or for a draft that lives only in the page) until
/// Ctrl-C or until its last tab is closed. `open` opens the address in the default
/// browser. The exit status is 0; problems starting are errors with a message that says
/// what to do.
pub fn run(file: Option<PathBuf>, open: bool, options: discover::Options) -> std::io::Result<u8> {
    let (session, opened) =
        Session::open(file.as_deref(), options).map_err(std::io::Error::other)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let served = runtime.block_on(serve(session, opened, open));
    // A check still running on the blocking pool is not waited for: its answer has no
    // one to go to.
    runtime.shutdown_background();
    served?;
    Ok(0)
}

async fn serve(session: Session, opened: session::Opened, open: bool) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let port = listener.local_addr()?.port();
    let token = guard::random_hex(16).map_err(|e| std::io::Error::other(e.to_string()))?;
    let access = Access::new(token, port);
    let address = format!("http://127.0.0.1:{port}{}", access.base());
    // Listening for Ctrl-C before the address is printed: a signal that comes as soon as
    // the writer (or a script) sees the address must stop the server cleanly, not kill it.
    let interrupted = Interrupt::listen()?;
    let (shutdown, stopping) = watch::channel(false);
    let (news, _) = watch::channel(News::default());
    let app = Arc::new(App {
        access,
        session: Mutex::new(session),
        latest: Mutex::new(Latest {
            text: opened.text.clone(),
            stamp: opened.stamp.clone(),
        }),
        opened,
        news,
        tabs: Mutex::new(Tabs::default()),
        stopping: stopping.clone(),
    });

    println!("amends write: your draft is at {address}");
    println!("Only this computer can open it. Stop with Ctrl-C, or close the page's last tab.");
    // The forwarding page is kept until the server stops, then deleted.
    let _forward = open.then(|| open_in_browser(&address)).flatten();
    if open && _forward.is_none() {
        println!("(No browser could be opened from here: open the address above yourself.)");
    }

    tokio::spawn(watch_files(app.clone()));
    let ended = tokio::spawn(wait_for_end(app.clone(), interrupted, shutdown));
    let router = axum::Router::new().fallback(dispatch).with_state(app);
    let mut stopped = stopping.clone();
    let serving = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        let _ = stopped.wait_for(|s| *s).await;
    });
    // Once stopping, requests in progress get a few seconds to finish; a connection that
    // never does (a half-sent request) does not keep the server alive.
    let mut stopped = stopping.clone();
    tokio::select! {
        served = serving => served?,
        _ = async {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(FINISH).await;
        } => {}
    }
    let why = ended.await.unwrap_or("stopped");
    println!("amends write: {why}.");
    Ok(())
}

/// Opens `address` in the default browser, through a small page that forwards to it
/// (readable by this user only): a browser's command line can be read by every user of
/// the computer, and the address's token must not be. The page is returned, to be kept
/// until the server stops; `None` when there is no browser to open.
fn open_in_browser(address: &str) -> Option<tempfile::NamedTempFile> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        // A terminal with no desktop (a server, a container) has nowhere to show a page.
        if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
            return None;
        }
        std::process::Command::new("xdg-open")
    };
    let mut forward = tempfile::Builder::new()
        .prefix("amends-write-")
        .suffix(".html")
        .tempfile()
        .ok()?;
    let html = format!(
        "<!DOCTYPE html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={address}\"><title>amends write</title><a href=\"{address}\">Open amends write</a>\n"
    );
    std::io::Write::write_all(&mut forward, html.as_bytes()).ok()?;
    command
        .arg(forward.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    Some(forward)
}

/// What the server shares between requests.
struct App {
    access: Access,
    session: Mutex<Session>,
    /// The last text the page sent, so a reloaded page gets its words back.
    latest: Mutex<Latest>,
    opened: session::Opened,
    news: watch::Sender<News>,
    tabs: Mutex<Tabs>,
    stopping: watch::Receiver<bool>,
}

/// The page's text as it last sent it, and the version of the file it is based on.
struct Latest {
    text: String,
    stamp: Option<String>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while a lock was held leaves state that is still whole (each change is
    // one assignment), so the page keeps working.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Every request: the guard first, then the route.
async fn dispatch(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let header = |name: header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let fetch_site = parts
        .headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok());
    let path = parts.uri.path();
    let route = match app.access.admit(
        peer,
        path,
        header(header::HOST),
        header(header::ORIGIN),
        fetch_site,
    ) {
        Ok(route) => route.to_string(),
        Err(why) => {
            tracing::debug!("refused a request: {why:?}");
            let status = StatusCode::from_u16(why.status()).unwrap_or(StatusCode::FORBIDDEN);
            return plain(status, "Refused.");
        }
    };
    let limit = session::MAX_BYTES * 2 + 64 * 1024;
    let body = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => return plain(StatusCode::PAYLOAD_TOO_LARGE, "The draft is too large."),
    };
    match (&parts.method, route.as_str()) {
        (&Method::GET, "/") => page(),
        (&Method::GET, "/api/draft") => draft(app).await,
        (&Method::POST, "/api/check") => with_request(app, &body, check).await,
        (&Method::POST, "/api/save") => with_request(app, &body, save).await,
        (&Method::POST, "/api/allow") => with_request(app, &body, allow).await,
        (&Method::POST, "/api/off") => with_request(app, &body, turn_off).await,
        (&Method::POST, "/api/wait") => with_request(app, &body, wait).await,
        (&Method::POST, "/api/bye") => bye(&app, body),
        (
            _,
            "/" | "/api/draft" | "/api/check" | "/api/save" | "/api/allow" | "/api/off"
            | "/api/wait" | "/api/bye",
        ) => plain(StatusCode::METHOD_NOT_ALLOWED, "Not allowed."),
        _ => plain(StatusCode::NOT_FOUND, "Not found."),
    }
}

/// Headers every answer carries: nothing cached, nothing framed, nothing sniffed.
fn secured(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    secured((status, headers, text).into_response())
}

fn json(status: StatusCode, value: &impl Serialize) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    secured((status, headers, Body::from(body)).into_response())
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json(status, &serde_json::json!({ "error": message.into() }))
}

/// Runs `handler` with the body read as the request it takes, or answers that the body
/// is not a request this page sends.
async fn with_request<T, F, Fut>(app: Arc<App>, body: &Bytes, handler: F) -> Response
where
    T: DeserializeOwned,
    F: FnOnce(Arc<App>, T) -> Fut,
    Fut: std::future::Future<Output = Response>,
{
    match serde_json::from_slice(body) {
        Ok(request) => handler(app, request).await,
        Err(e) => error(
            StatusCode::BAD_REQUEST,
            format!("not a request this page sends: {e}"),
        ),
    }
}

/// The page, with a policy that lets only its own style and script run (their nonce is
/// new for every copy of the page served).
fn page() -> Response {
    let Ok(nonce) = guard::random_hex(16) else {
        return plain(StatusCode::INTERNAL_SERVER_ERROR, "No random numbers.");
    };
    let html = PAGE.replace("{{NONCE}}", &nonce);
    let policy = format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    let mut response = (StatusCode::OK, html).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    secured(response)
}

/// What the page starts from: the file (or none), the text as the page last sent it and
/// the version of the file that text is based on; and the file as it is now, when the
/// page has not seen that version (a reload must not lose a change made on disk).
async fn draft(app: Arc<App>) -> Response {
    let opened = tokio::task::spawn_blocking(move || {
        let worker = app;
        let mut opened = worker.opened.clone();
        let latest = lock(&worker.latest);
        opened.text.clone_from(&latest.text);
        opened.stamp.clone_from(&latest.stamp);
        drop(latest);
        opened.event = worker.news.borrow().event;
        let mut session = lock(&worker.session);
        if opened.stamp.as_deref() != session.known() {
            opened.disk = session.disk_now();
        }
        opened.dirty = session.differs(&opened.text);
        opened
    })
    .await;
    answer(opened, "reading the draft failed")
}

/// The JSON of work done on the blocking pool, or a server error saying what `failed`
/// (the work panicked).
fn answer<T: Serialize>(done: Result<T, tokio::task::JoinError>, failed: &str) -> Response {
    match done {
        Ok(value) => json(StatusCode::OK, &value),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, failed),
    }
}

#[derive(serde::Deserialize)]
struct TextRequest {
    text: String,
    /// The version of the file the page's text is based on.
    #[serde(default)]
    stamp: Option<String>,
}

async fn check(app: Arc<App>, request: TextRequest) -> Response {
    {
        let mut latest = lock(&app.latest);
        latest.text.clone_from(&request.text);
        latest.stamp = request.stamp;
    }
    let worker = app.clone();
    let reply =
        tokio::task::spawn_blocking(move || lock(&worker.session).check(&request.text)).await;
    answer(reply, "checking this draft failed; please report it")
}

#[derive(serde::Deserialize)]
struct SaveRequest {
    text: String,
    /// The version of the file the page last saw.
    stamp: Option<String>,
}

async fn save(app: Arc<App>, request: SaveRequest) -> Response {
    let worker = app.clone();
    let saved = tokio::task::spawn_blocking(move || {
        lock(&worker.session).save(&request.text, request.stamp.as_deref())
    })
    .await;
    match saved {
        Ok(Ok(stamp)) => {
            lock(&app.latest).stamp = Some(stamp.clone());
            json(StatusCode::OK, &serde_json::json!({ "stamp": stamp }))
        }
        Ok(Err(SaveError::Changed(disk))) => json(StatusCode::CONFLICT, &disk),
        Ok(Err(e @ (SaveError::NoFile | SaveError::TooLarge))) => {
            error(StatusCode::BAD_REQUEST, e.to_string())
        }
        Ok(Err(SaveError::Io(e))) => {
            tracing::warn!("saving the draft failed: {e}");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!(
                    "could not save: {e}. Your words are still in the page; copy them somewhere safe."
                ),
            )
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "saving failed; your words are still in the page",
        ),
    }
}

#[derive(serde::Deserialize)]
struct RuleRequest {
    rule: String,
    phrase: Option<String>,
}

async fn allow(app: Arc<App>, request: RuleRequest) -> Response {
    let Some(phrase) = request.phrase.filter(|p| !p.trim().is_empty()) else {
        return error(StatusCode::BAD_REQUEST, "no phrase to allow");
    };
    settings_change(app, move |s| s.allow(&request.rule, phrase.trim())).await
}

async fn turn_off(app: Arc<App>, request: RuleRequest) -> Response {
    settings_change(app, move |s| s.turn_off(&request.rule)).await
}

async fn settings_change(
    app: Arc<App>,
    change: impl FnOnce(&mut Session) -> Result<PathBuf, String> + Send + 'static,
) -> Response {
    let worker = app.clone();
    let changed = tokio::task::spawn_blocking(move || change(&mut lock(&worker.session))).await;
    match changed {
        Ok(Ok(path)) => json(
            StatusCode::OK,
            &serde_json::json!({ "settings_file": path }),
        ),
        Ok(Err(message)) => error(StatusCode::CONFLICT, message),
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "changing the settings failed",
        ),
    }
}
