//! The learned signal beside the built-in phrases: per sentence rule, a weight for each
//! canonical word and pair of neighbouring words (punctuation between them left out, as
//! the training script reads them), learned from labelled letters and the phrasing bank
//! (`bench/train-learned.py` writes `rules/learned.tsv`).
//!
//! Phrases list the wordings their authors thought of; on letters nobody tuned them on they
//! find about 6 in 10 problems. The weights see the whole sentence instead: a sentence no
//! phrase of a rule matches is flagged when it scores at least the rule's `threshold`, and so
//! is a stretch of four or more words the rule's phrases left in a sentence where they did
//! match (a second problem joined to the first by a comma).
//! They add findings, and take away only one kind: a phrase's match in a sentence whose
//! words weigh well *against* the rule, below what a sentence of words it does not know
//! scores (its bias), which on letters it was not trained on was mostly a kind or neutral
//! use of the phrase's words (`engine::matching::WORDS_AGAINST`; see
//! `engine::matching` also for what still excuses a sentence).
//! Only the built-in rules carry weights: a rule a pack or configuration defines is matched
//! by its phrases alone.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::{ScoredPart, SentenceWords};

const SOURCE: &str = include_str!("../../rules/learned.tsv");

/// A sentence of more words than this is judged in windows (see [`Model::parts`]); most
/// sentences the weights were learned on are shorter.
pub const LONG: usize = 50;
/// Words in one window of a long sentence.
pub const WINDOW: usize = 30;
/// Words from one window's start to the next: windows overlap, so a problem at a
/// window's edge is whole in the next.
pub const STRIDE: usize = 10;

/// The stretches, by word number, that a sentence of `words` words is judged in (see
/// [`Model::parts`]); none for a sentence without words. The training script reads
/// letters in the same stretches (`examples/sentences`).
pub fn windows(words: usize) -> impl Iterator<Item = Range<usize>> {
    let (size, count) = match words {
        0 => (0, 0),
        n if n <= LONG => (n, 1),
        n => (WINDOW, (n - WINDOW).div_ceil(STRIDE) + 1),
    };
    (0..count).map(move |k| k * STRIDE..(k * STRIDE + size).min(words))
}

/// Words that turn what follows them in the clause around ("there is no answer I am
/// waiting for", "you do not owe me a reply").
const NEGATIONS: &[&str] = &["not", "no", "never", "nothing", "nobody", "none", "without"];
/// How many words after a negation it marks.
const NEGATED_WORDS: usize = 3;
/// What a word read after a negation becomes: its own feature, so "reply" in "do not
/// feel you need to reply" weighs what negated words weigh, not what a demand does.
const NEGATED: &str = "not_";

/// The words of a sentence as the weights read them, each with its token's place: the
/// canonical words, punctuation left out, and up to [`NEGATED_WORDS`] words after a
/// negation, in the same clause, marked [`NEGATED`]. The training script reads text
/// through the same function (`examples/sentences`).
pub fn read(words: &SentenceWords) -> impl Iterator<Item = (usize, Cow<'_, str>)> {
    let mut negated = 0;
    words.tokens.iter().enumerate().filter_map(move |(i, t)| {
        if t.punct {
            negated = 0;
            return None;
        }
        let word = if negated > 0 {
            negated -= 1;
            Cow::Owned(format!("{NEGATED}{}", t.norm))
        } else {
            Cow::Borrowed(&*t.norm)
        };
        if NEGATIONS.contains(&&*t.norm) {
            negated = NEGATED_WORDS;
        }
        Some((i, word))
    })
}

/// One rule's numbers (see the module's comment).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleModel {
    pub id: String,
    pub bias: f32,
    pub threshold: f32,
}

/// The weights of every rule that has them.
#[derive(Debug, Default)]
pub struct Model {
    rules: Vec<RuleModel>,
    /// A word ("sorry") or a pair of adjacent words ("sorry if") and its weight in each
    /// rule that gives it one, by the rule's place in `rules`.
    weights: FxHashMap<Box<str>, Vec<(u8, f32)>>,
}

/// What is wrong with a model file, with its line (1-based).
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("rules/learned.tsv, line {line}: {what}")]
pub struct ModelError {
    pub line: usize,
    pub what: String,
}

impl Model {
    /// The built-in model. Should its file not read (a bug the tests catch), rules keep
    /// their phrases and nothing more, and the problem is logged once.
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::parse(SOURCE).unwrap_or_else(|e| {
                tracing::error!("the learned signal is off: {e}");
                Model::default()
            })
        })
    }

    /// Reads the file `bench/train-learned.py` writes: `# comments`, then for each rule a
    /// line `= ID BIAS THRESHOLD` followed by its weights, `FEATURE<TAB>WEIGHT`.
    pub fn parse(source: &str) -> Result<Model, ModelError> {
        let mut model = Model::default();
        for (n, line) in source.lines().enumerate() {
            let error = |what: &str| ModelError {
                line: n + 1,
                what: what.to_string(),
            };
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(head) = line.strip_prefix("= ") {
                let fields: Vec<&str> = head.split(' ').collect();
                let [id, bias, threshold] = fields[..] else {
                    return Err(error("a rule line is `= ID BIAS THRESHOLD`"));
                };
                let number = |s: &str| {
                    s.parse::<f32>()
                        .ok()
                        .filter(|n| n.is_finite())
                        .ok_or_else(|| error("not a number"))
                };
                if model.rules.len() >= usize::from(u8::MAX) {
                    return Err(error("too many rules"));
                }
                model.rules.push(RuleModel {
                    id: id.to_string(),
                    bias: number(bias)?,
                    threshold: number(threshold)?,
                });
                continue;
            }
            let Some(rule) = model.rules.len().checked_sub(1) else {
                return Err(error("a weight before any rule line"));
            };
            let Some((feature, weight)) = line.split_once('\t') else {
                return Err(error("a weight line is `FEATURE<TAB>WEIGHT`"));
            };
            let weight = weight
                .parse::<f32>()
                .ok()
                .filter(|w| w.is_finite())
                .ok_or_else(|| error("not a number"))?;
            let rule = u8::try_from(rule).map_err(|_| error("too many rules"))?;
            model
                .weights
                .entry(feature.into())
                .or_default()
                .push((rule, weight));
        }
        Ok(model)
    }

    /// The place of rule `id` among the rules with weights.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }

    pub fn rules(&self) -> &[RuleModel] {
        &self.rules
    }

    /// The rule at `index`'s weights, heaviest towards flagging first.
    pub fn weights_of(&self, index: usize) -> Vec<(&str, f32)> {
        let mut out: Vec<(&str, f32)> = self
            .weights
            .iter()
            .filter_map(|(feature, ws)| {
                ws.iter()
                    .find(|&&(r, _)| usize::from(r) == index)
                    .map(|&(_, w)| (&**feature, w))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }

    /// The stretches of one sentence the weights judge, each with every rule's score: the
    /// whole sentence, or, for a sentence of more than [`LONG`] words (dictated or typed
    /// without a full stop), overlapping windows of [`WINDOW`] words. The weights were
    /// learned on sentences; summed over a paragraph's worth of words they would flag it
    /// for whatever its clauses add up to.
    pub fn parts(&self, words: &SentenceWords) -> Box<[ScoredPart]> {
        self.parts_within(words, 0..words.tokens.len())
    }

    /// [`Model::parts`] of the sentence's tokens in `tokens` only (read in the sentence,
    /// so a negation before them still marks the words after it): the words a phrase's
    /// match left over in a sentence, judged on their own.
    pub fn parts_within(&self, words: &SentenceWords, tokens: Range<usize>) -> Box<[ScoredPart]> {
        let (at, read): (Vec<usize>, Vec<Cow<str>>) =
            read(words).filter(|(i, _)| tokens.contains(i)).unzip();
        let norms: Vec<&str> = read.iter().map(|w| &**w).collect();
        let part = |from: usize, to: usize| ScoredPart {
            tokens: at[from]..at[to - 1] + 1,
            scores: self.scores(&norms[from..to]),
        };
        windows(norms.len()).map(|w| part(w.start, w.end)).collect()
    }

    /// Every rule's score of a run of words: its bias plus the weights of the words and
    /// word pairs present (each counted once, however often it occurs).
    pub fn scores(&self, norms: &[&str]) -> Box<[f32]> {
        let mut scores: Vec<f32> = self.rules.iter().map(|r| r.bias).collect();
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let add = |feature: &str, scores: &mut Vec<f32>| {
            if let Some(ws) = self.weights.get(feature) {
                for &(rule, w) in ws {
                    if let Some(s) = scores.get_mut(usize::from(rule)) {
                        *s += w;
                    }
                }
            }
        };
        for &word in norms {
            if seen.insert(word) {
                add(word, &mut scores);
            }
        }
        let mut pairs: FxHashSet<(&str, &str)> = FxHashSet::default();
        let mut feature = String::new();
        for pair in norms.windows(2) {
            if pairs.insert((pair[0], pair[1])) {
                feature.clear();
                feature.push_str(pair[0]);
                feature.push(' ');
                feature.push_str(pair[1]);
                add(&feature, &mut scores);
            }
        }
        scores.into_boxed_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_model_reads_and_names_only_rules_judged_by_sentence() {
        let model = Model::parse(SOURCE).expect("rules/learned.tsv reads");
        assert!(model.rules().len() >= 10, "{} rules", model.rules().len());
        let (pack, errors) = crate::Pack::builtin(&crate::rules::Context::default());
        assert!(errors.is_empty());
        for (i, rule) in model.rules().iter().enumerate() {
            let built_in = pack.get(&rule.id).expect("a built-in rule");
            assert!(
                matches!(
                    built_in.kind(),
                    crate::rules::Kind::Pattern
                        | crate::rules::Kind::Swap
                        | crate::rules::Kind::Require
                ),
                "{}",
                rule.id
            );
            assert!(model.weights_of(i).len() > 50, "{}", rule.id);
        }
    }

    #[test]
    fn only_the_built_in_rule_with_its_setting_on_has_weights() {
        let cx = crate::rules::Context::default();
        let (pack, _) = crate::Pack::builtin(&cx);
        let built_in = pack.get("ultimatum-threat").expect("built-in");
        assert!(built_in.learned().is_some());
        let mut off = built_in.clone();
        off.set_param(
            "learned",
            &toml::Value::Boolean(false),
            &crate::rules::Origin::CommandLine,
        )
        .expect("a known setting");
        assert_eq!(off.learned(), None);
        let source = crate::rules::tests::GOOD.replace("\"demo\"", "\"ultimatum-threat\"");
        let mine = crate::Rule::parse("mine/ultimatum-threat.toml", None, &source, &cx)
            .expect("a rule of a pack");
        assert_eq!(
            mine.learned(),
            None,
            "weights were learned for the built-in rule"
        );
        // Saying `learned` where it changes nothing is an error that says so.
        let mut mine = mine;
        let off = toml::Value::Boolean(false);
        let error = mine
            .set_param("learned", &off, &crate::rules::Origin::CommandLine)
            .unwrap_err();
        assert!(error.contains("has no learned weights"), "{error}");
        let mut safety = pack.get("self-harm").expect("built-in").clone();
        assert!(
            safety
                .set_param("learned", &off, &crate::rules::Origin::CommandLine)
                .is_err()
        );
        let in_a_rule_file = crate::Rule::parse(
            "mine/x.toml",
            None,
            &format!("{source}learned = false\n"),
            &cx,
        )
        .unwrap_err();
        assert!(
            format!("{in_a_rule_file:?}").contains("unknown key `learned`"),
            "{in_a_rule_file:?}"
        );
    }

    #[test]
    fn words_and_pairs_count_once_each() {
        let model = Model::parse("# a\n= demo -1 2\nsorry\t1.5\nsorry if\t2\n").unwrap();
        let score = |text: &str| model.parts(&SentenceWords::new(text))[0].scores[0];
        assert_eq!(score("Thank you."), -1.0);
        assert_eq!(score("I am sorry."), 0.5);
        assert_eq!(score("Sorry, sorry if it hurt."), 2.5);
    }

    #[test]
    fn a_long_sentence_is_read_in_overlapping_windows_that_cover_every_word() {
        assert_eq!(windows(0).count(), 0);
        for words in [12, LONG] {
            let whole: Vec<_> = windows(words).collect();
            assert_eq!(whole.len(), 1);
            assert_eq!(
                whole[0],
                0..words,
                "a sentence of {words} words is judged whole"
            );
        }
        for words in [LONG + 1, 77, 500] {
            let parts: Vec<_> = windows(words).collect();
            assert_eq!(parts[0].start, 0);
            assert_eq!(parts[parts.len() - 1].end, words, "{words}: {parts:?}");
            for pair in parts.windows(2) {
                assert!(pair[1].start < pair[0].end, "{words}: they overlap");
            }
            assert!(parts.iter().all(|p| p.len() <= WINDOW));
        }
    }

    #[test]
    fn words_after_a_negation_are_read_as_negated_until_the_clause_ends() {
        let read = |text: &str| -> Vec<String> {
            read(&SentenceWords::new(text))
                .map(|(_, w)| w.into_owned())
                .collect()
        };
        assert_eq!(
            read("You don't owe me a reply, ever."),
            [
                "you", "do", "not", "not_owe", "not_me", "not_a", "reply", "ever"
            ]
        );
        assert_eq!(read("No rush; call me."), ["no", "not_rush", "call", "me"]);
    }

    #[test]
    fn a_broken_file_says_which_line() {
        assert_eq!(
            Model::parse("= demo -1 2\nsorry 1.5\n").unwrap_err().line,
            2
        );
        assert_eq!(Model::parse("sorry\t1\n").unwrap_err().line, 1);
        assert_eq!(Model::parse("= demo x 2\n").unwrap_err().line, 1);
        assert_eq!(Model::parse("= demo -1 inf\n").unwrap_err().line, 1);
    }
}
