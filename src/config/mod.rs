//! Configuration: layers of settings over the rule packs, later layers winning.
//!
//! The built-in pack, then the writer's own `config.toml`, then the nearest
//! `.amends.toml`, then the editor's settings, then command-line flags. Each layer can
//! turn rules off and on, change levels and parameters, add packs and patterns, name the
//! partner and allow phrases. Parsing and applying layers is pure; finding and reading
//! the files is [`discover`]'s job, the only configuration code that does I/O.

pub mod discover;
pub mod edit;
mod layer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;

pub use crate::rules::Origin;
use crate::rules::{Context, Lexicon, PatternCompiler, Setting};

/// The name of a pack's lexicon file: word classes, not a rule.
pub const LEXICON_FILE: &str = "lexicon.toml";
use crate::suggest::{did_you_mean, quoted};
use crate::{FileError, Level, Linter, Pack, Rule};
use layer::LayerFile;

/// A parsed layer.
#[derive(Debug)]
pub struct Layer {
    pub origin: Origin,
    /// The layer's text, for locating errors; empty for layers with no file.
    source: String,
    file: LayerFile,
}

impl Layer {
    /// Parses a layer's TOML. Errors name the file, line and column, and suggest the
    /// nearest key when one is mistyped.
    pub fn parse(origin: Origin, source: &str) -> Result<Layer, FileError> {
        let label = origin.to_string();
        let file: LayerFile = toml::from_str(source).map_err(|e| {
            let message = with_suggestion(e.message().trim());
            match e.span() {
                Some(span) => FileError::at(&label, source, span.start, message),
                None => FileError::whole_file(&label, message),
            }
        })?;
        let mut layer = Layer {
            origin,
            source: source.to_string(),
            file,
        };
        layer.locate_bare_states();
        Ok(layer)
    }

    /// The layer for `--rule ID=LEVEL` and `--pack DIR` flags.
    pub fn from_flags(rules: &[(String, String)], packs: &[PathBuf]) -> Layer {
        let mut file = LayerFile::default();
        for (id, state) in rules {
            let setting = layer::RuleSetting {
                state: Some(Spanned::new(0..0, state.clone())),
                ..Default::default()
            };
            file.rules
                .insert(Spanned::new(0..0, id.clone()), Spanned::new(0..0, setting));
        }
        file.packs = packs
            .iter()
            .map(|p| Spanned::new(0..0, p.display().to_string()))
            .collect();
        Layer {
            origin: Origin::CommandLine,
            source: String::new(),
            file,
        }
    }

    /// The layer for the editor's `amends` settings section, which has the same keys as
    /// a file, sent as JSON. Errors have no line to point to, so they name the setting.
    pub fn from_editor_settings(settings: &serde_json::Value) -> Result<Layer, FileError> {
        let label = Origin::Editor.to_string();
        let text = toml::to_string(&without_nulls(settings)).map_err(|e| {
            FileError::whole_file(
                &label,
                format!("the `amends` settings must be an object of the configuration keys ({e})"),
            )
        })?;
        let mut layer = Layer::parse(Origin::Editor, &text).map_err(|e| FileError {
            line: None,
            column: None,
            ..e
        })?;
        layer.source.clear();
        Ok(layer)
    }

    /// A bare `pathos = "off"` is located by its value's span, which the map knows.
    fn locate_bare_states(&mut self) {
        let rules = std::mem::take(&mut self.file.rules);
        self.file.rules = rules
            .into_iter()
            .map(|(key, setting)| {
                let span = setting.span();
                let mut inner = setting.into_inner();
                if let Some(state) = inner.state.take() {
                    let state_span = if state.span() == (0..0) {
                        span.clone()
                    } else {
                        state.span()
                    };
                    inner.state = Some(Spanned::new(state_span, state.into_inner()));
                }
                (key, Spanned::new(span, inner))
            })
            .collect();
    }

    /// The pack folders this layer adds, resolved against the folder of its file.
    pub fn pack_dirs(&self) -> Vec<PathBuf> {
        let base = self.origin.path().and_then(Path::parent);
        self.file
            .packs
            .iter()
            .map(|p| {
                let p = PathBuf::from(p.get_ref());
                let joined = match base {
                    Some(base) if p.is_relative() => base.join(p),
                    _ => p,
                };
                // `./my-rules` reads better without the `./` in listings.
                joined
                    .components()
                    .filter(|c| *c != std::path::Component::CurDir)
                    .collect()
            })
            .collect()
    }

    /// Adds the layer's `[lexicon]` words to the context's classes. The table is read
    /// back as a lexicon file of its own, so its errors name the layer and the section but
    /// no line.
    fn extend_lexicon(&self, cx: &mut Context, errors: &mut Vec<FileError>) {
        let Some(table) = &self.file.lexicon else {
            return;
        };
        let origin = format!("{} [lexicon]", self.origin);
        let text = match toml::to_string(table) {
            Ok(text) => text,
            Err(e) => {
                errors.push(FileError::whole_file(&origin, e.to_string()));
                return;
            }
        };
        if let Err(problems) = Arc::make_mut(&mut cx.lexicon).extend(&origin, &text) {
            errors.extend(problems.into_iter().map(|e| FileError {
                line: None,
                column: None,
                ..e
            }));
        }
    }

    /// The partner's name this layer gives; a blank `partner` gives none (and is an
    /// error when the layer is applied).
    pub fn partner(&self) -> Option<&str> {
        self.file
            .partner
            .as_ref()
            .map(|p| p.get_ref().as_str())
            .filter(|p| !p.trim().is_empty())
    }

    fn error(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> FileError {
        if self.source.is_empty() {
            FileError::whole_file(&self.origin.to_string(), message)
        } else {
            FileError::at(&self.origin.to_string(), &self.source, span.start, message)
        }
    }
}

/// JSON settings with their `null`s dropped (TOML has none; an editor sends them for
/// settings left unset).
fn without_nulls(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|v| !v.is_null())
                .map(without_nulls)
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Adds "did you mean" to serde's unknown-key message, which lists the valid keys.
fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((key, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let keys: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    format!(
        "unknown key `{key}`{}; this file may hold {}",
        did_you_mean(key, keys.iter().copied()),
        quoted(&keys)
    )
}

/// A rule file read from a pack folder: where it came from, its name and text.
#[derive(Debug, Clone)]
pub struct PackFile {
    pub origin: String,
    pub name: String,
    pub text: String,
}

/// The layers that apply to one checked file, lowest first.
#[derive(Debug, Default)]
pub struct Config {
    pub layers: Vec<Layer>,
}

/// What a layer says about a rule's state.
enum State {
    Off,
    On,
    Level(Level),
}

fn parse_state(s: &str) -> Result<State, String> {
    match s {
        "off" => Ok(State::Off),
        "on" => Ok(State::On),
        _ => s.parse().map(State::Level).map_err(|_| {
            let hint = did_you_mean(s, ["error", "warning", "info", "hint", "on", "off"]);
            format!("`{s}` is not a rule setting{hint}: use \"error\", \"warning\", \"info\", \"hint\", \"on\" or \"off\"")
        }),
    }
}

impl Config {
    /// The partner's name, from the highest layer that gives one, with that layer.
    pub fn partner(&self) -> Option<(&str, &Origin)> {
        self.layers
            .iter()
            .rev()
            .find_map(|l| l.partner().map(|p| (p, &l.origin)))
    }

    /// Every pack folder the layers add, lowest layer first.
    pub fn pack_dirs(&self) -> Vec<PathBuf> {
        self.layers.iter().flat_map(Layer::pack_dirs).collect()
    }

    /// The rule pack for this configuration: the built-in rules, then the rules of every
    /// pack (same id replaces), then each layer's settings in order. Every problem is
    /// returned; what could be applied is applied.
    pub fn build(&self, pack_files: &[PackFile]) -> (Linter, Vec<FileError>) {
        let partner = self.partner().map(|(p, _)| p.to_string());
        let (mut cx, rule_files, mut errors) = pack_context(partner, pack_files);
        for layer in &self.layers {
            layer.extend_lexicon(&mut cx, &mut errors);
        }
        let (mut pack, more) = Pack::builtin(&cx);
        errors.extend(more);
        let (extra, more) = Pack::from_files(
            rule_files
                .iter()
                .map(|f| (f.origin.as_str(), f.name.as_str(), f.text.as_str())),
            &cx,
        );
        pack.extend(extra);
        errors.extend(more);
        for layer in &self.layers {
            apply(layer, &mut pack, &cx, &mut errors);
        }
        (Linter::new(pack), errors)
    }
}

/// The context rules are compiled in, and the pack files that are rules: a pack's
/// `lexicon.toml` adds to the word classes before any rule is compiled, so built-in rules
/// follow a class a writer extends.
pub fn pack_context(
    partner: Option<String>,
    pack_files: &[PackFile],
) -> (Context, Vec<&PackFile>, Vec<FileError>) {
    let mut errors = Vec::new();
    let (lexicons, rule_files): (Vec<&PackFile>, Vec<&PackFile>) =
        pack_files.iter().partition(|f| f.name == LEXICON_FILE);
    let mut lexicon = Lexicon::builtin();
    for file in lexicons {
        if let Err(problems) = Arc::make_mut(&mut lexicon).extend(&file.origin, &file.text) {
            errors.extend(problems);
        }
    }
    let cx = Context {
        partner,
        lexicon,
        ..Context::default()
    };
    (cx, rule_files, errors)
}

/// Applies one layer's settings to the pack: `[levels]` first, then `[rules]` (the more
/// specific wins within a layer), then `[allow]`.
fn apply(layer: &Layer, pack: &mut Pack, cx: &Context, errors: &mut Vec<FileError>) {
    let origin = layer.origin.to_string();
    if let Some(partner) = layer
        .file
        .partner
        .as_ref()
        .filter(|p| p.get_ref().trim().is_empty())
    {
        let fix = if layer.source.is_empty() {
            "or leave the setting out"
        } else {
            "or remove the line"
        };
        errors.push(layer.error(
            partner.span(),
            format!("`partner` is empty: give your partner's name (partner = \"Sam\"), {fix}"),
        ));
    }
    for (key, value) in &layer.file.levels {
        let level = match key.get_ref().parse::<Level>() {
            Ok(level) => level,
            Err(_) => {
                let hint = did_you_mean(key.get_ref(), ["error", "warning", "info", "hint"]);
                errors.push(layer.error(key.span(), format!("`{}` is not a level{hint}: [levels] keys are error, warning, info and hint", key.get_ref())));
                continue;
            }
        };
        match parse_state(value.get_ref()) {
            Ok(state) => {
                let setting = Setting::Levels {
                    level,
                    state: value.get_ref().clone(),
                };
                for rule in pack
                    .rules_mut()
                    .iter_mut()
                    .filter(|r| r.default_level() == level)
                {
                    set_state(rule, &state, setting.clone(), &layer.origin);
                }
            }
            Err(message) => errors.push(layer.error(value.span(), message)),
        }
    }
    for (id, setting) in &layer.file.rules {
        let Some(rule) = find_rule(layer, pack, id, errors) else {
            continue;
        };
        let setting = setting.get_ref();
        if let Some(state) = &setting.state {
            match parse_state(state.get_ref()) {
                Ok(s) => set_state(
                    rule,
                    &s,
                    Setting::State(state.get_ref().clone()),
                    &layer.origin,
                ),
                Err(message) => errors.push(layer.error(state.span(), message)),
            }
        }
        for (name, value) in &setting.params {
            if let Err(message) = rule.set_param(name.get_ref(), value.get_ref(), &layer.origin) {
                errors.push(layer.error(name.span(), message));
            }
        }
        let pc = PatternCompiler {
            origin: &origin,
            source: &layer.source,
            cx,
        };
        for pattern in &setting.patterns {
            if let Err(e) = rule.add_pattern(&pc, pattern, &layer.origin) {
                errors.push(e);
            }
        }
        for pattern in &setting.unless {
            if let Err(e) = rule.add_unless(&pc, pattern, &layer.origin) {
                errors.push(e);
            }
        }
    }
    for (id, phrases) in &layer.file.allow {
        let Some(rule) = find_rule(layer, pack, id, errors) else {
            continue;
        };
        for blank in rule.add_allowed(phrases, &layer.origin) {
            errors.push(layer.error(blank.span(), "an allowed phrase cannot be empty"));
        }
    }
}

fn find_rule<'p>(
    layer: &Layer,
    pack: &'p mut Pack,
    id: &Spanned<String>,
    errors: &mut Vec<FileError>,
) -> Option<&'p mut Rule> {
    if pack.get(id.get_ref()).is_none() {
        let hint = did_you_mean(id.get_ref(), pack.ids());
        errors.push(layer.error(
            id.span(),
            format!(
                "there is no rule `{}`{hint}; `amends rules` lists them",
                id.get_ref()
            ),
        ));
        return None;
    }
    pack.get_mut(id.get_ref())
}

fn set_state(rule: &mut Rule, state: &State, setting: Setting, origin: &Origin) {
    match state {
        State::Off => rule.set_enabled(false, setting, origin),
        State::On => rule.set_enabled(true, setting, origin),
        State::Level(level) => rule.set_level(*level, setting, origin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(layers: Vec<Layer>) -> (Linter, Vec<FileError>) {
        Config { layers }.build(&[])
    }

    #[test]
    fn editor_settings_are_a_layer_like_any_other() {
        let settings = serde_json::json!({
            "partner": "Sam",
            "packs": null,
            "rules": {"pathos": "off", "dwelling-on-details": {"level": "error", "max-share": 0.5}},
            "allow": {"blame-shifting": ["you made me promise"]}
        });
        let layer = Layer::from_editor_settings(&settings).unwrap();
        let (linter, errors) = build(vec![layer]);
        assert!(errors.is_empty(), "{errors:?}");
        let pack = linter.pack();
        assert!(!pack.get("pathos").unwrap().enabled());
        let dwelling = pack.get("dwelling-on-details").unwrap();
        assert_eq!(
            (dwelling.level(), dwelling.params().max_share),
            (Level::Error, 0.5)
        );
        assert_eq!(
            pack.get("blame-shifting").unwrap().allow(),
            ["you made me promise"]
        );
        assert!(
            pack.get("blame-shifting")
                .unwrap()
                .matchers()
                .iter()
                .any(|m| m.find.is_match("Sam made me do it"))
        );
    }

    #[test]
    fn bad_editor_settings_name_the_setting_without_a_line() {
        let err = Layer::from_editor_settings(&serde_json::json!({"partnr": "Sam"})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "editor settings: unknown key `partnr` (did you mean `partner`?); this file may hold `partner`, `packs`, `levels`, `rules`, `allow`, `lexicon`"
        );
        let layer =
            Layer::from_editor_settings(&serde_json::json!({"rules": {"presure": "error"}}))
                .unwrap();
        let (_, errors) = build(vec![layer]);
        assert_eq!(
            errors[0].to_string(),
            "editor settings: there is no rule `presure` (did you mean `pressure`?); `amends rules` lists them"
        );
        assert!(Layer::from_editor_settings(&serde_json::json!(["not", "an", "object"])).is_err());
    }

    #[test]
    fn within_a_layer_a_rule_setting_beats_its_level_group_and_later_layers_win() {
        let user = Layer::parse(
            Origin::User("u.toml".into()),
            "[levels]\nwarning = \"off\"\n[rules]\npressure = \"on\"\n",
        )
        .unwrap();
        let project = Layer::parse(
            Origin::Project("p.toml".into()),
            "[rules]\npressure = \"hint\"\n",
        )
        .unwrap();
        let (linter, errors) = build(vec![user, project]);
        assert!(errors.is_empty(), "{errors:?}");
        let pack = linter.pack();
        assert!(
            !pack.get("pathos").unwrap().enabled(),
            "a warning rule is off"
        );
        let pressure = pack.get("pressure").unwrap();
        assert!(pressure.enabled());
        assert_eq!(pressure.level(), Level::Hint);
        let origins: Vec<_> = pressure
            .changes()
            .iter()
            .map(|c| c.origin.to_string())
            .collect();
        assert_eq!(origins, ["u.toml", "u.toml", "p.toml"]);
        assert_eq!(
            pressure.changes()[0].origin,
            Origin::User("u.toml".into()),
            "where a setting came from is a value, not a string to read back"
        );
        let settings: Vec<_> = pressure
            .changes()
            .iter()
            .map(|c| c.setting.to_string())
            .collect();
        assert_eq!(
            settings,
            [
                "[levels] warning = \"off\"",
                "level = \"on\"",
                "level = \"hint\""
            ]
        );
    }
}
