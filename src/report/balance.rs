//! How a letter's sentences divide between the parts the guidance cares about: explaining
//! the need behind the act, apologising, retelling the wrong, making amends, pressing,
//! closing. The HTML report draws it as a bar, so a letter that is mostly retelling shows
//! at a glance.

use std::ops::Range;

use crate::Finding;
use crate::rules::{Family, Role};

/// The part a sentence plays, as the balance bar counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Explains,
    Apologises,
    Retells,
    Amends,
    Presses,
    Closes,
    Other,
}

impl Part {
    /// In the order the bar draws them: the letter's arc, from explaining to closing.
    pub const ALL: [Part; 7] = [
        Part::Explains,
        Part::Apologises,
        Part::Retells,
        Part::Amends,
        Part::Presses,
        Part::Closes,
        Part::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Part::Explains => "explains",
            Part::Apologises => "apologises",
            Part::Retells => "retells",
            Part::Amends => "amends",
            Part::Presses => "presses",
            Part::Closes => "closes",
            Part::Other => "other",
        }
    }

    /// What the legend says.
    pub fn label(self) -> &'static str {
        match self {
            Part::Explains => "explains what was going on in you",
            Part::Apologises => "apologises",
            Part::Retells => "retells what happened",
            Part::Amends => "makes amends",
            Part::Presses => "asks or presses",
            Part::Closes => "leaves the door open",
            Part::Other => "everything else",
        }
    }

    /// The part a sentence with `role` plays, unless a pressure finding lies in it: a
    /// sentence that pushes is counted as pushing whatever else it does, since that is
    /// what the reader will feel.
    fn of(role: Role, pressed: bool) -> Part {
        if pressed {
            return Part::Presses;
        }
        match role {
            Role::Explains => Part::Explains,
            Role::Apologises => Part::Apologises,
            Role::Retells => Part::Retells,
            Role::Amends => Part::Amends,
            Role::Asks => Part::Presses,
            Role::Closes => Part::Closes,
            Role::Other => Part::Other,
        }
    }
}

/// One letter's balance: how many sentences play each part, and each part's whole-number
/// percentage (they always add up to 100 when there is at least one sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub sentences: usize,
    /// `(part, sentences, percent)` for every part, in [`Part::ALL`] order.
    pub parts: Vec<(Part, usize, u32)>,
}

impl Balance {
    /// The balance of a letter whose sentences (`spans`, in the same text as the
    /// findings' spans) have `roles`. `family_of` says which family a finding's rule is in.
    pub fn of(
        spans: &[Range<usize>],
        roles: &[Role],
        findings: &[Finding],
        family_of: impl Fn(&str) -> Family,
    ) -> Balance {
        // Sentences come in text order, so the ones a finding overlaps are found by
        // binary search rather than by pairing every sentence with every finding.
        let mut pressed = vec![false; spans.len()];
        for f in findings
            .iter()
            .filter(|f| family_of(&f.rule) == Family::Pressure)
        {
            let first = spans.partition_point(|s| s.end <= f.span.start);
            for (i, s) in spans.iter().enumerate().skip(first) {
                if s.start >= f.span.end {
                    break;
                }
                pressed[i] = true;
            }
        }
        let mut counts = [0usize; Part::ALL.len()];
        for ((role, pressed), _) in roles.iter().zip(&pressed).zip(spans) {
            counts[Part::of(*role, *pressed) as usize] += 1;
        }
        let sentences = counts.iter().sum();
        let percents = whole_percents(&counts);
        Balance {
            sentences,
            parts: Part::ALL
                .iter()
                .zip(counts)
                .zip(percents)
                .map(|((part, n), p)| (*part, n, p))
                .collect(),
        }
    }

    /// The share of `part`, in percent.
    pub fn percent(&self, part: Part) -> u32 {
        self.parts
            .iter()
            .find(|(p, _, _)| *p == part)
            .map_or(0, |(_, _, pct)| *pct)
    }
}

/// Whole-number percentages of `counts` that add up to exactly 100 (largest remainder:
/// each share is rounded down, and the points left go to the largest remainders), or all
/// zero when there is nothing to count.
pub fn whole_percents(counts: &[usize]) -> Vec<u32> {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut out: Vec<u32> = counts
        .iter()
        .map(|&n| u32::try_from(n * 100 / total).unwrap_or(100))
        .collect();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    // Largest remainder first; ties to the earlier part, so the result is stable.
    order.sort_by_key(|&i| (std::cmp::Reverse(counts[i] * 100 % total), i));
    let given: u32 = out.iter().sum();
    for &i in order.iter().take(100usize.saturating_sub(given as usize)) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Level;
    use std::sync::Arc;

    #[test]
    fn percentages_always_add_up_to_one_hundred() {
        for counts in [
            vec![1, 1, 1],
            vec![2, 1, 0, 0, 4, 0, 7],
            vec![1; 7],
            vec![0, 0, 5],
            vec![13, 29, 3, 1, 1, 1, 9],
        ] {
            let p = whole_percents(&counts);
            assert_eq!(p.iter().sum::<u32>(), 100, "{counts:?} -> {p:?}");
            for (n, pct) in counts.iter().zip(&p) {
                let exact = *n as f64 * 100.0 / counts.iter().sum::<usize>() as f64;
                assert!((f64::from(*pct) - exact).abs() < 1.0, "{counts:?} -> {p:?}");
            }
        }
        assert_eq!(whole_percents(&[0, 0]), [0, 0]);
    }

    #[test]
    fn a_pressure_finding_makes_its_sentence_count_as_pressing() {
        let spans = [0..10, 10..20, 20..30];
        let roles = [Role::Closes, Role::Explains, Role::Explains];
        let finding = |rule: &str, span: Range<usize>| Finding {
            rule: Arc::from(rule),
            level: Level::Warning,
            span,
            message: String::new(),
            fixes: Vec::new(),
        };
        let findings = [finding("pressure", 2..5), finding("pathos", 12..14)];
        let family = |id: &str| match id {
            "pressure" => Family::Pressure,
            _ => Family::SelfPity,
        };
        let b = Balance::of(&spans, &roles, &findings, family);
        assert_eq!(b.sentences, 3);
        assert_eq!(b.percent(Part::Presses), 33);
        assert_eq!(b.percent(Part::Explains), 67);
        assert_eq!(b.percent(Part::Closes), 0);
    }
}
