//! What a draft is within a series of messages: the first long letter or a later, short
//! follow-up. Rules can be limited to one kind (`applies-to` in a rule file).

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DraftKind {
    /// The long letter that explains and apologises (every document, unless told).
    #[default]
    Letter,
    /// A later, lighter message in a series.
    FollowUp,
}

impl DraftKind {
    pub fn name(self) -> &'static str {
        match self {
            DraftKind::Letter => "letter",
            DraftKind::FollowUp => "follow-up",
        }
    }

    /// The kind a front-matter value names: `letter`, `follow-up` (or `followup`,
    /// `follow_up`, any case).
    pub fn parse(value: &str) -> Option<DraftKind> {
        match value.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "letter" => Some(DraftKind::Letter),
            "follow-up" | "followup" => Some(DraftKind::FollowUp),
            _ => None,
        }
    }
}

impl fmt::Display for DraftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
