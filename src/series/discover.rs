//! Reading the drafts of a folder for a series: the only series code that touches the
//! file system (used by `amends check`, `amends timeline` and the language server).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Draft, Meta};
use crate::Format;

/// A folder with more letter files than this is not read as a series (it is a folder of
/// letters, not one correspondence), which keeps the editor quick in large folders.
pub const MAX_FILES: usize = 500;

/// Files larger than this are not drafts of a message.
const MAX_BYTES: u64 = 1 << 20;

/// How much of an undated-looking file is read to look for a `date:` in its front matter.
const PREFIX_BYTES: u64 = 4096;

/// Text an editor holds for a file, newer than the disk (or not on disk yet).
pub type Unsaved<'a> = &'a dyn Fn(&Path) -> Option<String>;

/// The drafts of one folder.
#[derive(Debug, Default)]
pub struct Folder {
    /// Every letter file, dated or not, sorted by name.
    pub drafts: Vec<Draft>,
    /// Where each draft is, in the same order.
    pub paths: Vec<PathBuf>,
}

impl Folder {
    /// How many of the drafts carry a date.
    pub fn dated(&self) -> usize {
        self.drafts
            .iter()
            .filter(|d| Meta::read(&d.text, &d.name).date.is_some())
            .count()
    }
}

/// The letter files directly in `dir` (those `is_letter` accepts, given their path as
/// `dir` joined with their name), with the files in `extra` (whatever their name) added
/// when they are not on disk yet. Hidden files are skipped, and so are
/// the files a `.gitignore` or `.ignore` leaves out, in a git work tree or not, as
/// `amends check` skips them; an ignored file is left out even when it is in `extra`. A
/// file is read whole when it is dated, by its name or its front matter; undated files are
/// listed with only the first few kilobytes read. `unsaved` gives the text of files open
/// in an editor. Files that cannot be read are left out.
pub fn folder(
    dir: &Path,
    is_letter: &dyn Fn(&Path) -> bool,
    extra: &[&Path],
    unsaved: Unsaved,
) -> std::io::Result<Folder> {
    let root = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    // The walk below skips a folder it cannot read; say so instead.
    fs::read_dir(root)?;
    // Every regular file the ignore files let through, hidden ones included (an open
    // hidden draft still belongs to its folder's series).
    let mut kept: Vec<String> = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .max_depth(Some(1))
        .hidden(false)
        .require_git(false)
        .build();
    for entry in walker.flatten() {
        if entry.depth() != 1 || !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if let Some(name) = entry.file_name().to_str() {
            kept.push(name.to_string());
        }
    }
    let mut paths: Vec<PathBuf> = kept
        .iter()
        .filter(|name| !name.starts_with('.'))
        .map(|name| dir.join(name))
        .filter(|path| is_letter(path))
        .collect();
    for extra in extra {
        let name = extra.file_name().and_then(|n| n.to_str());
        // A regular file on disk that the walk did not keep is ignored.
        let ignored = fs::symlink_metadata(extra).is_ok_and(|m| m.is_file())
            && name.is_none_or(|n| !kept.iter().any(|k| k == n));
        if !ignored && !paths.iter().any(|p| p.file_name() == extra.file_name()) {
            paths.push(extra.to_path_buf());
        }
    }
    if paths.len() > MAX_FILES {
        tracing::debug!(
            files = paths.len(),
            "too many letter files to read as a series"
        );
        return Ok(Folder::default());
    }
    paths.sort();
    let mut out = Folder::default();
    for path in paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let format = Format::from_path(&path);
        let text = match unsaved(&path) {
            Some(text) => text,
            None => match read(&path, &name) {
                Some(text) => text,
                None => continue,
            },
        };
        let (text, format) = if format == Format::Email {
            // Emails are linted by their decoded body, on disk or in an editor alike.
            match crate::document::email::decode(text.as_bytes()) {
                Ok(email) => (email.body, Format::Plain),
                Err(_) => (text, format),
            }
        } else {
            (text, format)
        };
        out.drafts.push(Draft { name, format, text });
        out.paths.push(path);
    }
    Ok(out)
}

/// The file's text when it is small and UTF-8: whole when it is dated, only its start
/// otherwise (enough for the front matter, and to list it as undated).
fn read(path: &Path, name: &str) -> Option<String> {
    let file = fs::File::open(path).ok()?;
    if file.metadata().ok()?.len() > MAX_BYTES {
        return None;
    }
    let mut bytes = Vec::new();
    let whole = Meta::read("", name).date.is_some();
    if whole {
        file.take(MAX_BYTES).read_to_end(&mut bytes).ok()?;
    } else {
        let mut file = file;
        (&mut file)
            .take(PREFIX_BYTES)
            .read_to_end(&mut bytes)
            .ok()?;
        let prefix = String::from_utf8_lossy(&bytes).into_owned();
        if Meta::read(&prefix, name).date.is_none() {
            // Undated: not part of the series, so its start is all that is needed.
            return Some(prefix);
        }
        file.take(MAX_BYTES).read_to_end(&mut bytes).ok()?;
    }
    String::from_utf8(bytes).ok()
}
