//! "Did you mean …?" for names a writer mistyped: rule ids, keys, parameters, levels.

/// The candidate closest to `word`, if it is close enough to be a likely typo: the fewest
/// edits, and among candidates as few edits away, the one that starts most like `word`
/// (`of` is `off` cut short more likely than `on` mistyped). A word of three letters or
/// more that begins a candidate counts as close however much is left off (`warn`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|&(d, c)| d <= limit || (word.chars().count() >= 3 && c.starts_with(word)))
        .min_by_key(|&(d, c)| (d, std::cmp::Reverse(common_prefix(word, c))))
        .map(|(_, c)| c)
}

/// How many leading characters `a` and `b` share.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
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

    #[test]
    fn among_names_as_many_edits_away_the_one_that_starts_alike_wins() {
        let states = ["error", "warning", "info", "hint", "on", "off"];
        assert_eq!(closest("of", states), Some("off"));
        assert_eq!(closest("onn", states), Some("on"));
        assert_eq!(closest("offf", states), Some("off"));
        assert_eq!(closest("eror", states), Some("error"));
        assert_eq!(closest("warn", states), Some("warning"));
        assert_eq!(closest("loud", states), None);
        assert_eq!(
            closest("blame", ["blame-shifting", "pathos"]),
            Some("blame-shifting")
        );
    }
}
