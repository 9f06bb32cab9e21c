//! Writing a file all at once, for both edges: the command line (`--fix`, `amends report`,
//! `amends init`) and the language server (`amends.createConfig`). It lives here, beside
//! them rather than in either, so that neither edge imports from the other; the core never
//! writes files.

use std::io::{self, Write};
use std::path::Path;

/// What to do when a file is already at the path being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// Replace it, keeping its permissions.
    Replace,
    /// Leave it as it is and fail with [`io::ErrorKind::AlreadyExists`]: for files amends
    /// creates, which must never clobber one the writer made.
    Keep,
}

/// Writes `bytes` to `path` through a temporary file in the same folder, synced and then
/// renamed into place, so a reader sees the old file or the new one, never half of either.
/// A file replaced keeps its permissions; a new one gets the temporary file's (readable by
/// its owner only). A bare file name is written in the current folder.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(folder_of(path))?;
    tmp.write_all(bytes)?;
    if existing == Existing::Replace {
        if let Ok(meta) = std::fs::metadata(path) {
            tmp.as_file().set_permissions(meta.permissions())?;
        }
    }
    tmp.as_file().sync_all()?;
    match existing {
        Existing::Replace => tmp.persist(path).map_err(|e| e.error)?,
        Existing::Keep => tmp.persist_noclobber(path).map_err(|e| e.error)?,
    };
    Ok(())
}

/// The folder a file at `path` is written in: its parent, or the current folder when there
/// is none to name (a bare file name's parent is the empty path, not `.`).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_file_name_is_written_in_the_current_folder() {
        assert_eq!(Path::new("page.html").parent(), Some(Path::new("")));
        assert_eq!(folder_of(Path::new("page.html")), Path::new("."));
        assert_eq!(folder_of(Path::new("./page.html")), Path::new("."));
        assert_eq!(folder_of(Path::new("out/page.html")), Path::new("out"));
        assert_eq!(folder_of(Path::new("/page.html")), Path::new("/"));
        assert_eq!(folder_of(Path::new("")), Path::new("."));
    }

    #[cfg(unix)]
    #[test]
    fn replacing_keeps_the_permissions_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("letter.txt");
        std::fs::write(&path, "old").expect("old file");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("mode");
        write_atomically(&path, b"new", Existing::Replace).expect("replaced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["letter.txt"]);
    }

    #[test]
    fn keeping_never_writes_over_an_existing_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(".amends.toml");
        write_atomically(&path, b"first", Existing::Keep).expect("created");
        let again = write_atomically(&path, b"second", Existing::Keep);
        assert_eq!(
            again.map_err(|e| e.kind()),
            Err(io::ErrorKind::AlreadyExists)
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "first");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
