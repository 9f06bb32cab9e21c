//! Folding typographic punctuation to ASCII so that one pattern matches both "don't" and
//! "don’t", while remembering how to map offsets back to the original text.

/// Maps offsets in folded text back to offsets in the text it was folded from.
///
/// Holds one entry per folded character: the folded offset just after it and the total
/// number of bytes removed up to there. Empty (and free) for text with nothing to fold.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    shifts: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub fn to_original(&self, folded: usize) -> usize {
        let i = self.shifts.partition_point(|&(at, _)| at <= folded);
        if i == 0 {
            folded
        } else {
            folded + self.shifts[i - 1].1
        }
    }
}

/// The ASCII stand-in for a typographic character, if it has one.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => "\"",
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => " ",
        '\u{2026}' => "...",
        _ => return None,
    })
}

/// Returns the folded text and the map back to `text`. Folded forms are never longer
/// than the originals, so the map only ever adds.
pub fn normalize(text: &str) -> (String, OffsetMap) {
    if text.is_ascii() {
        return (text.to_string(), OffsetMap::default());
    }
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMap::default();
    let mut removed = 0;
    for c in text.chars() {
        match fold(c) {
            Some(ascii) => {
                out.push_str(ascii);
                let saved = c.len_utf8() - ascii.len();
                if saved > 0 {
                    removed += saved;
                    map.shifts.push((out.len(), removed));
                }
            }
            None => out.push(c),
        }
    }
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_offsets_map_back_to_the_original() {
        let text = "I’m “sorry”… ok";
        let (folded, map) = normalize(text);
        assert_eq!(folded, "I'm \"sorry\"... ok");
        for (needle_folded, needle_orig) in [("m", "m"), ("sorry", "sorry"), ("ok", "ok")] {
            let at = folded.find(needle_folded).unwrap();
            assert_eq!(map.to_original(at), text.find(needle_orig).unwrap());
        }
        assert_eq!(map.to_original(folded.len()), text.len());
        // The end of a folded apostrophe maps to the end of the original one.
        assert_eq!(map.to_original(2), "I’".len());
    }
}
