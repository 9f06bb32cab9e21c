//! Compiling a parsed rule file into a [`Rule`], checking everything a regex engine or a
//! TOML parser would not: ids, which parameters belong to which kind, placeholders.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::schema::RuleFile;
use super::{Context, FileError, Kind, LazyRegex, Matcher, Params, Pattern, Rule, placeholders};

/// The origin of every rule and role file built into the binary.
pub const BUILTIN_PREFIX: &str = "built-in:";

/// Compiles patterns written in one file, locating any error in that file. Used for rule
/// files and for patterns a configuration layer adds to a rule.
pub struct PatternCompiler<'a> {
    pub origin: &'a str,
    pub source: &'a str,
    pub cx: &'a Context,
}

impl PatternCompiler<'_> {
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> FileError {
        if self.source.is_empty() {
            FileError::whole_file(self.origin, message)
        } else {
            FileError::at(self.origin, self.source, span.start, message)
        }
    }

    /// A pattern for `unless`: compiled like [`PatternCompiler::pattern`] (built-in ones
    /// on first use), without the prefilter's words, since it only runs on sentences a
    /// rule's pattern already matched.
    pub fn regex(
        &self,
        pattern: &Spanned<String>,
        whole_words: bool,
    ) -> Result<LazyRegex, FileError> {
        Ok(self.compile(pattern, whole_words, false)?.regex)
    }

    /// The pattern compiled, with the words its matches require (for the prefilter).
    pub fn pattern(
        &self,
        pattern: &Spanned<String>,
        whole_words: bool,
    ) -> Result<Pattern, FileError> {
        self.compile(pattern, whole_words, true)
    }

    /// Expands and compiles a pattern; finds its required words only when asked, since
    /// that parses it once more (a built-in `unless` pattern is then not parsed at all
    /// until it is first used; the tests compile every one).
    fn compile(
        &self,
        pattern: &Spanned<String>,
        whole_words: bool,
        find_required: bool,
    ) -> Result<Pattern, FileError> {
        let expanded = placeholders::expand(pattern.get_ref(), self.cx.partner.as_deref())
            .map_err(|name| {
                self.error(
                    pattern.span(),
                    format!(
                        "unknown placeholder `{{{name}}}` (known: {})",
                        placeholders::names()
                    ),
                )
            })?;
        let expanded = narrow_word_class(&expanded);
        let full = if whole_words {
            format!(r"\b{{start-half}}(?:{expanded})\b{{end-half}}")
        } else {
            expanded
        };
        let error = |detail: String| {
            self.error(
                pattern.span(),
                format!("invalid pattern {:?}: {detail}", pattern.get_ref()),
            )
        };
        // Built-in patterns are compiled on first use (the tests compile every one);
        // anyone else's now, so a pattern too large to compile is reported at once.
        let required = if find_required {
            super::required_literals(&full)
                .map_err(|e| error(last_line(&e)))?
                .map(Arc::from)
        } else {
            None
        };
        if self.origin.starts_with(BUILTIN_PREFIX) {
            return Ok(Pattern {
                regex: LazyRegex::deferred(full),
                required,
            });
        }
        match super::lazy::build(&full) {
            Ok(regex) => Ok(Pattern {
                regex: LazyRegex::compiled(full, regex),
                required,
            }),
            Err(e) => Err(error(match (e.syntax_error(), e.size_limit()) {
                (Some(syntax), _) => last_line(&syntax.to_string()),
                (None, Some(limit)) => format!(
                    "it is too large to compile (over {} MB once its repetitions are \
                     spelled out); use smaller counts such as {{0,20}} or fewer alternatives",
                    limit / (1024 * 1024)
                ),
                (None, None) => e.to_string(),
            })),
        }
    }

    pub fn regexes(
        &self,
        patterns: &[Spanned<String>],
        whole_words: bool,
    ) -> Result<Vec<LazyRegex>, FileError> {
        patterns
            .iter()
            .map(|p| self.regex(p, whole_words))
            .collect()
    }

    pub fn patterns(
        &self,
        patterns: &[Spanned<String>],
        whole_words: bool,
    ) -> Result<Vec<Pattern>, FileError> {
        patterns
            .iter()
            .map(|p| self.pattern(p, whole_words))
            .collect()
    }
}

/// The letters `\w` stands for in patterns: ASCII and the Latin letters with accents.
/// The full Unicode class makes every `[\w\s']{1,50}` an automaton of tens of thousands
/// of states, which costs more to compile and hold than everything else together; letters
/// in other scripts are not words these (English) rules look for.
const WORD: &str = r"[0-9A-Za-z_\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}]";

/// `pattern` with each `\w` replaced by [`WORD`] (an escaped backslash is left alone).
fn narrow_word_class(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('w') => out.push_str(WORD),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The last line of a regex error, where the reason is (the lines above repeat the
/// pattern, which the caller's message already quotes).
fn last_line(message: &str) -> String {
    message
        .lines()
        .last()
        .unwrap_or(message)
        .trim_start_matches("error: ")
        .to_string()
}

pub fn compile_rule(
    origin: &str,
    stem: Option<&str>,
    source: &str,
    cx: &Context,
) -> Result<Rule, FileError> {
    let file: RuleFile = toml::from_str(source).map_err(|e| match e.span() {
        Some(span) => FileError::at(origin, source, span.start, e.message().trim()),
        None => FileError::whole_file(origin, e.message().trim()),
    })?;
    let pc = PatternCompiler { origin, source, cx };
    let id = file.id.get_ref();
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(pc.error(
            file.id.span(),
            format!("rule id `{id}` must be lowercase letters, digits and dashes"),
        ));
    }
    if let Some(stem) = stem.filter(|s| s != id) {
        return Err(pc.error(
            file.id.span(),
            format!("rule id `{id}` must match its file name `{stem}.toml`"),
        ));
    }
    check_shape(&pc, &file)?;
    let mut params = Params::default();
    for (name, span, value) in given_params(&file) {
        params
            .set(file.kind, name, &value)
            .map_err(|m| pc.error(span, m))?;
    }
    let whole_words = file.whole_words.unwrap_or(true);
    let unless = pc.regexes(&file.unless, whole_words)?;
    let mut matchers = Vec::with_capacity(file.patterns.len() + file.swaps.len());
    for entry in &file.patterns {
        let pattern = Spanned::new(entry.span(), entry.get_ref().pattern.clone());
        let Pattern { regex, required } = pc.pattern(&pattern, whole_words)?;
        matchers.push(Matcher {
            regex,
            required,
            replacement: None,
            title: None,
            safe: false,
            message: entry.get_ref().message.clone(),
        });
    }
    for name in &file.roles {
        let regexes = super::roles::role_patterns(name.get_ref(), cx)
            .map_err(|m| pc.error(name.span(), m))?;
        matchers.extend(
            regexes
                .into_iter()
                .map(|Pattern { regex, required }| Matcher {
                    regex,
                    required,
                    replacement: None,
                    title: None,
                    safe: false,
                    message: None,
                }),
        );
    }
    for swap in &file.swaps {
        let swap = swap.get_ref();
        let Pattern { regex, required } = pc.pattern(&swap.pattern, whole_words)?;
        matchers.push(Matcher {
            regex,
            required,
            replacement: Some(swap.replacement.clone()),
            title: swap.title.clone(),
            safe: swap.safe,
            message: None,
        });
    }
    if let Some(bad) = file
        .examples
        .iter()
        .filter_map(|e| e.format.as_deref())
        .find(|f| f.parse::<crate::Format>().is_err())
    {
        return Err(FileError::whole_file(
            origin,
            format!("example format `{bad}` is not one of plain, markdown, email"),
        ));
    }
    Ok(Rule {
        id: Arc::from(id.as_str()),
        level: file.level,
        kind: file.kind,
        message: file.message,
        explanation: file.explanation,
        matchers,
        unless,
        params,
        examples: file.examples,
        origin: origin.to_string(),
        enabled: true,
        allow: Vec::new(),
        allow_regex: None,
        default_level: file.level,
        changes: Vec::new(),
        whole_words,
        negation: file.negation.unwrap_or_default(),
        unless_scope: file.unless_scope.unwrap_or_default(),
        quoted: file.quoted.unwrap_or_default(),
        applies_to: file.applies_to,
        family: file.family.unwrap_or_default(),
    })
}

/// The parameters a rule file sets, as `(name, where, value)`, so they go through the
/// same checks as parameters set by configuration.
fn given_params(file: &RuleFile) -> Vec<(&'static str, Range<usize>, toml::Value)> {
    let int = |v: &Spanned<u32>| (v.span(), toml::Value::Integer(i64::from(*v.get_ref())));
    let mut out = Vec::new();
    let mut push = |name, given: Option<(Range<usize>, toml::Value)>| {
        if let Some((span, value)) = given {
            out.push((name, span, value));
        }
    };
    push("max", file.max.as_ref().map(int));
    push(
        "max-share",
        file.max_share
            .as_ref()
            .map(|v| (v.span(), toml::Value::Float(*v.get_ref()))),
    );
    push("min-sentences", file.min_sentences.as_ref().map(int));
    push("window", file.window.as_ref().map(int));
    push("min-words", file.min_words.as_ref().map(int));
    push("min-gap-days", file.min_gap_days.as_ref().map(int));
    push(
        "revisit-after-days",
        file.revisit_after_days.as_ref().map(int),
    );
    push(
        "scope",
        file.scope
            .as_ref()
            .map(|v| (v.span(), toml::Value::String(v.get_ref().clone()))),
    );
    out
}

/// Each kind has the patterns it needs, and only those.
fn check_shape(pc: &PatternCompiler<'_>, file: &RuleFile) -> Result<(), FileError> {
    let kind = file.kind;
    if let Some(swap) = file.swaps.first().filter(|_| kind != Kind::Swap) {
        return Err(pc.error(
            swap.span(),
            format!(
                "[[swaps]] belong to `swap` rules; this is a `{}` rule",
                kind.name()
            ),
        ));
    }
    // Series rules are tried on a follow-up dated some days after the letter: each example
    // says how many, and only theirs may.
    if let Some(i) = file
        .examples
        .iter()
        .position(|e| e.after_days.is_some() != kind.is_series())
    {
        let message = if kind.is_series() {
            format!(
                "example {} needs `after-days`: a `{}` rule is tried on a follow-up dated that many days after the letter",
                i + 1,
                kind.name()
            )
        } else {
            format!(
                "example {}: `after-days` is only for series rules (`gap`, `revisit`)",
                i + 1
            )
        };
        return Err(FileError::whole_file(pc.origin, message));
    }
    if kind == Kind::Gap
        && !(file.patterns.is_empty() && file.roles.is_empty() && file.unless.is_empty())
    {
        return Err(FileError::whole_file(
            pc.origin,
            "a `gap` rule looks only at dates: it takes no `patterns`, `roles` or `unless`",
        ));
    }
    if kind == Kind::Require && !file.unless.is_empty() {
        return Err(pc.error(
            file.unless[0].span(),
            "`unless` is not used by `require` rules",
        ));
    }
    match kind {
        Kind::Swap if file.swaps.is_empty() => Err(FileError::whole_file(
            pc.origin,
            "a `swap` rule needs at least one [[swaps]] entry with a pattern and a replacement",
        )),
        Kind::Swap if !file.patterns.is_empty() => Err(pc.error(
            file.patterns[0].span(),
            "a `swap` rule lists its patterns in [[swaps]] entries, each with a replacement",
        )),
        Kind::Pattern | Kind::Limit | Kind::Share | Kind::Require | Kind::Revisit
            if file.patterns.is_empty() && file.roles.is_empty() =>
        {
            Err(FileError::whole_file(
                pc.origin,
                format!(
                    "a `{}` rule needs at least one entry in `patterns` or `roles`",
                    kind.name()
                ),
            ))
        }
        _ => Ok(()),
    }
}
