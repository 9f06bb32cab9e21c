//! The editor's `amends` settings: the keys of `.amends.toml`, plus which documents the
//! server checks (settings that only make sense in an editor).

use std::path::Path;

use serde_json::{Map, Value};

use crate::FileError;
use crate::config::Layer;

/// Language ids checked unless the settings say otherwise. `text` is what Neovim calls
/// plain text; `letter` is the language the VS Code extension contributes.
pub const DEFAULT_LANGUAGES: [&str; 5] = ["plaintext", "text", "markdown", "mail", "letter"];
/// File extensions checked whatever the editor thinks their language is.
pub const DEFAULT_EXTENSIONS: [&str; 1] = ["letter"];

/// The keys that choose documents; every other key is configuration.
const LANGUAGES_KEY: &str = "languages";
const EXTENSIONS_KEY: &str = "extensions";

#[derive(Debug, Clone, PartialEq)]
pub struct EditorSettings {
    pub languages: Vec<String>,
    pub extensions: Vec<String>,
    /// The configuration keys as sent, for [`Layer::from_editor_settings`].
    config: Map<String, Value>,
}

impl Default for EditorSettings {
    fn default() -> Self {
        EditorSettings {
            languages: DEFAULT_LANGUAGES.map(String::from).to_vec(),
            extensions: DEFAULT_EXTENSIONS.map(String::from).to_vec(),
            config: Map::new(),
        }
    }
}

impl EditorSettings {
    /// Reads settings as clients send them: the `amends` section itself, or an object
    /// holding it under `amends` (what `didChangeConfiguration` often carries). Anything
    /// that is not an object means "no settings".
    pub fn from_json(value: Option<&Value>) -> Self {
        let section = match value {
            Some(Value::Object(map)) => match map.get("amends") {
                Some(Value::Object(inner)) => inner.clone(),
                _ => map.clone(),
            },
            _ => Map::new(),
        };
        let mut settings = EditorSettings::default();
        let mut config = section;
        if let Some(list) = config.remove(LANGUAGES_KEY).and_then(strings) {
            settings.languages = list;
        }
        if let Some(list) = config.remove(EXTENSIONS_KEY).and_then(strings) {
            settings.extensions = list
                .into_iter()
                .map(|e| e.trim_start_matches('.').to_ascii_lowercase())
                .collect();
        }
        settings.config = config;
        settings
    }

    /// Whether a document with this language id (and file path, if any) is checked.
    pub fn wants(&self, language: &str, path: Option<&Path>) -> bool {
        self.languages.iter().any(|l| l == language)
            || path
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
                .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    /// The configuration layer these settings make, if they set anything.
    pub fn layer(&self) -> Result<Option<Layer>, FileError> {
        if self.config.is_empty() {
            return Ok(None);
        }
        Layer::from_editor_settings(&Value::Object(self.config.clone())).map(Some)
    }
}

fn strings(value: Value) -> Option<Vec<String>> {
    match value {
        Value::Array(items) => Some(
            items
                .into_iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::PathBuf;

    #[test]
    fn settings_may_come_wrapped_in_their_section_or_bare() {
        let wrapped = EditorSettings::from_json(Some(&json!({"amends": {"partner": "Sam"}})));
        let bare = EditorSettings::from_json(Some(&json!({"partner": "Sam"})));
        assert_eq!(wrapped, bare);
        assert_eq!(
            bare.layer()
                .expect("valid")
                .map(|l| l.partner().map(String::from)),
            Some(Some("Sam".to_string()))
        );
        assert!(
            EditorSettings::from_json(None)
                .layer()
                .expect("valid")
                .is_none()
        );
    }

    #[test]
    fn document_selection_is_configurable_and_not_a_config_key() {
        let s = EditorSettings::from_json(Some(
            &json!({"languages": ["markdown"], "extensions": [".draft"]}),
        ));
        assert!(
            s.layer()
                .expect("no unknown keys reach the layer")
                .is_none()
        );
        assert!(s.wants("markdown", None));
        assert!(!s.wants("plaintext", None));
        assert!(s.wants("plaintext", Some(&PathBuf::from("/x/note.DRAFT"))));
        let defaults = EditorSettings::default();
        assert!(defaults.wants("rust", Some(&PathBuf::from("/x/to-sam.letter"))));
        assert!(!defaults.wants("rust", Some(&PathBuf::from("/x/main.rs"))));
    }

    #[test]
    fn a_mistyped_key_is_an_error_naming_it() {
        let s = EditorSettings::from_json(Some(&json!({"partnr": "Sam"})));
        let err = s.layer().expect_err("unknown key");
        assert!(err.to_string().contains("partnr"), "{err}");
    }
}
