//! Charsets: the transfer-decoded bytes read as text with the map kept (mail-parser's
//! decoders do the reading), CRLF joined to LF, and the character each byte that is not
//! UTF-8 is shown as.

use mail_parser::decoders::charsets::DecoderFnc;

use super::map::{MappedBytes, MappedText};

/// Charset decoding with the units kept. Without a charset, or for UTF-8 and names the
/// parser does not know, the bytes are read as UTF-8 (invalid sequences as U+FFFD), as
/// mail-parser does. Otherwise mail-parser's decoder for the charset is used as finely as
/// it allows: byte by byte for single-byte charsets (every byte is one character), line by
/// line for multi-byte ones, and the whole part as one unit when neither reproduces what
/// the decoder makes of the whole (UTF-16).
pub(super) fn charset(input: &MappedBytes, decoder: Option<DecoderFnc>) -> MappedText {
    let Some(decoder) = decoder else {
        return utf8_lossy(input);
    };
    let whole = decoder(&input.text);
    by_byte(input, decoder, &whole)
        .or_else(|| by_line(input, decoder, &whole))
        .unwrap_or_else(|| as_one_unit(input, whole))
}

fn utf8_lossy(input: &MappedBytes) -> MappedText {
    let mut out = MappedText::default();
    let mut at = 0;
    for chunk in input.text.utf8_chunks() {
        for c in chunk.valid().chars() {
            out.push(c, input.span(at..at + c.len_utf8()));
            at += c.len_utf8();
        }
        // One U+FFFD per invalid sequence, as `String::from_utf8_lossy` writes it.
        let bad = chunk.invalid().len();
        if bad > 0 {
            out.push(char::REPLACEMENT_CHARACTER, input.span(at..at + bad));
            at += bad;
        }
    }
    out
}

/// Whether `decoder` reads every byte as its own character (a single-byte charset).
pub(super) fn is_bytewise(decoder: DecoderFnc) -> bool {
    let all: Vec<u8> = (0..=255).collect();
    let one_by_one: String = all.iter().map(|&b| decoder(&[b])).collect();
    decoder(&all) == one_by_one
}

fn by_byte(input: &MappedBytes, decoder: DecoderFnc, whole: &str) -> Option<MappedText> {
    let table: Vec<String> = (0..=255u8).map(|b| decoder(&[b])).collect();
    let mut out = MappedText::default();
    for (&byte, &unit) in input.text.iter().zip(&input.units) {
        out.push_str(&table[usize::from(byte)], unit);
    }
    (out.text == whole).then_some(out)
}

fn by_line(input: &MappedBytes, decoder: DecoderFnc, whole: &str) -> Option<MappedText> {
    let mut out = MappedText::default();
    let mut start = 0;
    for line in input.text.split_inclusive(|&b| b == b'\n') {
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        if !content.is_empty() {
            out.push_str(&decoder(content), input.span(start..start + content.len()));
        }
        if content.len() < line.len() {
            let at = start + content.len();
            out.push('\n', input.units[at]);
        }
        start += line.len();
    }
    (out.text == whole).then_some(out)
}

fn as_one_unit(input: &MappedBytes, whole: String) -> MappedText {
    let mut out = MappedText::default();
    if !input.text.is_empty() {
        out.push_str(&whole, input.span(0..input.text.len()));
    }
    out
}

/// CRLF becomes LF, mapped to both raw line-end bytes.
pub(super) fn join_crlf(input: &MappedText) -> MappedText {
    let mut out = MappedText::default();
    let mut chars = input.chars().peekable();
    while let Some((c, unit)) = chars.next() {
        if c == '\r'
            && let Some(&('\n', next)) = chars.peek()
        {
            chars.next();
            out.push('\n', (unit.0, next.1));
        } else {
            out.push(c, unit);
        }
    }
    out
}

/// The character shown for each non-UTF-8 byte: what a single-byte `decoder` reads it as,
/// when that is one printable character, else U+FFFD.
pub(super) fn display_chars(decoder: Option<DecoderFnc>) -> [char; 256] {
    let mut table = [char::REPLACEMENT_CHARACTER; 256];
    if let Some(decoder) = decoder {
        for (b, slot) in (0..=255u8).zip(table.iter_mut()) {
            let mut chars = decoder(&[b]).chars().collect::<Vec<_>>().into_iter();
            if let (Some(c), None) = (chars.next(), chars.next())
                && !c.is_control()
            {
                *slot = c;
            }
        }
    }
    table
}
