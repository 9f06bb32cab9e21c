//! What the engine reports: a rule, a level, a byte range and what to do about it.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How much a finding matters. Ordered: `Hint < Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Hint,
    Info,
    Warning,
    Error,
}

impl Level {
    /// Most severe first, the order summaries list them in.
    pub const ALL: [Level; 4] = [Level::Error, Level::Warning, Level::Info, Level::Hint];

    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Hint => "hint",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown level `{0}`: expected error, warning, info or hint")]
pub struct UnknownLevel(pub String);

impl FromStr for Level {
    type Err = UnknownLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownLevel(s.to_string()))
    }
}

/// A suggested rewrite of a finding's span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, for a menu or a help line.
    pub title: String,
    /// The text that replaces the finding's span.
    pub replacement: String,
}

/// One problem found in a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Arc<str>,
    pub level: Level,
    /// Byte range into the document's original text, end exclusive; always on character
    /// boundaries.
    pub span: Range<usize>,
    pub message: String,
    pub fixes: Vec<Fix>,
}
