use std::fmt;

use crate::document::LineIndex;

/// A problem in a rule file or a configuration file, located so the writer can go
/// straight to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    /// Where the file came from: a path, `built-in:NAME` for the embedded pack, or a
    /// description such as `--rule` for settings that have no file.
    pub origin: String,
    /// 1-based; `None` when the problem is the file as a whole.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl FileError {
    pub fn whole_file(origin: &str, message: impl Into<String>) -> Self {
        FileError {
            origin: origin.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// Sorts errors by file, then by line and column (problems with the file as a whole
    /// first), keeping the order of errors at the same place.
    pub fn sort(errors: &mut [FileError]) {
        errors.sort_by(|a, b| (&a.origin, a.line, a.column).cmp(&(&b.origin, b.line, b.column)));
    }

    /// An error at a byte offset of the rule file's source.
    pub fn at(origin: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let pos = LineIndex::new(source).position(source, offset);
        FileError {
            origin: origin.to_string(),
            line: Some(pos.line),
            column: Some(pos.column),
            message: message.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.origin, self.message),
            _ => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}
