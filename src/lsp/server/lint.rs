//! Checking documents: the linter for each configuration (built once per generation,
//! the previous one kept while a new one is broken), one check of a document's current
//! text with its series and its email body, and the worker that lints dirty documents and
//! publishes what is still current.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use super::Result;
use super::state::{Shared, not_open, root_of};
use crate::config::discover;
use crate::draft::{self, Draft, Place};
use crate::engine::{Incremental, Section};
use crate::lsp::protocol::*;
use crate::lsp::settings::EditorSettings;
use crate::lsp::text::{Encoding, Text};
use crate::{Document, DraftKind, FileError, Finding, Format, Linter};

/// The nearest `.amends.toml` and the workspace folder: documents that share both share
/// a linter.
pub(super) type LinterKey = (Option<PathBuf>, Option<PathBuf>);

/// A linter being built or built for one generation of configuration.
pub(super) struct Slot {
    generation: u64,
    /// The linter this slot replaces, kept in force if the new configuration is broken.
    previous: Option<Arc<Linter>>,
    cell: OnceCell<Arc<Linter>>,
}

/// One version of a document, checked.
pub(super) struct Linted {
    pub(super) version: i32,
    pub(super) generation: u64,
    pub(super) linter: Arc<Linter>,
    pub(super) text: Text,
    pub(super) findings: Vec<Finding>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) format: Format,
    pub(super) kind: DraftKind,
    /// Computed when an outline is asked for, not on every keystroke.
    pub(super) outline: std::sync::OnceLock<Vec<Section>>,
}

impl Linted {
    pub(super) fn outline(&self) -> &[Section] {
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

    /// The check of `uri` as it is now, from the cache when nothing changed since.
    pub(super) async fn current(&self, uri: &Uri) -> Result<Option<Arc<Linted>>> {
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
}

fn format_of(language: &str, path: Option<&Path>) -> Format {
    match language {
        "markdown" => Format::Markdown,
        "mail" | "email" => Format::Email,
        _ => path.map(Format::from_path).unwrap_or_default(),
    }
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

/// The place of a document in the series of dated drafts of its folder: when the
/// document is dated and its folder holds other dated drafts. The folder is read from
/// disk, except for documents open in the editor, whose current text is used.
fn series_of(snap: &Snapshot, draft: &Draft, linter: &Linter) -> Option<Place> {
    let path = snap.path.as_deref()?;
    // Undated documents (most letters) cost no look at the folder.
    draft.meta().date?;
    let unsaved = |p: &Path| {
        if p == path {
            Some(draft.on_disk().to_string())
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
    let letters = draft::Letters::by_extension();
    let series = draft::series_in(dir, &letters, &open, &unsaved, linter.pack())?;
    Place::find(series, draft.name())
}

fn lint(snap: Snapshot, linter: Arc<Linter>) -> Linted {
    let name = snap.path.as_deref().unwrap_or(Path::new(""));
    let draft = Draft::from_text(name, snap.text.to_string(), snap.format);
    // Dates written in the draft that cannot be read: on the date, or on the first line
    // when the file name starts like one.
    let date_warnings: Vec<_> = draft
        .date_warnings()
        .into_iter()
        .map(|(span, warning)| {
            let span = span.unwrap_or_else(|| {
                let line = draft.on_disk().split('\n').next().unwrap_or("");
                0..line.trim_end_matches('\r').len()
            });
            (span, warning.message(true))
        })
        .collect();
    let place = series_of(&snap, &draft, &linter);
    // Its place in a series says what kind of draft it is, else its own front matter.
    let draft = draft.placed(place);
    let findings = {
        // A lint that panicked may have left the cache half-updated: start it afresh.
        let mut engine = snap.engine.lock().unwrap_or_else(|poisoned| {
            let mut engine = poisoned.into_inner();
            *engine = Incremental::new();
            engine
        });
        draft.lint_in_editor(&linter, &mut engine)
    };
    let mut diagnostics: Vec<Diagnostic> = findings
        .iter()
        .map(|f| {
            let phrase = linter
                .pack()
                .get(&f.rule)
                .is_some_and(|r| r.kind().flags_words());
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
        kind: draft.kind(),
        outline: std::sync::OnceLock::new(),
    }
}

/// Lints dirty documents one at a time, newest version first seen, and publishes the
/// results that are still current when they are ready.
pub(super) async fn lint_worker(shared: Arc<Shared>) {
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
