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
    /// `--fix` may apply it: the rule marks the rewrite safe in any sentence.
    pub safe: bool,
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

/// `text` with the first safe fix of each finding applied, and how many were applied.
/// Fixes whose spans overlap an earlier one are left for a later run, so no rewrite is
/// applied to text another rewrite changed.
pub fn apply_safe_fixes(text: &str, findings: &[Finding]) -> (String, usize) {
    let mut chosen: Vec<(&Range<usize>, &str)> = findings
        .iter()
        .filter_map(|f| {
            f.fixes
                .iter()
                .find(|fix| fix.safe)
                .map(|fix| (&f.span, fix.replacement.as_str()))
        })
        .collect();
    chosen.sort_by_key(|(span, _)| (span.start, span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for (span, replacement) in chosen {
        if span.start < at || span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        at = span.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(span: Range<usize>, replacement: &str, safe: bool) -> Finding {
        Finding {
            rule: "r".into(),
            level: Level::Error,
            span,
            message: String::new(),
            fixes: vec![Fix {
                title: String::new(),
                replacement: replacement.into(),
                safe,
            }],
        }
    }

    #[test]
    fn only_safe_non_overlapping_fixes_are_applied() {
        let text = "one two three four";
        let findings = [
            finding(4..7, "2", true),
            finding(4..13, "2 3", true),
            finding(0..3, "1", false),
            finding(14..18, "4", true),
        ];
        assert_eq!(
            apply_safe_fixes(text, &findings),
            ("one 2 three 4".into(), 2)
        );
    }
}
