//! Where a rule's settings came from: each change a configuration layer made to a rule,
//! kept as values (which setting, which layer) for `amends config`, `amends rules` and the
//! unused-allow warnings of `amends check`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::Level;

/// Where a layer of configuration comes from, lowest first (`config` re-exports it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The writer's own file (`$XDG_CONFIG_HOME/amends/config.toml`).
    User(PathBuf),
    /// The nearest `.amends.toml` above the checked file.
    Project(PathBuf),
    /// The editor's `amends` settings, sent by the language server's client.
    Editor,
    /// A file given with `--config`.
    ConfigFlag(PathBuf),
    /// `--rule` and `--pack` on the command line.
    CommandLine,
}

impl Origin {
    /// The file the layer was read from, if any: relative pack folders start there.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::User(p) | Origin::Project(p) | Origin::ConfigFlag(p) => Some(p),
            Origin::Editor | Origin::CommandLine => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::User(p) | Origin::Project(p) | Origin::ConfigFlag(p) => {
                write!(f, "{}", p.display())
            }
            Origin::Editor => f.write_str("editor settings"),
            Origin::CommandLine => f.write_str("command line"),
        }
    }
}

/// One setting a layer applied to a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    /// `[levels] warning = "off"`: every rule of the file level `level`.
    Levels { level: Level, state: String },
    /// The rule's own state: `level = "error"`, `"off"`, `"on"`.
    State(String),
    /// A parameter and its value as it would be written: `max-share = 0.2`.
    Param { name: String, value: String },
    /// `patterns += "…"`.
    Pattern(String),
    /// `unless += "…"`.
    Unless(String),
    /// `allow += "…"`: a phrase the rule must not flag.
    Allow(String),
}

/// Written as in a config file: `level = "error"`, `max-share = 0.2`, `allow += "…"`.
impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Setting::Levels { level, state } => write!(f, "[levels] {level} = {state:?}"),
            Setting::State(state) => write!(f, "level = {state:?}"),
            Setting::Param { name, value } => write!(f, "{name} = {value}"),
            Setting::Pattern(p) => write!(f, "patterns += {p:?}"),
            Setting::Unless(p) => write!(f, "unless += {p:?}"),
            Setting::Allow(p) => write!(f, "allow += {p:?}"),
        }
    }
}

/// One change a configuration layer made to a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub setting: Setting,
    /// The layer that made the change.
    pub origin: Origin,
}
