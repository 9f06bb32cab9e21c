//! The byte map: decoded bytes and text that keep, for every byte, the raw bytes of the
//! file it came from; and the file itself as text (`display`), with where each raw byte
//! of the body part landed in it.

use std::ops::Range;

/// Bytes (or text), each with the raw byte range `(start, end)` it was decoded from.
#[derive(Debug, Default, Clone)]
pub(super) struct Mapped<T> {
    pub(super) text: T,
    pub(super) units: Vec<(usize, usize)>,
}

pub(super) type MappedBytes = Mapped<Vec<u8>>;
pub(super) type MappedText = Mapped<String>;

impl MappedBytes {
    pub(super) fn push(&mut self, byte: u8, unit: (usize, usize)) {
        self.text.push(byte);
        self.units.push(unit);
    }

    /// The raw range covering decoded bytes `range` (which must be non-empty).
    pub(super) fn span(&self, range: Range<usize>) -> (usize, usize) {
        (self.units[range.start].0, self.units[range.end - 1].1)
    }
}

impl MappedText {
    /// Every byte of `c` gets the same unit, so any body offset maps to the start of the
    /// raw bytes of its character.
    pub(super) fn push(&mut self, c: char, unit: (usize, usize)) {
        self.text.push(c);
        self.units.extend(std::iter::repeat_n(unit, c.len_utf8()));
    }

    pub(super) fn push_str(&mut self, s: &str, unit: (usize, usize)) {
        for c in s.chars() {
            self.push(c, unit);
        }
    }

    pub(super) fn pop(&mut self) {
        if let Some(c) = self.text.pop() {
            self.units.truncate(self.units.len() - c.len_utf8());
        }
    }

    /// Characters with their units.
    pub(super) fn chars(&self) -> impl Iterator<Item = (char, (usize, usize))> + '_ {
        self.text.char_indices().map(|(i, c)| (c, self.units[i]))
    }
}

/// Where each raw byte of the body part landed in `display`.
pub(super) struct RawIndex {
    /// The raw offset of the body part.
    start: usize,
    /// For each raw byte of the part (and its end): its display offset if it starts a
    /// character of `display`, else [`RawIndex::INSIDE`].
    table: Vec<usize>,
}

impl RawIndex {
    const INSIDE: usize = usize::MAX;

    fn slot(&self, raw: usize) -> usize {
        raw.saturating_sub(self.start).min(self.table.len() - 1)
    }

    /// The display offset of the character holding raw byte `raw`.
    pub(super) fn floor(&self, raw: usize) -> usize {
        let mut i = self.slot(raw);
        while self.table[i] == Self::INSIDE && i > 0 {
            i -= 1;
        }
        self.table[i]
    }

    /// The display offset of the first character that starts at or after `raw`.
    pub(super) fn ceil(&self, raw: usize) -> usize {
        let mut i = self.slot(raw);
        while self.table[i] == Self::INSIDE && i + 1 < self.table.len() {
            i += 1;
        }
        self.table[i]
    }
}

/// The raw file as text, and where the body part's bytes landed in it.
pub(super) fn display_text(
    raw: &[u8],
    part: Range<usize>,
    inside: &[char; 256],
    outside: &[char; 256],
) -> (String, RawIndex) {
    let mut display = String::with_capacity(raw.len());
    push_lossy(&mut display, &raw[..part.start], outside, None);
    let mut table = Vec::with_capacity(part.len() + 1);
    push_lossy(&mut display, &raw[part.clone()], inside, Some(&mut table));
    table.push(display.len());
    push_lossy(&mut display, &raw[part.end..], outside, None);
    let index = RawIndex {
        start: part.start,
        table,
    };
    (display, index)
}

/// Appends `bytes` to `out`: UTF-8 as it is, any other byte as its character in `chars`.
/// With a `table`, records each byte's display offset (or [`RawIndex::INSIDE`]).
fn push_lossy(
    out: &mut String,
    bytes: &[u8],
    chars: &[char; 256],
    mut table: Option<&mut Vec<usize>>,
) {
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if let Some(table) = table.as_deref_mut() {
            let base = out.len();
            table.extend((0..valid.len()).map(|i| {
                if valid.is_char_boundary(i) {
                    base + i
                } else {
                    RawIndex::INSIDE
                }
            }));
        }
        out.push_str(valid);
        for &b in chunk.invalid() {
            if let Some(table) = table.as_deref_mut() {
                table.push(out.len());
            }
            out.push(chars[usize::from(b)]);
        }
    }
}
