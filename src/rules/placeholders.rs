//! Placeholders rule authors write instead of spelling out every way a word is typed.
//! `{you}` becomes `(?:you|u)`, so one pattern covers "you made me" and "u made me".

use std::borrow::Cow;

/// `(name, expansion)`; expansions are non-capturing groups so they never shift `$1`.
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("you", r"(?:you|u)"),
    ("your", r"(?:your|ur|yr)"),
    ("youre", r"(?:you'?re|you\s+are|u\s+r|u\s+are|ur)"),
    ("im", r"(?:i'?m|i\s+am)"),
];

/// Every placeholder as written in a pattern: `{you}`, `{your}`, …
pub fn list() -> impl Iterator<Item = &'static str> {
    ["{you}", "{your}", "{youre}", "{im}"].into_iter()
}

/// Names of every placeholder, for error messages.
pub fn names() -> String {
    list().collect::<Vec<_>>().join(", ")
}

/// The expansion of a placeholder, with the partner's name added where a rule means "you".
fn expansion(name: &str, partner: Option<&str>) -> Option<String> {
    let (_, base) = PLACEHOLDERS.iter().find(|(n, _)| *n == name)?;
    let Some(partner) = partner.map(str::trim).filter(|p| !p.is_empty()) else {
        return Some((*base).to_string());
    };
    let p = regex::escape(partner);
    let extra = match name {
        "you" => p,
        "your" => format!("{p}'?s"),
        "youre" => format!(r"{p}\s+is"),
        _ => return Some((*base).to_string()),
    };
    // Every expansion is `(?:…)`: put the name inside the group.
    Some(format!("{}|{extra})", &base[..base.len() - 1]))
}

/// Expands `{name}` placeholders. A `{` followed by a digit or comma is regex repetition
/// and left alone; any other `{word}` must be a known placeholder, or its name is the error.
pub fn expand<'a>(pattern: &'a str, partner: Option<&str>) -> Result<Cow<'a, str>, String> {
    if !pattern.contains('{') {
        return Ok(Cow::Borrowed(pattern));
    }
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let escaped = open > 0 && rest.as_bytes()[open - 1] == b'\\';
        let after = &rest[open + 1..];
        let name_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphabetic() || *b == b'-')
            .count();
        let is_placeholder =
            !escaped && name_len > 0 && after.as_bytes().get(name_len) == Some(&b'}');
        // `\b{start-half}` and friends are regex syntax, not placeholders.
        let is_regex_boundary = open > 0 && rest[..open].ends_with("\\b");
        if !is_placeholder || is_regex_boundary {
            out.push_str(&rest[..=open]);
            rest = after;
            continue;
        }
        let name = &after[..name_len];
        let Some(expansion) = expansion(name, partner) else {
            return Err(name.to_string());
        };
        out.push_str(&rest[..open]);
        out.push_str(&expansion);
        let consumed = open + 1 + name_len + 1;
        rest = &rest[consumed..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_names_every_placeholder() {
        let listed: Vec<String> = PLACEHOLDERS
            .iter()
            .map(|(n, _)| format!("{{{n}}}"))
            .collect();
        assert_eq!(list().collect::<Vec<_>>(), listed);
    }

    #[test]
    fn placeholders_expand_and_regex_braces_stay() {
        assert_eq!(expand("{you} made me", None).unwrap(), "(?:you|u) made me");
        assert_eq!(expand(r"a{2,3} \{you}", None).unwrap(), r"a{2,3} \{you}");
        assert_eq!(
            expand(r"\b{start-half}x", None).unwrap(),
            r"\b{start-half}x"
        );
        assert_eq!(expand("so {they} made", None).unwrap_err(), "they");
    }

    #[test]
    fn the_partner_is_matched_where_a_rule_means_you() {
        assert_eq!(
            expand("{you} made me", Some("Jo Ann")).unwrap(),
            "(?:you|u|Jo Ann) made me"
        );
        assert_eq!(
            expand("{your} fault", Some("Sam")).unwrap(),
            "(?:your|ur|yr|Sam'?s) fault"
        );
        assert_eq!(
            expand("{im}", Some("Sam")).unwrap(),
            expand("{im}", None).unwrap()
        );
    }
}
