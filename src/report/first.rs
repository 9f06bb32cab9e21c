//! What a writer should read first: the few findings to fix before the rest, and the
//! "why it matters" of a rule in a sentence or two. Shared by the HTML report's summary
//! and the writing page (`amends write`), so both put the same things at the top.

use crate::Finding;
use crate::rules::Family;

/// How many findings "fix these first" names: enough to start on, few enough to read.
pub const FIRST_FEW: usize = 3;

/// The findings to fix first, each rule once: anything about the writer's safety before
/// all else, then the most serious level, then the families in the order the guidance
/// weighs them (blame, pressure, non-apology, …), then the order given. `K` is whatever
/// the caller needs to find a finding again (its index, or its file and index).
pub fn fix_first<'a, K: Copy + Ord>(
    items: impl IntoIterator<Item = (K, &'a Finding)>,
    family_of: impl Fn(&str) -> Family,
) -> Vec<(K, &'a Finding)> {
    let mut order: Vec<(K, &Finding)> = items.into_iter().collect();
    order.sort_by_key(|(key, f)| {
        let family = family_of(&f.rule);
        (
            family != Family::Safety,
            std::cmp::Reverse(f.level),
            family_rank(family),
            *key,
        )
    });
    let mut first: Vec<(K, &Finding)> = Vec::new();
    for item in order {
        if first.len() == FIRST_FEW {
            break;
        }
        if !first.iter().any(|(_, f)| f.rule == item.1.rule) {
            first.push(item);
        }
    }
    first
}

/// The families from the one that does most harm to a letter to the one that does least.
fn family_rank(family: Family) -> usize {
    match family {
        Family::Safety => 0,
        Family::Blame => 1,
        Family::Pressure => 2,
        Family::NonApology => 3,
        Family::Rushing => 4,
        Family::SelfPity => 5,
        Family::Dwelling => 6,
        Family::Structure => 7,
        Family::Pacing => 8,
        Family::Other => 9,
    }
}

/// The "why it matters" paragraph of a rule's explanation, as plain text: short enough
/// for a tooltip, and the part a writer most needs. Falls back to the first paragraph.
pub fn why_it_matters(explanation: &str) -> Option<String> {
    let paragraphs: Vec<&str> = explanation
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let chosen = paragraphs
        .iter()
        .find(|p| p.starts_with("**Why it matters"))
        .or(paragraphs.first())?;
    let plain = chosen.replace("**", "").replace('`', "");
    let plain = plain
        .strip_prefix("Why it matters.")
        .unwrap_or(&plain)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!plain.is_empty()).then_some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Level;

    fn finding(rule: &str, level: Level) -> Finding {
        Finding {
            rule: rule.into(),
            level,
            span: 0..1,
            message: String::new(),
            fixes: Vec::new(),
        }
    }

    fn family(rule: &str) -> Family {
        match rule {
            "self-harm" => Family::Safety,
            "blame-shifting" => Family::Blame,
            "pressure" => Family::Pressure,
            _ => Family::Other,
        }
    }

    #[test]
    fn safety_comes_first_then_level_then_family_and_each_rule_once() {
        let findings = [
            finding("pathos", Level::Error),
            finding("pressure", Level::Warning),
            finding("blame-shifting", Level::Warning),
            finding("blame-shifting", Level::Warning),
            finding("self-harm", Level::Hint),
        ];
        let first = fix_first(findings.iter().enumerate(), family);
        let keys: Vec<usize> = first.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, [4, 0, 2]);
    }

    #[test]
    fn why_it_matters_is_the_paragraph_so_named_as_plain_text() {
        let explanation = "What it is.\n\n**Why it matters.** It puts `the weight`\non them.";
        assert_eq!(
            why_it_matters(explanation).as_deref(),
            Some("It puts the weight on them.")
        );
        assert_eq!(why_it_matters("Only this.").as_deref(), Some("Only this."));
        assert_eq!(why_it_matters("\n\n"), None);
    }
}
