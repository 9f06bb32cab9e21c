//! Changing a rule, the only way configuration does: each method is one kind of
//! setting, applies it so the rule stays consistent, and records the [`Change`] with the
//! layer that made it (what `amends config` and `amends rules` show).

use toml::Spanned;

use super::{Change, FileError, Find, Kind, Matcher, Origin, PatternCompiler, Rule, Setting};
use crate::Level;

impl Rule {
    /// Turns the rule on or off (`"on"`, `"off"`), recording `setting` as the change.
    pub fn set_enabled(&mut self, enabled: bool, setting: Setting, origin: &Origin) {
        self.enabled = enabled;
        self.record(setting, origin);
    }

    /// Reports the rule's findings at `level` from now on; setting a level turns the rule
    /// on. Records `setting` as the change.
    pub fn set_level(&mut self, level: Level, setting: Setting, origin: &Origin) {
        self.enabled = true;
        self.level = level;
        self.record(setting, origin);
    }

    /// Sets one of the parameters of the rule's kind (`max-share = 0.2`). The error says
    /// why the name or value does not fit, with the names this kind takes.
    pub fn set_param(
        &mut self,
        name: &str,
        value: &toml::Value,
        origin: &Origin,
    ) -> Result<(), String> {
        if name == "learned" && self.weights.is_none() {
            return Err(format!(
                "`{}` has no learned weights, so `learned` changes nothing: only the built-in \
                 rules {} have them",
                self.id,
                super::learned::Model::builtin()
                    .rules()
                    .iter()
                    .map(|r| format!("`{}`", r.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        self.params.set(self.kind, name, value)?;
        let value = show(value);
        self.record(
            Setting::Param {
                name: name.to_string(),
                value,
            },
            origin,
        );
        Ok(())
    }

    /// Adds a pattern (`patterns += "…"`), compiled by `pc` and anchored on word
    /// boundaries when the rule file's own patterns are (`whole-words`).
    pub fn add_pattern(
        &mut self,
        pc: &PatternCompiler<'_>,
        pattern: &Spanned<String>,
        origin: &Origin,
    ) -> Result<(), FileError> {
        let compiled = pc.pattern(pattern, self.whole_words)?;
        self.matchers
            .push(Matcher::plain(Find::Regex(compiled), None));
        self.record(Setting::Pattern(pattern.get_ref().clone()), origin);
        Ok(())
    }

    /// Adds an `unless` pattern (`unless += "…"`), compiled like the rule's own; `require`
    /// rules have no use for one, so it is refused there.
    pub fn add_unless(
        &mut self,
        pc: &PatternCompiler<'_>,
        pattern: &Spanned<String>,
        origin: &Origin,
    ) -> Result<(), FileError> {
        if self.kind == Kind::Require {
            return Err(pc.error(
                pattern.span(),
                format!(
                    "`unless` is not used by `require` rules such as `{}`",
                    self.id
                ),
            ));
        }
        let regex = pc.regex(pattern, self.whole_words)?;
        self.unless.push(regex);
        self.record(Setting::Unless(pattern.get_ref().clone()), origin);
        Ok(())
    }

    /// Adds phrases the rule must never flag (`allow += "…"`) and rebuilds the allow
    /// list's regex. A blank phrase would allow every match, so blank ones are refused
    /// and returned, for the caller to report.
    pub fn add_allowed<'p>(
        &mut self,
        phrases: impl IntoIterator<Item = &'p Spanned<String>>,
        origin: &Origin,
    ) -> Vec<&'p Spanned<String>> {
        let mut refused = Vec::new();
        let mut allow = self.allow.clone();
        for phrase in phrases {
            if phrase.get_ref().trim().is_empty() {
                refused.push(phrase);
                continue;
            }
            allow.push(phrase.get_ref().clone());
            self.record(Setting::Allow(phrase.get_ref().clone()), origin);
        }
        self.set_allow(allow);
        refused
    }

    /// Replaces the phrases this rule must never flag, without recording where they came
    /// from (configuration goes through [`Rule::add_allowed`]). Matching ignores case
    /// and typographic quotes, like every pattern; blank phrases are dropped.
    pub fn set_allow(&mut self, mut phrases: Vec<String>) {
        phrases.retain(|p| !p.trim().is_empty());
        self.allow_regex = if phrases.is_empty() {
            None
        } else {
            let alternatives: Vec<String> = phrases
                .iter()
                .map(|p| regex::escape(&crate::document::fold_typography(p.trim())))
                .collect();
            regex::RegexBuilder::new(&alternatives.join("|"))
                .case_insensitive(true)
                .build()
                .ok()
        };
        self.allow = phrases;
    }

    fn record(&mut self, setting: Setting, origin: &Origin) {
        self.changes.push(Change {
            setting,
            origin: origin.clone(),
        });
    }
}

/// A TOML value as it would be written in a file.
fn show(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Context;

    fn rule(extra: &str) -> Rule {
        let source = format!(
            "id = \"demo\"\nlevel = \"warning\"\nkind = \"pattern\"\nmessage = \"m\"\nexplanation = \"e\"\n{extra}"
        );
        Rule::parse("demo.toml", Some("demo"), &source, &Context::default()).unwrap()
    }

    fn spanned(text: &str) -> Spanned<String> {
        Spanned::new(0..0, text.to_string())
    }

    fn origin() -> Origin {
        Origin::Project(".amends.toml".into())
    }

    #[test]
    fn an_allowed_phrase_is_matched_like_a_pattern_and_remembers_its_layer() {
        let mut r = rule("patterns = ['{you} made me']");
        let phrases = [spanned("You made me PROMISE"), spanned("  ")];
        let refused = r.add_allowed(&phrases, &origin());
        assert_eq!(
            refused,
            [&phrases[1]],
            "a blank phrase would allow everything"
        );
        assert_eq!(r.allow(), ["You made me PROMISE"]);
        let allow = r.allow_regex().expect("a regex for the list");
        assert!(allow.is_match("then you made me promise"));
        assert!(!allow.is_match("you made me"));
        assert_eq!(r.allow_origin("You made me PROMISE"), Some(&origin()));
        r.add_allowed(&[spanned("")], &origin());
        assert_eq!(r.allow().len(), 1);
        r.set_allow(vec![" ".into()]);
        assert!(r.allow().is_empty() && r.allow_regex().is_none());
    }

    #[test]
    fn added_patterns_are_anchored_as_the_rule_file_says() {
        let cx = Context::default();
        let pc = PatternCompiler {
            origin: ".amends.toml",
            source: "",
            cx: &cx,
        };
        for (whole_words, inside_a_word) in [("true", false), ("false", true)] {
            let mut r = rule(&format!("patterns = ['x']\nwhole-words = {whole_words}"));
            r.add_pattern(&pc, &spanned("made me"), &origin()).unwrap();
            let added = r.matchers().last().unwrap();
            assert!(added.find.is_match("you made me do it"));
            assert_eq!(added.find.is_match("you made meals"), inside_a_word);
        }
        let mut r = rule("patterns = ['x']");
        let before = r.changes().len();
        assert!(r.add_pattern(&pc, &spanned("("), &origin()).is_err());
        assert_eq!(
            r.changes().len(),
            before,
            "a pattern that fails is not recorded"
        );
    }

    #[test]
    fn unless_is_refused_by_require_rules() {
        let cx = Context::default();
        let pc = PatternCompiler {
            origin: ".amends.toml",
            source: "",
            cx: &cx,
        };
        let mut r = rule("patterns = ['x']");
        r.add_unless(&pc, &spanned("kindly"), &origin()).unwrap();
        assert_eq!(r.unless().len(), 1);
        let mut require = Rule::parse(
            "demo.toml",
            Some("demo"),
            "id = \"demo\"\nlevel = \"hint\"\nkind = \"require\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = ['sorry']\n",
            &cx,
        )
        .unwrap();
        let err = require
            .add_unless(&pc, &spanned("kindly"), &origin())
            .unwrap_err();
        assert!(
            err.to_string().contains("not used by `require` rules"),
            "{err}"
        );
        assert!(require.unless().is_empty() && require.changes().is_empty());
    }

    #[test]
    fn a_level_turns_the_rule_back_on_and_every_change_is_recorded() {
        let mut r = rule("patterns = ['x']");
        r.set_enabled(false, Setting::State("off".into()), &origin());
        assert!(!r.enabled());
        r.set_level(Level::Error, Setting::State("error".into()), &origin());
        assert!(r.enabled());
        assert_eq!(
            (r.level(), r.default_level()),
            (Level::Error, Level::Warning)
        );
        assert!(
            r.set_param("max-share", &toml::Value::Float(0.5), &origin())
                .is_err()
        );
        let settings: Vec<String> = r.changes().iter().map(|c| c.setting.to_string()).collect();
        assert_eq!(settings, ["level = \"off\"", "level = \"error\""]);
    }
}
