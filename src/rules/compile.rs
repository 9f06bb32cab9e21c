//! Compiling a parsed rule file into a [`Rule`], checking everything a regex engine or a
//! TOML parser would not: ids, which parameters belong to which kind, placeholders.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::phrase::{Env, Phrase, PhraseIndex};
use super::schema::RuleFile;
use super::{
    Context, FileError, Find, Kind, LazyRegex, Matcher, Params, Pattern, Rule, placeholders,
};
use crate::suggest::did_you_mean;

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
                let hint = did_you_mean(&format!("{{{name}}}"), placeholders::list());
                self.error(
                    pattern.span(),
                    format!(
                        "unknown placeholder `{{{name}}}`{hint}; the placeholders are {}",
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

    /// A phrase (see `rules::phrase`), compiled against the context's lexicon and partner.
    pub fn phrase(&self, phrase: &Spanned<String>) -> Result<Arc<Phrase>, FileError> {
        let env = Env {
            lexicon: &self.cx.lexicon,
            partner: self.cx.partner.as_deref(),
            classes: &self.cx.classes,
        };
        Phrase::new(phrase.get_ref(), &env)
            .map(Arc::new)
            .map_err(|detail| {
                self.error(
                    phrase.span(),
                    format!("invalid phrase {:?}: {detail}", phrase.get_ref()),
                )
            })
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

/// Compiles one rule file, or returns every problem in it, in file order.
pub fn compile_rule(
    origin: &str,
    stem: Option<&str>,
    source: &str,
    cx: &Context,
) -> Result<Rule, Vec<FileError>> {
    let (file, mut errors) = super::read::read(origin, source)?;
    let pc = PatternCompiler { origin, source, cx };
    if let Some(id) = &file.id {
        check_id(&pc, id, stem, &mut errors);
    }
    let mut params = Params::default();
    // Which parameters and lists belong to a rule depends on its kind: a file whose kind
    // is missing or wrong is judged on the rest.
    if let Some(kind) = file.kind {
        check_shape(&pc, &file, kind, &mut errors);
        for (name, span, value) in &file.params {
            if let Err(m) = params.set(kind, name, value) {
                errors.push(pc.error(span.clone(), m));
            }
        }
    }
    let whole_words = file.whole_words.unwrap_or(true);
    let unless: Vec<LazyRegex> = file
        .unless
        .iter()
        .filter_map(|p| keep(&mut errors, pc.regex(p, whole_words)))
        .collect();
    let mut except: Vec<Arc<Phrase>> = file
        .except
        .iter()
        .filter_map(|p| keep(&mut errors, pc.phrase(p)))
        .collect();
    let except_next: Vec<Arc<Phrase>> = file
        .except_next
        .iter()
        .filter_map(|p| keep(&mut errors, pc.phrase(p)))
        .collect();
    let mut matchers =
        Vec::with_capacity(file.phrases.len() + file.patterns.len() + file.swaps.len());
    for entry in &file.phrases {
        let phrase = Spanned::new(entry.span(), entry.get_ref().pattern.clone());
        if let Some(compiled) = keep(&mut errors, pc.phrase(&phrase)) {
            matchers.push(Matcher::plain(
                Find::Phrase(compiled),
                entry.get_ref().message.clone(),
            ));
        }
    }
    for entry in &file.patterns {
        let pattern = Spanned::new(entry.span(), entry.get_ref().pattern.clone());
        if let Some(compiled) = keep(&mut errors, pc.pattern(&pattern, whole_words)) {
            matchers.push(Matcher::plain(
                Find::Regex(compiled),
                entry.get_ref().message.clone(),
            ));
        }
    }
    for name in &file.roles {
        let role =
            super::roles::role_finds(name.get_ref(), cx).map_err(|m| pc.error(name.span(), m));
        if let Some(role) = keep(&mut errors, role) {
            matchers.extend(role.finds.into_iter().map(|f| Matcher::plain(f, None)));
            // What rules a sentence out of the role rules it out for the rule too.
            except.extend(role.except);
        }
    }
    for swap in &file.swaps {
        let swap = swap.get_ref();
        if let Some(pattern) = keep(&mut errors, pc.pattern(&swap.pattern, whole_words)) {
            matchers.push(Matcher::swap(
                Find::Regex(pattern),
                swap.replacement.clone(),
                swap.title.clone(),
                swap.safe,
            ));
        }
    }
    let (Some(id), Some(level), Some(kind), Some(message), Some(explanation), true) = (
        file.id,
        file.level,
        file.kind,
        file.message,
        file.explanation,
        errors.is_empty(),
    ) else {
        if errors.is_empty() {
            // Every key that is missing or wrong has its error; this is a safety net.
            errors.push(FileError::whole_file(
                origin,
                "this rule file is incomplete",
            ));
        }
        FileError::sort(&mut errors);
        return Err(errors);
    };
    let id = id.into_inner();
    let phrase_index =
        PhraseIndex::new(
            matchers
                .iter()
                .enumerate()
                .filter_map(|(i, m)| match &m.find {
                    Find::Phrase(p) => Some((i, &**p)),
                    Find::Regex(_) => None,
                }),
        );
    Ok(Rule {
        id: Arc::from(id.as_str()),
        level,
        kind,
        message,
        explanation,
        summary: file.summary.unwrap_or_default(),
        matchers,
        phrase_index,
        unless,
        except,
        except_next,
        params,
        examples: file.examples.into_iter().map(Spanned::into_inner).collect(),
        origin: origin.to_string(),
        enabled: true,
        allow: Vec::new(),
        allow_regex: None,
        default_level: level,
        changes: Vec::new(),
        whole_words,
        negation: file.negation.unwrap_or_default(),
        unless_scope: file.unless_scope.unwrap_or_default(),
        quoted: file.quoted.unwrap_or_default(),
        applies_to: file.applies_to,
        family: file.family.unwrap_or_default(),
        weights: origin
            .starts_with(BUILTIN_PREFIX)
            .then(|| super::learned::Model::builtin().index_of(&id))
            .flatten(),
    })
}

/// What compiled, or nothing with its error kept.
fn keep<T>(errors: &mut Vec<FileError>, result: Result<T, FileError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// A rule id is lowercase letters, digits and dashes, and the file is named after it.
fn check_id(
    pc: &PatternCompiler<'_>,
    id: &Spanned<String>,
    stem: Option<&str>,
    errors: &mut Vec<FileError>,
) {
    let name = id.get_ref();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push(pc.error(
            id.span(),
            format!("rule id `{name}` must be lowercase letters, digits and dashes"),
        ));
    } else if let Some(stem) = stem.filter(|s| s != name) {
        errors.push(pc.error(
            id.span(),
            format!("rule id `{name}` must match its file name `{stem}.toml`"),
        ));
    }
}

/// Each kind has the patterns it needs, and only those.
fn check_shape(pc: &PatternCompiler<'_>, file: &RuleFile, kind: Kind, errors: &mut Vec<FileError>) {
    if let Some(swap) = file.swaps.first().filter(|_| kind != Kind::Swap) {
        errors.push(pc.error(
            swap.span(),
            format!(
                "[[swaps]] belong to `swap` rules; this is a `{}` rule",
                kind.name()
            ),
        ));
    }
    // Series rules are tried on a follow-up dated some days after the letter: each example
    // says how many, and only theirs may.
    for (i, example) in file.examples.iter().enumerate() {
        if example.get_ref().after_days.is_some() == kind.is_series() {
            continue;
        }
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
        errors.push(pc.error(example.span(), message));
    }
    let matches_words = [
        "patterns",
        "phrases",
        "roles",
        "unless",
        "except",
        "except-next",
    ];
    if kind == Kind::Gap && matches_words.iter().any(|k| file.lists(k)) {
        errors.push(FileError::whole_file(
            pc.origin,
            "a `gap` rule looks only at dates: it takes no `patterns`, `phrases`, `roles`, `unless`, `except` or `except-next`",
        ));
    }
    if kind == Kind::Require {
        let excusing = file
            .unless
            .iter()
            .chain(&file.except)
            .chain(&file.except_next);
        if let Some(first) = excusing.min_by_key(|s| s.span().start) {
            errors.push(pc.error(
                first.span(),
                "`unless`, `except` and `except-next` are not used by `require` rules",
            ));
        }
    }
    match kind {
        Kind::Swap if !file.lists("swaps") => errors.push(FileError::whole_file(
            pc.origin,
            "a `swap` rule needs at least one [[swaps]] entry with a pattern and a replacement",
        )),
        // Phrases may stand beside the swaps: they flag what no swap can rewrite.
        Kind::Swap if !file.patterns.is_empty() => errors.push(pc.error(
            file.patterns[0].span(),
            "a `swap` rule lists its patterns in [[swaps]] entries, each with a replacement; `phrases` may flag without one",
        )),
        Kind::Pattern | Kind::Limit | Kind::Share | Kind::Require | Kind::Revisit
            if !file.lists("patterns") && !file.lists("phrases") && !file.lists("roles") =>
        {
            errors.push(FileError::whole_file(
                pc.origin,
                format!(
                    "a `{}` rule needs at least one entry in `phrases`, `patterns` or `roles`",
                    kind.name()
                ),
            ))
        }
        _ => {}
    }
}
