//! SARIF 2.1.0, the format GitHub code scanning and other review tools read. Written with
//! a few plain serde structs: the subset we emit is small, and the SARIF crates bring
//! proc-macro builders that would double this module's build time for nothing.

use serde::Serialize;

use super::{Checked, CheckedFile, Outcome, Style, redacted};
use crate::{Finding, Level, Rule};

#[derive(Serialize)]
struct Log<'a> {
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult>,
    artifacts: Vec<Artifact>,
    /// Our columns count characters, not UTF-16 units (SARIF's default).
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help<'a>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
}

/// The SARIF log for `files`, describing every rule in `rules` (the rules that were in
/// force, each once).
pub fn render(files: &[CheckedFile], rules: &[&Rule], style: Style) -> String {
    let descriptors: Vec<ReportingDescriptor> = rules.iter().map(|r| descriptor(r)).collect();
    let mut results = Vec::new();
    let mut artifacts = Vec::new();
    for file in files {
        let location = ArtifactLocation {
            uri: uri(&file.path),
        };
        artifacts.push(Artifact {
            location: location.clone(),
        });
        match &file.outcome {
            Outcome::Checked(checked) => {
                for finding in &checked.findings {
                    let index = rules.iter().position(|r| **r.id() == *finding.rule);
                    results.push(result(checked, finding, index, &location, style));
                }
            }
            Outcome::Unreadable(why) => results.push(SarifResult {
                rule_id: "unreadable".into(),
                rule_index: None,
                level: "error",
                message: Text { text: why.clone() },
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: location,
                        region: None,
                    },
                }],
                fixes: Vec::new(),
            }),
        }
    }
    let log = Log {
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "amends",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: descriptors,
                },
            },
            results,
            artifacts,
            column_kind: "unicodeCodePoints",
        }],
    };
    // Plain structs of strings and numbers always serialise.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

fn descriptor(rule: &Rule) -> ReportingDescriptor<'_> {
    // The explanation's first paragraph says what the rule catches.
    let first = rule.explanation().trim().split("\n\n").next().unwrap_or("");
    ReportingDescriptor {
        id: rule.id(),
        short_description: Text {
            text: rule.message().to_string(),
        },
        full_description: Text {
            text: first.split_whitespace().collect::<Vec<_>>().join(" "),
        },
        help: Help {
            text: rule.explanation().trim(),
            markdown: rule.explanation().trim(),
        },
        default_configuration: Configuration {
            level: level(rule.level()),
        },
    }
}

fn result(
    checked: &Checked,
    finding: &Finding,
    rule_index: Option<usize>,
    location: &ArtifactLocation,
    style: Style,
) -> SarifResult {
    let start = checked.position(finding.span.start);
    let end = checked.position(finding.span.end);
    let text = checked.shown(finding.span.clone());
    let region = |snippet: bool| Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        snippet: snippet.then(|| Text {
            text: if style.redact {
                redacted(text, start)
            } else {
                text.to_string()
            },
        }),
    };
    SarifResult {
        rule_id: finding.rule.to_string(),
        rule_index,
        level: level(finding.level),
        message: Text {
            text: finding.message.clone(),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: location.clone(),
                region: Some(region(true)),
            },
        }],
        // A redacted log carries no fixes: a rewrite and its title can repeat the letter's
        // words, and a fix without its text is of no use to the tools that read fixes.
        fixes: finding
            .fixes
            .iter()
            .filter(|_| !style.redact)
            .map(|fix| SarifFix {
                description: Text {
                    text: fix.title.clone(),
                },
                artifact_changes: vec![ArtifactChange {
                    artifact_location: location.clone(),
                    replacements: vec![Replacement {
                        deleted_region: region(false),
                        inserted_content: Text {
                            text: fix.replacement.clone(),
                        },
                    }],
                }],
            })
            .collect(),
    }
}

/// SARIF has three levels that count; info and hint are notes.
fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Hint => "note",
    }
}

/// A path as a relative URI reference: forward slashes, no `./`, reserved characters
/// percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_uri_references() {
        assert_eq!(uri("./drafts/to sam #2.txt"), "drafts/to%20sam%20%232.txt");
        assert_eq!(uri("letters\\café.md"), "letters/caf%C3%A9.md");
    }
}
