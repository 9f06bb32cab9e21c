//! An open document's text as the server keeps it: a rope edited in place by the
//! client's incremental changes, and the conversions between the client's positions
//! (line and character, counted in the negotiated encoding) and byte offsets.
//!
//! Nothing here knows the LSP types; [`super::protocol`] converts at the edge. Lines end
//! at `\n`, `\r\n` or `\r`, as the protocol says (the rope is built without Unicode line
//! breaks so U+2028 does not start a line the client does not see).

use ropey::Rope;

/// How the client counts characters within a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 code units (bytes): offered by newer clients, cheapest for us.
    Utf8,
    /// UTF-16 code units: the protocol's default, used when the client offers nothing else.
    #[default]
    Utf16,
}

/// A position as the client counts it: zero-based line, and code units into that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub character: u32,
}

impl Pos {
    pub fn new(line: u32, character: u32) -> Self {
        Pos { line, character }
    }
}

/// A byte offset resolved from a client position, and whether it had to be moved to
/// land inside the text (a line past the end, a character past the line's end, or a
/// character inside a multi-unit character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub byte: usize,
    pub clamped: bool,
}

/// The text of one open document.
#[derive(Debug, Clone)]
pub struct Text {
    rope: Rope,
}

impl Text {
    pub fn new(text: &str) -> Self {
        Text {
            rope: Rope::from_str(text),
        }
    }

    pub fn len_bytes(&self) -> usize {
        self.rope.len_bytes()
    }

    /// Replaces the whole text (a change event without a range).
    pub fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
    }

    /// Replaces the text between two client positions. Positions outside the text are
    /// clamped to it and a reversed range is put in order; returns whether anything had
    /// to be adjusted, so the caller can log it.
    pub fn edit(&mut self, start: Pos, end: Pos, new_text: &str, enc: Encoding) -> bool {
        let a = self.resolve(start, enc);
        let b = self.resolve(end, enc);
        let (from, to) = if a.byte <= b.byte {
            (a.byte, b.byte)
        } else {
            (b.byte, a.byte)
        };
        let from_char = self.rope.byte_to_char(from);
        let to_char = self.rope.byte_to_char(to);
        self.rope.remove(from_char..to_char);
        self.rope.insert(from_char, new_text);
        a.clamped || b.clamped || a.byte > b.byte
    }

    /// The byte offset of a client position, clamped into the text.
    pub fn resolve(&self, pos: Pos, enc: Encoding) -> Resolved {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return Resolved {
                byte: self.rope.len_bytes(),
                clamped: true,
            };
        }
        let slice = self.rope.line(line);
        let content_chars = slice.len_chars() - line_break_chars(&slice);
        let want = pos.character as usize;
        let (chars, exact) = match enc {
            Encoding::Utf8 => {
                let content_bytes = slice.char_to_byte(content_chars);
                if want > content_bytes {
                    (content_chars, false)
                } else {
                    let c = slice.byte_to_char(want);
                    (c, slice.char_to_byte(c) == want)
                }
            }
            Encoding::Utf16 => {
                let content_units = slice.char_to_utf16_cu(content_chars);
                if want > content_units {
                    (content_chars, false)
                } else {
                    let c = slice.utf16_cu_to_char(want);
                    (c, slice.char_to_utf16_cu(c) == want)
                }
            }
        };
        let line_start = self.rope.line_to_byte(line);
        Resolved {
            byte: line_start + slice.char_to_byte(chars),
            clamped: !exact,
        }
    }

    /// The client position of a byte offset (which must be on a character boundary; one
    /// that is not is taken at the start of its character).
    pub fn position(&self, byte: usize, enc: Encoding) -> Pos {
        let byte = byte.min(self.rope.len_bytes());
        let line = self.rope.byte_to_line(byte);
        let line_start_char = self.rope.line_to_char(line);
        let char_idx = self.rope.byte_to_char(byte);
        let character = match enc {
            Encoding::Utf8 => byte - self.rope.line_to_byte(line),
            Encoding::Utf16 => {
                self.rope.char_to_utf16_cu(char_idx) - self.rope.char_to_utf16_cu(line_start_char)
            }
        };
        Pos::new(saturate(line), saturate(character))
    }

    /// The position just past the last character: the end of a whole-text replacement.
    pub fn end(&self, enc: Encoding) -> Pos {
        self.position(self.rope.len_bytes(), enc)
    }

    /// The text between two byte offsets (clamped), for reading a finding's phrase.
    pub fn slice(&self, from: usize, to: usize) -> String {
        let to = to.min(self.rope.len_bytes());
        let from = from.min(to);
        let a = self.rope.byte_to_char(from);
        let b = self.rope.byte_to_char(to);
        self.rope.slice(a..b).to_string()
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for chunk in self.rope.chunks() {
            f.write_str(chunk)?;
        }
        Ok(())
    }
}

/// How many characters at the end of a line are its line break (0, 1 or 2).
fn line_break_chars(line: &ropey::RopeSlice) -> usize {
    let n = line.len_chars();
    let last = (n > 0).then(|| line.char(n - 1));
    match last {
        Some('\n') if n > 1 && line.char(n - 2) == '\r' => 2,
        Some('\n' | '\r') => 1,
        _ => 0,
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENCODINGS: [Encoding; 2] = [Encoding::Utf8, Encoding::Utf16];

    /// The position of `needle` in `text`, counted by hand the way a client would.
    fn client_position(text: &str, needle: &str, enc: Encoding) -> Pos {
        let at = text.find(needle).expect("needle in text");
        let before = &text[..at];
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = before
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| *c == '\n' || *c == '\r')
            .count();
        let prefix = &before[line_start..];
        let character = match enc {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
        };
        Pos::new(line as u32, character as u32)
    }

    #[test]
    fn emoji_cjk_and_combining_marks_do_not_shift_positions() {
        let text = "Dear 🌻 Sam,\r\n我很抱歉。 Café\u{301} — you made me do it.\n";
        let doc = Text::new(text);
        let at = text.find("you made").expect("phrase");
        for enc in ENCODINGS {
            let pos = doc.position(at, enc);
            assert_eq!(pos, client_position(text, "you made", enc), "{enc:?}");
            assert_eq!(
                doc.resolve(pos, enc),
                Resolved {
                    byte: at,
                    clamped: false
                }
            );
        }
        // The emoji is two UTF-16 units and four bytes wide.
        assert_eq!(
            doc.position(text.find(" Sam").expect("Sam"), Encoding::Utf16),
            Pos::new(0, 7)
        );
        assert_eq!(
            doc.position(text.find(" Sam").expect("Sam"), Encoding::Utf8),
            Pos::new(0, 9)
        );
    }

    #[test]
    fn incremental_edits_match_editing_a_string() {
        for enc in ENCODINGS {
            let mut doc = Text::new("I'm sorry.\nYou made me 😀 do it.\nLove, Alex\n");
            // Insert a multibyte word after the emoji on line 1.
            let after_emoji = client_position(&doc.to_string(), " do it", enc);
            doc.edit(after_emoji, after_emoji, " 真的", enc);
            assert_eq!(
                doc.to_string(),
                "I'm sorry.\nYou made me 😀 真的 do it.\nLove, Alex\n"
            );
            // Delete across lines: from "sorry" to the start of "Love".
            let s = doc.to_string();
            let from = client_position(&s, "sorry", enc);
            let to = client_position(&s, "Love", enc);
            assert!(!doc.edit(from, to, "", enc));
            assert_eq!(doc.to_string(), "I'm Love, Alex\n");
        }
    }

    #[test]
    fn out_of_range_edits_are_clamped_not_fatal() {
        let mut doc = Text::new("short\nline");
        assert!(doc.edit(Pos::new(0, 99), Pos::new(0, 120), "!", Encoding::Utf16));
        assert_eq!(doc.to_string(), "short!\nline");
        assert!(doc.edit(Pos::new(40, 0), Pos::new(50, 3), " end", Encoding::Utf8));
        assert_eq!(doc.to_string(), "short!\nline end");
        // A reversed range is put in order.
        assert!(doc.edit(Pos::new(0, 5), Pos::new(0, 0), "", Encoding::Utf8));
        assert_eq!(doc.to_string(), "!\nline end");
    }

    #[test]
    fn a_character_inside_a_surrogate_pair_or_utf8_sequence_rounds_down() {
        let doc = Text::new("a😀b");
        let utf16 = doc.resolve(Pos::new(0, 2), Encoding::Utf16);
        assert_eq!(
            utf16,
            Resolved {
                byte: 1,
                clamped: true
            }
        );
        let utf8 = doc.resolve(Pos::new(0, 3), Encoding::Utf8);
        assert_eq!(
            utf8,
            Resolved {
                byte: 1,
                clamped: true
            }
        );
        assert_eq!(doc.resolve(Pos::new(0, 3), Encoding::Utf16).byte, 5);
    }

    #[test]
    fn line_breaks_are_the_protocols_only() {
        // U+2028 is not a line break for LSP clients; \r alone is.
        let doc = Text::new("one\u{2028}two\rthree");
        assert_eq!(
            doc.position(doc.len_bytes(), Encoding::Utf16),
            Pos::new(1, 5)
        );
        assert_eq!(doc.end(Encoding::Utf8), Pos::new(1, 5));
        // A character past the end of a CRLF line stops before the line break.
        let crlf = Text::new("ab\r\ncd");
        assert_eq!(crlf.resolve(Pos::new(0, 9), Encoding::Utf8).byte, 2);
    }
}
