//! One writing session: the draft's file (or none), the rules that apply to it, and what
//! the page last saw of the file on disk. Plain, blocking code: the server calls it from
//! its blocking pool, and tests call it directly.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::config::{discover, edit};
use crate::draft::{self, Draft, Place};
use crate::engine::Incremental;
use crate::fsutil::{Existing, write_atomically};
use crate::report::Checked;
use crate::report::balance::Balance;
use crate::report::first::{fix_first, why_it_matters};
use crate::rules::Family;
use crate::{Format, Kind, Linter};

pub use super::reply::{BarPart, CheckReply, DiskText, Opened, PageFinding, Rewrite, SeriesRow};

/// The largest draft the page opens or saves: far beyond any letter, small enough that a
/// file someone pointed at by mistake (a video, a disk image) is refused, not loaded.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// Why a session could not start.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}: cannot read this file: {1}")]
    Unreadable(String, io::Error),
    #[error(
        "{0}: this is a folder; give the letter file to write in (it is created on the first save if it does not exist)"
    )]
    Folder(String),
    #[error("{0}: the file is larger than {max} MB, too large to be a letter", max = MAX_BYTES / 1_000_000)]
    TooLarge(String),
    #[error(
        "{0}: there is no such folder to save the letter in; create it first, or give another place"
    )]
    NoFolder(String),
    #[error(
        "{0}: the file is not UTF-8 text; `amends write` edits UTF-8 files only (save it as UTF-8 and try again; `amends check` reads UTF-16 too)"
    )]
    NotUtf8(String),
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file changed on disk since the page last saw it: nothing was written.
    #[error("the file changed on disk since this page last read it")]
    Changed(DiskText),
    #[error("there is no file to save to: this draft lives only in the page")]
    NoFile,
    #[error("the draft is larger than {} MB", MAX_BYTES / 1_000_000)]
    TooLarge,
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// The session's state; see the module's doc.
pub struct Session {
    /// Absolute path of the draft, if it has one.
    file: Option<PathBuf>,
    format: Format,
    options: discover::Options,
    linter: Arc<Linter>,
    config_errors: Vec<String>,
    /// The rule folders the configuration names, whose files are watched too.
    pack_dirs: Vec<PathBuf>,
    /// The configuration files read, with their modification times, to notice changes.
    config_stamps: Vec<(PathBuf, Option<SystemTime>)>,
    engine: Incremental,
    /// The version of the file the page has been told about (`None`: no such file).
    known: Option<String>,
    /// The file ends its lines with CR LF. A browser's text area holds LF only, so the
    /// page gets LF and a save puts the CR LF back: saving changes no line ending.
    crlf: bool,
}

impl Session {
    /// Opens `file` (which need not exist yet) with the settings that `amends check`
    /// would use for it; with no file, the settings of the current folder.
    pub fn open(
        file: Option<&Path>,
        options: discover::Options,
    ) -> Result<(Session, Opened), OpenError> {
        let file = match file {
            Some(f) => Some(
                std::path::absolute(f)
                    .map_err(|e| OpenError::Unreadable(f.display().to_string(), e))?,
            ),
            None => None,
        };
        // A link is followed, so a save replaces the file it points to, not the link.
        let file = file.map(|f| std::fs::canonicalize(&f).unwrap_or(f));
        let (text, known) = match &file {
            Some(path) => match read_disk(path)? {
                Some(disk) => (disk.text, Some(disk.stamp)),
                None if !path.parent().is_some_and(Path::is_dir) => {
                    let folder = path.parent().unwrap_or(path);
                    return Err(OpenError::NoFolder(folder.display().to_string()));
                }
                None => (String::new(), None),
            },
            None => (String::new(), None),
        };
        let format = file.as_deref().map(Format::from_path).unwrap_or_default();
        let crlf = text.contains("\r\n");
        let text = lf(text);
        let built = build(&target(file.as_deref()), &options);
        let mut session = Session {
            config_stamps: Vec::new(),
            pack_dirs: built.pack_dirs,
            file,
            format,
            options,
            linter: Arc::new(built.linter),
            config_errors: built.errors,
            engine: Incremental::new(),
            known,
            crlf,
        };
        session.config_stamps = session.stamps();
        let opened = Opened {
            name: session.file.as_deref().map(draft_name),
            path: session.file.as_deref().map(|p| p.display().to_string()),
            text,
            stamp: session.known.clone(),
            settings_file: session.settings_file().display().to_string(),
            dirty: false,
            disk: None,
            event: 0,
        };
        Ok((session, opened))
    }

    /// The version of the file the page has been told about.
    pub fn known(&self) -> Option<&str> {
        self.known.as_deref()
    }

    /// The findings, balance and fix-first list for `text`, checked with the incremental
    /// engine (only what changed since the last call is checked again).
    pub fn check(&mut self, text: &str) -> CheckReply {
        let name = self.file.clone().unwrap_or_default();
        let draft = Draft::from_text(&name, text.to_string(), self.format);
        let notes = draft
            .date_warnings()
            .iter()
            .map(|(_, warning)| warning.message(true))
            .collect();
        let place = self.place(&draft, text);
        let draft = draft.placed(place);
        let findings = draft.lint_in_editor(&self.linter, &mut self.engine);
        let doc = draft.document();
        let roles = self.linter.roles(&doc);
        let series = draft
            .place()
            .map(|p| series_rows(p, draft.name()))
            .unwrap_or_default();
        let email = draft.email().cloned();
        let checked_email = email.as_ref();
        let checked = Checked::of_draft(draft, doc, findings, roles);
        let pack = self.linter.pack();
        let family_of = |id: &str| pack.get(id).map_or(Family::Other, |r| r.family());
        let balance = Balance::of(
            &checked.sentence_spans(),
            &checked.roles,
            &checked.findings,
            family_of,
        );
        let first = fix_first(checked.findings.iter().enumerate(), family_of)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        let mut units = Utf16Offsets::new(text);
        let findings = checked
            .findings
            .iter()
            .map(|f| {
                let rule = pack.get(&f.rule);
                let phrases = rule.is_some_and(|r| r.kind().flags_words());
                PageFinding {
                    rule: f.rule.to_string(),
                    level: f.level.name(),
                    family: family_of(&f.rule).name(),
                    start: units.at(f.span.start),
                    end: units.at(f.span.end),
                    message: f.message.clone(),
                    rewrites: f
                        .fixes
                        .iter()
                        .map(|fix| Rewrite {
                            title: fix.title.clone(),
                            replacement: fix.replacement.clone(),
                        })
                        .collect(),
                    whole_letter: rule
                        .is_some_and(|r| r.kind() == Kind::Require || r.kind().is_series()),
                    phrase: phrases
                        .then(|| {
                            // An email's words as written, not as the file encodes them.
                            let (words, span) = match checked_email {
                                Some(email) => {
                                    (email.body.as_str(), email.to_body_span(f.span.clone()))
                                }
                                None => (text, f.span.clone()),
                            };
                            words
                                .get(span)
                                .map(str::trim)
                                .unwrap_or_default()
                                .to_string()
                        })
                        .filter(|p| !p.is_empty()),
                }
            })
            .collect();
        let why = checked
            .findings
            .iter()
            .filter_map(|f| {
                let explained = pack
                    .get(&f.rule)
                    .and_then(|r| why_it_matters(r.explanation()))?;
                Some((f.rule.to_string(), explained))
            })
            .collect();
        CheckReply {
            findings,
            why,
            first,
            balance: balance
                .parts
                .iter()
                .map(|(part, n, percent)| BarPart {
                    part: part.name(),
                    label: part.label(),
                    sentences: *n,
                    percent: *percent,
                })
                .collect(),
            sentences: balance.sentences,
            series,
            config_errors: self.config_errors.clone(),
            notes,
        }
    }

    /// The draft's place in the series of dated drafts beside it, when it is dated and
    /// the folder holds others; the folder is read from disk, this draft's text from the
    /// page.
    fn place(&self, draft: &Draft, text: &str) -> Option<Place> {
        let path = self.file.as_deref()?;
        draft.meta().date?;
        let dir = path.parent()?;
        let unsaved = |p: &Path| (p == path).then(|| text.to_string());
        let series = draft::series_in(
            dir,
            &draft::Letters::by_extension(),
            &[path],
            &unsaved,
            self.linter.pack(),
        )?;
        Place::find(series, draft.name())
    }

    /// Writes `text` to the file, atomically, if the file on disk is still the version
    /// the page last saw (`seen`, `None` for a file that did not exist); otherwise nothing
    /// is written and the disk's version comes back.
    pub fn save(&mut self, text: &str, seen: Option<&str>) -> Result<String, SaveError> {
        let path = self.file.clone().ok_or(SaveError::NoFile)?;
        if text.len() > MAX_BYTES {
            return Err(SaveError::TooLarge);
        }
        let now = read_disk(&path).map_err(|e| io::Error::other(e.to_string()))?;
        if now.as_ref().map(|d| d.stamp.as_str()) != seen {
            if let Some(disk) = now {
                self.known = Some(disk.stamp.clone());
                return Err(SaveError::Changed(self.for_page(disk)));
            }
            // The file was deleted since: writing it again loses nothing.
        }
        let existing = if now.is_some() {
            Existing::Replace
        } else {
            Existing::Keep
        };
        let bytes = self.for_disk(text);
        write_atomically(&path, bytes.as_bytes(), existing)?;
        let stamp = stamp_of(bytes.as_bytes());
        self.known = Some(stamp.clone());
        Ok(stamp)
    }

    /// Whether `text` (as the page holds it) differs from the file's version the page
    /// has seen.
    pub fn differs(&self, text: &str) -> bool {
        match &self.known {
            Some(known) => *known != stamp_of(self.for_disk(text).as_bytes()),
            None => !text.is_empty(),
        }
    }

    /// The file's contents when they changed on disk since the page last heard of them
    /// (another program wrote it); each change is told once.
    pub fn disk_change(&mut self) -> Option<DiskText> {
        let path = self.file.as_deref()?;
        let disk = read_disk(path).ok()??;
        if self.known.as_deref() == Some(disk.stamp.as_str()) {
            return None;
        }
        self.known = Some(disk.stamp.clone());
        Some(self.for_page(disk))
    }

    /// The file as it is on disk now, for a page that has not seen this version.
    pub fn disk_now(&mut self) -> Option<DiskText> {
        let disk = read_disk(self.file.as_deref()?).ok()??;
        self.known = Some(disk.stamp.clone());
        Some(self.for_page(disk))
    }

    /// A version of the file as the page holds text (LF line ends), noting the file's own.
    fn for_page(&mut self, mut disk: DiskText) -> DiskText {
        self.crlf = disk.text.contains("\r\n");
        disk.text = lf(disk.text);
        disk
    }

    /// The page's text as the file holds it.
    fn for_disk<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.crlf {
            lf(text.to_string()).replace('\n', "\r\n").into()
        } else {
            text.into()
        }
    }

    /// Reads the configuration again when one of its files changed; `true` if it did.
    pub fn reload_if_changed(&mut self) -> bool {
        let now = self.stamps();
        if now == self.config_stamps {
            return false;
        }
        self.config_stamps = now;
        self.reload();
        true
    }

    /// Builds the rules again. While the configuration has errors, the last rules that
    /// were built without any stay in force (at the start, the rules as far as they read).
    fn reload(&mut self) {
        let built = build(&target(self.file.as_deref()), &self.options);
        if built.errors.is_empty() {
            self.linter = Arc::new(built.linter);
        }
        self.config_errors = built.errors;
        self.pack_dirs = built.pack_dirs;
    }

    /// Adds `phrase` to `rule`'s allow list in the settings file, then reads the settings again.
    pub fn allow(&mut self, rule: &str, phrase: &str) -> Result<PathBuf, String> {
        self.edit_settings_of(rule, |source| edit::allow_phrase(source, rule, phrase))
    }

    /// Turns `rule` off in the settings file, then reads the settings again.
    pub fn turn_off(&mut self, rule: &str) -> Result<PathBuf, String> {
        self.edit_settings_of(rule, |source| edit::turn_off(source, rule))
    }

    fn edit_settings_of(
        &mut self,
        rule: &str,
        change: impl FnOnce(&str) -> Result<String, edit::EditError>,
    ) -> Result<PathBuf, String> {
        // Only a rule in force: an id the page made up would be written as a setting that
        // breaks the file.
        if self.linter.pack().get(rule).is_none() {
            return Err(format!("there is no rule `{rule}` in force"));
        }
        self.edit_settings(change)
    }

    fn edit_settings(
        &mut self,
        change: impl FnOnce(&str) -> Result<String, edit::EditError>,
    ) -> Result<PathBuf, String> {
        let path = self.settings_file();
        let shown = path.display().to_string();
        let current = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("{shown}: cannot read it: {e}")),
        };
        let changed =
            change(current.as_deref().unwrap_or_default()).map_err(|e| format!("{shown}: {e}"))?;
        let existing = if current.is_some() {
            Existing::Replace
        } else {
            Existing::Keep
        };
        write_atomically(&path, changed.as_bytes(), existing)
            .map_err(|e| format!("{shown}: cannot write it: {e}"))?;
        self.config_stamps = self.stamps();
        self.reload();
        Ok(path)
    }

    /// The `.amends.toml` that applies to the draft, or where a new one would go: beside
    /// the file, or in the current folder for a draft with no file.
    fn settings_file(&self) -> PathBuf {
        let target = target(self.file.as_deref());
        discover::project_config_path(&target).unwrap_or_else(|| {
            let dir = if target.is_dir() {
                target.as_path()
            } else {
                target.parent().unwrap_or(Path::new("."))
            };
            dir.join(discover::PROJECT_FILE)
        })
    }

    /// Every configuration file that can change what applies, with its modification time
    /// (`None`: not there): the writer's own, the project's (or where it would be), a
    /// `--config` file, and the rule files of every pack.
    fn stamps(&self) -> Vec<(PathBuf, Option<SystemTime>)> {
        let mut paths: Vec<PathBuf> = Vec::new();
        if self.options.user_config {
            paths.extend(discover::user_config_path());
        }
        paths.push(self.settings_file());
        paths.extend(self.options.config_file.clone());
        for dir in &self.pack_dirs {
            if let Ok(entries) = std::fs::read_dir(dir) {
                let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
                files.sort();
                paths.push(dir.clone());
                paths.extend(files);
            }
        }
        paths
            .into_iter()
            .map(|p| {
                let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
                (p, modified)
            })
            .collect()
    }
}

/// `text` with CR LF line ends made LF, as a browser's text area holds it.
fn lf(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// What configuration is looked up from: the file, or the current folder.
fn target(file: Option<&Path>) -> PathBuf {
    file.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The rules for a draft, as far as its configuration reads.
struct Built {
    linter: Linter,
    /// The configuration's problems, each as one line with its file, line and column.
    errors: Vec<String>,
    pack_dirs: Vec<PathBuf>,
}

fn build(target: &Path, options: &discover::Options) -> Built {
    let (config, linter, errors) = discover::load(target, options);
    Built {
        linter,
        errors: errors.iter().map(ToString::to_string).collect(),
        pack_dirs: config.pack_dirs(),
    }
}

fn draft_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The file as text, or `None` when there is no file there yet.
fn read_disk(path: &Path) -> Result<Option<DiskText>, OpenError> {
    let shown = || path.display().to_string();
    if path.is_dir() {
        return Err(OpenError::Folder(shown()));
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_BYTES as u64 => return Err(OpenError::TooLarge(shown())),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(OpenError::Unreadable(shown(), e)),
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(OpenError::Unreadable(shown(), e)),
    };
    let stamp = stamp_of(&bytes);
    let text = String::from_utf8(bytes).map_err(|_| OpenError::NotUtf8(shown()))?;
    Ok(Some(DiskText { stamp, text }))
}

/// A short fingerprint of a file's bytes: enough to tell one version from the next, not
/// a security measure (the page is already trusted).
pub(super) fn stamp_of(bytes: &[u8]) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let mut out = String::new();
    let _ = write!(out, "{:016x}-{}", hasher.finish(), bytes.len());
    out
}

fn series_rows(place: &Place, this: &str) -> Vec<SeriesRow> {
    place
        .series()
        .entries()
        .iter()
        .map(|e| SeriesRow {
            date: e.date.to_string(),
            gap: e.gap,
            kind: e.kind.name(),
            sent: e.sent,
            name: e.name.clone(),
            this: e.name == this,
        })
        .collect()
}

/// Byte offsets of a text turned into UTF-16 offsets, for offsets asked in any order;
/// each answer walks from the nearest earlier one asked, so findings in text order cost
/// one pass over the text.
struct Utf16Offsets<'a> {
    text: &'a str,
    byte: usize,
    unit: usize,
}

impl<'a> Utf16Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Offsets {
            text,
            byte: 0,
            unit: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let units = |stretch: &str| stretch.chars().map(char::len_utf16).sum::<usize>();
        // Walking back from the last answer, not from the start: overlapping findings ask
        // for an earlier offset often, and each must cost the stretch between, not the text.
        if byte < self.byte {
            self.unit -= units(&self.text[byte..self.byte]);
        } else {
            self.unit += units(&self.text[self.byte..byte]);
        }
        self.byte = byte;
        self.unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_what_a_browser_counts() {
        let text = "é😀 you made me";
        let mut units = Utf16Offsets::new(text);
        assert_eq!(units.at(0), 0);
        assert_eq!(units.at(2), 1, "é is one unit");
        assert_eq!(units.at(6), 3, "😀 is two units");
        assert_eq!(units.at(text.len()), 15);
        assert_eq!(units.at(2), 1, "an earlier offset is found again");
    }

    #[test]
    fn stamps_differ_when_the_bytes_do() {
        assert_eq!(stamp_of(b"one"), stamp_of(b"one"));
        assert_ne!(stamp_of(b"one"), stamp_of(b"two"));
    }
}
