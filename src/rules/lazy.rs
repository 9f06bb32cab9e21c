//! Patterns compiled when first needed. Compiling the built-in pack's hundreds of
//! patterns is most of a cold start; with the prefilter, a short letter needs only the
//! patterns whose words it contains, so the rest are never compiled.

use std::sync::{Arc, OnceLock};

use regex_automata::meta::{BuildError, Config, Regex};
use regex_automata::util::syntax;

/// Compiles a pack pattern: case-insensitive, and without the literal prefilter the
/// engine would otherwise build for it. The pack's own prefilter (`engine::scan`) has
/// already ruled out sentences that lack a pattern's words, and patterns run on one
/// sentence at a time, so that second prefilter would cost 40% of compile time and save
/// nothing.
#[allow(
    clippy::result_large_err,
    reason = "once per pattern, and the error goes straight into a message"
)]
pub fn build(source: &str) -> Result<Regex, BuildError> {
    Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(true))
        .configure(Config::new().auto_prefilter(false))
        .build(source)
}

/// A case-insensitive regex, compiled now or on first use. Clones share the compiled
/// form, so a pattern is compiled at most once per process.
#[derive(Debug, Clone)]
pub struct LazyRegex(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// An already compiled regex and its source.
    pub fn compiled(source: String, regex: Regex) -> Self {
        LazyRegex(Arc::new(Inner {
            source,
            compiled: OnceLock::from(Some(regex)),
        }))
    }

    /// A regex compiled on first use. `source` must already have been checked for syntax
    /// errors; should compiling still fail (a size limit), the pattern never matches and
    /// the failure is logged once.
    pub fn deferred(source: String) -> Self {
        LazyRegex(Arc::new(Inner {
            source,
            compiled: OnceLock::new(),
        }))
    }

    pub fn get(&self) -> Option<&Regex> {
        self.0
            .compiled
            .get_or_init(|| {
                build(&self.0.source)
                    .map_err(|e| tracing::error!("a built-in pattern failed to compile: {e}"))
                    .ok()
            })
            .as_ref()
    }

    /// Whether the regex has been compiled (or has failed to).
    pub fn is_compiled(&self) -> bool {
        self.0.compiled.get().is_some()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|r| r.is_match(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0.source
    }
}
