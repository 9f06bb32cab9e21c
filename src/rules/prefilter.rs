//! Required literals: for a pattern, a set of words one of which every match contains.
//!
//! The default pack holds hundreds of patterns and a sentence matches almost none of
//! them. One Aho–Corasick pass over the letter finds which of these words occur, and only
//! the patterns whose words occur are run at all (see `engine::scan`).

use regex_syntax::hir::{Class, Hir, HirKind};

/// More alternatives than this and a set stops being worth tracking.
const MAX_SET: usize = 64;

/// Lower-case ASCII strings, one of which occurs (ignoring ASCII case) in every match of
/// `pattern`; `Ok(None)` when no such set can be told (the pattern must always run). The
/// parse doubles as the pattern's syntax check, so an `Err` is a syntax error.
pub fn required_literals(pattern: &str) -> Result<Option<Vec<String>>, String> {
    // Parsed as written (case-sensitive): case-insensitive parsing turns every letter
    // into a class. The literals are then matched ignoring ASCII case, which is what
    // the case-insensitive regex does for them.
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    Ok(literals_of(&hir))
}

fn literals_of(hir: &Hir) -> Option<Vec<String>> {
    let set = required(hir)?;
    let set: Vec<String> = set
        .into_iter()
        .map(|s| String::from_utf8(s).ok().map(|s| s.to_ascii_lowercase()))
        .collect::<Option<_>>()?;
    // A literal with non-ASCII letters would need Unicode case folding to be found, and
    // a one-letter word ("I", "u") is in nearly every sentence: scanning for it costs
    // more than running the pattern.
    (!set.is_empty() && set.iter().all(|s| s.is_ascii() && s.len() >= 2)).then_some(set)
}

/// Every string `hir` can match, when that is a small finite set.
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty => Some(vec![Vec::new()]),
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Class(Class::Unicode(class)) => {
            let chars: usize = class
                .ranges()
                .iter()
                .map(|r| r.end() as usize - r.start() as usize + 1)
                .sum();
            if chars > 4 {
                return None;
            }
            Some(
                class
                    .ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .map(|c| c.to_string().into_bytes())
                    .collect(),
            )
        }
        HirKind::Capture(cap) => exact(&cap.sub),
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for alt in alts {
                out.extend(exact(alt)?);
                if out.len() > MAX_SET {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Repetition(rep) if rep.min == 0 && rep.max == Some(1) => {
            let mut out = exact(&rep.sub)?;
            out.push(Vec::new());
            Some(out)
        }
        HirKind::Concat(parts) => {
            let mut out = vec![Vec::new()];
            for part in parts {
                out = product(&out, &exact(part)?)?;
            }
            Some(out)
        }
        // Word boundaries and anchors match no text.
        HirKind::Look(_) => Some(vec![Vec::new()]),
        _ => None,
    }
}

fn product(left: &[Vec<u8>], right: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if left.len() * right.len() > MAX_SET {
        return None;
    }
    Some(
        left.iter()
            .flat_map(|l| right.iter().map(move |r| [l.as_slice(), r].concat()))
            .collect(),
    )
}

/// A set of strings one of which every match of `hir` contains.
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    if let Some(set) = exact(hir) {
        return usable(set);
    }
    match hir.kind() {
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Alternation(alts) => {
            let mut out = Vec::new();
            for alt in alts {
                out.extend(required(alt)?);
            }
            Some(out)
        }
        HirKind::Concat(parts) => {
            // Runs of parts with exact sets concatenate into longer words; every run and
            // every other part is a candidate, and the one with the longest shortest word
            // is the most selective.
            let mut candidates: Vec<Vec<Vec<u8>>> = Vec::new();
            let mut run: Option<Vec<Vec<u8>>> = Some(vec![Vec::new()]);
            for part in parts {
                match (exact(part), run.take()) {
                    (Some(set), Some(acc)) => run = product(&acc, &set),
                    (Some(set), None) => run = Some(set),
                    (None, acc) => {
                        candidates.extend(acc.and_then(usable));
                        candidates.extend(required(part));
                        run = Some(vec![Vec::new()]);
                    }
                }
                if run.is_none() {
                    // The run grew too large; start a new one after this part.
                    run = Some(vec![Vec::new()]);
                }
            }
            candidates.extend(run.and_then(usable));
            candidates.into_iter().max_by_key(|set| {
                let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
                (shortest, std::cmp::Reverse(set.len()))
            })
        }
        _ => None,
    }
}

/// A set is a requirement only if none of its strings is empty.
fn usable(set: Vec<Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then_some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Option<Vec<String>> {
        required_literals(p).expect("valid").map(|mut v| {
            v.sort();
            v.dedup();
            v
        })
    }

    #[test]
    fn the_longest_required_words_are_chosen() {
        assert_eq!(req(r"sorry\s+if\s+you"), Some(vec!["sorry".into()]));
        assert_eq!(
            req(r"apologi[sz]e\s+for"),
            Some(vec!["apologise".into(), "apologize".into()])
        );
        assert_eq!(
            req(r"\b{start-half}(?:you\s+(?:made|forced)\s+me)\b{end-half}"),
            Some(vec!["forced".into(), "made".into()])
        );
        assert_eq!(
            req(r"(?:I\s+)?(?:can'?t|cannot)\s+eat"),
            Some(vec!["can't".into(), "cannot".into(), "cant".into()])
        );
    }

    #[test]
    fn patterns_that_can_match_anything_have_no_requirement() {
        assert_eq!(req(r"[a-z]+\s+[a-z]+"), None);
        assert_eq!(req(r"(?:sorry)?\w+"), None);
        assert_eq!(req(r"sorry|\w+"), None);
        assert_eq!(
            req(r"caf\u{e9}"),
            None,
            "non-ASCII needs Unicode case folding"
        );
        assert_eq!(req(r"(?:i|u)\s+\w+"), None, "one letter filters nothing");
    }

    #[test]
    fn every_match_contains_a_required_word() {
        let patterns = [
            r"(?:if\s+)?you\s+(?:don'?t|do\s+not)\s+(?:answer|reply)\s+by\s+\w+",
            r"(?:i|we)\s+(?:have|had)\s+(?:to|got\s+to)\s+(?:talk|meet)",
            r"sorry\s+(?:that\s+)?(?:if\s+)?(?:you\s*(?:were|got))\s+hurt",
        ];
        let texts = [
            "If you don't answer by Friday",
            "you do not reply by tonight",
            "We had got to meet",
            "I have to talk",
            "SORRY IF YOU WERE HURT",
            "sorry that yougot hurt",
        ];
        for p in patterns {
            let regex = regex::RegexBuilder::new(p)
                .case_insensitive(true)
                .build()
                .expect("regex");
            let words = required_literals(p).expect("valid").expect("a requirement");
            for text in texts.iter().filter(|t| regex.is_match(t)) {
                let lower = text.to_ascii_lowercase();
                assert!(
                    words.iter().any(|w| lower.contains(w.as_str())),
                    "{p} on {text}: {words:?}"
                );
            }
        }
    }
}
