//! Reading a rule file's TOML into a [`RuleFile`], every problem at once: each key and
//! value is checked on its own, so a file with three mistakes gets three located errors
//! in one run, each with "did you mean" where a name is close. (A derived deserializer
//! stops at the first.) Only what the TOML syntax itself gets wrong stops the reading.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::FileError;
use super::params::PARAMETERS;
use super::schema::{
    Example, Family, Kind, Negation, PatternEntry, Quoted, RuleFile, SwapEntry, UnlessScope,
};
use crate::Level;
use crate::document::DraftKind;
use crate::suggest::{did_you_mean, quoted};

/// The keys of a rule file besides the parameters, in the order the docs list them.
pub const KEYS: [&str; 20] = [
    "id",
    "level",
    "kind",
    "message",
    "summary",
    "explanation",
    "phrases",
    "patterns",
    "roles",
    "except",
    "except-next",
    "unless",
    "swaps",
    "whole-words",
    "negation",
    "unless-scope",
    "quoted",
    "applies-to",
    "family",
    "examples",
];

/// The keys every rule file must give.
const REQUIRED: [&str; 5] = ["id", "level", "kind", "message", "explanation"];

const SWAP_KEYS: [&str; 4] = ["pattern", "replacement", "title", "safe"];
const EXAMPLE_KEYS: [&str; 4] = ["text", "flagged", "format", "after-days"];
const PATTERN_KEYS: [&str; 2] = ["pattern", "message"];
const PHRASE_KEYS: [&str; 2] = ["phrase", "message"];

type Value<'i> = Spanned<DeValue<'i>>;

/// The rule file in `source`, and every problem found in its keys and values. `Err` when
/// the TOML itself does not parse: those errors, and nothing else is checked.
pub fn read(origin: &str, source: &str) -> Result<(RuleFile, Vec<FileError>), Vec<FileError>> {
    let table = DeTable::parse(source).map_err(|e| {
        vec![match e.span() {
            Some(span) => FileError::at(origin, source, span.start, e.message().trim()),
            None => FileError::whole_file(origin, e.message().trim()),
        }]
    })?;
    let mut r = Reader {
        origin,
        source,
        errors: Vec::new(),
    };
    let file = r.rule_file(table.get_ref());
    Ok((file, r.errors))
}

struct Reader<'a> {
    origin: &'a str,
    source: &'a str,
    errors: Vec<FileError>,
}

/// "a string", "an integer": how a value's type is named in a message.
fn a(value: &DeValue<'_>) -> String {
    let name = match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    };
    name.to_string()
}

/// "`a`, `b` or `c`".
fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => format!("`{only}`"),
        [rest @ .., last] => format!("{} or `{last}`", quoted(rest)),
    }
}

impl Reader<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.errors
            .push(FileError::at(self.origin, self.source, span.start, message));
    }

    fn rule_file(&mut self, table: &DeTable<'_>) -> RuleFile {
        let mut file = RuleFile::default();
        // `learned` is a setting for configuration only: the weights are the built-in rules'.
        let params: Vec<&str> = PARAMETERS
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| *name != "learned")
            .collect();
        let allowed: Vec<&str> = KEYS.iter().copied().chain(params.iter().copied()).collect();
        let unknown = self.unknown_keys(table, &allowed, "a rule file");
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            match name {
                "id" => {
                    file.id = self
                        .text(name, value)
                        .map(|t| Spanned::new(value.span(), t))
                }
                "level" => {
                    file.level =
                        self.choice(name, "a level", value, &Level::ALL.map(|l| (l.name(), l)))
                }
                "kind" => {
                    file.kind = self.choice(
                        name,
                        "a kind of rule",
                        value,
                        &Kind::ALL.map(|k| (k.name(), k)),
                    )
                }
                "message" => file.message = self.text(name, value),
                "summary" => file.summary = self.text(name, value),
                "explanation" => file.explanation = self.text(name, value),
                "patterns" => file.patterns = self.patterns("patterns", &PATTERN_KEYS, value),
                "phrases" => file.phrases = self.patterns("phrases", &PHRASE_KEYS, value),
                "except" => file.except = self.strings(name, "a phrase", value),
                "except-next" => file.except_next = self.strings(name, "a phrase", value),
                "roles" => file.roles = self.strings(name, "a role name", value),
                "unless" => file.unless = self.strings(name, "a pattern", value),
                "swaps" => file.swaps = self.swaps(value),
                "whole-words" => file.whole_words = self.boolean(name, value),
                "negation" => {
                    file.negation = self.choice(
                        name,
                        "a negation setting",
                        value,
                        &[
                            ("ignore", Negation::Ignore),
                            ("suppress", Negation::Suppress),
                        ],
                    )
                }
                "unless-scope" => {
                    file.unless_scope = self.choice(
                        name,
                        "a scope for `unless`",
                        value,
                        &[
                            ("sentence", UnlessScope::Sentence),
                            ("clause", UnlessScope::Clause),
                            ("before", UnlessScope::Before),
                        ],
                    )
                }
                "quoted" => {
                    file.quoted = self.choice(
                        name,
                        "a setting for quoted words",
                        value,
                        &Quoted::ALL.map(|q| (q.name(), q)),
                    )
                }
                "applies-to" => {
                    file.applies_to = self.choice(
                        name,
                        "a kind of draft",
                        value,
                        &[DraftKind::Letter, DraftKind::FollowUp].map(|k| (k.name(), k)),
                    )
                }
                "family" => {
                    file.family =
                        self.choice(name, "a family", value, &Family::ALL.map(|f| (f.name(), f)))
                }
                "examples" => file.examples = self.examples(value),
                _ => {
                    if let Some(param) = params.iter().find(|p| **p == name) {
                        file.params
                            .push((param, value.span(), scalar(value.get_ref())));
                    }
                }
            }
            // A list with entries, or something else in its place (already an error).
            if !matches!(value.get_ref(), DeValue::Array(items) if items.is_empty()) {
                if let Some(known) = KEYS.iter().find(|k| **k == name) {
                    file.listed.push(known);
                }
            }
        }
        for missing in REQUIRED
            .iter()
            .filter(|k| !table.keys().any(|key| key.get_ref() == **k))
            .filter(|k| !unknown.contains(k))
        {
            self.errors.push(FileError::whole_file(
                self.origin,
                format!(
                    "`{missing}` is missing: every rule file needs {}",
                    one_of(&REQUIRED).replace(" or ", " and ")
                ),
            ));
        }
        file
    }

    /// Reports each key of `table` that is not `allowed`, with the nearest allowed one.
    /// Returns the allowed keys suggested, which the caller need not also call missing.
    fn unknown_keys(
        &mut self,
        table: &DeTable<'_>,
        allowed: &[&'static str],
        what: &str,
    ) -> Vec<&'static str> {
        let mut suggested = Vec::new();
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let hint = did_you_mean(name, allowed.iter().copied());
            if let Some(near) = crate::suggest::closest(name, allowed.iter().copied()) {
                suggested.push(near);
            }
            self.error(
                key.span(),
                format!(
                    "unknown key `{name}`{hint}; {what} may hold {}",
                    quoted(allowed)
                ),
            );
        }
        suggested
    }

    fn text(&mut self, key: &str, value: &Value<'_>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.error(
                    value.span(),
                    format!("`{key}` is text in quotes, not {}", a(other)),
                );
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, value: &Value<'_>) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error(
                    value.span(),
                    format!("`{key}` is true or false, not {}", a(other)),
                );
                None
            }
        }
    }

    fn count(&mut self, key: &str, value: &Value<'_>) -> Option<u32> {
        let n = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        };
        let n = n.and_then(|n| u32::try_from(n).ok());
        if n.is_none() {
            self.error(
                value.span(),
                format!("`{key}` is a whole number, 0 or more"),
            );
        }
        n
    }

    /// One of `choices`, by name; otherwise an error naming them, with the nearest.
    fn choice<T: Copy>(
        &mut self,
        key: &str,
        noun: &str,
        value: &Value<'_>,
        choices: &[(&'static str, T)],
    ) -> Option<T> {
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        let DeValue::String(given) = value.get_ref() else {
            let other = a(value.get_ref());
            self.error(
                value.span(),
                format!("`{key}` is {} in quotes, not {other}", one_of(&names)),
            );
            return None;
        };
        if let Some((_, t)) = choices.iter().find(|(n, _)| *n == given.as_ref()) {
            return Some(*t);
        }
        let hint = did_you_mean(given, names.iter().copied());
        self.error(
            value.span(),
            format!("`{given}` is not {noun}{hint}; use {}", one_of(&names)),
        );
        None
    }

    /// The entries of a list of strings; each entry that is not one is an error.
    fn strings(&mut self, key: &str, what: &str, value: &Value<'_>) -> Vec<Spanned<String>> {
        let Some(items) = self.list(key, what, value) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => out.push(Spanned::new(item.span(), s.to_string())),
                other => self.error(
                    item.span(),
                    format!(
                        "each entry of `{key}` is {what} in quotes, not {}",
                        a(other)
                    ),
                ),
            }
        }
        out
    }

    /// A list's items, or an error when `value` is not a list.
    fn list<'v, 'i>(
        &mut self,
        key: &str,
        what: &str,
        value: &'v Value<'i>,
    ) -> Option<&'v [Value<'i>]> {
        match value.get_ref() {
            DeValue::Array(items) => Some(items),
            other => {
                self.error(
                    value.span(),
                    format!(
                        "`{key}` is a list of entries in square brackets, each {what}; not {}",
                        a(other)
                    ),
                );
                None
            }
        }
    }

    /// `patterns` or `phrases`: entries in quotes, or tables with the entry under
    /// `keys[0]` and an optional `message`.
    fn patterns(
        &mut self,
        list: &str,
        keys: &[&'static str; 2],
        value: &Value<'_>,
    ) -> Vec<Spanned<PatternEntry>> {
        let [entry, _] = *keys;
        let what =
            format!("a {entry} in quotes, or a table with `{entry}` and an optional `message`");
        let Some(items) = self.list(list, &what, value) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => out.push(Spanned::new(
                    item.span(),
                    PatternEntry {
                        pattern: s.to_string(),
                        message: None,
                    },
                )),
                DeValue::Table(t) => {
                    let unknown = self.unknown_keys(t, keys, &format!("a {entry} table"));
                    let pattern = self.field(
                        t,
                        entry,
                        item.span(),
                        &format!("this {entry} table"),
                        &unknown,
                        |r, k, v| r.text(k, v),
                    );
                    let message = t.get("message").and_then(|v| self.text("message", v));
                    if let Some(pattern) = pattern {
                        out.push(Spanned::new(item.span(), PatternEntry { pattern, message }));
                    }
                }
                other => self.error(
                    item.span(),
                    format!("each entry of `{list}` is {what}; not {}", a(other)),
                ),
            }
        }
        out
    }

    /// A required key of an entry: read with `read`, or an error at the entry when it is
    /// missing (unless a mistyped key was already said to be it).
    fn field<T>(
        &mut self,
        table: &DeTable<'_>,
        key: &'static str,
        at: Range<usize>,
        what: &str,
        suggested: &[&str],
        read: impl FnOnce(&mut Self, &str, &Value<'_>) -> Option<T>,
    ) -> Option<T> {
        match table.get(key) {
            Some(value) => read(self, key, value),
            None => {
                if !suggested.contains(&key) {
                    self.error(at, format!("{what} needs `{key}`"));
                }
                None
            }
        }
    }

    /// The tables of a `[[name]]` list; each entry that is not a table is an error.
    fn tables<'v, 'i>(
        &mut self,
        key: &str,
        value: &'v Value<'i>,
    ) -> Vec<(Range<usize>, &'v DeTable<'i>)> {
        let what = format!("a [[{key}]] table");
        let Some(items) = self.list(key, &what, value) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::Table(t) => out.push((item.span(), t)),
                other => self.error(
                    item.span(),
                    format!("each entry of `{key}` is a table, written [[{key}]] with its keys below; not {}", a(other)),
                ),
            }
        }
        out
    }

    fn swaps(&mut self, value: &Value<'_>) -> Vec<Spanned<SwapEntry>> {
        let mut out = Vec::new();
        for (span, t) in self.tables("swaps", value) {
            let what = "this [[swaps]] entry";
            let unknown = self.unknown_keys(t, &SWAP_KEYS, "a [[swaps]] entry");
            let pattern = self.field(t, "pattern", span.clone(), what, &unknown, |r, k, v| {
                r.text(k, v).map(|p| Spanned::new(v.span(), p))
            });
            let replacement =
                self.field(t, "replacement", span.clone(), what, &unknown, |r, k, v| {
                    r.text(k, v)
                });
            let title = t.get("title").and_then(|v| self.text("title", v));
            let safe = t.get("safe").and_then(|v| self.boolean("safe", v));
            // Kept without its replacement too, so its pattern is still checked: the missing
            // replacement is already an error, and a file with errors builds no rule.
            if let Some(pattern) = pattern {
                out.push(Spanned::new(
                    span,
                    SwapEntry {
                        pattern,
                        replacement: replacement.unwrap_or_default(),
                        title,
                        safe: safe.unwrap_or(false),
                    },
                ));
            }
        }
        out
    }

    fn examples(&mut self, value: &Value<'_>) -> Vec<Spanned<Example>> {
        let mut out = Vec::new();
        for (span, t) in self.tables("examples", value) {
            let what = "this example";
            let unknown = self.unknown_keys(t, &EXAMPLE_KEYS, "an example");
            let text = self.field(t, "text", span.clone(), what, &unknown, |r, k, v| {
                r.text(k, v)
            });
            let flagged = self.field(t, "flagged", span.clone(), what, &unknown, |r, k, v| {
                r.boolean(k, v)
            });
            let format = t.get("format").and_then(|v| {
                let name = self.text("format", v)?;
                if name.parse::<crate::Format>().is_ok() {
                    return Some(name);
                }
                let hint = did_you_mean(&name, ["plain", "markdown", "email"]);
                self.error(
                    v.span(),
                    format!("`{name}` is not a format{hint}; use `plain`, `markdown` or `email`"),
                );
                None
            });
            let after_days = t
                .get("after-days")
                .and_then(|v| self.count("after-days", v));
            if let (Some(text), Some(flagged)) = (text, flagged) {
                out.push(Spanned::new(
                    span,
                    Example {
                        text,
                        flagged,
                        format,
                        after_days,
                    },
                ));
            }
        }
        out
    }
}

/// A parameter's value as TOML, for [`super::Params::set`], which says what each one
/// takes. A list, table or date is none of what any parameter takes.
fn scalar(value: &DeValue<'_>) -> toml::Value {
    match value {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_or_else(|_| toml::Value::Array(Vec::new()), toml::Value::Integer),
        DeValue::Float(f) => f
            .as_str()
            .parse()
            .map_or_else(|_| toml::Value::Array(Vec::new()), toml::Value::Float),
        DeValue::Boolean(b) => toml::Value::Boolean(*b),
        DeValue::Datetime(_) | DeValue::Array(_) | DeValue::Table(_) => {
            toml::Value::Array(Vec::new())
        }
    }
}
