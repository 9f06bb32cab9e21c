//! The language server's state and its answers to the client.
//!
//! Threads: the protocol runs on one async task; every edit is applied to its document
//! at once (handlers do not await before editing, so edits keep their order); linting
//! runs on the blocking pool. One background task lints documents marked dirty, always
//! the latest version, and publishes only results that are still current: edits that
//! arrive faster than linting coalesce instead of queueing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};
use tokio::sync::{Notify, OnceCell};

use super::protocol::*;
use super::settings::EditorSettings;
use super::text::{Encoding, Text};
use crate::cli::LETTER_EXTENSIONS;
use crate::config::{discover, edit};
use crate::engine::{Incremental, Section};
use crate::series::{self, Meta, Series};
use crate::{Document, DraftKind, FileError, Finding, Format, Kind, Linter};

/// Applies an edit to a configuration file the writer accepted in their editor; the
/// server reads the file through it until the file changes on disk.
const CMD_CONFIG_EDITED: &str = "amends.configEdited";
/// Writes a new `.amends.toml`, for clients that cannot create files in a workspace edit.
const CMD_CREATE_CONFIG: &str = "amends.createConfig";

/// How long documents wait for the editor's settings before being checked without them.
const SETTINGS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

type Result<T> = jsonrpc::Result<T>;

pub struct Backend {
    shared: Arc<Shared>,
}

impl Backend {
    /// A server talking to `client`; `shutdown` is set once the client asks for an orderly
    /// shutdown, which decides the exit status.
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        let shared = Arc::new(Shared {
            client,
            state: Mutex::new(State::default()),
            wake: Notify::new(),
            settings_ready: Notify::new(),
            shutdown,
        });
        tokio::spawn(lint_worker(shared.clone()));
        Backend { shared }
    }
}

struct Shared {
    client: Client,
    state: Mutex<State>,
    wake: Notify,
    /// Wakes requests that wait for the editor's first settings.
    settings_ready: Notify,
    shutdown: Arc<AtomicBool>,
}

/// What the client said it can do.
#[derive(Debug, Default, Clone, Copy)]
struct ClientFlags {
    /// It asks for diagnostics (`textDocument/diagnostic`) and can be told to ask again
    /// when settings change (`workspace/diagnostic/refresh`), so we do not push them. A
    /// client that pulls but cannot be told to refresh is pushed to: its diagnostics
    /// would otherwise go stale after every settings change.
    pull: bool,
    configuration: bool,
    watch_dynamic: bool,
    refresh: bool,
    create_files: bool,
}

#[derive(Default)]
struct State {
    enc: Encoding,
    flags: ClientFlags,
    roots: Vec<PathBuf>,
    /// `initializationOptions`, or what `didChangeConfiguration` sent.
    initial: EditorSettings,
    /// Settings from `workspace/configuration`: unscoped, then per workspace folder.
    global: Option<EditorSettings>,
    folders: HashMap<PathBuf, EditorSettings>,
    docs: HashMap<Uri, OpenDoc>,
    linters: HashMap<LinterKey, Arc<Slot>>,
    /// Bumped whenever configuration may have changed: every cached result is stale.
    generation: u64,
    /// Configuration text accepted in the editor and not yet seen on disk.
    unsaved: HashMap<PathBuf, String>,
    dirty: Vec<Uri>,
    /// Configuration problems already shown in this generation.
    shown: HashSet<String>,
    /// Set between `initialize` and the client's answer to our first settings request,
    /// so documents opened meanwhile are not checked (and shown) with the wrong settings.
    awaiting_settings: bool,
}

struct OpenDoc {
    text: Text,
    version: i32,
    language: String,
    path: Option<PathBuf>,
    linted: Option<Arc<Linted>>,
    /// What the last lint cached, so the next one re-checks only the paragraphs edited.
    engine: Arc<Mutex<Incremental>>,
}

/// The nearest `.amends.toml` and the workspace folder: documents that share both share
/// a linter.
type LinterKey = (Option<PathBuf>, Option<PathBuf>);

/// A linter being built or built for one generation of configuration.
struct Slot {
    generation: u64,
    /// The linter this slot replaces, kept in force if the new configuration is broken.
    previous: Option<Arc<Linter>>,
    cell: OnceCell<Arc<Linter>>,
}

/// One version of a document, checked.
struct Linted {
    version: i32,
    generation: u64,
    linter: Arc<Linter>,
    text: Text,
    findings: Vec<Finding>,
    diagnostics: Vec<Diagnostic>,
    format: Format,
    kind: DraftKind,
    /// Computed when an outline is asked for, not on every keystroke.
    outline: std::sync::OnceLock<Vec<Section>>,
}

impl Linted {
    fn outline(&self) -> &[Section] {
        self.outline.get_or_init(|| {
            let doc = Document::new(self.text.to_string(), self.format).with_kind(self.kind);
            self.linter.outline(&doc)
        })
    }
}

/// What a lint needs, taken under the lock so the work can run without it.
struct Snapshot {
    version: i32,
    generation: u64,
    text: Text,
    format: Format,
    key: LinterKey,
    target: PathBuf,
    settings: EditorSettings,
    enc: Encoding,
    /// The document's file, and the text of every other document open in its folder: a
    /// dated draft is judged with the other dated drafts there (see [`series_of`]).
    path: Option<PathBuf>,
    /// Ropes: cloning them under the lock is cheap; they become strings only for a dated
    /// draft, on the blocking pool.
    siblings: Vec<(PathBuf, Text)>,
    engine: Arc<Mutex<Incremental>>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-edited in a way
        // that matters more than stopping would; keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn mark_dirty(&self, uri: &Uri) {
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
    async fn config_changed(&self) {
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
    async fn fetch_settings(&self) {
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

    /// What linting `uri` needs now; `Ok(None)` when the document is not one we check.
    fn snapshot(&self, uri: &Uri) -> Result<Option<Snapshot>> {
        let st = self.state();
        let doc = st.docs.get(uri).ok_or_else(|| not_open(uri))?;
        let root = doc.path.as_deref().and_then(|p| root_of(&st.roots, p));
        let settings = root
            .and_then(|r| st.folders.get(r))
            .or(st.global.as_ref())
            .unwrap_or(&st.initial)
            .clone();
        if !settings.wants(&doc.language, doc.path.as_deref()) {
            return Ok(None);
        }
        let target = doc
            .path
            .clone()
            .or_else(|| st.roots.first().cloned())
            .unwrap_or_else(|| PathBuf::from("."));
        let key = (
            discover::project_config_path(&target),
            root.map(Path::to_path_buf),
        );
        let folder = doc.path.as_deref().and_then(Path::parent);
        let siblings = st
            .docs
            .values()
            .filter_map(|d| d.path.as_ref().map(|p| (p, d)))
            .filter(|(p, _)| p.parent() == folder && Some(p.as_path()) != doc.path.as_deref())
            .map(|(p, d)| (p.clone(), d.text.clone()))
            .collect();
        Ok(Some(Snapshot {
            version: doc.version,
            generation: st.generation,
            text: doc.text.clone(),
            format: format_of(&doc.language, doc.path.as_deref()),
            key,
            target,
            settings,
            enc: st.enc,
            path: doc.path.clone(),
            siblings,
            engine: doc.engine.clone(),
        }))
    }

    /// Resolves once the editor's first settings have arrived (or were not coming), so
    /// no answer is computed with settings the writer did not choose.
    async fn settings_arrived(&self) {
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

    /// The check of `uri` as it is now, from the cache when nothing changed since.
    async fn current(&self, uri: &Uri) -> Result<Option<Arc<Linted>>> {
        self.settings_arrived().await;
        let Some(snap) = self.snapshot(uri)? else {
            return Ok(None);
        };
        if let Some(linted) = self.state().docs.get(uri).and_then(|d| d.linted.clone()) {
            if linted.version == snap.version && linted.generation == snap.generation {
                return Ok(Some(linted));
            }
        }
        let linter = self.linter(&snap).await;
        let (version, generation) = (snap.version, snap.generation);
        let linted = tokio::task::spawn_blocking(move || lint(snap, linter))
            .await
            .map_err(|e| {
                tracing::error!("checking a document failed: {e}");
                jsonrpc::Error::internal_error()
            })?;
        let linted = Arc::new(linted);
        let mut st = self.state();
        let still_current = st.generation == generation;
        if let Some(doc) = st.docs.get_mut(uri).filter(|d| d.version == version) {
            if still_current {
                doc.linted = Some(linted.clone());
            }
        }
        Ok(Some(linted))
    }

    /// The linter for a snapshot's configuration, built once per generation. When the
    /// new configuration has errors they are shown, and the previous linter stays in
    /// force if there was one.
    async fn linter(&self, snap: &Snapshot) -> Arc<Linter> {
        let (slot, unsaved) = {
            let mut st = self.state();
            let generation = st.generation;
            let slot = match st.linters.get(&snap.key) {
                Some(slot) if slot.generation == generation => slot.clone(),
                old => {
                    let previous = old.and_then(|s| s.cell.get().cloned().or(s.previous.clone()));
                    let slot = Arc::new(Slot {
                        generation,
                        previous,
                        cell: OnceCell::new(),
                    });
                    st.linters.insert(snap.key.clone(), slot.clone());
                    slot
                }
            };
            (slot, st.unsaved.clone())
        };
        let target = snap.target.clone();
        let settings = snap.settings.clone();
        slot.cell
            .get_or_init(|| async {
                let built =
                    tokio::task::spawn_blocking(move || build_linter(&target, &settings, &unsaved))
                        .await;
                match built {
                    Ok((linter, errors)) if errors.is_empty() => Arc::new(linter),
                    Ok((linter, errors)) => {
                        let kept = slot.previous.is_some();
                        self.show_config_errors(&errors, kept).await;
                        slot.previous.clone().unwrap_or_else(|| Arc::new(linter))
                    }
                    Err(e) => {
                        tracing::error!("building the rules failed: {e}");
                        slot.previous.clone().unwrap_or_else(|| {
                            Arc::new(
                                build_linter(
                                    Path::new("."),
                                    &EditorSettings::default(),
                                    &HashMap::new(),
                                )
                                .0,
                            )
                        })
                    }
                }
            })
            .await
            .clone()
    }

    async fn show_config_errors(&self, errors: &[(FileError, LeftOut)], kept_previous: bool) {
        let fresh: Vec<&(FileError, LeftOut)> = {
            let mut st = self.state();
            errors
                .iter()
                .filter(|(e, _)| st.shown.insert(e.to_string()))
                .collect()
        };
        // The problems of one file are one message, not a stack of them: a rule file
        // can have several, all reported at once.
        let mut groups: Vec<(&str, LeftOut, Vec<String>)> = Vec::new();
        for (error, left_out) in fresh {
            tracing::warn!("configuration problem: {error}");
            match groups.last_mut() {
                Some((origin, last, shown)) if *origin == error.origin && last == left_out => {
                    shown.push(error.to_string())
                }
                _ => groups.push((&error.origin, *left_out, vec![error.to_string()])),
            }
        }
        for (_, left_out, shown) in groups {
            let consequence = if kept_previous && shown.len() > 1 {
                "The settings that worked before stay in force until these are fixed."
            } else if kept_previous {
                "The settings that worked before stay in force until this is fixed."
            } else {
                left_out.consequence(shown.len())
            };
            self.client
                .show_message(
                    MessageType::ERROR,
                    format!("amends: {}. {consequence}", shown.join(".\n")),
                )
                .await;
        }
    }

    /// A code action that changes the configuration file nearest to `path` (or creates
    /// one at the workspace root) with `change`; `None` for documents that are not files.
    fn config_action(
        &self,
        path: Option<&Path>,
        title: String,
        diagnostic: &Diagnostic,
        change: impl FnOnce(&str) -> std::result::Result<String, edit::EditError>,
    ) -> Option<CodeAction> {
        let path = path?;
        let (enc, flags, file, current) = {
            let st = self.state();
            let file = discover::project_config_path(path).unwrap_or_else(|| {
                root_of(&st.roots, path)
                    .or(path.parent())
                    .unwrap_or(Path::new("."))
                    .join(discover::PROJECT_FILE)
            });
            let current = st.unsaved.get(&file).cloned();
            (st.enc, st.flags, file, current)
        };
        let exists = file.is_file();
        let current = match current {
            Some(text) => text,
            None if exists => std::fs::read_to_string(&file).ok()?,
            None => String::new(),
        };
        let mut action = CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic.clone()]),
            ..CodeAction::default()
        };
        let new_text = match change(&current) {
            Ok(text) => text,
            Err(e) => {
                action.disabled = Some(CodeActionDisabled {
                    reason: format!("{}: {e}", file.display()),
                });
                return Some(action);
            }
        };
        let uri = Uri::from_file_path(&file)?;
        let args = vec![json!({ "path": file, "text": new_text })];
        if exists {
            let whole = Range::new(
                Position::new(0, 0),
                to_position(Text::new(&current).end(enc)),
            );
            action.edit = Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri, vec![TextEdit::new(whole, new_text)])])),
                ..WorkspaceEdit::default()
            });
            action.command = Some(command(CMD_CONFIG_EDITED, args));
        } else if flags.create_files {
            action.edit = Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Operations(vec![
                    DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                        uri: uri.clone(),
                        options: Some(CreateFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(true),
                        }),
                        annotation_id: None,
                    })),
                    DocumentChangeOperation::Edit(TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier {
                            uri,
                            version: None,
                        },
                        edits: vec![OneOf::Left(TextEdit::new(Range::default(), new_text))],
                    }),
                ])),
                ..WorkspaceEdit::default()
            });
            action.command = Some(command(CMD_CONFIG_EDITED, args));
        } else {
            action.command = Some(command(CMD_CREATE_CONFIG, args));
        }
        Some(action)
    }
}

fn command(name: &str, arguments: Vec<Value>) -> Command {
    Command {
        title: "update amends settings".into(),
        command: name.into(),
        arguments: Some(arguments),
    }
}

fn not_open(uri: &Uri) -> jsonrpc::Error {
    jsonrpc::Error::invalid_params(format!(
        "{} is not open; send textDocument/didOpen first",
        uri.as_str()
    ))
}

/// The workspace folder holding `path`: the deepest, for nested folders.
fn root_of<'a>(roots: &'a [PathBuf], path: &Path) -> Option<&'a Path> {
    roots
        .iter()
        .filter(|r| path.starts_with(r))
        .max_by_key(|r| r.components().count())
        .map(PathBuf::as_path)
}

fn format_of(language: &str, path: Option<&Path>) -> Format {
    match language {
        "markdown" => Format::Markdown,
        "mail" | "email" => Format::Email,
        _ => path.map(Format::from_path).unwrap_or_default(),
    }
}

fn uri_path(uri: &Uri) -> Option<PathBuf> {
    (uri.scheme().as_str() == "file")
        .then(|| uri.to_file_path().map(|p| p.into_owned()))
        .flatten()
}

/// What a configuration problem costs while it stands, when no earlier settings can stand
/// in: said after the problem, so the writer knows which of their settings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeftOut {
    /// One setting of a file that otherwise applies.
    Setting,
    /// One of the editor's settings; the others apply.
    EditorSetting,
    /// A whole configuration file, which could not be read or parsed.
    File,
    /// The editor's settings, which could not be read as settings.
    EditorSettings,
    /// One rule file of a pack folder.
    Rule,
    /// A pack folder that could not be read.
    RuleFolder,
}

impl LeftOut {
    /// Which of these `error` is, from where it comes: a layer that was applied lost only
    /// the setting; a rule folder's file, only that rule; any other file, all of it.
    fn of(error: &FileError, config: &crate::config::Config) -> LeftOut {
        let editor = error.origin == crate::config::Origin::Editor.to_string();
        let applied = config
            .layers
            .iter()
            .any(|l| l.origin.to_string() == error.origin);
        let dirs = config.pack_dirs();
        let is_dir = dirs.iter().any(|d| error.origin == d.display().to_string());
        let in_dir = dirs.iter().any(|d| Path::new(&error.origin).starts_with(d));
        match (applied, editor) {
            (true, true) => LeftOut::EditorSetting,
            (true, false) => LeftOut::Setting,
            (false, true) => LeftOut::EditorSettings,
            (false, false) if is_dir => LeftOut::RuleFolder,
            (false, false) if in_dir => LeftOut::Rule,
            (false, false) => LeftOut::File,
        }
    }

    /// What standing `problems` problems of this kind cost, in a sentence.
    fn consequence(self, problems: usize) -> &'static str {
        match (self, problems) {
            (LeftOut::Setting, 1) => {
                "The rest of this file still applies; only this setting is left out until it is fixed."
            }
            (LeftOut::Setting, _) => {
                "The rest of this file still applies; only these settings are left out until they are fixed."
            }
            (LeftOut::EditorSetting, 1) => {
                "Your other amends settings in the editor still apply; only this one is left out until it is fixed."
            }
            (LeftOut::EditorSetting, _) => {
                "Your other amends settings in the editor still apply; only these are left out until they are fixed."
            }
            (LeftOut::File, _) => "amends checks without this file until it is fixed.",
            (LeftOut::EditorSettings, _) => {
                "amends checks without your editor's amends settings until they are fixed."
            }
            (LeftOut::Rule, _) => "amends checks without this rule until it is fixed.",
            (LeftOut::RuleFolder, _) => {
                "amends checks without the rules of this folder until it is fixed."
            }
        }
    }
}

/// The configuration for `target` with the editor's settings, as a linter; the errors
/// found on the way, with what each leaves out, which the caller shows.
fn build_linter(
    target: &Path,
    settings: &EditorSettings,
    unsaved: &HashMap<PathBuf, String>,
) -> (Linter, Vec<(FileError, LeftOut)>) {
    let opts = discover::Options {
        user_config: true,
        ..discover::Options::default()
    };
    let mut errors = Vec::new();
    let editor = settings.layer().unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let read_unsaved = |p: &Path| unsaved.get(p).cloned();
    let (config, more) = discover::config_with(target, &opts, editor, &read_unsaved);
    errors.extend(more);
    let (config, linter, errors) = discover::build((config, errors));
    let errors = errors
        .into_iter()
        .map(|e| {
            let left_out = LeftOut::of(&e, &config);
            (e, left_out)
        })
        .collect();
    (linter, errors)
}

/// The series of dated drafts a document belongs to, with its place in it: when the
/// document is dated and its folder holds other dated drafts. The folder is read from
/// disk, except for documents open in the editor, whose current text is used.
fn series_of(snap: &Snapshot, text: &str, linter: &Linter) -> Option<(Series, usize)> {
    let path = snap.path.as_deref()?;
    let name = path.file_name()?.to_str()?;
    // Undated documents (most letters) cost no look at the folder.
    Meta::read(text, name).date?;
    let unsaved = |p: &Path| {
        if p == path {
            Some(text.to_string())
        } else {
            snap.siblings
                .iter()
                .find(|(s, _)| s == p)
                .map(|(_, t)| t.to_string())
        }
    };
    let dir = path.parent()?;
    let open: Vec<&Path> = std::iter::once(path)
        .chain(snap.siblings.iter().map(|(p, _)| p.as_path()))
        .collect();
    let folder = series::discover::folder(dir, &LETTER_EXTENSIONS, &open, &unsaved)
        .map_err(|e| tracing::debug!("{}: not read as a series: {e}", dir.display()))
        .ok()?;
    let series = Series::new(&folder.drafts, linter.pack());
    let index = series.position(name)?;
    series.is_series().then_some((series, index))
}

fn lint(snap: Snapshot, linter: Arc<Linter>) -> Linted {
    let text = snap.text.to_string();
    // Dates written in the draft that cannot be read: on the date, or on the first line
    // when the file name starts like one.
    let name = snap.path.as_deref().and_then(Path::file_name);
    let name = name.and_then(|n| n.to_str()).unwrap_or("");
    let meta = Meta::read(&text, name);
    let date_warnings: Vec<_> = meta
        .date_warnings
        .into_iter()
        .map(|warning| {
            let span = warning.span.clone().unwrap_or_else(|| {
                let line = text.split('\n').next().unwrap_or("");
                0..line.trim_end_matches('\r').len()
            });
            (span, warning.message(true))
        })
        .collect();
    let series = series_of(&snap, &text, &linter);
    // Its place in a series says what kind of draft it is, else its own front matter.
    let kind = match &series {
        Some((series, index)) => series.entries()[*index].kind,
        None => meta.kind.unwrap_or(DraftKind::Letter),
    };
    let mut findings = {
        // A lint that panicked may have left the cache half-updated: start it afresh.
        let mut engine = snap.engine.lock().unwrap_or_else(|poisoned| {
            let mut engine = poisoned.into_inner();
            *engine = Incremental::new();
            engine
        });
        match email_findings(&linter, &text, snap.format, kind) {
            Some(findings) => findings,
            None => engine.check(&linter, &text, snap.format, kind),
        }
    };
    if let Some((series, index)) = &series {
        let doc = Document::new(text, snap.format).with_kind(kind);
        series::merge(
            &mut findings,
            series.findings_for(linter.pack(), *index, &doc),
        );
    }
    let mut diagnostics: Vec<Diagnostic> = findings
        .iter()
        .map(|f| {
            let phrase = linter
                .pack()
                .get(&f.rule)
                .is_some_and(|r| matches!(r.kind, Kind::Pattern | Kind::Swap));
            diagnostic(f, &snap.text, snap.enc, phrase)
        })
        .collect();
    // After the findings (hover pairs each finding with the diagnostic at its index).
    for (span, message) in date_warnings {
        diagnostics.push(note(&snap.text, &span, snap.enc, message));
    }
    Linted {
        version: snap.version,
        generation: snap.generation,
        linter,
        text: snap.text,
        findings,
        diagnostics,
        format: snap.format,
        kind,
        outline: std::sync::OnceLock::new(),
    }
}

/// For a MIME email, what `amends check` finds in it: the decoded body is checked and the
/// spans mapped back onto the buffer, so the editor and the command line agree on the same
/// `.eml` file. A rewrite is kept only where the buffer holds the decoded words themselves
/// (not base64 or quoted-printable), since applying it there would corrupt the message.
/// `None` for anything else, or text that is not a MIME message.
fn email_findings(
    linter: &Linter,
    text: &str,
    format: Format,
    kind: DraftKind,
) -> Option<Vec<crate::Finding>> {
    if format != Format::Email {
        return None;
    }
    let email = crate::email::decode(text.as_bytes()).ok()?;
    if email.display != text {
        return None;
    }
    let doc = Document::new(email.body.as_str(), Format::Plain).with_kind(kind);
    let mut findings = linter.check(&doc);
    for f in &mut findings {
        let body = f.span.clone();
        f.span = email.to_display_span(body.clone());
        if text.get(f.span.clone()) != email.body.get(body) {
            f.fixes.clear();
        }
    }
    Some(findings)
}

/// Lints dirty documents one at a time, newest version first seen, and publishes the
/// results that are still current when they are ready.
async fn lint_worker(shared: Arc<Shared>) {
    loop {
        shared.wake.notified().await;
        loop {
            let next = {
                let mut st = shared.state();
                // Documents wait for the settings; `fetch_settings` wakes us again.
                (!st.dirty.is_empty() && !st.awaiting_settings).then(|| st.dirty.remove(0))
            };
            let Some(uri) = next else { break };
            let result = shared.current(&uri).await;
            let (push, version) = {
                let st = shared.state();
                (!st.flags.pull, st.docs.get(&uri).map(|d| d.version))
            };
            let Some(version) = version.filter(|_| push) else {
                continue;
            };
            match result {
                Ok(Some(linted)) if linted.version == version => {
                    shared
                        .client
                        .publish_diagnostics(uri, linted.diagnostics.clone(), Some(version))
                        .await;
                }
                // Not a document we check (any more): clear what we may have said.
                Ok(None) => {
                    shared
                        .client
                        .publish_diagnostics(uri, Vec::new(), Some(version))
                        .await;
                }
                // Stale (a newer version is already queued) or closed meanwhile.
                _ => {}
            }
        }
    }
}

fn hover_text(linted: &Linted, finding: &Finding) -> String {
    let mut out = format!(
        "**{}** ({})\n\n{}",
        finding.rule, finding.level, finding.message
    );
    if let Some(rule) = linted.linter.pack().get(&finding.rule) {
        let explanation = rule.explanation.trim();
        if !explanation.is_empty() {
            out.push_str("\n\n");
            out.push_str(explanation);
        }
    }
    for fix in &finding.fixes {
        out.push_str(&format!("\n\n**Try:** {}", fix.replacement));
    }
    out
}

fn symbol(linted: &Linted, section: &Section, enc: Encoding) -> DocumentSymbol {
    let range = to_range(&linted.text, &section.span, enc);
    #[allow(
        deprecated,
        reason = "the field is required by the type though deprecated"
    )]
    DocumentSymbol {
        name: section.part.title().to_string(),
        detail: None,
        kind: SymbolKind::STRING,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: None,
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let enc = negotiate_encoding(caps);
        let workspace = caps.workspace.as_ref();
        let refresh = workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        let flags = ClientFlags {
            pull: refresh
                && caps
                    .text_document
                    .as_ref()
                    .is_some_and(|t| t.diagnostic.is_some()),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watch_dynamic: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            refresh,
            create_files: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .is_some_and(|e| {
                    e.document_changes == Some(true)
                        && e.resource_operations
                            .as_ref()
                            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create))
                }),
        };
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_path(&f.uri))
            .collect();
        #[allow(deprecated, reason = "older clients send only root_uri")]
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(uri_path));
        }
        tracing::info!(encoding = ?enc, roots = roots.len(), "initialize");
        {
            let mut st = self.shared.state();
            st.enc = enc;
            st.flags = flags;
            st.roots = roots;
            st.initial = EditorSettings::from_json(params.initialization_options.as_ref());
            st.awaiting_settings = flags.configuration;
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "amends".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind(enc)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![CMD_CONFIG_EDITED.into(), CMD_CREATE_CONFIG.into()],
                    ..ExecuteCommandOptions::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                // Offered only to clients we let pull (see `ClientFlags::pull`); any
                // client that asks anyway is still answered.
                diagnostic_provider: flags.pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("amends".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watch = self.shared.state().flags.watch_dynamic;
        if watch {
            let watchers = ["**/.amends.toml", "**/*.toml"]
                .into_iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.into()),
                    kind: None,
                })
                .collect();
            let registration = Registration {
                id: "amends-config-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            };
            if let Err(e) = self
                .shared
                .client
                .register_capability(vec![registration])
                .await
            {
                tracing::warn!("could not watch configuration files: {e}");
            }
        }
        self.shared.fetch_settings().await;
        self.shared.config_changed().await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        tracing::debug!(uri = doc.uri.as_str(), version = doc.version, "open");
        let open = OpenDoc {
            text: Text::new(&doc.text),
            version: doc.version,
            path: uri_path(&doc.uri),
            language: doc.language_id,
            linted: None,
            engine: Arc::default(),
        };
        self.shared.state().docs.insert(doc.uri.clone(), open);
        self.shared.mark_dirty(&doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        {
            let mut st = self.shared.state();
            let enc = st.enc;
            let Some(doc) = st.docs.get_mut(&uri) else {
                tracing::warn!(
                    uri = uri.as_str(),
                    "change to a document that is not open; ignored"
                );
                return;
            };
            for change in &params.content_changes {
                match change.range {
                    Some(range) => {
                        let clamped = doc.text.edit(
                            from_position(range.start),
                            from_position(range.end),
                            &change.text,
                            enc,
                        );
                        if clamped {
                            tracing::warn!(
                                uri = uri.as_str(),
                                version = params.text_document.version,
                                "an edit's range was outside the document; it was clamped to fit"
                            );
                        }
                    }
                    None => doc.text.replace_all(&change.text),
                }
            }
            doc.version = params.text_document.version;
        }
        self.shared.mark_dirty(&uri);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.shared.mark_dirty(&params.text_document.uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (was_open, push) = {
            let mut st = self.shared.state();
            st.dirty.retain(|u| u != &uri);
            (st.docs.remove(&uri).is_some(), !st.flags.pull)
        };
        if was_open && push {
            self.shared
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pulled = self.shared.state().flags.configuration;
        if pulled {
            self.shared.fetch_settings().await;
        } else if params.settings.is_object() {
            self.shared.state().initial = EditorSettings::from_json(Some(&params.settings));
        }
        self.shared.config_changed().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        {
            let mut st = self.shared.state();
            for change in &params.changes {
                if let Some(path) = uri_path(&change.uri) {
                    st.unsaved.remove(&path);
                }
            }
        }
        self.shared.config_changed().await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut st = self.shared.state();
            for removed in params.event.removed.iter().filter_map(|f| uri_path(&f.uri)) {
                st.roots.retain(|r| r != &removed);
            }
            let added: Vec<PathBuf> = params
                .event
                .added
                .iter()
                .filter_map(|f| uri_path(&f.uri))
                .collect();
            st.roots.extend(added);
        }
        self.shared.fetch_settings().await;
        self.shared.config_changed().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(linted) = self.shared.current(&at.text_document.uri).await? else {
            return Ok(None);
        };
        // Every finding under the cursor, the most serious first: a sentence can be both
        // a rush back and the end of a letter that lacks an open door.
        let mut hits: Vec<(&Finding, &Diagnostic)> = linted
            .findings
            .iter()
            .zip(&linted.diagnostics)
            .filter(|(_, d)| contains(&d.range, at.position))
            .collect();
        hits.sort_by_key(|(f, _)| std::cmp::Reverse(f.level));
        let Some(narrowest) = hits
            .iter()
            .min_by_key(|(f, _)| f.span.len())
            .map(|(_, d)| d.range)
        else {
            return Ok(None);
        };
        let value = hits
            .iter()
            .map(|(f, _)| hover_text(&linted, f))
            .collect::<Vec<_>>()
            .join("\n\n---\n\n");
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(narrowest),
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let path = {
            let st = self.shared.state();
            st.docs
                .get(&uri)
                .ok_or_else(|| not_open(&uri))?
                .path
                .clone()
        };
        let wanted = |kind: &CodeActionKind| {
            params
                .context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|k| kind.as_str().starts_with(k.as_str())))
        };
        if !wanted(&CodeActionKind::QUICKFIX) {
            return Ok(None);
        }
        let mut fixes = Vec::new();
        let mut settings = Vec::new();
        let mut turned_off = HashSet::new();
        for diagnostic in &params.context.diagnostics {
            let Some(data) = finding_data(diagnostic) else {
                continue;
            };
            for (i, fix) in data.fixes.iter().enumerate() {
                fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(
                            uri.clone(),
                            vec![TextEdit::new(diagnostic.range, fix.replacement.clone())],
                        )])),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(i == 0),
                    ..CodeAction::default()
                }));
            }
            let rule = data.rule.clone();
            if let Some(phrase) = data.phrase.clone() {
                let title = format!("Allow \u{201c}{phrase}\u{201d} for {rule}");
                let r = rule.clone();
                settings.extend(self.shared.config_action(
                    path.as_deref(),
                    title,
                    diagnostic,
                    move |src| edit::allow_phrase(src, &r, &phrase),
                ));
            }
            if turned_off.insert(rule.clone()) {
                let title = format!("Turn off {rule} in this workspace");
                settings.extend(self.shared.config_action(
                    path.as_deref(),
                    title,
                    diagnostic,
                    move |src| edit::turn_off(src, &rule),
                ));
            }
        }
        fixes.extend(settings.into_iter().map(CodeActionOrCommand::CodeAction));
        Ok(Some(fixes))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let arg = params.arguments.first();
        let path = arg
            .and_then(|a| a.get("path"))
            .and_then(Value::as_str)
            .map(PathBuf::from);
        let text = arg.and_then(|a| a.get("text")).and_then(Value::as_str);
        let (Some(path), Some(text)) = (path, text) else {
            return Err(jsonrpc::Error::invalid_params(
                "expected one argument: {\"path\": …, \"text\": …}",
            ));
        };
        // Only ever a configuration file: these commands must not write anything else.
        if path.file_name().is_none_or(|n| n != discover::PROJECT_FILE) || !path.is_absolute() {
            return Err(jsonrpc::Error::invalid_params(format!(
                "amends only edits absolute paths to {} files",
                discover::PROJECT_FILE
            )));
        }
        match params.command.as_str() {
            CMD_CONFIG_EDITED => {
                self.shared.state().unsaved.insert(path, text.to_string());
            }
            CMD_CREATE_CONFIG => {
                if let Err(e) = write_new_file(&path, text) {
                    let message = format!("amends could not create {}: {e}", path.display());
                    self.shared
                        .client
                        .show_message(MessageType::ERROR, &message)
                        .await;
                    return Err(jsonrpc::Error::invalid_params(message));
                }
            }
            other => {
                return Err(jsonrpc::Error::invalid_params(format!(
                    "unknown command `{other}`"
                )));
            }
        }
        self.shared.config_changed().await;
        Ok(None)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(linted) = self.shared.current(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let enc = self.shared.state().enc;
        let symbols = tokio::task::spawn_blocking(move || {
            linted
                .outline()
                .iter()
                .map(|s| symbol(&linted, s, enc))
                .collect()
        })
        .await
        .map_err(|_| jsonrpc::Error::internal_error())?;
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let linted = self.shared.current(&params.text_document.uri).await?;
        let (items, result_id) = match linted {
            Some(l) => (
                l.diagnostics.clone(),
                Some(format!("{}:{}", l.generation, l.version)),
            ),
            None => (Vec::new(), None),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
            }),
        ))
    }
}

/// Writes `text` to a new file at `path`, all at once: never over an existing file.
fn write_new_file(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}
