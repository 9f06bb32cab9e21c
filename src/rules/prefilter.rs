//! Required literals: for a pattern, a set of words one of which every match contains.
//!
//! The default pack holds hundreds of patterns and a sentence matches almost none of
//! them. One Aho–Corasick pass over the letter finds which of these words occur, and only
//! the patterns whose words occur are run at all (see `engine::scan`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use regex_syntax::hir::{Class, Hir, HirKind};
use rustc_hash::FxHashMap;

/// More alternatives than this and a set stops being worth tracking.
const MAX_SET: usize = 64;

/// How many sets of words, all required, are kept for one pattern: each more narrows the
/// sentences the pattern runs on, and costs a little in the scan.
const MAX_CONJUNCTS: usize = 3;

/// Sets of lower-case ASCII strings such that every match of `pattern` contains one
/// string of *each* set (ignoring ASCII case); `Ok(None)` when no such set can be told
/// (the pattern must always run). The parse doubles as the pattern's syntax check, so an
/// `Err` is a syntax error.
pub fn required_literals(pattern: &str) -> Result<Sets, String> {
    if RECORDING.load(Ordering::Relaxed) {
        let mut looked_up = LOOKED_UP.lock().unwrap_or_else(PoisonError::into_inner);
        looked_up.push(pattern.to_string());
    }
    if let Some(known) = builtin_table().get(&key(pattern)) {
        return Ok(known.clone());
    }
    computed(pattern)
}

/// What the built-in pack's patterns require, worked out ahead (`prefilter.table`):
/// parsing every pattern for it was a third of building the pack, and every `amends`
/// run builds one. A pattern is found by its text, so a pattern changed since the table
/// was made is simply worked out again; a test keeps the table current.
const TABLE: &str = include_str!("prefilter.table");

/// Sets of words, each of which a match contains one of (`None`: the pattern must always
/// run).
pub type Sets = Option<Vec<Vec<String>>>;

fn builtin_table() -> &'static FxHashMap<(u64, usize), Sets> {
    static PARSED: OnceLock<FxHashMap<(u64, usize), Sets>> = OnceLock::new();
    PARSED.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let mut fields = line.splitn(3, ' ');
                let hash = u64::from_str_radix(fields.next()?, 16).ok()?;
                let len = fields.next()?.parse().ok()?;
                let sets = serde_json::from_str(fields.next()?).ok()?;
                Some(((hash, len), sets))
            })
            .collect()
    })
}

/// A pattern's place in the table: a stable hash (FNV-1a) and its length.
fn key(pattern: &str) -> (u64, usize) {
    let hash = pattern.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (hash, pattern.len())
}

static RECORDING: AtomicBool = AtomicBool::new(false);
static LOOKED_UP: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The table for `patterns`, as `prefilter.table` holds it: for the test that checks
/// and remakes the table (it builds the built-in pack with [`record_lookups`] on, in a
/// process of its own, and passes what was recorded).
#[doc(hidden)]
pub fn table_for(patterns: &[String]) -> Result<String, String> {
    let mut lines: Vec<String> = Vec::new();
    for pattern in patterns {
        let (hash, len) = key(pattern);
        let sets = serde_json::to_string(&computed(pattern)?).map_err(|e| e.to_string())?;
        lines.push(format!("{hash:016x} {len} {sets}"));
    }
    lines.sort();
    lines.dedup();
    Ok(format!(
        "# The words each built-in pattern requires (see prefilter.rs). Made by\n\
         # `AMENDS_UPDATE_PREFILTER=1 cargo test --test prefilter_table`; do not edit.\n{}\n",
        lines.join("\n")
    ))
}

/// Records every pattern looked up from now on (`true`), or stops; returns what was
/// recorded so far.
#[doc(hidden)]
pub fn record_lookups(on: bool) -> Vec<String> {
    RECORDING.store(on, Ordering::Relaxed);
    LOOKED_UP
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}

/// [`required_literals`], worked out from the pattern's syntax.
fn computed(pattern: &str) -> Result<Sets, String> {
    // Parsed as written (case-sensitive): case-insensitive parsing turns every letter
    // into a class. The literals are then matched ignoring ASCII case, which is what
    // the case-insensitive regex does for them.
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let mut sets: Vec<Vec<String>> = required_all(&hir)
        .into_iter()
        .filter_map(literals_of)
        .collect();
    // The most selective first: the longest shortest word, then the fewest words.
    sets.sort_by_key(|set| {
        let shortest = set.iter().map(String::len).min().unwrap_or(0);
        (std::cmp::Reverse(shortest), set.len())
    });
    sets.dedup();
    sets.truncate(MAX_CONJUNCTS);
    Ok((!sets.is_empty()).then_some(sets))
}

/// A set usable by the scan: lower-case ASCII words of two letters or more.
fn literals_of(set: Vec<Vec<u8>>) -> Option<Vec<String>> {
    let mut set: Vec<String> = set
        .into_iter()
        .map(|s| String::from_utf8(s).ok().map(|s| s.to_ascii_lowercase()))
        .collect::<Option<_>>()?;
    set.sort();
    set.dedup();
    // A literal with non-ASCII letters would need Unicode case folding to be found, and
    // a one-letter word ("I", "u") is in nearly every sentence: scanning for it costs
    // more than running the pattern.
    (!set.is_empty() && set.iter().all(|s| s.is_ascii() && s.len() >= 2)).then_some(set)
}

/// Sets of strings such that every match of `hir` contains one string of each: every
/// part of a concatenation that has a requirement contributes its own, and runs of parts
/// with exact sets concatenate into longer words (a run that grows too large ends there).
fn required_all(hir: &Hir) -> Vec<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Capture(cap) => required_all(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 && exact(hir).is_none() => required_all(&rep.sub),
        HirKind::Concat(parts) if exact(hir).is_none() => {
            let mut out = Vec::new();
            let mut run: Option<Vec<Vec<u8>>> = Some(vec![Vec::new()]);
            for part in parts {
                match (exact(part), run.take()) {
                    (Some(set), Some(acc)) => run = product(&acc, &set),
                    (Some(set), None) => run = Some(set),
                    (None, acc) => {
                        out.extend(acc.and_then(usable));
                        out.extend(required_all(part));
                        run = Some(vec![Vec::new()]);
                    }
                }
                if run.is_none() {
                    run = Some(vec![Vec::new()]);
                }
            }
            out.extend(run.and_then(usable));
            out
        }
        _ => required(hir).into_iter().collect(),
    }
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
        // Every required part of a concatenation is a candidate (see `required_all`),
        // and the one with the longest shortest word is the most selective.
        HirKind::Concat(_) => required_all(hir).into_iter().max_by_key(|set| {
            let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(set.len()))
        }),
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

    /// The most selective required set.
    fn req(p: &str) -> Option<Vec<String>> {
        required_literals(p)
            .expect("valid")
            .map(|sets| sets[0].clone())
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
    fn every_required_part_of_a_pattern_is_kept_most_selective_first() {
        assert_eq!(
            required_literals(r"(?:you|u)\s+(?:made|forced)\s+me\s+(?:lie|cheat)").expect("valid"),
            Some(vec![
                vec!["forced".to_string(), "made".to_string()],
                vec!["cheat".to_string(), "lie".to_string()],
                vec!["me".to_string()],
            ])
        );
        // Only so many are kept, and a part with a one-letter word is not one of them.
        let sets = required_literals(r"i\s+was\s+so\s+very\s+lonely\s+and\s+lost")
            .expect("valid")
            .expect("some");
        assert_eq!(sets.len(), MAX_CONJUNCTS);
        assert_eq!(sets[0], ["lonely"]);
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
            let sets = required_literals(p).expect("valid").expect("a requirement");
            for text in texts.iter().filter(|t| regex.is_match(t)) {
                let lower = text.to_ascii_lowercase();
                for words in &sets {
                    assert!(
                        words.iter().any(|w| lower.contains(w.as_str())),
                        "{p} on {text}: {words:?}"
                    );
                }
            }
        }
    }
}
