//! The open pages: how they wait for news (the file or the settings changed on disk), how
//! a tab says it is open or gone, and how the server ends once the last one is gone or
//! Ctrl-C comes.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio::sync::watch;

use super::session::DiskText;
use super::{App, json, lock, secured};

/// How long a request for news is held open when nothing happens; the page asks again
/// at once, so this is also how often an open tab says it is still there.
const WAIT: Duration = Duration::from_secs(20);
/// A tab that has neither asked for news nor said goodbye for this long is taken to be
/// gone (a crashed browser, a sleeping laptop).
const TAB_SILENCE: Duration = Duration::from_secs(60);
/// How long the server waits, once the last tab said goodbye, for one to come back
/// (a reload says goodbye, then asks again).
const GRACE: Duration = Duration::from_secs(3);
/// How often the file and the configuration are looked at for changes.
const LOOK: Duration = Duration::from_secs(1);

/// What happened that open pages should hear about: a numbered event, and the latest
/// change of each kind.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct News {
    pub(super) event: u64,
    /// The file as another program last wrote it.
    disk: Option<DiskText>,
    /// How many times the configuration changed on disk.
    settings: u64,
}

/// The open tabs, by the random name each page gives itself.
#[derive(Default)]
pub(super) struct Tabs {
    seen: std::collections::HashMap<String, Tab>,
    /// Tabs that said goodbye: a request of theirs that arrives late does not open them again.
    closed: std::collections::HashSet<String>,
    /// Whether any tab has ever opened: the server waits for the first one.
    ever: bool,
}

/// A request for news in progress, counted for its tab until it ends, however it ends
/// (answered, or dropped because the browser went away).
struct Waiting<'a> {
    app: &'a App,
    tab: String,
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        if let Some(entry) = lock(&self.app.tabs).seen.get_mut(&self.tab) {
            entry.last = Instant::now();
            entry.waiting = entry.waiting.saturating_sub(1);
        }
    }
}

struct Tab {
    last: Instant,
    waiting: usize,
}

#[derive(serde::Deserialize)]
pub(super) struct WaitRequest {
    tab: String,
    /// The last event the page has heard of.
    seen: u64,
}

/// Holds the request until there is news after `seen`, [`WAIT`] has passed, or the
/// server is stopping; answers with the news. Also how a tab says it is open.
pub(super) async fn wait(app: Arc<App>, request: WaitRequest) -> Response {
    let tab = request.tab.chars().take(64).collect::<String>();
    let waiting = {
        let mut tabs = lock(&app.tabs);
        tabs.ever = true;
        if !tabs.closed.contains(&tab) {
            let entry = tabs.seen.entry(tab.clone()).or_insert(Tab {
                last: Instant::now(),
                waiting: 0,
            });
            entry.last = Instant::now();
            entry.waiting += 1;
        }
        Waiting { app: &app, tab }
    };
    let mut news = app.news.subscribe();
    let mut stopping = app.stopping.clone();
    let _ = tokio::time::timeout(WAIT, async {
        tokio::select! {
            _ = news.wait_for(|n| n.event > request.seen) => {}
            _ = stopping.wait_for(|s| *s) => {}
        }
    })
    .await;
    drop(waiting);
    let current = app.news.borrow().clone();
    json(StatusCode::OK, &current)
}

#[derive(serde::Deserialize)]
struct ByeRequest {
    tab: String,
}

/// A tab closing (or reloading) says goodbye.
pub(super) fn bye(app: &App, body: Bytes) -> Response {
    if let Ok(request) = serde_json::from_slice::<ByeRequest>(&body) {
        let mut tabs = lock(&app.tabs);
        tabs.ever = true;
        tabs.seen.remove(&request.tab);
        tabs.closed.insert(request.tab);
    }
    secured(StatusCode::NO_CONTENT.into_response())
}

/// Looks at the file and the configuration every [`LOOK`], and tells the pages.
pub(super) async fn watch_files(app: Arc<App>) {
    let mut every = tokio::time::interval(LOOK);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let worker = app.clone();
        let looked = tokio::task::spawn_blocking(move || {
            let mut session = lock(&worker.session);
            (session.disk_change(), session.reload_if_changed())
        })
        .await;
        let Ok((disk, settings)) = looked else {
            continue;
        };
        if disk.is_some() || settings {
            app.news.send_modify(|news| {
                news.event += 1;
                if disk.is_some() {
                    news.disk = disk;
                }
                if settings {
                    news.settings += 1;
                }
            });
        }
    }
}

/// Ctrl-C (and, on Unix, a polite `kill`), listened for from the moment it is made.
pub(super) struct Interrupt {
    #[cfg(unix)]
    signals: [tokio::signal::unix::Signal; 2],
}

impl Interrupt {
    pub(super) fn listen() -> std::io::Result<Interrupt> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Interrupt {
                signals: [
                    signal(SignalKind::interrupt())?,
                    signal(SignalKind::terminate())?,
                ],
            })
        }
        #[cfg(not(unix))]
        Ok(Interrupt {})
    }

    async fn received(&mut self) {
        #[cfg(unix)]
        {
            let [interrupt, terminate] = &mut self.signals;
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Ends the server on Ctrl-C, or once every tab that opened the page is gone; says which.
pub(super) async fn wait_for_end(
    app: Arc<App>,
    mut interrupt: Interrupt,
    shutdown: watch::Sender<bool>,
) -> &'static str {
    let mut every = tokio::time::interval(Duration::from_millis(250));
    let mut empty_since: Option<Instant> = None;
    let why = loop {
        tokio::select! {
            _ = interrupt.received() => break "stopped",
            _ = every.tick() => {}
        }
        let open = {
            let mut tabs = lock(&app.tabs);
            tabs.seen
                .retain(|_, tab| tab.waiting > 0 || tab.last.elapsed() < TAB_SILENCE);
            !tabs.ever || !tabs.seen.is_empty()
        };
        if open {
            empty_since = None;
        } else if empty_since.get_or_insert_with(Instant::now).elapsed() >= GRACE {
            break "the page was closed, so the server stopped";
        }
    };
    let _ = shutdown.send(true);
    why
}
