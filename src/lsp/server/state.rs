//! What the server knows between messages: the client's capabilities, the workspace
//! folders, the editor's settings, the open documents and the lint queue.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;
use tokio::sync::Notify;

use super::lint::{Linted, LinterKey, Slot};
use crate::config::discover;
use crate::engine::Incremental;
use crate::lsp::protocol::*;
use crate::lsp::settings::EditorSettings;
use crate::lsp::text::{Encoding, Text};

/// How long documents wait for the editor's settings before being checked without them.
const SETTINGS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// How often the writer's own configuration file is looked at for a change.
const USER_CONFIG_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

pub(super) struct Shared {
    pub(super) client: Client,
    pub(super) state: Mutex<State>,
    pub(super) wake: Notify,
    /// Wakes requests that wait for the editor's first settings.
    pub(super) settings_ready: Notify,
    pub(super) shutdown: Arc<AtomicBool>,
}

/// What the client said it can do.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct ClientFlags {
    /// It asks for diagnostics (`textDocument/diagnostic`) and can be told to ask again
    /// when settings change (`workspace/diagnostic/refresh`), so we do not push them. A
    /// client that pulls but cannot be told to refresh is pushed to: its diagnostics
    /// would otherwise go stale after every settings change.
    pub(super) pull: bool,
    pub(super) configuration: bool,
    pub(super) watch_dynamic: bool,
    pub(super) refresh: bool,
    pub(super) create_files: bool,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) enc: Encoding,
    pub(super) flags: ClientFlags,
    pub(super) roots: Vec<PathBuf>,
    /// `initializationOptions`, or what `didChangeConfiguration` sent.
    pub(super) initial: EditorSettings,
    /// Settings from `workspace/configuration`: unscoped, then per workspace folder.
    pub(super) global: Option<EditorSettings>,
    pub(super) folders: HashMap<PathBuf, EditorSettings>,
    pub(super) docs: HashMap<Uri, OpenDoc>,
    pub(super) linters: HashMap<LinterKey, Arc<Slot>>,
    /// Bumped whenever configuration may have changed: every cached result is stale.
    pub(super) generation: u64,
    /// Configuration text accepted in the editor and not yet seen on disk.
    pub(super) unsaved: HashMap<PathBuf, String>,
    pub(super) dirty: Vec<Uri>,
    /// Configuration problems already shown in this generation.
    pub(super) shown: HashSet<String>,
    /// Set between `initialize` and the client's answer to our first settings request,
    /// so documents opened meanwhile are not checked (and shown) with the wrong settings.
    pub(super) awaiting_settings: bool,
}

pub(super) struct OpenDoc {
    pub(super) text: Text,
    pub(super) version: i32,
    pub(super) language: String,
    pub(super) path: Option<PathBuf>,
    pub(super) linted: Option<Arc<Linted>>,
    /// What the last lint cached, so the next one re-checks only the paragraphs edited.
    pub(super) engine: Arc<Mutex<Incremental>>,
}

impl Shared {
    pub(super) fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-edited in a way
        // that matters more than stopping would; keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn mark_dirty(&self, uri: &Uri) {
        {
            let mut st = self.state();
            if !st.dirty.contains(uri) {
                st.dirty.push(uri.clone());
            }
        }
        self.wake.notify_one();
    }

    /// Configuration may have changed: drop cached results and re-check every open
    /// document (pull clients are asked to pull again).
    pub(super) async fn config_changed(&self) {
        let (uris, flags) = {
            let mut st = self.state();
            st.generation += 1;
            st.shown.clear();
            let uris: Vec<Uri> = st.docs.keys().cloned().collect();
            (uris, st.flags)
        };
        for uri in &uris {
            self.mark_dirty(uri);
        }
        if flags.pull && flags.refresh {
            if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                tracing::debug!("diagnostic refresh refused: {e}");
            }
        }
    }

    /// Fetches the `amends` section for the workspace and each folder, when the client
    /// supports `workspace/configuration`.
    pub(super) async fn fetch_settings(&self) {
        let (roots, supported) = {
            let st = self.state();
            (st.roots.clone(), st.flags.configuration)
        };
        if !supported {
            self.state().awaiting_settings = false;
            self.settings_ready.notify_waiters();
            return;
        }
        let mut items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("amends".into()),
        }];
        items.extend(roots.iter().map(|root| ConfigurationItem {
            scope_uri: Uri::from_file_path(root),
            section: Some("amends".into()),
        }));
        let answer = tokio::time::timeout(SETTINGS_TIMEOUT, self.client.configuration(items)).await;
        let ready = |st: &mut State| st.awaiting_settings = false;
        match answer {
            Ok(Ok(values)) => {
                let mut st = self.state();
                ready(&mut st);
                let settings = |v: Option<&Value>| {
                    v.filter(|v| v.is_object())
                        .map(|v| EditorSettings::from_json(Some(v)))
                };
                st.global = settings(values.first());
                st.folders = roots
                    .iter()
                    .zip(values.iter().skip(1))
                    .filter_map(|(root, v)| Some((root.clone(), settings(Some(v))?)))
                    .collect();
            }
            Ok(Err(e)) => {
                ready(&mut self.state());
                tracing::warn!("the editor did not send its settings: {e}");
            }
            Err(_) => {
                ready(&mut self.state());
                tracing::warn!("the editor did not answer the settings request in time");
            }
        }
        self.settings_ready.notify_waiters();
    }

    /// Resolves once the editor's first settings have arrived (or were not coming), so
    /// no answer is computed with settings the writer did not choose.
    pub(super) async fn settings_arrived(&self) {
        loop {
            let notified = self.settings_ready.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if !self.state().awaiting_settings {
                return;
            }
            notified.await;
        }
    }
}

pub(super) fn not_open(uri: &Uri) -> jsonrpc::Error {
    jsonrpc::Error::invalid_params(format!(
        "{} is not open; send textDocument/didOpen first",
        uri.as_str()
    ))
}

/// The workspace folder holding `path`: the deepest, for nested folders.
pub(super) fn root_of<'a>(roots: &'a [PathBuf], path: &Path) -> Option<&'a Path> {
    roots
        .iter()
        .filter(|r| path.starts_with(r))
        .max_by_key(|r| r.components().count())
        .map(PathBuf::as_path)
}

pub(super) fn uri_path(uri: &Uri) -> Option<PathBuf> {
    (uri.scheme().as_str() == "file")
        .then(|| uri.to_file_path().map(|p| p.into_owned()))
        .flatten()
}

/// Watches the writer's own configuration file (`~/.config/amends/config.toml`, or
/// wherever [`discover::user_config_path`] finds it). It lies outside every workspace
/// folder, where editors do not watch for us, so the server looks at it itself every
/// [`USER_CONFIG_EVERY`]: when it appears, changes or goes, every open document is
/// checked again, as after a change to a `.amends.toml`.
pub(super) async fn watch_user_config(shared: Arc<Shared>) {
    let Some(path) = discover::user_config_path() else {
        return;
    };
    // Its size and time of change: a look costs one `stat`, never a read.
    let stamp = || {
        std::fs::metadata(&path)
            .ok()
            .map(|m| (m.len(), m.modified().ok()))
    };
    let mut last = stamp();
    let mut every = tokio::time::interval(USER_CONFIG_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let now = stamp();
        if now != last {
            last = now;
            tracing::debug!(path = %path.display(), "the user configuration file changed");
            shared.config_changed().await;
        }
    }
}
