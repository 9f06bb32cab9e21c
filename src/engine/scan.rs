//! The prefilter: one Aho–Corasick pass over a letter finds which required words (see
//! `rules::required_literals`) occur in which sentence; a pattern runs on a sentence only
//! when a word of each of its required sets is there, or when it has none.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::document::{Document, DraftKind, SentenceWords};
use crate::rules::{Find, LazyRegex, Pack, Phrase, RoleModel};

/// With at least this many patterns to compile for one document, they are compiled on
/// every core before checking starts; fewer are not worth starting threads for.
const PARALLEL_COMPILE: usize = 16;

/// Every pattern of a pack and of the role model, numbered, with the words that let it run.
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    ac: Option<AhoCorasick>,
    /// For each literal, the patterns that require it and which of their sets it is in
    /// (as a bit).
    users: Vec<Vec<(u32, u8)>>,
    /// For each pattern, the bits of all its sets: when a sentence has hit them all, the
    /// pattern runs there.
    full: Vec<u8>,
    /// Bits of the patterns that always run.
    always: Vec<u64>,
    words: usize,
    /// Each pattern's regex, by number, to compile ahead of a check (`None` for phrases,
    /// which need no compiling and check their own words).
    regexes: Vec<Option<LazyRegex>>,
    /// The number of the first pattern of each rule, in pack order.
    rule_offsets: Vec<usize>,
    /// The drafts each rule's patterns judge, by pattern number (`applies-to`; `None`
    /// for every draft and for the roles): the others' patterns are not compiled ahead.
    applies_to: Vec<Option<DraftKind>>,
    /// The number of the first pattern of each role group, in priority order.
    role_offsets: Vec<usize>,
}

/// What a pattern needs from the prefilter: the word sets of a regex, and the regex to
/// compile ahead; a phrase checks its own words and needs neither.
fn needs(find: &Find) -> (Option<&[Vec<String>]>, Option<LazyRegex>) {
    match find {
        Find::Regex(p) => (p.required.as_deref(), Some(p.regex.clone())),
        Find::Phrase(_) => (None, None),
    }
}

/// Which patterns may match in each sentence of one document.
#[derive(Debug, Clone)]
pub struct Scan {
    words: usize,
    bits: Vec<u64>,
}

/// The patterns that may match in one sentence, for one rule (or role group).
#[derive(Debug, Clone, Copy)]
pub struct Candidates<'a> {
    bits: &'a [u64],
    offset: usize,
}

impl Candidates<'_> {
    /// Whether the rule's `index`-th pattern may match.
    pub fn allows(&self, index: usize) -> bool {
        let id = self.offset + index;
        self.bits
            .get(id / 64)
            .is_some_and(|w| w >> (id % 64) & 1 == 1)
    }
}

impl Prefilter {
    pub fn new(pack: &Pack, roles: &RoleModel) -> Self {
        let mut requirements: Vec<Option<&[Vec<String>]>> = Vec::new();
        let mut regexes = Vec::new();
        let mut rule_offsets = Vec::new();
        let mut applies_to = Vec::new();
        for rule in pack.rules() {
            rule_offsets.push(requirements.len());
            for m in rule.matchers() {
                let (required, regex) = needs(&m.find);
                requirements.push(required);
                regexes.push(regex);
                applies_to.push(rule.applies_to_kind());
            }
        }
        let mut role_offsets = Vec::new();
        for (_, role) in roles.groups() {
            role_offsets.push(requirements.len());
            for find in &role.finds {
                let (required, regex) = needs(find);
                requirements.push(required);
                regexes.push(regex);
                applies_to.push(None);
            }
        }
        let words = requirements.len().div_ceil(64).max(1);
        let mut always = vec![0u64; words];
        let mut literals: Vec<&str> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut users: Vec<Vec<(u32, u8)>> = Vec::new();
        let mut full = vec![0u8; requirements.len()];
        for (id, required) in requirements.iter().enumerate() {
            let Some(required) = required else {
                always[id / 64] |= 1 << (id % 64);
                continue;
            };
            for (set, words) in required.iter().take(8).enumerate() {
                let bit = 1u8 << set;
                full[id] |= bit;
                for literal in words {
                    let slot = *index.entry(literal.as_str()).or_insert_with(|| {
                        literals.push(literal.as_str());
                        users.push(Vec::new());
                        literals.len() - 1
                    });
                    users[slot].push((id as u32, bit));
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&literals)
            .map_err(|e| tracing::warn!("prefilter unavailable, every pattern will run: {e}"))
            .ok();
        if ac.is_none() {
            always.fill(u64::MAX);
        }
        Prefilter {
            ac,
            users,
            full,
            regexes,
            always,
            words,
            rule_offsets,
            role_offsets,
            applies_to,
        }
    }

    /// Which patterns may match in each sentence of `doc`.
    pub fn scan(&self, doc: &Document) -> Scan {
        let sentences = doc.sentences();
        let mut bits = Vec::with_capacity(sentences.len() * self.words);
        for _ in sentences {
            bits.extend_from_slice(&self.always);
        }
        if let Some(ac) = &self.ac {
            // Each literal is recorded once per sentence, however often it occurs there.
            let mut seen_in: Vec<usize> = vec![usize::MAX; self.users.len()];
            // The sets of each pattern hit so far in the current sentence, and which
            // patterns those are (to clear them when the next sentence starts).
            let mut hit: Vec<u8> = vec![0; self.full.len()];
            let mut touched: Vec<u32> = Vec::new();
            let mut current = 0;
            for m in ac.find_overlapping_iter(doc.lint_text()) {
                let before = current;
                while current < sentences.len() && sentences[current].lint.end <= m.start() {
                    current += 1;
                }
                if current != before {
                    for id in touched.drain(..) {
                        hit[id as usize] = 0;
                    }
                }
                let Some(sentence) = sentences.get(current) else {
                    break;
                };
                if m.start() < sentence.lint.start || m.end() > sentence.lint.end {
                    continue;
                }
                let literal = m.pattern().as_usize();
                if seen_in[literal] == current {
                    continue;
                }
                seen_in[literal] = current;
                let row = &mut bits[current * self.words..(current + 1) * self.words];
                for &(id, bit) in &self.users[literal] {
                    let slot = &mut hit[id as usize];
                    if *slot == 0 {
                        touched.push(id);
                    }
                    *slot |= bit;
                    if *slot == self.full[id as usize] {
                        let id = id as usize;
                        row[id / 64] |= 1 << (id % 64);
                    }
                }
            }
        }
        self.compile_ahead(&bits, doc.kind());
        Scan {
            words: self.words,
            bits,
        }
    }

    /// Compiles the not yet compiled patterns that `bits` lets run anywhere in a draft of
    /// `kind`, on every core when there are many: the first check in a process (a
    /// command-line run, a server's first document) otherwise compiles them one by one as
    /// it meets them. A rule for other drafts (`applies-to`) is passed over by the check,
    /// so its patterns would be compiled for nothing. A rule's `unless` patterns are left
    /// to compile when a match needs excusing: most letters give a rule's words without
    /// its match (a letter that says "myself" holds no self-harm), and the self-harm
    /// rule's exceptions alone were a tenth of a short letter's check.
    fn compile_ahead(&self, bits: &[u64], kind: DraftKind) {
        let mut wanted = vec![0u64; self.words];
        for row in bits.chunks(self.words) {
            for (w, r) in wanted.iter_mut().zip(row) {
                *w |= r;
            }
        }
        let mut todo: Vec<&LazyRegex> = Vec::new();
        for (id, regex) in self.regexes.iter().enumerate() {
            let elsewhere = self
                .applies_to
                .get(id)
                .copied()
                .flatten()
                .is_some_and(|only| only != kind);
            if elsewhere || wanted[id / 64] >> (id % 64) & 1 == 0 {
                continue;
            }
            todo.extend(regex);
        }
        todo.retain(|r| !r.is_compiled());
        if todo.len() >= PARALLEL_COMPILE {
            crate::par::map(&todo, crate::par::cores(), |regex| {
                regex.get();
            });
        }
    }

    pub fn rule_offset(&self, rule: usize) -> usize {
        self.rule_offsets
            .get(rule)
            .copied()
            .unwrap_or(usize::MAX / 2)
    }

    pub fn role_offset(&self, group: usize) -> usize {
        self.role_offsets
            .get(group)
            .copied()
            .unwrap_or(usize::MAX / 2)
    }
}

impl Scan {
    /// The candidates in sentence `sentence` for the patterns numbered from `offset`.
    pub fn candidates(&self, sentence: usize, offset: usize) -> Candidates<'_> {
        let row = self
            .bits
            .get(sentence * self.words..(sentence + 1) * self.words)
            .unwrap_or(&[]);
        Candidates { bits: row, offset }
    }
}

/// The prefilter's answer for one rule over a document; `OPEN` lets every pattern run
/// (for callers that check a single rule without a scan, such as rule examples).
#[derive(Debug, Clone, Copy)]
pub struct Gate<'a> {
    scan: Option<&'a Scan>,
    offset: usize,
    /// Whether phrases may skip the work their words rule out (see
    /// `rules::PhraseIndex` and `Phrase::spans`).
    shortcuts: bool,
}

impl<'a> Gate<'a> {
    pub const OPEN: Gate<'static> = Gate {
        scan: None,
        offset: 0,
        shortcuts: true,
    };

    /// Every pattern runs, and every phrase is tried at every word: what the prefilter
    /// and the phrases' shortcuts must agree with.
    pub const EXHAUSTIVE: Gate<'static> = Gate {
        scan: None,
        offset: 0,
        shortcuts: false,
    };

    pub fn new(scan: &'a Scan, offset: usize) -> Self {
        Gate {
            scan: Some(scan),
            offset,
            shortcuts: true,
        }
    }

    pub fn shortcuts(&self) -> bool {
        self.shortcuts
    }

    /// A phrase's matches in a sentence: with its shortcuts, or tried at every word when
    /// this gate is exhaustive.
    pub fn phrase_spans(
        &self,
        phrase: &Phrase,
        words: &SentenceWords,
    ) -> Vec<std::ops::Range<usize>> {
        if self.shortcuts {
            phrase.spans(words)
        } else {
            phrase.spans_everywhere(words)
        }
    }

    /// `None` when every pattern may run in the sentence.
    pub fn sentence(&self, index: usize) -> Option<Candidates<'a>> {
        self.scan.map(|s| s.candidates(index, self.offset))
    }
}
