//! Patterns compiled when first needed. Compiling the built-in pack's hundreds of
//! patterns is most of a cold start; with the prefilter, a short letter needs only the
//! patterns whose words it contains, so the rest are never compiled.

use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexBuilder};

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
    /// An already compiled regex.
    pub fn compiled(regex: Regex) -> Self {
        LazyRegex(Arc::new(Inner {
            source: regex.as_str().to_string(),
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
                RegexBuilder::new(&self.0.source)
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| tracing::error!("a built-in pattern failed to compile: {e}"))
                    .ok()
            })
            .as_ref()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|r| r.is_match(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0.source
    }
}
