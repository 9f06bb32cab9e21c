//! What the writing page is sent: the draft when it opens, and for each version of the
//! text its findings, the balance bar and the series. Plain data, serialised as JSON by
//! the server (`write::serve`); the session (`write::session`) builds it.

use std::collections::BTreeMap;

use serde::Serialize;

/// The file's contents as they are on disk, and the stamp the page sends back to say
/// which version it has seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiskText {
    pub stamp: String,
    pub text: String,
}

/// What the page needs to know about the draft when it opens.
#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    /// The file's name, or nothing when the draft lives only in the page.
    pub name: Option<String>,
    /// The full path, to say where saves go.
    pub path: Option<String>,
    pub text: String,
    /// The version of the file the page starts from (`None`: no file, or not created yet).
    pub stamp: Option<String>,
    /// Where "allow this phrase" and "turn this rule off" are written.
    pub settings_file: String,
    /// The text differs from the file's (the page sent words not saved yet).
    pub dirty: bool,
    /// The file as it is on disk when that is a version the page has not seen: a reloaded
    /// page offers it, as an open one would have.
    pub disk: Option<DiskText>,
    /// The number of the latest news, so a reloaded page does not hear old news again.
    pub event: u64,
}

/// One finding as the page shows it. Offsets are in UTF-16 code units, as a browser
/// counts a textarea's text.
#[derive(Debug, Clone, Serialize)]
pub struct PageFinding {
    pub rule: String,
    pub level: &'static str,
    pub family: &'static str,
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub rewrites: Vec<Rewrite>,
    /// The words "allow this phrase" would add, for rules that match phrases.
    pub phrase: Option<String>,
    /// About the letter as a whole (something missing from it, or its timing in a
    /// series) rather than the words at its place: listed, not highlighted.
    pub whole_letter: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rewrite {
    pub title: String,
    pub replacement: String,
}

/// A part of the balance bar.
#[derive(Debug, Clone, Serialize)]
pub struct BarPart {
    pub part: &'static str,
    pub label: &'static str,
    pub sentences: usize,
    pub percent: u32,
}

/// One draft of the series the file belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesRow {
    pub date: String,
    /// Days since the last message sent before it.
    pub gap: Option<i64>,
    pub kind: &'static str,
    pub sent: bool,
    pub name: String,
    pub this: bool,
}

/// Everything the page shows for one version of the text.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReply {
    pub findings: Vec<PageFinding>,
    /// Why each rule that found something matters, once per rule rather than per finding.
    pub why: BTreeMap<String, String>,
    /// Indexes into `findings`: the few to fix first.
    pub first: Vec<usize>,
    pub balance: Vec<BarPart>,
    pub sentences: usize,
    /// The series the draft belongs to, in date order; empty when it is in none.
    pub series: Vec<SeriesRow>,
    /// Problems in the configuration, each with its file, line and column. While there
    /// are any, the last settings that worked stay in force.
    pub config_errors: Vec<String>,
    /// What the draft says about itself that cannot be read (a date), so the draft is
    /// left out of its series until it is mended.
    pub notes: Vec<String>,
}
