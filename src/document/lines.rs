use std::ops::Range;

/// A 1-based line and column; the column counts Unicode scalar values, as editors and
/// terminals show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Converts byte offsets to lines and columns. Built once per text; the one place where
/// positions are computed, so every front end agrees on them.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts. A BOM is skipped, so it never counts as a column.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![first];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The line and column of a byte offset into `text` (the text this index was built
    /// from). Offsets past the end, or inside a character, are clamped to a valid place.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.starts[line].min(offset);
        let column = text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The byte range of a 1-based line, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let idx = line.saturating_sub(1).min(self.starts.len() - 1);
        let start = self.starts[idx].min(text.len());
        let mut end = self.starts.get(idx + 1).map_or(text.len(), |&n| n - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "first\r\nzoë said “you made me”\n";
        let idx = LineIndex::new(text);
        let at = text.find("you").unwrap();
        assert_eq!(
            idx.position(text, at),
            Position {
                line: 2,
                column: 11
            }
        );
        assert_eq!(&text[idx.line_range(text, 1)], "first");
        assert_eq!(
            idx.position(text, text.len()),
            Position { line: 3, column: 1 }
        );
    }

    #[test]
    fn a_bom_does_not_shift_columns() {
        let text = "\u{feff}Hi";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 3), Position { line: 1, column: 1 });
        assert_eq!(idx.position(text, 1), Position { line: 1, column: 1 });
    }
}
