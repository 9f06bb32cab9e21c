//! Turning findings into text for people and programs. Pure: every function returns a
//! string; the CLI decides where it goes.

pub mod human;
pub mod json;

use crate::rules::Role;
use crate::{Document, Finding, Level};

/// One checked input, as the reports see it.
#[derive(Debug)]
pub struct CheckedFile {
    /// The path as the user gave it (or as found inside a directory they gave); `-` for
    /// standard input.
    pub path: String,
    pub outcome: Outcome,
}

#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per file, built once: boxing buys nothing"
)]
pub enum Outcome {
    Checked {
        doc: Document,
        findings: Vec<Finding>,
        /// Each sentence's role, when asked for (`--roles`); empty otherwise.
        roles: Vec<Role>,
    },
    /// The file could not be read; the message says why.
    Unreadable(String),
}

impl CheckedFile {
    pub fn findings(&self) -> &[Finding] {
        match &self.outcome {
            Outcome::Checked { findings, .. } => findings,
            Outcome::Unreadable(_) => &[],
        }
    }
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    pub hint: usize,
}

impl Summary {
    pub fn of(files: &[CheckedFile]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for f in files.iter().flat_map(CheckedFile::findings) {
            s.findings += 1;
            *s.count_mut(f.level) += 1;
        }
        s
    }

    pub fn count(&self, level: Level) -> usize {
        match level {
            Level::Error => self.error,
            Level::Warning => self.warning,
            Level::Info => self.info,
            Level::Hint => self.hint,
        }
    }

    fn count_mut(&mut self, level: Level) -> &mut usize {
        match level {
            Level::Error => &mut self.error,
            Level::Warning => &mut self.warning,
            Level::Info => &mut self.info,
            Level::Hint => &mut self.hint,
        }
    }
}
