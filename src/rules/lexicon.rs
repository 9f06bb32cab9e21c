//! Word classes and constructions, defined once (`rules/lexicon.toml`) and shared by
//! every rule's phrases: `@cause` in a phrase means any form of any verb of causing.
//!
//! A class lists lemmas; verbs are inflected here ("drive" also matches "drives",
//! "drove", "driven", "driving"), nouns get their plural, other words stand as written.
//! An entry may be a short phrase ("wind up", "leave no choice"); in a verb class its
//! first word is the one inflected. A construction is a named phrase. Users extend a
//! class or add one with a `lexicon.toml` in a pack folder: entries are added to the
//! class of the same name, so every rule using it follows.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::FileError;

/// What the entries of a class are, which decides the forms generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Verb,
    Noun,
    Word,
    Construction,
}

impl Part {
    const SECTIONS: [(&'static str, Part); 4] = [
        ("verbs", Part::Verb),
        ("nouns", Part::Noun),
        ("words", Part::Word),
        ("constructions", Part::Construction),
    ];
}

/// One named class or construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub part: Part,
    /// Lemmas (or, for a construction, its one phrase), in file order.
    pub items: Vec<String>,
}

/// Every class and construction by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    entries: BTreeMap<String, Entry>,
}

/// The lexicon built into the binary.
pub const BUILTIN_LEXICON: &str = include_str!("../../rules/lexicon.toml");

/// An entry a lexicon file added: its class, the entry, and where the file has it.
type Added = (String, String, std::ops::Range<usize>);

impl Lexicon {
    /// The built-in lexicon, parsed once per process. Its file is tested by `cargo test`.
    pub fn builtin() -> Arc<Lexicon> {
        static BUILTIN: OnceLock<Arc<Lexicon>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut lexicon = Lexicon::default();
                // A broken built-in lexicon is a build defect the tests catch; checking
                // then goes on with what could be read.
                let _ = lexicon.extend("built-in:lexicon.toml", BUILTIN_LEXICON);
                Arc::new(lexicon)
            })
            .clone()
    }

    pub fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Adds the classes of a lexicon file: entries of a class that exists are added to it
    /// (a class keeps its part of speech; a construction is replaced). Every problem is
    /// returned; what could be read is kept.
    pub fn extend(&mut self, origin: &str, source: &str) -> Result<(), Vec<FileError>> {
        let table = DeTable::parse(source).map_err(|e| {
            vec![match e.span() {
                Some(span) => FileError::at(origin, source, span.start, e.message().trim()),
                None => FileError::whole_file(origin, e.message().trim()),
            }]
        })?;
        let mut errors = Vec::new();
        let at = |span: std::ops::Range<usize>, message: String| {
            FileError::at(origin, source, span.start, message)
        };
        // What this file added, and each construction it replaced, so an entry that is not
        // a phrase can be taken out again (below).
        let mut added: Vec<Added> = Vec::new();
        let mut replaced: Vec<(String, Option<Entry>)> = Vec::new();
        for (key, value) in table.get_ref() {
            let section = key.get_ref().as_ref();
            let Some((_, part)) = Part::SECTIONS.iter().find(|(s, _)| *s == section) else {
                let hint =
                    crate::suggest::did_you_mean(section, Part::SECTIONS.iter().map(|(s, _)| *s));
                errors.push(at(
                    key.span(),
                    format!(
                        "unknown section `[{section}]`{hint}; a lexicon file holds [verbs], [nouns], [words] and [constructions]"
                    ),
                ));
                continue;
            };
            let DeValue::Table(classes) = value.get_ref() else {
                errors.push(at(
                    value.span(),
                    format!("`{section}` is a table: `[{section}]` with one line per class"),
                ));
                continue;
            };
            for (name, items) in classes {
                let name = name.get_ref().to_string();
                match read_items(*part, items) {
                    Ok(items) => {
                        if *part == Part::Construction {
                            replaced.push((name.clone(), self.entries.get(&name).cloned()));
                        }
                        added.extend(
                            items
                                .iter()
                                .map(|(i, span)| (name.clone(), i.clone(), span.clone())),
                        );
                        let items = items.into_iter().map(|(i, _)| i).collect();
                        self.add(&name, *part, items, |m| {
                            errors.push(at(key.span(), m));
                        });
                    }
                    Err(message) => errors.push(at(items.span(), message)),
                }
            }
        }
        // The built-in file is checked by the tests; a user's entry that is not a phrase is
        // left out here, where its line is known, rather than breaking every rule that
        // uses its class.
        if !origin.starts_with("built-in:") {
            for ((name, item, span), message) in self.unreadable(&added) {
                errors.push(at(
                    span.clone(),
                    format!("`{item}` in `@{name}` is left out: {message}"),
                ));
                match replaced.iter().find(|(n, _)| n == name) {
                    Some((_, Some(previous))) => {
                        self.entries.insert(name.clone(), previous.clone());
                    }
                    Some((_, None)) => {
                        self.entries.remove(name);
                    }
                    None => {
                        if let Some(entry) = self.entries.get_mut(name) {
                            entry.items.retain(|i| i != item);
                        }
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            FileError::sort(&mut errors);
            Err(errors)
        }
    }

    /// Of `added`, the entries that do not read as a phrase against the whole lexicon,
    /// each with the reason.
    fn unreadable<'a>(&self, added: &'a [Added]) -> Vec<(&'a Added, String)> {
        if added.is_empty() {
            return Vec::new();
        }
        let lexicon = Arc::new(self.clone());
        let classes = super::phrase::Classes::default();
        let env = super::phrase::Env {
            lexicon: &lexicon,
            partner: None,
            classes: &classes,
        };
        added
            .iter()
            .filter_map(|added| {
                super::phrase::Phrase::new(&added.1, &env)
                    .err()
                    .map(|e| (added, e))
            })
            .collect()
    }

    fn add(&mut self, name: &str, part: Part, items: Vec<String>, mut error: impl FnMut(String)) {
        match self.entries.get_mut(name) {
            Some(entry) if entry.part != part => error(format!(
                "`{name}` is already a class of another kind (in `[{}]`); add to it there",
                Part::SECTIONS
                    .iter()
                    .find(|(_, p)| *p == entry.part)
                    .map_or("", |(s, _)| s)
            )),
            Some(entry) if part == Part::Construction => entry.items = items,
            Some(entry) => {
                for item in items {
                    if !entry.items.contains(&item) {
                        entry.items.push(item);
                    }
                }
            }
            None => {
                self.entries.insert(name.to_string(), Entry { part, items });
            }
        }
    }
}

/// A class's entries, each with its place in the file.
fn read_items(
    part: Part,
    value: &Spanned<DeValue<'_>>,
) -> Result<Vec<(String, std::ops::Range<usize>)>, String> {
    match (part, value.get_ref()) {
        (Part::Construction, DeValue::String(s)) => Ok(vec![(s.to_string(), value.span())]),
        (Part::Construction, _) => Err("a construction is one phrase in quotes".into()),
        (_, DeValue::Array(items)) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => {
                    Ok((s.trim().to_string(), item.span()))
                }
                _ => Err("each entry of a class is a word or a short phrase in quotes".into()),
            })
            .collect(),
        _ => Err("a class is a list of words in quotes: `name = [\"one\", \"two\"]`".into()),
    }
}

/// Every form of a verb: "drive" → drive, drives, drove, driven, driving.
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let mut forms = vec![lemma.to_string(), third_person(lemma), ing(lemma)];
    match IRREGULAR.iter().find(|(base, _)| *base == lemma) {
        Some((_, past)) => forms.extend(past.split('/').map(str::to_string)),
        None => forms.push(past(lemma)),
    }
    // British doubling ("travelled", "cancelling") beside the American forms.
    if doubles_l(lemma) {
        forms.push(format!("{lemma}led"));
        forms.push(format!("{lemma}ling"));
    }
    forms.sort();
    forms.dedup();
    forms
}

/// A noun and its plural.
pub fn noun_forms(lemma: &str) -> Vec<String> {
    let plural = match lemma {
        "person" => "people".to_string(),
        "child" => "children".to_string(),
        "man" => "men".to_string(),
        "woman" => "women".to_string(),
        "life" => "lives".to_string(),
        "wife" => "wives".to_string(),
        _ => third_person(lemma),
    };
    vec![lemma.to_string(), plural]
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn third_person(w: &str) -> String {
    let b = w.as_bytes();
    if w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh")
        || w == "go"
        || w == "do"
    {
        format!("{w}es")
    } else if w.len() > 1 && w.ends_with('y') && !is_vowel(b[b.len() - 2]) {
        format!("{}ies", &w[..w.len() - 1])
    } else {
        format!("{w}s")
    }
}

/// Whether the final consonant doubles before "-ed" and "-ing": one-syllable words
/// ending consonant–vowel–consonant ("stop", "snap", "beg"), and a few stressed longer ones.
fn doubles(w: &str) -> bool {
    const STRESSED: &[&str] = &[
        "admit", "commit", "regret", "prefer", "refer", "occur", "control", "patrol", "compel",
        "propel", "rebel", "omit", "permit", "submit", "upset", "forget",
    ];
    if STRESSED.contains(&w) {
        return true;
    }
    let b = w.as_bytes();
    let n = b.len();
    if n < 3 || matches!(b[n - 1], b'w' | b'x' | b'y') {
        return false;
    }
    let vowels = b.iter().filter(|c| is_vowel(**c)).count();
    vowels == 1 && !is_vowel(b[n - 1]) && is_vowel(b[n - 2]) && !is_vowel(b[n - 3])
}

fn doubles_l(w: &str) -> bool {
    let b = w.as_bytes();
    let n = b.len();
    n > 3 && b[n - 1] == b'l' && is_vowel(b[n - 2]) && !is_vowel(b[n - 3]) && !doubles(w)
}

fn past(w: &str) -> String {
    let b = w.as_bytes();
    if w.ends_with('e') {
        format!("{w}d")
    } else if w.len() > 1 && w.ends_with('y') && !is_vowel(b[b.len() - 2]) {
        format!("{}ied", &w[..w.len() - 1])
    } else if doubles(w) {
        format!("{w}{}ed", &w[w.len() - 1..])
    } else {
        format!("{w}ed")
    }
}

fn ing(w: &str) -> String {
    if let Some(stem) = w.strip_suffix("ie") {
        format!("{stem}ying")
    } else if w.ends_with('e')
        && !w.ends_with("ee")
        && !w.ends_with("ye")
        && !w.ends_with("oe")
        && w.len() > 2
    {
        format!("{}ing", &w[..w.len() - 1])
    } else if doubles(w) {
        format!("{w}{}ing", &w[w.len() - 1..])
    } else {
        format!("{w}ing")
    }
}

/// Irregular verbs: base, then past and participle forms separated by `/`.
const IRREGULAR: &[(&str, &str)] = &[
    ("be", "am/is/are/was/were/been"),
    ("have", "had"),
    ("do", "did/done"),
    ("go", "went/gone"),
    ("make", "made"),
    ("drive", "drove/driven"),
    ("leave", "left"),
    ("lead", "led"),
    ("wind", "wound/winded"),
    ("set", "set"),
    ("put", "put"),
    ("give", "gave/given"),
    ("take", "took/taken"),
    ("get", "got/gotten"),
    ("see", "saw/seen"),
    ("come", "came"),
    ("say", "said"),
    ("tell", "told"),
    ("think", "thought"),
    ("feel", "felt"),
    ("keep", "kept"),
    ("buy", "bought"),
    ("bring", "brought"),
    ("fight", "fought"),
    ("forget", "forgot/forgotten"),
    ("forgive", "forgave/forgiven"),
    ("hurt", "hurt"),
    ("hit", "hit"),
    ("cut", "cut"),
    ("let", "let"),
    ("quit", "quit"),
    ("break", "broke/broken"),
    ("speak", "spoke/spoken"),
    ("write", "wrote/written"),
    ("know", "knew/known"),
    ("throw", "threw/thrown"),
    ("lose", "lost"),
    ("mean", "meant"),
    ("send", "sent"),
    ("spend", "spent"),
    ("stand", "stood"),
    ("understand", "understood"),
    ("run", "ran"),
    ("begin", "began/begun"),
    ("drink", "drank/drunk"),
    ("sleep", "slept"),
    ("sit", "sat"),
    ("find", "found"),
    ("hold", "held"),
    ("hear", "heard"),
    ("meet", "met"),
    ("pay", "paid"),
    ("sell", "sold"),
    ("shut", "shut"),
    ("beat", "beat/beaten"),
    ("blow", "blew/blown"),
    ("choose", "chose/chosen"),
    ("draw", "drew/drawn"),
    ("eat", "ate/eaten"),
    ("fall", "fell/fallen"),
    ("grow", "grew/grown"),
    ("hide", "hid/hidden"),
    ("ride", "rode/ridden"),
    ("shake", "shook/shaken"),
    ("steal", "stole/stolen"),
    ("swear", "swore/sworn"),
    ("tear", "tore/torn"),
    ("wake", "woke/woken"),
    ("wear", "wore/worn"),
    ("win", "won"),
    ("build", "built"),
    ("deal", "dealt"),
    ("lend", "lent"),
    ("mislead", "misled"),
    ("read", "read"),
    ("seek", "sought"),
    ("shoot", "shot"),
    ("stick", "stuck"),
    ("strike", "struck"),
    ("teach", "taught"),
    ("weep", "wept"),
    ("withdraw", "withdrew/withdrawn"),
    ("catch", "caught"),
    ("feed", "fed"),
    ("hang", "hung"),
    ("upset", "upset"),
    ("bet", "bet"),
    ("bear", "bore/borne"),
    ("sneak", "snuck/sneaked"),
    ("show", "showed/shown"),
    ("prove", "proved/proven"),
    ("lie", "lied/lay/lain"),
    ("overreact", "overreacted"),
    ("overthink", "overthought"),
    ("overdo", "overdid/overdone"),
    ("undo", "undid/undone"),
    ("blow", "blew/blown"),
    ("fly", "flew/flown"),
    ("swing", "swung"),
    ("sink", "sank/sunk"),
    ("ring", "rang/rung"),
    ("freeze", "froze/frozen"),
    ("bite", "bit/bitten"),
    ("dig", "dug"),
    ("spill", "spilled/spilt"),
    ("burn", "burned/burnt"),
    ("learn", "learned/learnt"),
    ("dream", "dreamed/dreamt"),
    ("kneel", "knelt/kneeled"),
    ("cling", "clung"),
    ("flee", "fled"),
    ("slide", "slid"),
    ("spread", "spread"),
    ("split", "split"),
    ("cost", "cost"),
    ("light", "lit/lighted"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_get_their_forms() {
        assert_eq!(
            verb_forms("drive"),
            ["drive", "driven", "drives", "driving", "drove"]
        );
        assert_eq!(verb_forms("push"), ["push", "pushed", "pushes", "pushing"]);
        assert_eq!(verb_forms("snap"), ["snap", "snapped", "snapping", "snaps"]);
        assert_eq!(verb_forms("cry"), ["cried", "cries", "cry", "crying"]);
        assert_eq!(
            verb_forms("provoke"),
            ["provoke", "provoked", "provokes", "provoking"]
        );
        assert_eq!(
            verb_forms("lie"),
            ["lain", "lay", "lie", "lied", "lies", "lying"]
        );
        assert!(verb_forms("cancel").contains(&"cancelled".to_string()));
        assert!(verb_forms("cancel").contains(&"canceled".to_string()));
        assert!(verb_forms("admit").contains(&"admitted".to_string()));
        assert!(verb_forms("visit").contains(&"visited".to_string()));
        assert_eq!(noun_forms("choice"), ["choice", "choices"]);
    }

    #[test]
    fn the_builtin_lexicon_reads_without_errors() {
        let mut lexicon = Lexicon::default();
        let result = lexicon.extend("built-in:lexicon.toml", BUILTIN_LEXICON);
        assert!(result.is_ok(), "{result:#?}");
        assert!(lexicon.get("cause").is_some());
    }

    /// The errors of extending `lexicon` with `text`, as the writer reads them.
    fn errors_of(lexicon: &mut Lexicon, origin: &str, text: &str) -> Vec<String> {
        match lexicon.extend(origin, text) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn every_builtin_entry_reads_as_a_phrase() {
        let lexicon = Lexicon::builtin();
        let all: Vec<Added> = lexicon
            .entries
            .iter()
            .flat_map(|(name, e)| e.items.iter().map(|i| (name.clone(), i.clone(), 0..0)))
            .collect();
        assert!(all.len() > 100);
        assert_eq!(lexicon.unreadable(&all), Vec::<(&Added, String)>::new());
    }

    #[test]
    fn a_user_entry_that_is_not_a_phrase_is_left_out_where_it_is_written() {
        let mut lexicon = (*Lexicon::builtin()).clone();
        let before = lexicon.get("cause").unwrap().items.len();
        let errors = errors_of(
            &mut lexicon,
            "mine",
            "[verbs]\ncause = [\"hector\", \"egg (on\"]\n[constructions]\nif-you-had = \"(if\"\n",
        );
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(
            errors[0]
                .starts_with("mine:2:20: `egg (on` in `@cause` is left out: a `(` is not closed"),
            "{errors:#?}"
        );
        assert!(
            errors[1].starts_with("mine:4:14: `(if` in `@if-you-had`"),
            "{errors:#?}"
        );
        // The good entry stays, the bad one goes; the replaced construction comes back.
        let cause = &lexicon.get("cause").unwrap().items;
        assert_eq!(cause.len(), before + 1);
        assert!(cause.contains(&"hector".to_string()));
        assert_eq!(
            lexicon.get("if-you-had"),
            Lexicon::builtin().get("if-you-had")
        );
        let errors = errors_of(
            &mut lexicon,
            "loops",
            "[constructions]\nloop-a = \"@loop-b\"\nloop-b = \"@loop-a\"\n",
        );
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!(
            errors[0],
            "loops:2:10: `@loop-b` in `@loop-a` is left out: in `@loop-b` (\"@loop-a\"): constructions use each other in a loop"
        );
        assert!(lexicon.get("loop-a").is_none());
    }

    #[test]
    fn a_user_lexicon_adds_to_a_class_and_its_errors_are_located() {
        let mut lexicon = Lexicon::default();
        lexicon
            .extend("a", "[verbs]\ncause = [\"make\"]\n")
            .unwrap();
        lexicon
            .extend("b", "[verbs]\ncause = [\"goad\", \"make\"]\n")
            .unwrap();
        assert_eq!(lexicon.get("cause").unwrap().items, ["make", "goad"]);
        let errors = errors_of(
            &mut lexicon,
            "c",
            "[verb]\nx = [\"y\"]\n[words]\ncause = [\"z\"]\nbad = 3\n",
        );
        assert_eq!(errors.len(), 3, "{errors:#?}");
        assert!(
            errors[0].starts_with("c:1:2: unknown section `[verb]` (did you mean `verbs`?)"),
            "{errors:#?}"
        );
        assert!(
            errors[1].contains("already a class of another kind (in `[verbs]`)"),
            "{errors:#?}"
        );
        assert!(
            errors[2].starts_with("c:5:7: a class is a list"),
            "{errors:#?}"
        );
    }
}
