//! "Did you mean …?" for names a writer mistyped: rule ids, keys, parameters.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// `" (did you mean `x`?)"` or nothing, ready to append to a message.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"))
}

/// Names in backticks, comma-separated: "`a`, `b`".
pub fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_names() {
        let ids = ["pressure", "pathos", "excuse"];
        assert_eq!(closest("presure", ids), Some("pressure"));
        assert_eq!(closest("patos", ids), Some("pathos"));
        assert_eq!(closest("blame", ids), None);
        assert_eq!(did_you_mean("excuses", ids), " (did you mean `excuse`?)");
    }
}
