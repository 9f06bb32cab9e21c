//! One configuration layer as written: the user's `config.toml`, a project's
//! `.amends.toml`, the editor's settings or the command line. Every key is optional;
//! parsing is strict, so a typo is an error with a location, never a silent no-op.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

/// The keys a layer may hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerFile {
    /// The partner's name: wherever a rule means "you", this name matches too.
    pub partner: Option<Spanned<String>>,
    /// Folders of extra rule files, relative to the file that names them.
    #[serde(default)]
    pub packs: Vec<Spanned<String>>,
    /// Settings for every rule whose own level is the key: `hint = "off"`.
    #[serde(default)]
    pub levels: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Settings for one rule: a state (`"off"`, `"on"`, a level) or a table.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<RuleSetting>>,
    /// Exact phrases a rule must never flag.
    #[serde(default)]
    pub allow: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// Words added to the lexicon's classes, in the sections of `rules/lexicon.toml`:
    /// `[lexicon.verbs] cause = ["nag"]`.
    pub lexicon: Option<toml::Table>,
}

/// `pathos = "off"` or `[rules.pathos]` with a level, parameters and extra patterns.
#[derive(Debug, Default)]
pub struct RuleSetting {
    /// `"off"`, `"on"` or a level name, with where it was written.
    pub state: Option<Spanned<String>>,
    pub patterns: Vec<Spanned<String>>,
    pub unless: Vec<Spanned<String>>,
    /// Every other key of the table: a parameter of the rule's kind, checked against the
    /// rule once it is known (with a suggestion when the name is close to a real one).
    pub params: Vec<(Spanned<String>, Spanned<toml::Value>)>,
}

impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SettingVisitor)
    }
}

struct SettingVisitor;

impl<'de> Visitor<'de> for SettingVisitor {
    type Value = RuleSetting;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a level (\"error\", \"warning\", \"info\", \"hint\"), \"on\", \"off\", or a table with `level` and parameters")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RuleSetting, E> {
        // The string's own span is the setting's; `Layer::parse` fills it in.
        Ok(RuleSetting {
            state: Some(Spanned::new(0..0, v.to_string())),
            ..RuleSetting::default()
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RuleSetting, A::Error> {
        let mut setting = RuleSetting::default();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            match key.get_ref().as_str() {
                "level" => setting.state = Some(map.next_value()?),
                "patterns" => setting.patterns = map.next_value()?,
                "unless" => setting.unless = map.next_value()?,
                _ => setting.params.push((key, map.next_value()?)),
            }
        }
        Ok(setting)
    }
}
