//! The one door to the LSP types crate: every other module of the server imports them
//! from here, so moving to another types crate (or version) touches this file. It also
//! holds the conversions between the engine's values and the protocol's.

use std::ops::Range as Bytes;

use serde::{Deserialize, Serialize};

pub use tower_lsp_server::ls_types::*;
pub use tower_lsp_server::{Client, LanguageServer, LspService, Server, jsonrpc};

use super::text::{Encoding, Pos, Text};
use crate::{Finding, Level};

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "amends";

/// What a diagnostic carries for its code actions, so they need no lookup on the server
/// and stay right however the document changed since: the fixes replace the
/// diagnostic's own range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingData {
    pub rule: String,
    #[serde(default)]
    pub fixes: Vec<FixData>,
    /// The flagged words, for "allow this phrase"; absent for findings about the letter
    /// as a whole, which have no phrase to allow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    pub replacement: String,
}

/// UTF-8 when the client offers it (in any place of its list), else the protocol's
/// default, UTF-16.
pub fn negotiate_encoding(caps: &ClientCapabilities) -> Encoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

pub fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
    }
}

pub fn from_position(p: Position) -> Pos {
    Pos::new(p.line, p.character)
}

pub fn to_position(p: Pos) -> Position {
    Position::new(p.line, p.character)
}

pub fn to_range(text: &Text, span: &Bytes<usize>, enc: Encoding) -> Range {
    Range::new(
        to_position(text.position(span.start, enc)),
        to_position(text.position(span.end, enc)),
    )
}

pub fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Info => DiagnosticSeverity::INFORMATION,
        Level::Hint => DiagnosticSeverity::HINT,
    }
}

/// The diagnostic for a finding in `text`. `phrase_allowable` says whether the finding
/// is about a phrase (which an allow list can silence) rather than the whole letter.
pub fn diagnostic(
    finding: &Finding,
    text: &Text,
    enc: Encoding,
    phrase_allowable: bool,
) -> Diagnostic {
    let data = FindingData {
        rule: finding.rule.to_string(),
        fixes: finding
            .fixes
            .iter()
            .map(|f| FixData {
                title: f.title.clone(),
                replacement: f.replacement.clone(),
            })
            .collect(),
        phrase: phrase_allowable.then(|| text.slice(finding.span.start, finding.span.end)),
    };
    Diagnostic {
        range: to_range(text, &finding.span, enc),
        severity: Some(severity(finding.level)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        data: serde_json::to_value(data).ok(),
        ..Diagnostic::default()
    }
}

/// A warning about the draft itself rather than its words (a date that cannot be read):
/// no rule, so no data and no quick fix.
pub fn note(text: &Text, span: &Bytes<usize>, enc: Encoding, message: String) -> Diagnostic {
    Diagnostic {
        range: to_range(text, span, enc),
        severity: Some(DiagnosticSeverity::WARNING),
        source: Some(SOURCE.to_string()),
        message,
        ..Diagnostic::default()
    }
}

/// The data of one of our diagnostics, if it is one and its data is intact.
pub fn finding_data(diagnostic: &Diagnostic) -> Option<FindingData> {
    if diagnostic.source.as_deref() != Some(SOURCE) {
        return None;
    }
    serde_json::from_value(diagnostic.data.clone()?).ok()
}

/// Whether `pos` lies within `range` (ends included, so a cursor just after a flagged
/// word still finds it).
pub fn contains(range: &Range, pos: Position) -> bool {
    range.start <= pos && pos <= range.end
}
