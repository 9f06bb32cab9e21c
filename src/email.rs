//! Reading an `.eml` file as a person reads it: the raw bytes of a message become the body
//! to lint, with a map back to the bytes on disk.
//!
//! Mail on disk is rarely the letter as written. The body may be quoted-printable or
//! base64, in a charset other than UTF-8, and only one part of a multipart message (a
//! text/plain part beside a text/html one, attachments). [`decode`] picks the part a person
//! would read, undoes its transfer encoding and its charset, and keeps for every byte of
//! the result the bytes of the file it came from, so that a finding in the decoded body is
//! shown on the same words as they are in the file.
//!
//! `mail-parser` finds the structure: which part is the body, where its bytes are, how it
//! is encoded and in which charset. The decoding itself is redone here, because
//! mail-parser returns decoded text with no way back to the raw bytes; the tests check
//! that both decodings give the same text. Pure: bytes in, values out, no I/O.

use std::ops::Range;

use mail_parser::decoders::charsets::DecoderFnc;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Encoding, Message, MessageParser, MimeHeaders, PartType};

/// Why a file cannot be read as an email. The messages are shown to the writer as they
/// are, after the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing in the file looks like a header block, so it is no email message.
    #[error("not an email message: no header block was found")]
    NotEmail,
    /// A message whose parts are all attachments, images or other non-text content.
    #[error("the message has no text part to check (no text/plain or text/html body)")]
    NoTextPart,
    /// The parser counts offsets in 32 bits; no letter comes anywhere near this.
    #[error("the message is too large to read (over 4 GiB)")]
    TooLarge,
}

/// A message read for linting: the body to lint, the file as text to show, and the map
/// between the two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedEmail {
    /// The text shown in reports: the raw file as text. Lossless when the file is UTF-8
    /// (or ASCII, as encoded mail is); any other byte becomes one character (from the
    /// body's charset inside an 8-bit body, else Windows-1252 / Latin-1, else U+FFFD), so
    /// every byte of the file keeps a place in `display`.
    pub display: String,
    /// The text to lint: the first text/plain part (else the first text/html part reduced
    /// to text: tags dropped, block elements as line breaks, entities decoded, quoted
    /// `<blockquote>`s, `<head>`, `<style>` and `<script>` left out), transfer-decoded
    /// (quoted-printable, base64), charset-decoded to UTF-8, with CRLF line ends as LF.
    pub body: String,
    /// For each byte offset `k` of `body` (and `body.len()`): where the bytes that produced
    /// `body[k..]` start in `display`. `starts[body.len()]` is the end of the body part.
    starts: Vec<usize>,
    /// For each byte offset `k` of `body`: where the bytes that produced `body[..k]` end in
    /// `display`. `ends[0]` is the start of the body part.
    ends: Vec<usize>,
}

impl DecodedEmail {
    /// The offset in `display` where the bytes that produced `body[body_offset..]` begin:
    /// the exact encoded characters for 7bit/8bit and quoted-printable bodies (an escape
    /// such as `=E2=80=99` maps to its `=`), the base64 character that starts the decoded
    /// byte for base64 bodies (so always the right encoded line). `body.len()` (and
    /// anything past it) maps to the end of the body part. Always a char boundary of
    /// `display`; never decreasing as `body_offset` grows.
    ///
    /// Use it for the start of a span. For the end, [`Self::to_display_span`] is better:
    /// the start of the next body byte can lie past a soft line break (`=\n`) or on the
    /// next line, which would stretch the shown span over a line break.
    pub fn to_display(&self, body_offset: usize) -> usize {
        self.starts[body_offset.min(self.body.len())]
    }

    /// The range of `display` that produced `body[span]`: from where its first byte's
    /// encoding starts to where its last byte's encoding ends, so a phrase before a soft
    /// line break ends on that line and `’` written as `=E2=80=99` covers all nine
    /// characters. An empty span maps to an empty range at [`Self::to_display`]. Both
    /// ends are char boundaries of `display`, start <= end, and each end is monotonic in
    /// the matching end of `span`.
    pub fn to_display_span(&self, span: Range<usize>) -> Range<usize> {
        let len = self.body.len();
        let start = span.start.min(len);
        let end = span.end.min(len);
        let from = self.starts[start];
        if end <= start {
            return from..from;
        }
        from..self.ends[end].max(from)
    }

    /// The span of `body` that `display[span]` shows: the inverse of
    /// [`Self::to_display_span`] for the spans it gives, widened to whole characters. For
    /// what people read (a snippet, a quoted phrase), which must be the decoded words and
    /// not their transfer encoding.
    pub fn to_body_span(&self, span: Range<usize>) -> Range<usize> {
        let len = self.body.len();
        let mut start = self.starts[..len].partition_point(|&x| x < span.start);
        let mut end = self.ends[1..=len]
            .partition_point(|&x| x <= span.end)
            .max(start);
        while start > 0 && !self.body.is_char_boundary(start) {
            start -= 1;
        }
        while end < len && !self.body.is_char_boundary(end) {
            end += 1;
        }
        start..end.max(start)
    }
}

/// Reads the raw bytes of an `.eml` file. Never panics: bytes that are no email give
/// [`EmailError::NotEmail`], a message with nothing to read gives
/// [`EmailError::NoTextPart`], and a message with headers but no body decodes to an
/// empty body.
pub fn decode(raw: &[u8]) -> Result<DecodedEmail, EmailError> {
    if u32::try_from(raw.len()).is_err() {
        return Err(EmailError::TooLarge);
    }
    if !starts_with_headers(raw) {
        return Err(EmailError::NotEmail);
    }
    let message = MessageParser::new()
        .with_mime_headers()
        .parse(raw)
        .ok_or(EmailError::NotEmail)?;
    let choice = choose_part(&message, raw.len())?;

    let transfer = match choice.encoding {
        Encoding::QuotedPrintable => quoted_printable(raw, choice.range.clone()),
        Encoding::Base64 => base64(raw, choice.range.clone()),
        Encoding::None => identity(raw, choice.range.clone()),
    };
    let decoder = choice
        .charset
        .as_deref()
        .and_then(|name| charset_decoder(name.as_bytes()));
    let text = join_crlf(&charset(&transfer, decoder));
    let text = if choice.html {
        html_to_text(&text)
    } else {
        text
    };

    // Bytes that are not UTF-8 are shown one character each: inside an 8-bit body in a
    // single-byte charset as that charset reads them, elsewhere as Windows-1252.
    let other = display_chars(charset_decoder(b"windows-1252"));
    let inside = match (choice.encoding, decoder) {
        (Encoding::None, Some(f)) if is_bytewise(f) => display_chars(Some(f)),
        _ => other,
    };
    let (display, index) = display_text(raw, choice.range.clone(), &inside, &other);

    let len = text.text.len();
    let mut starts = Vec::with_capacity(len + 1);
    let mut ends = Vec::with_capacity(len + 1);
    ends.push(index.floor(choice.range.start));
    for &(from, to) in &text.units {
        // Running maxima keep both maps monotonic whatever a decoder did.
        starts.push(index.floor(from).max(starts.last().copied().unwrap_or(0)));
        ends.push(index.ceil(to).max(ends.last().copied().unwrap_or(0)));
    }
    let part_end = index.ceil(choice.range.end);
    starts.push(part_end.max(starts.last().copied().unwrap_or(0)));

    Ok(DecodedEmail {
        display,
        body: text.text,
        starts,
        ends,
    })
}

/// Whether `raw` starts with a header block: at least one `Name: value` field, and every
/// line up to the first empty one a field or the folded continuation of one (an mbox
/// `From ` line may come first). mail-parser reads nearly anything as headers, so a
/// draft saved as `.eml` without any would lose its first lines ("Dear Sam," taken for a
/// header field) without a word; refusing it lets the caller say so, or read it as text.
fn starts_with_headers(raw: &[u8]) -> bool {
    let mut fields = 0;
    for (i, line) in raw.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(&first) = line.first() else {
            break;
        };
        let is_field = line.iter().position(|&b| b == b':').is_some_and(|colon| {
            // Blanks before the colon are the obsolete syntax of RFC 5322 §4.5.3.
            let name = line[..colon].trim_ascii_end();
            !name.is_empty() && name.iter().all(|b| (33..=126).contains(b))
        });
        if is_field {
            fields += 1;
        } else if !(fields > 0 && matches!(first, b' ' | b'\t')
            || i == 0 && line.starts_with(b"From "))
        {
            return false;
        }
    }
    fields > 0
}

/// The part to lint and how to decode it.
struct Choice {
    /// The part's encoded body in the raw file.
    range: Range<usize>,
    encoding: Encoding,
    charset: Option<String>,
    html: bool,
}

/// The first text/plain body part, else the first text/html one. Only the top-level
/// message counts: a forwarded message (message/rfc822) is an attachment, not the letter.
fn choose_part(message: &Message<'_>, raw_len: usize) -> Result<Choice, EmailError> {
    let body_ids = message.text_body.iter().chain(&message.html_body);
    let part_of = |id: &u32| message.parts.get(*id as usize);
    let plain = body_ids
        .clone()
        .filter_map(part_of)
        .find(|p| matches!(p.body, PartType::Text(_)));
    let html = || {
        body_ids
            .clone()
            .filter_map(part_of)
            .find(|p| matches!(p.body, PartType::Html(_)))
    };
    // A message with headers and no body at all is a single empty text part that the
    // parser lists in no body list: read it as an empty body, not as an error.
    let header_only = || match message.parts.as_slice() {
        [only] if matches!(&only.body, PartType::Text(t) if t.is_empty()) => Some(only),
        _ => None,
    };
    let (part, is_html) = match plain
        .map(|p| (p, false))
        .or_else(|| html().map(|p| (p, true)))
    {
        Some(found) => found,
        None => (header_only().ok_or(EmailError::NoTextPart)?, false),
    };
    let start = (part.offset_body as usize).min(raw_len);
    let end = (part.offset_end as usize).clamp(start, raw_len);
    Ok(Choice {
        range: start..end,
        encoding: part.encoding,
        charset: part
            .content_type()
            .and_then(|ct| ct.attribute("charset"))
            .map(str::to_string),
        html: is_html,
    })
}

/// Bytes (or text), each with the raw byte range `(start, end)` it was decoded from.
#[derive(Debug, Default, Clone)]
struct Mapped<T> {
    text: T,
    units: Vec<(usize, usize)>,
}

type MappedBytes = Mapped<Vec<u8>>;
type MappedText = Mapped<String>;

impl MappedBytes {
    fn push(&mut self, byte: u8, unit: (usize, usize)) {
        self.text.push(byte);
        self.units.push(unit);
    }

    /// The raw range covering decoded bytes `range` (which must be non-empty).
    fn span(&self, range: Range<usize>) -> (usize, usize) {
        (self.units[range.start].0, self.units[range.end - 1].1)
    }
}

impl MappedText {
    /// Every byte of `c` gets the same unit, so any body offset maps to the start of the
    /// raw bytes of its character.
    fn push(&mut self, c: char, unit: (usize, usize)) {
        self.text.push(c);
        self.units.extend(std::iter::repeat_n(unit, c.len_utf8()));
    }

    fn push_str(&mut self, s: &str, unit: (usize, usize)) {
        for c in s.chars() {
            self.push(c, unit);
        }
    }

    fn pop(&mut self) {
        if let Some(c) = self.text.pop() {
            self.units.truncate(self.units.len() - c.len_utf8());
        }
    }

    /// Characters with their units.
    fn chars(&self) -> impl Iterator<Item = (char, (usize, usize))> + '_ {
        self.text.char_indices().map(|(i, c)| (c, self.units[i]))
    }
}

/// 7bit, 8bit and binary bodies: the bytes as they are.
fn identity(raw: &[u8], range: Range<usize>) -> MappedBytes {
    let mut out = MappedBytes::default();
    for at in range {
        out.push(raw[at], (at, at + 1));
    }
    out
}

/// Quoted-printable (RFC 2045 §6.7), decoded the way mail-parser decodes it: `=XX` is one
/// byte mapped to its three characters, `=` before a line end (after optional blanks) is
/// a soft break and yields nothing, blanks before a hard line end are dropped, a hard
/// line end (LF or CRLF) is `\n`, a stray `=` is kept as it is, a lone CR is dropped.
fn quoted_printable(raw: &[u8], range: Range<usize>) -> MappedBytes {
    let mut out = MappedBytes::default();
    let end = range.end;
    let mut at = range.start;
    // Literal blanks at the end of the output, dropped if a hard line end follows.
    let mut trailing_blanks = 0;
    while at < end {
        match raw[at] {
            b'=' => {
                let mut next = at + 1;
                while next < end && matches!(raw[next], b' ' | b'\t') {
                    next += 1;
                }
                if next == end || raw[next] == b'\n' {
                    at = (next + 1).min(end);
                    trailing_blanks = 0;
                    continue;
                }
                if raw[next] == b'\r' && next + 1 < end && raw[next + 1] == b'\n' {
                    at = next + 2;
                    trailing_blanks = 0;
                    continue;
                }
                match (raw.get(at + 1), raw.get(at + 2)) {
                    (Some(&hi), Some(&lo)) if at + 2 < end => {
                        if let (Some(hi), Some(lo)) = (hex(hi), hex(lo)) {
                            out.push((hi << 4) | lo, (at, at + 3));
                            trailing_blanks = 0;
                            at += 3;
                            continue;
                        }
                    }
                    _ => {}
                }
                out.push(b'=', (at, at + 1));
                trailing_blanks = 0;
                at += 1;
            }
            b'\n' => {
                out.text.truncate(out.text.len() - trailing_blanks);
                out.units.truncate(out.units.len() - trailing_blanks);
                trailing_blanks = 0;
                // A CRLF line end maps to both bytes, starting at the CR.
                let from = if at > range.start && raw[at - 1] == b'\r' {
                    at - 1
                } else {
                    at
                };
                out.push(b'\n', (from, at + 1));
                at += 1;
            }
            b'\r' => at += 1,
            byte => {
                if byte.is_ascii_whitespace() {
                    trailing_blanks += 1;
                } else {
                    trailing_blanks = 0;
                }
                out.push(byte, (at, at + 1));
                at += 1;
            }
        }
    }
    out
}

fn hex(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|d| d as u8)
}

/// Base64 (RFC 2045 §6.8). Every four characters give three bytes; decoded byte `p` of a
/// group maps to the group's character `p` (the last byte to the rest of the group), so a
/// span in the body lands on the encoded characters, and so the encoded line, that hold
/// it. Characters outside the alphabet (line ends, blanks) are skipped; `=` ends a group.
fn base64(raw: &[u8], range: Range<usize>) -> MappedBytes {
    let mut out = MappedBytes::default();
    let mut values = [0u8; 4];
    let mut positions = [0usize; 4];
    let mut count = 0;
    for at in range {
        let value = match raw[at] {
            b @ b'A'..=b'Z' => b - b'A',
            b @ b'a'..=b'z' => b - b'a' + 26,
            b @ b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                if count > 0 {
                    base64_group(&mut out, &values, &positions[..count], at);
                    count = 0;
                }
                continue;
            }
            _ => continue,
        };
        values[count] = value;
        positions[count] = at;
        count += 1;
        if count == 4 {
            base64_group(&mut out, &values, &positions, at);
            count = 0;
        }
    }
    // A final group cut short without padding yields nothing, as in mail-parser.
    out
}

/// Emits the bytes of one group of base64 characters at `positions` (1 to 4 of them);
/// `last` is the position of the group's last character, padding included.
fn base64_group(out: &mut MappedBytes, values: &[u8; 4], positions: &[usize], last: usize) {
    let chunk = values
        .iter()
        .take(positions.len())
        .enumerate()
        .fold(0u32, |acc, (i, &v)| acc | (u32::from(v) << (18 - 6 * i)));
    let bytes = chunk.to_be_bytes();
    // Two characters make one byte, three make two, four make three; mail-parser also
    // keeps one byte from a lone character before padding.
    let count = positions.len().saturating_sub(1).max(1);
    for (p, &byte) in bytes[1..=count].iter().enumerate() {
        let end = if p + 1 == count {
            last + 1
        } else {
            positions[p] + 1
        };
        out.push(byte, (positions[p], end));
    }
}

/// Charset decoding with the units kept. Without a charset, or for UTF-8 and names the
/// parser does not know, the bytes are read as UTF-8 (invalid sequences as U+FFFD), as
/// mail-parser does. Otherwise mail-parser's decoder for the charset is used as finely as
/// it allows: byte by byte for single-byte charsets (every byte is one character), line by
/// line for multi-byte ones, and the whole part as one unit when neither reproduces what
/// the decoder makes of the whole (UTF-16).
fn charset(input: &MappedBytes, decoder: Option<DecoderFnc>) -> MappedText {
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
fn is_bytewise(decoder: DecoderFnc) -> bool {
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
fn join_crlf(input: &MappedText) -> MappedText {
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

/// HTML reduced to the text a reader sees, enough for a letter: tags dropped, `<br>` a
/// line break, block elements a line or paragraph break, runs of white space one space,
/// entities decoded, and what is not the writer's prose left out (`<head>`, `<style>`,
/// `<script>`, `<title>`, comments, and quoted replies in `<blockquote>`). Inserted breaks
/// map to the empty range at their tag; text maps to its source characters.
fn html_to_text(html: &MappedText) -> MappedText {
    let chars: Vec<(char, (usize, usize))> = html.chars().collect();
    let mut out = MappedText::default();
    // Inside an element whose content is skipped up to its end tag.
    let mut skip_until: Option<String> = None;
    let mut quote_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let (c, unit) = chars[i];
        let here = (unit.0, unit.0);
        if c == '<' {
            if let Some(tag) = parse_tag(&chars, i) {
                i = tag.end;
                if let Some(name) = &skip_until {
                    if tag.closing && tag.name == *name {
                        skip_until = None;
                    }
                    continue;
                }
                match tag.name.as_str() {
                    "head" | "style" | "script" | "title" if !tag.closing && !tag.self_closing => {
                        skip_until = Some(tag.name);
                    }
                    "blockquote" => {
                        if tag.closing {
                            quote_depth = quote_depth.saturating_sub(1);
                        } else if !tag.self_closing {
                            quote_depth += 1;
                        }
                        paragraph_break(&mut out, here);
                    }
                    _ if quote_depth > 0 => {}
                    "br" => {
                        trim_end_blank(&mut out);
                        out.push('\n', here);
                    }
                    "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table"
                    | "hr" | "pre" | "body" => paragraph_break(&mut out, here),
                    "div" | "li" | "tr" | "dt" | "dd" | "section" | "article" | "header"
                    | "footer" => line_break(&mut out, here),
                    _ => {}
                }
                continue;
            }
        }
        if skip_until.is_some() || quote_depth > 0 {
            i += 1;
            continue;
        }
        if c == '&'
            && let Some((text, end)) = parse_entity(&chars, i)
        {
            out.push_str(&text, (unit.0, chars[end - 1].1.1));
            i = end;
            continue;
        }
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            if !(out.text.is_empty() || out.text.ends_with([' ', '\n'])) {
                out.push(' ', unit);
            }
            i += 1;
            continue;
        }
        out.push(c, unit);
        i += 1;
    }
    while out.text.ends_with([' ', '\n']) {
        out.pop();
    }
    out
}

fn trim_end_blank(out: &mut MappedText) {
    while out.text.ends_with(' ') {
        out.pop();
    }
}

fn line_break(out: &mut MappedText, here: (usize, usize)) {
    trim_end_blank(out);
    if !out.text.is_empty() && !out.text.ends_with('\n') {
        out.push('\n', here);
    }
}

fn paragraph_break(out: &mut MappedText, here: (usize, usize)) {
    trim_end_blank(out);
    if out.text.is_empty() {
        return;
    }
    while !out.text.ends_with("\n\n") {
        out.push('\n', here);
    }
}

struct Tag {
    /// Lower-cased element name; `!` for comments and declarations.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Index of the character after the tag.
    end: usize,
}

/// The tag starting at `chars[at] == '<'`, or `None` when the `<` is text (`a < b`).
fn parse_tag(chars: &[(char, (usize, usize))], at: usize) -> Option<Tag> {
    let rest = |from: usize| chars[from.min(chars.len())..].iter().map(|&(c, _)| c);
    if rest(at).take(4).eq("<!--".chars()) {
        let mut end = at + 4;
        while end < chars.len() && !rest(end).take(3).eq("-->".chars()) {
            end += 1;
        }
        return Some(Tag {
            name: "!".into(),
            closing: false,
            self_closing: true,
            end: (end + 3).min(chars.len()),
        });
    }
    let mut i = at + 1;
    let closing = chars.get(i).is_some_and(|&(c, _)| c == '/');
    if closing {
        i += 1;
    }
    let first = chars.get(i)?.0;
    if !(first.is_ascii_alphabetic() || (!closing && matches!(first, '!' | '?'))) {
        return None;
    }
    let mut name = String::new();
    while let Some(&(c, _)) = chars.get(i) {
        if c.is_ascii_alphanumeric() || (name.is_empty() && matches!(c, '!' | '?')) {
            name.push(c.to_ascii_lowercase());
            i += 1;
        } else {
            break;
        }
    }
    // Up to the `>`, skipping quoted attribute values, which may hold one.
    let mut quote = None;
    let mut last = ' ';
    while let Some(&(c, _)) = chars.get(i) {
        i += 1;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => {
                return Some(Tag {
                    name,
                    closing,
                    self_closing: last == '/',
                    end: i,
                });
            }
            None => {}
        }
        if !c.is_whitespace() {
            last = c;
        }
    }
    // An unclosed tag runs to the end of the part, as browsers read it.
    Some(Tag {
        name,
        closing,
        self_closing: true,
        end: chars.len(),
    })
}

/// The entity starting at `chars[at] == '&'`: its text and the index after its `;`.
/// Unknown or unterminated entities are left as text.
fn parse_entity(chars: &[(char, (usize, usize))], at: usize) -> Option<(String, usize)> {
    let name: String = chars[at + 1..]
        .iter()
        .take(12)
        .map(|&(c, _)| c)
        .take_while(|&c| c != ';')
        .collect();
    let semicolon = at + 1 + name.chars().count();
    if chars.get(semicolon).map(|&(c, _)| c) != Some(';') {
        return None;
    }
    let end = semicolon + 1;
    let numeric = |digits: &str, radix| {
        u32::from_str_radix(digits, radix)
            .ok()
            .and_then(char::from_u32)
    };
    let decoded = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "hellip" => '\u{2026}',
        "copy" => '\u{a9}',
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => numeric(&hex[1..], 16)?,
            Some(dec) => numeric(dec, 10)?,
            None => return None,
        },
    };
    Some((decoded.to_string(), end))
}

/// The character shown for each non-UTF-8 byte: what a single-byte `decoder` reads it as,
/// when that is one printable character, else U+FFFD.
fn display_chars(decoder: Option<DecoderFnc>) -> [char; 256] {
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

/// Where each raw byte of the body part landed in `display`.
struct RawIndex {
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
    fn floor(&self, raw: usize) -> usize {
        let mut i = self.slot(raw);
        while self.table[i] == Self::INSIDE && i > 0 {
            i -= 1;
        }
        self.table[i]
    }

    /// The display offset of the first character that starts at or after `raw`.
    fn ceil(&self, raw: usize) -> usize {
        let mut i = self.slot(raw);
        while self.table[i] == Self::INSIDE && i + 1 < self.table.len() {
            i += 1;
        }
        self.table[i]
    }
}

/// The raw file as text, and where the body part's bytes landed in it.
fn display_text(
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks every promise of the map: each offset (and past the end) lands on a char
    /// boundary of `display`, both ends are monotonic, spans are never inverted, and the
    /// end of the body is the end of its part.
    fn check_map(d: &DecodedEmail) {
        let len = d.body.len();
        let (mut last_start, mut last_end) = (0, 0);
        for k in 0..=len + 2 {
            let start = d.to_display(k);
            let end = d.to_display_span(0..k).end;
            assert!(d.display.is_char_boundary(start), "start of {k} -> {start}");
            assert!(d.display.is_char_boundary(end), "end of {k} -> {end}");
            assert!(
                start >= last_start && end >= last_end,
                "not monotonic at {k}"
            );
            (last_start, last_end) = (start, end);
            for j in k..(k + 8).min(len + 1) {
                let span = d.to_display_span(k..j);
                assert!(span.start <= span.end && span.end <= d.display.len());
            }
        }
        assert_eq!(d.to_display(len), d.to_display(usize::MAX));
    }

    /// Where the first `phrase` of the body is shown, as text and as a display offset.
    fn shown<'a>(d: &'a DecodedEmail, phrase: &str) -> (&'a str, usize) {
        let at = d
            .body
            .find(phrase)
            .unwrap_or_else(|| panic!("{phrase:?} not in {:?}", d.body));
        let span = d.to_display_span(at..at + phrase.len());
        (&d.display[span.clone()], span.start)
    }

    fn decoded(raw: &[u8]) -> DecodedEmail {
        let d = decode(raw).expect("decodes");
        check_map(&d);
        d
    }

    const QP: &str = "From: Alex <alex@example.com>\n\
To: Sam <sam@example.com>\n\
Subject: Sorry\n\
MIME-Version: 1.0\n\
Content-Type: text/plain; charset=\"utf-8\"\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Dear Sam,\n\
\n\
I=E2=80=99m sorry I missed your birthday. It was thoughtless of me and I kn=\n\
ow it hurt you.   \n\
Caf=C3=A9 at eight?\n\
\n\
> Where were you?\n";

    #[test]
    fn quoted_printable_maps_to_the_exact_encoded_characters() {
        let d = decoded(QP.as_bytes());
        assert_eq!(d.display, QP);
        assert!(
            d.body
                .starts_with("Dear Sam,\n\nI\u{2019}m sorry I missed your birthday.")
        );
        assert!(
            d.body
                .contains("and I know it hurt you.\nCaf\u{e9} at eight?\n")
        );
        // The phrase after the escape sits exactly where it is in the file.
        let (text, at) = shown(&d, "sorry I missed");
        assert_eq!(
            (text, at),
            ("sorry I missed", QP.find("sorry I missed").unwrap())
        );
        // The apostrophe covers its three escapes; `é` its two.
        assert_eq!(shown(&d, "\u{2019}").0, "=E2=80=99");
        assert_eq!(shown(&d, "I\u{2019}m").0, "I=E2=80=99m");
        assert_eq!(shown(&d, "\u{e9}").0, "=C3=A9");
        // Across a soft line break the span covers the break; before it, it stops at the
        // word; after it, it starts on the next line's word.
        assert_eq!(shown(&d, "I know").0, "I kn=\now");
        assert_eq!(shown(&d, "me and I kn").0, "me and I kn");
        assert_eq!(shown(&d, "ow it hurt").1, QP.find("ow it hurt").unwrap());
        // Blanks before a hard line end are dropped, as RFC 2045 says.
        assert!(d.body.contains("hurt you.\n"));
        // The end of the body is the end of the file; the start of the body is its start.
        assert_eq!(d.to_display(d.body.len()), QP.len());
        assert_eq!(d.to_display(0), QP.find("Dear").unwrap());
    }

    const BASE64: &str = "Subject: Friday\n\
Content-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: base64\n\
\n\
RGVhciBTYW0sCgpJIGFtIHNvIHNvcnJ5IGFib3V0IEZyaWRheSBuaWdodC4gSSBzaG91bGQgaGF2\n\
ZSBjYWxsZWQgeW91IHdoZW4gSSBrbmV3IEkgd291bGQgYmUgbGF0ZS4KTWF5YmUgeW91IG92ZXJy\n\
ZWFjdGVkIGEgbGl0dGxlLCBidXQgSSB3YXMgd3JvbmcgdG8gbGVhdmUgeW91IHdhaXRpbmcuCgpM\n\
b3ZlLApBbGV4Cg==\n";

    #[test]
    fn base64_maps_to_the_encoded_line_holding_the_phrase() {
        let d = decoded(BASE64.as_bytes());
        assert!(
            d.body
                .starts_with("Dear Sam,\n\nI am so sorry about Friday night.")
        );
        assert!(d.body.ends_with("Love,\nAlex\n"));
        let lines: Vec<&str> = BASE64.lines().skip(4).collect();
        let line_of = |offset: usize| BASE64[..offset].matches('\n').count() - 4;
        let body_start = BASE64.find("RGVh").unwrap();
        for phrase in ["sorry", "overreacted", "wrong", "Alex", "Dear", "waiting"] {
            let at = d.body.find(phrase).unwrap();
            // Decoded byte k is in group k / 3, whose characters start at 4 * (k / 3).
            let encoded = 4 * (at / 3) + at % 3;
            let expected_line = encoded / 76;
            let span = d.to_display_span(at..at + phrase.len());
            assert_eq!(line_of(span.start), expected_line, "{phrase}");
            assert!(span.start >= body_start && span.end <= BASE64.len());
            assert!(!d.display[span.clone()].is_empty());
            if !phrase.starts_with("over") {
                // Within one encoded line: no line break in the shown span.
                assert!(!d.display[span].contains('\n'), "{phrase}");
            }
        }
        // "overreacted" starts on the second encoded line and ends on the third.
        assert_eq!(shown(&d, "overreacted").0, "G92ZXJy\nZWFjdGVk");
        assert_eq!(lines.len(), 4);
        assert_eq!(d.to_display(d.body.len()), BASE64.len());
    }

    const ALTERNATIVE: &str = "From: alex@example.com\r\n\
Subject: I'm sorry\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
\r\n\
This is a multi-part message in MIME format.\r\n\
--b1\r\n\
Content-Type: text/plain; charset=UTF-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Dear Sam,\r\n\
\r\n\
I=E2=80=99m sorry. You always overreact, but I was late.\r\n\
--b1\r\n\
Content-Type: text/html; charset=UTF-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
<p>Dear Sam,</p><p>HTML only words.</p>\r\n\
--b1--\r\n";

    #[test]
    fn multipart_alternative_reads_the_plain_part() {
        let d = decoded(ALTERNATIVE.as_bytes());
        assert_eq!(
            d.body,
            "Dear Sam,\n\nI\u{2019}m sorry. You always overreact, but I was late."
        );
        let html_at = ALTERNATIVE.find("<p>").unwrap();
        let (text, at) = shown(&d, "always overreact");
        assert_eq!(text, "always overreact");
        assert!(at < html_at);
        // The end of the body is the end of the plain part, before the boundary's line.
        let end = d.to_display(d.body.len());
        assert_eq!(&ALTERNATIVE[end..end + 6], "\r\n--b1");
        // A span ending at a line end stops before the CRLF.
        assert_eq!(shown(&d, "Dear Sam,\n").0, "Dear Sam,\r\n");
        assert_eq!(shown(&d, "Dear Sam,").0, "Dear Sam,");
    }

    #[test]
    fn iso_8859_1_body_is_decoded_and_shown_as_written() {
        let mut raw = b"Subject: Pardon\n\
Content-Type: text/plain; charset=ISO-8859-1\n\
Content-Transfer-Encoding: 8bit\n\
\n\
Ren\xe9e, I apologise for what I said at dinner.\n"
            .to_vec();
        let d = decoded(&raw);
        assert_eq!(
            d.body,
            "Ren\u{e9}e, I apologise for what I said at dinner.\n"
        );
        // The file is not UTF-8: its é byte is shown as é, one character for one byte.
        assert!(d.display.contains("Ren\u{e9}e, I apologise"));
        assert_eq!(shown(&d, "\u{e9}").0, "\u{e9}");
        let (text, at) = shown(&d, "apologise for");
        assert_eq!(text, "apologise for");
        // One byte became two in `display`: the phrase is one byte further on.
        let raw_at = raw.windows(9).position(|w| w == b"apologise").unwrap();
        assert_eq!(at, raw_at + 1);

        // The same letter quoted-printable, and in windows-1252 with a curly apostrophe.
        raw = b"Content-Type: text/plain; charset=windows-1252\n\
Content-Transfer-Encoding: quoted-printable\n\
\n\
Ren=E9e, I didn=92t mean it.\n"
            .to_vec();
        let d = decoded(&raw);
        assert_eq!(d.body, "Ren\u{e9}e, I didn\u{2019}t mean it.\n");
        assert_eq!(shown(&d, "didn\u{2019}t mean").0, "didn=92t mean");
    }

    #[test]
    fn plain_7bit_message_maps_one_to_one() {
        let raw =
            "From: alex@example.com\nSubject: Sorry\n\nDear Sam,\n\nI am sorry.\n\n-- \nAlex\n";
        let d = decoded(raw.as_bytes());
        assert_eq!(d.display, raw);
        assert_eq!(d.body, "Dear Sam,\n\nI am sorry.\n\n-- \nAlex\n");
        let body_at = raw.find("Dear").unwrap();
        for k in 0..=d.body.len() {
            assert_eq!(d.to_display(k), body_at + k);
        }
        // UTF-8 8bit text without a charset parameter is read as UTF-8.
        let raw = "Subject: x\n\nI\u{2019}m sorry \u{1f614}\n";
        let d = decoded(raw.as_bytes());
        assert_eq!(d.body, "I\u{2019}m sorry \u{1f614}\n");
        assert_eq!(shown(&d, "\u{1f614}").0, "\u{1f614}");
    }

    #[test]
    fn html_only_message_is_read_as_its_text() {
        let raw = "Subject: Sorry\n\
Content-Type: text/html; charset=utf-8\n\
\n\
<html><head><style>p { color: red }</style><title>t</title></head><body>\n\
<p>Dear Sam,</p>\n\
<p>I&rsquo;m sorry &amp; I\n   know it hurt.<br>I&#39;ll call.</p>\n\
<div>On Monday, Sam wrote:</div><blockquote><p>Where were you?</p></blockquote>\n\
<p>Alex</p></body></html>\n";
        let d = decoded(raw.as_bytes());
        assert_eq!(
            d.body,
            "Dear Sam,\n\nI\u{2019}m sorry & I know it hurt.\nI'll call.\n\nOn Monday, Sam wrote:\n\nAlex"
        );
        assert_eq!(shown(&d, "\u{2019}").0, "&rsquo;");
        assert_eq!(shown(&d, "sorry & I know").0, "sorry &amp; I\n   know");
        assert_eq!(shown(&d, "I'll call").0, "I&#39;ll call");
    }

    #[test]
    fn no_body_or_no_email_is_an_error_or_empty_never_a_panic() {
        assert_eq!(decode(b"").unwrap_err(), EmailError::NotEmail);
        for raw in [
            &b"Subject: hi\n"[..],
            b"Subject: hi\n\n",
            b"Subject: hi\r\n\r\n",
        ] {
            let d = decoded(raw);
            assert_eq!(d.body, "", "{raw:?}");
        }
        let image_only = "Subject: photo\n\
Content-Type: multipart/mixed; boundary=x\n\
\n\
--x\n\
Content-Type: image/png\n\
Content-Disposition: attachment; filename=a.png\n\
Content-Transfer-Encoding: base64\n\
\n\
iVBORw0KGgo=\n\
--x--\n";
        assert_eq!(
            decode(image_only.as_bytes()).unwrap_err(),
            EmailError::NoTextPart
        );
        assert_eq!(
            EmailError::NoTextPart.to_string(),
            "the message has no text part to check (no text/plain or text/html body)"
        );
        // Text without a header block is no email, though mail-parser would read its
        // first line as a header field.
        for raw in [
            &b"\x00\xff\xfe\x80garbage\n\n\xc3"[..],
            b"\n\n\n",
            b"Dear Sam, I am sorry.",
            b"Dear Sam,\n\nI am sorry.\n",
            b"Sam: I am sorry.\nReally.\n",
            b":\n\n=",
        ] {
            assert_eq!(decode(raw).unwrap_err(), EmailError::NotEmail, "{raw:?}");
        }
        let mbox = decoded(
            b"From alex@example.com Mon Jan  1 00:00:00 2024\nSubject: x\n  folded\n\nSorry.\n",
        );
        assert_eq!(mbox.body, "Sorry.\n");
        for raw in [
            &b"Subject : obsolete\n\n=\n"[..],
            b"Content-Transfer-Encoding: base64\n\n====\n",
            b"Content-Transfer-Encoding: quoted-printable\n\n=",
            b"Content-Type: multipart/mixed; boundary=a\n\n--a\n--a\n--a--",
            b"Content-Type: multipart/alternative; boundary=\n\n--\n",
            b"Content-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: base64\n\n//5h\n",
            b"Content-Type: text/html\n\n<a href=\"x>y",
            b"Content-Type: text/html\n\n&#xFFFFFFFF; &#; &",
        ] {
            if let Ok(d) = decode(raw) {
                check_map(&d);
            }
        }
    }

    /// Agreement with mail-parser's own decoding of the same part, line ends aside.
    fn agrees_with_mail_parser(raw: &[u8], body: &str) {
        let message = MessageParser::new().with_mime_headers().parse(raw).unwrap();
        let theirs = message.body_text(0).unwrap().replace("\r\n", "\n");
        assert_eq!(body, theirs);
    }

    // Encoders for the generated messages.

    fn qp_encode(bytes: &[u8]) -> String {
        let mut out = String::new();
        let mut line = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let next_is_break = bytes.get(i + 1).is_none_or(|&n| n == b'\n');
            let piece = match b {
                b'\n' => {
                    out.push('\n');
                    line = 0;
                    continue;
                }
                b' ' | b'\t' if !next_is_break => (b as char).to_string(),
                b'!'..=b'<' | b'>'..=b'~' => (b as char).to_string(),
                _ => format!("={b:02X}"),
            };
            if line + piece.len() > 75 {
                out.push_str("=\n");
                line = 0;
            }
            line += piece.len();
            out.push_str(&piece);
        }
        out
    }

    fn b64_encode(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut flat = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    flat.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    flat.push('=');
                }
            }
        }
        let lines: Vec<&str> = flat
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        lines.join("\n") + "\n"
    }

    fn encode_charset(text: &str, charset: &str) -> Option<Vec<u8>> {
        match charset {
            "utf-8" | "" => Some(text.as_bytes().to_vec()),
            "iso-8859-1" => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).ok())
                .collect(),
            "windows-1252" => text
                .chars()
                .map(|c| match c {
                    '\u{2019}' => Some(0x92),
                    '\u{2014}' => Some(0x97),
                    c if (c as u32) < 0x80 || (0xa0..=0xff).contains(&(c as u32)) => Some(c as u8),
                    _ => None,
                })
                .collect(),
            "utf-16le" => Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
            _ => None,
        }
    }

    const TEXTS: [&str; 5] = [
        "Dear Sam,\n\nI\u{2019}m sorry \u{2014} I was wrong. Ren\u{e9}e said you waited two hours.\nI won\u{2019}t do it again.\n\n> you never listen\n\n-- \nAlex\n",
        "Dear Ren\u{e9}e,\n\nI am sorry, truly. \u{c7}a ne va pas, I know.\n",
        "I am sorry that I did not call you back on Friday night, when I said I would call you right after work, and I know that this is not the first time this happened.\n",
        "Sorry   \nfor the   spaces\t\n\n\nand blank lines\n",
        "Sorry \u{1f614} it was me.",
    ];

    /// One message: `text` in `charset`, with `encoding`, in `shape`, with `crlf` line ends.
    fn message(
        text: &str,
        charset: &str,
        encoding: &str,
        shape: &str,
        crlf: bool,
    ) -> Option<Vec<u8>> {
        let bytes = encode_charset(text, charset)?;
        let body = match encoding {
            "8bit" => bytes.clone(),
            "quoted-printable" => qp_encode(&bytes).into_bytes(),
            _ => b64_encode(&bytes).into_bytes(),
        };
        if charset == "utf-16le" && encoding != "base64" {
            return None;
        }
        let charset_param = if charset.is_empty() {
            String::new()
        } else {
            format!("; charset={charset}")
        };
        let part = |kind: &str| {
            let mut p = format!("Content-Type: text/{kind}{charset_param}\nContent-Transfer-Encoding: {encoding}\n\n")
                .into_bytes();
            p.extend_from_slice(&body);
            p
        };
        let mut out = b"From: alex@example.com\nSubject: sorry\nMIME-Version: 1.0\n".to_vec();
        match shape {
            "single" => out.extend(part("plain")),
            "html" => out.extend(part("html")),
            "alternative" | "mixed" => {
                let mut alt =
                    b"Content-Type: multipart/alternative; boundary=\"alt\"\n\n--alt\n".to_vec();
                alt.extend(part("plain"));
                alt.extend_from_slice(b"\n--alt\n");
                alt.extend(part("html"));
                alt.extend_from_slice(b"\n--alt--\n");
                if shape == "alternative" {
                    out.extend(alt);
                } else {
                    out.extend_from_slice(
                        b"Content-Type: multipart/mixed; boundary=\"mix\"\n\n--mix\n",
                    );
                    out.extend(alt);
                    out.extend_from_slice(
                        b"\n--mix\nContent-Type: image/png\nContent-Disposition: attachment; filename=a.png\n\
Content-Transfer-Encoding: base64\n\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\n--mix--\n",
                    );
                }
            }
            _ => unreachable!(),
        }
        if crlf {
            let mut with_cr = Vec::new();
            for &b in &out {
                if b == b'\n' {
                    with_cr.push(b'\r');
                }
                with_cr.push(b);
            }
            out = with_cr;
        }
        Some(out)
    }

    fn all_messages() -> Vec<(String, Vec<u8>)> {
        let mut all = Vec::new();
        for (t, text) in TEXTS.iter().enumerate() {
            for charset in ["", "utf-8", "iso-8859-1", "windows-1252", "utf-16le"] {
                for encoding in ["8bit", "quoted-printable", "base64"] {
                    for shape in ["single", "alternative", "mixed", "html"] {
                        for crlf in [false, true] {
                            if let Some(raw) = message(text, charset, encoding, shape, crlf) {
                                let name = format!(
                                    "text {t}, {charset:?}, {encoding}, {shape}, crlf {crlf}"
                                );
                                all.push((name, raw));
                            }
                        }
                    }
                }
            }
        }
        all
    }

    #[test]
    fn generated_messages_decode_and_map_back() {
        let all = all_messages();
        assert!(all.len() > 200, "{}", all.len());
        for (name, raw) in &all {
            let d = decode(raw).unwrap_or_else(|e| panic!("{name}: {e}"));
            check_map(&d);
            let is_html = name.contains("html");
            // 8-bit bodies with CRLF carry the CR inside the text; everything else is the
            // text as written.
            if !is_html {
                let text = TEXTS.iter().find(|t| d.body == **t);
                assert!(text.is_some(), "{name}: {:?}", d.body);
                agrees_with_mail_parser(raw, &d.body);
            } else {
                assert!(d.body.contains("orry"), "{name}: {:?}", d.body);
            }
            let exact = !name.contains("base64") && !name.contains("utf-16");
            for (k, c) in d.body.char_indices() {
                let span = d.to_display_span(k..k + c.len_utf8());
                let shown = &d.display[span.clone()];
                if is_html && c == '\n' {
                    continue;
                }
                assert!(!shown.is_empty(), "{name}: {c:?} at {k}");
                if exact && c.is_ascii_alphanumeric() {
                    assert_eq!(shown, c.to_string(), "{name}: {c:?} at {k}");
                }
                if name.contains("base64") && !name.contains("utf-16") && c != '\n' {
                    assert!(
                        !shown.contains('\n'),
                        "{name}: {c:?} at {k} shown as {shown:?}"
                    );
                }
            }
            if name.contains("single") {
                assert_eq!(d.to_display(d.body.len()), d.display.len(), "{name}");
            }
        }
    }

    #[test]
    fn damaged_messages_never_panic() {
        let mut all = all_messages();
        all.retain(|(name, _)| name.starts_with("text 0") && name.contains("crlf false"));
        all.extend([QP, BASE64, ALTERNATIVE].map(|m| (String::new(), m.as_bytes().to_vec())));
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut random = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for (_, raw) in &all {
            for cut in (0..raw.len()).step_by(5) {
                if let Ok(d) = decode(&raw[..cut]) {
                    check_map(&d);
                }
            }
            for _ in 0..20 {
                let mut bad = raw.clone();
                for _ in 0..4 {
                    let at = random() as usize % bad.len();
                    bad[at] = random() as u8;
                }
                if let Ok(d) = decode(&bad) {
                    check_map(&d);
                }
            }
        }
        for len in [1, 7, 100, 1000] {
            let noise: Vec<u8> = (0..len).map(|_| random() as u8).collect();
            if let Ok(d) = decode(&noise) {
                check_map(&d);
            }
        }
    }
}
