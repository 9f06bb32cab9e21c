//! Rules: the strict rule-file schema, compiling a file into a checkable [`Rule`], and
//! the built-in pack embedded at build time. Pure: callers hand in file contents.

mod change;
mod compile;
mod edit;
mod error;
mod lazy;
pub mod learned;
mod lexicon;
mod pack;
mod params;
mod phrase;
mod placeholders;
mod prefilter;
mod read;
mod roles;
mod schema;

use std::sync::Arc;

use regex::Regex;

pub use change::{Change, Origin, Setting};
pub use compile::PatternCompiler;
pub use error::FileError;
pub use lazy::LazyRegex;
pub use lexicon::{BUILTIN_LEXICON, Lexicon};
pub use pack::Pack;
pub use params::Params;
pub use phrase::{Classes, Phrase, PhraseIndex};
pub use prefilter::{record_lookups, required_literals, table_for};
pub use roles::{Role, RoleFinds, RoleModel};
pub use schema::{Example, Family, Kind, Negation, Quoted, Scope, UnlessScope};

use crate::Level;
use crate::document::DraftKind;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// What rules are compiled against: the words that stand for the partner, and the word
/// classes phrases use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The partner's name; `{you}` and `{your}` in patterns, and `you` and `your` in
    /// phrases, match it too.
    pub partner: Option<String>,
    /// The built-in lexicon, with what pack folders add to it.
    pub lexicon: Arc<Lexicon>,
    /// The lexicon's classes as phrases use them, built once for every rule.
    pub classes: Classes,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            partner: None,
            lexicon: Lexicon::builtin(),
            classes: Classes::default(),
        }
    }
}

/// A compiled pattern and the words its every match contains: one word of each set
/// (lower-case ASCII, matched ignoring case; `None` when the pattern must always run).
#[derive(Debug, Clone)]
pub struct Pattern {
    pub regex: LazyRegex,
    pub required: Option<Arc<[Vec<String>]>>,
}

/// How a matcher finds its matches: a regular expression over the sentence's text, or a
/// phrase over its canonical words.
#[derive(Debug, Clone)]
pub enum Find {
    Regex(Pattern),
    Phrase(Arc<Phrase>),
}

impl Find {
    /// The pattern or phrase as written.
    pub fn as_str(&self) -> &str {
        match self {
            Find::Regex(p) => p.regex.as_str(),
            Find::Phrase(p) => p.as_str(),
        }
    }

    /// Whether it matches somewhere in `text` (for tests and examples; checking goes
    /// through the engine).
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Find::Regex(p) => p.regex.is_match(text),
            Find::Phrase(p) => p.is_match(text),
        }
    }
}

/// A pattern ready to match, with the rewrite it offers when it is a swap.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub find: Find,
    pub replacement: Option<String>,
    pub title: Option<String>,
    /// The rewrite keeps the sentence grammatical and its meaning whatever surrounds
    /// it, so `amends check --fix` may apply it unasked.
    pub safe: bool,
    /// Shown instead of the rule's message for matches of this pattern.
    pub message: Option<String>,
}

impl Matcher {
    /// A pattern that flags without offering a rewrite, shown with the rule's message
    /// unless `message` says otherwise.
    pub fn plain(find: Find, message: Option<String>) -> Matcher {
        Matcher {
            find,
            replacement: None,
            title: None,
            safe: false,
            message,
        }
    }

    /// A pattern whose match is offered a rewrite (a `swap`); `safe` lets `--fix` apply it.
    pub fn swap(find: Find, replacement: String, title: Option<String>, safe: bool) -> Matcher {
        Matcher {
            find,
            replacement: Some(replacement),
            title,
            safe,
            message: None,
        }
    }
}

/// A compiled rule. Its fields are private: configuration changes a rule only through
/// the methods below, each of which keeps what the checks rely on (the allow list's
/// regex matches the allow list, every change is recorded with the layer that made it,
/// added patterns are anchored as the rule file's `whole-words` says, a parameter
/// belongs to the rule's kind).
#[derive(Debug, Clone)]
pub struct Rule {
    id: Arc<str>,
    level: Level,
    kind: Kind,
    message: String,
    /// Markdown: what the rule catches, why it matters, how to rewrite.
    explanation: String,
    /// What the rule catches, in a few words (`summary`; empty when the file has none).
    summary: String,
    matchers: Vec<Matcher>,
    /// Which phrases of `matchers` a sentence calls up. Configuration adds only regex
    /// patterns, at the end, so the phrases' positions never change after compiling.
    phrase_index: PhraseIndex,
    /// A sentence that matches any of these is never flagged by this rule.
    unless: Vec<LazyRegex>,
    /// Phrases with the effect of `unless` (`except` in the rule file).
    except: Vec<Arc<Phrase>>,
    /// Phrases that excuse a match from the next sentence of its paragraph ("I was
    /// drunk. That is no excuse."): `except-next`.
    except_next: Vec<Arc<Phrase>>,
    params: Params,
    examples: Vec<Example>,
    /// Where the rule was loaded from, for listings and error messages.
    origin: String,
    /// Off rules stay in the pack, so listings can show them, but are never checked.
    enabled: bool,
    /// Exact phrases (from configuration) this rule never flags; never blank.
    allow: Vec<String>,
    /// `allow` as one case-insensitive alternation; `None` when `allow` is empty.
    allow_regex: Option<Regex>,
    /// The level the rule file gives; `[levels]` settings select rules by it.
    default_level: Level,
    /// What configuration changed in this rule, lowest layer first.
    changes: Vec<Change>,
    /// Whether the rule file anchors its patterns on word boundaries; patterns added by
    /// configuration are compiled the same way.
    whole_words: bool,
    negation: Negation,
    unless_scope: UnlessScope,
    /// Whether matches inside quotation marks count (`quoted`).
    quoted: Quoted,
    /// Only drafts of this kind are judged (`applies-to`); `None` judges every draft.
    applies_to: Option<DraftKind>,
    /// The concern the rule speaks to (`family`), for grouping in reports.
    family: Family,
    /// The rule's place in the learned model, found once when it is compiled: a built-in
    /// rule's, when the model has weights for it (see [`Rule::learned`]).
    weights: Option<usize>,
}

/// Compiling a rule file.
impl Rule {
    /// Parses and compiles one rule file. `origin` names it in errors; `stem`, when given,
    /// is the file name without `.toml` and must equal the rule's id. The error is the
    /// file's first problem; [`Rule::parse_all`] gives every one.
    pub fn parse(
        origin: &str,
        stem: Option<&str>,
        source: &str,
        cx: &Context,
    ) -> Result<Rule, FileError> {
        Rule::parse_all(origin, stem, source, cx).map_err(|mut errors| errors.swap_remove(0))
    }

    /// [`Rule::parse`], with every problem in the file (at least one), in file order.
    pub fn parse_all(
        origin: &str,
        stem: Option<&str>,
        source: &str,
        cx: &Context,
    ) -> Result<Rule, Vec<FileError>> {
        compile::compile_rule(origin, stem, source, cx).map_err(|mut errors| {
            if errors.is_empty() {
                errors.push(FileError::whole_file(origin, "this rule file has an error"));
            }
            errors
        })
    }
}

/// Reading a rule.
impl Rule {
    pub fn id(&self) -> &Arc<str> {
        &self.id
    }

    /// The level findings are reported at, after configuration.
    pub fn level(&self) -> Level {
        self.level
    }

    /// The level the rule file gives; `[levels]` settings select rules by it.
    pub fn default_level(&self) -> Level {
        self.default_level
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// Markdown: what the rule catches, why it matters, how to rewrite.
    pub fn explanation(&self) -> &str {
        &self.explanation
    }

    /// What the rule catches, in a few words (empty when the file has none).
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// The rule file's patterns, phrases and swaps, then those configuration added.
    pub fn matchers(&self) -> &[Matcher] {
        &self.matchers
    }

    /// Finds which of the rule's phrases may match a sentence (see [`PhraseIndex`]).
    pub fn phrase_index(&self) -> &PhraseIndex {
        &self.phrase_index
    }

    /// A sentence that matches any of these is never flagged by this rule.
    pub fn unless(&self) -> &[LazyRegex] {
        &self.unless
    }

    /// Phrases with the effect of `unless` (`except` in the rule file).
    pub fn except(&self) -> &[Arc<Phrase>] {
        &self.except
    }

    /// Phrases that excuse a match when the next sentence of its paragraph holds one.
    pub fn except_next(&self) -> &[Arc<Phrase>] {
        &self.except_next
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// Where the rule was loaded from, for listings and error messages.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The rule's place in the learned model ([`learned::Model::builtin`]), when it is a
    /// built-in rule that has weights there and its `learned` setting is on. A rule of the
    /// same id from a pack is another rule: the weights were learned for the built-in one.
    pub fn learned(&self) -> Option<usize> {
        self.weights.filter(|_| self.params.learned)
    }

    /// Off rules stay in the pack, so listings can show them, but are never checked.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Exact phrases (from configuration) this rule never flags.
    pub fn allow(&self) -> &[String] {
        &self.allow
    }

    /// What configuration changed in this rule, lowest layer first.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether the rule file anchors its patterns on word boundaries.
    pub fn whole_words(&self) -> bool {
        self.whole_words
    }

    pub fn negation(&self) -> Negation {
        self.negation
    }

    pub fn unless_scope(&self) -> UnlessScope {
        self.unless_scope
    }

    /// Whether matches inside quotation marks count (`quoted`).
    pub fn quoted(&self) -> Quoted {
        self.quoted
    }

    /// The only kind of draft the rule judges (`applies-to`); `None` for every kind.
    pub fn applies_to_kind(&self) -> Option<DraftKind> {
        self.applies_to
    }

    /// Whether the rule judges a draft of `kind` (see `applies-to`).
    pub fn applies_to(&self, kind: DraftKind) -> bool {
        self.applies_to.is_none_or(|k| k == kind)
    }

    /// The concern the rule speaks to (`family`), for grouping in reports.
    pub fn family(&self) -> Family {
        self.family
    }

    /// The allow list as one regular expression; `None` when the list is empty.
    pub fn allow_regex(&self) -> Option<&Regex> {
        self.allow_regex.as_ref()
    }

    /// Which allow-list phrase `matched` (a match of [`Rule::allow_regex`]) is, as an
    /// index into [`Rule::allow`].
    pub fn allow_index(&self, matched: &str) -> Option<usize> {
        let matched = crate::document::fold_typography(matched).to_lowercase();
        self.allow
            .iter()
            .position(|p| crate::document::fold_typography(p.trim()).to_lowercase() == matched)
    }

    /// The layer that put `phrase` (an entry of [`Rule::allow`]) on the allow list; the
    /// first one when several did.
    pub fn allow_origin(&self, phrase: &str) -> Option<&Origin> {
        self.changes
            .iter()
            .find(|c| matches!(&c.setting, Setting::Allow(p) if p == phrase))
            .map(|c| &c.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal valid rule file, for tests here and in `pack`.
    pub(crate) const GOOD: &str = r#"
id = "demo"
level = "warning"
kind = "pattern"
message = "m"
explanation = "e"
patterns = ["{you} made me"]
"#;

    fn error(text: &str) -> String {
        Rule::parse("x/demo.toml", Some("demo"), text, &Context::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_good_rule_compiles() {
        let rule = Rule::parse("x", Some("demo"), GOOD, &Context::default()).unwrap();
        assert_eq!(&*rule.id, "demo");
        assert!(rule.matchers[0].find.is_match("U MADE ME"));
        assert!(!rule.matchers[0].find.is_match("you made meals"));
        let cx = Context {
            partner: Some("Sam".into()),
            ..Context::default()
        };
        let rule = Rule::parse("x", Some("demo"), GOOD, &cx).unwrap();
        assert!(rule.matchers[0].find.is_match("Sam made me"));
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        assert_eq!(
            error(&GOOD.replace("kind = \"pattern\"", "kind = \"pattern\"\ncolour = 1")),
            "x/demo.toml:5:1: unknown key `colour`; a rule file may hold `id`, `level`, `kind`, `message`, `summary`, `explanation`, `phrases`, `patterns`, `roles`, `except`, `except-next`, `unless`, `swaps`, `whole-words`, `negation`, `unless-scope`, `quoted`, `applies-to`, `family`, `examples`, `max`, `max-share`, `min-sentences`, `window`, `min-words`, `scope`, `min-gap-days`, `revisit-after-days`"
        );
        assert_eq!(
            error(&GOOD.replace("{you} made me", "(unclosed")),
            "x/demo.toml:7:13: invalid pattern \"(unclosed\": unclosed group"
        );
        assert_eq!(
            error(&GOOD.replace("\"warning\"", "\"loud\""))
                .split(':')
                .take(3)
                .collect::<Vec<_>>(),
            ["x/demo.toml", "3", "9"]
        );
        assert_eq!(
            error(&GOOD.replace("message = \"m\"\n", "")),
            "x/demo.toml: `message` is missing: every rule file needs `id`, `level`, `kind`, `message` and `explanation`"
        );
        assert!(
            error(&format!("{GOOD}max = 3\n"))
                .contains("`max` is not a parameter of `pattern` rules")
        );
        assert!(error(&GOOD.replace("{you}", "{they}")).contains("unknown placeholder `{they}`"));
        assert!(error("id = ").starts_with("x/demo.toml:1:6: "));
        let mismatch = Rule::parse("x", Some("other"), GOOD, &Context::default())
            .unwrap_err()
            .to_string();
        assert!(
            mismatch.contains("must match its file name `other.toml`"),
            "{mismatch}"
        );
    }

    fn all_errors(text: &str) -> Vec<String> {
        Rule::parse_all("x/demo.toml", Some("demo"), text, &Context::default())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_problem_of_a_file_is_found_in_file_order() {
        let text = r#"id = "demo"
level = "warnin"
kind = "swap"
message = 3
explanation = "e"
negation = "supress"
unless = ["ok", "(bad"]
whole-words = "yes"

[[swaps]]
pattern = "{yuo} made me"
replacment = "I chose to"

[[swaps]]
title = "no pattern"
replacement = "x"

[[examples]]
text = "x"
flagged = true
format = "markdwon"
after-days = 3
"#;
        assert_eq!(
            all_errors(text),
            [
                "x/demo.toml:2:9: `warnin` is not a level (did you mean `warning`?); use `error`, `warning`, `info` or `hint`",
                "x/demo.toml:4:11: `message` is text in quotes, not an integer",
                "x/demo.toml:6:12: `supress` is not a negation setting (did you mean `suppress`?); use `ignore` or `suppress`",
                "x/demo.toml:7:17: invalid pattern \"(bad\": unclosed group",
                "x/demo.toml:8:15: `whole-words` is true or false, not text",
                "x/demo.toml:11:11: unknown placeholder `{yuo}` (did you mean `{you}`?); the placeholders are {you}, {your}, {youre}, {im}",
                "x/demo.toml:12:1: unknown key `replacment` (did you mean `replacement`?); a [[swaps]] entry may hold `pattern`, `replacement`, `title`, `safe`",
                "x/demo.toml:14:1: this [[swaps]] entry needs `pattern`",
                "x/demo.toml:18:1: example 1: `after-days` is only for series rules (`gap`, `revisit`)",
                "x/demo.toml:21:10: `markdwon` is not a format (did you mean `markdown`?); use `plain`, `markdown` or `email`",
            ]
        );
    }

    #[test]
    fn every_value_the_format_names_is_accepted() {
        let base = GOOD.replace("level = \"warning\"\n", "");
        for level in Level::ALL {
            let text = format!("{base}level = \"{level}\"\n");
            assert!(Rule::parse("x", Some("demo"), &text, &Context::default()).is_ok());
        }
        let settings = [
            "negation = \"ignore\"",
            "negation = \"suppress\"",
            "unless-scope = \"sentence\"",
            "unless-scope = \"clause\"",
            "quoted = \"check\"",
            "quoted = \"skip\"",
            "quoted = \"skip-titles\"",
            "applies-to = \"letter\"",
            "applies-to = \"follow-up\"",
            "whole-words = false",
            "roles = [\"explains\"]",
            "unless = [\"kind\"]",
            "patterns = [{ pattern = \"x\", message = \"own\" }]",
        ];
        let families = Family::ALL.map(|f| format!("family = \"{}\"", f.name()));
        for setting in settings.iter().map(|s| s.to_string()).chain(families) {
            let text = if setting.starts_with("patterns") {
                GOOD.replace("patterns = [\"{you} made me\"]", &setting)
            } else {
                format!("{GOOD}{setting}\n")
            };
            let parsed = Rule::parse_all("x", Some("demo"), &text, &Context::default());
            assert!(parsed.is_ok(), "{setting}: {:?}", parsed.err());
        }
        let example = format!(
            "{GOOD}\n[[examples]]\ntext = \"you made me\"\nflagged = true\nformat = \"markdown\"\n"
        );
        let rule = Rule::parse("x", Some("demo"), &example, &Context::default()).unwrap();
        assert_eq!(rule.examples[0].format.as_deref(), Some("markdown"));
        let swap = "id = \"demo\"\nlevel = \"hint\"\nkind = \"swap\"\nmessage = \"m\"\nexplanation = \"e\"\n[[swaps]]\npattern = \"a\"\nreplacement = \"b\"\ntitle = \"t\"\nsafe = true\n";
        let rule = Rule::parse("x", Some("demo"), swap, &Context::default()).unwrap();
        assert!(rule.matchers[0].safe);
        let share = "id = \"demo\"\nlevel = \"hint\"\nkind = \"share\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"a\"]\nmax-share = 1\nwindow = 0x2\n";
        let rule = Rule::parse("x", Some("demo"), share, &Context::default()).unwrap();
        assert_eq!((rule.params.max_share, rule.params.window), (1.0, 2));
    }

    #[test]
    fn a_wrong_kind_still_lets_the_patterns_be_checked() {
        let text = GOOD.replace("\"pattern\"", "\"patern\"") + "max = 3\n";
        let text = text.replace("{you} made me", "(");
        let errors = all_errors(&text);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors[0].contains("did you mean `pattern`?"), "{errors:#?}");
        assert!(errors[1].contains("invalid pattern"), "{errors:#?}");
    }

    #[test]
    fn a_list_written_wrong_is_not_also_called_missing() {
        let errors = all_errors(&GOOD.replace("[\"{you} made me\"]", "\"{you} made me\""));
        assert_eq!(
            errors,
            [
                "x/demo.toml:7:12: `patterns` is a list of entries in square brackets, each a pattern in quotes, or a table with `pattern` and an optional `message`; not text"
            ]
        );
        let errors = all_errors(&GOOD.replace("[\"{you} made me\"]", "[]"));
        assert_eq!(
            errors,
            [
                "x/demo.toml: a `pattern` rule needs at least one entry in `phrases`, `patterns` or `roles`"
            ]
        );
    }
}
