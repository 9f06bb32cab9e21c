//! The rule-file format, exactly as written in `rules/*.toml`. Strict: an unknown key is
//! an error, so a typo never silently disables part of a rule.

use serde::Deserialize;
use toml::Spanned;

use crate::Level;
use crate::document::DraftKind;

/// One rule file. Parameters sit at the top level beside `kind`; which ones a kind takes
/// is checked when the rule is compiled, with the location of any that do not belong.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    pub id: Spanned<String>,
    pub level: Level,
    pub kind: Kind,
    pub message: String,
    pub explanation: String,
    /// Regular expressions; what they mean depends on the kind. An entry may be a table
    /// with its own `message`, shown instead of the rule's for matches of that pattern.
    #[serde(default)]
    pub patterns: Vec<Spanned<PatternEntry>>,
    /// Sentence roles (from `roles.toml`) whose sentences count as matches, as if their
    /// patterns were listed here: `roles = ["explains"]`.
    #[serde(default)]
    pub roles: Vec<Spanned<String>>,
    /// A sentence that matches any of these is never flagged by this rule.
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// `swap` rules: patterns with the rewrite offered as a fix.
    #[serde(default)]
    pub swaps: Vec<Spanned<SwapEntry>>,
    /// Anchor patterns on word boundaries (the default).
    pub whole_words: Option<bool>,
    /// `"suppress"`: a match closely preceded by a negation in its clause ("it was never
    /// your fault") is not flagged. `"ignore"` (the default) leaves negations to patterns.
    pub negation: Option<Negation>,
    /// Where `unless` patterns look: the whole `"sentence"` (the default) or only the
    /// `"clause"` of the match, so a kind word elsewhere in the sentence does not excuse it.
    pub unless_scope: Option<UnlessScope>,
    /// What to do with matches inside quotation marks: `"check"` them (the default),
    /// `"skip"` them (someone else's words), or `"skip-titles"` (skip only quoted text
    /// without a first-person word, such as a film or song title).
    pub quoted: Option<Quoted>,
    /// `limit` rules: how many matches the document may hold before it is flagged.
    pub max: Option<Spanned<u32>>,
    /// `share` rules: the largest share of sentences (0 to 1) that may match.
    pub max_share: Option<Spanned<f64>>,
    /// `share` rules: documents with fewer sentences are not judged.
    pub min_sentences: Option<Spanned<u32>>,
    /// `share` rules: how many sentences make up the passage that is reported.
    pub window: Option<Spanned<u32>>,
    /// `share` and `require` rules: documents with fewer words are not judged.
    pub min_words: Option<Spanned<u32>>,
    /// `require` rules: where one of the patterns must appear.
    pub scope: Option<Spanned<String>>,
    /// `gap` rules: the fewest whole days between one sent message and the next.
    pub min_gap_days: Option<Spanned<u32>>,
    /// `revisit` rules: days after the first letter by which a follow-up should have come
    /// back to the mistake.
    pub revisit_after_days: Option<Spanned<u32>>,
    /// Only drafts of this kind are judged: `"letter"` or `"follow-up"` (default: both).
    /// A document is a letter unless a series or its front matter says otherwise.
    pub applies_to: Option<DraftKind>,
    /// Which of the guidance's concerns the rule belongs to; the HTML report colours and
    /// groups findings by it. Rules that leave it out are `other`.
    pub family: Option<Family>,
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// The concern a rule speaks to, from the letter guidance. Several rules share one: the
/// report shows a writer "three pressure findings", not three rule ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Words about the writer's own safety: a pointer to support comes before any advice
    /// about the letter.
    Safety,
    /// Putting the cause on the partner, or raising their faults.
    Blame,
    /// Apologies that take themselves back: conditional, excused, minimised.
    NonApology,
    /// Retelling the wrong at length.
    Dwelling,
    /// Urgency, ultimatums, guilt: anything that takes the choice away from them.
    Pressure,
    /// Self-pity and melodrama.
    SelfPity,
    /// Hurrying back into the relationship or bargaining over amends.
    Rushing,
    /// What the letter as a whole lacks: an explanation, an open door.
    Structure,
    /// How follow-ups are paced and what they bring.
    Pacing,
    /// Anything else, including user rules that name no family.
    #[default]
    Other,
}

impl Family {
    pub const ALL: [Family; 10] = [
        Family::Safety,
        Family::Blame,
        Family::NonApology,
        Family::Dwelling,
        Family::Pressure,
        Family::SelfPity,
        Family::Rushing,
        Family::Structure,
        Family::Pacing,
        Family::Other,
    ];

    /// The name rule files use.
    pub fn name(self) -> &'static str {
        match self {
            Family::Safety => "safety",
            Family::Blame => "blame",
            Family::NonApology => "non-apology",
            Family::Dwelling => "dwelling",
            Family::Pressure => "pressure",
            Family::SelfPity => "self-pity",
            Family::Rushing => "rushing",
            Family::Structure => "structure",
            Family::Pacing => "pacing",
            Family::Other => "other",
        }
    }

    /// What a writer reads in a legend.
    pub fn label(self) -> &'static str {
        match self {
            Family::Safety => "Your safety",
            Family::Blame => "Blame",
            Family::NonApology => "Apology taken back",
            Family::Dwelling => "Dwelling on the wrong",
            Family::Pressure => "Pressure",
            Family::SelfPity => "Self-pity",
            Family::Rushing => "Rushing back",
            Family::Structure => "What the letter lacks",
            Family::Pacing => "Pacing of messages",
            Family::Other => "Other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Pattern,
    Swap,
    Limit,
    Share,
    Require,
    /// Series: a dated draft too soon after the previous sent message (`min-gap-days`).
    Gap,
    /// Series: a follow-up `revisit-after-days` after the first letter when no follow-up
    /// so far matches the patterns (has come back to the mistake).
    Revisit,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Pattern => "pattern",
            Kind::Swap => "swap",
            Kind::Limit => "limit",
            Kind::Share => "share",
            Kind::Require => "require",
            Kind::Gap => "gap",
            Kind::Revisit => "revisit",
        }
    }

    /// Kinds that judge a series of dated drafts rather than one document (see
    /// `crate::series`); the per-document engine passes over them.
    pub fn is_series(self) -> bool {
        matches!(self, Kind::Gap | Kind::Revisit)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Negation {
    #[default]
    Ignore,
    Suppress,
}

/// How a rule treats matches inside quotation marks (see [`crate::Document::quote_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quoted {
    /// Quoted words are checked like the rest.
    #[default]
    Check,
    /// Quoted words are someone else's: "She said “I'm sorry if you were hurt”".
    Skip,
    /// Only quoted text without a first-person word is skipped: titles and names
    /// ("Suicide Squad"), not the writer's own thoughts in quotes.
    SkipTitles,
}

impl Quoted {
    pub fn name(self) -> &'static str {
        match self {
            Quoted::Check => "check",
            Quoted::Skip => "skip",
            Quoted::SkipTitles => "skip-titles",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnlessScope {
    #[default]
    Sentence,
    Clause,
}

/// A pattern, written either as a plain string or as `{ pattern = "…", message = "…" }`.
#[derive(Debug, Clone, Default)]
pub struct PatternEntry {
    pub pattern: String,
    pub message: Option<String>,
}

impl<'de> Deserialize<'de> for PatternEntry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Table {
            pattern: String,
            message: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Plain(String),
            Table(Table),
        }
        match Either::deserialize(deserializer) {
            Ok(Either::Plain(pattern)) => Ok(PatternEntry {
                pattern,
                message: None,
            }),
            Ok(Either::Table(t)) => Ok(PatternEntry {
                pattern: t.pattern,
                message: t.message,
            }),
            Err(_) => Err(serde::de::Error::custom(
                "a pattern is a string, or a table with `pattern` and an optional `message`",
            )),
        }
    }
}

/// Where a `require` rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Document,
    LastParagraph,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwapEntry {
    pub pattern: Spanned<String>,
    /// May refer to the pattern's groups as `$1` or `${name}`.
    pub replacement: String,
    /// The fix's title; by default "Replace with “…”".
    pub title: Option<String>,
    /// Whether `amends check --fix` may apply this rewrite without asking: only for
    /// rewrites that read right in any sentence the pattern can match.
    #[serde(default)]
    pub safe: bool,
}

/// A text the rule must (or must not) flag; run by `cargo test` and `amends test-rules`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub text: String,
    pub flagged: bool,
    /// The format to read the text in (plain by default).
    pub format: Option<String>,
    /// Series rules (`gap`, `revisit`) only, and required there: the text is a follow-up
    /// dated this many days after the message before it, which is the first letter.
    #[serde(rename = "after-days")]
    pub after_days: Option<u32>,
}
