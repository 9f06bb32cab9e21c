//! The rule-file format, as `rules/*.toml` write it, read by [`super::read`]. Strict: an
//! unknown key is an error, so a typo never silently disables part of a rule.

use std::ops::Range;

use toml::Spanned;

use crate::Level;
use crate::document::DraftKind;

/// One rule file as read, before it is compiled. A key the file gets wrong is left empty
/// here (its error is reported) so the rest can still be checked; a rule is built only
/// from a file without errors, where every required key is given.
#[derive(Debug, Default)]
pub struct RuleFile {
    pub id: Option<Spanned<String>>,
    pub level: Option<Level>,
    pub kind: Option<Kind>,
    pub message: Option<String>,
    /// What the rule catches, in a few words: the README's rule table and `amends rules`
    /// show it.
    pub summary: Option<String>,
    pub explanation: Option<String>,
    /// Regular expressions; what they mean depends on the kind. An entry may be a table
    /// with its own `message`, shown instead of the rule's for matches of that pattern.
    pub patterns: Vec<Spanned<PatternEntry>>,
    /// Phrases over words (see `rules::phrase`), each matched like a pattern; an entry
    /// may be a table with `phrase` and its own `message`.
    pub phrases: Vec<Spanned<PatternEntry>>,
    /// Sentence roles (from `roles.toml`) whose sentences count as matches, as if their
    /// patterns were listed here: `roles = ["explains"]`.
    pub roles: Vec<Spanned<String>>,
    /// A sentence that matches any of these is never flagged by this rule.
    pub unless: Vec<Spanned<String>>,
    /// Phrases with the effect of `unless`.
    pub except: Vec<Spanned<String>>,
    /// Phrases that, in the next sentence of the same paragraph, excuse a match.
    pub except_next: Vec<Spanned<String>>,
    /// `swap` rules: patterns with the rewrite offered as a fix.
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
    /// The parameters the file sets (`max`, `max-share`, `min-gap-days`, …) with where and
    /// what: which a kind takes, and what values, is checked by `Params::set`, the same
    /// code that checks parameters set by configuration.
    pub params: Vec<(&'static str, Range<usize>, toml::Value)>,
    /// Only drafts of this kind are judged: `"letter"` or `"follow-up"` (default: both).
    /// A document is a letter unless a series or its front matter says otherwise.
    pub applies_to: Option<DraftKind>,
    /// Which of the guidance's concerns the rule belongs to; the HTML report colours and
    /// groups findings by it. Rules that leave it out are `other`.
    pub family: Option<Family>,
    pub examples: Vec<Spanned<Example>>,
    /// The keys the file gives, except lists left empty: a list whose entries (or whose
    /// value) had errors is not also said to be missing.
    pub listed: Vec<&'static str>,
}

impl RuleFile {
    /// Whether the file gives `key`, and not as an empty list.
    pub fn lists(&self, key: &str) -> bool {
        self.listed.contains(&key)
    }
}

/// The concern a rule speaks to, from the letter guidance. Several rules share one: the
/// report shows a writer "three pressure findings", not three rule ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub const ALL: [Kind; 7] = [
        Kind::Pattern,
        Kind::Swap,
        Kind::Limit,
        Kind::Share,
        Kind::Require,
        Kind::Gap,
        Kind::Revisit,
    ];

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

    /// Kinds whose findings cover words the writer wrote, one occurrence each: the
    /// words an "allow this phrase" quick fix offers to allow.
    pub fn flags_words(self) -> bool {
        matches!(self, Kind::Pattern | Kind::Swap)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Negation {
    #[default]
    Ignore,
    Suppress,
}

/// How a rule treats matches inside quotation marks (see [`crate::Document::quote_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    pub const ALL: [Quoted; 3] = [Quoted::Check, Quoted::Skip, Quoted::SkipTitles];

    pub fn name(self) -> &'static str {
        match self {
            Quoted::Check => "check",
            Quoted::Skip => "skip",
            Quoted::SkipTitles => "skip-titles",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnlessScope {
    #[default]
    Sentence,
    Clause,
    /// The sentence up to the end of the match's clause: a frame set up earlier ("I only
    /// did it because…, and I was lonely") governs what follows it, not what came before.
    Before,
}

/// A pattern, written either as a plain string or as `{ pattern = "…", message = "…" }`.
#[derive(Debug, Clone, Default)]
pub struct PatternEntry {
    pub pattern: String,
    pub message: Option<String>,
}

/// Where a `require` rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Document,
    LastParagraph,
}

#[derive(Debug, Clone)]
pub struct SwapEntry {
    pub pattern: Spanned<String>,
    /// May refer to the pattern's groups as `$1` or `${name}`.
    pub replacement: String,
    /// The fix's title; by default "Replace with “…”".
    pub title: Option<String>,
    /// Whether `amends check --fix` may apply this rewrite without asking: only for
    /// rewrites that read right in any sentence the pattern can match.
    pub safe: bool,
}

/// A text the rule must (or must not) flag; run by `cargo test` and `amends test-rules`.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub flagged: bool,
    /// The format to read the text in (plain by default).
    pub format: Option<String>,
    /// Series rules (`gap`, `revisit`) only, and required there: the text is a follow-up
    /// dated this many days after the message before it, which is the first letter.
    pub after_days: Option<u32>,
}
