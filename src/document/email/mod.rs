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
//!
//! Here: choosing the part and putting the decoding together. By concern: [`transfer`]
//! (quoted-printable, base64), [`charset`] (charsets to UTF-8, CRLF to LF, how bytes that
//! are not UTF-8 are shown), [`html`] (an HTML-only body to text) and [`map`] (the byte
//! map every step keeps, and the file as text).

mod charset;
mod html;
mod map;
#[cfg(test)]
mod tests;
mod transfer;

use std::ops::Range;

use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Encoding, Message, MessageParser, MimeHeaders, PartType};

use charset::{charset, display_chars, is_bytewise, join_crlf};
use html::html_to_text;
use map::display_text;
use transfer::{base64, identity, quoted_printable};

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
