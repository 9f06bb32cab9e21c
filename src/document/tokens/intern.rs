//! A number for each canonical word that a phrase names, the same for the whole process,
//! so matching a phrase compares numbers rather than strings. Only phrases add words; a
//! sentence's words are looked up, and a word no phrase names gets [`UNKNOWN`], which
//! matches nothing.

use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use rustc_hash::FxHashMap;

/// A canonical word's number.
pub type WordId = u32;

/// The number of a word no phrase names (and of a missing second reading).
pub const UNKNOWN: WordId = WordId::MAX;

#[derive(Default)]
struct Table {
    ids: FxHashMap<Arc<str>, WordId>,
    words: Vec<Arc<str>>,
}

fn table() -> &'static RwLock<Table> {
    static TABLE: OnceLock<RwLock<Table>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The word's number, given it one if it has none yet.
pub fn intern(word: &str) -> WordId {
    if let Some(id) = word_id(word) {
        return id;
    }
    let mut table = table().write().unwrap_or_else(PoisonError::into_inner);
    if let Some(&id) = table.ids.get(word) {
        return id;
    }
    let id = match WordId::try_from(table.words.len()) {
        Ok(id) if id != UNKNOWN => id,
        _ => return UNKNOWN,
    };
    let word: Arc<str> = Arc::from(word);
    table.words.push(word.clone());
    table.ids.insert(word, id);
    id
}

/// The word's number, if a phrase has named it.
pub fn word_id(word: &str) -> Option<WordId> {
    let table = table().read().unwrap_or_else(PoisonError::into_inner);
    table.ids.get(word).copied()
}

/// The word a number stands for.
pub fn word_of(id: WordId) -> Option<Arc<str>> {
    let table = table().read().unwrap_or_else(PoisonError::into_inner);
    table.words.get(id as usize).cloned()
}

/// How many words have numbers: every number given so far is below it.
pub fn known() -> WordId {
    let table = table().read().unwrap_or_else(PoisonError::into_inner);
    WordId::try_from(table.words.len()).unwrap_or(UNKNOWN)
}
